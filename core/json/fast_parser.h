// The fast path of ParseJson (core/json/json.h). Internal to core/json and its tests.
#ifndef PRAMAAN_CORE_JSON_FAST_PARSER_H_
#define PRAMAAN_CORE_JSON_FAST_PARSER_H_

#include <string_view>

#include "core/json/json.h"

namespace pramaan::json_internal {

// Parses `text` into `out` when it is JSON of the common kind, several times faster than
// nlohmann's lexer. It accepts only texts the full strict parse accepts, and builds the same
// value (the same member order, the same number types). It returns false, leaving `out`
// unspecified, on every error and on the rare forms it leaves to the full parser: \u escapes
// of surrogates, "-0", integers of more than 18 digits, numbers out of range, a byte order
// mark, objects of more than kFastMaxMembers members. ParseJson then parses the text the
// full way, which gives the value or the exact error message.
bool FastParseJson(std::string_view text, Json* out);

// The full strict parse alone (nlohmann's SAX lexer with our checks), for tests that compare
// the two paths.
Result<Json> FullParseJson(std::string_view text, std::string_view source);

inline constexpr size_t kFastMaxMembers = 64;

}  // namespace pramaan::json_internal

#endif  // PRAMAAN_CORE_JSON_FAST_PARSER_H_
