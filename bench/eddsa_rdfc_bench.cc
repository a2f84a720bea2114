// Where the time of an eddsa-rdfc-2022 proof goes, stage by stage, on the credential Pramaan
// issues (examples/signed/: a course completion, argument 0, and an NCVET qualification,
// argument 1): the proof options'
// canonical form, then the document's expansion, deserialization to RDF and RDFC-1.0, and the
// whole hash. `pramaan bench sign|verify` gives the end-to-end rate; this says which stage to
// work on.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "bench/allocation_counter.h"
#include "core/context/context_loader.h"
#include "core/integrity/eddsa_rdfc_2022.h"
#include "core/json/json.h"
#include "core/jsonld/expand.h"
#include "core/jsonld/to_rdf.h"
#include "core/rdf/rdfc10.h"

namespace pramaan {
namespace {

// The two credentials Pramaan issues, by size: a course completion and an NCVET
// qualification (which carries more: NSQF level, NQR code, credits, approvals).
constexpr const char* kCredentialPaths[] = {
    PRAMAAN_SOURCE_DIR "/examples/signed/course-completion.credential.json",
    PRAMAAN_SOURCE_DIR "/examples/signed/ncvet-qualification.credential.json",
};

// One signed example, its document without the proof, and its proof options as the
// cryptosuite canonicalizes them (the proof less its value, under the document's contexts).
struct Credential {
  std::string text;  // the signed credential as stored and as POSTed
  Json signed_document;
  Json unsigned_document;
  Json proof_config;
};

Credential Load(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  Result<Json> parsed = ParseJson(text.str(), path);
  Credential credential;
  credential.text = text.str();
  if (!parsed.ok() || !parsed->is_object() || !parsed->contains("proof")) return credential;
  credential.signed_document = std::move(parsed).value();
  credential.unsigned_document = credential.signed_document;
  credential.unsigned_document.erase("proof");
  credential.proof_config = credential.signed_document["proof"];
  credential.proof_config.erase("proofValue");
  credential.proof_config["@context"] = credential.signed_document["@context"];
  return credential;
}

// The credential the benchmark's argument names, or null (and the benchmark skipped) if it
// cannot be read.
const Credential* Get(benchmark::State& state) {
  static const Credential* const credentials =
      new Credential[2]{Load(kCredentialPaths[0]), Load(kCredentialPaths[1])};
  const Credential& credential = credentials[state.range(0)];
  if (!credential.proof_config.is_object()) {
    state.SkipWithError((std::string("cannot read ") + kCredentialPaths[state.range(0)]).c_str());
    return nullptr;
  }
  state.SetLabel(state.range(0) == 0 ? "course completion" : "qualification");
  return &credential;
}

// Sets the "allocs" counter: operator new calls per iteration since `before`.
void ReportAllocations(benchmark::State& state, std::size_t before) {
  state.counters["allocs"] = benchmark::Counter(
      static_cast<double>(bench::AllocationCount() - before) /
      static_cast<double>(state.iterations()));
}

// Parsing the signed credential's text, as the server does for every POST, and freeing it.
void BM_ParseCredential(benchmark::State& state) {
  const Credential* credential = Get(state);
  if (credential == nullptr) return;
  const std::size_t allocations = bench::AllocationCount();
  for (auto _ : state) benchmark::DoNotOptimize(ParseJson(credential->text, "credential"));
  ReportAllocations(state, allocations);
}
BENCHMARK(BM_ParseCredential)->DenseRange(0, 1);

void BM_ProofConfigCanonical(benchmark::State& state) {
  const Credential* credential = Get(state);
  if (credential == nullptr) return;
  const std::size_t allocations = bench::AllocationCount();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        CanonicalizeJsonLdSafe(credential->proof_config, ContextLoader::Bundled()));
  }
  ReportAllocations(state, allocations);
}
BENCHMARK(BM_ProofConfigCanonical)->DenseRange(0, 1);

void BM_DocumentExpand(benchmark::State& state) {
  const Credential* credential = Get(state);
  if (credential == nullptr) return;
  const jsonld::Expander& expander = ContextLoader::Bundled().expander();
  const std::size_t allocations = bench::AllocationCount();
  for (auto _ : state) {
    jsonld::ExpansionDiagnostics diagnostics;
    benchmark::DoNotOptimize(expander.Expand(credential->unsigned_document, {}, &diagnostics));
  }
  ReportAllocations(state, allocations);
}
BENCHMARK(BM_DocumentExpand)->DenseRange(0, 1);

void BM_DocumentToRdf(benchmark::State& state) {
  const Credential* credential = Get(state);
  if (credential == nullptr) return;
  const Result<Json> expanded =
      ContextLoader::Bundled().expander().Expand(credential->unsigned_document, {});
  if (!expanded.ok()) return state.SkipWithError(expanded.error().message().c_str());
  const std::size_t allocations = bench::AllocationCount();
  for (auto _ : state) benchmark::DoNotOptimize(jsonld::ExpandedToRdf(*expanded, {}));
  ReportAllocations(state, allocations);
}
BENCHMARK(BM_DocumentToRdf)->DenseRange(0, 1);

void BM_DocumentRdfc10(benchmark::State& state) {
  const Credential* credential = Get(state);
  if (credential == nullptr) return;
  const Result<Json> expanded =
      ContextLoader::Bundled().expander().Expand(credential->unsigned_document, {});
  if (!expanded.ok()) return state.SkipWithError(expanded.error().message().c_str());
  const Result<rdf::Dataset> dataset = jsonld::ExpandedToRdf(*expanded, {});
  if (!dataset.ok()) return state.SkipWithError(dataset.error().message().c_str());
  const std::size_t allocations = bench::AllocationCount();
  for (auto _ : state) benchmark::DoNotOptimize(rdf::CanonicalizeRdfc10(*dataset));
  ReportAllocations(state, allocations);
}
BENCHMARK(BM_DocumentRdfc10)->DenseRange(0, 1);

// The document in safe mode, the proof excluded, as verification sees it.
void BM_DocumentCanonicalSafe(benchmark::State& state) {
  const Credential* credential = Get(state);
  if (credential == nullptr) return;
  const std::size_t allocations = bench::AllocationCount();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        CanonicalizeJsonLdSafe(credential->signed_document, ContextLoader::Bundled(), "proof"));
  }
  ReportAllocations(state, allocations);
}
BENCHMARK(BM_DocumentCanonicalSafe)->DenseRange(0, 1);

// Everything but Ed25519.
void BM_HashData(benchmark::State& state) {
  const Credential* credential = Get(state);
  if (credential == nullptr) return;
  const std::size_t allocations = bench::AllocationCount();
  for (auto _ : state) {
    benchmark::DoNotOptimize(EddsaRdfc2022HashData(credential->signed_document,
                                                   credential->proof_config, "proof",
                                                   ContextLoader::Bundled()));
  }
  ReportAllocations(state, allocations);
}
BENCHMARK(BM_HashData)->DenseRange(0, 1);

}  // namespace
}  // namespace pramaan
