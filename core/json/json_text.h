// Text built by hand on hot paths: JSON strings as DumpJson writes them (for responses built
// on every request, without a Json value), and sizes as bytes (for hash and cache keys).
#ifndef PRAMAAN_CORE_JSON_JSON_TEXT_H_
#define PRAMAAN_CORE_JSON_JSON_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace pramaan {

// Appends `text` as a JSON string, exactly as DumpJson(Json(std::string(text)), false) would
// write it (including U+FFFD for invalid UTF-8).
void AppendJsonString(std::string_view text, std::string* out);

// Appends `size` as eight bytes (native order): a length prefix that makes keys built by
// concatenation unambiguous.
void AppendSizeBytes(std::size_t size, std::string* out);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_JSON_JSON_TEXT_H_
