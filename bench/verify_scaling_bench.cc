// Time to verify a credential against the length of one array in it (issue 17): the course
// completion example with N extra strings, signed with eddsa-rdfc-2022, parsed from its text
// and checked by CredentialVerifier as POST /credentials/verify does. Verification must grow
// linearly with N; the ratio time(30k)/time(10k) is about 3 when it does and about 9 when a
// step is quadratic (docs/BENCHMARKS.md).
//
// Argument 0 is the array's length; argument 1 where the array is (tests/verifier/
// tagged_credential.h):
//   0  "tag" at the top level, a term no context defines (the credentials context's @vocab
//      maps it to an issuer-dependent IRI): expanded in full, then the proof check fails,
//   1  credentialSubject.achievement.tag, a term Open Badges 3.0 defines: the credential
//      verifies.
#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <utility>

#include "tests/verifier/tagged_credential.h"
#include "verifier/credential_verifier.h"

namespace pramaan {
namespace {

// One signed credential per (length, place), built once: signing costs as much as verifying.
const std::string& SignedText(int length, int place) {
  static auto* const texts = new std::map<std::pair<int, int>, std::string>();
  auto [it, inserted] = texts->try_emplace({length, place});
  if (inserted) {
    it->second = testing::SignedTaggedCredentialText(
        length, place == 0 ? testing::TagPlace::kUndefinedTerm : testing::TagPlace::kDefinedTerm);
  }
  return it->second;
}

void BM_VerifyTaggedCredential(benchmark::State& state) {
  const int length = static_cast<int>(state.range(0));
  const int place = static_cast<int>(state.range(1));
  const std::string& text = SignedText(length, place);
  if (text.empty()) {
    state.SkipWithError("cannot build the tagged credential");
    return;
  }
  ContextLoader contexts;
  DidResolver resolver;
  FixedClock clock(testing::kTaggedCredentialIssuedAt + std::chrono::hours(1));
  CredentialVerifier verifier(contexts, resolver, clock);
  for (auto _ : state) {
    Result<Json> credential = ParseJson(text, "credential");
    Result<VerificationReport> report = verifier.Check(*credential);
    if (!report.ok() || report->verified() != (place == 1)) {
      state.SkipWithError("the tagged credential does not verify as expected");
      return;
    }
    benchmark::DoNotOptimize(report);
  }
  state.SetLabel(std::string(place == 0 ? "undefined term" : "defined term") + ", " +
                 std::to_string(text.size() / 1024) + " KiB");
  state.counters["tags"] = static_cast<double>(length);
}
BENCHMARK(BM_VerifyTaggedCredential)
    ->ArgsProduct({{1000, 5000, 10000, 20000, 30000}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pramaan
