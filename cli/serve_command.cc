// pramaan serve: the verification server (api/) over a configuration and a registry.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "api/handler.h"
#include "api/memory_registry.h"
#include "api/status_lists.h"
#include "core/status/free_index.h"
#include "api/metrics.h"
#include "api/server.h"
#include "cli/certificates.h"
#include "cli/cli.h"
#include "core/did/did_document.h"
#include "core/time/clock.h"
#include "awarding/workflow.h"
#include "issuer/config.h"
#include "store/awarding_store.h"

namespace pramaan::cli {
namespace {

// The bearer token for POST /credentials/issue and the key of signed PDF links come from the
// environment, never from the configuration file or the command line (which `ps` shows).
constexpr const char* kTokenEnv = "PRAMAAN_API_TOKEN";
constexpr const char* kLinkKeyEnv = "PRAMAAN_LINK_KEY";
// Verifications of stored credentials GET /v/{id} keeps (api/verified_cache.h): checks, public
// fields and status entries, not the credential itself; roughly 2 KB each (an estimate from
// the fields' sizes), so some 16 MB when full.
constexpr size_t kVerifiedCacheEntries = 8192;

std::unique_ptr<SecretBytes> SecretFromEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return nullptr;
  return std::make_unique<SecretBytes>(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(value), std::strlen(value)));
}

Result<int> ParseNumber(const std::string& option, const std::string& text, int min, int max) {
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value < min || value > max) {
    return InvalidInput("--" + option + " must be a number from " + std::to_string(min) +
                        " to " + std::to_string(max));
  }
  return static_cast<int>(value);
}

Result<std::unique_ptr<store::Registry>> OpenRegistry(const Args& args) {
  if (!args.Has("registry")) {
    std::fprintf(stderr,
                 "pramaan: note: no --registry, so issued credentials are kept in memory only\n");
    return std::unique_ptr<store::Registry>(std::make_unique<api::MemoryRegistry>());
  }
  return store::OpenRegistry(args.Get("registry"));
}

}  // namespace

int RunServe(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: pramaan serve --config FILE [--port N] [--bind ADDR] [--registry FILE.sqlite]\n"
      "                     [--tls-cert FILE --tls-key FILE] [--threads N]\n"
      "  serve the public verification page (GET /v/{id}), the W3C VC API\n"
      "  (POST /credentials/verify, /credentials/issue, /presentations/verify), stored\n"
      "  credentials and their certificate PDFs, the issuer's DID document, /healthz and\n"
      "  /metrics (see api/openapi.yaml). Prints \"listening on URL\" once ready; SIGINT or\n"
      "  SIGTERM stop it after the requests in progress finish.\n"
      "  --port      default 8080; 0 picks a free port (printed)\n"
      "  --bind      address to listen on, default 127.0.0.1\n"
      "  --registry  the registry of issued credentials: a SQLite file, or a postgresql:// URL\n"
      "              that several servers share (default: in memory)\n"
      "  --tls-cert, --tls-key  serve HTTPS with this PEM certificate chain and key\n"
      "  --threads   worker threads, default one per core\n"
      "  --max-connections  connections open at once; more get a 503 (default 10000)\n"
      "  With \"awarding\" in the configuration (and a --registry) it also serves the\n"
      "  awarding workflow under /awarding/ (users' own tokens), and with awarding.digilocker\n"
      "  DigiLocker's POST /digilocker/pull-uri and /digilocker/pull-doc.\n"
      "  Environment: PRAMAAN_API_TOKEN, the bearer token that POST /credentials/issue and\n"
      "  PDF downloads require (without it, issuing is refused); PRAMAAN_LINK_KEY, the key of\n"
      "  signed PDF links (?expires=UNIX&sig=base64url(HMAC-SHA256(key, \"ID\\nEXPIRES\"))).\n";
  auto args = Args::Parse(argc, argv, 2,
                          {"config", "port", "bind", "registry", "tls-cert", "tls-key", "threads",
                           "max-connections", "read-timeout-ms"},
                          {});
  if (args.ok() && args->help()) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args.ok()) return UsageError(args.error().message());
  if (!args->Has("config")) return UsageError("serve needs --config FILE");
  if (!args->positionals().empty()) return UsageError("serve takes no positional arguments");

  api::ServerOptions options;
  options.bind_address = args->Get("bind", "127.0.0.1");
  auto port = ParseNumber("port", args->Get("port", "8080"), 0, 65535);
  if (!port.ok()) return UsageError(port.error().message());
  options.port = static_cast<uint16_t>(*port);
  if (args->Has("threads")) {
    auto threads = ParseNumber("threads", args->Get("threads"), 1, 1024);
    if (!threads.ok()) return UsageError(threads.error().message());
    options.threads = static_cast<unsigned>(*threads);
  }
  if (args->Has("max-connections")) {
    auto limit = ParseNumber("max-connections", args->Get("max-connections"), 1, 1'000'000);
    if (!limit.ok()) return UsageError(limit.error().message());
    options.limits.max_connections = static_cast<int>(*limit);
  }
  // Undocumented: lets tests see the slow-client cut-off without waiting the full default.
  if (args->Has("read-timeout-ms")) {
    auto timeout = ParseNumber("read-timeout-ms", args->Get("read-timeout-ms"), 1, 3'600'000);
    if (!timeout.ok()) return UsageError(timeout.error().message());
    options.limits.read_timeout = std::chrono::milliseconds(*timeout);
  }
  options.tls_certificate = args->Get("tls-cert");
  options.tls_key = args->Get("tls-key");
  if (options.tls_certificate.empty() != options.tls_key.empty()) {
    return UsageError("--tls-cert and --tls-key go together");
  }

  auto config = LoadIssuerConfig(args->Get("config"));
  if (!config.ok()) return Fail(config.error());
  auto setup = LoadIssuerSetup(*config);
  if (!setup.ok()) return Fail(setup.error());
  // Nearly every credential the server verifies is signed by one of the issuer's keys.
  (*setup)->signer->public_key().KeepVerificationTable();
  if (auto document = DidDocument::FromJson((*setup)->did_document); document.ok()) {
    for (const VerificationMethod& method : document->methods()) {
      method.public_key.KeepVerificationTable();
    }
  }
  auto configured = CertificateMaker::CreateIfConfigured(*config);
  if (!configured.ok()) return Fail(configured.error());
  std::unique_ptr<CertificateMaker> certificates = std::move(configured).value();
  auto registry = OpenRegistry(*args);
  if (!registry.ok()) return Fail(registry.error());

  SystemClock clock;
  api::Metrics metrics;
  api::VerifiedCache verified_cache(kVerifiedCacheEntries);
  const std::unique_ptr<SecretBytes> token = SecretFromEnv(kTokenEnv);
  const std::unique_ptr<SecretBytes> link_key = SecretFromEnv(kLinkKeyEnv);
  if (!token) {
    std::fprintf(stderr, "pramaan: note: %s is not set, so POST /credentials/issue is refused\n",
                 kTokenEnv);
  }
  // Status lists over the registry: checked on every verification, published at
  // /status/{list}, and a position for every credential issued through the API.
  store::StatusBits status_bits(**registry);
  api::RegistryStatusChecker status_checker(status_bits, (*setup)->config.base_url,
                                            registry->get());
  api::StatusListPublisher status_publisher(status_bits, **setup, clock);
  SodiumRandomSource status_random;
  store::StatusPositionAllocator status_positions(**registry, status_random);
  // The "trust" check: the configuration's issuer and its trusted_issuers.
  auto trusted_dids = TrustedIssuerDids(*config);
  if (!trusted_dids.ok()) return Fail(trusted_dids.error());
  TrustedIssuers trusted_issuers(std::move(trusted_dids).value());
  if (trusted_issuers.empty()) trusted_issuers.Add((*setup)->issuer.id);
  api::ApiServices services;
  services.trusted_issuers = &trusted_issuers;
  services.setup = setup->get();
  services.registry = registry->get();
  services.status_lists = &status_checker;
  services.status_publisher = &status_publisher;
  services.status_positions = &status_positions;
  services.status_bits = &status_bits;
  services.clock = &clock;
  services.metrics = &metrics;
  services.verified_cache = &verified_cache;
  store::SupersessionIndex supersession(**registry);
  services.supersession = &supersession;
  services.api_token = token.get();
  services.link_key = link_key.get();
  if (certificates) {
    const CertificateMaker* maker = certificates.get();
    services.certificates = [maker](const Json& credential, const std::string& id) {
      return maker->Make(credential, id);
    };
  }

  // The awarding workflow, when configured: its store is in the registry's database.
  std::unique_ptr<store::AwardingStore> awarding_store;
  std::unique_ptr<awarding::Workflow> workflow;
  std::unique_ptr<api::digilocker::Settings> digilocker;
  if (const std::optional<AwardingSettings>& awarding = (*setup)->config.awarding) {
    if (!args->Has("registry")) {
      return UsageError("the awarding workflow (\"awarding\" in the configuration) needs "
                        "--registry");
    }
    auto opened = store::OpenAwardingStore(args->Get("registry"));
    if (!opened.ok()) return Fail(opened.error());
    awarding_store = std::move(opened).value();
    workflow = std::make_unique<awarding::Workflow>(
        *awarding_store, clock,
        awarding::AwardingBody{awarding->body_name, awarding->ncvet_recognition_id});
    services.awarding = workflow.get();
    if (!awarding->digilocker_issuer_id.empty()) {
      std::unique_ptr<SecretBytes> key = SecretFromEnv(awarding->digilocker_key_env.c_str());
      if (!key) {
        return Fail(InvalidInput("the DigiLocker key variable " + awarding->digilocker_key_env +
                                 " is not set"));
      }
      digilocker = std::make_unique<api::digilocker::Settings>(api::digilocker::Settings{
          awarding->digilocker_issuer_id, awarding->digilocker_doc_type, std::move(*key)});
      services.digilocker = digilocker.get();
    }
  }

  auto server = api::Server::Create(options, services);
  if (!server.ok()) return Fail(server.error());
  std::printf("listening on %s://%s:%u\n", (*server)->tls() ? "https" : "http",
              options.bind_address.c_str(), static_cast<unsigned>((*server)->port()));
  std::fflush(stdout);
  (*server)->Run();
  std::fprintf(stderr, "pramaan: server stopped\n");
  return kExitOk;
}

}  // namespace pramaan::cli
