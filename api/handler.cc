#include "api/handler.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <span>

#include "api/awarding_routes.h"
#include "api/http_common.h"
#include "api/presentation_verifier.h"
#include "api/signed_link.h"
#include "api/verified_cache.h"
#include "api/verification_page.h"
#include "core/credential/credential.h"
#include "core/integrity/data_integrity.h"
#include "issuer/credential_id.h"
#include "verifier/credential_verifier.h"
#include "verifier/verdict.h"

namespace pramaan::api {
namespace {

constexpr std::string_view kProblemBase = "https://w3id.org/pramaan/problems#";
constexpr std::string_view kCredentialsPrefix = "/credentials/";
constexpr std::string_view kStatusPrefix = "/status/";
constexpr std::string_view kPagePrefix = "/v/";
// Longest credential id accepted in a path: ours are 20 characters; ids of credentials issued
// through the API with their own id are at most this long too.
constexpr size_t kMaxIdLength = 64;

// Per-request state the route functions share.
struct Call {
  const HttpRequest& request;
  const ApiServices& services;
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

// The value of query parameter `name` in `query` ("a=1&b=2"), or "". Values in our links are
// digits and base64url, so no percent-decoding is needed.
std::string QueryParam(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return "";
}

bool Accepts(const HttpRequest& request, std::string_view media_type) {
  const auto accept = request[http::field::accept];
  return std::string_view(accept.data(), accept.size()).find(media_type) != std::string_view::npos;
}

enum class Auth { kNone, kWrong, kOk };

Auth CheckToken(const Call& call) {
  const std::string_view presented = BearerToken(call.request);
  if (presented.empty()) return Auth::kNone;
  const SecretBytes* token = call.services.api_token;
  if (token == nullptr || token->size() == 0) return Auth::kWrong;
  const std::span<const uint8_t> expected = token->Reveal(SecretAccess::Grant());
  return ConstantTimeEquals(
             std::string_view(reinterpret_cast<const char*>(expected.data()), expected.size()),
             presented)
             ? Auth::kOk
             : Auth::kWrong;
}

HttpResponse Unauthorized(const Call& call, Auth auth, std::string_view what) {
  HttpResponse response =
      auth == Auth::kNone
          ? Problem(call, 401, "unauthorized", "Unauthorized",
                    std::string(what) + " needs Authorization: Bearer with the API token")
          : Problem(call, 403, "forbidden", "Forbidden",
                    "the bearer token is not the API token");
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

// The VC API verification result: "checks" names every check made, "errors" the failed ones
// (one sentence each, "{id}: {detail}"), "warnings" what does not fail verification (checks not
// made among them); "problemDetails" carries the failures as RFC 9457 objects (newer VC API
// drafts), "report" our full report. `state` is StateOf(report).
Json VcApiResult(const VerificationReport& report, CredentialState state,
                 std::vector<std::string> warnings) {
  Json checks = Json::array();
  Json errors = Json::array();
  Json problems = Json::array();
  for (const Check& check : report.checks()) {
    if (!check.checked) {
      warnings.push_back(check.id + ": " + check.detail);
      continue;
    }
    checks.push_back(check.id);
    if (check.passed) continue;
    errors.push_back(check.id + ": " + check.detail);
    problems.push_back({{"type", std::string(kProblemBase) + check.id + "-check-failed"},
                        {"title", "The " + check.id + " check failed"},
                        {"detail", check.detail}});
  }
  Json result = Json::object();
  result["verified"] = report.verified();
  result["status"] = StateName(state);
  result["checks"] = std::move(checks);
  result["warnings"] = std::move(warnings);
  result["errors"] = std::move(errors);
  result["problemDetails"] = std::move(problems);
  Json full_report = report.ToJson();
  result["report"] = std::move(full_report["checks"]);
  return result;
}

// The verifier of this request, with the server's trust list, status lists and registry.
// The sources live on the caller's stack (they hold only references).
struct RequestSources {
  explicit RequestSources(const Call& call)
      : supersession(*call.services.registry, call.services.supersession,
                     call.services.setup->config.base_url),
        issued(*call.services.registry, call.services.setup->config.base_url) {}
  VerdictSources For(const Call& call, const SupersessionSource* replaced = nullptr) const {
    return VerdictSources{call.services.trusted_issuers, call.services.status_lists,
                          replaced != nullptr ? replaced : &supersession, &issued};
  }
  RegistrySupersession supersession;
  RegistryIssuedCredentials issued;
};

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
  const IssuerSetup& setup = *call.services.setup;
  const RequestSources sources(call);
  CredentialVerifier verifier(setup.contexts, setup.resolver, *call.services.clock,
                              sources.For(call));
  auto report = verifier.Check(*credential);
  if (!report.ok()) {
    metrics.RecordVerification("uncheckable");
    return Problem(call, 400, "uncheckable-credential", "The credential cannot be checked",
                   report.error().message());
  }
  const CredentialState state = StateOf(*report);
  metrics.RecordVerification(StateName(state));
  Json result = VcApiResult(*report, state, {});
  return RespondJson(call, report->verified() ? http::status::ok
                                              : http::status::unprocessable_entity,
                     result);
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
  const IssuerSetup& setup = *call.services.setup;
  const RequestSources sources(call);
  CredentialVerifier verifier(setup.contexts, setup.resolver, *call.services.clock,
                              sources.For(call));
  auto verification =
      VerifyPresentation(*presentation, options, verifier, setup.resolver, setup.contexts);
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

bool HasContext(const Json& credential, std::string_view url) {
  const auto context = credential.find("@context");
  if (context == credential.end() || !context->is_array()) return false;
  return std::find(context->begin(), context->end(), Json(url)) != context->end();
}

// The issuer to put into a credential that names none: with the VC 2.0 context (which defines
// "name") our profile with its name, an Open Badges Profile when that context is present;
// otherwise just our DID.
Json IssuerFor(const Json& credential, const IssuerProfile& issuer) {
  if (!HasContext(credential, kCredentialsV2Context) || issuer.name.empty()) return issuer.id;
  Json profile = Json::object();
  profile["id"] = issuer.id;
  if (HasContext(credential, kOpenBadgesContext)) profile["type"] = Json::array({"Profile"});
  profile["name"] = issuer.name;
  return profile;
}

HttpResponse IssueRoute(const Call& call) {
  if (Auth auth = CheckToken(call); auth != Auth::kOk) {
    return Unauthorized(call, auth, "issuing");
  }
  auto body = ParseBody(call);
  if (!body.ok()) return MalformedBody(call, body.error());
  const auto found = body->find("credential");
  if (found == body->end() || !found->is_object()) {
    return Problem(call, 400, "malformed-request", "Malformed request",
                   "the body must have a credential object");
  }
  Json credential = *found;
  std::string source_record_id;
  if (const auto options = body->find("options"); options != body->end()) {
    for (const auto& [name, value] : options->items()) {
      if (name == "credentialId" && value.is_string() && !value.get<std::string>().empty()) {
        source_record_id = value.get<std::string>();
      } else {
        return Problem(call, 400, "unsupported-option", "Unsupported option",
                       "options." + name +
                           " is not supported (supported: credentialId, a non-empty string)");
      }
    }
  }
  if (credential.contains("proof")) {
    return Problem(call, 400, "malformed-request", "Malformed request",
                   "the credential to issue must not have a proof");
  }
  const IssuerSetup& setup = *call.services.setup;
  const Timestamp now = call.services.clock->Now();
  // The issuer is this server: a credential naming another issuer is refused, one naming
  // none gets ours.
  if (const auto issuer = credential.find("issuer"); issuer == credential.end()) {
    credential["issuer"] = IssuerFor(credential, setup.issuer);
  } else {
    const std::string named = issuer->is_string() ? issuer->get<std::string>()
                                                  : GetString(*issuer, "id");
    if (named != setup.issuer.id) {
      return Problem(call, 400, "wrong-issuer", "Wrong issuer",
                     "the credential's issuer must be " + setup.issuer.id + ", not \"" + named +
                         "\"");
    }
  }
  // An id under {base_url}/credentials/ keeps its short id; a credential without an id gets
  // one there, so it can be fetched and verified by id; any other id is kept as given and the
  // credential is stored under a fresh short id.
  std::string short_id = ShortIdOf(credential, setup.config.base_url);
  if (short_id.empty()) short_id = NewCredentialId();
  if (!credential.contains("id")) {
    credential["id"] = setup.config.base_url + std::string(kCredentialsPrefix) + short_id;
  }
  // The date of issue is the issuer's to state when the caller leaves it out.
  const auto context = credential.find("@context");
  if (context != credential.end() && context->is_array() && !context->empty()) {
    if ((*context)[0] == kCredentialsV2Context && !credential.contains("validFrom")) {
      credential["validFrom"] = FormatRfc3339(now);
    } else if ((*context)[0] == kCredentialsV1Context && !credential.contains("issuanceDate")) {
      credential["issuanceDate"] = FormatRfc3339(now);
    }
  }
  if (auto header = ReadCredentialHeader(credential); !header.ok()) {
    return Problem(call, 400, "malformed-credential", "Malformed credential",
                   header.error().message());
  }
  // A credential that brings no credentialStatus of its own gets ours, when its contexts
  // define the terms (the VC 2.0 context does; the VC 1.1 one does not, so a 1.1 credential
  // gets none).
  std::optional<int64_t> status_position;
  if (call.services.status_positions != nullptr && !credential.contains("credentialStatus") &&
      HasContext(credential, kCredentialsV2Context)) {
    auto position = call.services.status_positions->Next();
    if (!position.ok()) {
      return Problem(call, 503, "registry-unavailable", "Registry unavailable",
                     "no status list position could be allocated");
    }
    status_position = *position;
    credential["credentialStatus"] = store::CredentialStatusFor(setup.config.base_url, *position);
  }
  ProofOptions proof = setup.proof;
  proof.created = FormatRfc3339(now);
  auto signed_credential = AddProof(credential, proof, *setup.signer, setup.contexts);
  if (!signed_credential.ok()) {
    const ErrorCode code = signed_credential.error().code();
    if (code == ErrorCode::kInvalidInput || code == ErrorCode::kNotFound ||
        code == ErrorCode::kUnsupported) {
      return Problem(call, 422, "unsignable-credential", "The credential cannot be signed",
                     signed_credential.error().message());
    }
    return Problem(call, 500, "", "Internal Server Error", "signing failed");
  }
  // Verify our own output before anyone sees it or it is stored (as the issuance pipeline
  // does).
  auto self_check = VerifyProofs(*signed_credential, setup.resolver, setup.contexts);
  if (!self_check.ok() || self_check->size() != 1 || !(*self_check)[0].verified ||
      (*self_check)[0].controller != setup.issuer.id) {
    return Problem(call, 500, "", "Internal Server Error",
                   "the signed credential failed its own verification; nothing was issued");
  }
  store::StoredCredential record;
  record.id = short_id;
  record.revocation_index = status_position;
  record.suspension_index = status_position;
  record.source_record_id = source_record_id.empty() ? "vc-api:" + short_id : source_record_id;
  record.credential_json = DumpJson(*signed_credential, false);
  record.issued_at = FormatRfc3339(now);
  if (Status stored = call.services.registry->Put(record); !stored.ok()) {
    if (stored.error().code() == ErrorCode::kInvalidInput) {
      return Problem(call, 409, "already-issued", "Already issued", stored.error().message());
    }
    return Problem(call, 500, "", "Internal Server Error", "the registry could not store it");
  }
  call.services.metrics->RecordIssuance();
  HttpResponse response = RespondJson(call, http::status::created,
                                      Json{{"verifiableCredential", *signed_credential}});
  response.set(http::field::location,
               setup.config.base_url + std::string(kCredentialsPrefix) + short_id);
  return response;
}

// GET /status/{list}: the signed list, 304 when the client's copy is current.
HttpResponse StatusListRoute(const Call& call, std::string_view id) {
  const std::optional<store::StatusListName> list = store::ParseStatusListId(id);
  if (call.services.status_publisher == nullptr || !list) {
    return Problem(call, 404, "unknown-status-list", "Not Found",
                   "no status list " + std::string(id.substr(0, 64)) + " is published here");
  }
  auto published = call.services.status_publisher->Get(*list);
  if (!published.ok()) {
    return Problem(call, 503, "status-unavailable", "Status unavailable",
                   "the status list could not be read or signed");
  }
  const std::string cache_control =
      "public, max-age=" + std::to_string(kStatusListMaxAge.count());
  const auto if_none_match = call.request.find(http::field::if_none_match);
  if (if_none_match != call.request.end() &&
      std::string_view(if_none_match->value().data(), if_none_match->value().size()) ==
          (*published)->etag) {
    HttpResponse not_modified = Respond(call, http::status::not_modified, "", "");
    not_modified.erase(http::field::content_type);
    not_modified.set(http::field::etag, (*published)->etag);
    not_modified.set(http::field::cache_control, cache_control);
    return not_modified;
  }
  HttpResponse response =
      Respond(call, http::status::ok, "application/vc+ld+json", (*published)->body);
  response.set(http::field::etag, (*published)->etag);
  response.set(http::field::cache_control, cache_control);
  return response;
}

// POST /credentials/status (VC API "update status"): {"credentialId", "credentialStatus":
// [{"type": "BitstringStatusListEntry", "status": "revoked"|"suspended"|"unsuspended"}],
// "reason", "actor"}. The change and who asked for it go to the audit log.
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
  const std::string reason = GetString(*body, "reason");
  const std::string actor = GetString(*body, "actor");
  if (credential_id.empty()) return malformed("credentialId must be a non-empty string");
  if (reason.empty()) return malformed("reason must be a non-empty string: why the status changes");
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
  const std::string short_id = ShortIdOf(Json{{"id", credential_id}}, call.services.setup->config.base_url);
  store::StatusEvent event{0, short_id.empty() ? credential_id : short_id, action->second, reason,
                           "api:" + actor, FormatRfc3339(call.services.clock->Now())};
  auto changed = call.services.registry->ChangeStatus(event);
  if (changed.ok() && *changed && call.services.status_bits != nullptr) {
    call.services.status_bits->Invalidate();
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
                          {"changed", *changed}});
}

// The stored credential, or a problem response in `problem`.
std::optional<store::StoredCredential> Lookup(const Call& call, std::string_view id,
                                              HttpResponse* problem) {
  if (!IsUrlSafeId(id)) {
    *problem = Problem(call, 404, "unknown-credential", "Not Found", "no credential has this id");
    return std::nullopt;
  }
  auto stored = call.services.registry->Get(id);
  if (!stored.ok()) {
    *problem = Problem(call, 503, "registry-unavailable", "Registry unavailable",
                       "the registry could not be read");
    return std::nullopt;
  }
  if (!*stored) {
    *problem = Problem(call, 404, "unknown-credential", "Not Found",
                       "no credential " + std::string(id) + " was issued here");
    return std::nullopt;
  }
  return std::move(*stored);
}

HttpResponse CredentialRoute(const Call& call, std::string_view id) {
  HttpResponse problem;
  auto stored = Lookup(call, id, &problem);
  if (!stored) return problem;
  const std::string_view type = Accepts(call.request, "application/ld+json") &&
                                        !Accepts(call.request, "application/vc+ld+json")
                                    ? "application/ld+json"
                                    : "application/vc+ld+json";
  return Respond(call, http::status::ok, type, std::move(stored->credential_json));
}

HttpResponse CertificateRoute(const Call& call, std::string_view id, std::string_view query) {
  if (!call.services.certificates) {
    return Problem(call, 404, "no-certificates", "Not Found",
                   "this server is not configured to make certificate PDFs");
  }
  const std::string expires = QueryParam(query, "expires");
  const std::string sig = QueryParam(query, "sig");
  const int64_t now = call.services.clock->Now().time_since_epoch().count();
  if (!sig.empty() || !expires.empty()) {
    if (call.services.link_key == nullptr ||
        !CheckCertificateLink(*call.services.link_key, id, expires, sig, now)) {
      return Problem(call, 403, "bad-link", "Forbidden",
                     "the link is not signed for this certificate or has expired");
    }
  } else if (Auth auth = CheckToken(call); auth != Auth::kOk) {
    return Unauthorized(call, auth, "a certificate PDF");
  }
  HttpResponse problem;
  auto stored = Lookup(call, id, &problem);
  if (!stored) return problem;
  auto credential = ParseJson(stored->credential_json, "stored credential");
  if (!credential.ok()) {
    return Problem(call, 500, "", "Internal Server Error", "the stored credential is unreadable");
  }
  auto pdf = call.services.certificates(*credential, stored->id);
  if (!pdf.ok()) {
    return Problem(call, 500, "", "Internal Server Error",
                   "the certificate could not be made: " + pdf.error().message());
  }
  HttpResponse response = Respond(call, http::status::ok, "application/pdf", std::move(*pdf));
  response.set(http::field::cache_control, "private, no-store");
  response.set(http::field::content_disposition,
               "inline; filename=\"" + stored->id + ".pdf\"");
  return response;
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
  const IssuerSetup& setup = *call.services.setup;
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
               "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  response.set("X-Content-Type-Options", "nosniff");
}

// What GET /v/{id} answers for a credential it cannot show: a browser (someone who scanned a
// code) gets a page for a 404; programs keep the problem JSON.
HttpResponse NotFoundPage(const Call& call, std::string_view id, HttpResponse problem) {
  if (problem.result() != http::status::not_found || Accepts(call.request, "application/json") ||
      !Accepts(call.request, "text/html")) {
    return problem;
  }
  HttpResponse page = Respond(call, http::status::not_found, "text/html; charset=utf-8",
                              RenderNotFoundPage(id.substr(0, kMaxIdLength)));
  SetPageHeaders(page);
  return page;
}

HttpResponse PageRoute(const Call& call, std::string_view id) {
  HttpResponse problem;
  const IssuerSetup& setup = *call.services.setup;
  const RequestSources sources(call);
  // A credential verified before needs nothing from the registry but what replaced it: its
  // bytes never change (see api/verified_cache.h).
  std::shared_ptr<const VerifiedCache::Entry> verified;
  std::optional<Successor> successor;
  if (call.services.verified_cache != nullptr) {
    verified = call.services.verified_cache->Find(id);
    if (verified) {
      // A registry that cannot be read only leaves "supersession" unchecked below.
      auto replaced = sources.supersession.ReplacedById(id);
      if (replaced.ok()) successor = std::move(*replaced);
    }
  }
  if (!verified) {
    auto stored = Lookup(call, id, &problem);
    if (!stored) return NotFoundPage(call, id, std::move(problem));
    verified = VerifyStored(call, *stored, &problem);
    if (!verified) return problem;
    if (!stored->superseded_by.empty()) {
      successor = Successor{stored->superseded_by, setup.config.base_url +
                                                       std::string(kCredentialsPrefix) +
                                                       stored->superseded_by};
    }
  }
  Metrics& metrics = *call.services.metrics;
  const std::string newer = successor ? setup.config.base_url + "/v/" + successor->id : "";
  const KnownSupersession replaced(std::move(successor));
  CredentialVerifier verifier(setup.contexts, setup.resolver, *call.services.clock,
                              sources.For(call, &replaced));
  // The cached checks are not copied: only the three made now are added to them.
  const std::array<Check, 3> added = verifier.TimeDependentChecks(
      verified->verification, verified->status, call.services.clock->Now());
  const Check& status = added[1];
  if (status.finding == finding::kUnavailable) {
    // Could not check is not checked and invalid: a person is told to try again.
    metrics.RecordVerification("error");
    return Problem(call, 503, "status-unavailable", "Status unavailable", status.detail);
  }
  const CredentialState state = StateOf(verified->verification.report.checks(), added);
  metrics.RecordVerification(StateName(state));
  HttpResponse response =
      Accepts(call.request, "application/json")
          ? Respond(call, http::status::ok, "application/json",
                    PublicReportText(id, state, verified->fields_json,
                                     AppendChecks(verified->checks_json, added), newer))
          : Respond(call, http::status::ok, "text/html; charset=utf-8",
                    RenderVerificationPage(id, state, verified->fields, newer));
  SetPageHeaders(response);
  return response;
}

HttpResponse MethodNotAllowed(const Call& call, std::string_view allow) {
  HttpResponse response =
      Problem(call, 405, "", "Method Not Allowed",
              "use " + std::string(allow) + " for " + std::string(call.request.target()));
  response.set(http::field::allow, allow);
  return response;
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

HandledRequest Handle(const HttpRequest& request, const ApiServices& services) {
  const Call call{request, services};
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
  if (path == "/.well-known/did.json") {
    if (!get) return {MethodNotAllowed(call, "GET"), "/.well-known/did.json"};
    return {RespondJson(call, http::status::ok, services.setup->did_document,
                        "application/did+json"),
            "/.well-known/did.json"};
  }
  if (path == "/credentials/verify") {
    if (!post) return {MethodNotAllowed(call, "POST"), "/credentials/verify"};
    return {VerifyCredentialRoute(call), "/credentials/verify"};
  }
  if (path == "/credentials/issue") {
    if (!post) return {MethodNotAllowed(call, "POST"), "/credentials/issue"};
    return {IssueRoute(call), "/credentials/issue"};
  }
  if (path == "/presentations/verify") {
    if (!post) return {MethodNotAllowed(call, "POST"), "/presentations/verify"};
    return {VerifyPresentationRoute(call), "/presentations/verify"};
  }
  if (path == "/credentials/status") {
    if (!post) return {MethodNotAllowed(call, "POST"), "/credentials/status"};
    return {UpdateStatusRoute(call), "/credentials/status"};
  }
  if (path.starts_with(kStatusPrefix)) {
    if (!get) return {MethodNotAllowed(call, "GET"), "/status/{list}"};
    return {StatusListRoute(call, path.substr(kStatusPrefix.size())), "/status/{list}"};
  }
  if (path.starts_with(kCredentialsPrefix)) {
    std::string_view id = path.substr(kCredentialsPrefix.size());
    if (id.ends_with(".pdf")) {
      id.remove_suffix(4);
      if (!get) return {MethodNotAllowed(call, "GET"), "/credentials/{id}.pdf"};
      return {CertificateRoute(call, id, query), "/credentials/{id}.pdf"};
    }
    if (!get) return {MethodNotAllowed(call, "GET"), "/credentials/{id}"};
    return {CredentialRoute(call, id), "/credentials/{id}"};
  }
  if (path.starts_with(kPagePrefix)) {
    if (!get) return {MethodNotAllowed(call, "GET"), "/v/{id}"};
    return {PageRoute(call, path.substr(kPagePrefix.size())), "/v/{id}"};
  }
  if (std::optional<HandledRequest> awarding = HandleAwarding(request, path, query, services)) {
    return std::move(*awarding);
  }
  return {Problem(call, 404, "", "Not Found",
                  "no route for " + std::string(request.method_string()) + " " +
                      std::string(path)),
          "unmatched"};
}

}  // namespace pramaan::api
