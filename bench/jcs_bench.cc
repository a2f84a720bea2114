// Canonicalization throughput on a realistic credential: the signing path canonicalizes every
// credential (eddsa-jcs-2022), so this bounds how many credentials one core can sign a second.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>

#include "core/json/jcs.h"
#include "core/json/json.h"

namespace pramaan {
namespace {

constexpr char kCredentialPath[] = PRAMAAN_VECTORS_DIR "/ob3-eddsa-rdfc-2022/signed.json";

// The credential's text, or "" if it cannot be read.
const std::string& CredentialText() {
  static const std::string* const text = [] {
    std::ifstream in(kCredentialPath, std::ios::binary);
    return new std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }();
  return *text;
}

// The parsed credential, or null if it cannot be read or parsed.
const Json& Credential() {
  static const Json* const credential = [] {
    Result<Json> parsed = ParseJson(CredentialText(), kCredentialPath);
    return new Json(parsed.ok() ? std::move(parsed).value() : Json());
  }();
  return *credential;
}

bool SkipIfMissing(benchmark::State& state) {
  if (Credential().is_null()) {
    state.SkipWithError("cannot read or parse the credential vector");
    return true;
  }
  return false;
}

// The hot-path form: one output buffer reused across credentials.
void BM_AppendJcsReusedBuffer(benchmark::State& state) {
  if (SkipIfMissing(state)) return;
  const Json& credential = Credential();
  std::string out;
  for (auto _ : state) {
    out.clear();
    Status status = AppendJcs(credential, &out);
    if (!status.ok()) {
      state.SkipWithError(status.error().message().c_str());
      break;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(out.size()));
}
BENCHMARK(BM_AppendJcsReusedBuffer);

// A fresh string per call, as CanonicalizeJcs callers get.
void BM_CanonicalizeJcs(benchmark::State& state) {
  if (SkipIfMissing(state)) return;
  const Json& credential = Credential();
  std::size_t size = 0;
  for (auto _ : state) {
    Result<std::string> canonical = CanonicalizeJcs(credential);
    if (!canonical.ok()) {
      state.SkipWithError(canonical.error().message().c_str());
      break;
    }
    size = canonical->size();
    benchmark::DoNotOptimize(canonical->data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(size));
}
BENCHMARK(BM_CanonicalizeJcs);

// Parse plus canonicalize: the cost of canonicalizing a credential that arrives as text.
void BM_ParseAndCanonicalize(benchmark::State& state) {
  if (SkipIfMissing(state)) return;
  const std::string& text = CredentialText();
  std::string out;
  for (auto _ : state) {
    Result<Json> parsed = ParseJson(text, kCredentialPath);
    if (!parsed.ok()) {
      state.SkipWithError(parsed.error().message().c_str());
      break;
    }
    out.clear();
    Status status = AppendJcs(*parsed, &out);
    if (!status.ok()) {
      state.SkipWithError(status.error().message().c_str());
      break;
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_ParseAndCanonicalize);

}  // namespace
}  // namespace pramaan

BENCHMARK_MAIN();
