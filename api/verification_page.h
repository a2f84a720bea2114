// The public verification page (GET /v/{id}): what an employer who scanned the QR code sees.
// Only the public fields: never email, APAAR id, score or any other result value.
#ifndef PRAMAAN_API_VERIFICATION_PAGE_H_
#define PRAMAAN_API_VERIFICATION_PAGE_H_

#include <string>
#include <string_view>

#include "verifier/verdict.h"
#include "core/json/json.h"

namespace pramaan::api {

// The fields the page and its JSON form show. Hindi forms are "" when the credential has none.
struct PublicFields {
  std::string name;             // credentialSubject.name
  std::string name_hi;          // credentialSubject.nameLocalized.hi
  std::string achievement;      // credentialSubject.achievement.name
  std::string achievement_hi;   // credentialSubject.achievement.nameLocalized.hi
  std::string issuer;           // issuer.name, else the issuer's id
  std::string date;             // YYYY-MM-DD of validFrom (2.0) or issuanceDate (1.1)
};

// Reads the public fields; a missing field is "". Never throws.
PublicFields ReadPublicFields(const Json& credential);

// The public fields as a JSON object text: {"name", "nameHi"?, "achievement",
// "achievementHi"?, "issuer", "date"}.
std::string PublicFieldsJson(const PublicFields& fields);

// The JSON form of the page, {"id", "status", "verified", "supersededBy"?, "credential",
// "checks"}, from parts already serialised (so a cache can keep them): `fields_json` from
// PublicFieldsJson, `checks_json` a JSON array of the report's checks.
std::string PublicReportText(std::string_view id, CredentialState state,
                             std::string_view fields_json, std::string_view checks_json,
                             const std::string& superseded_by_url);

// The page: a complete HTML document in English and Hindi, no JavaScript, no external
// resources, readable on a 320-pixel-wide screen. Every value is HTML-escaped.
std::string RenderVerificationPage(std::string_view id, CredentialState state,
                                   const PublicFields& fields,
                                   const std::string& superseded_by_url);

// The page for an id nothing was issued under (sent with 404): in the same style, in English
// and Hindi, so a person who scanned a damaged code is told what happened. `id` is escaped.
std::string RenderNotFoundPage(std::string_view id);

}  // namespace pramaan::api

#endif  // PRAMAAN_API_VERIFICATION_PAGE_H_
