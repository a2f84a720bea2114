#include "api/awarding_routes.h"

#include <string>
#include <utility>

#include "api/bulk_entries.h"
#include "api/http_common.h"

namespace pramaan::api {
namespace {

constexpr std::string_view kAwardingPrefix = "/awarding/";
constexpr std::string_view kQualificationsPath = "/awarding/qualifications";
constexpr std::string_view kBatchesPath = "/awarding/batches";

struct Call {
  const HttpRequest& request;
  const ApiServices& services;
};

HttpResponse Respond(const Call& call, http::status status, std::string_view content_type,
                     std::string body) {
  HttpResponse response = MakeResponse(call.request, status, content_type, std::move(body));
  response.set(http::field::cache_control, "no-store");
  return response;
}

HttpResponse RespondJson(const Call& call, http::status status, const Json& body) {
  return Respond(call, status, "application/json", DumpJson(body, false));
}

HttpResponse Problem(const Call& call, unsigned status, std::string_view slug,
                     std::string_view title, std::string_view detail) {
  return MakeProblem(status, slug, title, detail, call.request.version(),
                     call.request.keep_alive());
}

// The problem for a workflow error, by its code.
HttpResponse ProblemFor(const Call& call, const Error& error) {
  switch (error.code()) {
    case ErrorCode::kPermission:
      return Problem(call, 403, "forbidden", "Forbidden", error.message());
    case ErrorCode::kNotFound:
      return Problem(call, 404, "not-found", "Not Found", error.message());
    case ErrorCode::kConflict:
      return Problem(call, 409, "wrong-state", "Conflict", error.message());
    case ErrorCode::kInvalidInput:
    case ErrorCode::kUnsupported:
    case ErrorCode::kTooLarge:
      return Problem(call, 422, "invalid-input", "Unprocessable input", error.message());
    case ErrorCode::kInternal:
      break;
  }
  return Problem(call, 500, "", "Internal Server Error", "the awarding store failed");
}

// 422 with the per-record errors as well as the sentence.
HttpResponse RecordsProblem(const Call& call, const Error& error,
                            const std::vector<awarding::RecordError>& refused) {
  HttpResponse response = ProblemFor(call, error);
  if (error.code() != ErrorCode::kInvalidInput) return response;
  Json body = Json::parse(response.body(), nullptr, false);
  body["refused"] = awarding::ReportToJson(refused);
  response.body() = DumpJson(body, false);
  response.prepare_payload();
  return response;
}

std::string_view Header(const HttpRequest& request, std::string_view name) {
  const auto found = request.find(boost::beast::string_view(name.data(), name.size()));
  if (found == request.end()) return {};
  return {found->value().data(), found->value().size()};
}

bool IsCsv(const HttpRequest& request) {
  const std::string_view type = Header(request, "Content-Type");
  return type.starts_with("text/csv");
}

// Query parameter `name`, percent-decoded ('+' is a space), or "".
std::string QueryParam(std::string_view query, std::string_view name) {
  return FormField(query, name).value_or("");
}

// The JSON object body of a step, or a problem. An empty body reads as {}.
Result<Json> ObjectBody(const Call& call) {
  const std::string& body = call.request.body();
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return Json::object();
  PRAMAAN_ASSIGN_OR_RETURN(Json json, ParseJson(body, "the request body"));
  if (!json.is_object()) return InvalidInput("the request body must be a JSON object");
  return json;
}

std::string StringMember(const Json& object, const char* name) {
  const auto found = object.find(name);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

class AwardingCall {
 public:
  AwardingCall(const Call& call, awarding::Workflow& workflow, awarding::Actor actor)
      : call_(call), workflow_(workflow), actor_(std::move(actor)) {}

  HttpResponse AddUser() {
    auto body = ObjectBody(call_);
    if (!body.ok()) return ProblemFor(call_, body.error());
    std::vector<awarding::Role> roles;
    const auto listed = body->find("roles");
    if (listed == body->end() || !listed->is_array()) {
      return Problem(call_, 422, "invalid-input", "Unprocessable input",
                     "\"roles\" must list the user's roles");
    }
    for (const Json& name : *listed) {
      std::optional<awarding::Role> role =
          name.is_string() ? awarding::RoleFromName(name.get<std::string>()) : std::nullopt;
      if (!role) {
        return Problem(call_, 422, "invalid-input", "Unprocessable input",
                       "roles are \"submitter\", \"approver\" and \"administrator\"");
      }
      roles.push_back(*role);
    }
    const std::string name = StringMember(*body, "name");
    const auto agency = body->find("agency");
    if (agency != body->end() && !agency->is_string()) {
      return Problem(call_, 422, "invalid-input", "Unprocessable input",
                     "\"agency\" must be a string naming the submitter's assessment agency");
    }
    auto token = workflow_.AddUser(&actor_, name, roles, StringMember(*body, "agency"));
    if (!token.ok()) return ProblemFor(call_, token.error());
    Json role_names = Json::array();
    for (awarding::Role role : roles) role_names.push_back(awarding::RoleName(role));
    Json added = {{"name", name}, {"roles", role_names}, {"token", *token}};
    if (agency != body->end()) added["agency"] = *agency;
    return RespondJson(call_, http::status::created, added);
  }

  HttpResponse Catalogue() {
    auto catalogue = workflow_.Catalogue();
    if (!catalogue.ok()) return ProblemFor(call_, catalogue.error());
    Json entries = Json::array();
    for (const awarding::Qualification& entry : *catalogue) {
      entries.push_back(awarding::QualificationToJson(entry));
    }
    return RespondJson(call_, http::status::ok, {{"qualifications", std::move(entries)}});
  }

  HttpResponse Import() {
    auto report = workflow_.ImportCatalogue(
        actor_, call_.request.body(),
        IsCsv(call_.request) ? awarding::InputFormat::kCsv : awarding::InputFormat::kJson,
        "the request body");
    if (!report.ok()) return ProblemFor(call_, report.error());
    Json body = {{"imported", report->imported},
                 {"refused", awarding::ReportToJson(report->refused)}};
    if (report->imported == 0 && !report->refused.empty()) {
      return RecordsProblem(call_,
                            InvalidInput("no entry could be imported: " +
                                         report->refused[0].where + ": " +
                                         report->refused[0].error),
                            report->refused);
    }
    return RespondJson(call_, http::status::ok, body);
  }

  HttpResponse Qualification(std::string_view code) {
    auto found = workflow_.FindQualification(code);
    if (!found.ok()) return ProblemFor(call_, found.error());
    if (!*found) {
      return Problem(call_, 404, "not-found", "Not Found",
                     "no qualification " + std::string(code) + " in the catalogue");
    }
    return RespondJson(call_, http::status::ok, awarding::QualificationToJson(**found));
  }

  HttpResponse Retire(std::string_view code) {
    auto body = ObjectBody(call_);
    if (!body.ok()) return ProblemFor(call_, body.error());
    Status retired = workflow_.RetireQualification(actor_, code, StringMember(*body, "reason"));
    if (!retired.ok()) return ProblemFor(call_, retired.error());
    return Qualification(code);
  }

  HttpResponse Submit(std::string_view query) {
    auto report = workflow_.Submit(
        actor_, QueryParam(query, "agency"), call_.request.body(),
        IsCsv(call_.request) ? awarding::InputFormat::kCsv : awarding::InputFormat::kJson,
        IsCsv(call_.request) ? "results.csv" : "the request body");
    if (!report.ok()) return ProblemFor(call_, report.error());
    if (report->batch_id.empty()) {
      const awarding::RecordError& first = report->refused.at(0);
      return RecordsProblem(call_,
                            InvalidInput("no result can be submitted (" +
                                         std::to_string(report->refused.size()) +
                                         " refused; the first: " + first.where + ": " +
                                         first.error + ")"),
                            report->refused);
    }
    HttpResponse response = RespondJson(
        call_, http::status::created,
        {{"batch_id", report->batch_id},
         {"state", "submitted"},
         {"accepted", report->accepted},
         {"refused", awarding::ReportToJson(report->refused)}});
    response.set(http::field::location, std::string(kBatchesPath) + "/" + report->batch_id);
    return response;
  }

  HttpResponse Batches() {
    auto batches = workflow_.Batches(actor_);
    if (!batches.ok()) return ProblemFor(call_, batches.error());
    Json list = Json::array();
    for (const store::BatchRow& batch : *batches) {
      list.push_back(awarding::BatchSummaryToJson(batch));
    }
    return RespondJson(call_, http::status::ok, {{"batches", std::move(list)}});
  }

  HttpResponse Batch(std::string_view id) {
    auto batch = workflow_.Batch(actor_, id);
    if (!batch.ok()) return ProblemFor(call_, batch.error());
    return RespondJson(call_, http::status::ok, awarding::BatchToJson(*batch));
  }

  HttpResponse Events(std::string_view id) {
    auto events = workflow_.Events(actor_, id);
    if (!events.ok()) return ProblemFor(call_, events.error());
    Json list = Json::array();
    for (const store::AwardingEvent& event : *events) list.push_back(awarding::EventToJson(event));
    return RespondJson(call_, http::status::ok, {{"batch_id", id}, {"events", std::move(list)}});
  }

  HttpResponse Step(std::string_view id, std::string_view step) {
    auto body = ObjectBody(call_);
    if (!body.ok()) return ProblemFor(call_, body.error());
    const std::string reason = StringMember(*body, "reason");
    Status done = step == "review"      ? workflow_.Review(actor_, id)
                  : step == "approve"   ? workflow_.Approve(actor_, id, reason)
                                        : workflow_.SendBack(actor_, id, reason);
    if (!done.ok()) return ProblemFor(call_, done.error());
    return Batch(id);
  }

  HttpResponse Award(std::string_view id) {
    const ApiServices& services = call_.services;
    if (services.issuance == nullptr) {
      return Problem(call_, 404, "", "Not Found", "this server does not issue credentials");
    }
    Metrics* metrics = services.metrics;
    auto issue = awarding::IssueThrough(*services.issuance, actor_, [metrics](const Issuance& issued) {
      if (issued.kind == Issuance::Kind::kIssued) metrics->RecordIssuance();
      return Status::Ok();
    });
    auto report = workflow_.Award(actor_, id, issue);
    if (!report.ok()) return ProblemFor(call_, report.error());
    const std::string& base = services.setup->config.base_url;
    Json issued = Json::array();
    for (const awarding::AwardedResult& award : report->issued) {
      issued.push_back({{"position", award.position},
                        {"candidate_id", award.candidate_id},
                        {"credential_id", award.credential_id},
                        {"credential", base + "/credentials/" + award.credential_id},
                        {"verification_page", base + "/v/" + award.credential_id}});
    }
    return RespondJson(call_, http::status::ok,
                       {{"batch_id", id},
                        {"state", "awarded"},
                        {"issued", std::move(issued)},
                        {"not_issued", awarding::ReportToJson(report->not_issued)}});
  }

 private:
  const Call& call_;
  awarding::Workflow& workflow_;
  awarding::Actor actor_;
};

HttpResponse MethodNotAllowed(const Call& call, std::string_view allow) {
  HttpResponse response = Problem(call, 405, "", "Method Not Allowed",
                                  "use " + std::string(allow) + " here");
  response.set(http::field::allow, allow);
  return response;
}

HandledRequest Route(const Call& call, std::string_view path, std::string_view query) {
  awarding::Workflow& workflow = *call.services.awarding;
  auto actor = workflow.Authenticate(BearerToken(call.request));
  if (!actor.ok()) {
    HttpResponse response =
        actor.error().code() == ErrorCode::kPermission
            ? Problem(call, 401, "unauthorized", "Unauthorized",
                      actor.error().message() +
                          ": the awarding routes need Authorization: Bearer with your own token")
            : ProblemFor(call, actor.error());
    response.set(http::field::www_authenticate, "Bearer realm=\"pramaan-awarding\"");
    return {std::move(response), "/awarding/..."};
  }
  AwardingCall awarding_call(call, workflow, std::move(*actor));
  const bool get = call.request.method() == http::verb::get;
  const bool post = call.request.method() == http::verb::post;

  if (path == "/awarding/users") {
    if (!post) return {MethodNotAllowed(call, "POST"), "/awarding/users"};
    return {awarding_call.AddUser(), "/awarding/users"};
  }
  if (path == kQualificationsPath) {
    if (get) return {awarding_call.Catalogue(), "/awarding/qualifications"};
    if (post) return {awarding_call.Import(), "/awarding/qualifications"};
    return {MethodNotAllowed(call, "GET, POST"), "/awarding/qualifications"};
  }
  if (path.starts_with(std::string(kQualificationsPath) + "/")) {
    std::string_view rest = path.substr(kQualificationsPath.size() + 1);
    if (rest.ends_with("/retire")) {
      rest.remove_suffix(7);
      if (!post) return {MethodNotAllowed(call, "POST"), "/awarding/qualifications/{nqr}/retire"};
      return {awarding_call.Retire(rest), "/awarding/qualifications/{nqr}/retire"};
    }
    if (!get) return {MethodNotAllowed(call, "GET"), "/awarding/qualifications/{nqr}"};
    return {awarding_call.Qualification(rest), "/awarding/qualifications/{nqr}"};
  }
  if (path == kBatchesPath) {
    if (get) return {awarding_call.Batches(), "/awarding/batches"};
    if (post) return {awarding_call.Submit(query), "/awarding/batches"};
    return {MethodNotAllowed(call, "GET, POST"), "/awarding/batches"};
  }
  if (path.starts_with(std::string(kBatchesPath) + "/")) {
    const std::string_view rest = path.substr(kBatchesPath.size() + 1);
    const size_t slash = rest.find('/');
    const std::string_view id = rest.substr(0, slash);
    const std::string_view step =
        slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (step.empty()) {
      if (!get) return {MethodNotAllowed(call, "GET"), "/awarding/batches/{id}"};
      return {awarding_call.Batch(id), "/awarding/batches/{id}"};
    }
    if (step == "events") {
      if (!get) return {MethodNotAllowed(call, "GET"), "/awarding/batches/{id}/events"};
      return {awarding_call.Events(id), "/awarding/batches/{id}/events"};
    }
    if (step == "review" || step == "approve" || step == "send-back") {
      if (!post) return {MethodNotAllowed(call, "POST"), "/awarding/batches/{id}/{step}"};
      return {awarding_call.Step(id, step), "/awarding/batches/{id}/{step}"};
    }
    if (step == "award") {
      if (!post) return {MethodNotAllowed(call, "POST"), "/awarding/batches/{id}/award"};
      return {awarding_call.Award(id), "/awarding/batches/{id}/award"};
    }
  }
  return {Problem(call, 404, "", "Not Found", "no awarding route " + std::string(path)),
          "unmatched"};
}

HandledRequest DigiLocker(const Call& call, std::string_view path) {
  const std::string_view route =
      path == "/digilocker/pull-uri" ? "/digilocker/pull-uri" : "/digilocker/pull-doc";
  if (call.request.method() != http::verb::post) return {MethodNotAllowed(call, "POST"), route};
  const ApiServices& services = call.services;
  awarding::Workflow& workflow = *services.awarding;
  digilocker::Services source;
  source.settings = services.digilocker;
  source.find_awards =
      [&workflow](std::string_view apaar_id) -> Result<std::vector<digilocker::AwardedDocument>> {
    PRAMAAN_ASSIGN_OR_RETURN(std::vector<awarding::Workflow::Awarded> awards,
                             workflow.AwardsFor(apaar_id));
    std::vector<digilocker::AwardedDocument> documents;
    for (auto& award : awards) {
      documents.push_back({std::move(award.credential_id), std::move(award.nqr_code),
                           std::move(award.learner_name)});
    }
    return documents;
  };
  // A revoked or suspended certificate is not handed to a wallet: DigiLocker is told there is
  // no document (its holder can still see the verdict at /v/{id}).
  source.credential = [&services](std::string_view id) -> Result<std::optional<Json>> {
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StoredCredential> stored,
                             services.registry->Get(id));
    if (!stored) return std::optional<Json>();
    PRAMAAN_ASSIGN_OR_RETURN(std::vector<store::StatusEvent> events,
                             services.registry->StatusEvents(id));
    bool revoked = false;
    bool suspended = false;
    for (const store::StatusEvent& event : events) {
      revoked = revoked || event.action == store::StatusAction::kRevoke;
      if (event.action == store::StatusAction::kSuspend) suspended = true;
      if (event.action == store::StatusAction::kUnsuspend) suspended = false;
    }
    if (revoked || suspended) return std::optional<Json>();
    PRAMAAN_ASSIGN_OR_RETURN(Json credential, ParseJson(stored->credential_json, id));
    // Only qualification certificates are documents of the configured DocType: a course
    // completion under a URI DigiLocker presents is not one.
    const Json* achievement = nullptr;
    if (const auto subject = credential.find("credentialSubject");
        subject != credential.end() && subject->is_object()) {
      const auto found = subject->find("achievement");
      if (found != subject->end() && found->is_object()) achievement = &*found;
    }
    if (achievement == nullptr || GetString(*achievement, "achievementType") != "Certification") {
      return std::optional<Json>();
    }
    return std::optional<Json>(std::move(credential));
  };
  source.render_pdf = [&services](const Json& credential,
                                  const std::string& id) -> Result<std::string> {
    if (!services.certificates) return Unsupported("this server makes no certificates");
    return services.certificates(credential, id);
  };
  source.clock = services.clock;
  const std::string& body = call.request.body();
  // Every x-digilocker-hmac header, so a second one (refused) is not hidden behind the first.
  digilocker::HmacHeaders hmac;
  const auto [first, last] = call.request.equal_range(
      boost::beast::string_view(digilocker::kHmacHeader.data(), digilocker::kHmacHeader.size()));
  for (auto header = first; header != last; ++header) {
    hmac.emplace_back(header->value().data(), header->value().size());
  }
  digilocker::Response answer = path == "/digilocker/pull-uri"
                                    ? digilocker::HandlePullUri(body, hmac, source)
                                    : digilocker::HandlePullDoc(body, hmac, source);
  return {Respond(call, static_cast<http::status>(answer.status), answer.content_type,
                  std::move(answer.body)),
          route};
}

}  // namespace

std::optional<HandledRequest> HandleAwarding(const HttpRequest& request, std::string_view path,
                                             std::string_view query,
                                             const ApiServices& services) {
  const Call call{request, services};
  if (path.starts_with(kAwardingPrefix)) {
    if (services.awarding == nullptr) {
      return HandledRequest{
          Problem(call, 404, "", "Not Found",
                  "this server has no awarding workflow (configure \"awarding\" and a --registry)"),
          "unmatched"};
    }
    return Route(call, path, query);
  }
  if (path == "/digilocker/pull-uri" || path == "/digilocker/pull-doc") {
    if (services.awarding == nullptr || services.digilocker == nullptr) {
      return HandledRequest{
          Problem(call, 404, "", "Not Found", "this server has no DigiLocker integration"),
          "unmatched"};
    }
    return DigiLocker(call, path);
  }
  return std::nullopt;
}

}  // namespace pramaan::api
