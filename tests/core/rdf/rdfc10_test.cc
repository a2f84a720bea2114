#include "core/rdf/rdfc10.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <ostream>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/json/json.h"
#include "core/rdf/dataset.h"
#include "core/rdf/nquads.h"

namespace pramaan::rdf {
namespace {

namespace fs = std::filesystem;

const fs::path kRdfCanonDir = fs::path(PRAMAAN_VECTORS_DIR) / "rdf-canon";
constexpr char kManifestSuite[] = "W3c/Rdfc10ManifestTest";

// Manifest entries this suite does not run, by id, each with the reason. Empty: every entry
// of the W3C suite runs (the SHA-384 ones too).
const std::map<std::string, std::string>& DocumentedSkips() {
  static const auto* const skips = new std::map<std::string, std::string>{};
  return *skips;
}

// Reads a whole file; nullopt-like "" with *ok false when it cannot be opened. Used outside
// tests too (while the manifest is read to generate them), so it does not EXPECT.
std::string ReadFileOrEmpty(const fs::path& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  *ok = in.good();
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string ReadFile(const fs::path& path) {
  bool ok = false;
  std::string text = ReadFileOrEmpty(path, &ok);
  EXPECT_TRUE(ok) << "cannot open " << path;
  return text;
}

// One entry of rdf-canon/manifest.jsonld.
struct ManifestEntry {
  std::string id;    // "test001c" (without the "#")
  std::string type;  // "rdfc:RDFC10EvalTest", "rdfc:RDFC10MapTest", ...
  std::string name;
  std::string action;          // relative to the manifest
  std::string result;          // "" for negative tests
  std::string hash_algorithm;  // "" (SHA-256) or e.g. "SHA384"
  std::string load_error;      // set on a placeholder entry when the manifest is unreadable
};

// Every entry of the manifest, read when the tests are generated. When the manifest cannot be
// read or parsed the list holds one placeholder whose test fails with the reason.
std::vector<ManifestEntry> LoadManifest() {
  const auto unreadable = [](std::string reason) {
    ManifestEntry placeholder;
    placeholder.id = "unreadable_manifest";
    placeholder.load_error = std::move(reason);
    return std::vector<ManifestEntry>{placeholder};
  };
  const fs::path path = kRdfCanonDir / "manifest.jsonld";
  bool ok = false;
  const std::string text = ReadFileOrEmpty(path, &ok);
  if (!ok) return unreadable("cannot open " + path.string());
  Result<Json> manifest = ParseJson(text, path.string());
  if (!manifest.ok()) return unreadable(manifest.error().message());
  const Json* entries = manifest->contains("entries") ? &(*manifest)["entries"] : nullptr;
  if (entries == nullptr || !entries->is_array() || entries->empty()) {
    return unreadable("no entries in " + path.string());
  }
  std::vector<ManifestEntry> out;
  for (const Json& entry : *entries) {
    ManifestEntry e;
    e.id = GetString(entry, "id");
    if (!e.id.empty() && e.id[0] == '#') e.id.erase(0, 1);
    e.type = GetString(entry, "type");
    e.name = GetString(entry, "name");
    e.action = GetString(entry, "action");
    e.result = GetString(entry, "result");
    e.hash_algorithm = GetString(entry, "hashAlgorithm");
    out.push_back(std::move(e));
  }
  return out;
}

std::size_t ManifestEntryCount() {
  static const std::size_t count = [] {
    const std::vector<ManifestEntry> entries = LoadManifest();
    return entries.size() == 1 && !entries[0].load_error.empty() ? 0 : entries.size();
  }();
  return count;
}

void PrintTo(const ManifestEntry& entry, std::ostream* os) {
  *os << entry.id << " (" << entry.type << ": " << entry.name << ")";
}

Result<Dataset> ParseVectorFile(const std::string& relative) {
  return ParseNQuads(ReadFile(kRdfCanonDir / relative));
}

class Rdfc10ManifestTest : public ::testing::TestWithParam<ManifestEntry> {};

TEST_P(Rdfc10ManifestTest, MatchesExpectedResult) {
  const ManifestEntry& entry = GetParam();
  ASSERT_TRUE(entry.load_error.empty()) << entry.load_error;
  if (auto skip = DocumentedSkips().find(entry.id); skip != DocumentedSkips().end()) {
    GTEST_SKIP() << skip->second;
  }

  CanonicalizationOptions options;
  if (entry.hash_algorithm.empty() || entry.hash_algorithm == "SHA256") {
    options.hash_algorithm = RdfcHashAlgorithm::kSha256;
  } else if (entry.hash_algorithm == "SHA384") {
    options.hash_algorithm = RdfcHashAlgorithm::kSha384;
  } else {
    FAIL() << "hash algorithm " << entry.hash_algorithm << " is not one this test knows";
  }

  Result<Dataset> input = ParseVectorFile(entry.action);
  ASSERT_TRUE(input.ok()) << entry.action << ": " << input.error().message();
  Result<CanonicalDataset> canonical = CanonicalizeRdfc10(*input, options);

  if (entry.type == "rdfc:RDFC10NegativeEvalTest") {
    ASSERT_FALSE(canonical.ok()) << "a poison dataset was canonicalized";
    EXPECT_EQ(canonical.error().code(), ErrorCode::kInvalidInput);
    EXPECT_NE(canonical.error().message().find("work bound"), std::string::npos)
        << canonical.error().message();
    return;
  }
  ASSERT_TRUE(canonical.ok()) << canonical.error().message();
  if (entry.type == "rdfc:RDFC10EvalTest") {
    EXPECT_EQ(canonical->nquads, ReadFile(kRdfCanonDir / entry.result));
  } else if (entry.type == "rdfc:RDFC10MapTest") {
    const std::string expected_text = ReadFile(kRdfCanonDir / entry.result);
    Result<Json> expected = ParseJson(expected_text, entry.result);
    ASSERT_TRUE(expected.ok()) << expected.error().message();
    ASSERT_TRUE(expected->is_object()) << entry.result;
    std::map<std::string, std::string> expected_map;
    for (const auto& [key, value] : expected->items()) {
      ASSERT_TRUE(value.is_string()) << entry.result << ": " << key;
      expected_map.emplace(key, value.get<std::string>());
    }
    EXPECT_EQ(canonical->issued, expected_map);
  } else {
    FAIL() << "test type " << entry.type << " is not one this test knows";
  }
}

std::string ManifestTestName(const ::testing::TestParamInfo<ManifestEntry>& info) {
  std::string name;
  for (char c : info.param.id)
    name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return name.empty() ? "entry" + std::to_string(info.index) : name;
}

INSTANTIATE_TEST_SUITE_P(W3c, Rdfc10ManifestTest, ::testing::ValuesIn(LoadManifest()),
                         ManifestTestName);

// After all tests: when the whole manifest suite was selected, the number of its tests that
// ran (not skipped) must be the manifest's entry count minus the documented skips, so that an
// entry can neither be lost in generation nor skipped silently.
class ManifestCountCheck : public ::testing::Environment {
 public:
  void TearDown() override {
    const ::testing::UnitTest& unit = *::testing::UnitTest::GetInstance();
    for (int i = 0; i < unit.total_test_suite_count(); ++i) {
      const ::testing::TestSuite& suite = *unit.GetTestSuite(i);
      if (std::string(suite.name()) != kManifestSuite) continue;
      int ran = 0;
      int skipped = 0;
      for (int j = 0; j < suite.total_test_count(); ++j) {
        const ::testing::TestInfo& test = *suite.GetTestInfo(j);
        if (!test.should_run()) return;  // a filter selected part of the suite: nothing to check
        (test.result()->Skipped() ? skipped : ran) += 1;
      }
      EXPECT_EQ(static_cast<std::size_t>(suite.total_test_count()), ManifestEntryCount());
      EXPECT_EQ(static_cast<std::size_t>(ran), ManifestEntryCount() - DocumentedSkips().size());
      EXPECT_EQ(static_cast<std::size_t>(skipped), DocumentedSkips().size());
      std::printf("RDFC-1.0 manifest: %zu entries, %d run, %d skipped\n", ManifestEntryCount(), ran,
                  skipped);
      return;
    }
  }
};

[[maybe_unused]] ::testing::Environment* const kManifestCountCheck =
    ::testing::AddGlobalTestEnvironment(new ManifestCountCheck);

TEST(Rdfc10Manifest, HasEntriesOfEveryKind) {
  const std::vector<ManifestEntry> entries = LoadManifest();
  ASSERT_GT(ManifestEntryCount(), 0u) << entries[0].load_error;
  std::map<std::string, int> by_type;
  for (const ManifestEntry& entry : entries) ++by_type[entry.type];
  EXPECT_GT(by_type["rdfc:RDFC10EvalTest"], 0);
  EXPECT_GT(by_type["rdfc:RDFC10MapTest"], 0);
  EXPECT_GT(by_type["rdfc:RDFC10NegativeEvalTest"], 0);
  for (const auto& [id, reason] : DocumentedSkips()) {
    EXPECT_TRUE(std::any_of(entries.begin(), entries.end(),
                            [&](const ManifestEntry& e) { return e.id == id; }))
        << "documented skip " << id << " is not in the manifest";
  }
}

// Canonical N-Quads published with Data Integrity vectors are already canonical, so
// canonicalizing them must give the same bytes (and the identity blank node map).
TEST(Rdfc10, PublishedCanonicalDocumentsAreFixedPoints) {
  for (const char* relative : {
           "vc-di-eddsa/eddsa-rdfc-2022/canonDocDataInt.txt",
           "vc-di-eddsa/eddsa-rdfc-2022/proofCanonDataInt.txt",
           "vc-di-eddsa/eddsa-rdfc-2022/employ/canonDocDataInt.txt",
           "vc-di-eddsa/eddsa-rdfc-2022/employ/proofCanonDataInt.txt",
           "ob3-eddsa-rdfc-2022/document-canon.txt",
           "ob3-eddsa-rdfc-2022/proof-canon.txt",
       }) {
    SCOPED_TRACE(relative);
    const std::string text = ReadFile(fs::path(PRAMAAN_VECTORS_DIR) / relative);
    ASSERT_FALSE(text.empty());
    Result<Dataset> dataset = ParseNQuads(text);
    ASSERT_TRUE(dataset.ok()) << dataset.error().message();
    Result<CanonicalDataset> canonical = CanonicalizeRdfc10(*dataset);
    ASSERT_TRUE(canonical.ok()) << canonical.error().message();
    EXPECT_EQ(canonical->nquads, text);
    for (const auto& [input, output] : canonical->issued) EXPECT_EQ(input, output);
  }
}

// Renames every blank node and shuffles the quads: the canonical form may not change, and the
// issued map must have one entry per blank node.
void ExpectInvariantUnderRelabelingAndShuffling(const Dataset& dataset) {
  Result<CanonicalDataset> expected = CanonicalizeRdfc10(dataset);
  ASSERT_TRUE(expected.ok()) << expected.error().message();
  Dataset changed = dataset;
  std::mt19937 random(7);
  std::shuffle(changed.begin(), changed.end(), random);
  for (Quad& quad : changed) {
    for (Term* term : {&quad.subject, &quad.object, &quad.graph}) {
      if (term->kind == TermKind::kBlankNode) term->value = "renamed_" + term->value;
    }
  }
  Result<CanonicalDataset> actual = CanonicalizeRdfc10(changed);
  ASSERT_TRUE(actual.ok()) << actual.error().message();
  EXPECT_EQ(actual->nquads, expected->nquads);
  EXPECT_EQ(actual->issued.size(), expected->issued.size());
}

TEST(Rdfc10, OutputDoesNotDependOnBlankNodeLabelsOrQuadOrder) {
  // Vectors whose blank nodes share first-degree hashes, so the N-degree path decides.
  for (const char* relative : {"rdfc10/test021-in.nq", "rdfc10/test044-in.nq",
                               "rdfc10/test047-in.nq", "rdfc10/test059-in.nq"}) {
    SCOPED_TRACE(relative);
    Result<Dataset> dataset = ParseVectorFile(relative);
    ASSERT_TRUE(dataset.ok()) << dataset.error().message();
    ExpectInvariantUnderRelabelingAndShuffling(*dataset);
  }
}

// A chain of `length` blank nodes, _:n0 -> _:n1 -> ..., each with a literal when `labelled`
// (then every first-degree hash is unique) or none (then they share hashes but for the ends).
Dataset BlankNodeChain(int length, bool labelled, bool cycle = false) {
  Dataset dataset;
  for (int i = 0; i < length; ++i) {
    const int next = (i + 1) % length;
    if (cycle || next != 0) {
      dataset.push_back({Term::Blank("n" + std::to_string(i)), Term::Iri("urn:ex:next"),
                         Term::Blank("n" + std::to_string(next)), Term::DefaultGraph()});
    }
    if (labelled) {
      dataset.push_back({Term::Blank("n" + std::to_string(i)), Term::Iri("urn:ex:label"),
                         Term::Literal(std::to_string(i)), Term::DefaultGraph()});
    }
  }
  return dataset;
}

TEST(Rdfc10, IssuesEveryBlankNodeOfALargeDatasetOnce) {
  // More blank nodes than the lookup keeps in a flat list, unique and shared hashes alike.
  for (bool labelled : {true, false}) {
    SCOPED_TRACE(labelled ? "labelled" : "unlabelled");
    const Dataset dataset = BlankNodeChain(40, labelled);
    Result<CanonicalDataset> canonical = CanonicalizeRdfc10(dataset);
    ASSERT_TRUE(canonical.ok()) << canonical.error().message();
    ASSERT_EQ(canonical->issued.size(), 40u);
    std::set<std::string> labels;
    for (const auto& [input, output] : canonical->issued) labels.insert(output);
    EXPECT_EQ(labels.size(), 40u);
    EXPECT_EQ(labels.count("c14n0"), 1u);
    EXPECT_EQ(labels.count("c14n39"), 1u);
    ExpectInvariantUnderRelabelingAndShuffling(dataset);
  }
}

TEST(Rdfc10, FailsWithInvalidInputWhenHashNDegreeRecursesTooDeep) {
  // In a cycle of identical blank nodes every node needs the next one's n-degree hash.
  CanonicalizationOptions options;
  options.max_hash_n_degree_calls = 1000000;
  Result<CanonicalDataset> canonical =
      CanonicalizeRdfc10(BlankNodeChain(300, false, true), options);
  ASSERT_FALSE(canonical.ok());
  EXPECT_EQ(canonical.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(canonical.error().message().find("work bound"), std::string::npos)
      << canonical.error().message();
  EXPECT_NE(canonical.error().message().find("deeper than 256"), std::string::npos)
      << canonical.error().message();
}

TEST(Rdfc10, FailsWithInvalidInputOnQuadsThatAreNotRdf) {
  const Term iri = Term::Iri("urn:ex:x");
  const Term blank = Term::Blank("b");
  const Term literal = Term::Literal("v");
  const Term none = Term::DefaultGraph();
  for (const Quad& bad :
       {Quad{literal, iri, iri, none}, Quad{none, iri, iri, none}, Quad{iri, blank, iri, none},
        Quad{iri, literal, iri, none}, Quad{iri, iri, none, none}, Quad{iri, iri, iri, literal}}) {
    Dataset dataset = {Quad{iri, iri, blank, none}, bad};
    Result<CanonicalDataset> canonical = CanonicalizeRdfc10(dataset);
    ASSERT_FALSE(canonical.ok()) << SerializeNQuads({bad});
    EXPECT_EQ(canonical.error().code(), ErrorCode::kInvalidInput);
    EXPECT_NE(canonical.error().message().find("quad 1 is not RDF"), std::string::npos)
        << canonical.error().message();
  }
}

TEST(Rdfc10, EmptyDatasetGivesEmptyDocumentAndMap) {
  Result<CanonicalDataset> canonical = CanonicalizeRdfc10(Dataset{});
  ASSERT_TRUE(canonical.ok()) << canonical.error().message();
  EXPECT_EQ(canonical->nquads, "");
  EXPECT_TRUE(canonical->issued.empty());
}

TEST(Rdfc10, RepeatedQuadsCountOnceInOutputAndInHashes) {
  // As a set, a dataset with every quad listed twice is the same dataset. Had the repeats
  // entered the first-degree hashes, all ten hashes would change and, with them, which node
  // gets which canonical label (their order survives with probability 1/10!).
  const Dataset once = BlankNodeChain(10, true);
  Dataset twice = once;
  twice.insert(twice.end(), once.begin(), once.end());
  // The same again, spelled with an explicit xsd:string.
  twice.push_back({Term::Blank("n3"), Term::Iri("urn:ex:label"),
                   Term::Literal("3", "http://www.w3.org/2001/XMLSchema#string"),
                   Term::DefaultGraph()});
  std::mt19937 random(11);
  std::shuffle(twice.begin(), twice.end(), random);
  Result<CanonicalDataset> expected = CanonicalizeRdfc10(once);
  Result<CanonicalDataset> actual = CanonicalizeRdfc10(twice);
  ASSERT_TRUE(expected.ok() && actual.ok());
  EXPECT_EQ(actual->nquads, expected->nquads);
  EXPECT_EQ(actual->issued, expected->issued);
  EXPECT_EQ(std::count(actual->nquads.begin(), actual->nquads.end(), '\n'),
            static_cast<std::ptrdiff_t>(once.size()));
}

TEST(Rdfc10, DistinctQuadsThatHashAlikeAreNotMerged) {
  // Both quads read "_:a <p> _:z ." from _:x's point of view; they are different quads.
  Result<Dataset> dataset = ParseNQuads(
      "_:x <http://example.org/p> _:y .\n"
      "_:x <http://example.org/p> _:w .\n"
      "_:y <http://example.org/q> \"1\" .\n");
  ASSERT_TRUE(dataset.ok());
  Result<CanonicalDataset> canonical = CanonicalizeRdfc10(*dataset);
  ASSERT_TRUE(canonical.ok()) << canonical.error().message();
  EXPECT_EQ(std::count(canonical->nquads.begin(), canonical->nquads.end(), '\n'), 3);
  EXPECT_EQ(canonical->issued.size(), 3u);
}

// test044 ("double circle of 6 bnodes") is the most demanding positive vector: 468 calls of
// Hash N-Degree Quads and 25,560 steps.
TEST(Rdfc10, FailsWithInvalidInputWhenHashNDegreeCallBoundIsExceeded) {
  Result<Dataset> dataset = ParseVectorFile("rdfc10/test044-in.nq");
  ASSERT_TRUE(dataset.ok());
  CanonicalizationOptions options;
  options.max_hash_n_degree_calls = 100;
  Result<CanonicalDataset> canonical = CanonicalizeRdfc10(*dataset, options);
  ASSERT_FALSE(canonical.ok());
  EXPECT_EQ(canonical.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(canonical.error().message().find("work bound"), std::string::npos);
}

TEST(Rdfc10, FailsWithInvalidInputWhenHashNDegreeStepBoundIsExceeded) {
  Result<Dataset> dataset = ParseVectorFile("rdfc10/test044-in.nq");
  ASSERT_TRUE(dataset.ok());
  CanonicalizationOptions options;
  options.max_hash_n_degree_steps = 1000;
  Result<CanonicalDataset> canonical = CanonicalizeRdfc10(*dataset, options);
  ASSERT_FALSE(canonical.ok());
  EXPECT_EQ(canonical.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(canonical.error().message().find("work bound"), std::string::npos);
}

// Symmetric shapes of blank nodes, as an attacker would send them; the name says which.
Dataset PoisonShape(const std::string& shape) {
  Dataset dataset;
  const auto edge = [&](const std::string& from, const std::string& to) {
    dataset.push_back(
        {Term::Blank(from), Term::Iri("urn:ex:p"), Term::Blank(to), Term::DefaultGraph()});
  };
  const auto n = [](const char* prefix, int i) { return prefix + std::to_string(i); };
  if (shape == "two hubs of 20000 leaves") {
    for (int i = 0; i < 20000; ++i) edge("hub0", n("a", i)), edge("hub1", n("b", i));
  } else if (shape == "complete bipartite 200x200") {
    for (int i = 0; i < 200; ++i) {
      for (int j = 0; j < 200; ++j) edge(n("a", i), n("b", j));
    }
  } else if (shape == "clique of 40") {
    for (int i = 0; i < 40; ++i) {
      for (int j = 0; j < 40; ++j) {
        if (i != j) edge(n("k", i), n("k", j));
      }
    }
  } else if (shape == "cycle of 5000") {
    for (int i = 0; i < 5000; ++i) edge(n("c", i), n("c", (i + 1) % 5000));
  }
  return dataset;
}

TEST(Rdfc10, PoisonShapesFailQuicklyWithTheWorkBound) {
  // Each of these once took over ten seconds (a quadratic step the bounds did not count);
  // with every step counted each takes well under a second, sanitizers included.
  const auto start = std::chrono::steady_clock::now();
  for (const char* shape : {"two hubs of 20000 leaves", "complete bipartite 200x200",
                            "clique of 40", "cycle of 5000"}) {
    SCOPED_TRACE(shape);
    const Dataset dataset = PoisonShape(shape);
    ASSERT_FALSE(dataset.empty());
    Result<CanonicalDataset> canonical = CanonicalizeRdfc10(dataset);
    ASSERT_FALSE(canonical.ok());
    EXPECT_EQ(canonical.error().code(), ErrorCode::kInvalidInput);
    EXPECT_NE(canonical.error().message().find("work bound"), std::string::npos)
        << canonical.error().message();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(Rdfc10, DefaultBoundsLeaveRoomForEveryPositiveVector) {
  // The defaults must not be so tight that a legitimate symmetric dataset fails: every
  // positive W3C vector canonicalizes with a quarter of them.
  CanonicalizationOptions options;
  options.max_hash_n_degree_calls /= 4;
  options.max_hash_n_degree_steps /= 4;
  for (const ManifestEntry& entry : LoadManifest()) {
    if (entry.type != "rdfc:RDFC10EvalTest") continue;
    SCOPED_TRACE(entry.id);
    options.hash_algorithm =
        entry.hash_algorithm == "SHA384" ? RdfcHashAlgorithm::kSha384 : RdfcHashAlgorithm::kSha256;
    Result<Dataset> dataset = ParseVectorFile(entry.action);
    ASSERT_TRUE(dataset.ok());
    Result<CanonicalDataset> canonical = CanonicalizeRdfc10(*dataset, options);
    EXPECT_TRUE(canonical.ok()) << canonical.error().message();
  }
}

}  // namespace
}  // namespace pramaan::rdf
