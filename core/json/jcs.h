// RFC 8785 JSON Canonicalization Scheme (JCS).
#ifndef PRAMAAN_CORE_JSON_JCS_H_
#define PRAMAAN_CORE_JSON_JCS_H_

#include <string>
#include <string_view>

#include "core/json/json.h"
#include "core/result.h"

namespace pramaan {

// Appends the RFC 8785 canonical form of `value` to `out`: object members sorted by the
// UTF-16 code units of their names, strings escaped as ECMAScript JSON.stringify does,
// numbers as IEEE-754 doubles printed by FormatEcmaScriptNumber, no whitespace, no trailing
// newline. Fails with kInvalidInput (leaving `out` unspecified) for a string that is not
// valid UTF-8, a number that is not finite, a binary value, or containers nested deeper than
// kMaxJsonDepth (values built in code are not limited by ParseJson; the walk is recursive).
Status AppendJcs(const Json& value, std::string* out);

// Appends the canonical form of `object` as if its member named `member` were absent (the
// document a Data Integrity proof covers, without copying it). Fails with kInvalidInput if
// `object` is not an object, else as AppendJcs.
Status AppendJcsWithoutMember(const Json& object, std::string_view member, std::string* out);

// Returns the RFC 8785 canonical form of `value`; errors as AppendJcs.
Result<std::string> CanonicalizeJcs(const Json& value);

// Formats a finite double exactly as ECMAScript Number.prototype.toString() (ES2019 7.1.12.1):
// shortest round-trip digits, "1e+21" / "1e-7" exponent forms, "-0" printed as "0". Given a
// non-finite value it returns "NaN", "Infinity" or "-Infinity" as ECMAScript does (AppendJcs
// rejects those instead).
std::string FormatEcmaScriptNumber(double value);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_JSON_JCS_H_
