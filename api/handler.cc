#include "api/handler.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <mutex>
#include <span>
#include <thread>
#include <variant>

#include "api/awarding_routes.h"
#include "api/bulk_entries.h"
#include "api/console_routes.h"
#include "api/http_common.h"
#include "api/learner_page.h"
#include "api/multipart.h"
#include "api/presentation_verifier.h"
#include "api/signed_link.h"
#include "api/vc_api_result.h"
#include "api/verified_cache.h"
#include "api/verification_page.h"
#include "core/credential/credential.h"
#include "core/integrity/data_integrity.h"
#include "issuer/batch_reader.h"
#include "issuer/credential_id.h"
#include "issuer/status_list_publisher.h"
#include "verifier/credential_verifier.h"
#include "verifier/pdf_verifier.h"
#include "verifier/printed_text.h"
#include "verifier/verdict.h"

namespace pramaan::api {
namespace {

constexpr std::string_view kCredentialsPrefix = "/credentials/";
constexpr std::string_view kStatusPrefix = "/status/";
constexpr std::string_view kPagePrefix = "/v/";
constexpr std::string_view kLearnerPrefix = "/c/";
// Longest credential id accepted in a path: ours are 20 characters; ids of credentials issued
// through the API with their own id are at most this long too.
constexpr size_t kMaxIdLength = 64;

// Per-request state the route functions share.
struct Call {
  const HttpRequest& request;
  const ApiServices& services;
  std::string_view client;  // the client's address, "" when unknown
};

HttpResponse Respond(const Call& call, http::status status, std::string_view content_type,
                     std::string body) {
  return MakeResponse(call.request, status, content_type, std::move(body));
}

HttpResponse RespondJson(const Call& call, http::status status, const Json& body,
                         std::string_view content_type = "application/json") {
  return Respond(call, status, content_type, DumpJson(body, false));
}

HttpResponse Problem(const Call& call, unsigned status, std::string_view slug,
                     std::string_view title, std::string_view detail) {
  return MakeProblem(status, slug, title, detail, call.request.version(),
                     call.request.keep_alive());
}

bool IsUrlSafeId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
  });
}

// The value of query parameter `name` in `query` ("a=1&b=2"), percent-decoded, or "" (one
// decoder for queries and forms: FormField).
std::string QueryParam(std::string_view query, std::string_view name) {
  return FormField(query, name).value_or("");
}

// The request's Content-Type without its parameters, lower-cased ("text/csv").
std::string MediaTypeOf(const HttpRequest& request) {
  const auto header = request[http::field::content_type];
  const std::string_view content_type(header.data(), header.size());
  std::string media_type(content_type.substr(0, content_type.find(';')));
  while (media_type.ends_with(' ')) media_type.pop_back();
  std::transform(media_type.begin(), media_type.end(), media_type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return media_type;
}

bool Accepts(const HttpRequest& request, std::string_view media_type) {
  const auto accept = request[http::field::accept];
  return std::string_view(accept.data(), accept.size()).find(media_type) != std::string_view::npos;
}

enum class Auth { kNone, kWrong, kOk };

// The request's bearer token against `token` (the API's or the platform's).
Auth CheckBearer(const Call& call, const SecretBytes* token) {
  const std::string_view presented = BearerToken(call.request);
  if (presented.empty()) return Auth::kNone;
  if (token == nullptr || token->size() == 0) return Auth::kWrong;
  const std::span<const uint8_t> expected = token->Reveal(SecretAccess::Grant());
  return ConstantTimeEquals(
             std::string_view(reinterpret_cast<const char*>(expected.data()), expected.size()),
             presented)
             ? Auth::kOk
             : Auth::kWrong;
}

Auth CheckToken(const Call& call) { return CheckBearer(call, call.services.api_token); }

HttpResponse Unauthorized(const Call& call, Auth auth, std::string_view what,
                          std::string_view token_name = "the API token") {
  HttpResponse response =
      auth == Auth::kNone
          ? Problem(call, 401, "unauthorized", "Unauthorized",
                    std::string(what) + " needs Authorization: Bearer with " +
                        std::string(token_name))
          : Problem(call, 403, "forbidden", "Forbidden",
                    "the bearer token is not " + std::string(token_name));
  response.set(http::field::www_authenticate, "Bearer realm=\"pramaan\"");
  return response;
}

// The short id of a credential whose id is {base_url}/credentials/{short}, or "".
std::string ShortIdOf(const Json& credential, const std::string& base_url) {
  const std::string id = GetString(credential, "id");
  const std::string prefix = base_url + std::string(kCredentialsPrefix);
  if (!id.starts_with(prefix)) return "";
  const std::string short_id = id.substr(prefix.size());
  return IsUrlSafeId(short_id) ? short_id : "";
}

// Parses a request body that must be a JSON object; a problem response otherwise.
Result<Json> ParseBody(const Call& call) {
  PRAMAAN_ASSIGN_OR_RETURN(Json body, ParseJson(call.request.body(), "request body"));
  if (!body.is_object()) return InvalidInput("the request body must be a JSON object");
  if (const auto options = body.find("options"); options != body.end() && !options->is_object()) {
    return InvalidInput("options must be a JSON object");
  }
  return body;
}

HttpResponse MalformedBody(const Call& call, const Error& error) {
  return Problem(call, 400, "malformed-request", "Malformed request", error.message());
}

// The verifier of this request, with the server's trust list, status lists and registry.
// The sources live on the caller's stack (they hold only references).
struct RequestSources {
  explicit RequestSources(const Call& call)
      : supersession(*call.services.registry, call.services.supersession,
                     call.services.verifier->base_url),
        issued(*call.services.registry, call.services.verifier->base_url) {}
  VerdictSources For(const Call& call, const SupersessionSource* replaced = nullptr) const {
    return VerdictSources{call.services.trusted_issuers, call.services.status_lists,
                          replaced != nullptr ? replaced : &supersession, &issued};
  }
  RegistrySupersession supersession;
  RegistryIssuedCredentials issued;
};

// Past the verifier's work limits (VerificationLimits): the body was within the size limit
// but holds more than one verification takes. The client's to fix: 413, counted malformed.
HttpResponse TooLarge(const Call& call, const Error& error) {
  call.services.metrics->RecordVerification("malformed");
  return Problem(call, 413, "credential-too-large", "Credential too large", error.message());
}

HttpResponse VerifyCredentialRoute(const Call& call) {
  Metrics& metrics = *call.services.metrics;
  auto body = ParseBody(call);
  if (!body.ok()) {
    metrics.RecordVerification("malformed");
    return MalformedBody(call, body.error());
  }
  const auto credential = body->find("verifiableCredential");
  if (credential == body->end() || !credential->is_object()) {
    metrics.RecordVerification("malformed");
    return Problem(call, 400, "malformed-request", "Malformed request",
                   "the body must have a verifiableCredential object");
  }
  const VerifierSetup& setup = *call.services.verifier;
  const RequestSources sources(call);
  CredentialVerifier verifier(setup.contexts, setup.resolver, *call.services.clock,
                              sources.For(call));
  auto report = verifier.Check(*credential);
  if (!report.ok() && report.error().code() == ErrorCode::kTooLarge) {
    return TooLarge(call, report.error());
  }
  if (!report.ok()) {
    metrics.RecordVerification("uncheckable");
    return Problem(call, 400, "uncheckable-credential", "The credential cannot be checked",
                   report.error().message());
  }
  // Could not check is not checked and invalid: when the status source itself failed, the
  // caller is told to try again (503), as the page does.
  if (const Check* status = report->Find("status");
      status != nullptr && status->finding == finding::kUnavailable) {
    metrics.RecordVerification("error");
    return Problem(call, 503, "status-unavailable", "Status unavailable", status->detail);
  }
  const CredentialState state = StateOf(*report);
  metrics.RecordVerification(StateName(state));
  return Respond(call, report->verified() ? http::status::ok : http::status::unprocessable_entity,
                 "application/json", VcApiResultText(*report, state));
}

HttpResponse VerifyPresentationRoute(const Call& call) {
  Metrics& metrics = *call.services.metrics;
  auto body = ParseBody(call);
  if (!body.ok()) {
    metrics.RecordVerification("malformed");
    return MalformedBody(call, body.error());
  }
  const auto presentation = body->find("verifiablePresentation");
  if (presentation == body->end() || !presentation->is_object()) {
    metrics.RecordVerification("malformed");
    return Problem(call, 400, "malformed-request", "Malformed request",
                   "the body must have a verifiablePresentation object");
  }
  PresentationOptions options;
  if (const auto given = body->find("options"); given != body->end()) {
    for (const char* name : {"challenge", "domain"}) {
      const auto it = given->find(name);
      if (it == given->end()) continue;
      if (!it->is_string()) {
        return Problem(call, 400, "malformed-request", "Malformed request",
                       std::string("options.") + name + " must be a string");
      }
      (name[0] == 'c' ? options.challenge : options.domain) = it->get<std::string>();
    }
  }
  const VerifierSetup& setup = *call.services.verifier;
  const RequestSources sources(call);
  CredentialVerifier verifier(setup.contexts, setup.resolver, *call.services.clock,
                              sources.For(call));
  auto verification =
      VerifyPresentation(*presentation, options, verifier, setup.resolver, setup.contexts);
  if (!verification.ok() && verification.error().code() == ErrorCode::kTooLarge) {
    return TooLarge(call, verification.error());
  }
  if (!verification.ok()) {
    metrics.RecordVerification("uncheckable");
    return Problem(call, 400, "uncheckable-presentation", "The presentation cannot be checked",
                   verification.error().message());
  }
  const bool verified = verification->report.verified();
  metrics.RecordVerification(verified ? "valid" : "invalid");
  Json result = VcApiResult(verification->report,
                            verified ? CredentialState::kValid : CredentialState::kInvalid, {});
  Json credential_results = Json::array();
  for (const VerificationReport& credential : verification->credentials) {
    credential_results.push_back(VcApiResult(credential, StateOf(credential), {}));
  }
  result["credentialResults"] = std::move(credential_results);
  return RespondJson(call, verified ? http::status::ok : http::status::unprocessable_entity,
                     result);
}

// The learner's own page for credential `id` (GET /c/{id}), signed for kLearnerLinkDays from
// now; "" when the server has no link key.
std::string LearnerLinkOf(const Call& call, std::string_view id) {
  const SecretBytes* key = call.services.link_key;
  if (key == nullptr || key->size() == 0) return "";
  const int64_t expires = call.services.clock->Now().time_since_epoch().count() +
                          int64_t{kLearnerLinkDays} * 24 * 3600;
  const std::string& base = call.services.setup != nullptr ? call.services.setup->config.base_url
                                                           : call.services.verifier->base_url;
  return LearnerLink(base, *key, id, expires);
}

// What the platform shows a learner about an issued record: its id, where anyone checks it, and
// the credential itself (the platform holds it for the learner).
Json RecordAnswer(const Call& call, const Issuance& issued, std::string_view outcome) {
  const std::string& base = call.services.setup->config.base_url;
  Json answer{{"outcome", outcome},
              {"id", issued.stored.id},
              {"source_record_id", issued.stored.source_record_id},
              {"verification_url", base + std::string(kPagePrefix) + issued.stored.id},
              {"credential_url", base + std::string(kCredentialsPrefix) + issued.stored.id}};
  if (std::string link = LearnerLinkOf(call, issued.stored.id); !link.empty()) {
    answer["learner_link"] = std::move(link);
  }
  if (auto credential = ParseJson(issued.stored.credential_json, "stored credential");
      credential.ok()) {
    answer["verifiableCredential"] = std::move(*credential);
  }
  return answer;
}

// The answer to an issuance error of a record: its own fault (422 naming the field, 409 for
// another record under an issued source_record_id, 404 for an unknown credential to replace)
// or the server's (500, nothing issued).
HttpResponse RecordProblem(const Call& call, const Error& error) {
  switch (error.code()) {
    case ErrorCode::kConflict:
      return Problem(call, 409, "already-issued", "Already issued", error.message());
    case ErrorCode::kNotFound:
      return Problem(call, 404, "unknown-credential", "Not Found", error.message());
    case ErrorCode::kInvalidInput:
    case ErrorCode::kUnsupported:
      return Problem(call, 422, "invalid-record", "The record cannot be issued", error.message());
    default:
      return Problem(call, 500, "", "Internal Server Error",
                     "nothing was issued: " + error.message());
  }
}

// The platform's routes (/records...): the answer when `call` may not use them (no platform
// token, 401/403; a server that does not issue, 404), else nullopt.
std::optional<HttpResponse> RefusePlatformCall(const Call& call) {
  if (Auth auth = CheckBearer(call, call.services.platform_token); auth != Auth::kOk) {
    return Unauthorized(call, auth, "sending records", "the platform token");
  }
  if (call.services.issuance == nullptr) {
    return Problem(call, 404, "", "Not Found", "this server does not issue credentials");
  }
  return std::nullopt;
}

// The body of POST /records or /records/reissue, and its record (the body itself, or its
// member `member`), or the problem answering the request: the platform's token, an issuing
// server, an object, and not an NCVET qualification (those are issued only after the awarding
// body's maker-checker approval, under /awarding/).
struct PlatformRequest {
  Json body;
  Json record;
};
std::variant<PlatformRequest, HttpResponse> ReadPlatformRequest(const Call& call,
                                                                std::string_view member) {
  if (auto refused = RefusePlatformCall(call)) return std::move(*refused);
  auto body = ParseBody(call);
  if (!body.ok()) return MalformedBody(call, body.error());
  PlatformRequest request{std::move(*body), Json()};
  if (member.empty()) {
    request.record = request.body;
  } else if (const auto found = request.body.find(member); found != request.body.end()) {
    request.record = *found;
  }
  if (!request.record.is_object()) {
    return Problem(call, 400, "malformed-request", "Malformed request",
                   member.empty() ? "the body must be a record (a JSON object)"
                                  : "the body must have a " + std::string(member) + " object");
  }
  if (GetString(request.record, "record_type") == "ncvet_qualification") {
    return Problem(call, 403, "awarding-only", "Forbidden",
                   "NCVET qualifications are issued only through the awarding workflow's "
                   "maker-checker approval: submit results to /awarding/results");
  }
  return request;
}

// POST /records (issue 20): one course-completion record from the learning platform, issued
// through the issuance service: 201 when issued now, 200 with the credential issued before
// when the same record comes again, 409 for a different record under an issued
// source_record_id, 422 naming the field of a bad record. Durable before the answer.
HttpResponse RecordRoute(const Call& call) {
  auto request = ReadPlatformRequest(call, "");
  if (auto* problem = std::get_if<HttpResponse>(&request)) return std::move(*problem);
  auto issued = call.services.issuance->IssueRecord(std::get<PlatformRequest>(request).record,
                                                    Requester{"platform"});
  if (!issued.ok()) return RecordProblem(call, issued.error());
  const bool fresh = issued->kind == Issuance::Kind::kIssued;
  if (fresh) call.services.metrics->RecordIssuance();
  HttpResponse response = RespondJson(call, fresh ? http::status::created : http::status::ok,
                                      RecordAnswer(call, *issued, fresh ? "issued" : "existing"));
  response.set(http::field::location, call.services.setup->config.base_url +
                                          std::string(kCredentialsPrefix) + issued->stored.id);
  return response;
}

// POST /records/reissue (issue 20): {"record", "replaces", "reason_code"?, "reason"?}, a
// correction of credential `replaces` (same source_record_id): the new credential is issued,
// the old one superseded by it and revoked with reason code "superseded" (its page then reads
// "replaced by a newer certificate"). `reason_code` (store::kStatusReasonCodes) and `reason`
// say why the correction was needed.
HttpResponse ReissueRecordRoute(const Call& call) {
  auto read = ReadPlatformRequest(call, "record");
  if (auto* problem = std::get_if<HttpResponse>(&read)) return std::move(*problem);
  const PlatformRequest& request = std::get<PlatformRequest>(read);
  const std::string replaces = GetString(request.body, "replaces");
  const std::string code = GetString(request.body, "reason_code");
  std::string reason = GetString(request.body, "reason");
  if (replaces.empty()) {
    return Problem(call, 400, "malformed-request", "Malformed request",
                   "replaces must be the id of the credential the record corrects");
  }
  if (request.body.contains("reason_code") && !store::IsStatusReasonCode(code)) {
    return Problem(call, 400, "malformed-request", "Malformed request",
                   "reason_code must be one of " + store::StatusReasonCodeList());
  }
  if (reason.empty()) reason = code.empty() ? "corrected" : store::StatusReasonWords(code);
  const std::string& base_url = call.services.setup->config.base_url;
  const std::string short_id = ShortIdOf(Json{{"id", replaces}}, base_url);
  const std::string old_id = short_id.empty() ? replaces : short_id;
  auto issued = call.services.issuance->Reissue(request.record, old_id, reason,
                                                Requester{"platform"});
  if (!issued.ok()) return RecordProblem(call, issued.error());
  call.services.metrics->RecordIssuance();
  // The old credential's revocation bit changed: re-signed at once, as a status change is.
  if (call.services.status_bits != nullptr) call.services.status_bits->Invalidate();
  (void)PublishStatusLists(*call.services.setup, *call.services.registry, *call.services.clock);
  Json answer = RecordAnswer(call, *issued, "issued");
  answer["replaces"] = old_id;
  HttpResponse response = RespondJson(call, http::status::created, answer);
  response.set(http::field::location, base_url + std::string(kCredentialsPrefix) + issued->stored.id);
  return response;
}

// POST /records/batch (issue 20): JSON Lines or CSV of course-completion records, at most
// kMaxRecordBatchRecords, answered 200 with one JSON line per record, in input order:
// {line, source_record_id?, outcome: issued|existing|conflict|invalid, id?, verification_url?,
// learner_link?, error?}. Records are issued through the issuance service in groups (one
// registry transaction each) on every core; everything answered issued or existing is
// committed before the answer. Past the record limit nothing is issued (413). A failure of the
// server's own (the registry, the disk) answers 500 for the whole batch: sending it again is
// safe, as every record already issued then answers existing.
HttpResponse RecordBatchRoute(const Call& call) {
  if (auto refused = RefusePlatformCall(call)) return std::move(*refused);
  const std::string media_type = MediaTypeOf(call.request);
  BatchFormat format = BatchFormat::kJsonLines;
  if (media_type == "text/csv") {
    format = BatchFormat::kCsv;
  } else if (media_type != "application/x-ndjson" && media_type != "application/jsonl" &&
             media_type != "application/json-lines") {
    return Problem(call, 415, "unsupported-media-type", "Unsupported Media Type",
                   "Content-Type must be application/x-ndjson (JSON Lines) or text/csv");
  }
  // One batch at a time per server: it uses every core while it signs.
  static std::atomic<int> running{0};
  struct Running {
    Running() { ++running; }
    ~Running() { --running; }
  } counted;
  if (running > kMaxRecordBatchesAtOnce) {
    HttpResponse busy = Problem(call, 503, "busy", "Service Unavailable",
                                "another batch of records is being issued; send this one again "
                                "when it is done");
    busy.set(http::field::retry_after, "5");
    return busy;
  }
  auto reader = BatchReader::FromBytes(call.request.body(), "batch", format);
  if (!reader.ok()) {
    return Problem(call, 422, "invalid-batch", "The batch cannot be read",
                   "Content-Type says " + media_type + ": " + reader.error().message());
  }
  std::vector<BatchRecord> records;
  for (;;) {
    auto next = (*reader)->Next();
    if (!next.ok()) return Problem(call, 500, "", "Internal Server Error", next.error().message());
    if (!next->has_value()) break;
    if (records.size() == kMaxRecordBatchRecords) {
      return Problem(call, 413, "batch-too-large", "Content Too Large",
                     "the batch has more than " + std::to_string(kMaxRecordBatchRecords) +
                         " records: nothing was issued; send it in parts");
    }
    records.push_back(std::move(**next));
  }

  // What each record became: its answer, or its own error. Qualifications are refused here as
  // POST /records refuses them.
  std::vector<std::optional<Result<Issuance>>> answers(records.size());
  std::vector<std::string> sources(records.size());
  std::vector<size_t> to_issue;
  for (size_t i = 0; i < records.size(); ++i) {
    if (records[i].record.ok()) sources[i] = GetString(*records[i].record, "source_record_id");
    if (!records[i].record.ok()) {
      answers[i] = records[i].record.error();
    } else if (GetString(*records[i].record, "record_type") == "ncvet_qualification") {
      answers[i] = Error(ErrorCode::kInvalidInput,
                         records[i].where + ": NCVET qualifications are issued only through "
                                            "the awarding workflow's maker-checker approval");
    } else {
      to_issue.push_back(i);
    }
  }
  constexpr size_t kGroup = 32;  // records per registry transaction, as in `pramaan issue`
  std::atomic<size_t> next_group{0};
  std::mutex failure_mutex;
  std::optional<Error> failure;
  auto work = [&] {
    for (;;) {
      const size_t first = next_group.fetch_add(kGroup);
      if (first >= to_issue.size()) return;
      const size_t end = std::min(first + kGroup, to_issue.size());
      std::vector<Json> group;
      for (size_t k = first; k < end; ++k) group.push_back(std::move(*records[to_issue[k]].record));
      auto issued = call.services.issuance->IssueRecords(group, Requester{"platform"});
      if (!issued.ok()) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = issued.error();
        return;
      }
      for (size_t k = first; k < end; ++k) answers[to_issue[k]] = std::move((*issued)[k - first]);
    }
  };
  const size_t groups = (to_issue.size() + kGroup - 1) / kGroup;
  const size_t helpers =
      std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), groups) - (groups > 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < helpers; ++t) threads.emplace_back(work);
  work();
  for (std::thread& thread : threads) thread.join();
  if (failure) {
    return Problem(call, 500, "", "Internal Server Error",
                   failure->message() + "; records answered before were committed, and sending "
                                        "the batch again is safe: they answer existing");
  }

  const std::string& base = call.services.setup->config.base_url;
  std::string out;
  out.reserve(records.size() * 256);
  int64_t issued_now = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    Json line{{"line", records[i].line}};
    const Result<Issuance>& answer = *answers[i];
    if (answer.ok()) sources[i] = answer->stored.source_record_id;
    if (!sources[i].empty()) line["source_record_id"] = std::move(sources[i]);
    if (answer.ok()) {
      const bool fresh = answer->kind == Issuance::Kind::kIssued;
      issued_now += fresh ? 1 : 0;
      line["outcome"] = fresh ? "issued" : "existing";
      line["id"] = answer->stored.id;
      line["verification_url"] = base + std::string(kPagePrefix) + answer->stored.id;
      if (std::string link = LearnerLinkOf(call, answer->stored.id); !link.empty()) {
        line["learner_link"] = std::move(link);
      }
    } else {
      line["outcome"] = answer.error().code() == ErrorCode::kConflict ? "conflict" : "invalid";
      line["error"] = answer.error().message();
    }
    out += DumpJson(line, false);
    out += '\n';
  }
  for (int64_t i = 0; i < issued_now; ++i) call.services.metrics->RecordIssuance();
  return Respond(call, http::status::ok, "application/x-ndjson", std::move(out));
}

// POST /credentials/issue (W3C VC API): the unsigned credential goes through the issuance
// service, which checks it, allocates its status entries, signs it, verifies its own output,
// stores it with its audit events, and answers the same credential sent again with the one
// stored (200) and a different one under the same id with a conflict (409).
HttpResponse IssueRoute(const Call& call) {
  if (Auth auth = CheckToken(call); auth != Auth::kOk) {
    return Unauthorized(call, auth, "issuing");
  }
  if (call.services.issuance == nullptr) {
    return Problem(call, 404, "", "Not Found", "this server does not issue credentials");
  }
  auto body = ParseBody(call);
  if (!body.ok()) return MalformedBody(call, body.error());
  const auto found = body->find("credential");
  if (found == body->end() || !found->is_object()) {
    return Problem(call, 400, "malformed-request", "Malformed request",
                   "the body must have a credential object");
  }
  std::string requested_id;
  if (const auto options = body->find("options"); options != body->end()) {
    for (const auto& [name, value] : options->items()) {
      if (name == "credentialId") {
        // The caller's id is kept and may be typed back: only ids shaped like ours.
        if (!value.is_string() || !IsChosenCredentialId(value.get_ref<const std::string&>())) {
          return Problem(call, 422, "invalid-credential-id", "Invalid credential id",
                         "options.credentialId must be 16 to 32 characters of a-z and 2-7 "
                         "(^[a-z2-7]{16,32}$)");
        }
        requested_id = value.get<std::string>();
      } else {
        return Problem(call, 400, "unsupported-option", "Unsupported option",
                       "options." + name +
                           " is not supported (supported: credentialId)");
      }
    }
  }
  auto issued = call.services.issuance->IssueCredential(*found, requested_id,
                                                        Requester{"api:credentials-issue"});
  if (!issued.ok()) {
    switch (issued.error().code()) {
      case ErrorCode::kConflict:
        return Problem(call, 409, "already-issued", "Already issued", issued.error().message());
      case ErrorCode::kInvalidInput:
      case ErrorCode::kNotFound:
      case ErrorCode::kUnsupported:
        return Problem(call, 422, "unsignable-credential", "The credential cannot be issued",
                       issued.error().message());
      default:
        return Problem(call, 500, "", "Internal Server Error",
                       "nothing was issued: " + issued.error().message());
    }
  }
  const bool fresh = issued->kind == Issuance::Kind::kIssued;
  if (fresh) call.services.metrics->RecordIssuance();
  auto credential = ParseJson(issued->stored.credential_json, "stored credential");
  if (!credential.ok()) {
    return Problem(call, 500, "", "Internal Server Error", "the stored credential is unreadable");
  }
  HttpResponse response =
      RespondJson(call, fresh ? http::status::created : http::status::ok,
                  Json{{"verifiableCredential", std::move(*credential)}});
  response.set(http::field::location, call.services.setup->config.base_url +
                                          std::string(kCredentialsPrefix) + issued->stored.id);
  return response;
}

// GET /status/{list}: the signed list the issuer role stored (issuer/status_list_publisher.h),
// 304 when the client's copy is current. Nothing is signed here.
HttpResponse StatusListRoute(const Call& call, std::string_view id) {
  const std::optional<store::StatusListName> list = store::ParseStatusListId(id);
  const auto unknown = [&] {
    return Problem(call, 404, "unknown-status-list", "Not Found",
                   "no status list " + std::string(id.substr(0, 64)) + " is published here");
  };
  if (!list) return unknown();
  auto stored = call.services.registry->GetStatusListCredential(list->Id());
  if (!stored.ok()) {
    return Problem(call, 503, "status-unavailable", "Status unavailable",
                   "the status list could not be read");
  }
  if (!*stored) return unknown();
  const std::string cache_control =
      "public, max-age=" + std::to_string(store::kStatusListMaxAge.count());
  const std::string& etag = (*stored)->etag;
  const auto if_none_match = call.request.find(http::field::if_none_match);
  if (if_none_match != call.request.end() &&
      std::string_view(if_none_match->value().data(), if_none_match->value().size()) == etag) {
    HttpResponse not_modified = Respond(call, http::status::not_modified, "", "");
    not_modified.erase(http::field::content_type);
    not_modified.set(http::field::etag, etag);
    not_modified.set(http::field::cache_control, cache_control);
    return not_modified;
  }
  HttpResponse response = Respond(call, http::status::ok, "application/vc+ld+json",
                                  std::move((*stored)->credential_json));
  response.set(http::field::etag, etag);
  response.set(http::field::cache_control, cache_control);
  return response;
}

// POST /credentials/status (VC API "update status"): {"credentialId", "credentialStatus":
// [{"type": "BitstringStatusListEntry", "status": "revoked"|"suspended"|"unsuspended"}],
// "reasonCode", "reason", "actor"}. The change and who asked for it go to the audit log.
// "reasonCode" is one of store::kStatusReasonCodes (required to revoke or suspend; "reason"
// alone means "other"); "reason" defaults to the code's words.
HttpResponse UpdateStatusRoute(const Call& call) {
  if (Auth auth = CheckToken(call); auth != Auth::kOk) {
    return Unauthorized(call, auth, "changing a credential's status");
  }
  auto body = ParseBody(call);
  if (!body.ok()) return MalformedBody(call, body.error());
  const auto malformed = [&](std::string detail) {
    return Problem(call, 400, "malformed-request", "Malformed request", std::move(detail));
  };
  const std::string credential_id = GetString(*body, "credentialId");
  std::string reason = GetString(*body, "reason");
  std::string code = GetString(*body, "reasonCode");
  const std::string actor = GetString(*body, "actor");
  if (credential_id.empty()) return malformed("credentialId must be a non-empty string");
  if (body->contains("reasonCode") && !store::IsStatusReasonCode(code)) {
    return malformed("reasonCode must be one of " + store::StatusReasonCodeList());
  }
  if (code.empty() && reason.empty()) {
    return malformed("reasonCode must be one of " + store::StatusReasonCodeList() +
                     " (or reason, in words): why the status changes");
  }
  if (actor.empty()) return malformed("actor must be a non-empty string: who changes the status");
  const auto updates = body->find("credentialStatus");
  if (updates == body->end() || !updates->is_array() || updates->size() != 1 ||
      !(*updates)[0].is_object()) {
    return malformed("credentialStatus must be an array of one {\"type\", \"status\"} object");
  }
  static constexpr std::pair<std::string_view, store::StatusAction> kActions[] = {
      {"revoked", store::StatusAction::kRevoke},
      {"suspended", store::StatusAction::kSuspend},
      {"unsuspended", store::StatusAction::kUnsuspend}};
  const std::string wanted = GetString((*updates)[0], "status");
  const auto action = std::find_if(std::begin(kActions), std::end(kActions),
                                   [&](const auto& entry) { return entry.first == wanted; });
  if (action == std::end(kActions)) {
    return malformed("credentialStatus[0].status must be \"revoked\", \"suspended\" or "
                     "\"unsuspended\"");
  }
  if (code.empty() && action->second != store::StatusAction::kUnsuspend) code = "other";
  if (reason.empty()) reason = store::StatusReasonWords(code);
  const std::string short_id = ShortIdOf(Json{{"id", credential_id}}, call.services.setup->config.base_url);
  store::StatusEvent event{0, short_id.empty() ? credential_id : short_id, action->second, reason,
                           "api:" + actor, FormatRfc3339(call.services.clock->Now()), code};
  auto changed = call.services.registry->ChangeStatus(event);
  if (changed.ok() && *changed) {
    if (call.services.status_bits != nullptr) call.services.status_bits->Invalidate();
    // Re-signed at once; when that fails, the issuer role's worker signs it on its next pass
    // (the change itself is recorded either way).
    (void)PublishStatusLists(*call.services.setup, *call.services.registry, *call.services.clock);
  }
  if (!changed.ok()) {
    switch (changed.error().code()) {
      case ErrorCode::kNotFound:
        return Problem(call, 404, "unknown-credential", "Not Found", changed.error().message());
      case ErrorCode::kInvalidInput:
        return Problem(call, 422, "status-unchangeable", "The status cannot be changed",
                       changed.error().message());
      default:
        return Problem(call, 503, "registry-unavailable", "Registry unavailable",
                       "the registry could not record the change");
    }
  }
  return RespondJson(call, http::status::ok,
                     Json{{"credentialId", event.credential_id},
                          {"status", wanted},
                          {"reasonCode", code},
                          {"changed", *changed}});
}

// The stored credential, or a problem response in `problem`. `id` is as typed: it is looked
// up normalized (NormalizeTypedCredentialId), then, for a credential stored before ids were
// restricted to ^[a-z2-7]{16,32}$ (which may hold capitals or dashes), exactly as given.
std::optional<store::StoredCredential> Lookup(const Call& call, std::string_view id,
                                              HttpResponse* problem) {
  const std::string normalized = NormalizeTypedCredentialId(id.substr(0, 4 * kMaxIdLength));
  Result<std::optional<store::StoredCredential>> stored = std::optional<store::StoredCredential>();
  if (IsUrlSafeId(normalized)) stored = call.services.registry->Get(normalized);
  if (stored.ok() && !*stored && normalized != id && IsUrlSafeId(id)) {
    stored = call.services.registry->Get(id);
  }
  if (!IsUrlSafeId(normalized) && !IsUrlSafeId(id)) {
    *problem = Problem(call, 404, "unknown-credential", "Not Found", "no credential has this id");
    return std::nullopt;
  }
  if (!stored.ok()) {
    *problem = Problem(call, 503, "registry-unavailable", "Registry unavailable",
                       "the registry could not be read");
    return std::nullopt;
  }
  if (!*stored) {
    *problem = Problem(call, 404, "unknown-credential", "Not Found",
                       "no credential " + normalized + " was issued here");
    return std::nullopt;
  }
  return std::move(*stored);
}

// GET /credentials/{id}, the URL printed on certificates: the full credential (its score, the
// identity hashes and their salts) only for the API token's or the platform token's holder;
// anyone else, whatever
// they accept, is sent with 303 to the verification page, which shows what the printout shows
// (issue 19). A wrong token is refused, so a misconfigured client notices.
HttpResponse CredentialRoute(const Call& call, std::string_view id) {
  Auth auth = CheckToken(call);
  if (auth == Auth::kWrong && CheckBearer(call, call.services.platform_token) == Auth::kOk) {
    auth = Auth::kOk;  // the platform's token: it sent the record
  }
  if (auth != Auth::kOk) {
    if (auth == Auth::kWrong) return Unauthorized(call, auth, "the full credential");
    const std::string normalized = NormalizeTypedCredentialId(id.substr(0, 4 * kMaxIdLength));
    const std::string_view page_id = IsUrlSafeId(normalized) ? std::string_view(normalized) : id;
    if (!IsUrlSafeId(page_id)) {
      return Problem(call, 404, "unknown-credential", "Not Found",
                     "no credential " + std::string(id.substr(0, kMaxIdLength)) +
                         " was issued here");
    }
    HttpResponse redirect = Respond(call, http::status::see_other, "text/plain", "");
    redirect.set(http::field::location, std::string(kPagePrefix) + std::string(page_id));
    redirect.set(http::field::vary, "Authorization");
    redirect.set(http::field::cache_control, "no-store");
    return redirect;
  }
  HttpResponse problem;
  auto stored = Lookup(call, id, &problem);
  if (!stored) return problem;
  const std::string_view type = Accepts(call.request, "application/ld+json") &&
                                        !Accepts(call.request, "application/vc+ld+json")
                                    ? "application/ld+json"
                                    : "application/vc+ld+json";
  return Respond(call, http::status::ok, type, std::move(stored->credential_json));
}

// `checks_json` (a JSON array of checks) with `checks` appended.
std::string AppendChecks(std::string_view checks_json, std::span<const Check> checks) {
  std::string out;
  out.reserve(checks_json.size() + 96 * checks.size());
  out += checks_json.substr(0, checks_json.size() - 1);  // without the "]"
  for (const Check& check : checks) {
    if (out.size() > 1) out += ',';
    VerificationReport::AppendCheckJson(check, &out);
  }
  out += ']';
  return out;
}

// The time-independent verification of a stored credential, computed and kept in the cache.
// Null, with `problem` set, when the stored credential cannot be read or checked.
std::shared_ptr<const VerifiedCache::Entry> VerifyStored(const Call& call,
                                                         const store::StoredCredential& stored,
                                                         HttpResponse* problem) {
  VerifiedCache* cache = call.services.verified_cache;
  auto credential = ParseJson(stored.credential_json, "stored credential");
  if (!credential.ok()) {
    *problem = Problem(call, 500, "", "Internal Server Error", "the stored credential is unreadable");
    return nullptr;
  }
  const VerifierSetup& setup = *call.services.verifier;
  const RequestSources sources(call);
  CredentialVerifier verifier(setup.contexts, setup.resolver, *call.services.clock,
                              sources.For(call));
  auto verification = verifier.CheckTimeless(*credential);
  if (!verification.ok()) {
    call.services.metrics->RecordVerification("uncheckable");
    *problem = Problem(call, 500, "", "Internal Server Error",
                       "the stored credential cannot be checked: " +
                           verification.error().message());
    return nullptr;
  }
  auto entry = std::make_shared<VerifiedCache::Entry>();
  entry->verification = std::move(verification).value();
  entry->fields = ReadPublicFields(*credential);
  entry->fields_json = PublicFieldsJson(entry->fields);
  entry->checks_json = DumpJson(entry->verification.report.ToJson()["checks"], false);
  entry->status = Json::object();
  if (const auto id = credential->find("id"); id != credential->end()) entry->status["id"] = *id;
  if (const auto status = credential->find("credentialStatus"); status != credential->end()) {
    entry->status["credentialStatus"] = *status;
  }
  if (cache != nullptr) cache->Insert(stored.id, entry);
  return entry;
}

// The headers of every page for people: nothing from anywhere, no scripts, no framing.
void SetPageHeaders(HttpResponse& response) {
  response.set(http::field::vary, "Accept");
  response.set(http::field::cache_control, "no-cache");
  response.set("Content-Security-Policy",
               "default-src 'none'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
               "form-action 'self'; frame-ancestors 'none'");
  response.set("X-Content-Type-Options", "nosniff");
}

// Where the pages send a person with questions: the configuration's issuer.contact, else the
// issuer's url ("" when neither is set).
std::string_view IssuerContact(const Call& call) {
  const VerifierSetup& verifier = *call.services.verifier;
  return verifier.contact.empty() ? verifier.issuer.url : verifier.contact;
}

// What GET /v/{id} answers for a credential it cannot show: a browser (someone who scanned a
// code) gets a page for a 404; programs keep the problem JSON.

HttpResponse NotFoundPage(const Call& call, std::string_view id, HttpResponse problem) {
  if (problem.result() != http::status::not_found || Accepts(call.request, "application/json") ||
      !Accepts(call.request, "text/html")) {
    return problem;
  }
  HttpResponse page = Respond(call, http::status::not_found, "text/html; charset=utf-8",
                              RenderNotFoundPage(id.substr(0, kMaxIdLength),
                                                 IssuerContact(call)));
  SetPageHeaders(page);
  return page;
}

// The verdict on the credential stored under `id` (as typed or scanned), made as the page
// makes it: the timeless checks from the verified cache, the time-dependent ones now.
struct PageVerdict {
  std::string id;  // as stored
  std::shared_ptr<const VerifiedCache::Entry> verified;
  std::array<Check, 3> added;  // validity, status, supersession (TimeDependentChecks)
  CredentialState state;
  std::string newer;  // the page of the credential that replaced it, or ""
};

// Nullopt with `*problem` the answer when there is no verdict: 404 (nothing stored under
// `id`), what VerifyStored answers, or 503 when the status source cannot be read (could not
// check is not invalid: a person is told to try again). Counts the verdict in the metrics.
std::optional<PageVerdict> VerdictFor(const Call& call, std::string_view id,
                                      HttpResponse* problem) {
  const VerifierSetup& setup = *call.services.verifier;
  const RequestSources sources(call);
  // A credential verified before needs nothing from the registry but what replaced it: its
  // bytes never change (see api/verified_cache.h).
  std::shared_ptr<const VerifiedCache::Entry> verified;
  // What replaced the credential; a registry that cannot be read leaves "supersession" not
  // checked below (never "not replaced").
  Result<std::optional<Successor>> successor = std::optional<Successor>();
  // The id as typed from a printout ("ABCD-EFGH ..."), as stored; the stored one once found.
  std::string shown_id = NormalizeTypedCredentialId(id.substr(0, 4 * kMaxIdLength));
  if (call.services.verified_cache != nullptr && IsUrlSafeId(shown_id)) {
    verified = call.services.verified_cache->Find(shown_id);
    if (verified) successor = sources.supersession.ReplacedById(shown_id);
  }
  if (!verified) {
    auto stored = Lookup(call, id, problem);
    if (!stored) return std::nullopt;
    shown_id = stored->id;
    verified = VerifyStored(call, *stored, problem);
    if (!verified) return std::nullopt;
    if (!stored->superseded_by.empty()) {
      successor = std::optional<Successor>(Successor{
          stored->superseded_by,
          setup.base_url + std::string(kCredentialsPrefix) + stored->superseded_by});
    }
  }
  Metrics& metrics = *call.services.metrics;
  std::string newer = successor.ok() && successor->has_value()
                          ? setup.base_url + "/v/" + (*successor)->id
                          : "";
  const KnownSupersession replaced(std::move(successor));
  CredentialVerifier verifier(setup.contexts, setup.resolver, *call.services.clock,
                              sources.For(call, &replaced));
  // The cached checks are not copied: only the three made now are added to them.
  const std::array<Check, 3> added = verifier.TimeDependentChecks(
      verified->verification, verified->status, call.services.clock->Now());
  const Check& status = added[1];
  if (status.finding == finding::kUnavailable) {
    metrics.RecordVerification("error");
    *problem = Problem(call, 503, "status-unavailable", "Status unavailable", status.detail);
    return std::nullopt;
  }
  const CredentialState state = StateOf(verified->verification.report.checks(), added);
  metrics.RecordVerification(StateName(state));
  return PageVerdict{std::move(shown_id), std::move(verified), added, state, std::move(newer)};
}

HttpResponse PageRoute(const Call& call, std::string_view id) {
  HttpResponse problem;
  std::optional<PageVerdict> verdict = VerdictFor(call, id, &problem);
  if (!verdict) return NotFoundPage(call, id, std::move(problem));
  const PageVerdict& v = *verdict;
  // Why and since when, for a person deciding what to do (the registry knows; a list only has
  // the bit). Asked again only for these rare pages.
  StatusNote note;
  if ((v.state == CredentialState::kRevoked || v.state == CredentialState::kSuspended) &&
      call.services.status_lists != nullptr) {
    if (auto found = call.services.status_lists->Check(v.verified->status); found.ok()) {
      note.reason = found->reason;
      note.reason_code = found->reason_code;
      note.at = found->at;
    }
  }
  HttpResponse response =
      Accepts(call.request, "application/json")
          ? Respond(call, http::status::ok, "application/json",
                    PublicReportText(v.id, v.state, v.verified->fields_json,
                                     AppendChecks(v.verified->checks_json, v.added), v.newer,
                                     note))
          : Respond(call, http::status::ok, "text/html; charset=utf-8",
                    RenderVerificationPage(v.id, v.state, v.verified->fields, v.newer, note,
                                           IssuerContact(call)));
  SetPageHeaders(response);
  return response;
}

// GET /credentials/{id}.pdf: the certificate the issuer role made and stored; never rendered
// here.
HttpResponse CertificateRoute(const Call& call, std::string_view id, std::string_view query) {
  const std::string expires = QueryParam(query, "expires");
  const std::string sig = QueryParam(query, "sig");
  const int64_t now = call.services.clock->Now().time_since_epoch().count();
  if (!sig.empty() || !expires.empty()) {
    if (call.services.link_key == nullptr ||
        !CheckCertificateLink(*call.services.link_key, id, expires, sig, now)) {
      return Problem(call, 403, "bad-link", "Forbidden",
                     "the link is not signed for this certificate or has expired");
    }
    // A learner's link hands out only what may be shown as valid (staff with the token get
    // any certificate).
    HttpResponse problem;
    std::optional<PageVerdict> verdict = VerdictFor(call, id, &problem);
    if (!verdict) return problem;
    if (!LearnerMayDownload(verdict->state)) {
      return Problem(call, 403, "withheld", "Forbidden",
                     "certificate " + verdict->id + " is " +
                         std::string(StateName(verdict->state)) +
                         ": it is not handed out; its page " + std::string(kPagePrefix) +
                         verdict->id + " says why");
    }
  } else if (Auth auth = CheckToken(call); auth != Auth::kOk) {
    return Unauthorized(call, auth, "a certificate PDF");
  }
  HttpResponse problem;
  auto stored = Lookup(call, id, &problem);
  if (!stored) return problem;
  auto pdf = call.services.registry->GetCertificate(stored->id);
  if (!pdf.ok()) {
    return Problem(call, 503, "registry-unavailable", "Registry unavailable",
                   "the registry could not be read");
  }
  if (!*pdf) {
    // The issuer role makes certificates a moment after issuance, and only for credentials a
    // certificate template can render (not for a VC API credential with terms of its own).
    return Problem(call, 404, "no-certificate", "No certificate",
                   "no certificate exists for credential " + stored->id +
                       ": it is made shortly after issuance, and only for credentials a "
                       "certificate template can render");
  }
  HttpResponse response =
      Respond(call, http::status::ok, "application/pdf", std::move(**pdf));
  response.set(http::field::cache_control, "private, no-store");
  response.set(http::field::content_disposition,
               "inline; filename=\"" + stored->id + ".pdf\"");
  return response;
}

// The headers of the learner's page and downloads: private to whoever holds the link, never
// cached or indexed, and the link (which opens the whole credential) never sent on as a
// Referer, to LinkedIn or anywhere else. The page's one script is our own /learner.js.
void SetLearnerHeaders(HttpResponse& response) {
  response.set(http::field::cache_control, "private, no-store");
  response.set("Referrer-Policy", "no-referrer");
  response.set("X-Robots-Tag", "noindex");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Content-Security-Policy",
               "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
               "font-src 'self'; form-action 'self'; frame-ancestors 'none'");
}

// GET /c/{id}?expires=T&sig=S (the learner's page), /c/{id}/certificate.pdf and
// /c/{id}/credential.json with the same query (its downloads): the learner's signed link
// (api/signed_link.h) opens them until T. A link not signed for this id, or expired, gets 403
// (a page for the page, a problem for a download). Downloads of a credential that is revoked,
// suspended, replaced or invalid are refused (403) and the page offers none.
HttpResponse LearnerRoute(const Call& call, std::string_view rest, std::string_view query) {
  std::string_view id = rest;
  std::string_view what;
  if (const size_t slash = rest.find('/'); slash != std::string_view::npos) {
    id = rest.substr(0, slash);
    what = rest.substr(slash + 1);
  }
  if (!what.empty() && what != "certificate.pdf" && what != "credential.json") {
    return Problem(call, 404, "", "Not Found", "no route for GET " + std::string(call.request.target().substr(0, 4 * kMaxIdLength)));
  }
  const std::string expires = QueryParam(query, "expires");
  const std::string sig = QueryParam(query, "sig");
  const int64_t now = call.services.clock->Now().time_since_epoch().count();
  const SecretBytes* key = call.services.link_key;
  if (key == nullptr || !IsUrlSafeId(id) || id.size() > kMaxIdLength ||
      !CheckLearnerLink(*key, id, expires, sig, now)) {
    if (!what.empty()) {
      return Problem(call, 403, "bad-link", "Forbidden",
                     "the link is not signed for this certificate or has expired");
    }
    HttpResponse refused = Respond(call, http::status::forbidden, "text/html; charset=utf-8",
                                   RenderLinkRefusedPage(IssuerContact(call)));
    SetLearnerHeaders(refused);
    return refused;
  }
  HttpResponse problem;
  std::optional<PageVerdict> verdict = VerdictFor(call, id, &problem);
  if (!verdict) return problem;
  const PageVerdict& v = *verdict;
  const bool may_download = LearnerMayDownload(v.state);
  const std::string signed_query = "?expires=" + expires + "&sig=" + sig;
  if (!what.empty()) {
    if (!may_download) {
      return Problem(call, 403, "withheld", "Forbidden",
                     "certificate " + v.id + " is " + std::string(StateName(v.state)) +
                         ": it is not handed out; its page " + std::string(kPagePrefix) + v.id +
                         " says why");
    }
    HttpResponse response;
    if (what == "certificate.pdf") {
      auto pdf = call.services.registry->GetCertificate(v.id);
      if (!pdf.ok()) {
        return Problem(call, 503, "registry-unavailable", "Registry unavailable",
                       "the registry could not be read");
      }
      if (!*pdf) {
        return Problem(call, 404, "no-certificate", "No certificate",
                       "the PDF of certificate " + v.id + " is still being made");
      }
      response = Respond(call, http::status::ok, "application/pdf", std::move(**pdf));
      response.set(http::field::content_disposition,
                   "attachment; filename=\"certificate-" + v.id + ".pdf\"");
    } else {
      std::optional<store::StoredCredential> stored = Lookup(call, v.id, &problem);
      if (!stored) return problem;
      response = Respond(call, http::status::ok, "application/vc+ld+json",
                         std::move(stored->credential_json));
      response.set(http::field::content_disposition,
                   "attachment; filename=\"certificate-" + v.id + ".credential.json\"");
    }
    SetLearnerHeaders(response);
    return response;
  }

  const VerifierSetup& setup = *call.services.verifier;
  LearnerPage page;
  page.id = v.id;
  page.state = v.state;
  page.fields = v.verified->fields;
  page.contact = IssuerContact(call);
  page.verification = setup.base_url + std::string(kPagePrefix) + v.id;
  page.credential = std::string(kLearnerPrefix) + v.id + "/credential.json" + signed_query;
  page.pdf = std::string(kLearnerPrefix) + v.id + "/certificate.pdf" + signed_query;
  page.digilocker = setup.digilocker && v.verified->fields.kind == AchievementKind::kQualification;
  if (may_download) {
    auto pdf = call.services.registry->GetCertificate(v.id);
    page.pdf_state = pdf.ok() && pdf->has_value() ? LearnerPdf::kReady : LearnerPdf::kBeingMade;
  }
  if ((v.state == CredentialState::kRevoked || v.state == CredentialState::kSuspended) &&
      call.services.status_lists != nullptr) {
    if (auto found = call.services.status_lists->Check(v.verified->status); found.ok()) {
      page.note = StatusNote{found->reason, found->reason_code, found->at};
    }
  }
  if (v.state == CredentialState::kSuperseded && !v.newer.empty()) {
    // The learner's page of the newer certificate, for as long as this link lasts.
    const std::string newer_id = v.newer.substr(v.newer.rfind('/') + 1);
    int64_t until = 0;
    std::from_chars(expires.data(), expires.data() + expires.size(), until);
    page.newer = std::string(kLearnerPrefix) + newer_id + "?expires=" + expires +
                 "&sig=" + SignLearnerLink(*key, newer_id, until);
  }
  HttpResponse response =
      Respond(call, http::status::ok, "text/html; charset=utf-8", RenderLearnerPage(page));
  SetLearnerHeaders(response);
  return response;
}

// A CSV cell: quoted when it holds a comma, a quote or a line break; a leading =, +, - or @
// is prefixed with a quote mark so that a spreadsheet does not run it as a formula.
std::string CsvCell(std::string_view text) {
  std::string cell;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@')) {
    cell += '\'';
  }
  cell += text;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (const char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// POST /v/bulk: an employer's list (api/bulk_entries.h), one verdict per entry, as JSON or
// CSV (the default, which the page's form downloads). An entry that names no certificate is
// "not_found"; one that cannot be checked now, "unavailable".
HttpResponse BulkRoute(const Call& call) {
  auto entries = ReadBulkEntries(call.request.body(), MediaTypeOf(call.request));
  if (!entries.ok()) {
    if (entries.error().code() == ErrorCode::kTooLarge) {
      return Problem(call, 413, "list-too-long", "List too long", entries.error().message());
    }
    return Problem(call, 400, "malformed-request", "Malformed request", entries.error().message());
  }
  // Each entry may cost a verification: a client's lists share one budget (ApiServices).
  if (call.services.bulk_limiter != nullptr) {
    const int wait = call.services.bulk_limiter->Spend(call.client, static_cast<double>(entries->size()));
    if (wait > 0) {
      HttpResponse busy = Problem(call, 429, "too-many-entries", "Too Many Requests",
                                  "this address has checked too many certificates in the last "
                                  "minute; retry in " + std::to_string(wait) + " s");
      busy.set(http::field::retry_after, std::to_string(wait));
      return busy;
    }
  }
  const bool json = Accepts(call.request, "application/json");
  std::string out = json ? "[" : "entry,id,status,name,achievement,issuer,date\r\n";
  bool first = true;
  for (const std::string& entry : *entries) {
    const std::string id = BulkEntryId(entry);
    HttpResponse problem;
    std::optional<PageVerdict> verdict;
    if (IsUrlSafeId(id)) verdict = VerdictFor(call, id, &problem);
    // Nothing stored under it is "not_found"; a registry or status source that cannot be read
    // now (or stored bytes that cannot be read), "unavailable".
    const bool found_nothing = !IsUrlSafeId(id) || problem.result() == http::status::not_found;
    const std::string_view status = verdict         ? StateName(verdict->state)
                                    : found_nothing ? "not_found"
                                                    : "unavailable";
    const std::string& shown_id = verdict ? verdict->id : id;
    if (json) {
      if (!first) out += ',';
      out += "{\"entry\":" + DumpJson(Json(entry), false) + ",\"id\":" +
             DumpJson(Json(shown_id), false) + ",\"status\":\"" + std::string(status) + "\"";
      if (verdict) {
        out += ",\"credential\":" + verdict->verified->fields_json;
        if (!verdict->newer.empty()) out += ",\"supersededBy\":" + DumpJson(Json(verdict->newer), false);
      }
      out += '}';
    } else {
      out += CsvCell(entry) + ',' + CsvCell(shown_id) + ',' + std::string(status);
      if (verdict) {
        const PublicFields& fields = verdict->verified->fields;
        for (const std::string* value :
             {&fields.name, &fields.achievement, &fields.issuer, &fields.date}) {
          out += ',' + CsvCell(*value);
        }
      } else {
        out += ",,,,";
      }
      out += "\r\n";
    }
    first = false;
  }
  if (json) out += ']';
  HttpResponse response = Respond(call, http::status::ok,
                                  json ? "application/json" : "text/csv; charset=utf-8",
                                  std::move(out));
  if (!json) {
    response.set(http::field::content_disposition,
                 "attachment; filename=\"certificate-checks.csv\"");
  }
  response.set(http::field::cache_control, "no-store");
  return response;
}

// The PDF of POST /v: the body itself (application/pdf), or the file of a form's "pdf" field
// (multipart/form-data, as the lookup page sends it). A problem response when there is none.
std::variant<std::string_view, HttpResponse> UploadedPdf(const Call& call) {
  const std::string media_type = MediaTypeOf(call.request);
  const std::string_view body = call.request.body();
  if (media_type == "application/pdf") return body;
  if (media_type != "multipart/form-data") {
    return Problem(call, 415, "unsupported-media-type", "Unsupported Media Type",
                   "send the certificate's PDF as application/pdf, or as the \"pdf\" field of "
                   "a multipart/form-data form");
  }
  const auto content_type = call.request[http::field::content_type];
  auto parts = ParseMultipartFormData(body, std::string_view(content_type.data(), content_type.size()));
  if (!parts.ok()) {
    return Problem(call, parts.error().code() == ErrorCode::kTooLarge ? 413 : 400,
                   "malformed-request", "Malformed request", parts.error().message());
  }
  for (const MultipartPart& part : *parts) {
    if (part.name == "pdf" && !part.body.empty()) return part.body;
  }
  return Problem(call, 400, "malformed-request", "Malformed request",
                 "the form has no \"pdf\" field with a file: choose the certificate's PDF");
}

// POST /v: a certificate PDF that came by email, checked as `pramaan verify FILE.pdf` checks
// it (the PAdES signature, a trusted document-signing certificate, the embedded credential
// with the page's verdict, the printed text) and answered with the verification page, or the
// report as JSON for Accept: application/json. Nothing uploaded is kept. The size is the
// server's body limit (kMaxBodyBytes; a certificate is about 30 KiB).
HttpResponse VerifyPdfRoute(const Call& call) {
  Metrics& metrics = *call.services.metrics;
  auto uploaded = UploadedPdf(call);
  if (auto* problem = std::get_if<HttpResponse>(&uploaded)) {
    metrics.RecordVerification("malformed");
    return std::move(*problem);
  }
  const std::string_view pdf = std::get<std::string_view>(uploaded);
  const VerifierSetup& setup = *call.services.verifier;
  const RequestSources sources(call);
  const CredentialVerifier verifier(setup.contexts, setup.resolver, *call.services.clock,
                                    sources.For(call));
  const CredentialTextChecker printed;
  VerificationReport report;
  Json credential;
  auto verified = VerifyCertificatePdf(pdf, setup.document_certificates, verifier, &printed);
  if (verified.ok()) {
    report = std::move(verified->report);
    credential = std::move(verified->credential);
  } else if (verified.error().code() == ErrorCode::kInvalidInput) {
    // Not a PDF at all: the same verdict as a damaged one.
    report.Add(Check("pdf-signature", false, verified.error().message()));
  } else {
    return Problem(call, 500, "", "Internal Server Error", "the PDF could not be checked");
  }
  if (const Check* status = report.Find("status");
      status != nullptr && status->finding == finding::kUnavailable) {
    metrics.RecordVerification("error");
    return Problem(call, 503, "status-unavailable", "Status unavailable", status->detail);
  }
  const CredentialState state = StateOf(report);
  metrics.RecordVerification(StateName(state));
  // A file that is not what a trusted signer signed shows nothing of what it holds: its
  // record may be someone else's, carried in a forged PDF.
  for (const char* file_check : {"pdf-signature", "pdf-certificate"}) {
    if (const Check* found = report.Find(file_check); found == nullptr || !found->passed) {
      credential = Json();
    }
  }
  const std::string id = credential.is_object() ? ShortIdOf(credential, setup.base_url) : "";
  std::string newer;
  if (state == CredentialState::kSuperseded && !id.empty()) {
    if (auto successor = sources.supersession.ReplacedById(id); successor.ok() && *successor) {
      newer = setup.base_url + std::string(kPagePrefix) + (*successor)->id;
    }
  }
  StatusNote note;
  if ((state == CredentialState::kRevoked || state == CredentialState::kSuspended) &&
      call.services.status_lists != nullptr) {
    if (auto found = call.services.status_lists->Check(credential); found.ok()) {
      note = StatusNote{found->reason, found->reason_code, found->at};
    }
  }
  const PublicFields fields = credential.is_object() ? ReadPublicFields(credential) : PublicFields{};
  const http::status code =
      report.verified() ? http::status::ok : http::status::unprocessable_entity;
  HttpResponse response =
      Accepts(call.request, "application/json")
          ? Respond(call, code, "application/json",
                    PublicReportText(id, state, PublicFieldsJson(fields),
                                     DumpJson(report.ToJson()["checks"], false), newer, note))
          : Respond(call, code, "text/html; charset=utf-8",
                    RenderVerificationPage(id, state, fields, newer, note, IssuerContact(call),
                                           report.checks()));
  SetPageHeaders(response);
  response.set(http::field::cache_control, "no-store");
  return response;
}

// GET /fonts.css and /fonts/{file}: the pages' web fonts (api/page_fonts.h). A font's URL
// carries its digest, so it may be cached for a year; the stylesheet is revalidated.
HttpResponse FontRoute(const Call& call, std::string_view path) {
  const PageFonts* fonts = call.services.page_fonts;
  if (fonts != nullptr && path == "/fonts.css") {
    HttpResponse css = Respond(call, http::status::ok, "text/css; charset=utf-8", fonts->css());
    css.set(http::field::cache_control, "public, max-age=86400");
    return css;
  }
  const PageFonts::Font* font =
      fonts != nullptr ? fonts->Find(path.substr(std::string_view("/fonts/").size())) : nullptr;
  if (font == nullptr) {
    return Problem(call, 404, "", "Not Found", "no such font is served here");
  }
  HttpResponse response = Respond(call, http::status::ok, "font/ttf", font->bytes);
  response.set(http::field::cache_control, "public, max-age=31536000, immutable");
  response.set("X-Content-Type-Options", "nosniff");
  return response;
}

HttpResponse MethodNotAllowed(const Call& call, std::string_view allow) {
  HttpResponse response =
      Problem(call, 405, "", "Method Not Allowed",
              "use " + std::string(allow) + " for " + std::string(call.request.target()));
  response.set(http::field::allow, allow);
  return response;
}

// The public role's routes, or nullopt for a path that is not one of them.
std::optional<HandledRequest> HandlePublic(const Call& call, std::string_view path,
                                           std::string_view query) {
  const http::verb method = call.request.method();
  const bool get = method == http::verb::get;
  const bool post = method == http::verb::post;
  if (path == "/.well-known/did.json") {
    if (!get) return HandledRequest{MethodNotAllowed(call, "GET"), "/.well-known/did.json"};
    return HandledRequest{RespondJson(call, http::status::ok, call.services.verifier->did_document,
                                      "application/did+json"),
                          "/.well-known/did.json"};
  }
  if (path == kPramaanContextPath) {
    // Our JSON-LD context, byte for byte as bundled: credentials pin it by the digest of these
    // bytes, so it never changes once published and may be cached for a year.
    if (!get) return HandledRequest{MethodNotAllowed(call, "GET"), kPramaanContextPath};
    HttpResponse response =
        Respond(call, http::status::ok, "application/ld+json",
                std::string(ContextLoader::Bundled().BundledBytes(kPramaanContext).value_or("")));
    response.set(http::field::cache_control, "public, max-age=31536000, immutable");
    response.set(http::field::access_control_allow_origin, "*");
    return HandledRequest{std::move(response), kPramaanContextPath};
  }
  if (path == "/credentials/verify") {
    if (!post) return HandledRequest{MethodNotAllowed(call, "POST"), "/credentials/verify"};
    return HandledRequest{VerifyCredentialRoute(call), "/credentials/verify"};
  }
  if (path == "/presentations/verify") {
    if (!post) return HandledRequest{MethodNotAllowed(call, "POST"), "/presentations/verify"};
    return HandledRequest{VerifyPresentationRoute(call), "/presentations/verify"};
  }
  if (path.starts_with(kStatusPrefix)) {
    if (!get) return HandledRequest{MethodNotAllowed(call, "GET"), "/status/{list}"};
    return HandledRequest{StatusListRoute(call, path.substr(kStatusPrefix.size())),
                          "/status/{list}"};
  }
  // The issuer role's routes under /credentials/ are not credentials.
  if (path.starts_with(kCredentialsPrefix) && path != "/credentials/issue" &&
      path != "/credentials/status") {
    std::string_view id = path.substr(kCredentialsPrefix.size());
    if (id.ends_with(".pdf")) {
      id.remove_suffix(4);
      if (!get) return HandledRequest{MethodNotAllowed(call, "GET"), "/credentials/{id}.pdf"};
      return HandledRequest{CertificateRoute(call, id, query), "/credentials/{id}.pdf"};
    }
    if (!get) return HandledRequest{MethodNotAllowed(call, "GET"), "/credentials/{id}"};
    return HandledRequest{CredentialRoute(call, id), "/credentials/{id}"};
  }
  if (path == "/fonts.css" || path.starts_with("/fonts/")) {
    if (!get) return HandledRequest{MethodNotAllowed(call, "GET"), "/fonts/{file}"};
    return HandledRequest{FontRoute(call, path), "/fonts/{file}"};
  }
  if (path == "/") {
    // Where a person types a certificate number.
    if (!get) return HandledRequest{MethodNotAllowed(call, "GET"), "/"};
    HttpResponse page =
        Respond(call, http::status::ok, "text/html; charset=utf-8", RenderLookupPage());
    SetPageHeaders(page);
    return HandledRequest{std::move(page), "/"};
  }
  if (path == "/v") {
    if (post) return HandledRequest{VerifyPdfRoute(call), "/v"};
    // The lookup form's answer: GET /v?id=ABCD+EFGH... goes to /v/abcdefgh....
    if (!get) return HandledRequest{MethodNotAllowed(call, "GET, POST"), "/v"};
    const std::string typed = QueryParam(query, "id").substr(0, 4 * kMaxIdLength);
    const std::string id = NormalizeTypedCredentialId(typed);
    if (id.empty()) {  // the form sent empty: back to it
      HttpResponse redirect = Respond(call, http::status::see_other, "text/plain", "");
      redirect.set(http::field::location, "/");
      return HandledRequest{std::move(redirect), "/v"};
    }
    if (!IsUrlSafeId(id)) {
      HttpResponse page = Respond(call, http::status::not_found, "text/html; charset=utf-8",
                                  RenderNotFoundPage(typed, IssuerContact(call)));
      SetPageHeaders(page);
      return HandledRequest{std::move(page), "/v"};
    }
    HttpResponse redirect = Respond(call, http::status::see_other, "text/plain", "");
    redirect.set(http::field::location, std::string(kPagePrefix) + id);
    return HandledRequest{std::move(redirect), "/v"};
  }
  if (path == "/v/bulk") {
    if (!post) return HandledRequest{MethodNotAllowed(call, "POST"), "/v/bulk"};
    return HandledRequest{BulkRoute(call), "/v/bulk"};
  }
  if (path.starts_with(kLearnerPrefix)) {
    if (!get) return HandledRequest{MethodNotAllowed(call, "GET"), "/c/{id}"};
    return HandledRequest{LearnerRoute(call, path.substr(kLearnerPrefix.size()), query),
                          "/c/{id}"};
  }
  if (path == "/learner.js") {
    if (!get) return HandledRequest{MethodNotAllowed(call, "GET"), "/learner.js"};
    HttpResponse script = Respond(call, http::status::ok, "text/javascript; charset=utf-8",
                                  std::string(LearnerScript()));
    script.set(http::field::cache_control, "public, max-age=3600");
    script.set("X-Content-Type-Options", "nosniff");
    return HandledRequest{std::move(script), "/learner.js"};
  }
  if (path.starts_with(kPagePrefix)) {
    if (!get) return HandledRequest{MethodNotAllowed(call, "GET"), "/v/{id}"};
    return HandledRequest{PageRoute(call, path.substr(kPagePrefix.size())), "/v/{id}"};
  }
  return std::nullopt;
}

}  // namespace

HttpResponse MakeProblem(unsigned status, std::string_view type_slug, std::string_view title,
                         std::string_view detail, unsigned version, bool keep_alive) {
  Json body = Json::object();
  body["type"] = type_slug.empty() ? std::string("about:blank")
                                   : std::string(kProblemBase) + std::string(type_slug);
  body["title"] = title;
  body["status"] = status;
  body["detail"] = detail;
  HttpResponse response(static_cast<http::status>(status), version);
  response.set(http::field::server, "pramaan");
  response.set(http::field::content_type, "application/problem+json");
  response.keep_alive(keep_alive);
  response.body() = DumpJson(body, false);
  response.prepare_payload();
  return response;
}

std::size_t BodyLimitFor(const HttpRequest& header, const ApiServices& services,
                         std::size_t limit) {
  const std::string_view target(header.target().data(), header.target().size());
  if (IsConsoleTarget(target)) return ConsoleBodyLimit(header, services, limit);
  if (header.method() != http::verb::post || target != "/records/batch" ||
      services.setup == nullptr) {
    return limit;
  }
  const Call call{header, services, ""};
  return CheckBearer(call, services.platform_token) == Auth::kOk ? kMaxRecordBatchBytes : limit;
}

bool IsCostlyRequest(const HttpRequest& request) {
  return request.method() == http::verb::post;
}

bool IsVerificationRequest(const HttpRequest& request) {
  if (request.method() != http::verb::post) return false;
  const std::string_view target(request.target().data(), request.target().size());
  return target == "/credentials/verify" || target == "/presentations/verify";
}

HandledRequest Handle(const HttpRequest& request, const ApiServices& services,
                      std::string_view client) {
  const Call call{request, services, client};
  const std::string_view target(request.target().data(), request.target().size());
  const size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  const http::verb method = request.method();
  const bool get = method == http::verb::get;
  const bool post = method == http::verb::post;

  if (path == "/healthz") {
    if (!get) return {MethodNotAllowed(call, "GET"), "/healthz"};
    return {Respond(call, http::status::ok, "application/json", "{\"status\":\"ok\"}"),
            "/healthz"};
  }
  if (path == "/metrics") {
    if (!get) return {MethodNotAllowed(call, "GET"), "/metrics"};
    return {Respond(call, http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                    services.metrics->Render()),
            "/metrics"};
  }
  // Each route belongs to one role (DESIGN.md, "Security contexts"): the public routes need
  // the keyless VerifierSetup, the issuer routes the IssuerSetup. A server without one
  // answers its routes as unknown, so the public role holds no way to reach a key.
  const bool public_role = services.verifier != nullptr;
  const bool issuer_role = services.setup != nullptr;
  if (public_role) {
    if (std::optional<HandledRequest> handled = HandlePublic(call, path, query)) {
      return std::move(*handled);
    }
  }
  if (issuer_role) {
    if (path == "/credentials/issue") {
      if (!post) return {MethodNotAllowed(call, "POST"), "/credentials/issue"};
      return {IssueRoute(call), "/credentials/issue"};
    }
    if (path == "/credentials/status") {
      if (!post) return {MethodNotAllowed(call, "POST"), "/credentials/status"};
      return {UpdateStatusRoute(call), "/credentials/status"};
    }
    if (path == "/records") {
      if (!post) return {MethodNotAllowed(call, "POST"), "/records"};
      return {RecordRoute(call), "/records"};
    }
    if (path == "/records/reissue") {
      if (!post) return {MethodNotAllowed(call, "POST"), "/records/reissue"};
      return {ReissueRecordRoute(call), "/records/reissue"};
    }
    if (path == "/records/batch") {
      if (!post) return {MethodNotAllowed(call, "POST"), "/records/batch"};
      return {RecordBatchRoute(call), "/records/batch"};
    }
    if (std::optional<HandledRequest> awarding = HandleAwarding(request, path, query, services)) {
      return std::move(*awarding);
    }
    if (std::optional<HandledRequest> console = HandleConsole(request, path, services, client)) {
      return std::move(*console);
    }
  }
  return {Problem(call, 404, "", "Not Found",
                  "no route for " + std::string(request.method_string()) + " " +
                      std::string(path)),
          "unmatched"};
}

}  // namespace pramaan::api
