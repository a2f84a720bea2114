#include "verifier/report.h"

#include "core/json/json_text.h"

namespace pramaan {

bool VerificationReport::verified() const {
  bool any_checked = false;
  for (const Check& check : checks_) {
    if (!check.checked) continue;
    if (!check.passed) return false;
    any_checked = true;
  }
  return any_checked;
}

const Check* VerificationReport::Find(std::string_view id) const {
  for (const Check& check : checks_) {
    if (check.id == id) return &check;
  }
  return nullptr;
}

Json VerificationReport::CheckToJson(const Check& check) {
  Json json = {{"id", check.id}, {"passed", check.passed}, {"detail", check.detail}};
  if (!check.checked) json["checked"] = false;
  return json;
}

void VerificationReport::AppendCheckJson(const Check& check, std::string* out) {
  *out += "{\"id\":";
  AppendJsonString(check.id, out);
  *out += check.passed ? ",\"passed\":true,\"detail\":" : ",\"passed\":false,\"detail\":";
  AppendJsonString(check.detail, out);
  if (!check.checked) *out += ",\"checked\":false";
  out->push_back('}');
}

Json VerificationReport::ToJson() const {
  Json checks = Json::array();
  for (const Check& check : checks_) checks.push_back(CheckToJson(check));
  return {{"verified", verified()}, {"checks", std::move(checks)}};
}

std::string VerificationReport::ToText() const {
  std::string text = verified() ? "VALID\n" : "INVALID\n";
  for (const Check& check : checks_) {
    text += !check.checked ? "  --    " : check.passed ? "  ok    " : "  FAIL  ";
    text += check.id + ": " + check.detail + "\n";
  }
  return text;
}

}  // namespace pramaan
