// The building blocks of the HTML pages (the verification page, the not-found and lookup
// pages, the learner's page): one style, English and Hindi, every value escaped, no script
// and nothing from elsewhere. Internal to api/; api/verification_page.cc defines them.
#ifndef PRAMAAN_API_PAGE_PARTS_H_
#define PRAMAAN_API_PAGE_PARTS_H_

#include <string>
#include <string_view>

#include "api/verification_page.h"
#include "verifier/verdict.h"

namespace pramaan::api::page {

// `text` with &, <, >, " and ' escaped, tab and line breaks read as spaces, and other control
// characters dropped.
std::string Escape(std::string_view text);

// A link to the issuer's contact (a mailto:, tel: or https: URL from the configuration),
// showing an e-mail address or telephone number without its scheme; id="contact".
std::string ContactLink(std::string_view contact);

// The document up to and including its heading: "<english> / <hindi>" as title and h1.
// `extra_style` (CSS) is added to the page's style sheet (the console's tables).
std::string PageStart(std::string_view english, std::string_view hindi,
                      std::string_view extra_style = "");

// The footer with the certificate id (none when `id` is empty) and the document's end.
std::string PageEnd(std::string_view id);

// The coloured verdict ("Valid / मान्य", "Revoked / निरस्त", ...), id="verdict" with
// data-status the state's name.
std::string VerdictBanner(CredentialState state);

// What to do under a verdict that is not valid (revoked: the reason, the date and "do not
// accept"; suspended: since when and the issuer's `contact`; superseded; expired; invalid), as
// id="advice"; "" for a valid one.
// `reader` is who reads it: an employer is told whether to accept the certificate, its
// learner what it means for them and whom to ask.
enum class Reader { kEmployer, kLearner };
std::string StatusAdvice(CredentialState state, const StatusNote& note, std::string_view contact,
                         Reader reader = Reader::kEmployer);

// The certificate's public fields as a definition list, in English and in the certificate's
// language; "" when it has neither a name nor an achievement.
std::string FieldList(const PublicFields& fields);

}  // namespace pramaan::api::page

#endif  // PRAMAAN_API_PAGE_PARTS_H_
