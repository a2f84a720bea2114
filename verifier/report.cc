#include "verifier/report.h"

namespace pramaan {

bool VerificationReport::verified() const {
  if (checks_.empty()) return false;
  for (const Check& check : checks_) {
    if (!check.passed) return false;
  }
  return true;
}

const Check* VerificationReport::Find(const std::string& id) const {
  for (const Check& check : checks_) {
    if (check.id == id) return &check;
  }
  return nullptr;
}

Json VerificationReport::ToJson() const {
  Json checks = Json::array();
  for (const Check& check : checks_) {
    checks.push_back({{"id", check.id}, {"passed", check.passed}, {"detail", check.detail}});
  }
  return {{"verified", verified()}, {"checks", std::move(checks)}};
}

std::string VerificationReport::ToText() const {
  std::string text = verified() ? "VALID\n" : "INVALID\n";
  for (const Check& check : checks_) {
    text += check.passed ? "  ok    " : "  FAIL  ";
    text += check.id + ": " + check.detail + "\n";
  }
  return text;
}

}  // namespace pramaan
