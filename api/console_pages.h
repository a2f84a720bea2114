// The awarding console's pages (issue 21): HTML in English and Hindi, every value escaped, no
// script, forms that work without one. api/console_routes.cc decides which page a request gets;
// this file only writes them. Every form that changes something carries the session's CSRF
// token (Viewer::csrf).
#ifndef PRAMAAN_API_CONSOLE_PAGES_H_
#define PRAMAAN_API_CONSOLE_PAGES_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "awarding/catalogue.h"
#include "awarding/workflow.h"
#include "store/awarding_store.h"

namespace pramaan::api::console {

// Who is looking, and the CSRF token their forms carry.
struct Viewer {
  const awarding::Actor& actor;
  std::string_view csrf;
};

// The sign-in form, with `problem` (HTML) above it when not empty.
std::string SignInPage(std::string_view problem);

// A page that only says what went wrong (`problem`, HTML), with the way back.
std::string ProblemPage(const Viewer* viewer, std::string_view problem);

// Batch id -> the batch that corrected it (Workflow::ResubmittedAs).
using Corrections = std::map<std::string, std::string, std::less<>>;

// The user's home. A submitter: the upload form and their agency's batches (a batch sent back
// and not yet corrected first, with its reason). An approver: the batches awaiting their
// review, then the others. An administrator: the approved batches ready to award, then the
// others.
std::string HomePage(const Viewer& viewer, const std::vector<store::BatchRow>& batches,
                     const Corrections& corrections);

// What a submission did: the new batch and, for each refused row, its line and reason.
// `source` names the uploaded file; `problem` (HTML) above it when not empty.
std::string SubmitReportPage(const Viewer& viewer, const awarding::SubmitReport& report,
                             std::string_view source, std::string_view problem);

// One batch, as its viewer may act on it.
struct BatchView {
  const store::BatchRow& batch;
  // The catalogue by NQR code (the title and NSQF level of each result's qualification).
  std::map<std::string, awarding::Qualification, std::less<>> qualifications;
  bool awarding = false;       // its award is running on this server
  std::string award_failure;   // why its last award here failed, "" for none
  std::string public_base;     // where verification pages are (the configuration's base_url)
  std::string corrected_by;    // the batch that corrected this one (sent back), "" for none
};
std::string BatchPage(const Viewer& viewer, const BatchView& view, std::string_view problem);

// A batch's audit log.
std::string LogPage(const Viewer& viewer, std::string_view batch_id,
                    const std::vector<store::AwardingEvent>& events);

// The qualification catalogue; for an administrator, its import form and a retire form per
// active entry. `report` (the last import's) and `problem` (HTML) above it when given.
std::string CataloguePage(const Viewer& viewer,
                          const std::vector<awarding::Qualification>& catalogue,
                          const awarding::ImportReport* report, std::string_view problem);

// The users (administrator): the add form, and per user disable and new-token buttons. When
// `token_for` is not empty, `token` is that user's new token, shown this once.
std::string UsersPage(const Viewer& viewer, const std::vector<store::AwardingUser>& users,
                      std::string_view token_for, std::string_view token,
                      std::string_view problem);

}  // namespace pramaan::api::console

#endif  // PRAMAAN_API_CONSOLE_PAGES_H_
