// The awarding workflow over HTTP (issue 7). Every route needs `Authorization: Bearer` with
// the acting user's own token (awarding/workflow.h); the workflow decides what each role may
// do. Bodies are JSON, or CSV (Content-Type: text/csv) where a file is imported.
//
//   POST /awarding/users                        administrator: {"name", "roles", "agency"}
//                                               -> token (agency: submitters only, required)
//   GET  /awarding/qualifications               the catalogue
//   POST /awarding/qualifications               administrator: import JSON or CSV entries
//   GET  /awarding/qualifications/{nqr}         one entry
//   POST /awarding/qualifications/{nqr}/retire  administrator: {"reason"}
//   GET  /awarding/batches                      the batches the user may see (no results)
//   POST /awarding/batches                      submitter: {"results"} or CSV, for their own
//                                               agency ("agency" or ?agency=, if given, must
//                                               name it: else 403)
//   GET  /awarding/batches/{id}                 the batch, its results and refusals
//                                               (audit-logged)
//   GET  /awarding/batches/{id}/events          its audit log (audit-logged)
// A submitter sees only their agency's batches (another agency's is 404, as an unknown id);
// approvers and administrators see all.
//   POST /awarding/batches/{id}/review          approver (not the submitter)
//   POST /awarding/batches/{id}/approve         approver (not the submitter): {"reason"?}
//   POST /awarding/batches/{id}/send-back       approver (not the submitter): {"reason"}
//   POST /awarding/batches/{id}/award           administrator: issues the credentials
//
// And DigiLocker's calls (api/digilocker.h), authenticated by x-digilocker-hmac:
//   POST /digilocker/pull-uri, POST /digilocker/pull-doc
//
// Errors are problem details: 401 without a known token, 403 for a step the user's roles do
// not allow (or their own batch), 404, 409 for a step the batch's state does not allow, 422
// for input that cannot be used (with per-record errors where there are records).
#ifndef PRAMAAN_API_AWARDING_ROUTES_H_
#define PRAMAAN_API_AWARDING_ROUTES_H_

#include <optional>
#include <string_view>

#include "api/handler.h"

namespace pramaan::api {

// The response when `path` is an awarding or DigiLocker route, else nullopt.
std::optional<HandledRequest> HandleAwarding(const HttpRequest& request, std::string_view path,
                                             std::string_view query,
                                             const ApiServices& services);

}  // namespace pramaan::api

#endif  // PRAMAAN_API_AWARDING_ROUTES_H_
