// The public verification page (GET /v/{id}): what an employer who scanned the QR code sees.
// It shows what the printed certificate shows and a forger would change (templates/): names
// in English and in the certificate's language, the achievement, its dates, hours and
// provider (courses), NQR code, NSQF level, credits, grade, awarding body and assessment
// agency (qualifications). Never an email, APAAR id or other identifier, nor a course's score
// (the printout has none).
#ifndef PRAMAAN_API_VERIFICATION_PAGE_H_
#define PRAMAAN_API_VERIFICATION_PAGE_H_

#include <span>
#include <string>
#include <string_view>

#include "core/json/json.h"
#include "verifier/report.h"
#include "verifier/verdict.h"

namespace pramaan::api {

// What the credential is, as the page names it.
enum class AchievementKind { kOther, kCourse, kQualification };

// The fields the page and its JSON form show; a field the credential does not have is "".
// The certificate templates read the same places (templates/*.json).
struct PublicFields {
  AchievementKind kind = AchievementKind::kOther;  // from achievement.achievementType
  std::string name;               // credentialSubject.name
  std::string language;           // the key of credentialSubject.nameLocalized (BCP 47)
  std::string name_local;         // credentialSubject.nameLocalized.{language}
  std::string achievement;        // credentialSubject.achievement.name
  std::string achievement_local;  // credentialSubject.achievement.nameLocalized.{language}
  std::string achieved_on;        // credentialSubject.activityEndDate, YYYY-MM-DD
  std::string hours;              // achievement.notionalHours (courses)
  std::string provider;           // achievement.creator.name, or .courseProvider (courses)
  std::string nqr_code;           // achievement.humanCode (qualifications)
  std::string nsqf_level;         // achievement.alignment[targetType=ext:NSQFLevel].targetCode
  std::string credits_earned;     // credentialSubject.creditsEarned
  std::string credits_available;  // achievement.creditsAvailable
  std::string grade;              // credentialSubject.result[0].value (qualifications)
  std::string awarding_body;      // achievement.creator.name (qualifications)
  std::string assessment_agency;  // evidence[*].assessmentAgency
  std::string issuer;             // issuer.name, else the issuer's id
  std::string date;               // YYYY-MM-DD of validFrom (2.0) or issuanceDate (1.1)
};

// Reads the public fields; a missing field is "". Never throws.
PublicFields ReadPublicFields(const Json& credential);

// The public fields as a JSON object text: {"kind", "name", "language"?, "nameLocal"?,
// "nameHi"?, "achievement", "achievementLocal"?, "achievementHi"?, "achievedOn"?, "hours"?,
// "provider"?, "nqrCode"?, "nsqfLevel"?, "creditsEarned"?, "creditsAvailable"?, "grade"?,
// "awardingBody"?, "assessmentAgency"?, "issuer", "date"} (the *Hi members when the
// certificate's language is Hindi, as before the other languages were shown).
std::string PublicFieldsJson(const PublicFields& fields);

// What the page says under a revoked or suspended verdict, when the registry knows it: why
// (a code from store::kStatusReasonCodes, said in English and Hindi, and the issuer's words)
// and since when (RFC 3339). Who made the change is never shown.
struct StatusNote {
  std::string reason;
  std::string reason_code;
  std::string at;
};

// The JSON form of the page, {"id", "status", "verified", "supersededBy"?, "statusReason"?,
// "credential", "checks"}, from parts already serialised (so a cache can keep them):
// `fields_json` from PublicFieldsJson, `checks_json` a JSON array of the report's checks;
// "statusReason" is {"code"?, "reason"?, "since"?} from `note` when it says anything.
std::string PublicReportText(std::string_view id, CredentialState state,
                             std::string_view fields_json, std::string_view checks_json,
                             const std::string& superseded_by_url, const StatusNote& note = {});

// The page: a complete HTML document in English and Hindi, no JavaScript, no external
// resources, readable on a 320-pixel-wide screen. Every value is HTML-escaped. Under the
// verdict, what to do: revoked, the reason and date and "do not accept this certificate";
// suspended, since when and "contact the issuer" (`contact`, the issuer's url, when set);
// superseded, neutrally, "replaced by a newer certificate" and its link.
// `file_checks`, for an uploaded PDF (POST /v): the file's own checks ("pdf-signature",
// "pdf-certificate", "credential", "printed-text"), each said in words under the verdict.
std::string RenderVerificationPage(std::string_view id, CredentialState state,
                                   const PublicFields& fields,
                                   const std::string& superseded_by_url,
                                   const StatusNote& note = {}, std::string_view contact = "",
                                   std::span<const Check> file_checks = {});

// The page for an id nothing was issued under (sent with 404): a warning in the same style, in
// English and Hindi ("no certificate with this number: check it, or contact the issuer"),
// with the issuer's `contact` (a URL from the configuration; none when "") and the form to
// type the number again. `id` and `contact` are escaped.
std::string RenderNotFoundPage(std::string_view id, std::string_view contact);

// GET /: the form to type a certificate number (sent to GET /v?id=..., which redirects to
// /v/{id}), the form to check a list (POST /v/bulk, answered with a CSV file), and how to
// check a certificate, in English and Hindi.
std::string RenderLookupPage();

}  // namespace pramaan::api

#endif  // PRAMAAN_API_VERIFICATION_PAGE_H_
