#include "core/json/json_text.h"

#include "core/json/json.h"

namespace pramaan {

void AppendJsonString(std::string_view text, std::string* out) {
  // Text with bytes outside ASCII goes through DumpJson, which also copes with invalid UTF-8.
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

}  // namespace pramaan
