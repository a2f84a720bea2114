// Writing JSON text directly, for responses built on every request: the same bytes DumpJson
// writes for the same value, without building a Json value first.
#ifndef PRAMAAN_CORE_JSON_JSON_TEXT_H_
#define PRAMAAN_CORE_JSON_JSON_TEXT_H_

#include <string>
#include <string_view>

namespace pramaan {

// Appends `text` as a JSON string, exactly as DumpJson(Json(std::string(text)), false) would
// write it (including U+FFFD for invalid UTF-8).
void AppendJsonString(std::string_view text, std::string* out);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_JSON_JSON_TEXT_H_
