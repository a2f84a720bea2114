// The learner's own page (issue 20): GET /c/{id}?expires=T&sig=S, the signed link the
// platform gives a learner with their certificate (api/signed_link.h). It shows the
// certificate as the verification page does (names in English and in the certificate's
// language) under its verdict, and what the learner does with it: download the PDF, download
// the credential (Open Badges 3.0 JSON, for wallets), add it to LinkedIn, copy the verification
// link to share, and, for a qualification where DigiLocker is configured, pull it into
// DigiLocker. A revoked, suspended or replaced certificate's page says so and offers no
// download; while the PDF is still being made, the page says that instead of its link.
#ifndef PRAMAAN_API_LEARNER_PAGE_H_
#define PRAMAAN_API_LEARNER_PAGE_H_

#include <string>
#include <string_view>

#include "api/verification_page.h"
#include "verifier/verdict.h"

namespace pramaan::api {

// Whether the learner's downloads are handed out for a credential in `state`: valid, or
// expired (a record of what was achieved). Revoked, suspended, replaced and invalid ones are
// not, so that nothing is handed out as if it were valid.
bool LearnerMayDownload(CredentialState state);

// Where the PDF is.
enum class LearnerPdf {
  kReady,      // stored: links.pdf downloads it
  kBeingMade,  // the issuer role makes it a moment after issuance
  kNone,       // withheld (LearnerMayDownload is false) or never made (no template)
};

struct LearnerPage {
  std::string id;
  CredentialState state = CredentialState::kValid;
  PublicFields fields;
  StatusNote note;          // why a revoked or suspended certificate is so
  std::string contact;      // the issuer's contact URL, or ""
  std::string verification;  // {base}/v/{id}: the link the learner shares
  std::string pdf;           // the PDF download (signed as the page); used when kReady
  LearnerPdf pdf_state = LearnerPdf::kNone;
  std::string credential;  // the credential download (signed as the page); "" when withheld
  std::string newer;       // replaced: the learner's page of the newer certificate, or ""
  bool digilocker = false;  // a qualification, and DigiLocker is configured
};

// The page: a complete HTML document in English and Hindi, readable on a 320-pixel screen,
// usable without JavaScript (the copy button is added by /learner.js where scripts run).
std::string RenderLearnerPage(const LearnerPage& page);

// The page for a link that is not signed for this certificate or has expired (sent with 403):
// what to do (ask the platform for a new link) and the issuer's `contact`.
std::string RenderLinkRefusedPage(std::string_view contact);

// LinkedIn's "add certification to profile" link, prefilled: the achievement's name, the
// issuing organisation, the month and year of issue, the verification URL and the id.
std::string LinkedInAddUrl(const PublicFields& fields, std::string_view verification_url,
                           std::string_view id);

// GET /learner.js: the copy button of the learner's page (the page's one script).
std::string_view LearnerScript();

}  // namespace pramaan::api

#endif  // PRAMAAN_API_LEARNER_PAGE_H_
