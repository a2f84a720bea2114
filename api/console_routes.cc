#include "api/console_routes.h"

#include <algorithm>
#include <string>
#include <vector>

#include "api/award_runner.h"
#include "api/bulk_entries.h"
#include "api/console_pages.h"
#include "api/http_common.h"
#include "api/multipart.h"
#include "api/page_parts.h"
#include "api/signed_link.h"
#include "core/crypto/sha256.h"
#include "core/encoding/hex.h"

namespace pramaan::api {
namespace {

constexpr std::string_view kForeignForm =
    "The form did not come from this console (its security token is missing or wrong): "
    "nothing was done. <span lang=\"hi\">फ़ॉर्म इस कंसोल का नहीं है; कुछ नहीं बदला।</span>";

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

// The session cookie: HttpOnly, SameSite=Strict, for /console only, Secure under TLS; an empty
// `secret` clears it.
std::string SessionCookie(std::string_view secret, bool tls) {
  std::string cookie = std::string(kConsoleCookie) + "=" + std::string(secret) +
                       "; Path=/console; HttpOnly; SameSite=Strict";
  if (secret.empty()) cookie += "; Max-Age=0";
  if (tls) cookie += "; Secure";
  return cookie;
}

// The HTTP status of a workflow error on a console page.
http::status StatusOf(const Error& error) {
  switch (error.code()) {
    case ErrorCode::kPermission: return http::status::forbidden;
    case ErrorCode::kNotFound: return http::status::not_found;
    case ErrorCode::kConflict: return http::status::conflict;
    case ErrorCode::kTooLarge: return http::status::payload_too_large;
    case ErrorCode::kInvalidInput:
    case ErrorCode::kUnsupported: return http::status::unprocessable_entity;
    case ErrorCode::kInternal: break;
  }
  return http::status::internal_server_error;
}

// A form's fields, sent as application/x-www-form-urlencoded or multipart/form-data (a file).
class Form {
 public:
  explicit Form(const HttpRequest& request) : body_(request.body()) {
    const auto type = request[http::field::content_type];
    const std::string_view content_type(type.data(), type.size());
    if (content_type.starts_with("multipart/form-data")) {
      multipart_ = true;
      auto parts = ParseMultipartFormData(body_, content_type);
      if (parts.ok()) {
        parts_ = std::move(parts).value();
      } else {
        error_ = parts.error().message();
      }
    }
  }
  // Why a multipart body could not be read; "" when it could.
  const std::string& error() const { return error_; }
  std::string Field(std::string_view name) const {
    if (!multipart_) return FormField(body_, name).value_or("");
    const MultipartPart* part = Part(name);
    return part == nullptr ? "" : std::string(part->body);
  }
  const MultipartPart* Part(std::string_view name) const {
    for (const MultipartPart& part : parts_) {
      if (part.name == name) return &part;
    }
    return nullptr;
  }

 private:
  std::string_view body_;
  bool multipart_ = false;
  std::vector<MultipartPart> parts_;
  std::string error_;
};

// An uploaded file's format: JSON when its name ends in .json or it says it is JSON, else CSV.
awarding::InputFormat FormatOf(const MultipartPart& part) {
  return part.filename.ends_with(".json") || part.filename.ends_with(".JSON") ||
                 part.content_type == "application/json"
             ? awarding::InputFormat::kJson
             : awarding::InputFormat::kCsv;
}

// The uploaded file's name as its rows' errors name it ("results.csv:4"): its last path
// segment, or `fallback`.
std::string SourceName(const MultipartPart& part, std::string_view fallback) {
  std::string name = part.filename;
  if (const size_t slash = name.find_last_of("/\\"); slash != std::string::npos) {
    name.erase(0, slash + 1);
  }
  return name.empty() ? std::string(fallback) : name;
}

HandledRequest SignIn(const HttpRequest& request, const ApiServices& services,
                      std::string_view client) {
  if (services.console_sign_ins != nullptr) {
    if (const int wait = services.console_sign_ins->Spend(client, 1); wait > 0) {
      HttpResponse busy = ConsolePage(
          request, http::status::too_many_requests,
          console::SignInPage("Too many sign-in attempts from this address: wait " +
                              std::to_string(wait) + " seconds. <span lang=\"hi\">बहुत अधिक "
                              "प्रयास: " + std::to_string(wait) + " सेकंड रुकें।</span>"));
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
                        console::SignInPage(
                            refused ? "That token signs nobody in: check it, or ask an "
                                      "administrator for a new one. <span lang=\"hi\">यह "
                                      "टोकन मान्य नहीं है।</span>"
                                    : "The sign-in failed because the registry cannot be "
                                      "written just now: try again in a minute.")),
            "/console/sign-in"};
  }
  HttpResponse response = SeeOther(request, "/console");
  response.set(http::field::set_cookie, SessionCookie(*secret, services.tls));
  return {std::move(response), "/console/sign-in"};
}

// One request of a signed-in user.
class ConsoleCall {
 public:
  ConsoleCall(const HttpRequest& request, const ApiServices& services, awarding::Actor actor,
              std::string csrf)
      : request_(request),
        services_(services),
        workflow_(*services.awarding),
        actor_(std::move(actor)),
        csrf_(std::move(csrf)),
        viewer_{actor_, csrf_} {}
  // viewer_ refers to members of this object.
  ConsoleCall(const ConsoleCall&) = delete;
  ConsoleCall& operator=(const ConsoleCall&) = delete;

  HandledRequest Route(std::string_view path) {
    const bool get = request_.method() == http::verb::get;
    const bool post = request_.method() == http::verb::post;
    if (post) {
      form_.emplace(request_);
      // An upload that cannot be read is said to be so (nothing is done either way).
      if (!form_->error().empty()) {
        return {Page(http::status::bad_request,
                     console::ProblemPage(&viewer_, "The form could not be read: " +
                                                        page::Escape(form_->error()))),
                "/console/{form}"};
      }
      if (!ConstantTimeEquals(form_->Field("csrf"), csrf_)) {
        return {Page(http::status::forbidden, console::ProblemPage(&viewer_, kForeignForm)),
                "/console/{form}"};
      }
    }
    if (path == "/console") {
      if (!get) return {SeeOther(request_, "/console"), "/console"};
      return Home();
    }
    if (path == "/console/submit") {
      if (!post) return {SeeOther(request_, "/console"), "/console/submit"};
      return Submit();
    }
    constexpr std::string_view kBatches = "/console/batches/";
    if (path.starts_with(kBatches)) {
      const auto [id, step] = Split(path.substr(kBatches.size()));
      if (get && step.empty()) return {ShowBatch(id, ""), "/console/batches/{id}"};
      if (get && step == "log") return Log(id);
      if (post && (step == "approve" || step == "send-back" || step == "award")) {
        return BatchStep(id, step);
      }
      return {SeeOther(request_, "/console/batches/" + id), "/console/batches/{id}"};
    }
    if (path == "/console/catalogue") {
      if (!get) return {SeeOther(request_, "/console/catalogue"), "/console/catalogue"};
      return {ShowCatalogue(nullptr, "", http::status::ok), "/console/catalogue"};
    }
    constexpr std::string_view kCatalogue = "/console/catalogue/";
    if (path.starts_with(kCatalogue)) {
      const auto [code, step] = Split(path.substr(kCatalogue.size()));
      if (post && code == "import" && step.empty()) return ImportCatalogue();
      if (post && step == "retire") return Retire(code);
      return {SeeOther(request_, "/console/catalogue"), "/console/catalogue/{step}"};
    }
    if (path == "/console/users") {
      if (get) return {ShowUsers("", "", "", http::status::ok), "/console/users"};
      if (post) return AddUser();
    }
    constexpr std::string_view kUsers = "/console/users/";
    if (path.starts_with(kUsers)) {
      const auto [name, step] = Split(path.substr(kUsers.size()));
      if (post && (step == "disable" || step == "token")) return UserStep(name, step);
      return {SeeOther(request_, "/console/users"), "/console/users/{name}"};
    }
    return {Page(http::status::not_found,
                 console::ProblemPage(&viewer_, "No such page in the console. <span "
                                                "lang=\"hi\">ऐसा कोई पृष्ठ नहीं।</span>")),
            "/console/{page}"};
  }

 private:
  // "ID/STEP" -> {ID, STEP}; "ID" -> {ID, ""}.
  static std::pair<std::string, std::string> Split(std::string_view rest) {
    const size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return {std::string(rest), ""};
    return {std::string(rest.substr(0, slash)), std::string(rest.substr(slash + 1))};
  }

  HttpResponse Page(http::status status, std::string html) const {
    return ConsolePage(request_, status, std::move(html));
  }

  HttpResponse Failure(const Error& error) const {
    return Page(StatusOf(error), console::ProblemPage(&viewer_, page::Escape(error.message())));
  }

  HandledRequest Home() {
    auto batches = workflow_.Batches(actor_);
    if (!batches.ok()) return {Failure(batches.error()), "/console"};
    // Which batches sent back were corrected since (a few: the log of each is read).
    console::Corrections corrections;
    for (const store::BatchRow& batch : *batches) {
      if (batch.state != store::BatchState::kSentBack) continue;
      auto corrected = workflow_.ResubmittedAs(batch.id);
      if (corrected.ok() && !corrected->empty()) corrections[batch.id] = *corrected;
    }
    return {Page(http::status::ok, console::HomePage(viewer_, *batches, corrections)),
            "/console"};
  }

  HandledRequest Submit() {
    constexpr std::string_view kRoute = "/console/submit";
    const MultipartPart* file = form_->Part("results");
    if (file == nullptr) {
      return {Page(http::status::bad_request,
                   console::ProblemPage(&viewer_, "Choose a results file (the form's "
                                                  "\"results\" field) to submit.")),
              kRoute};
    }
    const std::string source = SourceName(*file, "results.csv");
    auto report = workflow_.Submit(actor_, "", file->body, FormatOf(*file), source);
    if (!report.ok()) return {Failure(report.error()), kRoute};
    // A correction of a batch sent back (the form on that batch's page) says so in its log.
    std::string problem;
    if (const std::string old = form_->Field("resubmits"); !old.empty() && !report->batch_id.empty()) {
      if (Status noted = workflow_.Resubmitted(actor_, old, report->batch_id); !noted.ok()) {
        problem = "The new batch was submitted, but not recorded as the correction of batch " +
                  page::Escape(old) + ": " + page::Escape(noted.error().message());
      }
    }
    return {Page(report->batch_id.empty() ? http::status::unprocessable_entity
                                          : http::status::created,
                 console::SubmitReportPage(viewer_, *report, source, problem)),
            kRoute};
  }

  HttpResponse ShowBatch(const std::string& id, std::string_view problem) {
    // Whether the award runs is asked before the batch is read: an award that ends in between
    // then shows as running once more (and the page comes back), never as not yet started.
    const bool running = services_.award_runner != nullptr && services_.award_runner->Running(id);
    auto batch = workflow_.Batch(actor_, id);
    if (!batch.ok()) return Failure(batch.error());
    console::BatchView view{*batch, {}, running && batch->state == store::BatchState::kApproved,
                            "", "", ""};
    if (batch->state == store::BatchState::kSentBack) {
      if (auto corrected = workflow_.ResubmittedAs(id); corrected.ok()) view.corrected_by = *corrected;
    }
    if (auto catalogue = workflow_.Catalogue(); catalogue.ok()) {
      for (awarding::Qualification& q : *catalogue) view.qualifications[q.nqr_code] = std::move(q);
    }
    if (services_.setup != nullptr) view.public_base = services_.setup->config.base_url;
    if (services_.award_runner != nullptr) view.award_failure = services_.award_runner->Failure(id);
    HttpResponse response =
        Page(problem.empty() ? http::status::ok : http::status::conflict,
             console::BatchPage(viewer_, view, problem));
    // While the award runs, the page comes back by itself with the progress.
    if (view.awarding) response.set("Refresh", "3");
    return response;
  }

  HandledRequest BatchStep(const std::string& id, const std::string& step) {
    constexpr std::string_view kRoute = "/console/batches/{id}/{step}";
    Status done = Status::Ok();
    if (step == "award") {
      done = Award(id);
    } else {
      const std::string reason = form_->Field("reason");
      auto batch = workflow_.Batch(actor_, id);
      done = batch.ok() ? Status::Ok() : Status(batch.error());
      if (done.ok() && batch->state == store::BatchState::kSubmitted) {
        done = workflow_.Review(actor_, id);
      }
      if (done.ok()) {
        done = step == "approve" ? workflow_.Approve(actor_, id, reason)
                                 : workflow_.SendBack(actor_, id, reason);
      }
    }
    if (done.ok()) return {SeeOther(request_, "/console/batches/" + id), kRoute};
    if (done.error().code() == ErrorCode::kNotFound) return {Failure(done.error()), kRoute};
    HttpResponse answer = ShowBatch(id, page::Escape(done.error().message()));
    answer.result(StatusOf(done.error()));
    return {std::move(answer), kRoute};
  }

  // Starts the award of batch `id` in the background (or, without a runner, awards it now).
  Status Award(const std::string& id) {
    if (services_.issuance == nullptr) {
      return NotFound("this server does not issue credentials, so it cannot award");
    }
    if (!actor_.Has(awarding::Role::kAdministrator)) {
      return PermissionDenied("only an administrator awards a batch");
    }
    Metrics* metrics = services_.metrics;
    auto issue = awarding::IssueThrough(*services_.issuance, actor_, [metrics](const Issuance& issued) {
      if (issued.kind == Issuance::Kind::kIssued && metrics != nullptr) metrics->RecordIssuance();
      return Status::Ok();
    });
    if (services_.award_runner == nullptr) {
      auto report = workflow_.Award(actor_, id, issue);
      return report.ok() ? Status::Ok() : Status(report.error());
    }
    PRAMAAN_ASSIGN_OR_RETURN(store::BatchRow batch, workflow_.Batch(actor_, id));
    if (batch.state != store::BatchState::kApproved) {
      return Conflict("batch " + batch.id + " is " +
                      std::string(store::BatchStateName(batch.state)) +
                      "; only an approved batch can be awarded");
    }
    return services_.award_runner->Start(workflow_, std::move(issue), actor_, id);
  }

  HandledRequest Log(const std::string& id) {
    auto events = workflow_.Events(actor_, id);
    if (!events.ok()) return {Failure(events.error()), "/console/batches/{id}/log"};
    return {Page(http::status::ok, console::LogPage(viewer_, id, *events)),
            "/console/batches/{id}/log"};
  }

  HttpResponse ShowCatalogue(const awarding::ImportReport* report, std::string_view problem,
                             http::status status) {
    auto catalogue = workflow_.Catalogue();
    if (!catalogue.ok()) return Failure(catalogue.error());
    return Page(status, console::CataloguePage(viewer_, *catalogue, report, problem));
  }

  HandledRequest ImportCatalogue() {
    constexpr std::string_view kRoute = "/console/catalogue/import";
    const MultipartPart* file = form_->Part("catalogue");
    if (file == nullptr) {
      return {ShowCatalogue(nullptr,
                            "Choose a catalogue file (the form's \"catalogue\" field) to "
                            "import.",
                            http::status::bad_request),
              kRoute};
    }
    auto report = workflow_.ImportCatalogue(actor_, file->body, FormatOf(*file),
                                            SourceName(*file, "catalogue.csv"));
    if (!report.ok()) {
      return {ShowCatalogue(nullptr, page::Escape(report.error().message()),
                            StatusOf(report.error())),
              kRoute};
    }
    return {ShowCatalogue(&*report, "", http::status::ok), kRoute};
  }

  HandledRequest Retire(const std::string& code) {
    const Status done = workflow_.RetireQualification(actor_, code, form_->Field("reason"));
    if (!done.ok()) {
      return {ShowCatalogue(nullptr, page::Escape(done.error().message()),
                            StatusOf(done.error())),
              "/console/catalogue/{nqr}/retire"};
    }
    return {SeeOther(request_, "/console/catalogue"), "/console/catalogue/{nqr}/retire"};
  }

  HttpResponse ShowUsers(std::string_view token_for, std::string_view token,
                         std::string_view problem, http::status status) {
    auto users = workflow_.Users(actor_);
    if (!users.ok()) return Failure(users.error());
    return Page(status, console::UsersPage(viewer_, *users, token_for, token, problem));
  }

  HandledRequest AddUser() {
    constexpr std::string_view kRoute = "/console/users";
    std::vector<awarding::Role> roles;
    for (const awarding::Role role : {awarding::Role::kSubmitter, awarding::Role::kApprover,
                                      awarding::Role::kAdministrator}) {
      if (!form_->Field("role_" + std::string(awarding::RoleName(role))).empty()) {
        roles.push_back(role);
      }
    }
    const std::string name = form_->Field("name");
    auto token = workflow_.AddUser(&actor_, name, roles, form_->Field("agency"));
    if (!token.ok()) {
      return {ShowUsers("", "", page::Escape(token.error().message()), StatusOf(token.error())),
              kRoute};
    }
    return {ShowUsers(name, *token, "", http::status::created), kRoute};
  }

  HandledRequest UserStep(const std::string& name, const std::string& step) {
    constexpr std::string_view kRoute = "/console/users/{name}/{step}";
    if (step == "token") {
      auto token = workflow_.NewToken(actor_, name);
      if (!token.ok()) {
        return {ShowUsers("", "", page::Escape(token.error().message()), StatusOf(token.error())),
                kRoute};
      }
      return {ShowUsers(name, *token, "", http::status::ok), kRoute};
    }
    const Status done = workflow_.DisableUser(actor_, name);
    if (!done.ok()) {
      return {ShowUsers("", "", page::Escape(done.error().message()), StatusOf(done.error())),
              kRoute};
    }
    return {SeeOther(request_, "/console/users"), kRoute};
  }

  const HttpRequest& request_;
  const ApiServices& services_;
  awarding::Workflow& workflow_;
  awarding::Actor actor_;
  std::string csrf_;
  console::Viewer viewer_;
  std::optional<Form> form_;
};

}  // namespace

bool IsConsoleTarget(std::string_view target) {
  return target == "/console" || target.starts_with("/console/") || target.starts_with("/console?");
}

namespace {
std::string SecretDigest(std::string_view secret) { return EncodeHex(Sha256(secret)); }
}  // namespace

void RecentConsoleSessions::Saw(std::string_view secret, Timestamp at) {
  std::lock_guard lock(mutex_);
  if (seen_.size() >= kMaxRemembered) {
    std::vector<Timestamp> times;
    times.reserve(seen_.size());
    for (const auto& [digest, when] : seen_) times.push_back(when);
    std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
    const Timestamp middle = times[times.size() / 2];
    std::erase_if(seen_, [middle](const auto& entry) { return entry.second < middle; });
  }
  seen_[SecretDigest(secret)] = at;
}

void RecentConsoleSessions::Forget(std::string_view secret) {
  std::lock_guard lock(mutex_);
  seen_.erase(SecretDigest(secret));
}

bool RecentConsoleSessions::SeenSince(std::string_view secret, Timestamp since) const {
  const std::string digest = SecretDigest(secret);
  std::lock_guard lock(mutex_);
  const auto it = seen_.find(digest);
  return it != seen_.end() && it->second >= since;
}

std::size_t ConsoleBodyLimit(const HttpRequest& header, const ApiServices& services,
                             std::size_t limit) {
  const std::string_view target(header.target().data(), header.target().size());
  if (header.method() != http::verb::post || services.console_sessions_seen == nullptr ||
      (target != "/console/submit" && target != "/console/catalogue/import")) {
    return limit;
  }
  const std::string secret = CookieValue(header, kConsoleCookie);
  const Timestamp since = services.clock->Now() - services.console_idle_timeout;
  return !secret.empty() && services.console_sessions_seen->SeenSince(secret, since)
             ? std::max(limit, kMaxConsoleUploadBytes)
             : limit;
}

HttpResponse ConsoleBodyTooLarge(std::size_t limit) {
  HttpRequest request;
  request.version(11);
  request.keep_alive(false);
  const std::string size = std::to_string(limit / 1024) + " KiB";
  return ConsolePage(request, http::status::payload_too_large,
                     console::ProblemPage(nullptr, "The file is larger than " + size +
                                                       ", the most one form may send: split "
                                                       "it, or use <code>pramaan award</code>. "
                                                       "<span lang=\"hi\">फ़ाइल बहुत बड़ी है (" +
                                                       size + " तक): इसे बाँटें।</span>"));
}

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
  const bool post = request.method() == http::verb::post;
  if (path == "/console/sign-in") {
    if (!post) return HandledRequest{SeeOther(request, "/console"), "/console/sign-in"};
    return SignIn(request, services, client);
  }
  const std::string secret = CookieValue(request, kConsoleCookie);
  auto actor = secret.empty() ? Result<awarding::Actor>(PermissionDenied("not signed in"))
                              : services.awarding->SessionActor(secret,
                                                                services.console_idle_timeout);
  if (path == "/console/sign-out") {
    if (!post) return HandledRequest{SeeOther(request, "/console"), "/console/sign-out"};
    const std::string csrf = FormField(request.body(), "csrf").value_or("");
    if (actor.ok() && !ConstantTimeEquals(csrf, awarding::Workflow::CsrfToken(secret))) {
      return HandledRequest{ConsolePage(request, http::status::forbidden,
                                        console::SignInPage(kForeignForm)),
                            "/console/sign-out"};
    }
    if (actor.ok()) (void)services.awarding->SignOut(secret);
    if (services.console_sessions_seen != nullptr) services.console_sessions_seen->Forget(secret);
    HttpResponse response = SeeOther(request, "/console");
    response.set(http::field::set_cookie, SessionCookie("", services.tls));
    return HandledRequest{std::move(response), "/console/sign-out"};
  }
  if (!actor.ok() && actor.error().code() != ErrorCode::kPermission) {
    // The registry could not be read: the session may be fine, so it is kept.
    return HandledRequest{ConsolePage(request, http::status::service_unavailable,
                                      console::ProblemPage(nullptr,
                                                           "The registry cannot be read just "
                                                           "now: try again in a minute. <span "
                                                           "lang=\"hi\">कुछ देर बाद फिर प्रयास "
                                                           "करें।</span>")),
                          "/console/{page}"};
  }
  if (!actor.ok()) {
    // Not signed in (or the session ended): the sign-in form, at /console itself; every other
    // page sends the browser there.
    if (path != "/console" || request.method() != http::verb::get) {
      HttpResponse response = SeeOther(request, "/console");
      if (!secret.empty()) response.set(http::field::set_cookie, SessionCookie("", services.tls));
      return HandledRequest{std::move(response), "/console/{page}"};
    }
    HttpResponse answer = ConsolePage(
        request, http::status::ok,
        console::SignInPage(secret.empty() ? "" : page::Escape(actor.error().message())));
    if (!secret.empty()) answer.set(http::field::set_cookie, SessionCookie("", services.tls));
    return HandledRequest{std::move(answer), "/console"};
  }
  if (services.console_sessions_seen != nullptr) {
    services.console_sessions_seen->Saw(secret, services.clock->Now());
  }
  ConsoleCall call(request, services, std::move(*actor), awarding::Workflow::CsrfToken(secret));
  return call.Route(path);
}

}  // namespace pramaan::api
