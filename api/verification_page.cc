#include "api/verification_page.h"

#include "core/time/display_date.h"

namespace pramaan::api {
namespace {

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
      return {"Superseded by a newer certificate", "नए प्रमाणपत्र द्वारा प्रतिस्थापित", "#8a5a00"};
    case CredentialState::kInvalid:
      return {"Not genuine: this certificate failed verification", "अमान्य: यह प्रमाणपत्र सत्यापित नहीं हुआ",
              "#a11d1d"};
  }
  return {"Not genuine", "अमान्य", "#a11d1d"};
}

std::string Row(const char* english, const char* hindi, const std::string& value,
                const std::string& value_hi) {
  std::string row = "<dt>" + std::string(english) + " <span lang=\"hi\">/ " + hindi +
                    "</span></dt>\n<dd>" + Escape(value);
  if (!value_hi.empty()) row += "<br><span lang=\"hi\">" + Escape(value_hi) + "</span>";
  return row + "</dd>\n";
}

// The document up to and including the page heading: one style for every page.
std::string PageStart() {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>Certificate verification / प्रमाणपत्र सत्यापन</title>\n"
         "<style>\n"
         "body{font-family:system-ui,'Noto Sans','Noto Sans Devanagari',sans-serif;margin:0;"
         "background:#f4f5f7;color:#1b1b1b;line-height:1.45}\n"
         "main{max-width:36rem;margin:0 auto;padding:1rem}\n"
         "h1{font-size:1.15rem;margin:.5rem 0 1rem}h2{font-size:1.3rem}\n"
         ".verdict{color:#fff;border-radius:.5rem;padding:1rem;font-size:1.3rem;font-weight:700;"
         "overflow-wrap:anywhere}\n"
         ".verdict span{display:block;font-size:1.1rem;font-weight:600}\n"
         "dl{background:#fff;border-radius:.5rem;padding:1rem;margin:1rem 0}\n"
         "dt{font-size:.875rem;color:#555;margin-top:.75rem}dt:first-child{margin-top:0}\n"
         "dd{margin:0;font-size:1.05rem;overflow-wrap:anywhere}\n"
         "a{color:#0b57d0}footer{font-size:.875rem;color:#555;overflow-wrap:anywhere}\n"
         "</style>\n</head>\n<body>\n<main>\n"
         "<h1>Certificate verification <span lang=\"hi\">/ प्रमाणपत्र सत्यापन</span></h1>\n";
}

std::string PageEnd(std::string_view id) {
  return "<footer>Certificate id <span lang=\"hi\">/ प्रमाणपत्र संख्या</span>: " + Escape(id) +
         "</footer>\n</main>\n</body>\n</html>\n";
}

}  // namespace

PublicFields ReadPublicFields(const Json& credential) {
  PublicFields fields;
  const Json& subject = Member(credential, "credentialSubject");
  fields.name = GetString(subject, "name");
  fields.name_hi = GetString(Member(subject, "nameLocalized"), "hi");
  const Json& achievement = Member(subject, "achievement");
  fields.achievement = GetString(achievement, "name");
  fields.achievement_hi = GetString(Member(achievement, "nameLocalized"), "hi");
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
  credential["name"] = fields.name;
  if (!fields.name_hi.empty()) credential["nameHi"] = fields.name_hi;
  credential["achievement"] = fields.achievement;
  if (!fields.achievement_hi.empty()) credential["achievementHi"] = fields.achievement_hi;
  credential["issuer"] = fields.issuer;
  credential["date"] = fields.date;
  return DumpJson(credential, false);
}

std::string PublicReportText(std::string_view id, CredentialState state,
                             std::string_view fields_json, std::string_view checks_json,
                             const std::string& superseded_by_url) {
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
  out += ",\"credential\":";
  out += fields_json;
  out += ",\"checks\":";
  out += checks_json;
  out += '}';
  return out;
}

std::string RenderVerificationPage(std::string_view id, CredentialState state,
                                   const PublicFields& fields,
                                   const std::string& superseded_by_url) {
  const Verdict verdict = VerdictOf(state);
  std::string html = PageStart();
  html += "<p class=\"verdict\" id=\"verdict\" data-status=\"" + std::string(StateName(state)) +
          "\" style=\"background:" + verdict.colour + "\">" + verdict.english +
          "<span lang=\"hi\">" + verdict.hindi + "</span></p>\n";
  if (!superseded_by_url.empty()) {
    html += "<p>See the newer certificate <span lang=\"hi\">/ नया प्रमाणपत्र देखें</span>: <a href=\"" +
            Escape(superseded_by_url) + "\">" + Escape(superseded_by_url) + "</a></p>\n";
  }
  html += "<dl>\n";
  html += Row("Name", "नाम", fields.name, fields.name_hi);
  html += Row("Achievement", "उपलब्धि", fields.achievement, fields.achievement_hi);
  html += Row("Issued by", "जारीकर्ता", fields.issuer, "");
  const std::string shown_date = FormatDisplayDate(fields.date);
  html += Row("Issued on", "जारी करने की तिथि", shown_date.empty() ? fields.date : shown_date, "");
  html += "</dl>\n";
  return html + PageEnd(id);
}

std::string RenderNotFoundPage(std::string_view id) {
  std::string html = PageStart();
  html += "<h2>Not found <span lang=\"hi\">/ नहीं मिला</span></h2>\n"
          "<p>There is no credential with this id here. Check that the address is exactly the "
          "one in the certificate's QR code.</p>\n"
          "<p lang=\"hi\">इस संख्या का कोई प्रमाणपत्र यहाँ जारी नहीं हुआ है। जाँच लें कि पता वही है जो "
          "प्रमाणपत्र के QR कोड में है।</p>\n";
  return html + PageEnd(id);
}

}  // namespace pramaan::api
