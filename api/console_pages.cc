#include "api/console_pages.h"

#include <algorithm>
#include <cstdio>

#include "api/page_parts.h"
#include "core/json/json.h"

namespace pramaan::api::console {
namespace {

using page::Escape;

// The console's additions to the pages' style: wider, with tables that scroll inside their
// box on a phone instead of widening the page.
constexpr std::string_view kConsoleStyle =
    "main{max-width:64rem}\n"
    "nav{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center;background:#fff;"
    "border-radius:.5rem;padding:.5rem 1rem;margin-bottom:1rem}\n"
    "nav form{margin:0 0 0 auto}\n"
    ".table-wrap{overflow-x:auto;background:#fff;border-radius:.5rem;margin:1rem 0}\n"
    "table{border-collapse:collapse;width:100%;font-size:.95rem}\n"
    "caption{text-align:left;font-weight:600;padding:.75rem .5rem .25rem}\n"
    "th,td{text-align:left;padding:.5rem;border-bottom:1px solid #ccc;vertical-align:top}\n"
    "thead th{background:#e8ecf3}\n"
    "td form{margin:.25rem 0}td input[type=text]{font-size:.95rem;padding:.3rem;"
    "border:1px solid #555;border-radius:.25rem;max-width:12rem;font-family:inherit}\n"
    "button{font-family:inherit}\n"
    "button.plain{position:relative;font-size:.95rem;padding:.3rem .75rem;background:#fff;color:#0b57d0;"
    "border:2px solid #0b57d0;border-radius:.25rem}\n"
    ".notice{background:#e6f4ea;border:2px solid #1e6b32;border-radius:.5rem;padding:0 1rem;"
    "margin:1rem 0}\n"
    ".token{font-family:monospace;font-size:1.05rem;overflow-wrap:anywhere;background:#fff;"
    "border:1px dashed #555;padding:.5rem}\n"
    ".lookup fieldset{border:0;padding:0;margin:.75rem 0}\n"
    ".lookup legend{font-weight:600;padding:0}\n"
    ".lookup fieldset label{display:inline-block;font-weight:400;margin:.25rem 1.25rem .25rem 0}\n"
    ".lookup input[type=checkbox]{width:auto}\n"
    ".lookup .hint{font-size:.9rem;color:#444;margin:.25rem 0}\n"
    "progress{width:100%;height:1.25rem}\n"
    ".visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}\n";

std::string Start() { return page::PageStart("Awarding console", "प्रदान कंसोल", kConsoleStyle); }

// Text in English followed by its Hindi.
std::string Both(std::string_view english, std::string_view hindi) {
  return std::string(english) + " <span lang=\"hi\">/ " + std::string(hindi) + "</span>";
}

std::string HiddenCsrf(std::string_view csrf) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + Escape(csrf) + "\">\n";
}

bool Has(const awarding::Actor& actor, awarding::Role role) {
  return std::find(actor.roles.begin(), actor.roles.end(), role) != actor.roles.end();
}

std::string RolesText(const awarding::Actor& actor) {
  std::string roles;
  for (awarding::Role role : actor.roles) {
    roles += (roles.empty() ? "" : ", ") + std::string(awarding::RoleName(role));
  }
  return roles;
}

// The bar on every signed-in page: who, where to go, sign-out.
std::string Nav(const Viewer& viewer) {
  std::string html = "<nav aria-label=\"Console\">\n<span id=\"user\">" +
                     Escape(viewer.actor.name) + " (" + Escape(RolesText(viewer.actor)) +
                     (viewer.actor.agency.empty() ? "" : ", " + Escape(viewer.actor.agency)) +
                     ")</span>\n<a href=\"/console\">" + Both("Batches", "बैच") + "</a>\n"
                     "<a href=\"/console/catalogue\">" + Both("Catalogue", "सूची") + "</a>\n";
  if (Has(viewer.actor, awarding::Role::kAdministrator)) {
    html += "<a href=\"/console/users\">" + Both("Users", "उपयोगकर्ता") + "</a>\n";
  }
  return html + "<form method=\"post\" action=\"/console/sign-out\">\n" +
         HiddenCsrf(viewer.csrf) + "<button type=\"submit\" class=\"plain\" id=\"sign-out\">" +
         Both("Sign out", "साइन आउट") + "</button>\n</form>\n</nav>\n";
}

std::string Problem(std::string_view problem) {
  if (problem.empty()) return "";
  return "<div class=\"warning\" id=\"problem\" role=\"alert\">\n<p>" + std::string(problem) +
         "</p>\n</div>\n";
}

// The start of a table in a box that scrolls sideways on a narrow screen (and can be scrolled
// from the keyboard: it takes focus, named by `label`), with its caption (HTML).
std::string TableStart(std::string_view id, std::string_view label, std::string_view caption) {
  return "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"" +
         std::string(label) + "\">\n<table id=\"" + std::string(id) + "\">\n<caption>" +
         std::string(caption) + "</caption>\n";
}

// A column heading in English and Hindi.
std::string Header(std::string_view english, std::string_view hindi) {
  return "<th scope=\"col\">" + Both(english, hindi) + "</th>";
}

// A batch state as people read it.
std::string StateText(store::BatchState state) {
  switch (state) {
    case store::BatchState::kSubmitted: return Both("submitted", "जमा");
    case store::BatchState::kInReview: return Both("in review", "जाँच में");
    case store::BatchState::kApproved: return Both("approved", "स्वीकृत");
    case store::BatchState::kSentBack: return Both("sent back", "लौटाया गया");
    case store::BatchState::kAwarded: return Both("awarded", "प्रदान किया गया");
  }
  return "";
}

// An APAAR id as the console shows it: its last four digits only.
std::string MaskedApaar(std::string_view apaar) {
  if (apaar.size() <= 4) return Escape(apaar);
  return "<span aria-label=\"ending " + Escape(apaar.substr(apaar.size() - 4)) + "\">" +
         "&#8226;&#8226;&#8226;&#8226;&#8226;&#8226;&#8226;&#8226;" +
         Escape(apaar.substr(apaar.size() - 4)) + "</span>";
}

// "corrected by batch X" (a link) for a batch sent back and corrected since, else "".
std::string CorrectedBy(const store::BatchRow& batch, const Corrections& corrections) {
  const auto it = corrections.find(batch.id);
  if (it == corrections.end() || it->second.empty()) return "";
  return "<br><small>" + Both("corrected by batch", "सुधार: बैच") + " <a href=\"/console/batches/" +
         Escape(it->second) + "\">" + Escape(it->second) + "</a></small>";
}

// A table of batches with the caption `caption` (HTML) and id `id`; "" when `batches` is
// empty.
std::string BatchTable(std::string_view id, std::string_view label, std::string_view caption,
                       const std::vector<const store::BatchRow*>& batches,
                       const Corrections& corrections) {
  if (batches.empty()) return "";
  std::string html = TableStart(id, label, caption) + "<thead><tr>" +
                     Header("Batch", "बैच") + Header("Agency", "एजेंसी") +
                     Header("State", "स्थिति") + Header("Submitted", "जमा") +
                     Header("Reason", "कारण") + "</tr></thead>\n<tbody>\n";
  for (const store::BatchRow* batch : batches) {
    html += "<tr data-batch=\"" + Escape(batch->id) + "\" data-state=\"" +
            std::string(store::BatchStateName(batch->state)) + "\"><td><a href=\"/console/batches/" +
            Escape(batch->id) + "\">" + Escape(batch->id) + "</a></td><td>" +
            Escape(batch->agency) + "</td><td>" + StateText(batch->state) + "</td><td>" +
            Escape(batch->submitted_by) + "<br><small>" + Escape(batch->submitted_at) +
            "</small></td><td>" + Escape(batch->decision_reason) + CorrectedBy(*batch, corrections) +
            "</td></tr>\n";
  }
  return html + "</tbody>\n</table>\n</div>\n";
}

// The upload form of a submitter; `resubmits` names the batch sent back that it replaces.
std::string UploadForm(const Viewer& viewer, std::string_view resubmits) {
  const std::string heading = resubmits.empty()
                                  ? Both("Submit results", "परिणाम जमा करें")
                                  : Both("Submit corrected results", "सुधरे परिणाम जमा करें");
  return "<form method=\"post\" action=\"/console/submit\" enctype=\"multipart/form-data\" "
         "class=\"lookup\" id=\"upload\">\n<h2>" + heading + "</h2>\n" + HiddenCsrf(viewer.csrf) +
         (resubmits.empty() ? std::string()
                            : "<input type=\"hidden\" name=\"resubmits\" value=\"" +
                                  Escape(resubmits) + "\">\n") +
         "<label for=\"results\">" + Both("Results file (CSV or JSON)", "परिणाम फ़ाइल (CSV या JSON)") +
         "</label>\n<input id=\"results\" name=\"results\" type=\"file\" "
         "accept=\".csv,.json,text/csv,application/json\" required>\n"
         "<p class=\"hint\">One row per candidate: candidate_id, name, name_hi, apaar_id, "
         "nqr_code, assessment_date, result, grade, marks, max_marks. Each row is checked "
         "alone; a refused row is listed with its line and the rest go on. <span lang=\"hi\">"
         "हर पंक्ति अलग से जाँची जाती है।</span></p>\n<button type=\"submit\">" +
         Both("Submit for review", "जाँच के लिए भेजें") + "</button>\n</form>\n";
}

std::string RefusedList(std::string_view id, const std::vector<awarding::RecordError>& refused) {
  std::string html = "<ul id=\"" + std::string(id) + "\">\n";
  for (const awarding::RecordError& error : refused) {
    html += "<li><strong>" + Escape(error.where) + "</strong>: " + Escape(error.error) + "</li>\n";
  }
  return html + "</ul>\n";
}

}  // namespace

std::string SignInPage(std::string_view problem) {
  return Start() + Problem(problem) +
         "<form method=\"post\" action=\"/console/sign-in\" class=\"lookup\">\n"
         "<label for=\"token\">" + Both("Your awarding token", "आपका टोकन") + "</label>\n"
         "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required>\n"
         "<button type=\"submit\">" + Both("Sign in", "साइन इन करें") + "</button>\n</form>\n"
         "<p>An administrator gives you your token (on the console's Users page, or "
         "<code>pramaan award user add</code>). <span lang=\"hi\">आपका टोकन प्रशासक देते हैं।"
         "</span></p>\n" + page::PageEnd("");
}

std::string ProblemPage(const Viewer* viewer, std::string_view problem) {
  std::string html = Start();
  if (viewer != nullptr) html += Nav(*viewer);
  return html + Problem(problem) + "<p><a href=\"/console\">" +
         Both("Back to the console", "कंसोल पर लौटें") + "</a></p>\n" + page::PageEnd("");
}

std::string HomePage(const Viewer& viewer, const std::vector<store::BatchRow>& batches,
                     const Corrections& corrections) {
  const awarding::Actor& actor = viewer.actor;
  std::string html = Start() + Nav(viewer);
  std::vector<const store::BatchRow*> first, rest;
  std::string first_id, first_label, first_caption;
  if (Has(actor, awarding::Role::kSubmitter)) {
    html += UploadForm(viewer, "");
    first_id = "sent-back";
    first_label = "Sent back to you";
    first_caption = Both("Sent back to you: correct and submit again", "आपको लौटाए गए: सुधार कर फिर जमा करें");
  }
  if (Has(actor, awarding::Role::kApprover)) {
    first_id = "queue";
    first_label = "Awaiting your review";
    first_caption = Both("Awaiting your review", "आपकी जाँच के लिए");
  }
  if (Has(actor, awarding::Role::kAdministrator)) {
    first_id = "to-award";
    first_label = "Approved, ready to award";
    first_caption = Both("Approved, ready to award", "स्वीकृत, प्रदान के लिए तैयार");
  }
  for (const store::BatchRow& batch : batches) {
    bool urgent = false;
    if (first_id == "sent-back") {
      urgent = batch.state == store::BatchState::kSentBack && !corrections.contains(batch.id);
    }
    if (first_id == "queue") {
      urgent = (batch.state == store::BatchState::kSubmitted ||
                batch.state == store::BatchState::kInReview) &&
               batch.submitted_by != actor.name;
    }
    if (first_id == "to-award") urgent = batch.state == store::BatchState::kApproved;
    (urgent ? first : rest).push_back(&batch);
  }
  if (batches.empty()) {
    return html + "<p id=\"no-batches\">" + Both("No batches yet.", "अभी कोई बैच नहीं।") +
           "</p>\n" + page::PageEnd("");
  }
  if (!first_id.empty() && first.empty()) {
    html += "<p id=\"" + first_id + "-empty\">" + Both("Nothing waits for you.", "आपके लिए कुछ लंबित नहीं।") +
            "</p>\n";
  }
  html += BatchTable(first_id, first_label, first_caption, first, corrections);
  html += BatchTable("batches", "All batches", Both("All batches", "सभी बैच"), rest, corrections);
  return html + page::PageEnd("");
}

std::string SubmitReportPage(const Viewer& viewer, const awarding::SubmitReport& report,
                             std::string_view source, std::string_view problem) {
  std::string html = Start() + Nav(viewer) + Problem(problem);
  if (report.batch_id.empty()) {
    html += Problem("No result in " + Escape(source) + " could be submitted, so no batch was "
                    "made. <span lang=\"hi\">कोई परिणाम जमा नहीं हुआ।</span>");
  } else {
    html += "<div class=\"notice\" id=\"submitted\" role=\"status\">\n<p>" +
            Escape(source) + ": batch <a href=\"/console/batches/" + Escape(report.batch_id) +
            "\" id=\"new-batch\">" + Escape(report.batch_id) + "</a> submitted for review with " +
            std::to_string(report.accepted) + " result" + (report.accepted == 1 ? "" : "s") +
            (report.refused.empty() ? std::string(".")
                                    : "; " + std::to_string(report.refused.size()) + " row" +
                                          (report.refused.size() == 1 ? " was" : "s were") +
                                          " refused (below).") +
            " <span lang=\"hi\">बैच जाँच के लिए भेजा गया।</span></p>\n</div>\n";
  }
  if (!report.refused.empty()) {
    html += "<h2>" + Both("Refused rows", "अस्वीकृत पंक्तियाँ") + "</h2>\n<p>" +
            Both("Correct these rows and submit them in a new file.",
                 "इन पंक्तियों को सुधारकर नई फ़ाइल में जमा करें।") + "</p>\n" +
            RefusedList("refused", report.refused);
  }
  return html + "<p><a href=\"/console\">" + Both("Back to the batches", "बैचों पर लौटें") +
         "</a></p>\n" + page::PageEnd("");
}

std::string BatchPage(const Viewer& viewer, const BatchView& view, std::string_view problem) {
  const awarding::Actor& actor = viewer.actor;
  const store::BatchRow& batch = view.batch;
  const std::string base = "/console/batches/" + Escape(batch.id);
  std::string html = Start() + Nav(viewer) + Problem(problem);
  html += "<h2>" + Both("Batch", "बैच") + " " + Escape(batch.id) + "</h2>\n";
  html += "<dl>\n<dt>" + Both("State", "स्थिति") + "</dt><dd id=\"state\" data-state=\"" +
          std::string(store::BatchStateName(batch.state)) + "\">" + StateText(batch.state) +
          "</dd>\n<dt>" + Both("Agency", "एजेंसी") + "</dt><dd>" + Escape(batch.agency) +
          "</dd>\n<dt>" + Both("Submitted by", "जमाकर्ता") + "</dt><dd>" +
          Escape(batch.submitted_by) + ", " + Escape(batch.submitted_at) + "</dd>\n";
  if (!batch.decided_by.empty()) {
    html += "<dt>" + Both("Decided by", "निर्णयकर्ता") + "</dt><dd>" + Escape(batch.decided_by) +
            ", " + Escape(batch.decided_at) + "</dd>\n";
  }
  if (!batch.decision_reason.empty()) {
    html += "<dt>" + Both("Reason", "कारण") + "</dt><dd id=\"reason\">" +
            Escape(batch.decision_reason) + "</dd>\n";
  }
  if (!batch.awarded_by.empty()) {
    html += "<dt>" + Both("Awarded by", "प्रदानकर्ता") + "</dt><dd>" + Escape(batch.awarded_by) +
            ", " + Escape(batch.awarded_at) + "</dd>\n";
  }
  html += "</dl>\n<p><a href=\"" + base + "/log\" id=\"log-link\">" +
          Both("Audit log of this batch", "इस बैच का लेखा-जोखा") + "</a></p>\n";

  // The steps this viewer may take now.
  const bool open = batch.state == store::BatchState::kSubmitted ||
                    batch.state == store::BatchState::kInReview;
  if (Has(actor, awarding::Role::kApprover) && open && batch.submitted_by != actor.name) {
    html += "<form method=\"post\" action=\"" + base + "/approve\" class=\"lookup\" "
            "id=\"approve\">\n" + HiddenCsrf(viewer.csrf) + "<label for=\"approve-reason\">" +
            Both("Note (optional)", "टिप्पणी (वैकल्पिक)") + "</label>\n<input id=\"approve-reason\" "
            "name=\"reason\" type=\"text\">\n<button type=\"submit\">" +
            Both("Approve", "स्वीकृत करें") + "</button>\n</form>\n";
    html += "<form method=\"post\" action=\"" + base + "/send-back\" class=\"lookup\" "
            "id=\"send-back\">\n" + HiddenCsrf(viewer.csrf) + "<label for=\"send-back-reason\">" +
            Both("Why it goes back to the agency", "एजेंसी को लौटाने का कारण") + "</label>\n"
            "<input id=\"send-back-reason\" name=\"reason\" type=\"text\" required>\n"
            "<button type=\"submit\">" + Both("Send back", "वापस भेजें") + "</button>\n</form>\n";
  } else if (Has(actor, awarding::Role::kApprover) && open) {
    html += "<p id=\"own-batch\">" + Both("You submitted this batch, so another approver reviews it.",
                                           "यह बैच आपने जमा किया है; इसकी जाँच कोई अन्य करेगा।") +
            "</p>\n";
  }
  if (!view.corrected_by.empty()) {
    html += "<p id=\"corrected-by\">" + Both("Corrected by batch", "सुधार: बैच") +
            " <a href=\"/console/batches/" + Escape(view.corrected_by) + "\">" +
            Escape(view.corrected_by) + "</a></p>\n";
  } else if (Has(actor, awarding::Role::kSubmitter) && batch.agency == actor.agency &&
             batch.state == store::BatchState::kSentBack) {
    html += UploadForm(viewer, batch.id);
  }
  int64_t passed = 0, issued = 0;
  for (const store::ResultRow& row : batch.results) {
    passed += row.passed ? 1 : 0;
    issued += row.credential_id.empty() ? 0 : 1;
  }
  if (view.awarding) {
    // Progress, read from the registry each time the page comes back (every 3 s).
    html += "<section class=\"lookup\" id=\"award-progress\" aria-live=\"polite\">\n<h2>" +
            Both("Awarding", "प्रदान जारी") + "</h2>\n<progress max=\"" + std::to_string(passed) +
            "\" value=\"" + std::to_string(issued) + "\" aria-label=\"Certificates issued\">" +
            std::to_string(issued) + "</progress>\n<p>" + std::to_string(issued) + " of " +
            std::to_string(passed) + " certificates issued. <span lang=\"hi\">" +
            std::to_string(passed) + " में से " + std::to_string(issued) +
            " प्रमाणपत्र जारी।</span> This page refreshes itself.</p>\n</section>\n";
  } else if (Has(actor, awarding::Role::kAdministrator) &&
             batch.state == store::BatchState::kApproved) {
    html += Problem(view.award_failure.empty()
                        ? ""
                        : "The last award stopped: " + Escape(view.award_failure) +
                              " What was issued is kept; award again to go on.");
    html += "<form method=\"post\" action=\"" + base + "/award\" class=\"lookup\" id=\"award\">\n" +
            HiddenCsrf(viewer.csrf) + "<p>" + std::to_string(passed) + " of " +
            std::to_string(batch.results.size()) + " candidates passed; each gets a signed "
            "certificate." + (issued > 0 ? " " + std::to_string(issued) + " already issued." : "") +
            "</p>\n<button type=\"submit\">" + Both("Award the qualifications", "योग्यताएँ प्रदान करें") +
            "</button>\n</form>\n";
  }

  html += TableStart("results", "Results",
                     Both("Results", "परिणाम") + " (" + std::to_string(batch.results.size()) + ")") +
          "<thead><tr>" + Header("Candidate", "अभ्यर्थी") +
          Header("APAAR id", "अपार आईडी") + Header("Qualification", "योग्यता") +
          Header("NSQF level", "एनएसक्यूएफ स्तर") + Header("Result", "परिणाम") +
          Header("Grade / marks", "ग्रेड / अंक") + Header("Checks", "जाँच") +
          (issued > 0 ? Header("Certificate", "प्रमाणपत्र") : "") + "</tr></thead>\n<tbody>\n";
  for (const store::ResultRow& row : batch.results) {
    const Json result = Json::parse(row.result_json, nullptr, false);
    const auto text = [&](const char* name) {
      if (!result.is_object() || !result.contains(name) || result[name].is_null()) return std::string();
      return Escape(result[name].is_string() ? result[name].get<std::string>() : result[name].dump());
    };
    const auto qualification = view.qualifications.find(row.nqr_code);
    const bool known = qualification != view.qualifications.end();
    std::string marks = text("grade");
    if (!text("marks").empty()) {
      marks += (marks.empty() ? "" : ", ") + text("marks") +
               (text("max_marks").empty() ? "" : " / " + text("max_marks"));
    }
    html += "<tr data-candidate=\"" + Escape(row.candidate_id) + "\"><td>" + text("name") +
            (text("name_hi").empty() ? "" : "<br><span lang=\"hi\">" + text("name_hi") + "</span>") +
            "<br><small>" + Escape(row.candidate_id) + "</small></td><td>" +
            MaskedApaar(row.apaar_id) + "</td><td>" +
            (known ? Escape(qualification->second.title) + "<br>" : std::string()) + "<small>" +
            Escape(row.nqr_code) + "</small></td><td>" +
            (known ? std::to_string(qualification->second.nsqf_level) : std::string()) + "</td><td>" +
            (row.passed ? Both("pass", "उत्तीर्ण") : Both("fail", "अनुत्तीर्ण")) + "</td><td>" + marks +
            "</td><td>&#10003; " + Both("APAAR id, qualification, date, marks", "सभी जाँच सफल") +
            "</td>";
    if (issued > 0) {
      html += "<td>" + (row.credential_id.empty()
                            ? std::string()
                            : "<a href=\"" + Escape(view.public_base) + "/v/" +
                                  Escape(row.credential_id) + "\" class=\"certificate\">" +
                                  Escape(row.credential_id) + "</a>") + "</td>";
    }
    html += "</tr>\n";
  }
  html += "</tbody>\n</table>\n</div>\n";
  const Json refused = Json::parse(batch.refused_json, nullptr, false);
  if (refused.is_array() && !refused.empty()) {
    html += "<h3>" + Both("Rows refused at submission", "जमा करते समय अस्वीकृत पंक्तियाँ") +
            "</h3>\n<ul id=\"refused\">\n";
    for (const Json& entry : refused) {
      if (!entry.is_object()) continue;
      html += "<li><strong>" + Escape(entry.value("where", "")) + "</strong>: " +
              Escape(entry.value("error", "")) + "</li>\n";
    }
    html += "</ul>\n";
  }
  return html + page::PageEnd("");
}

std::string LogPage(const Viewer& viewer, std::string_view batch_id,
                    const std::vector<store::AwardingEvent>& events) {
  std::string html = Start() + Nav(viewer);
  html += "<p><a href=\"/console/batches/" + Escape(batch_id) + "\">&#8592; " +
          Both("Batch", "बैच") + " " + Escape(batch_id) + "</a></p>\n";
  html += TableStart("log", "Audit log", Both("Audit log", "लेखा-जोखा")) + "<thead><tr>" + Header("When", "कब") +
          Header("Who", "किसने") + Header("What", "क्या") + Header("Reason", "कारण") +
          "</tr></thead>\n<tbody>\n";
  for (const store::AwardingEvent& event : events) {
    html += "<tr data-action=\"" + Escape(event.action) + "\"><td>" + Escape(event.at) +
            "</td><td>" + Escape(event.actor) + "</td><td>" + Escape(event.action) + "</td><td>" +
            Escape(event.reason) + "</td></tr>\n";
  }
  return html + "</tbody>\n</table>\n</div>\n" + page::PageEnd("");
}

std::string CataloguePage(const Viewer& viewer,
                          const std::vector<awarding::Qualification>& catalogue,
                          const awarding::ImportReport* report, std::string_view problem) {
  const bool administrator = Has(viewer.actor, awarding::Role::kAdministrator);
  std::string html = Start() + Nav(viewer) + Problem(problem);
  if (report != nullptr) {
    html += "<div class=\"notice\" id=\"imported\" role=\"status\">\n<p>" +
            std::to_string(report->imported) + " entr" + (report->imported == 1 ? "y" : "ies") +
            " imported" + (report->refused.empty() ? "." : "; " + std::to_string(report->refused.size()) +
                                                           " refused (below).") +
            " <span lang=\"hi\">प्रविष्टियाँ जोड़ी गईं।</span></p>\n</div>\n";
    if (!report->refused.empty()) html += RefusedList("refused", report->refused);
  }
  if (administrator) {
    html += "<form method=\"post\" action=\"/console/catalogue/import\" "
            "enctype=\"multipart/form-data\" class=\"lookup\" id=\"import\">\n<h2>" +
            Both("Import qualifications", "योग्यताएँ जोड़ें") + "</h2>\n" + HiddenCsrf(viewer.csrf) +
            "<label for=\"catalogue\">" + Both("Catalogue file (CSV or JSON)", "सूची फ़ाइल (CSV या JSON)") +
            "</label>\n<input id=\"catalogue\" name=\"catalogue\" type=\"file\" "
            "accept=\".csv,.json,text/csv,application/json\" required>\n<p class=\"hint\">"
            "nqr_code, title, title_hi, nsqf_level, notional_hours, sector, version, valid_from, "
            "valid_until. An entry with an NQR code already listed replaces it.</p>\n"
            "<button type=\"submit\">" + Both("Import", "जोड़ें") + "</button>\n</form>\n";
  }
  if (catalogue.empty()) {
    return html + "<p id=\"no-qualifications\">" +
           Both("The catalogue is empty.", "सूची खाली है।") + "</p>\n" + page::PageEnd("");
  }
  html += TableStart("catalogue-table", "Qualifications", Both("Qualifications", "योग्यताएँ")) +
          "<thead><tr>" +
          Header("NQR code", "एनक्यूआर कोड") + Header("Title", "शीर्षक") +
          Header("NSQF level", "स्तर") + Header("Credits", "क्रेडिट") +
          Header("Valid", "वैधता") + Header("Status", "स्थिति") + "</tr></thead>\n<tbody>\n";
  for (const awarding::Qualification& q : catalogue) {
    char credits[32];
    std::snprintf(credits, sizeof credits, "%g", q.credits);
    html += "<tr data-nqr=\"" + Escape(q.nqr_code) + "\"><td>" + Escape(q.nqr_code) + "</td><td>" +
            Escape(q.title) + "<br><span lang=\"hi\">" + Escape(q.title_hi) + "</span></td><td>" +
            std::to_string(q.nsqf_level) + "</td><td>" + credits + "</td><td>" +
            (q.valid_until.empty() ? Both("from", "से") + " " + Escape(q.valid_from)
                                   : Escape(q.valid_from) + " &#8211; " + Escape(q.valid_until)) +
            "</td><td>";
    if (!q.active) {
      html += Both("retired", "सेवानिवृत्त");
    } else if (administrator) {
      const std::string field = "retire-" + Escape(q.nqr_code);
      html += Both("active", "सक्रिय") + "<form method=\"post\" action=\"/console/catalogue/" +
              Escape(q.nqr_code) + "/retire\">\n" + HiddenCsrf(viewer.csrf) +
              "<label for=\"" + field + "\" class=\"visually-hidden\">Why it is retired</label>"
              "<input type=\"text\" name=\"reason\" id=\"" + field + "\" required "
              "placeholder=\"reason / कारण\">\n<button type=\"submit\" class=\"plain\">" +
              Both("Retire", "हटाएँ") + "</button>\n</form>";
    } else {
      html += Both("active", "सक्रिय");
    }
    html += "</td></tr>\n";
  }
  return html + "</tbody>\n</table>\n</div>\n" + page::PageEnd("");
}

std::string UsersPage(const Viewer& viewer, const std::vector<store::AwardingUser>& users,
                      std::string_view token_for, std::string_view token,
                      std::string_view problem) {
  std::string html = Start() + Nav(viewer) + Problem(problem);
  if (!token_for.empty()) {
    html += "<div class=\"notice\" id=\"new-token\" role=\"status\">\n<p>The new token of <strong>" +
            Escape(token_for) + "</strong>, shown this once: give it to them privately. "
            "<span lang=\"hi\"><strong>" + Escape(token_for) + "</strong> का नया टोकन, केवल इस "
            "बार दिखाया गया: इसे उन्हें निजी रूप से दें।</span></p>\n<p class=\"token\" "
            "id=\"token-value\">" + Escape(token) + "</p>\n</div>\n";
  }
  html += "<form method=\"post\" action=\"/console/users\" class=\"lookup\" id=\"add-user\">\n"
          "<h2>" + Both("Add a user", "उपयोगकर्ता जोड़ें") + "</h2>\n" + HiddenCsrf(viewer.csrf) +
          "<label for=\"name\">" + Both("Name (letters, digits, - and _)", "नाम") + "</label>\n"
          "<input id=\"name\" name=\"name\" type=\"text\" required pattern=\"[A-Za-z0-9_.\\-]+\">\n"
          "<fieldset>\n<legend>" + Both("Roles", "भूमिकाएँ") + "</legend>\n"
          "<label><input type=\"checkbox\" name=\"role_submitter\" value=\"1\" id=\"role-submitter\"> " +
          Both("submitter", "जमाकर्ता") + "</label>\n"
          "<label><input type=\"checkbox\" name=\"role_approver\" value=\"1\" id=\"role-approver\"> " +
          Both("approver", "अनुमोदक") + "</label>\n"
          "<label><input type=\"checkbox\" name=\"role_administrator\" value=\"1\" "
          "id=\"role-administrator\"> " + Both("administrator", "प्रशासक") + "</label>\n</fieldset>\n"
          "<label for=\"agency\">" + Both("Assessment agency (submitters only)", "मूल्यांकन एजेंसी") +
          "</label>\n<input id=\"agency\" name=\"agency\" type=\"text\">\n<button type=\"submit\">" +
          Both("Add and show the token", "जोड़ें और टोकन दिखाएँ") + "</button>\n</form>\n";
  html += TableStart("users", "Users", Both("Users", "उपयोगकर्ता")) + "<thead><tr>" + Header("Name", "नाम") + Header("Roles", "भूमिकाएँ") +
          Header("Agency", "एजेंसी") + Header("Added", "जोड़ा गया") + Header("Status", "स्थिति") +
          "</tr></thead>\n<tbody>\n";
  for (const store::AwardingUser& user : users) {
    std::string roles;
    for (const std::string& role : user.roles) roles += (roles.empty() ? "" : ", ") + role;
    const std::string base = "/console/users/" + Escape(user.name);
    html += "<tr data-user=\"" + Escape(user.name) + "\"><td>" + Escape(user.name) + "</td><td>" +
            Escape(roles) + "</td><td>" + Escape(user.agency) + "</td><td>" +
            Escape(user.created_at) + "</td><td>";
    if (!user.disabled_at.empty()) {
      html += Both("disabled", "निष्क्रिय") + "<br><small>" + Escape(user.disabled_at) + "</small>";
    } else {
      html += Both("active", "सक्रिय");
      if (user.name != viewer.actor.name) {
        html += "<form method=\"post\" action=\"" + base + "/token\">\n" + HiddenCsrf(viewer.csrf) +
                "<button type=\"submit\" class=\"plain\">" + Both("New token", "नया टोकन") +
                "<span class=\"visually-hidden\"> (" + Escape(user.name) + ")</span></button>\n</form>"
                "<form method=\"post\" action=\"" + base + "/disable\">\n" + HiddenCsrf(viewer.csrf) +
                "<button type=\"submit\" class=\"plain\">" + Both("Disable", "निष्क्रिय करें") +
                "<span class=\"visually-hidden\"> (" + Escape(user.name) + ")</span></button>\n</form>";
      }
    }
    html += "</td></tr>\n";
  }
  return html + "</tbody>\n</table>\n</div>\n" + page::PageEnd("");
}

}  // namespace pramaan::api::console
