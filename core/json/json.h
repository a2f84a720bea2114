// The JSON value type used everywhere, and the one adapter that parses and prints it.
//
// Json keeps object members in insertion order (so documents we write read naturally);
// canonical forms (core/json/jcs.h) sort members themselves. nlohmann/json exceptions never
// escape this adapter.
#ifndef PRAMAAN_CORE_JSON_JSON_H_
#define PRAMAAN_CORE_JSON_JSON_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pramaan {

using Json = nlohmann::ordered_json;

// Deepest nesting ParseJson accepts: far beyond any credential, shallow enough that a
// hostile document cannot exhaust the stack of the recursive algorithms that walk it.
inline constexpr int kMaxJsonDepth = 100;

// Parses one JSON text (RFC 8259) strictly. Fails with kInvalidInput, naming `source` and the
// position, on syntax errors, invalid UTF-8, trailing content, nesting deeper than
// kMaxJsonDepth, or an object with two members of the same name (which parsers disagree on,
// so a signature could cover a different reading than the one displayed). The message is one
// sentence, "<source>: <problem> at byte <N>", N being the 0-based offset into `text` of the
// offending byte (for a duplicate, the opening quote of the second name; for too deep
// nesting, the bracket that opens one level too many). A leading UTF-8 byte order mark is
// skipped, as RFC 8259 section 8.1 allows.
Result<Json> ParseJson(std::string_view text, std::string_view source = "input");

// Serializes `value` as UTF-8 (non-ASCII characters unescaped). With `pretty`, indents by two
// spaces and ends with a newline; otherwise compact with no trailing newline. Does not throw
// on bad data: a string holding invalid UTF-8 (only a value built in code can) is printed with
// U+FFFD in place of the bad bytes.
std::string DumpJson(const Json& value, bool pretty);

// Returns the member `name` of `object` when it is a string; otherwise (absent, another type,
// or `object` not an object) returns `fallback`. Never throws, unlike Json::value, which
// throws on a member of the wrong type: untrusted documents are read with this.
std::string GetString(const Json& object, std::string_view name, std::string_view fallback = "");

// The position of the first element of `array` that equals (Json's operator==) a later
// element, or std::nullopt when no two elements are equal or `array` is not an array.
// Expected time is linear in the size of the array's contents: elements are bucketed by a
// hash keyed with a random per-process key (so a hostile document cannot make them collide)
// and only elements of one bucket are compared. Exception: Json's operator== also calls an
// unsigned integer above 2^63-1 equal to the negative integer of the same bits; such a pair
// is found only in arrays of up to 16 elements (compared pairwise).
std::optional<std::size_t> FirstRepeatedElement(const Json& array);
// The same among the elements for which `considered` is true; the others are skipped.
std::optional<std::size_t> FirstRepeatedElement(const Json& array,
                                                bool (*considered)(const Json&));

}  // namespace pramaan

#endif  // PRAMAAN_CORE_JSON_JSON_H_
