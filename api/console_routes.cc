#include "api/console_routes.h"

#include <algorithm>
#include <string>
#include <vector>

#include "api/bulk_entries.h"
#include "api/http_common.h"
#include "api/page_parts.h"
#include "api/signed_link.h"

namespace pramaan::api {
namespace {

using page::Escape;

// The value of cookie `name` in the request's Cookie header, or "".
std::string CookieValue(const HttpRequest& request, std::string_view name) {
  const auto header = request[http::field::cookie];
  std::string_view cookies(header.data(), header.size());
  while (!cookies.empty()) {
    const size_t end = cookies.find(';');
    std::string_view pair = cookies.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    if (end == std::string_view::npos) break;
    cookies.remove_prefix(end + 1);
  }
  return "";
}

// A console page: private, never cached, no script, forms only to this site.
HttpResponse ConsolePage(const HttpRequest& request, http::status status, std::string body) {
  HttpResponse response =
      MakeResponse(request, status, "text/html; charset=utf-8", std::move(body));
  response.set(http::field::cache_control, "no-store");
  response.set("Content-Security-Policy",
               "default-src 'none'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
               "form-action 'self'; frame-ancestors 'none'");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  return response;
}

HttpResponse SeeOther(const HttpRequest& request, std::string_view location) {
  HttpResponse response = MakeResponse(request, http::status::see_other, "text/plain", "");
  response.set(http::field::location, location);
  response.set(http::field::cache_control, "no-store");
  return response;
}

std::string ConsoleStart() { return page::PageStart("Awarding console", "प्रदान कंसोल"); }

// The sign-in form, with `problem` (already HTML) above it when not empty.
std::string SignInPage(std::string_view problem) {
  std::string html = ConsoleStart();
  if (!problem.empty()) {
    html += "<div class=\"warning\" id=\"problem\" role=\"alert\">\n" + std::string(problem) +
            "</div>\n";
  }
  html += "<form method=\"post\" action=\"/console/sign-in\" class=\"lookup\">\n"
          "<label for=\"token\">Your awarding token <span lang=\"hi\">/ आपका टोकन</span></label>\n"
          "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required>\n"
          "<button type=\"submit\">Sign in <span lang=\"hi\">/ साइन इन करें</span></button>\n"
          "</form>\n"
          "<p>An administrator gives you your token (<code>pramaan award user add</code> or "
          "<code>user token</code>). <span lang=\"hi\">आपका टोकन प्रशासक देते हैं।</span></p>\n";
  return html + page::PageEnd("");
}

std::string RolesText(const awarding::Actor& actor) {
  std::string roles;
  for (awarding::Role role : actor.roles) {
    roles += (roles.empty() ? "" : ", ") + std::string(awarding::RoleName(role));
  }
  return roles;
}

// A column heading in English and Hindi.
std::string Header(std::string_view english, std::string_view hindi) {
  return "<th scope=\"col\">" + std::string(english) + " <span lang=\"hi\">/ " +
         std::string(hindi) + "</span></th>";
}

// An APAAR id as the console shows it: its last four digits only.
std::string MaskedApaar(std::string_view apaar) {
  if (apaar.size() <= 4) return std::string(apaar);
  return "&#8226;&#8226;&#8226;&#8226;&#8226;&#8226;&#8226;&#8226;" +
         Escape(apaar.substr(apaar.size() - 4));
}

// A batch as a checker reviews it: its state, the results as a table (candidate, APAAR id's
// last digits, qualification, result, grade, marks), the rows refused at submission with their
// reason, and, for an approver who did not submit it while it awaits a decision, the approve
// and send-back forms. `problem` (HTML) above it when not empty.
std::string BatchPage(const awarding::Actor& actor, std::string_view csrf,
                      const store::BatchRow& batch, std::string_view problem) {
  std::string html = ConsoleStart();
  html += "<p><a href=\"/console\">&#8592; All batches <span lang=\"hi\">/ सभी बैच</span></a>"
          "</p>\n";
  if (!problem.empty()) {
    html += "<div class=\"warning\" id=\"problem\" role=\"alert\">\n" + std::string(problem) +
            "</div>\n";
  }
  html += "<h2>Batch <span lang=\"hi\">/ बैच</span> " + Escape(batch.id) + "</h2>\n";
  html += "<dl>\n<dt>State <span lang=\"hi\">/ स्थिति</span></dt><dd id=\"state\">" +
          std::string(store::BatchStateName(batch.state)) + "</dd>\n<dt>Agency <span "
          "lang=\"hi\">/ एजेंसी</span></dt><dd>" + Escape(batch.agency) + "</dd>\n<dt>Submitted by "
          "<span lang=\"hi\">/ जमाकर्ता</span></dt><dd>" + Escape(batch.submitted_by) + ", " +
          Escape(batch.submitted_at) + "</dd>\n";
  if (!batch.decision_reason.empty()) {
    html += "<dt>Reason <span lang=\"hi\">/ कारण</span></dt><dd id=\"reason\">" +
            Escape(batch.decision_reason) + "</dd>\n";
  }
  html += "</dl>\n<table id=\"results\">\n<thead><tr>" + Header("Candidate", "अभ्यर्थी") +
          Header("APAAR id", "अपार आईडी") + Header("Qualification", "योग्यता") +
          Header("Result", "परिणाम") + Header("Grade", "ग्रेड") + Header("Marks", "अंक") +
          "</tr></thead>\n<tbody>\n";
  for (const store::ResultRow& row : batch.results) {
    const Json result = Json::parse(row.result_json, nullptr, false);
    const auto text = [&](const char* name) {
      return result.is_object() && result.contains(name) ? Escape(result[name].is_string()
                                                                     ? result[name].get<std::string>()
                                                                     : result[name].dump())
                                                         : std::string();
    };
    html += "<tr><td>" + text("name") + "<br><small>" + Escape(row.candidate_id) +
            "</small></td><td>" + MaskedApaar(row.apaar_id) + "</td><td>" +
            Escape(row.nqr_code) + "</td><td>" + (row.passed ? "pass" : "fail") + "</td><td>" +
            text("grade") + "</td><td>" + text("marks") +
            (text("max_marks").empty() ? "" : " / " + text("max_marks")) + "</td></tr>\n";
  }
  html += "</tbody>\n</table>\n";
  const Json refused = Json::parse(batch.refused_json, nullptr, false);
  if (refused.is_array() && !refused.empty()) {
    html += "<h3>Refused rows <span lang=\"hi\">/ अस्वीकृत पंक्तियाँ</span></h3>\n<ul id=\"refused\">\n";
    for (const Json& entry : refused) {
      html += "<li>" + Escape(entry.value("where", "")) + ": " + Escape(entry.value("error", "")) +
              "</li>\n";
    }
    html += "</ul>\n";
  }
  const bool approver = std::find(actor.roles.begin(), actor.roles.end(),
                                  awarding::Role::kApprover) != actor.roles.end();
  const bool open = batch.state == store::BatchState::kSubmitted ||
                    batch.state == store::BatchState::kInReview;
  if (approver && open && batch.submitted_by != actor.name) {
    const std::string base = "/console/batches/" + Escape(batch.id);
    const std::string hidden = "<input type=\"hidden\" name=\"csrf\" value=\"" + Escape(csrf) +
                               "\">\n";
    html += "<form method=\"post\" action=\"" + base + "/approve\" class=\"lookup\" "
            "id=\"approve\">\n" + hidden +
            "<label for=\"approve-reason\">Note (optional) <span lang=\"hi\">/ टिप्पणी</span>"
            "</label>\n<input id=\"approve-reason\" name=\"reason\" type=\"text\">\n"
            "<button type=\"submit\">Approve <span lang=\"hi\">/ स्वीकृत करें</span></button>\n"
            "</form>\n";
    html += "<form method=\"post\" action=\"" + base + "/send-back\" class=\"lookup\" "
            "id=\"send-back\">\n" + hidden +
            "<label for=\"send-back-reason\">Why it goes back <span lang=\"hi\">/ लौटाने का "
            "कारण</span></label>\n<input id=\"send-back-reason\" name=\"reason\" type=\"text\" "
            "required>\n<button type=\"submit\">Send back <span lang=\"hi\">/ वापस भेजें</span>"
            "</button>\n</form>\n";
  }
  return html + page::PageEnd("");
}

// The signed-in user's home: who they are, sign-out, and the batches they may see.
std::string HomePage(const awarding::Actor& actor, std::string_view csrf,
                     const std::vector<store::BatchRow>& batches) {
  std::string html = ConsoleStart();
  html += "<p id=\"user\">Signed in as <strong>" + Escape(actor.name) + "</strong> (" +
          Escape(RolesText(actor)) + ")" +
          (actor.agency.empty() ? std::string() : ", " + Escape(actor.agency)) + "</p>\n";
  html += "<form method=\"post\" action=\"/console/sign-out\">\n"
          "<input type=\"hidden\" name=\"csrf\" value=\"" + Escape(csrf) + "\">\n"
          "<button type=\"submit\" id=\"sign-out\">Sign out <span lang=\"hi\">/ साइन आउट</span>"
          "</button>\n</form>\n";
  html += "<h2>Batches <span lang=\"hi\">/ बैच</span></h2>\n";
  if (batches.empty()) {
    html += "<p id=\"no-batches\">No batches yet. <span lang=\"hi\">अभी कोई बैच नहीं।</span></p>\n";
    return html + page::PageEnd("");
  }
  html += "<table id=\"batches\">\n<thead><tr>" + Header("Batch", "बैच") +
          Header("Agency", "एजेंसी") + Header("State", "स्थिति") +
          Header("Submitted by", "जमाकर्ता") + Header("Submitted at", "जमा करने का समय") +
          "</tr></thead>\n<tbody>\n";
  for (const store::BatchRow& batch : batches) {
    html += "<tr data-state=\"" + std::string(store::BatchStateName(batch.state)) +
            "\"><td><a href=\"/console/batches/" + Escape(batch.id) + "\">" + Escape(batch.id) +
            "</a></td><td>" + Escape(batch.agency) + "</td><td>" +
            std::string(store::BatchStateName(batch.state)) + "</td><td>" +
            Escape(batch.submitted_by) + "</td><td>" + Escape(batch.submitted_at) +
            "</td></tr>\n";
  }
  return html + "</tbody>\n</table>\n" + page::PageEnd("");
}

// The session cookie: HttpOnly, SameSite=Strict, for /console only, Secure under TLS; an empty
// `secret` clears it.
std::string SessionCookie(std::string_view secret, bool tls) {
  std::string cookie = std::string(kConsoleCookie) + "=" + std::string(secret) +
                       "; Path=/console; HttpOnly; SameSite=Strict";
  if (secret.empty()) cookie += "; Max-Age=0";
  if (tls) cookie += "; Secure";
  return cookie;
}

HandledRequest SignIn(const HttpRequest& request, const ApiServices& services,
                      std::string_view client) {
  if (services.console_sign_ins != nullptr) {
    if (const int wait = services.console_sign_ins->Spend(client, 1); wait > 0) {
      HttpResponse busy = ConsolePage(
          request, http::status::too_many_requests,
          SignInPage("Too many sign-in attempts from this address: wait " +
                     std::to_string(wait) + " seconds. <span lang=\"hi\">बहुत अधिक प्रयास: " +
                     std::to_string(wait) + " सेकंड रुकें।</span>"));
      busy.set(http::field::retry_after, std::to_string(wait));
      return {std::move(busy), "/console/sign-in"};
    }
  }
  const std::string token = FormField(request.body(), "token").value_or("");
  auto secret = services.awarding->SignIn(token);
  if (!secret.ok()) {
    const bool refused = secret.error().code() == ErrorCode::kPermission;
    return {ConsolePage(request,
                        refused ? http::status::unauthorized : http::status::internal_server_error,
                        SignInPage(refused ? "That token signs nobody in: check it, or ask an "
                                             "administrator for a new one. <span lang=\"hi\">यह "
                                             "टोकन मान्य नहीं है।</span>"
                                           : "The sign-in failed: " +
                                                 Escape(secret.error().message()))),
            "/console/sign-in"};
  }
  HttpResponse response = SeeOther(request, "/console");
  response.set(http::field::set_cookie, SessionCookie(*secret, services.tls));
  return {std::move(response), "/console/sign-in"};
}

}  // namespace

std::optional<HandledRequest> HandleConsole(const HttpRequest& request, std::string_view path,
                                            const ApiServices& services,
                                            std::string_view client) {
  if (path != "/console" && !path.starts_with("/console/")) return std::nullopt;
  if (services.awarding == nullptr) {
    return HandledRequest{MakeProblem(404, "", "Not Found",
                                      "this server has no awarding workflow (configure "
                                      "\"awarding\" and a --registry)",
                                      request.version(), request.keep_alive()),
                          "unmatched"};
  }
  const bool get = request.method() == http::verb::get;
  const bool post = request.method() == http::verb::post;
  if (path == "/console/sign-in") {
    if (!post) return HandledRequest{SeeOther(request, "/console"), "/console/sign-in"};
    return SignIn(request, services, client);
  }
  const std::string secret = CookieValue(request, kConsoleCookie);
  auto actor = secret.empty()
                   ? Result<awarding::Actor>(PermissionDenied("not signed in"))
                   : services.awarding->SessionActor(secret, kConsoleIdleTimeout);
  if (path == "/console/sign-out") {
    if (!post) return HandledRequest{SeeOther(request, "/console"), "/console/sign-out"};
    const std::string csrf = FormField(request.body(), "csrf").value_or("");
    if (actor.ok() && !ConstantTimeEquals(csrf, awarding::Workflow::CsrfToken(secret))) {
      return HandledRequest{
          ConsolePage(request, http::status::forbidden,
                      SignInPage("The form did not come from this console (its security token "
                                 "is missing or wrong): nothing was done.")),
          "/console/sign-out"};
    }
    if (actor.ok()) (void)services.awarding->SignOut(secret);
    HttpResponse response = SeeOther(request, "/console");
    response.set(http::field::set_cookie, SessionCookie("", services.tls));
    return HandledRequest{std::move(response), "/console/sign-out"};
  }
  constexpr std::string_view kBatches = "/console/batches/";
  if (path.starts_with(kBatches)) {
    if (!actor.ok()) return HandledRequest{SeeOther(request, "/console"), "/console/batches"};
    std::string_view rest = path.substr(kBatches.size());
    const size_t slash = rest.find('/');
    const std::string id(rest.substr(0, slash));
    const std::string step =
        slash == std::string_view::npos ? "" : std::string(rest.substr(slash + 1));
    const std::string csrf = awarding::Workflow::CsrfToken(secret);
    awarding::Workflow& workflow = *services.awarding;
    std::string problem;
    if (!step.empty()) {
      if (!post || (step != "approve" && step != "send-back")) {
        return HandledRequest{SeeOther(request, "/console/batches/" + id), "/console/batches"};
      }
      if (!ConstantTimeEquals(FormField(request.body(), "csrf").value_or(""), csrf)) {
        return HandledRequest{
            ConsolePage(request, http::status::forbidden,
                        SignInPage("The form did not come from this console (its security "
                                   "token is missing or wrong): nothing was done.")),
            "/console/batches"};
      }
      const std::string reason = FormField(request.body(), "reason").value_or("");
      auto batch = workflow.Batch(*actor, id);
      Status done = batch.ok() ? Status::Ok() : Status(batch.error());
      if (done.ok() && batch->state == store::BatchState::kSubmitted) {
        done = workflow.Review(*actor, id);
      }
      if (done.ok()) {
        done = step == "approve" ? workflow.Approve(*actor, id, reason)
                                 : workflow.SendBack(*actor, id, reason);
      }
      if (done.ok()) {
        return HandledRequest{SeeOther(request, "/console/batches/" + id), "/console/batches"};
      }
      problem = Escape(done.error().message());
    } else if (!get) {
      return HandledRequest{SeeOther(request, "/console/batches/" + id), "/console/batches"};
    }
    auto batch = workflow.Batch(*actor, id);
    if (!batch.ok()) {
      return HandledRequest{
          ConsolePage(request, http::status::not_found,
                      ConsoleStart() + "<p><a href=\"/console\">&#8592; All batches</a></p>\n"
                          "<div class=\"warning\" id=\"problem\" role=\"alert\">" +
                          Escape(batch.error().message()) + "</div>\n" + page::PageEnd("")),
          "/console/batches"};
    }
    return HandledRequest{
        ConsolePage(request, problem.empty() ? http::status::ok : http::status::conflict,
                    BatchPage(*actor, csrf, *batch, problem)),
        "/console/batches"};
  }
  if (path != "/console") {
    return HandledRequest{ConsolePage(request, http::status::not_found,
                                      SignInPage("No such page in the console.")),
                          "/console/{page}"};
  }
  if (!get) return HandledRequest{SeeOther(request, "/console"), "/console"};
  if (!actor.ok()) {
    HttpResponse page = ConsolePage(
        request, http::status::ok,
        SignInPage(secret.empty() ? "" : Escape(actor.error().message())));
    if (!secret.empty()) page.set(http::field::set_cookie, SessionCookie("", services.tls));
    return HandledRequest{std::move(page), "/console"};
  }
  auto batches = services.awarding->Batches(*actor);
  if (!batches.ok()) {
    return HandledRequest{ConsolePage(request, http::status::service_unavailable,
                                      SignInPage("The registry could not be read.")),
                          "/console"};
  }
  return HandledRequest{
      ConsolePage(request, http::status::ok,
                  HomePage(*actor, awarding::Workflow::CsrfToken(secret), *batches)),
      "/console"};
}

}  // namespace pramaan::api
