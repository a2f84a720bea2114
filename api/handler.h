// The HTTP handler: request in, response out. It does no socket I/O (api/server.h moves the
// bytes), so every route can be exercised without a network.
//
// Routes (DESIGN.md, api/openapi.yaml), by role (DESIGN.md, "Security contexts"):
//  public (ApiServices::verifier set; no key anywhere in reach):
//   GET  /v/{id}                  verification page (HTML), or the report as JSON with
//                                 Accept: application/json
//   POST /credentials/verify      W3C VC API verify: 200 verified, 422 not, 400 malformed
//   POST /presentations/verify    W3C VC API: holder proof, options.challenge/domain
//   GET  /credentials/{id}        the stored signed credential
//   GET  /credentials/{id}.pdf    its certificate as stored by the issuer role (token or
//                                 signed link); never rendered here
//   GET  /status/{list}           the signed BitstringStatusListCredential the issuer role
//                                 stored (ETag, Cache-Control); never signed here
//   GET  /.well-known/did.json    the issuer's DID document
//  issuer (ApiServices::setup set: the keys):
//   POST /credentials/issue       W3C VC API issue (bearer token): 201, stored in the registry
//   POST /credentials/status      revoke, suspend or unsuspend (bearer token), audit-logged,
//                                 and the changed list re-signed and stored
//   POST /records, /records/reissue, /records/batch   the learning platform's records (its own
//                                 token): issued through the issuance service
//   /awarding/...                 the awarding workflow (api/awarding_routes.h)
//   POST /digilocker/pull-uri, /digilocker/pull-doc   DigiLocker's issuer APIs
//  both:
//   GET  /healthz, GET /metrics   liveness; Prometheus text
// A route of a role the server does not have answers 404.
// Every error is RFC 9457 problem details (application/problem+json).
#ifndef PRAMAAN_API_HANDLER_H_
#define PRAMAAN_API_HANDLER_H_

#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "api/digilocker.h"
#include "api/registry_sources.h"
#include "api/status_lists.h"
#include "api/metrics.h"
#include "api/page_fonts.h"
#include "api/rate_limit.h"
#include "api/verified_cache.h"
#include "awarding/workflow.h"
#include "core/json/json.h"
#include "core/result.h"
#include "core/time/clock.h"
#include "issuer/config.h"
#include "issuer/issuance_service.h"
#include "keys/secret_bytes.h"
#include "store/registry.h"
#include "store/supersession_index.h"

namespace pramaan::api {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

// Renders the signed certificate PDF of a stored credential (cli/certificates.h provides one);
// api/ never depends on the renderer itself. Only the issuer role renders (DigiLocker).
using CertificateRenderer =
    std::function<Result<std::string>(const Json& credential, const std::string& credential_id)>;

// What the handler works with. Nothing here is owned: every pointer must outlive the server.
// The handler is called from many threads at once; so every member must be thread-safe
// (IssuerSetup, Clock and the registry are; Metrics is).
class AwardRunner;            // api/award_runner.h
class RecentConsoleSessions;  // api/console_routes.h

// How long an unused console session lasts by default (console.idle_timeout_s): 30 minutes.
inline constexpr std::chrono::seconds kConsoleIdleTimeout{1800};

struct ApiServices {
  // The roles this server has: at least one of the two. `verifier` (contexts, resolver, DID
  // document; no key) serves the public routes; `setup` (with the key) the issuer routes.
  // The public role (`pramaan serve --role public`) sets only `verifier`, so nothing it
  // serves can reach a key.
  const VerifierSetup* verifier = nullptr;
  const IssuerSetup* setup = nullptr;
  // The issuance service (issuer/issuance_service.h), issuer role: POST /credentials/issue and
  // awards go through it, and it alone allocates status entries. Null: issuing answers 404.
  IssuanceService* issuance = nullptr;
  store::Registry* registry = nullptr;       // required
  const Clock* clock = nullptr;              // required
  Metrics* metrics = nullptr;                // required
  const SecretBytes* api_token = nullptr;    // bearer token for issuing; null/empty: refused
  // The learning platform's own bearer token (PRAMAAN_PLATFORM_TOKEN): POST /records and
  // /records/reissue, and the full stored credential. Null/empty: those routes are refused.
  const SecretBytes* platform_token = nullptr;
  const SecretBytes* link_key = nullptr;     // HMAC key of signed PDF links; null/empty: none
  // Renders a certificate for DigiLocker's Pull Doc (issuer role); empty: none. GET
  // /credentials/{id}.pdf serves the registry's stored PDF instead.
  CertificateRenderer certificates;
  // The issuers this server trusts (the "trust" check); null or empty: not checked.
  const TrustedIssuers* trusted_issuers = nullptr;
  // Status lists (issue 6): the "status" check of credentials' status entries. Null: status is
  // not checked. GET /status/{list} serves the registry's stored lists.
  const StatusSource* status_lists = nullptr;
  store::StatusBits* status_bits = nullptr;  // told when a status changes through the API
  VerifiedCache* verified_cache = nullptr;   // GET /v/{id} keeps verifications here; null: none
  // Entries of POST /v/bulk per client address (api/rate_limit.h); null: not limited.
  RateLimiter* bulk_limiter = nullptr;
  // Sign-in attempts to the awarding console per client address (kConsoleSignInsPerMinute);
  // null: not limited.
  RateLimiter* console_sign_ins = nullptr;
  // A console session unused this long is ended (console.idle_timeout_s).
  std::chrono::seconds console_idle_timeout = kConsoleIdleTimeout;
  // Runs the console's awards in the background (api/award_runner.h); null: a console award
  // runs within its request.
  AwardRunner* award_runner = nullptr;
  // The console sessions used on this server lately, for the body limit of uploads; null: a
  // console upload keeps the server's body limit.
  RecentConsoleSessions* console_sessions_seen = nullptr;
  // The server speaks TLS: the console's session cookie is then Secure.
  bool tls = false;
  // The pages' web fonts (GET /fonts.css, /fonts/{file}); null: those routes are 404.
  const PageFonts* page_fonts = nullptr;
  // Which credentials were replaced, for the "supersession" check; null: the registry is
  // asked.
  store::SupersessionIndex* supersession = nullptr;
  // The awarding workflow (issue 7): the /awarding/ routes, each authenticated by the user's
  // own token (api/awarding_routes.h). Null: those routes are 404.
  awarding::Workflow* awarding = nullptr;
  // DigiLocker's Pull URI and Pull Doc requests (api/digilocker.h); needs `awarding`. Null: 404.
  const digilocker::Settings* digilocker = nullptr;
};

struct HandledRequest {
  HttpResponse response;
  std::string_view route;  // the route template, for metrics ("/v/{id}", "unmatched")
};

// Answers one request. Never throws and never fails: every problem becomes a response.
// `client` is the client's address (the peer of the connection), for per-client limits; ""
// when unknown (never limited).
HandledRequest Handle(const HttpRequest& request, const ApiServices& services,
                      std::string_view client = "");

// Whether answering `request` may take long: every POST (verification of a credential,
// presentation or PDF, issuance, records, awarding steps), whose cost grows with the body.
// The server runs these on work threads of their own with a bounded queue, so that what
// answers from memory (GET /healthz, /metrics, GET /v/{id}, status lists, the DID document)
// never waits behind them.
bool IsCostlyRequest(const HttpRequest& request);

// The costly requests that write nothing (POST /credentials/verify, /presentations/verify):
// CPU and registry reads only, so the server may answer a small one on its connection thread
// (kInlineBodyBytes in api/server.h) without risking a wait on the registry's locks.
bool IsVerificationRequest(const HttpRequest& request);

// POST /records/batch: at most this many records, in a body of at most this many bytes (the
// platform's token raises the server's body limit to it for that route alone; see
// BodyLimitFor). Past either the answer is 413 and nothing is issued.
inline constexpr std::size_t kMaxRecordBatchRecords = 10'000;
inline constexpr std::size_t kMaxRecordBatchBytes = 16 << 20;
// Batches of records issued at once by one server (each uses every core); past it 503 with
// Retry-After.
inline constexpr int kMaxRecordBatchesAtOnce = 1;

// The body limit for the request whose header is `header`, where `limit` is the server's:
// kMaxRecordBatchBytes for POST /records/batch with the platform's token (so that a client
// without it cannot make the server hold 16 MiB), else `limit`.
std::size_t BodyLimitFor(const HttpRequest& header, const ApiServices& services,
                         std::size_t limit);

// An RFC 9457 problem response: {"type", "title", "status", "detail"} as
// application/problem+json. `type_slug` names the problem under
// https://w3id.org/pramaan/problems# ("" gives "about:blank").
HttpResponse MakeProblem(unsigned status, std::string_view type_slug, std::string_view title,
                         std::string_view detail, unsigned version, bool keep_alive);

}  // namespace pramaan::api

#endif  // PRAMAAN_API_HANDLER_H_
