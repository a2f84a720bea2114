#include "api/verification_page.h"

#include "api/page_parts.h"

#include <utility>

#include "core/json/jcs.h"
#include "core/time/display_date.h"
#include "store/registry.h"

namespace pramaan::api {
namespace page {

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      // Control characters have no place in a page: a credential issued before they were
      // refused (or by another issuer) may still hold them. Tab and newline read as a space;
      // NUL and the rest are dropped.
      case '\t':
      case '\n':
      case '\r': out += ' '; break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20) || c == 0x7f) break;
        out += c;
    }
  }
  return out;
}


// A link to the issuer's contact (a URL from the configuration), showing an e-mail address or
// a telephone number without its scheme.
std::string ContactLink(std::string_view contact) {
  std::string_view shown = contact;
  for (std::string_view scheme : {"mailto:", "tel:"}) {
    if (shown.starts_with(scheme)) shown.remove_prefix(scheme.size());
  }
  return "<a id=\"contact\" href=\"" + Escape(contact) + "\">" + Escape(shown) + "</a>";
}

}  // namespace page

namespace {

using page::ContactLink;
using page::Escape;

const Json& Member(const Json& object, const char* name) {
  static const Json kNull;
  if (!object.is_object()) return kNull;
  const auto it = object.find(name);
  return it == object.end() ? kNull : *it;
}

struct Verdict {
  const char* english;
  const char* hindi;
  const char* colour;
};

Verdict VerdictOf(CredentialState state) {
  switch (state) {
    case CredentialState::kValid:
      return {"Valid", "मान्य", "#17663a"};
    case CredentialState::kRevoked:
      return {"Revoked", "निरस्त", "#a11d1d"};
    case CredentialState::kSuspended:
      return {"Suspended", "निलंबित", "#8a5a00"};
    case CredentialState::kExpired:
      return {"Expired", "अवधि समाप्त", "#8a5a00"};
    case CredentialState::kSuperseded:
      return {"Replaced by a newer certificate", "नए प्रमाणपत्र द्वारा प्रतिस्थापित", "#2f4a6d"};
    case CredentialState::kInvalid:
      return {"Not genuine: this certificate failed verification", "अमान्य: यह प्रमाणपत्र सत्यापित नहीं हुआ",
              "#a11d1d"};
  }
  return {"Not genuine", "अमान्य", "#a11d1d"};
}

// A row of the page: the label in English and Hindi, the value, and under it the value in the
// certificate's language (`language`, its BCP 47 tag; the browser picks the script's font and,
// with dir="auto", the direction of Urdu and the other scripts written right to left).
std::string Row(const char* english, const char* hindi, const std::string& value,
                const std::string& local = "", const std::string& language = "") {
  if (value.empty() && local.empty()) return "";
  std::string row = "<dt>" + std::string(english) + " <span lang=\"hi\">/ " + hindi +
                    "</span></dt>\n<dd>" + Escape(value);
  if (!local.empty()) {
    row += "<br><span lang=\"" + Escape(language) + "\" dir=\"auto\" class=\"local\">" +
           Escape(local) + "</span>";
  }
  return row + "</dd>\n";
}

// A date as the page shows it ("1 November 2026"), or as it is when it is no date.
std::string ShownDate(const std::string& date) {
  const std::string shown = FormatDisplayDate(date);
  return shown.empty() ? date : shown;
}

// A number or a string as printed: 12.5, 360, "5".
std::string Printed(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return FormatEcmaScriptNumber(value.get<double>());
  return "";
}

// The first member of a language map ({"bn": "..."}): its key and its text.
std::pair<std::string, std::string> FirstLocalized(const Json& map) {
  if (!map.is_object()) return {};
  for (const auto& [language, text] : map.items()) {
    if (text.is_string()) return {language, text.get<std::string>()};
  }
  return {};
}

// The form to type a certificate number (GET /v?id=...), filled with `id` when given.
std::string LookupForm(std::string_view id) {
  return "<form method=\"get\" action=\"/v\" class=\"lookup\">\n"
         "<label for=\"id\">Certificate number <span lang=\"hi\">/ प्रमाणपत्र संख्या</span>"
         "</label>\n"
         "<input id=\"id\" name=\"id\" type=\"text\" autocomplete=\"off\" "
         "autocapitalize=\"none\" spellcheck=\"false\" required value=\"" +
         Escape(id) +
         "\">\n"
         "<button type=\"submit\">Check <span lang=\"hi\">/ जाँचें</span></button>\n"
         "</form>\n";
}

// "Reason / कारण: <the code in English and Hindi> (<the issuer's words>)", the words left out
// when they only repeat the code; "" when nothing is known.
std::string ReasonLine(const StatusNote& note) {
  static constexpr struct {
    std::string_view code, english, hindi;
  } kReasons[] = {
      {"issued_in_error", "Issued in error", "त्रुटिवश जारी किया गया"},
      {"fraudulent", "Fraudulent", "धोखाधड़ी से प्राप्त"},
      {"withdrawn_by_awarding_body", "Withdrawn by the awarding body",
       "प्रदान करने वाली संस्था द्वारा वापस लिया गया"},
      {"superseded", "Replaced by a newer certificate", "नए प्रमाणपत्र से प्रतिस्थापित"},
  };
  std::string said;
  for (const auto& known : kReasons) {
    if (known.code != note.reason_code) continue;
    said = std::string(known.english) + " <span lang=\"hi\">/ " + std::string(known.hindi) +
           "</span>";
  }
  const bool words_add = !note.reason.empty() && note.reason != store::StatusReasonWords(note.reason_code);
  if (words_add) said += said.empty() ? Escape(note.reason) : " (" + Escape(note.reason) + ")";
  if (said.empty()) return "";
  return "<p id=\"reason\" data-code=\"" + Escape(note.reason_code) +
         "\">Reason <span lang=\"hi\">/ कारण</span>: " + said + "</p>\n";
}

// What an uploaded PDF's own checks found, in words for the person who uploaded it: one line
// per check of the file, up to the first that failed (the later ones depend on it); the
// credential's checks are the verdict's. "" without file checks.
std::string FileChecks(std::span<const Check> checks) {
  const auto section = [](const std::string& items) -> std::string {
    if (items.empty()) return "";
    return "<section class=\"advice\" id=\"file-checks\">\n<h2>This PDF <span lang=\"hi\">/ "
           "यह पीडीएफ़</span></h2>\n<ul>\n" +
           items + "</ul>\n</section>\n";
  };
  static constexpr struct {
    std::string_view id, passed, failed, hindi_passed, hindi_failed;
  } kLines[] = {
      {"pdf-signature", "The PDF is exactly as the issuer signed it.",
       "The PDF was changed after it was signed, or it is not signed.",
       "पीडीएफ़ वैसा ही है जैसा जारीकर्ता ने हस्ताक्षरित किया था।",
       "हस्ताक्षर के बाद पीडीएफ़ बदली गई है, या यह हस्ताक्षरित नहीं है।"},
      {"pdf-certificate", "It is signed with a document-signing certificate this service trusts.",
       "It is not signed with a document-signing certificate this service trusts.",
       "यह इस सेवा द्वारा विश्वसनीय प्रमाणपत्र से हस्ताक्षरित है।",
       "यह इस सेवा द्वारा विश्वसनीय प्रमाणपत्र से हस्ताक्षरित नहीं है।"},
      {"credential", "It holds the certificate's signed record.",
       "It holds no certificate record that can be read.",
       "इसमें प्रमाणपत्र का हस्ताक्षरित रिकॉर्ड है।",
       "इसमें पढ़ने योग्य प्रमाणपत्र रिकॉर्ड नहीं है।"},
      {"printed-text", "The printed text matches the signed record.",
       "The printed text does not match the signed record.",
       "छपा हुआ पाठ हस्ताक्षरित रिकॉर्ड से मेल खाता है।",
       "छपा हुआ पाठ हस्ताक्षरित रिकॉर्ड से मेल नहीं खाता।"},
  };
  std::string items;
  for (const auto& line : kLines) {
    for (const Check& check : checks) {
      if (check.id != line.id || !check.checked) continue;
      items += "<li data-check=\"" + std::string(line.id) + "\" data-passed=\"" +
               (check.passed ? "true\">&#x2714; " : "false\">&#x2718; ") +
               std::string(check.passed ? line.passed : line.failed) + " <span lang=\"hi\">" +
               std::string(check.passed ? line.hindi_passed : line.hindi_failed) + "</span>";
      if (!check.passed) items += "<br><small>" + Escape(check.detail) + "</small>";
      items += "</li>\n";
      if (!check.passed) return section(items);
    }
  }
  return section(items);
}

}  // namespace

namespace page {

std::string PageStart(std::string_view english, std::string_view hindi,
                      std::string_view extra_style) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>" + std::string(english) + " / " + std::string(hindi) + "</title>\n"
         // The server's own fonts for every script a certificate may be in (api/page_fonts.h).
         "<link rel=\"stylesheet\" href=\"/fonts.css\">\n"
         "<style>\n"
         "body{font-family:system-ui,'Pramaan Scripts',sans-serif;margin:0;"
         "background:#f4f5f7;color:#1b1b1b;line-height:1.45}\n"
         "[lang|=ur]{font-family:'Pramaan Urdu','Pramaan Scripts',sans-serif;line-height:2.2}\n"
         "main{max-width:36rem;margin:0 auto;padding:1rem}\n"
         "h1{font-size:1.15rem;margin:.5rem 0 1rem}h2{font-size:1.3rem}\n"
         ".verdict{color:#fff;border-radius:.5rem;padding:1rem;font-size:1.3rem;font-weight:700;"
         "overflow-wrap:anywhere}\n"
         ".verdict span{display:block;font-size:1.1rem;font-weight:600}\n"
         "dl{background:#fff;border-radius:.5rem;padding:1rem;margin:1rem 0}\n"
         "dt{font-size:.875rem;color:#555;margin-top:.75rem}dt:first-child{margin-top:0}\n"
         "dd{margin:0;font-size:1.05rem;overflow-wrap:anywhere}\n"
         "a{color:#0b57d0}footer{font-size:.875rem;color:#555;overflow-wrap:anywhere}\n"
         ".local{font-size:1.1rem}\n"
         ".advice{background:#fff;border-radius:.5rem;padding:.25rem 1rem;margin:1rem 0;"
         "overflow-wrap:anywhere}\n"
         "#file-checks ul{list-style:none;padding-left:0}#file-checks li{margin:.5rem 0}\n"
         ".warning{background:#fff4d6;border:2px solid #8a5a00;border-radius:.5rem;"
         "padding:0 1rem;margin:1rem 0}\n"
         ".lookup{background:#fff;border-radius:.5rem;padding:1rem;margin:1rem 0}\n"
         ".lookup label{display:block;font-weight:600;margin-bottom:.5rem}\n"
         ".lookup input,.lookup button,.lookup textarea{font-family:inherit}\n"
         ".lookup textarea{font-size:1rem;padding:.5rem;width:100%;box-sizing:border-box;"
         "border:1px solid #555;border-radius:.25rem}\n"
         ".lookup input{font-size:1.1rem;padding:.5rem;width:100%;box-sizing:border-box;"
         "border:1px solid #555;border-radius:.25rem}\n"
         ".lookup button{margin-top:.75rem;font-size:1.05rem;padding:.5rem 1rem;"
         "background:#0b57d0;color:#fff;border:0;border-radius:.25rem}\n"
         ".actions{background:#fff;border-radius:.5rem;padding:.25rem 1rem 1rem;margin:1rem 0}\n"
         ".actions h2{font-size:1.1rem}\n"
         "a.button{display:block;margin:.75rem 0;padding:.75rem 1rem;border-radius:.25rem;"
         "background:#0b57d0;color:#fff;text-decoration:none;font-weight:600}\n"
         "a#linkedin{background:#0a66c2}\n"
         ".actions label{display:block;font-weight:600;margin-top:1rem}\n"
         ".actions input{font-size:1rem;padding:.5rem;width:100%;box-sizing:border-box;"
         "border:1px solid #555;border-radius:.25rem;font-family:inherit}\n"
         ".actions button{margin-top:.5rem;font-size:1rem;padding:.5rem 1rem;font-family:inherit;"
         "background:#fff;color:#0b57d0;border:2px solid #0b57d0;border-radius:.25rem}\n"
         ".private{font-size:.9rem;color:#444}\n" + std::string(extra_style) +
         "</style>\n</head>\n<body>\n<main>\n"
         "<h1>" + std::string(english) + " <span lang=\"hi\">/ " + std::string(hindi) +
         "</span></h1>\n";
}

std::string PageEnd(std::string_view id) {
  if (id.empty()) return "</main>\n</body>\n</html>\n";
  return "<footer>Certificate id <span lang=\"hi\">/ प्रमाणपत्र संख्या</span>: " + Escape(id) +
         "</footer>\n</main>\n</body>\n</html>\n";
}

std::string VerdictBanner(CredentialState state) {
  const Verdict verdict = VerdictOf(state);
  return "<p class=\"verdict\" id=\"verdict\" data-status=\"" + std::string(StateName(state)) +
         "\" style=\"background:" + verdict.colour + "\">" + verdict.english +
         "<span lang=\"hi\">" + verdict.hindi + "</span></p>\n";
}

std::string StatusAdvice(CredentialState state, const StatusNote& note,
                         std::string_view contact, Reader reader) {
  const std::string since = ShownDate(note.at.substr(0, 10));
  std::string advice;
  switch (state) {
    case CredentialState::kRevoked:
      if (!since.empty()) advice += "<p>Revoked on " + Escape(since) + ".</p>\n";
      advice += ReasonLine(note);
      advice += reader == Reader::kLearner
                    ? "<p><strong>Your certificate was withdrawn and can no longer be shared.</strong> "
                      "If you think this is a mistake, contact the issuer. <span lang=\"hi\">आपका "
                      "प्रमाणपत्र वापस ले लिया गया है; इसे अब साझा नहीं किया जा सकता। यदि यह गलती है, "
                      "तो जारीकर्ता से संपर्क करें।</span></p>\n"
                    : "<p><strong>Do not accept this certificate.</strong> <span lang=\"hi\">इस "
                      "प्रमाणपत्र को स्वीकार न करें।</span></p>\n";
      if (reader == Reader::kLearner && !contact.empty()) {
        advice += "<p>" + ContactLink(contact) + "</p>\n";
      }
      break;
    case CredentialState::kSuspended:
      if (!since.empty()) advice += "<p>Suspended since " + Escape(since) + ".</p>\n";
      advice += ReasonLine(note);
      advice += reader == Reader::kLearner
                    ? "<p><strong>Your certificate is on hold while the issuer looks into it; it "
                      "cannot be shared until then.</strong> Contact the issuer to learn more. "
                      "<span lang=\"hi\">जाँच पूरी होने तक आपका प्रमाणपत्र रोका गया है और साझा नहीं "
                      "किया जा सकता। अधिक जानने के लिए जारीकर्ता से संपर्क करें।</span></p>\n"
                    : "<p><strong>Contact the issuer before accepting it.</strong> <span lang=\"hi\">"
                      "स्वीकार करने से पहले जारीकर्ता से संपर्क करें।</span></p>\n";
      if (!contact.empty()) {
        advice += "<p>" + ContactLink(contact) + "</p>\n";
      }
      break;
    case CredentialState::kSuperseded:
      advice += "<p>The issuer replaced this certificate with a newer one, for example to "
                "correct it. This is not a sign of fraud: check the newer certificate. "
                "<span lang=\"hi\">जारीकर्ता ने इस प्रमाणपत्र के स्थान पर नया प्रमाणपत्र जारी "
                "किया है (जैसे सुधार के लिए)। यह धोखाधड़ी का संकेत नहीं है: नया प्रमाणपत्र देखें।"
                "</span></p>\n";
      break;
    case CredentialState::kExpired:
      advice += "<p>This certificate's validity period is over, or has not begun. <span "
                "lang=\"hi\">इस प्रमाणपत्र की वैधता अवधि समाप्त हो चुकी है या अभी शुरू नहीं हुई है।"
                "</span></p>\n";
      break;
    case CredentialState::kInvalid:
      advice += reader == Reader::kLearner
                    ? "<p><strong>This certificate could not be confirmed as genuine.</strong> "
                      "Contact the issuer. <span lang=\"hi\">इस प्रमाणपत्र की पुष्टि नहीं हो सकी। "
                      "जारीकर्ता से संपर्क करें।</span></p>\n"
                    : "<p><strong>Do not accept this certificate.</strong> <span lang=\"hi\">इस "
                      "प्रमाणपत्र को स्वीकार न करें।</span></p>\n";
      break;
    case CredentialState::kValid:
      break;
  }
  if (advice.empty()) return "";
  return "<div class=\"advice\" id=\"advice\">\n" + advice + "</div>\n";
}

std::string FieldList(const PublicFields& fields) {
  if (fields.name.empty() && fields.achievement.empty()) return "";
  std::string html;
  html += "<dl>\n";
  const std::string& language = fields.language;
  html += Row("Name", "नाम", fields.name, fields.name_local, language);
  switch (fields.kind) {
    case AchievementKind::kCourse:
      html += Row("Course", "पाठ्यक्रम", fields.achievement, fields.achievement_local, language);
      html += Row("Offered by", "प्रदाता", fields.provider);
      html += Row("Notional hours", "अधिगम घंटे", fields.hours);
      html += Row("Completed on", "पूर्ण करने की तिथि", ShownDate(fields.achieved_on));
      break;
    case AchievementKind::kQualification:
      html += Row("Qualification", "योग्यता", fields.achievement, fields.achievement_local,
                  language);
      html += Row("NQR code", "एनक्यूआर कोड", fields.nqr_code);
      html += Row("NSQF level", "एनएसक्यूएफ स्तर", fields.nsqf_level);
      html += Row("Credits", "क्रेडिट",
                  fields.credits_earned.empty() || fields.credits_available.empty()
                      ? fields.credits_earned + fields.credits_available
                      : fields.credits_earned + " of " + fields.credits_available);
      html += Row("Grade / marks", "ग्रेड / अंक", fields.grade);
      html += Row("Assessed by", "मूल्यांकनकर्ता", fields.assessment_agency);
      html += Row("Awarded by", "प्रदानकर्ता", fields.awarding_body);
      html += Row("Date of award", "प्रदान करने की तिथि", ShownDate(fields.achieved_on));
      break;
    case AchievementKind::kOther:
      html += Row("Achievement", "उपलब्धि", fields.achievement, fields.achievement_local,
                  language);
      html += Row("Achieved on", "उपलब्धि की तिथि", ShownDate(fields.achieved_on));
      break;
  }
  html += Row("Issued by", "जारीकर्ता", fields.issuer);
  html += Row("Issued on", "जारी करने की तिथि", ShownDate(fields.date));
  html += "</dl>\n";
  return html;
}

}  // namespace page

PublicFields ReadPublicFields(const Json& credential) {
  PublicFields fields;
  const Json& subject = Member(credential, "credentialSubject");
  const Json& achievement = Member(subject, "achievement");
  const std::string type = GetString(achievement, "achievementType");
  fields.kind = type == "Certification"  ? AchievementKind::kQualification
                : type == "Certificate" ? AchievementKind::kCourse
                                         : AchievementKind::kOther;
  fields.name = GetString(subject, "name");
  std::tie(fields.language, fields.name_local) = FirstLocalized(Member(subject, "nameLocalized"));
  fields.achievement = GetString(achievement, "name");
  const Json& title_local = Member(achievement, "nameLocalized");
  if (fields.language.empty()) {
    std::tie(fields.language, fields.achievement_local) = FirstLocalized(title_local);
  } else {
    fields.achievement_local = GetString(title_local, fields.language);
  }
  fields.achieved_on = GetString(subject, "activityEndDate").substr(0, 10);
  const std::string creator = GetString(Member(achievement, "creator"), "name");
  if (fields.kind == AchievementKind::kQualification) {
    fields.awarding_body = creator;
    fields.nqr_code = GetString(achievement, "humanCode");
    const Json& alignments = Member(achievement, "alignment");
    if (alignments.is_array()) {
      for (const Json& alignment : alignments) {
        if (GetString(alignment, "targetType") == "ext:NSQFLevel") {
          fields.nsqf_level = GetString(alignment, "targetCode");
          break;
        }
      }
    }
    fields.credits_earned = Printed(Member(subject, "creditsEarned"));
    fields.credits_available = Printed(Member(achievement, "creditsAvailable"));
    const Json& results = Member(subject, "result");
    if (results.is_array() && !results.empty()) fields.grade = Printed(Member(results[0], "value"));
    const Json& evidence = Member(credential, "evidence");
    if (evidence.is_array()) {
      for (const Json& item : evidence) {
        fields.assessment_agency = GetString(item, "assessmentAgency");
        if (!fields.assessment_agency.empty()) break;
      }
    }
  } else {
    fields.provider = creator.empty() ? GetString(achievement, "courseProvider") : creator;
    fields.hours = Printed(Member(achievement, "notionalHours"));
  }
  const Json& issuer = Member(credential, "issuer");
  fields.issuer = issuer.is_string() ? issuer.get<std::string>() : GetString(issuer, "name");
  if (fields.issuer.empty()) fields.issuer = GetString(issuer, "id");
  std::string date = GetString(credential, "validFrom");
  if (date.empty()) date = GetString(credential, "issuanceDate");
  fields.date = date.substr(0, 10);
  return fields;
}

std::string PublicFieldsJson(const PublicFields& fields) {
  Json credential = Json::object();
  credential["kind"] = fields.kind == AchievementKind::kQualification ? "qualification"
                       : fields.kind == AchievementKind::kCourse     ? "course"
                                                                      : "other";
  credential["name"] = fields.name;
  const auto put = [&credential](const char* key, const std::string& value) {
    if (!value.empty()) credential[key] = value;
  };
  put("language", fields.language);
  put("nameLocal", fields.name_local);
  if (fields.language == "hi") put("nameHi", fields.name_local);
  credential["achievement"] = fields.achievement;
  put("achievementLocal", fields.achievement_local);
  if (fields.language == "hi") put("achievementHi", fields.achievement_local);
  put("achievedOn", fields.achieved_on);
  put("hours", fields.hours);
  put("provider", fields.provider);
  put("nqrCode", fields.nqr_code);
  put("nsqfLevel", fields.nsqf_level);
  put("creditsEarned", fields.credits_earned);
  put("creditsAvailable", fields.credits_available);
  put("grade", fields.grade);
  put("awardingBody", fields.awarding_body);
  put("assessmentAgency", fields.assessment_agency);
  credential["issuer"] = fields.issuer;
  credential["date"] = fields.date;
  return DumpJson(credential, false);
}

std::string PublicReportText(std::string_view id, CredentialState state,
                             std::string_view fields_json, std::string_view checks_json,
                             const std::string& superseded_by_url, const StatusNote& note) {
  std::string out;
  out.reserve(64 + id.size() + fields_json.size() + checks_json.size() +
              superseded_by_url.size());
  out += "{\"id\":";
  out += DumpJson(Json(std::string(id)), false);
  out += ",\"status\":\"";
  out += StateName(state);
  out += state == CredentialState::kValid ? "\",\"verified\":true" : "\",\"verified\":false";
  if (!superseded_by_url.empty()) {
    out += ",\"supersededBy\":";
    out += DumpJson(Json(superseded_by_url), false);
  }
  if (!note.reason.empty() || !note.reason_code.empty() || !note.at.empty()) {
    Json reason = Json::object();
    if (!note.reason_code.empty()) reason["code"] = note.reason_code;
    if (!note.reason.empty()) reason["reason"] = note.reason;
    if (!note.at.empty()) reason["since"] = note.at;
    out += ",\"statusReason\":";
    out += DumpJson(reason, false);
  }
  out += ",\"credential\":";
  out += fields_json;
  out += ",\"checks\":";
  out += checks_json;
  out += '}';
  return out;
}

std::string RenderVerificationPage(std::string_view id, CredentialState state,
                                   const PublicFields& fields,
                                   const std::string& superseded_by_url, const StatusNote& note,
                                   std::string_view contact,
                                   std::span<const Check> file_checks) {
  std::string html = page::PageStart("Certificate verification", "प्रमाणपत्र सत्यापन");
  html += page::VerdictBanner(state);
  html += page::StatusAdvice(state, note, contact);
  if (!superseded_by_url.empty()) {
    html += "<p>See the newer certificate <span lang=\"hi\">/ नया प्रमाणपत्र देखें</span>: <a href=\"" +
            Escape(superseded_by_url) + "\">" + Escape(superseded_by_url) + "</a></p>\n";
  }
  html += FileChecks(file_checks);
  return html + page::FieldList(fields) + page::PageEnd(id);
}

std::string RenderNotFoundPage(std::string_view id, std::string_view contact) {
  std::string html = page::PageStart("Certificate verification", "प्रमाणपत्र सत्यापन");
  html += "<div class=\"warning\" id=\"not-found\">\n"
          "<h2>Not found <span lang=\"hi\">/ नहीं मिला</span></h2>\n"
          "<p>There is no certificate with this number. Check the number (or scan the QR code "
          "again), or contact the issuer.</p>\n"
          "<p lang=\"hi\">इस संख्या का कोई प्रमाणपत्र नहीं है। संख्या जाँचें (या QR कोड फिर से "
          "स्कैन करें), या जारीकर्ता से संपर्क करें।</p>\n";
  if (!contact.empty()) {
    html += "<p>Issuer <span lang=\"hi\">/ जारीकर्ता</span>: " + ContactLink(contact) + "</p>\n";
  }
  html += "</div>\n" + LookupForm(id);
  return html + page::PageEnd(id);
}

std::string RenderLookupPage() {
  std::string html = page::PageStart("Certificate verification", "प्रमाणपत्र सत्यापन");
  html += LookupForm("");
  html += "<form method=\"post\" action=\"/v\" enctype=\"multipart/form-data\" "
          "class=\"lookup\">\n"
          "<label for=\"pdf\">A certificate PDF, such as one sent by email <span lang=\"hi\">"
          "/ प्रमाणपत्र की पीडीएफ़, जैसे ईमेल से आई</span></label>\n"
          "<input type=\"file\" id=\"pdf\" name=\"pdf\" accept=\"application/pdf,.pdf\" "
          "required>\n"
          "<button type=\"submit\">Check the PDF <span lang=\"hi\">/ पीडीएफ़ जाँचें</span>"
          "</button>\n"
          "</form>\n";
  html += "<form method=\"post\" action=\"/v/bulk\" class=\"lookup\">\n"
          "<label for=\"entries\">A list of certificates: one number or link per line, up to "
          "1,000 <span lang=\"hi\">/ प्रमाणपत्रों की सूची: प्रति पंक्ति एक संख्या या लिंक</span></label>\n"
          "<textarea id=\"entries\" name=\"entries\" rows=\"5\" required></textarea>\n"
          "<button type=\"submit\">Check the list (CSV file) <span lang=\"hi\">/ सूची जाँचें"
          "</span></button>\n"
          "</form>\n";
  html += "<h2>How to check a certificate <span lang=\"hi\">/ प्रमाणपत्र कैसे जाँचें</span></h2>\n"
          "<ul>\n"
          "<li>Scan the QR code on the certificate, or type the certificate number printed "
          "under it (capitals, spaces and dashes do not matter).</li>\n"
          "<li>Compare what this site shows with the paper: the name, the course or "
          "qualification, the dates, and for a qualification the NQR code, NSQF level, "
          "credits and grade. A difference means the paper was changed.</li>\n"
          "<li>A PDF that came by email: upload it above. This site checks that the PDF is "
          "exactly as the issuer signed it and that its printed text matches the signed "
          "record; nothing you upload is kept.</li>\n"
          "<li>Accept the certificate only if this site says <strong>Valid</strong>.</li>\n"
          "</ul>\n"
          "<ul lang=\"hi\">\n"
          "<li>प्रमाणपत्र का QR कोड स्कैन करें, या उसके नीचे छपी प्रमाणपत्र संख्या लिखें।</li>\n"
          "<li>यहाँ दिखाई गई जानकारी का कागज़ से मिलान करें: नाम, पाठ्यक्रम या योग्यता, तिथियाँ, और "
          "योग्यता के लिए एनक्यूआर कोड, एनएसक्यूएफ स्तर, क्रेडिट और ग्रेड। कोई अंतर हो तो कागज़ बदला "
          "गया है।</li>\n"
          "<li>ईमेल से आई पीडीएफ़ ऊपर अपलोड करें। यह साइट जाँचती है कि पीडीएफ़ वैसी ही है जैसी "
          "जारीकर्ता ने हस्ताक्षरित की थी और उसका छपा पाठ हस्ताक्षरित रिकॉर्ड से मेल खाता है; "
          "अपलोड की गई फ़ाइल रखी नहीं जाती।</li>\n"
          "<li>प्रमाणपत्र तभी स्वीकार करें जब यहाँ <strong>मान्य</strong> लिखा हो।</li>\n"
          "</ul>\n";
  return html + "</main>\n</body>\n</html>\n";
}

}  // namespace pramaan::api
