#include "verifier/report.h"

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

namespace {

// Appends `text` as a JSON string. Text with bytes outside ASCII goes through DumpJson, which
// also copes with invalid UTF-8.
void AppendJsonString(std::string_view text, std::string* out) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      *out += DumpJson(Json(std::string(text)), false);
      return;
    }
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\b': *out += "\\b"; break;
      case '\f': *out += "\\f"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          *out += "\\u00";
          out->push_back(kHex[(c >> 4) & 0xf]);
          out->push_back(kHex[c & 0xf]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

}  // namespace

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
