// pramaan bench sign|verify: operations per second on one core, one JSON line per operation,
// in the spirit of `openssl speed`, so other implementations can be compared in the same run.
#include <array>
#include <chrono>
#include <cstdio>

#include "cli/cli.h"
#include "core/did/did_key.h"
#include "core/integrity/data_integrity.h"
#include "core/time/clock.h"
#include "issuer/certificate/development_certificate.h"
#include "issuer/certificate/document_signer.h"
#include "issuer/certificate/pdf_signer.h"
#include "issuer/certificate/renderer.h"
#include "issuer/issuance.h"
#include "keys/ed25519_signer_sodium.h"
#include "verifier/credential_verifier.h"

#ifdef PRAMAAN_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace pramaan::cli {
namespace {

// A typical bilingual course completion: what the platform issues by the million.
constexpr const char* kSampleRecord = R"({
  "record_type": "course_completion",
  "source_record_id": "igot-cc-2026-bench-000001",
  "learner": {"id": "igot-user-100001", "name": "Asha Verma", "name_local": "आशा वर्मा",
              "email": "asha.verma@example.gov.in", "apaar_id": "123456789012"},
  "course": {"id": "do_1139452025", "title": "Digital Governance Foundations",
             "title_local": "डिजिटल शासन की नींव",
             "provider": "Lal Bahadur Shastri National Academy of Administration",
             "hours": 12.5, "competencies": ["Digital literacy", "Policy design"]},
  "completion_date": "2026-11-01",
  "score": 87.5,
  "language": "hi"
})";

// The allocator the binary runs on: it moves these numbers by a fifth, so results name it.
std::string AllocatorName() {
#ifdef PRAMAAN_WITH_MIMALLOC
  const int version = mi_version();
  return "mimalloc " + std::to_string(version / 100) + "." + std::to_string(version / 10 % 10) +
         "." + std::to_string(version % 10);
#else
  return "system";
#endif
}

void PrintResult(const char* op, Cryptosuite suite, long count, double seconds) {
  std::printf("{\"op\":\"%s\",\"cryptosuite\":\"%s\",\"count\":%ld,\"seconds\":%.4f,"
              "\"per_s\":%.0f,\"allocator\":\"%s\"}\n",
              op, std::string(CryptosuiteName(suite)).c_str(), count, seconds, count / seconds,
              AllocatorName().c_str());
  std::fflush(stdout);
}

}  // namespace

int RunBench(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: pramaan bench sign|verify|ed25519|pdf\n"
      "                     [--cryptosuite eddsa-rdfc-2022|eddsa-jcs-2022]\n"
      "                     [--count N]\n"
      "  sign:   make the proof for a typical Open Badges 3.0 course-completion credential N times\n"
      "          (canonicalize document and proof options, SHA-256, Ed25519, multibase)\n"
      "  verify: fully check the signed credential N times (contexts, shape, proof, issuer key,\n"
      "          did:key resolution, validity)\n"
      "  ed25519: bare Ed25519 sign and verify of 64 bytes: the floor under both\n"
      "  pdf:    make the signed certificate PDF of the signed credential N times (render the\n"
      "          bilingual page and QR code, embed the credential, PAdES-sign with a fresh\n"
      "          development certificate); also prints the PDF's size in bytes\n"
      "  one thread; prints {\"op\",\"cryptosuite\",\"count\",\"seconds\",\"per_s\",\"allocator\"}\n"
      "  as one JSON line\n";
  auto args = Args::Parse(argc, argv, 3, {"cryptosuite", "count"}, {});
  const std::string op = argc > 2 ? argv[2] : "";
  if (op == "--help" || op == "-h" || (args.ok() && args->help())) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args.ok()) return UsageError(args.error().message());
  if (op != "sign" && op != "verify" && op != "ed25519" && op != "pdf") {
    return UsageError("bench needs sign, verify, ed25519 or pdf");
  }
  auto suite = CryptosuiteFromName(args->Get("cryptosuite", std::string(CryptosuiteName(kDefaultCryptosuite))));
  if (!suite.ok()) return Fail(suite.error());
  long count = 0;
  try {
    count = std::stol(args->Get("count", "20000"));
  } catch (...) {
    count = 0;
  }
  if (count <= 0) return UsageError("--count must be a positive integer");

  const Ed25519SignerSodium signer = Ed25519SignerSodium::Generate();
  const std::string did = DidKeyFor(signer.public_key());
  ProofOptions options;
  options.cryptosuite = *suite;
  options.verification_method = DidKeyVerificationMethodFor(signer.public_key());
  const SystemClock clock;
  DidResolver resolver;
  IssuancePipeline pipeline({did, "Pramaan benchmark issuer", ""}, "https://pramaan.example",
                            signer, options, resolver, clock);
  auto record = ParseJson(kSampleRecord, "the benchmark record");
  if (!record.ok()) return Fail(record.error());
  auto prepared = pipeline.Prepare(std::move(record).value());
  if (!prepared.ok()) return Fail(prepared.error());
  const Json& unsigned_credential = prepared->document();
  options.created = FormatRfc3339(clock.Now());

  using Clock = std::chrono::steady_clock;
  if (op == "ed25519") {
    // The floor under both operations: bare Ed25519 over the 64 bytes a proof signs.
    const std::array<uint8_t, 64> message{};
    Ed25519Signature signature{};
    auto start = Clock::now();
    for (long i = 0; i < count; ++i) signature = *signer.Sign(message);
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("{\"op\":\"ed25519-sign\",\"count\":%ld,\"seconds\":%.4f,\"per_s\":%.0f}\n",
                count, seconds, count / seconds);
    start = Clock::now();
    long valid = 0;
    for (long i = 0; i < count; ++i) valid += signer.public_key().Verify(signature, message);
    seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (valid != count) return Fail(Internal("Ed25519 self-test failed"));
    std::printf("{\"op\":\"ed25519-verify\",\"count\":%ld,\"seconds\":%.4f,\"per_s\":%.0f}\n",
                count, seconds, count / seconds);
    return kExitOk;
  }
  if (op == "sign") {
    size_t sink = 0;
    const auto start = Clock::now();
    for (long i = 0; i < count; ++i) {
      // The proof is the whole product of signing: attaching it to the document is a move.
      auto proof = CreateProof(unsigned_credential, options, signer);
      if (!proof.ok()) return Fail(proof.error());
      sink += proof->size();
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (sink == 0) return kExitInternal;
    PrintResult("sign", *suite, count, seconds);
    return kExitOk;
  }
  auto signed_credential = AddProof(unsigned_credential, options, signer);
  if (!signed_credential.ok()) return Fail(signed_credential.error());
  if (op == "pdf") {
    auto renderer = certificate::CertificateRenderer::Create();
    if (!renderer.ok()) return Fail(renderer.error());
    auto development = certificate::MakeDevelopmentCertificate();
    if (!development.ok()) return Fail(development.error());
    auto document_signer =
        certificate::DocumentSigner::FromPem(development->certificate_pem, development->key_pem);
    if (!document_signer.ok()) return Fail(document_signer.error());
    const std::string credential_text = DumpJson(*signed_credential, true);
    const std::string url = "https://pramaan.example/v/bench00000000000000";
    size_t bytes = 0;
    const auto start = Clock::now();
    for (long i = 0; i < count; ++i) {
      auto page = (*renderer)->RenderPdf(*signed_credential, url);
      if (!page.ok()) return Fail(page.error());
      auto pdf = certificate::SignCertificatePdf(std::move(page).value(), credential_text,
                                                 "bench00000000000000.credential.json",
                                                 *document_signer, options.created);
      if (!pdf.ok()) return Fail(pdf.error());
      bytes = pdf->size();
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("{\"op\":\"pdf\",\"count\":%ld,\"seconds\":%.4f,\"per_s\":%.0f,"
                "\"bytes\":%zu,\"allocator\":\"%s\"}\n",
                count, seconds, count / seconds, bytes, AllocatorName().c_str());
    return kExitOk;
  }
  CredentialVerifier verifier(ContextLoader::Bundled(), resolver, clock);
  const auto start = Clock::now();
  for (long i = 0; i < count; ++i) {
    auto report = verifier.Check(*signed_credential);
    if (!report.ok()) return Fail(report.error());
    if (!report->verified()) {
      return Fail(Internal("benchmark credential failed to verify:\n" + report->ToText()));
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  PrintResult("verify", *suite, count, seconds);
  return kExitOk;
}

}  // namespace pramaan::cli
