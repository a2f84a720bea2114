// JSON-LD expansion: the W3C JSON-LD 1.1 expand test suite (one test per manifest entry, read
// at run time), the RFC 3986 reference resolution examples, and what Pramaan relies on beyond
// the suite: credentials expand with the bundled contexts, diagnostics name what a signature
// would not cover, errors carry the specification's codes, hostile input is bounded, and the
// context cache gives the same answers from many threads.
#include "core/jsonld/expand.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/context/context_loader.h"
#include "core/json/json.h"
#include "core/jsonld/iri.h"
#include "core/result.h"
#include "tests/test_support.h"

namespace pramaan::jsonld {
namespace {

using ::pramaan::testing::ReadJsonFile;
using ::pramaan::testing::VectorPath;

// The test suite's base IRI: inputs are documents at this URL plus their path, and the remote
// contexts they name are the suite's files under it.
constexpr std::string_view kSuiteBase = "https://w3c.github.io/json-ld-api/tests/";

std::filesystem::path SuiteDir() { return VectorPath("jsonld-api"); }

// Serves files of a directory as the documents at `url_prefix` + their relative path, like
// the suite's web server; any other URL is not found. Thread-safe.
class DirectoryLoader : public RemoteContextLoader {
 public:
  DirectoryLoader(std::string url_prefix, std::filesystem::path directory)
      : url_prefix_(std::move(url_prefix)), directory_(std::move(directory)) {}

  // Serves `document` at `url`, whatever the directory holds.
  void Add(const std::string& url, Json document) {
    std::lock_guard lock(mutex_);
    documents_[url] = std::make_unique<Json>(std::move(document));
  }

  Result<const Json*> Load(std::string_view url) const override {
    std::lock_guard lock(mutex_);
    if (const auto it = documents_.find(url); it != documents_.end()) return it->second.get();
    if (!url.starts_with(url_prefix_)) return NotFound("no document at " + std::string(url));
    const std::string relative(url.substr(url_prefix_.size()));
    if (relative.find("..") != std::string::npos) return NotFound("outside the suite");
    std::ifstream in(directory_ / relative, std::ios::binary);
    if (!in) return NotFound("no document at " + std::string(url));
    std::stringstream text;
    text << in.rdbuf();
    Result<Json> parsed = ParseJson(text.str(), relative);
    if (!parsed.ok()) return parsed.error();
    auto& slot = documents_[std::string(url)];
    slot = std::make_unique<Json>(std::move(parsed).value());
    return slot.get();
  }

 private:
  const std::string url_prefix_;
  const std::filesystem::path directory_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::unique_ptr<Json>, std::less<>> documents_;
};

// Pramaan's bundled contexts (core/context), as the issuer and verifier load them.
class BundledLoader : public RemoteContextLoader {
 public:
  Result<const Json*> Load(std::string_view url) const override {
    return ContextLoader::Bundled().Load(url);
  }
};

// JSON equality where object members are unordered and arrays ordered: JSON literals.
bool JsonLiteralEqual(const Json& a, const Json& b) {
  if (a.is_object() && b.is_object()) {
    if (a.size() != b.size()) return false;
    for (const auto& [key, value] : a.items()) {
      const auto it = b.find(key);
      if (it == b.end() || !JsonLiteralEqual(value, *it)) return false;
    }
    return true;
  }
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!JsonLiteralEqual(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

std::string Lower(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return value;
}

// JSON-LD object comparison, as the suite's README defines it: members unordered, arrays
// unordered except @list values, language tags case-insensitive, JSON literals exact.
bool JsonLdEqual(const Json& a, const Json& b, bool ordered = false) {
  if (a.is_object() && b.is_object()) {
    if (a.size() != b.size()) return false;
    const bool json_literal = a.contains("@type") && a["@type"] == "@json";
    for (const auto& [key, value] : a.items()) {
      const auto it = b.find(key);
      if (it == b.end()) return false;
      if (json_literal && key == "@value") {
        if (!JsonLiteralEqual(value, *it)) return false;
      } else if (key == "@language" && value.is_string() && it->is_string()) {
        if (Lower(value.get<std::string>()) != Lower(it->get<std::string>())) return false;
      } else if (!JsonLdEqual(value, *it, key == "@list")) {
        return false;
      }
    }
    return true;
  }
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) return false;
    if (ordered) {
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!JsonLdEqual(a[i], b[i])) return false;
      }
      return true;
    }
    // The comparison is an equivalence, so matching greedily finds a pairing if one exists.
    std::vector<bool> used(b.size(), false);
    for (const Json& item : a) {
      bool matched = false;
      for (std::size_t j = 0; j < b.size() && !matched; ++j) {
        if (!used[j] && JsonLdEqual(item, b[j])) {
          used[j] = true;
          matched = true;
        }
      }
      if (!matched) return false;
    }
    return true;
  }
  return a == b;
}

TEST(JsonLdObjectComparison, IgnoresOrderOfMembersAndOfArraysButNotOfLists) {
  EXPECT_TRUE(JsonLdEqual(Json::parse(R"([{"a": [1, 2], "b": "x"}, {"c": 3}])"),
                          Json::parse(R"([{"c": 3}, {"b": "x", "a": [2, 1]}])")));
  EXPECT_TRUE(JsonLdEqual(Json::parse(R"({"@language": "EN-gb"})"),
                          Json::parse(R"({"@language": "en-GB"})")));
  EXPECT_FALSE(
      JsonLdEqual(Json::parse(R"({"@list": [1, 2]})"), Json::parse(R"({"@list": [2, 1]})")));
  EXPECT_FALSE(JsonLdEqual(Json::parse(R"({"@value": [1, 2], "@type": "@json"})"),
                           Json::parse(R"({"@value": [2, 1], "@type": "@json"})")));
  EXPECT_FALSE(JsonLdEqual(Json::parse(R"([1, 1, 2])"), Json::parse(R"([1, 2, 2])")));
  EXPECT_FALSE(JsonLdEqual(Json::parse(R"({"a": 1})"), Json::parse(R"({"a": 1, "b": 2})")));
}

// ---------------------------------------------------------------------------------------------
// The W3C expand test suite.

struct SuiteTest {
  std::string id;  // "t0001": the manifest's "#t0001"
  std::string name;
  std::string input;
  std::string expect;      // positive tests
  std::string error_code;  // negative tests
  Json option = Json::object();
};

void PrintTo(const SuiteTest& test, std::ostream* out) { *out << test.id << " " << test.name; }

// The reason a test is not run, or "" when it is. Only tests of JSON-LD 1.0 alone are
// skipped (each is listed, with what replaced it in 1.1, in docs/CONFORMANCE.md); every other
// entry of the manifest runs.
std::string SkipReason(const SuiteTest& test) {
  if (GetString(test.option, "specVersion") == "json-ld-1.0") {
    return "specVersion json-ld-1.0: tests JSON-LD 1.0 behaviour that JSON-LD 1.1 replaced; "
           "this is a JSON-LD 1.1 processor (docs/CONFORMANCE.md)";
  }
  return "";
}

std::vector<SuiteTest> LoadManifest() {
  std::vector<SuiteTest> tests;
  std::ifstream in(SuiteDir() / "expand-manifest.jsonld", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  Result<Json> manifest = ParseJson(text.str(), "expand-manifest.jsonld");
  if (!manifest.ok() || !manifest->contains("sequence")) return tests;
  for (const Json& entry : (*manifest)["sequence"]) {
    SuiteTest test;
    test.id = GetString(entry, "@id");
    if (!test.id.empty() && test.id[0] == '#') test.id.erase(0, 1);
    test.name = GetString(entry, "name");
    test.input = GetString(entry, "input");
    test.expect = GetString(entry, "expect");
    test.error_code = GetString(entry, "expectErrorCode");
    if (entry.contains("option") && entry["option"].is_object()) test.option = entry["option"];
    tests.push_back(std::move(test));
  }
  return tests;
}

const std::vector<SuiteTest>& Manifest() {
  static const auto* const tests = new std::vector<SuiteTest>(LoadManifest());
  return *tests;
}

TEST(JsonLdExpandManifest, ListsTheWholeSuite) {
  EXPECT_EQ(Manifest().size(), 385u) << "cannot read " << SuiteDir() / "expand-manifest.jsonld";
}

class JsonLdExpandSuite : public ::testing::TestWithParam<SuiteTest> {};

TEST_P(JsonLdExpandSuite, MatchesExpectedOutputOrError) {
  const SuiteTest& test = GetParam();
  if (const std::string reason = SkipReason(test); !reason.empty()) GTEST_SKIP() << reason;

  DirectoryLoader loader(std::string(kSuiteBase), SuiteDir());
  ExpandOptions options;
  options.document_url = std::string(kSuiteBase) + test.input;
  options.base = GetString(test.option, "base", options.document_url);
  if (GetString(test.option, "processingMode") == "json-ld-1.0") {
    options.processing_mode = ProcessingMode::kJsonLd10;
  }
  const Json* expand_context = nullptr;
  if (const std::string context = GetString(test.option, "expandContext"); !context.empty()) {
    Result<const Json*> loaded = loader.Load(std::string(kSuiteBase) + context);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message();
    expand_context = *loaded;
  }
  options.expand_context = expand_context;
  const Json input = ReadJsonFile(SuiteDir() / test.input);

  const Expander expander(loader);
  const Result<Json> result = expander.Expand(input, options);
  if (test.error_code.empty()) {
    ASSERT_TRUE(result.ok()) << result.error().message();
    const Json expected = ReadJsonFile(SuiteDir() / test.expect);
    EXPECT_TRUE(JsonLdEqual(*result, expected))
        << "expected " << expected.dump() << "\n     got " << result->dump();
    // Again, from the contexts cached by the first expansion.
    const Result<Json> again = expander.Expand(input, options);
    ASSERT_TRUE(again.ok()) << again.error().message();
    EXPECT_EQ(*again, *result) << "the cached contexts changed the result";
  } else {
    ASSERT_FALSE(result.ok()) << "expected the error \"" << test.error_code << "\", got "
                              << result->dump();
    EXPECT_EQ(JsonLdErrorCode(result.error()), test.error_code) << result.error().message();
  }
}

INSTANTIATE_TEST_SUITE_P(W3c, JsonLdExpandSuite, ::testing::ValuesIn(Manifest()),
                         [](const ::testing::TestParamInfo<SuiteTest>& param_info) {
                           std::string name = param_info.param.id;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

// ---------------------------------------------------------------------------------------------
// RFC 3986 section 5.4: every example of reference resolution, normal and abnormal.

TEST(ResolveIri, ResolvesEveryRfc3986Example) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<std::string, std::string> examples[] = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"g;x?y#s", "http://a/b/c/g;x?y#s"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
      // Section 5.4.2.
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g?y/../x", "http://a/b/c/g?y/../x"},
      {"g#s/./x", "http://a/b/c/g#s/./x"},
      {"g#s/../x", "http://a/b/c/g#s/../x"},
      {"http:g", "http:g"},
  };
  for (const auto& [reference, expected] : examples) {
    EXPECT_EQ(ResolveIri(base, reference), expected) << "reference " << reference;
  }
}

TEST(ResolveIri, ResolvesAgainstBaseWithoutPath) {
  EXPECT_EQ(ResolveIri("http://a", "g"), "http://a/g");
  EXPECT_EQ(ResolveIri("http://a?q", "#f"), "http://a?q#f");
}

TEST(ResolveIri, LeavesReferenceUnchangedWithoutAbsoluteBase) {
  EXPECT_EQ(ResolveIri("", "g/h"), "g/h");
  EXPECT_EQ(ResolveIri("relative/base", "../g"), "../g");
}

TEST(IsAbsoluteIri, RequiresSchemeAndNoForbiddenCharacters) {
  EXPECT_TRUE(IsAbsoluteIri("https://example.com/a"));
  EXPECT_TRUE(IsAbsoluteIri("did:example:123"));
  EXPECT_TRUE(IsAbsoluteIri("urn:uuid:5b1bd6a4"));
  EXPECT_FALSE(IsAbsoluteIri("relative/path"));
  EXPECT_FALSE(IsAbsoluteIri("_:b0"));
  EXPECT_FALSE(IsAbsoluteIri("1http://example.com"));
  EXPECT_FALSE(IsAbsoluteIri("http://example.com/baz z"));
  EXPECT_FALSE(IsAbsoluteIri("http://example.com/<a>"));
}

// ---------------------------------------------------------------------------------------------
// Credentials with the bundled contexts.

constexpr char kCredentialsVocab[] = "https://www.w3.org/2018/credentials#";
constexpr char kIssuerDependent[] = "https://www.w3.org/ns/credentials/issuer-dependent#";

Json Ob3Credential() { return ReadJsonFile(VectorPath("ob3-eddsa-rdfc-2022/unsigned.json")); }

bool Contains(const Json& array, std::string_view value) {
  return array.is_array() &&
         std::find(array.begin(), array.end(), Json(std::string(value))) != array.end();
}

TEST(JsonLdExpand, ExpandsOpenBadgesCredentialWithNothingDropped) {
  BundledLoader loader;
  const Expander expander(loader);
  ExpansionDiagnostics diagnostics;
  const Result<Json> result = expander.Expand(Ob3Credential(), {}, &diagnostics);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_TRUE(diagnostics.empty()) << ::testing::PrintToString(diagnostics.messages);

  ASSERT_EQ(result->size(), 1u);
  const Json& credential = (*result)[0];
  EXPECT_EQ(credential["@id"], "http://example.com/credentials/3527");
  EXPECT_TRUE(
      JsonLdEqual(credential["@type"],
                  Json::parse(R"(["https://www.w3.org/2018/credentials#VerifiableCredential",
                            "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"])")))
      << credential["@type"].dump();
  EXPECT_EQ(credential[std::string(kCredentialsVocab) + "validFrom"],
            Json::parse(R"([{"@value": "2010-01-01T00:00:00Z",
                             "@type": "http://www.w3.org/2001/XMLSchema#dateTime"}])"));
  const Json& subject = credential[std::string(kCredentialsVocab) + "credentialSubject"][0];
  EXPECT_EQ(subject["@id"], "did:example:ebfeb1f712ebc6f1c276e12ec21");
  const Json& achievement =
      subject["https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievement"][0];
  EXPECT_EQ(achievement["@type"],
            Json::parse(R"(["https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement"])"));
  EXPECT_EQ(achievement["https://schema.org/name"], Json::parse(R"([{"@value": "Teamwork"}])"));
}

TEST(JsonLdExpand, ExpandsSignedCredentialProofAsNamedGraph) {
  BundledLoader loader;
  const Expander expander(loader);
  ExpansionDiagnostics diagnostics;
  const Result<Json> result = expander.Expand(
      ReadJsonFile(VectorPath("ob3-eddsa-rdfc-2022/signed.json")), {}, &diagnostics);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_TRUE(diagnostics.empty()) << ::testing::PrintToString(diagnostics.messages);
  const Json& proofs = (*result)[0]["https://w3id.org/security#proof"];
  ASSERT_EQ(proofs.size(), 1u) << (*result)[0].dump();
  const Json& proof = proofs[0]["@graph"][0];
  EXPECT_EQ(proof["@type"], Json::parse(R"(["https://w3id.org/security#DataIntegrityProof"])"));
  EXPECT_EQ(proof["https://w3id.org/security#cryptosuite"],
            Json::parse(R"([{"@value": "eddsa-rdfc-2022",
                             "@type": "https://w3id.org/security#cryptosuiteString"}])"));
  EXPECT_EQ(
      proof["https://w3id.org/security#verificationMethod"],
      Json::parse(
          R"([{"@id": "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"}])"));
}

TEST(JsonLdExpand, ExcludedMemberExpandsAsIfErased) {
  BundledLoader loader;
  const Expander expander(loader);
  const Json signed_credential = ReadJsonFile(VectorPath("ob3-eddsa-rdfc-2022/signed.json"));
  Json unsecured = signed_credential;
  unsecured.erase("proof");
  const Result<Json> erased = expander.Expand(unsecured, {});
  ASSERT_TRUE(erased.ok()) << erased.error().message();
  ExpandOptions options;
  options.excluded_member = "proof";
  const Result<Json> excluded = expander.Expand(signed_credential, options);
  ASSERT_TRUE(excluded.ok()) << excluded.error().message();
  EXPECT_EQ(*excluded, *erased);
  EXPECT_FALSE((*excluded)[0].contains("https://w3id.org/security#proof"));
  // Only the top-level member is excluded: a nested "proof" still expands.
  const Json nested = Json::parse(R"({"@context": {"@vocab": "https://example.org/"},
                                      "proof": 1, "child": {"proof": 2}})");
  const Result<Json> with_nested = expander.Expand(nested, options);
  ASSERT_TRUE(with_nested.ok()) << with_nested.error().message();
  EXPECT_EQ(*with_nested, Json::parse(R"([{"https://example.org/child":
                                             [{"https://example.org/proof": [{"@value": 2}]}]}])"));
  // An aliased keyword can be excluded too: without "type" the node has no @type.
  options.excluded_member = "type";
  const Result<Json> untyped = expander.Expand(unsecured, options);
  ASSERT_TRUE(untyped.ok()) << untyped.error().message();
  EXPECT_FALSE((*untyped)[0].contains("@type"));
}

TEST(JsonLdExpand, ExpandsPresentationWhoseCredentialResetsTheContext) {
  // verifiableCredential has the scoped context null (and a @graph container): the
  // credential inside must bring its own contexts, despite the protected terms around it.
  BundledLoader loader;
  const Expander expander(loader);
  Json presentation = Json::object();
  presentation["@context"] = Json::array({"https://www.w3.org/ns/credentials/v2"});
  presentation["type"] = "VerifiablePresentation";
  presentation["verifiableCredential"] = Json::array({Ob3Credential()});
  ExpansionDiagnostics diagnostics;
  const Result<Json> result = expander.Expand(presentation, {}, &diagnostics);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_TRUE(diagnostics.empty()) << ::testing::PrintToString(diagnostics.messages);
  const Json& graphs = (*result)[0][std::string(kCredentialsVocab) + "verifiableCredential"];
  ASSERT_EQ(graphs.size(), 1u);
  const Result<Json> alone = expander.Expand(Ob3Credential(), {});
  ASSERT_TRUE(alone.ok());
  EXPECT_EQ(graphs[0]["@graph"], *alone);
}

TEST(JsonLdExpand, FailsWithInvalidContextNullificationOutsideScopedContext) {
  BundledLoader loader;
  const Expander expander(loader);
  Json credential = Ob3Credential();
  credential["credentialSubject"]["@context"] = nullptr;
  const Result<Json> result = expander.Expand(credential, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(JsonLdErrorCode(result.error()), "invalid context nullification")
      << result.error().message();
}

TEST(JsonLdExpand, ExpandsCredentialWithPramaanContextWithNothingDropped) {
  BundledLoader loader;
  const Expander expander(loader);
  Json credential = Ob3Credential();
  credential["@context"].push_back(std::string(kPramaanContext));
  credential["credentialSubject"]["achievement"]["notionalHours"] = 30;
  credential["credentialSubject"]["achievement"]["nameLocalized"] =
      Json::parse(R"({"hi": "टीमवर्क", "en": "Teamwork"})");
  ExpansionDiagnostics diagnostics;
  const Result<Json> result = expander.Expand(credential, {}, &diagnostics);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_TRUE(diagnostics.empty()) << ::testing::PrintToString(diagnostics.messages);
  const Json& achievement =
      (*result)[0][std::string(kCredentialsVocab) + "credentialSubject"][0]
               ["https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievement"][0];
  EXPECT_EQ(achievement["https://w3id.org/pramaan/vocab#notionalHours"],
            Json::parse(R"([{"@value": 30, "@type": "http://www.w3.org/2001/XMLSchema#float"}])"));
  EXPECT_TRUE(JsonLdEqual(achievement["https://w3id.org/pramaan/vocab#nameLocalized"],
                          Json::parse(R"([{"@value": "टीमवर्क", "@language": "hi"},
                                          {"@value": "Teamwork", "@language": "en"}])")));
}

// The bundled credentials v2 context is the W3C Recommendation's, which (unlike its drafts)
// has no @vocab: an undefined term is dropped, unless the document opts into the
// undefined-terms context, whose @vocab catches it. Either way safe mode hears of it.
TEST(JsonLdExpand, ReportsUndefinedTermDroppedByCredentialsContext) {
  BundledLoader loader;
  const Expander expander(loader);
  Json credential = Ob3Credential();
  credential["credentialSubject"]["favouriteColour"] = "blue";
  ExpansionDiagnostics diagnostics;
  const Result<Json> result = expander.Expand(credential, {}, &diagnostics);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(diagnostics.dropped_keys, std::vector<std::string>{"favouriteColour"});
  ASSERT_EQ(diagnostics.messages.size(), 1u);
  EXPECT_NE(diagnostics.messages[0].find("at /credentialSubject "), std::string::npos)
      << diagnostics.messages[0];
}

TEST(JsonLdExpand, ReportsUndefinedTermExpandedThroughUndefinedTermsVocab) {
  BundledLoader loader;
  const Expander expander(loader);
  Json credential = Ob3Credential();
  credential["@context"].push_back("https://www.w3.org/ns/credentials/undefined-terms/v2");
  credential["credentialSubject"]["favouriteColour"] = "blue";
  ExpansionDiagnostics diagnostics;
  const Result<Json> result = expander.Expand(credential, {}, &diagnostics);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(diagnostics.vocab_terms, std::vector<std::string>{"favouriteColour"});
  const Json& subject = (*result)[0][std::string(kCredentialsVocab) + "credentialSubject"][0];
  EXPECT_TRUE(subject.contains("https://www.w3.org/ns/credentials/undefined-term#favouriteColour"))
      << subject.dump();
}

TEST(JsonLdExpand, ReportsUndefinedTermExpandedThroughIssuerDependentVocab) {
  BundledLoader loader;
  const Expander expander(loader);
  Json credential = Ob3Credential();
  Json vocab = Json::object();
  vocab["@vocab"] = kIssuerDependent;
  credential["@context"].push_back(vocab);
  credential["credentialSubject"]["favouriteColour"] = "blue";
  ExpansionDiagnostics diagnostics;
  const Result<Json> result = expander.Expand(credential, {}, &diagnostics);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(diagnostics.vocab_terms, std::vector<std::string>{"favouriteColour"});
  EXPECT_TRUE(diagnostics.dropped_keys.empty());
  const Json& subject = (*result)[0][std::string(kCredentialsVocab) + "credentialSubject"][0];
  EXPECT_TRUE(subject.contains(std::string(kIssuerDependent) + "favouriteColour"));
}

TEST(JsonLdExpand, ReportsUndefinedTypeExpandedThroughIssuerDependentVocab) {
  BundledLoader loader;
  const Expander expander(loader);
  Json credential = Ob3Credential();
  Json vocab = Json::object();
  vocab["@vocab"] = kIssuerDependent;
  credential["@context"].push_back(vocab);
  credential["type"].push_back("MadeUpCredential");
  ExpansionDiagnostics diagnostics;
  const Result<Json> result = expander.Expand(credential, {}, &diagnostics);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(diagnostics.vocab_terms, std::vector<std::string>{"MadeUpCredential"});
  EXPECT_TRUE(Contains((*result)[0]["@type"], std::string(kIssuerDependent) + "MadeUpCredential"));
}

TEST(JsonLdExpand, ReportsUndefinedTypeLeftRelativeWithoutVocab) {
  BundledLoader loader;
  const Expander expander(loader);
  Json credential = Ob3Credential();
  credential["type"].push_back("MadeUpCredential");
  ExpansionDiagnostics diagnostics;
  const Result<Json> result = expander.Expand(credential, {}, &diagnostics);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(diagnostics.relative_iris, std::vector<std::string>{"MadeUpCredential"});
}

TEST(JsonLdExpand, ReportsRelativeIdLeftWithoutBase) {
  BundledLoader loader;
  const Expander expander(loader);
  Json credential = Ob3Credential();
  credential["id"] = "credentials/3527";
  ExpansionDiagnostics diagnostics;
  const Result<Json> result = expander.Expand(credential, {}, &diagnostics);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(diagnostics.relative_iris, std::vector<std::string>{"credentials/3527"});
  EXPECT_EQ((*result)[0]["@id"], "credentials/3527");
}

TEST(JsonLdExpand, ResolvesRelativeIdAgainstBaseWithoutReporting) {
  BundledLoader loader;
  const Expander expander(loader);
  Json credential = Ob3Credential();
  credential["id"] = "credentials/3527";
  ExpandOptions options;
  options.base = "https://issuer.example/";
  ExpansionDiagnostics diagnostics;
  const Result<Json> result = expander.Expand(credential, options, &diagnostics);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_TRUE(diagnostics.empty()) << ::testing::PrintToString(diagnostics.messages);
  EXPECT_EQ((*result)[0]["@id"], "https://issuer.example/credentials/3527");
}

TEST(JsonLdExpand, ReportsKeyDroppedWithoutVocab) {
  BundledLoader loader;
  const Expander expander(loader);
  const Json document = Json::parse(R"({
    "@context": {"name": "https://schema.org/name"},
    "@id": "https://example.com/thing",
    "name": "Thing",
    "colour": "blue"
  })");
  ExpansionDiagnostics diagnostics;
  const Result<Json> result = expander.Expand(document, {}, &diagnostics);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(diagnostics.dropped_keys, std::vector<std::string>{"colour"});
  EXPECT_FALSE((*result)[0].contains("colour"));
}

TEST(JsonLdExpand, ReportsNullValueAsDroppedValue) {
  BundledLoader loader;
  const Expander expander(loader);
  Json credential = Ob3Credential();
  credential["name"] = nullptr;
  ExpansionDiagnostics diagnostics;
  const Result<Json> result = expander.Expand(credential, {}, &diagnostics);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(diagnostics.dropped_values, std::vector<std::string>{"/name"});
}

TEST(JsonLdExpand, DiagnosticsAreClearedBetweenExpansions) {
  BundledLoader loader;
  const Expander expander(loader);
  Json credential = Ob3Credential();
  credential["favouriteColour"] = "blue";
  ExpansionDiagnostics diagnostics;
  ASSERT_TRUE(expander.Expand(credential, {}, &diagnostics).ok());
  ASSERT_FALSE(diagnostics.empty());
  ASSERT_TRUE(expander.Expand(Ob3Credential(), {}, &diagnostics).ok());
  EXPECT_TRUE(diagnostics.empty()) << ::testing::PrintToString(diagnostics.messages);
}

// ---------------------------------------------------------------------------------------------
// Errors.

TEST(JsonLdExpand, FailsWithLoadingRemoteContextFailedForUnknownContext) {
  BundledLoader loader;
  const Expander expander(loader);
  Json credential = Ob3Credential();
  credential["@context"].push_back("https://attacker.example/context.jsonld");
  const Result<Json> result = expander.Expand(credential, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(JsonLdErrorCode(result.error()), "loading remote context failed");
  EXPECT_EQ(result.error().code(), ErrorCode::kNotFound) << "the loader's code is kept";
  EXPECT_NE(result.error().message().find("https://attacker.example/context.jsonld"),
            std::string::npos);
}

TEST(JsonLdExpand, FailsWithProtectedTermRedefinitionWhenCredentialRedefinesName) {
  BundledLoader loader;
  const Expander expander(loader);
  Json credential = Ob3Credential();
  credential["@context"].push_back(Json::parse(R"({"name": "https://attacker.example/name"})"));
  const Result<Json> result = expander.Expand(credential, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(JsonLdErrorCode(result.error()), "protected term redefinition")
      << result.error().message();
}

TEST(JsonLdExpand, FailsWithContextOverflowForSelfReferencingContext) {
  DirectoryLoader loader("https://contexts.example/", SuiteDir() / "no-such-directory");
  loader.Add("https://contexts.example/a",
             Json::parse(R"({"@context": "https://contexts.example/b"})"));
  loader.Add("https://contexts.example/b",
             Json::parse(R"({"@context": ["https://contexts.example/a"]})"));
  const Expander expander(loader);
  const Result<Json> result = expander.Expand(
      Json::parse(R"({"@context": "https://contexts.example/a", "@id": "https://x.example/"})"),
      {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(JsonLdErrorCode(result.error()), "context overflow") << result.error().message();
}

TEST(JsonLdExpand, FailsWithContextOverflowForLongTermDependencyChain) {
  BundledLoader loader;
  const Expander expander(loader);
  Json context = Json::object();
  context["t0"] = "https://example.com/";
  constexpr int kTerms = 5000;
  for (int i = kTerms - 1; i > 0; --i) {
    context["t" + std::to_string(i)] = "t" + std::to_string(i - 1) + ":x";
  }
  Json document = Json::object();
  document["@context"] = context;
  document["t1"] = "v";
  const Result<Json> result = expander.Expand(document, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(JsonLdErrorCode(result.error()), "context overflow") << result.error().message();
}

TEST(JsonLdExpand, FailsWithoutCrashingOnDocumentNestedDeeperThanTheParserAllows) {
  BundledLoader loader;
  const Expander expander(loader);
  Json document = "leaf";
  for (int i = 0; i < 10000; ++i) {
    Json wrapper = Json::object();
    wrapper["https://example.com/p"] = std::move(document);
    document = std::move(wrapper);
  }
  const Result<Json> result = expander.Expand(document, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(JsonLdErrorCode(result.error()), "loading document failed") << result.error().message();
}

TEST(JsonLdExpand, FailsWithContextOverflowWhenScopedContextsMultiplyWork) {
  // Every term has a scoped context, so defining each clones the active context to validate
  // it: quadratic work, stopped by the budget rather than run to completion.
  BundledLoader loader;
  const Expander expander(loader);
  Json context = Json::object();
  context["@vocab"] = "https://example.com/";
  for (int i = 0; i < 6000; ++i) {
    context["t" + std::to_string(i)] = Json::parse(R"({"@context": {}})");
  }
  Json document = Json::object();
  document["@context"] = context;
  const Result<Json> result = expander.Expand(document, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(JsonLdErrorCode(result.error()), "context overflow") << result.error().message();
}

TEST(JsonLdExpand, ExpandsNodeWithManyDistinctPropertiesAndReverseProperties) {
  // Json objects find members by linear search; expansion must not become quadratic in the
  // number of properties of one node (this took minutes before the node builder's index).
  BundledLoader loader;
  const Expander expander(loader);
  constexpr int kProperties = 20000;
  // Built through the underlying vector: Json's operator[] would itself be quadratic here.
  Json context = Json::object();
  Json document = Json::object();
  auto& context_members = context.get_ref<Json::object_t&>();
  auto& document_members = document.get_ref<Json::object_t&>();
  for (int i = 0; i < kProperties; ++i) {
    const std::string name = "r" + std::to_string(i);
    Json reverse = Json::object();
    reverse["@reverse"] = "https://example.com/" + name;
    context_members.emplace_back(name, std::move(reverse));
    document_members.emplace_back("https://example.com/p" + std::to_string(i), i);
    Json node = Json::object();
    node["@id"] = "https://example.com/n" + std::to_string(i);
    document_members.emplace_back(name, std::move(node));
  }
  document_members.emplace_back("@context", std::move(context));
  const auto start = std::chrono::steady_clock::now();
  const Result<Json> result = expander.Expand(document, {});
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ((*result)[0].size(), kProperties + 1u);
  EXPECT_EQ((*result)[0]["@reverse"].size(), static_cast<std::size_t>(kProperties));
  EXPECT_LT(seconds, 10.0) << "quadratic somewhere";
}

TEST(JsonLdErrorCode, IsEmptyForErrorsWithoutJsonLdCode) {
  EXPECT_EQ(JsonLdErrorCode(InvalidInput("something else: entirely")), "");
  EXPECT_EQ(JsonLdErrorCode(InvalidInput("no colon")), "");
  EXPECT_EQ(JsonLdErrorCode(InvalidInput("invalid IRI mapping: term \"x\"")),
            "invalid IRI mapping");
}

// ---------------------------------------------------------------------------------------------
// The context cache.

TEST(JsonLdExpand, CachedExpansionEqualsFreshExpansion) {
  BundledLoader loader;
  const Expander warm(loader);
  ASSERT_TRUE(warm.Expand(Ob3Credential(), {}).ok());
  const Result<Json> cached = warm.Expand(Ob3Credential(), {});
  const Result<Json> fresh = Expander(loader).Expand(Ob3Credential(), {});
  ASSERT_TRUE(cached.ok() && fresh.ok());
  EXPECT_EQ(*cached, *fresh);
}

TEST(JsonLdExpand, GivesSameResultFromManyThreads) {
  BundledLoader loader;
  const Expander expander(loader);
  const Json credential = Ob3Credential();
  const Result<Json> reference = Expander(loader).Expand(credential, {});
  ASSERT_TRUE(reference.ok());
  constexpr int kThreads = 4;
  constexpr int kRounds = 200;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        Json document = credential;
        if (i % 2 == 1) document["name"] = "Round " + std::to_string(i);
        const Result<Json> result = expander.Expand(document, {});
        if (!result.ok()) {
          ++mismatches[t];
        } else if (i % 2 == 0 && *result != *reference) {
          ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

// Expanders keep processed contexts in their caches, and each thread keeps its own references
// to them (ThreadFront): two expanders whose loaders serve different documents at one URL must
// each expand with their own, however they alternate on one thread.
TEST(JsonLdExpand, ExpandersWithDifferentLoadersDoNotShareContextsOnOneThread) {
  const std::string url = "https://contexts.example/shared";
  DirectoryLoader first_loader("https://nothing.example/", SuiteDir());
  DirectoryLoader second_loader("https://nothing.example/", SuiteDir());
  first_loader.Add(url, Json::parse(R"({"@context": {"name": "https://first.example/name",
      "thing": {"@id": "https://first.example/thing", "@context": {"x": "https://first.example/x"}}}})"));
  second_loader.Add(url, Json::parse(R"({"@context": {"name": "https://second.example/name",
      "thing": {"@id": "https://second.example/thing", "@context": {"x": "https://second.example/x"}}}})"));
  const Expander first(first_loader);
  const Expander second(second_loader);
  for (const Json& context : {Json(url), Json::array({url})}) {
    const Json document = {{"@context", context}, {"name", "N"}, {"thing", {{"x", "X"}}}};
    for (int round = 0; round < 3; ++round) {
      for (const auto& [expander, host] :
           {std::pair{&first, std::string("first")}, std::pair{&second, std::string("second")}}) {
        Result<Json> expanded = expander->Expand(document, {});
        ASSERT_TRUE(expanded.ok()) << expanded.error().message();
        const std::string text = expanded->dump();
        SCOPED_TRACE(host + " " + text);
        EXPECT_NE(text.find("https://" + host + ".example/name"), std::string::npos);
        EXPECT_NE(text.find("https://" + host + ".example/x"), std::string::npos);
        EXPECT_EQ(text.find(host == "first" ? "second.example" : "first.example"),
                  std::string::npos);
      }
    }
  }
}

}  // namespace
}  // namespace pramaan::jsonld
