// The CPU of one POST /credentials/verify outside the network: the request body's parse and
// CredentialVerifier::Check, on the two signed examples (argument 0: the course completion,
// argument 1: the NCVET qualification, docs/BENCHMARKS.md's reference credential). The
// "allocs" counter is the number of operator new calls per verification
// (bench/allocation_counter.h).
//
// BM_VerifyRequestFixed runs a fixed number of iterations (and nothing else is timed), so that
// instruction counts under callgrind are comparable between builds:
//   valgrind --tool=callgrind --toggle-collect='pramaan::bench::VerifyRequest*'
//       build/bench/credential_verify_bench --benchmark_filter=Fixed
// reports the instructions of 200 verifications (the warm-up call is not collected).
#include <benchmark/benchmark.h>

#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>

#include "bench/allocation_counter.h"
#include "core/context/context_loader.h"
#include "core/did/did_resolver.h"
#include "core/json/json.h"
#include "core/time/clock.h"
#include "core/time/rfc3339.h"
#include "verifier/credential_verifier.h"

namespace pramaan::bench {

constexpr const char* kCredentialPaths[] = {
    PRAMAAN_SOURCE_DIR "/examples/signed/course-completion.credential.json",
    PRAMAAN_SOURCE_DIR "/examples/signed/ncvet-qualification.credential.json",
};

// The request body POST /credentials/verify receives for the example at `index`, or "".
std::string RequestBody(int index) {
  std::ifstream in(kCredentialPaths[index], std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) return "";
  return "{\"verifiableCredential\": " + text.str() + "}";
}

// What the handler does up to the report: parse the body, find the credential, check it.
// Returns whether the credential verified. Not inlined, so callgrind can collect it alone.
[[gnu::noinline]] bool VerifyRequest(const std::string& body, const CredentialVerifier& verifier) {
  Result<Json> request = ParseJson(body, "request body");
  if (!request.ok()) return false;
  const auto credential = request->find("verifiableCredential");
  if (credential == request->end()) return false;
  Result<VerificationReport> report = verifier.Check(*credential);
  return report.ok() && report->verified();
}

void Run(benchmark::State& state) {
  const std::string body = RequestBody(static_cast<int>(state.range(0)));
  if (body.empty()) return state.SkipWithError("cannot read the example credential");
  const ContextLoader contexts;
  const DidResolver resolver;
  const FixedClock clock(*ParseRfc3339("2026-12-01T00:00:00Z"));
  const CredentialVerifier verifier(contexts, resolver, clock);
  // Warm-up: the first verification processes the contexts and fills the expander's cache.
  {
    Result<Json> request = ParseJson(body, "request body");
    if (!request.ok() || !verifier.Check((*request)["verifiableCredential"]).ok() ||
        !verifier.Check((*request)["verifiableCredential"])->verified()) {
      return state.SkipWithError("the example does not verify");
    }
  }
  const std::size_t allocations_before = AllocationCount();
  for (auto _ : state) {
    bool verified = VerifyRequest(body, verifier);
    benchmark::DoNotOptimize(verified);
  }
  state.counters["allocs"] = benchmark::Counter(
      static_cast<double>(AllocationCount() - allocations_before) /
      static_cast<double>(state.iterations()));
  state.SetLabel(state.range(0) == 0 ? "course completion" : "qualification");
}

void BM_VerifyRequest(benchmark::State& state) { Run(state); }
BENCHMARK(BM_VerifyRequest)->DenseRange(0, 1);

void BM_VerifyRequestFixed(benchmark::State& state) { Run(state); }
BENCHMARK(BM_VerifyRequestFixed)->Arg(1)->Iterations(200);

}  // namespace pramaan::bench
