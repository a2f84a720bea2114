// Where the time of an eddsa-rdfc-2022 proof goes, stage by stage, on the credential Pramaan
// issues most (examples/signed/course-completion.credential.json): the proof options'
// canonical form, then the document's expansion, deserialization to RDF and RDFC-1.0, and the
// whole hash. `pramaan bench sign|verify` gives the end-to-end rate; this says which stage to
// work on.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/context/context_loader.h"
#include "core/integrity/eddsa_rdfc_2022.h"
#include "core/json/json.h"
#include "core/jsonld/expand.h"
#include "core/jsonld/to_rdf.h"
#include "core/rdf/rdfc10.h"

namespace pramaan {
namespace {

constexpr char kCredentialPath[] =
    PRAMAAN_SOURCE_DIR "/examples/signed/course-completion.credential.json";

// The signed example, or null if it cannot be read.
const Json& Signed() {
  static const Json* const credential = [] {
    std::ifstream in(kCredentialPath, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    Result<Json> parsed = ParseJson(text.str(), kCredentialPath);
    return new Json(parsed.ok() ? std::move(parsed).value() : Json());
  }();
  return *credential;
}

const Json& Unsigned() {
  static const Json* const credential = [] {
    Json document = Signed();
    if (document.is_object()) document.erase("proof");
    return new Json(std::move(document));
  }();
  return *credential;
}

// The proof options as the cryptosuite canonicalizes them: the proof less its value, under
// the document's contexts.
const Json& ProofConfig() {
  static const Json* const config = [] {
    Json proof = Signed().is_object() ? Signed().value("proof", Json()) : Json();
    if (proof.is_object()) {
      proof.erase("proofValue");
      proof["@context"] = Signed()["@context"];
    }
    return new Json(std::move(proof));
  }();
  return *config;
}

bool SkipIfMissing(benchmark::State& state) {
  if (!ProofConfig().is_object()) {
    state.SkipWithError("cannot read examples/signed/course-completion.credential.json");
    return true;
  }
  return false;
}

void BM_ProofConfigCanonical(benchmark::State& state) {
  if (SkipIfMissing(state)) return;
  for (auto _ : state) {
    benchmark::DoNotOptimize(CanonicalizeJsonLdSafe(ProofConfig(), ContextLoader::Bundled()));
  }
}
BENCHMARK(BM_ProofConfigCanonical);

void BM_DocumentExpand(benchmark::State& state) {
  if (SkipIfMissing(state)) return;
  const jsonld::Expander& expander = ContextLoader::Bundled().expander();
  for (auto _ : state) {
    jsonld::ExpansionDiagnostics diagnostics;
    benchmark::DoNotOptimize(expander.Expand(Unsigned(), {}, &diagnostics));
  }
}
BENCHMARK(BM_DocumentExpand);

void BM_DocumentToRdf(benchmark::State& state) {
  if (SkipIfMissing(state)) return;
  const Result<Json> expanded = ContextLoader::Bundled().expander().Expand(Unsigned(), {});
  if (!expanded.ok()) return state.SkipWithError(expanded.error().message().c_str());
  for (auto _ : state) benchmark::DoNotOptimize(jsonld::ExpandedToRdf(*expanded, {}));
}
BENCHMARK(BM_DocumentToRdf);

void BM_DocumentRdfc10(benchmark::State& state) {
  if (SkipIfMissing(state)) return;
  const Result<Json> expanded = ContextLoader::Bundled().expander().Expand(Unsigned(), {});
  if (!expanded.ok()) return state.SkipWithError(expanded.error().message().c_str());
  const Result<rdf::Dataset> dataset = jsonld::ExpandedToRdf(*expanded, {});
  if (!dataset.ok()) return state.SkipWithError(dataset.error().message().c_str());
  for (auto _ : state) benchmark::DoNotOptimize(rdf::CanonicalizeRdfc10(*dataset));
}
BENCHMARK(BM_DocumentRdfc10);

// The document in safe mode, the proof excluded, as verification sees it.
void BM_DocumentCanonicalSafe(benchmark::State& state) {
  if (SkipIfMissing(state)) return;
  for (auto _ : state) {
    benchmark::DoNotOptimize(CanonicalizeJsonLdSafe(Signed(), ContextLoader::Bundled(), "proof"));
  }
}
BENCHMARK(BM_DocumentCanonicalSafe);

// Everything but Ed25519.
void BM_HashData(benchmark::State& state) {
  if (SkipIfMissing(state)) return;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        EddsaRdfc2022HashData(Signed(), ProofConfig(), "proof", ContextLoader::Bundled()));
  }
}
BENCHMARK(BM_HashData);

}  // namespace
}  // namespace pramaan
