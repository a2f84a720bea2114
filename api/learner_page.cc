#include "api/learner_page.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "api/page_parts.h"

namespace pramaan::api {
namespace {

using page::Escape;

// `text` percent-encoded for a query parameter's value.
std::string QueryValue(std::string_view text) {
  return boost::urls::encode(text, boost::urls::unreserved_chars);
}

// A link styled as a button; `download` asks the browser to save it rather than open it.
std::string Button(std::string_view id, std::string_view href, std::string_view english,
                   std::string_view hindi, bool download = false, bool external = false) {
  std::string html = "<a class=\"button\" id=\"" + std::string(id) + "\" href=\"" +
                     Escape(href) + "\"";
  if (download) html += " download";
  if (external) html += " target=\"_blank\" rel=\"noopener noreferrer\"";
  return html + ">" + std::string(english) + " <span lang=\"hi\">/ " + std::string(hindi) +
         "</span></a>\n";
}

// Why nothing is handed out, in the state's words.
std::string Withheld(CredentialState state) {
  std::string english = "This certificate cannot be downloaded or shared: ";
  std::string hindi = "यह प्रमाणपत्र डाउनलोड या साझा नहीं किया जा सकता: ";
  switch (state) {
    case CredentialState::kRevoked:
      english += "it has been revoked.";
      hindi += "इसे निरस्त कर दिया गया है।";
      break;
    case CredentialState::kSuspended:
      english += "it is suspended. Contact the issuer.";
      hindi += "यह निलंबित है। जारीकर्ता से संपर्क करें।";
      break;
    case CredentialState::kSuperseded:
      english += "it was replaced by a newer certificate.";
      hindi += "इसके स्थान पर नया प्रमाणपत्र जारी किया गया है।";
      break;
    default:
      english += "it did not pass verification. Contact the issuer.";
      hindi += "यह सत्यापित नहीं हुआ। जारीकर्ता से संपर्क करें।";
      break;
  }
  return "<p id=\"withheld\">" + english + " <span lang=\"hi\">" + hindi + "</span></p>\n";
}

}  // namespace

bool LearnerMayDownload(CredentialState state) {
  return state == CredentialState::kValid || state == CredentialState::kExpired;
}

std::string LinkedInAddUrl(const PublicFields& fields, std::string_view verification_url,
                           std::string_view id) {
  const std::string& organisation =
      fields.kind == AchievementKind::kQualification && !fields.awarding_body.empty()
          ? fields.awarding_body
          : fields.issuer;
  std::string url = "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=" +
                    QueryValue(fields.achievement) + "&organizationName=" +
                    QueryValue(organisation);
  // fields.date is YYYY-MM-DD (validFrom); the month without its leading zero.
  const std::string& date = fields.date;
  const auto digits = [&](size_t from, size_t count) {
    for (size_t i = from; i < from + count; ++i) {
      if (i >= date.size() || date[i] < '0' || date[i] > '9') return false;
    }
    return true;
  };
  if (digits(0, 4) && date.size() > 4 && date[4] == '-' && digits(5, 2)) {
    const int month = (date[5] - '0') * 10 + (date[6] - '0');
    url += "&issueYear=" + date.substr(0, 4) + "&issueMonth=" + std::to_string(month);
  }
  return url + "&certUrl=" + QueryValue(verification_url) + "&certId=" + QueryValue(id);
}

std::string RenderLearnerPage(const LearnerPage& page) {
  std::string html = page::PageStart("Your certificate", "आपका प्रमाणपत्र");
  html += page::VerdictBanner(page.state);
  html += page::StatusAdvice(page.state, page.note, page.contact, page::Reader::kLearner);
  if (!page.newer.empty()) {
    html += "<p>" + Button("newer", page.newer, "Open your new certificate",
                           "अपना नया प्रमाणपत्र खोलें") + "</p>\n";
  }
  html += page::FieldList(page.fields);
  html += "<section class=\"actions\" id=\"actions\">\n<h2>Download and share <span "
          "lang=\"hi\">/ डाउनलोड करें और साझा करें</span></h2>\n";
  if (!LearnerMayDownload(page.state)) {
    html += Withheld(page.state);
  } else {
    switch (page.pdf_state) {
      case LearnerPdf::kReady:
        html += Button("download-pdf", page.pdf, "Download PDF", "पीडीएफ़ डाउनलोड करें", true);
        break;
      case LearnerPdf::kBeingMade:
        html += "<p id=\"pdf-pending\">Your PDF is still being made: open this page again in a "
                "minute. <span lang=\"hi\">आपकी पीडीएफ़ अभी बन रही है: एक मिनट बाद यह पृष्ठ फिर "
                "से खोलें।</span></p>\n";
        break;
      case LearnerPdf::kNone:
        break;
    }
    html += Button("download-credential", page.credential,
                   "Download credential (for digital wallets)",
                   "क्रेडेंशियल डाउनलोड करें (डिजिटल वॉलेट के लिए)", true);
    html += Button("linkedin", LinkedInAddUrl(page.fields, page.verification, page.id),
                   "Add to LinkedIn", "लिंक्डइन प्रोफ़ाइल में जोड़ें", false, true);
    if (page.digilocker) {
      html += "<p id=\"digilocker\">To keep it in DigiLocker, open <a href=\"https://"
              "www.digilocker.gov.in/\" rel=\"noopener noreferrer\">DigiLocker</a>, search "
              "for " + Escape(page.fields.awarding_body.empty() ? page.fields.issuer
                                                                  : page.fields.awarding_body) +
              " and enter your APAAR id. <span lang=\"hi\">इसे डिजीलॉकर में रखने के लिए "
              "डिजीलॉकर खोलें, जारीकर्ता खोजें और अपनी अपार आईडी दर्ज करें।</span></p>\n";
    }
    html += "<label for=\"share-link\">Link for anyone to check it <span lang=\"hi\">/ जाँच के "
            "लिए साझा करने का लिंक</span></label>\n<input id=\"share-link\" type=\"url\" "
            "readonly value=\"" + Escape(page.verification) + "\">\n"
            "<button type=\"button\" id=\"copy\" data-copy=\"share-link\" hidden>Copy link "
            "<span lang=\"hi\">/ लिंक कॉपी करें</span></button>\n"
            "<p id=\"copied\" role=\"status\"></p>\n";
  }
  html += "</section>\n<p class=\"private\">This page is yours alone: whoever has its link can "
          "download your certificate. To show it to others, share the link to check it. <span "
          "lang=\"hi\">यह पृष्ठ केवल आपके लिए है: जिसके पास इसका लिंक है वह आपका प्रमाणपत्र डाउनलोड "
          "कर सकता है। दूसरों को दिखाने के लिए जाँच का लिंक साझा करें।</span></p>\n"
          "<script src=\"/learner.js\" defer></script>\n";
  return html + page::PageEnd(page.id);
}

std::string RenderLinkRefusedPage(std::string_view contact) {
  std::string html = page::PageStart("Your certificate", "आपका प्रमाणपत्र");
  html += "<div class=\"warning\" id=\"refused\">\n<p><strong>This link has expired or is not "
          "complete.</strong> <span lang=\"hi\">यह लिंक समाप्त हो गया है या अधूरा है।</span></p>\n"
          "<p>Open your certificate again from the learning platform, which gives you a new "
          "link. <span lang=\"hi\">लर्निंग प्लेटफ़ॉर्म से अपना प्रमाणपत्र फिर से खोलें, वहाँ से "
          "नया लिंक मिलेगा।</span></p>\n";
  if (!contact.empty()) {
    html += "<p>Issuer <span lang=\"hi\">/ जारीकर्ता</span>: " + page::ContactLink(contact) +
            "</p>\n";
  }
  return html + "</div>\n" + page::PageEnd("");
}

std::string_view LearnerScript() {
  // The copy button: shown only where scripts run and the clipboard can be written.
  return "'use strict';\n"
         "document.querySelectorAll('button[data-copy]').forEach(function (button) {\n"
         "  if (!navigator.clipboard) return;\n"
         "  button.hidden = false;\n"
         "  button.addEventListener('click', function () {\n"
         "    var field = document.getElementById(button.dataset.copy);\n"
         "    navigator.clipboard.writeText(field.value).then(function () {\n"
         "      document.getElementById('copied').textContent =\n"
         "          'Copied / \\u0915\\u0949\\u092a\\u0940 \\u0939\\u094b \\u0917\\u092f\\u093e';\n"
         "    }, function () { field.select(); });\n"
         "  });\n"
         "});\n";
}

}  // namespace pramaan::api
