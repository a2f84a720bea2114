// The VC API's verification result (POST /credentials/verify, /presentations/verify).
#ifndef PRAMAAN_API_VC_API_RESULT_H_
#define PRAMAAN_API_VC_API_RESULT_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/json/json.h"
#include "verifier/report.h"
#include "verifier/verdict.h"

namespace pramaan::api {

// Where the "type" URIs of our problem details (RFC 9457) live.
inline constexpr std::string_view kProblemBase = "https://w3id.org/pramaan/problems#";

// The VC API verification result: "checks" names every check made, "errors" the failed ones
// (one sentence each, "{id}: {detail}"), "warnings" what does not fail verification (checks
// not made among them); "problemDetails" carries the failures as RFC 9457 objects (newer VC
// API drafts), "report" our full report. `state` is StateOf(report).
Json VcApiResult(const VerificationReport& report, CredentialState state,
                 std::vector<std::string> warnings);

// DumpJson(VcApiResult(report, state, {}), false), written without building the Json value:
// the body of every POST /credentials/verify answer.
std::string VcApiResultText(const VerificationReport& report, CredentialState state);

}  // namespace pramaan::api

#endif  // PRAMAAN_API_VC_API_RESULT_H_
