// pramaan demo: the README's main job. A development key, the sample records in examples/
// issued and every issued credential verified.
#include <openssl/crypto.h>
#include <unistd.h>

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "api/signed_link.h"
#include "cli/certificates.h"
#include "core/encoding/base64.h"
#include "cli/cli.h"
#include "issuer/batch_runner.h"
#include "issuer/issuance_service.h"
#include "core/time/clock.h"
#include "issuer/certificate/development_certificate.h"
#include "keys/key_file.h"
#include "keys/secret_bytes.h"
#include "store/registry.h"
#include "verifier/credential_verifier.h"

namespace pramaan::cli {
namespace {

// examples/ next to the working directory, or next to the binary's parent (build/..).
std::filesystem::path FindExamples(const std::string& requested) {
  if (!requested.empty()) return requested;
  if (std::filesystem::exists("examples/completion.json")) return "examples";
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto candidate = self.parent_path().parent_path() / "examples";
    if (std::filesystem::exists(candidate / "completion.json")) return candidate;
  }
  return "examples";
}

}  // namespace

int RunDemo(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: pramaan demo [--dir DIR] [--examples DIR]\n"
      "  create a development issuer key, a development document-signing certificate and a\n"
      "  configuration in DIR (default pramaan-demo), issue the sample records from examples/\n"
      "  into DIR/credentials (credential JSON and signed certificate PDF each), and verify\n"
      "  each one, storing them in the registry DIR/pramaan.sqlite (made afresh); then serve\n"
      "  them (pramaan serve) on 127.0.0.1:PORT (default 8080) until interrupted, so the\n"
      "  printed verification URLs open in a browser, and each learner's page with them\n"
      "  (signed with PRAMAAN_LINK_KEY when set, else with a key made for the demo).\n"
      "  --no-serve  stop after issuing and verifying\n";
  auto args = Args::Parse(argc, argv, 2, {"dir", "examples", "port"}, {"no-serve"});
  if (args.ok() && args->help()) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args.ok()) return UsageError(args.error().message());
  const std::filesystem::path dir = args->Get("dir", "pramaan-demo");
  const std::filesystem::path examples = FindExamples(args->Get("examples"));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail(Internal("cannot create " + dir.string() + ": " + ec.message()));

  const std::filesystem::path key_path = dir / "dev-issuer.key";
  if (!std::filesystem::exists(key_path)) {
    if (Status s = WriteKeyFile(key_path, Ed25519SignerSodium::Generate(), nullptr); !s.ok()) {
      return Fail(s.error());
    }
    std::printf("created development key %s (unsealed: for development only)\n", key_path.c_str());
  }
  const std::filesystem::path certificate_path = dir / "dev-document-signer.crt.pem";
  const std::filesystem::path certificate_key_path = dir / "dev-document-signer.key.pem";
  if (!std::filesystem::exists(certificate_path)) {
    auto made = certificate::MakeDevelopmentCertificate(
        "CN=Pramaan Demo Document Signer (development),O=Pramaan", 365);
    if (!made.ok()) return Fail(made.error());
    Status written = WriteNewFile(certificate_key_path, made->key_pem, 0600);
    OPENSSL_cleanse(made->key_pem.data(), made->key_pem.size());
    if (!written.ok()) return Fail(written.error());
    if (Status s = WriteNewFile(certificate_path, made->certificate_pem, 0644); !s.ok()) {
      return Fail(s.error());
    }
    std::printf("created development document-signing certificate %s\n",
                certificate_path.c_str());
  }
  const std::filesystem::path config_path = dir / "pramaan.json";
  if (!std::filesystem::exists(config_path)) {
    const Json config = {
        {"base_url", "http://127.0.0.1:8080"},
        {"issuer",
         {{"name", "Pramaan Demo Issuer (development key)"},
          {"contact", "mailto:certificates@pramaan.example"}}},
        {"signing_key", {{"file", "dev-issuer.key"}}},
        {"cryptosuite", "eddsa-rdfc-2022"},
        {"certificates",
         {{"signing_certificate", certificate_path.filename().string()},
          {"signing_key", certificate_key_path.filename().string()}}}};
    if (Status s = WriteFileAtomically(config_path, DumpJson(config, true)); !s.ok()) {
      return Fail(s.error());
    }
  }
  auto config = LoadCommandConfig(config_path);
  if (!config.ok()) return Fail(config.error());
  auto setup = LoadIssuerSetup(*config);
  if (!setup.ok()) return Fail(setup.error());
  std::printf("issuer %s\n", (*setup)->issuer.id.c_str());
  auto configured = CertificateMaker::CreateIfConfigured(*config);
  if (!configured.ok()) return Fail(configured.error());
  std::unique_ptr<CertificateMaker> certificates = std::move(configured).value();

  const std::filesystem::path out = dir / "credentials";
  std::filesystem::remove_all(out, ec);
  // A demo starts over: a fresh registry, so the sample records can be issued again.
  const std::filesystem::path registry_path = dir / "pramaan.sqlite";
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(registry_path.string() + suffix, ec);
  }
  auto registry = store::OpenSqliteRegistry(registry_path);
  if (!registry.ok()) return Fail(registry.error());
  SystemClock clock;
  CredentialVerifier verifier((*setup)->contexts, (*setup)->resolver, clock);
  IssuanceService service(**setup, clock, **registry,
                          IssuanceServiceOptions{/*allocate_status=*/true, certificates.get()});
  const Requester by{"cli:demo"};
  // The learners' links (api/signed_link.h) are signed with PRAMAAN_LINK_KEY when it is set,
  // else with a key made for this demo, which the server started below is given.
  std::string link_key_text;
  if (const char* given = std::getenv("PRAMAAN_LINK_KEY"); given != nullptr && *given != '\0') {
    link_key_text = given;
  } else {
    uint8_t random[32];
    randombytes_buf(random, sizeof random);
    link_key_text = EncodeBase64UrlNoPad(random);
    OPENSSL_cleanse(random, sizeof random);
  }
  const SecretBytes link_key(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(link_key_text.data()), link_key_text.size()));
  const int64_t link_expires =
      clock.Now().time_since_epoch().count() + int64_t{api::kLearnerLinkDays} * 24 * 3600;
  int valid = 0;
  int total = 0;
  for (const char* name : {"completion.json", "qualification.json", "batch.jsonl"}) {
    std::vector<IssuedFile> files;
    BatchOptions options;
    options.on_issued = [&files](const IssuedFile& file) { files.push_back(file); };
    auto summary = IssueToDirectory(service, by, (examples / name).string(), out, options);
    if (!summary.ok()) return Fail(summary.error());
    if (summary->rejected > 0) {
      return Fail(InvalidInput(std::string(name) + ": " + std::to_string(summary->rejected) +
                               " sample records were rejected; see " +
                               summary->rejects_path.string()));
    }
    for (const IssuedFile& file : files) {
      auto text = ReadInput(file.path.string());
      if (!text.ok()) return Fail(text.error());
      auto credential = ParseJson(*text, file.path.string());
      if (!credential.ok()) return Fail(credential.error());
      auto outcome = verifier.Verify(*credential);
      if (!outcome.ok()) return Fail(outcome.error());
      const bool ok = outcome->report.verified();
      valid += ok ? 1 : 0;
      ++total;
      std::printf("%-7s %s  %s  (%s)\n", ok ? "VALID" : "INVALID", file.path.c_str(),
                  (*credential)["name"].get<std::string>().c_str(), file.source_record_id.c_str());
      if (!file.pdf_path.empty()) {
        // CertificateMaker verified the PDF (signature, certificate, credential, page text).
        std::printf("        %s  certificate, QR code -> %s\n", file.pdf_path.c_str(),
                    certificates->VerificationUrl(file.credential_id).c_str());
      }
      std::printf("        learner's page -> %s\n",
                  api::LearnerLink((*config).base_url, link_key, file.credential_id,
                                   link_expires).c_str());
    }
  }
  std::printf("%d of %d issued credentials verified. Try: build/pramaan verify %s/<id>.json\n"
              "  or: build/pramaan verify --config %s %s/<id>.pdf\n",
              valid, total, out.c_str(), config_path.c_str(), out.c_str());
  if (valid != total) return kExitInternal;
  if (args->Has("no-serve")) return kExitOk;
  registry->reset();  // the server opens the registry itself
  const std::string config_arg = config_path.string();
  const std::string registry_arg = registry_path.string();
  const std::string port = args->Get("port", "8080");
  std::printf("serving the registry %s: open the verification URLs above (Ctrl-C stops)\n",
              registry_arg.c_str());
  std::fflush(stdout);
  ::setenv("PRAMAAN_LINK_KEY", link_key_text.c_str(), 1);
  OPENSSL_cleanse(link_key_text.data(), link_key_text.size());
  std::vector<std::string> serve_args = {"pramaan", "serve", "--config", config_arg,
                                         "--registry", registry_arg, "--port", port};
  std::vector<char*> serve_argv;
  for (std::string& arg : serve_args) serve_argv.push_back(arg.data());
  serve_argv.push_back(nullptr);
  return RunServe(static_cast<int>(serve_args.size()), serve_argv.data());
}

}  // namespace pramaan::cli
