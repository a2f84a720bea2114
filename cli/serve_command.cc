// pramaan serve: the verification server (api/) over a configuration and a registry.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "api/award_runner.h"
#include "api/console_routes.h"
#include "api/handler.h"
#include "api/memory_registry.h"
#include "api/status_lists.h"
#include "core/status/free_index.h"
#include "api/metrics.h"
#include "api/page_fonts.h"
#include "api/rate_limit.h"
#include "api/server.h"
#include "cli/certificates.h"
#include "cli/cli.h"
#include "core/time/clock.h"
#include "awarding/workflow.h"
#include "issuer/certificate/renderer.h"
#include "issuer/config.h"
#include "issuer/issuance_service.h"
#include "issuer/status_list_publisher.h"
#include "keys/secret_bytes.h"
#include "store/awarding_store.h"

namespace pramaan::cli {
namespace {

// The bearer token for POST /credentials/issue and the key of signed PDF links come from the
// environment, never from the configuration file or the command line (which `ps` shows).
constexpr const char* kTokenEnv = "PRAMAAN_API_TOKEN";
constexpr const char* kLinkKeyEnv = "PRAMAAN_LINK_KEY";
constexpr const char* kPlatformTokenEnv = "PRAMAAN_PLATFORM_TOKEN";
// Verifications of stored credentials GET /v/{id} keeps (api/verified_cache.h): checks, public
// fields and status entries, not the credential itself; roughly 2 KB each (an estimate from
// the fields' sizes), so some 16 MB when full.
constexpr size_t kVerifiedCacheEntries = 8192;
// How often the issuer role signs the status lists that changed (and those near the end of
// their validity): a change made elsewhere (the CLI without --config, another machine) is
// published within this time. A pass when nothing changed costs a few index reads.
constexpr std::chrono::seconds kStatusPublishInterval{2};
// How often the issuer role makes the certificates of newly stored credentials.
constexpr std::chrono::seconds kCertificateInterval{1};

// Runs `work` every `interval` on its own thread until destroyed (which waits for a pass in
// progress to finish).
class PeriodicWorker {
 public:
  PeriodicWorker(std::chrono::milliseconds interval, std::function<void()> work)
      : interval_(interval), work_(std::move(work)), thread_([this] { Loop(); }) {}
  ~PeriodicWorker() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

 private:
  void Loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      work_();
      lock.lock();
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  }

  const std::chrono::milliseconds interval_;
  const std::function<void()> work_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // by mutex_
  std::thread thread_;     // last: started once the rest is ready
};

enum class Role { kPublic, kIssuer, kAll };

// Read once at start and removed from the environment (TakeSecretFromEnvironment).
std::unique_ptr<SecretBytes> SecretFromEnv(const char* name) {
  std::optional<SecretBytes> secret = TakeSecretFromEnvironment(name);
  if (!secret) return nullptr;
  return std::make_unique<SecretBytes>(std::move(*secret));
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
      "usage: pramaan serve --config FILE [--role public|issuer|all] [--port N] [--bind ADDR]\n"
      "                     [--registry FILE.sqlite] [--tls-cert FILE --tls-key FILE]\n"
      "                     [--threads N]\n"
      "  serve Pramaan over HTTP (see api/openapi.yaml and api/README.md). Prints\n"
      "  \"listening on URL\" once ready; SIGINT or SIGTERM stop it after the requests in\n"
      "  progress finish.\n"
      "  --role public  the internet-facing verifier: the verification page (GET /v/{id}),\n"
      "              POST /credentials/verify and /presentations/verify, stored credentials\n"
      "              and their stored certificate PDFs, the stored signed status lists, the\n"
      "              issuer's DID document. Loads no private key: the configuration needs no\n"
      "              signing_key (issuer.id with did_documents, or a keyring, name the issuer).\n"
      "  --role issuer  issuance (POST /credentials/issue), POST /credentials/status, the\n"
      "              awarding workflow and DigiLocker; holds the keys, signs the status lists\n"
      "              and makes certificate PDFs into the registry for the public role. For an\n"
      "              internal network.\n"
      "  --role all  both (the default). /healthz and /metrics are served by every role; the\n"
      "              other role's routes answer 404.\n"
      "  --port      default 8080; 0 picks a free port (printed)\n"
      "  --bind      address to listen on, default 127.0.0.1\n"
      "  --registry  the registry of issued credentials: a SQLite file, or a postgresql:// URL\n"
      "              that several servers share (default: in memory)\n"
      "  --tls-cert, --tls-key  serve HTTPS with this PEM certificate chain and key\n"
      "  --threads   connection threads (read, route, write), default one per core\n"
      "  --work-threads  threads for costly requests (every POST: verification, issuance,\n"
      "              uploads), default one per core; /healthz and pages never wait on them\n"
      "  --max-queued  costly requests that may wait for a work thread; more get a 503 with\n"
      "              Retry-After (default 128)\n"
      "  --max-connections  connections open at once; more get a 503 (default 10000). Lowered\n"
      "              to fit the open-file limit, which is first raised to its hard limit\n"
      "  --bulk-per-minute  certificates one client address may check per minute through\n"
      "              POST /v/bulk (default 5000: five lists of 1,000); more get a 429\n"
      "  With \"awarding\" in the configuration (and a --registry) it also serves the\n"
      "  awarding workflow under /awarding/ (users' own tokens), and with awarding.digilocker\n"
      "  DigiLocker's POST /digilocker/pull-uri and /digilocker/pull-doc.\n"
      "  Environment: PRAMAAN_API_TOKEN, the bearer token that POST /credentials/issue and\n"
      "  PDF downloads require (without it, issuing is refused); PRAMAAN_LINK_KEY, the key of\n"
      "  signed PDF links (?expires=UNIX&sig=base64url(HMAC-SHA256(key, \"ID\\nEXPIRES\")));\n"
      "  PRAMAAN_PLATFORM_TOKEN, the learning platform's bearer token for POST /records and\n"
      "  /records/reissue (course completions; without it they are refused).\n";
  auto args = Args::Parse(argc, argv, 2,
                          {"config", "role", "port", "bind", "registry", "tls-cert", "tls-key",
                           "threads", "work-threads", "max-queued", "max-connections",
                           "read-timeout-ms", "bulk-per-minute"},
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
  if (args->Has("work-threads")) {
    auto threads = ParseNumber("work-threads", args->Get("work-threads"), 1, 1024);
    if (!threads.ok()) return UsageError(threads.error().message());
    options.work_threads = static_cast<unsigned>(*threads);
  }
  if (args->Has("max-queued")) {
    auto queued = ParseNumber("max-queued", args->Get("max-queued"), 0, 100'000);
    if (!queued.ok()) return UsageError(queued.error().message());
    options.limits.max_queued_work = *queued;
  }
  double bulk_per_minute = api::kBulkEntriesPerClientMinute;
  if (args->Has("bulk-per-minute")) {
    auto limit = ParseNumber("bulk-per-minute", args->Get("bulk-per-minute"), 1, 10'000'000);
    if (!limit.ok()) return UsageError(limit.error().message());
    bulk_per_minute = static_cast<double>(*limit);
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

  Role role = Role::kAll;
  if (const std::string name = args->Get("role", "all"); name == "public") {
    role = Role::kPublic;
  } else if (name == "issuer") {
    role = Role::kIssuer;
  } else if (name != "all") {
    return UsageError("--role must be public, issuer or all");
  }
  const bool serves_public = role != Role::kIssuer;
  const bool serves_issuer = role != Role::kPublic;
  if (role == Role::kPublic && !args->Has("registry")) {
    return UsageError("--role public needs --registry: it serves what the issuer role stored");
  }

  auto config = LoadCommandConfig(args->Get("config"));
  if (!config.ok()) return Fail(config.error());
  // The public role's setup holds public keys only; the issuer role's loads the key. The
  // public role never calls LoadIssuerSetup, so no key is read even when the file names one.
  std::unique_ptr<VerifierSetup> verifier_setup;
  std::unique_ptr<IssuerSetup> issuer_setup;
  if (role == Role::kPublic && (!config->signing_key.empty() || !config->document_key.empty())) {
    std::fprintf(stderr,
                 "pramaan: note: the configuration names a private key, which the public role "
                 "never loads; keep key files off the public verifier's machine\n");
  }
  if (serves_public) {
    auto loaded = LoadVerifierSetup(*config);
    if (!loaded.ok()) return Fail(loaded.error());
    verifier_setup = std::move(loaded).value();
  }
  std::unique_ptr<CertificateMaker> certificates;
  if (serves_issuer) {
    auto loaded = LoadIssuerSetup(*config);
    if (!loaded.ok()) return Fail(loaded.error());
    issuer_setup = std::move(loaded).value();
    auto configured = CertificateMaker::CreateIfConfigured(*config);
    if (!configured.ok()) return Fail(configured.error());
    certificates = std::move(configured).value();
  }
  const std::string& base_url = config->base_url;
  auto registry = OpenRegistry(*args);
  if (!registry.ok()) return Fail(registry.error());

  SystemClock clock;
  api::Metrics metrics;
  api::VerifiedCache verified_cache(kVerifiedCacheEntries);
  const std::unique_ptr<SecretBytes> token = SecretFromEnv(kTokenEnv);
  const std::unique_ptr<SecretBytes> link_key = SecretFromEnv(kLinkKeyEnv);
  const std::unique_ptr<SecretBytes> platform_token = SecretFromEnv(kPlatformTokenEnv);
  if (!token && serves_issuer) {
    std::fprintf(stderr, "pramaan: note: %s is not set, so POST /credentials/issue is refused\n",
                 kTokenEnv);
  }
  // Status lists over the registry: checked on every verification, and a position for every
  // credential issued through the API. The signed lists are the issuer role's (below).
  store::StatusBits status_bits(**registry);
  api::RegistryStatusChecker status_checker(status_bits, base_url, registry->get());
  // Issuance over HTTP (POST /credentials/issue, awards) goes through the one issuance service,
  // which allocates every status entry; only the issuer role has one.
  std::optional<IssuanceService> issuance;
  if (serves_issuer) {
    issuance.emplace(*issuer_setup, clock, **registry,
                     IssuanceServiceOptions{/*allocate_status=*/true, nullptr});
  }
  // The "trust" check: the configuration's issuer and its trusted_issuers.
  auto trusted_dids = TrustedIssuerDids(*config);
  if (!trusted_dids.ok()) return Fail(trusted_dids.error());
  TrustedIssuers trusted_issuers(std::move(trusted_dids).value());
  if (trusted_issuers.empty()) trusted_issuers.Add(verifier_setup->issuer.id);
  // The pages' web fonts: the script fonts certificates are printed with (fonts-noto-core).
  api::PageFonts page_fonts;
  if (auto scripts = certificate::CertificateRenderer::BundledScripts(); scripts.ok()) {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& [code, fonts] : *scripts) files.emplace_back(fonts.script, fonts.regular_file);
    std::vector<std::string> skipped;
    page_fonts = api::PageFonts::Load(files, &skipped);
    for (const std::string& why : skipped) {
      std::fprintf(stderr, "pramaan: note: the pages use the device's font for %s\n", why.c_str());
    }
  }
  api::RateLimiter bulk_limiter(bulk_per_minute, std::chrono::seconds(60));
  api::ApiServices services;
  services.bulk_limiter = &bulk_limiter;
  api::RateLimiter console_sign_ins(api::kConsoleSignInsPerMinute, std::chrono::seconds(60));
  api::RecentConsoleSessions console_sessions_seen;
  services.console_sign_ins = &console_sign_ins;
  services.console_idle_timeout = std::chrono::seconds(config->console_idle_timeout_s);
  services.tls = !options.tls_certificate.empty();
  services.page_fonts = &page_fonts;
  services.trusted_issuers = &trusted_issuers;
  services.verifier = verifier_setup.get();
  services.setup = issuer_setup.get();
  services.issuance = issuance ? &*issuance : nullptr;
  services.registry = registry->get();
  services.status_lists = &status_checker;
  services.status_bits = &status_bits;
  services.clock = &clock;
  services.metrics = &metrics;
  services.verified_cache = &verified_cache;
  store::SupersessionIndex supersession(**registry);
  services.supersession = &supersession;
  services.api_token = token.get();
  services.link_key = link_key.get();
  services.platform_token = platform_token.get();
  if (certificates) {
    const CertificateMaker* maker = certificates.get();
    services.certificates = [maker](const Json& credential, const std::string& id) {
      return maker->Make(credential, id);
    };
  }

  // The awarding workflow, when configured: its store is in the registry's database.
  std::unique_ptr<store::AwardingStore> awarding_store;
  std::unique_ptr<awarding::Workflow> workflow;
  // Declared after the workflow (and the issuance service above): destroyed first, it stops
  // and waits for an award in progress while they still exist.
  std::unique_ptr<api::AwardRunner> award_runner;
  std::unique_ptr<api::digilocker::Settings> digilocker;
  const std::optional<AwardingSettings>& awarding = config->awarding;
  if (serves_issuer && awarding) {
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
    award_runner = std::make_unique<api::AwardRunner>();
    services.award_runner = award_runner.get();
    services.console_sessions_seen = &console_sessions_seen;
    if (!awarding->digilocker_issuer_id.empty()) {
      std::unique_ptr<SecretBytes> key = SecretFromEnv(awarding->digilocker_key_env.c_str());
      if (!key) {
        return Fail(InvalidInput("the DigiLocker key variable " + awarding->digilocker_key_env +
                                 " is not set"));
      }
      digilocker = std::make_unique<api::digilocker::Settings>(api::digilocker::Settings{
          awarding->digilocker_issuer_id, awarding->digilocker_doc_type, std::move(*key)});
      digilocker->max_skew = std::chrono::seconds(awarding->digilocker_max_skew_s);
      services.digilocker = digilocker.get();
    }
  }

  // The issuer role's workers: status lists signed into the registry, certificates made for
  // newly stored credentials. Both stop (after a pass in progress) before the server returns.
  std::unique_ptr<PeriodicWorker> status_worker;
  std::unique_ptr<CertificateWorker> certificate_worker;
  std::unique_ptr<PeriodicWorker> certificate_thread;
  if (serves_issuer) {
    store::Registry* shared = registry->get();
    const IssuerSetup* signing = issuer_setup.get();
    status_worker = std::make_unique<PeriodicWorker>(kStatusPublishInterval, [=, &clock] {
      if (auto published = PublishStatusLists(*signing, *shared, clock); !published.ok()) {
        std::fprintf(stderr, "pramaan: status lists not published: %s\n",
                     published.error().message().c_str());
      }
    });
    if (certificates) {
      certificate_worker = std::make_unique<CertificateWorker>(*certificates, *shared);
      CertificateWorker* worker = certificate_worker.get();
      certificate_thread = std::make_unique<PeriodicWorker>(kCertificateInterval, [worker] {
        if (auto made = worker->RunOnce(); !made.ok()) {
          std::fprintf(stderr, "pramaan: certificates not made: %s\n",
                       made.error().message().c_str());
        }
      });
    }
  }

  // Each connection is a descriptor: raise the open-file limit as far as allowed and keep the
  // connections under it, beside what is open by now (registry, fonts, logs) and what each
  // thread will hold, so that the one past the limit still gets its 503.
  const unsigned threads = api::ThreadsOrDefault(options.threads) +
                           api::ThreadsOrDefault(options.work_threads) +
                           /*status and certificate workers*/ 2;
  auto fit = api::FitConnectionsToDescriptors(options.limits.max_connections, threads);
  if (!fit.ok()) return Fail(fit.error());
  options.limits.max_connections = fit->max_connections;
  std::fprintf(stderr,
               "pramaan: open-file limit %llu (was %llu, hard %llu); max connections %d%s; "
               "%d descriptors kept for the registry, fonts, event loops and logs (%d open)\n",
               static_cast<unsigned long long>(fit->soft_limit),
               static_cast<unsigned long long>(fit->previous_soft_limit),
               static_cast<unsigned long long>(fit->hard_limit), fit->max_connections,
               fit->lowered ? " (--max-connections lowered to fit)" : "", fit->reserved,
               fit->open);

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
