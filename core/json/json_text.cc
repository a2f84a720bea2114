#include "core/json/json_text.h"

#include <cstdint>

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
  out->reserve(out->size() + text.size() + 2);
  out->push_back('"');
  std::size_t run = 0;  // start of the characters not yet appended, which need no escape
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) continue;
    out->append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\b': *out += "\\b"; break;
      case '\f': *out += "\\f"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        *out += "\\u00";
        out->push_back(kHex[(c >> 4) & 0xf]);
        out->push_back(kHex[c & 0xf]);
    }
  }
  out->append(text.data() + run, text.size() - run);
  out->push_back('"');
}

void AppendSizeBytes(std::size_t size, std::string* out) {
  const auto value = static_cast<std::uint64_t>(size);
  out->append(reinterpret_cast<const char*>(&value), sizeof value);
}

}  // namespace pramaan
