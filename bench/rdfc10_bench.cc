// RDFC-1.0 canonicalization of credential-sized datasets: eddsa-rdfc-2022 canonicalizes every
// credential it signs or verifies (the document and the proof configuration), so this bounds
// how many credentials one core can sign or verify a second.
//
// Each benchmark parses its N-Quads once, outside the timed loop, and times
// CanonicalizeRdfc10 alone. Run with --benchmark_repetitions to get medians.
#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

#include "core/rdf/dataset.h"
#include "core/rdf/nquads.h"
#include "core/rdf/rdfc10.h"

namespace pramaan::rdf {
namespace {

constexpr char kOb3DocumentPath[] = PRAMAAN_VECTORS_DIR "/ob3-eddsa-rdfc-2022/document-canon.txt";
constexpr char kDoubleCirclePath[] = PRAMAAN_VECTORS_DIR "/rdf-canon/rdfc10/test044-in.nq";

// An NCVET qualification credential as Pramaan issues it, in the order JSON-LD toRdf emits
// quads (by subject, then property) and with its labels, not canonical ones: 65 quads and 8
// blank nodes (subject, achievement criteria, two alignments, two identity objects, result,
// result description), each with a unique first-degree hash, as in practice. The proof is not
// part of the document that is canonicalized for signing.
constexpr std::string_view kQualificationCredential =
    R"(_:b0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#AchievementSubject> .
_:b0 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievement> <https://pramaan.example.gov.in/achievements/QG-04-IT-00521-2023-V1> .
_:b0 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#activityEndDate> "2024-07-30T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
_:b0 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#creditsEarned> "12"^^<http://www.w3.org/2001/XMLSchema#float> .
_:b0 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#identifier> _:b3 .
_:b0 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#identifier> _:b4 .
_:b0 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#result> _:b5 .
_:b0 <https://schema.org/name> "Anjali Verma" .
_:b0 <https://schema.org/name> "अंजलि वर्मा"@hi .
_:b1 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#narrative> "Pass the theory and practical assessments of every mandatory NOS with at least 50% marks." .
_:b2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#Alignment> .
_:b2 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#targetCode> "4" .
_:b2 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#targetFramework> "National Skills Qualification Framework" .
_:b2 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#targetName> "NSQF Level 4" .
_:b2 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#targetUrl> "https://www.ncvet.gov.in/nsqf"^^<https://www.w3.org/2001/XMLSchema#anyURI> .
_:b3 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#IdentityObject> .
_:b3 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#hashed> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
_:b3 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#identityHash> "sha256$c7a4f3b9e2d1a8f06b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a" .
_:b3 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#identityType> "emailAddress" .
_:b3 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#salt> "Kx9vQ2mZ" .
_:b4 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#IdentityObject> .
_:b4 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#hashed> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
_:b4 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#identityHash> "sha256$0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0" .
_:b4 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#identityType> "identifier" .
_:b4 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#salt> "p3Rt8LwN" .
_:b5 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#Result> .
_:b5 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#resultDescription> _:b6 .
_:b5 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#value> "A" .
_:b6 <https://schema.org/name> "Grade" .
_:b7 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#Alignment> .
_:b7 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#targetCode> "QG-04-IT-00521-2023-V1" .
_:b7 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#targetFramework> "National Qualification Register" .
_:b7 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#targetName> "Data Entry Operator" .
_:b7 <https://purl.imsglobal.org/spec/vc/ob/vocab.html#targetUrl> "https://www.nqr.gov.in/qualifications/QG-04-IT-00521-2023-V1"^^<https://www.w3.org/2001/XMLSchema#anyURI> .
<did:web:pramaan.example.gov.in> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#Profile> .
<did:web:pramaan.example.gov.in> <https://schema.org/email> "registrar@pramaan.example.gov.in" .
<did:web:pramaan.example.gov.in> <https://schema.org/name> "National Skills Awarding Body" .
<did:web:pramaan.example.gov.in> <https://schema.org/name> "राष्ट्रीय कौशल प्रदान निकाय"@hi .
<did:web:pramaan.example.gov.in> <https://schema.org/url> "https://pramaan.example.gov.in"^^<https://www.w3.org/2001/XMLSchema#anyURI> .
<https://pramaan.example.gov.in/achievements/QG-04-IT-00521-2023-V1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement> .
<https://pramaan.example.gov.in/achievements/QG-04-IT-00521-2023-V1> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#Criteria> _:b1 .
<https://pramaan.example.gov.in/achievements/QG-04-IT-00521-2023-V1> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievementType> "Certification" .
<https://pramaan.example.gov.in/achievements/QG-04-IT-00521-2023-V1> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#alignment> _:b2 .
<https://pramaan.example.gov.in/achievements/QG-04-IT-00521-2023-V1> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#alignment> _:b7 .
<https://pramaan.example.gov.in/achievements/QG-04-IT-00521-2023-V1> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#creditsAvailable> "12"^^<http://www.w3.org/2001/XMLSchema#float> .
<https://pramaan.example.gov.in/achievements/QG-04-IT-00521-2023-V1> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#fieldOfStudy> "IT-ITeS" .
<https://pramaan.example.gov.in/achievements/QG-04-IT-00521-2023-V1> <https://schema.org/description> "NSQF level 4 qualification in the IT-ITeS sector, 360 notional hours." .
<https://pramaan.example.gov.in/achievements/QG-04-IT-00521-2023-V1> <https://schema.org/name> "Data Entry Operator" .
<https://pramaan.example.gov.in/credentials/q7Hk2mX9vR4tLp> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#VerifiableCredential> .
<https://pramaan.example.gov.in/credentials/q7Hk2mX9vR4tLp> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential> .
<https://pramaan.example.gov.in/credentials/q7Hk2mX9vR4tLp> <https://schema.org/name> "Certified Data Entry Operator" .
<https://pramaan.example.gov.in/credentials/q7Hk2mX9vR4tLp> <https://schema.org/name> "प्रमाणित डेटा एंट्री ऑपरेटर"@hi .
<https://pramaan.example.gov.in/credentials/q7Hk2mX9vR4tLp> <https://www.w3.org/2018/credentials#credentialStatus> <https://pramaan.example.gov.in/status/r1#94567> .
<https://pramaan.example.gov.in/credentials/q7Hk2mX9vR4tLp> <https://www.w3.org/2018/credentials#credentialStatus> <https://pramaan.example.gov.in/status/s1#94567> .
<https://pramaan.example.gov.in/credentials/q7Hk2mX9vR4tLp> <https://www.w3.org/2018/credentials#credentialSubject> _:b0 .
<https://pramaan.example.gov.in/credentials/q7Hk2mX9vR4tLp> <https://www.w3.org/2018/credentials#issuer> <did:web:pramaan.example.gov.in> .
<https://pramaan.example.gov.in/credentials/q7Hk2mX9vR4tLp> <https://www.w3.org/2018/credentials#validFrom> "2024-08-15T10:30:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
<https://pramaan.example.gov.in/status/r1#94567> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/ns/credentials/status#BitstringStatusListEntry> .
<https://pramaan.example.gov.in/status/r1#94567> <https://www.w3.org/ns/credentials/status#statusListCredential> <https://pramaan.example.gov.in/status/r1> .
<https://pramaan.example.gov.in/status/r1#94567> <https://www.w3.org/ns/credentials/status#statusListIndex> "94567" .
<https://pramaan.example.gov.in/status/r1#94567> <https://www.w3.org/ns/credentials/status#statusPurpose> "revocation" .
<https://pramaan.example.gov.in/status/s1#94567> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/ns/credentials/status#BitstringStatusListEntry> .
<https://pramaan.example.gov.in/status/s1#94567> <https://www.w3.org/ns/credentials/status#statusListCredential> <https://pramaan.example.gov.in/status/s1> .
<https://pramaan.example.gov.in/status/s1#94567> <https://www.w3.org/ns/credentials/status#statusListIndex> "94567" .
<https://pramaan.example.gov.in/status/s1#94567> <https://www.w3.org/ns/credentials/status#statusPurpose> "suspension" .
)";

std::string ReadFileOrEmpty(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void RunCanonicalize(benchmark::State& state, std::string_view nquads) {
  Result<Dataset> dataset = ParseNQuads(nquads);
  if (nquads.empty() || !dataset.ok()) {
    state.SkipWithError(nquads.empty() ? "cannot read the vector"
                                       : dataset.error().message().c_str());
    return;
  }
  for (auto _ : state) {
    Result<CanonicalDataset> canonical = CanonicalizeRdfc10(*dataset);
    if (!canonical.ok()) {
      state.SkipWithError(canonical.error().message().c_str());
      break;
    }
    benchmark::DoNotOptimize(canonical->nquads.data());
  }
  state.counters["quads"] = static_cast<double>(dataset->size());
}

// The Open Badges 3.0 vector: 16 quads, one blank node.
void BM_CanonicalizeOb3Document(benchmark::State& state) {
  static const std::string text = ReadFileOrEmpty(kOb3DocumentPath);
  RunCanonicalize(state, text);
}
BENCHMARK(BM_CanonicalizeOb3Document);

// A full qualification credential: 65 quads, 8 blank nodes, first-degree hashes only.
void BM_CanonicalizeQualificationCredential(benchmark::State& state) {
  RunCanonicalize(state, kQualificationCredential);
}
BENCHMARK(BM_CanonicalizeQualificationCredential);

// The hardest positive W3C vector (two linked 6-cycles of blank nodes: 468 calls of Hash
// N-Degree Quads), for scale: credentials never look like this.
void BM_CanonicalizeDoubleCircle(benchmark::State& state) {
  static const std::string text = ReadFileOrEmpty(kDoubleCirclePath);
  RunCanonicalize(state, text);
}
BENCHMARK(BM_CanonicalizeDoubleCircle);

// Parsing the qualification credential's N-Quads, for comparison.
void BM_ParseQualificationCredential(benchmark::State& state) {
  for (auto _ : state) {
    Result<Dataset> dataset = ParseNQuads(kQualificationCredential);
    benchmark::DoNotOptimize(dataset.ok());
  }
}
BENCHMARK(BM_ParseQualificationCredential);

}  // namespace
}  // namespace pramaan::rdf
