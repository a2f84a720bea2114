#include "core/jsonld/to_rdf.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/context/context_loader.h"
#include "core/json/json.h"
#include "core/jsonld/expand.h"
#include "core/rdf/dataset.h"
#include "core/rdf/nquads.h"
#include "core/rdf/rdfc10.h"
#include "core/result.h"

namespace pramaan::jsonld {
namespace {

constexpr const char* kXsd = "http://www.w3.org/2001/XMLSchema#";
constexpr const char* kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

// ---------------------------------------------------------------------------------------------
// Helpers for the unit tests: quads as N-Quads-like lines, written here so the unit tests do
// not depend on core/rdf/nquads.cc.

std::string TermText(const rdf::Term& term) {
  switch (term.kind) {
    case rdf::TermKind::kIri:
      return "<" + term.value + ">";
    case rdf::TermKind::kBlankNode:
      return "_:" + term.value;
    case rdf::TermKind::kLiteral: {
      std::string text = "\"";
      for (char c : term.value) {
        if (c == '"' || c == '\\') text.push_back('\\');
        text.push_back(c);
      }
      text.push_back('"');
      if (!term.language.empty()) {
        EXPECT_EQ(term.datatype, rdf::kRdfLangString) << "a language-tagged literal's datatype";
        text += "@" + term.language;
      } else if (term.datatype != rdf::kXsdString) {
        text += "^^<" + term.datatype + ">";
      }
      return text;
    }
    case rdf::TermKind::kDefaultGraph:
      return "";
  }
  return "?";
}

std::string QuadText(const rdf::Quad& quad) {
  std::string line =
      TermText(quad.subject) + " " + TermText(quad.predicate) + " " + TermText(quad.object);
  if (quad.graph.kind != rdf::TermKind::kDefaultGraph) line += " " + TermText(quad.graph);
  return line;
}

std::vector<std::string> Lines(const rdf::Dataset& dataset) {
  std::vector<std::string> lines;
  for (const rdf::Quad& quad : dataset) lines.push_back(QuadText(quad));
  return lines;
}

// The expected lines of a dataset, in the order the quads come or in any order.
struct ExpectedLines {
  std::vector<std::string> lines;
  bool any_order = false;
};

template <typename... Lines>
ExpectedLines InOrder(const Lines&... lines) {
  return ExpectedLines{{std::string(lines)...}, false};
}

template <typename... Lines>
ExpectedLines AnyOrder(const Lines&... lines) {
  return ExpectedLines{{std::string(lines)...}, true};
}

::testing::AssertionResult LinesMatch(std::vector<std::string> actual, ExpectedLines expected) {
  if (expected.any_order) {
    std::sort(actual.begin(), actual.end());
    std::sort(expected.lines.begin(), expected.lines.end());
  }
  if (actual == expected.lines) return ::testing::AssertionSuccess();
  ::testing::AssertionResult failure = ::testing::AssertionFailure();
  failure << "expected" << (expected.any_order ? " (any order)" : "") << ":\n";
  for (const std::string& line : expected.lines) failure << "  " << line << "\n";
  failure << "got:\n";
  for (const std::string& line : actual) failure << "  " << line << "\n";
  return failure;
}

#define EXPECT_LINES(actual, expected) EXPECT_TRUE(LinesMatch((actual), (expected)))

Json ParseOrDie(std::string_view text) {
  Result<Json> json = ParseJson(text, "test");
  EXPECT_TRUE(json.ok()) << json.error().message();
  return json.ok() ? std::move(json).value() : Json();
}

// The dataset of an expanded document given as JSON text, as lines; an error fails the test.
std::vector<std::string> ToRdfLines(std::string_view expanded, const ToRdfOptions& options = {}) {
  Result<rdf::Dataset> dataset = ExpandedToRdf(ParseOrDie(expanded), options);
  EXPECT_TRUE(dataset.ok()) << dataset.error().message();
  return dataset.ok() ? Lines(*dataset) : std::vector<std::string>{};
}

Error ToRdfError(const Json& expanded, const ToRdfOptions& options = {}) {
  Result<rdf::Dataset> dataset = ExpandedToRdf(expanded, options);
  EXPECT_FALSE(dataset.ok()) << "unexpectedly succeeded";
  return dataset.ok() ? Internal("no error") : dataset.error();
}

std::string Typed(std::string_view lexical, std::string_view datatype) {
  return "\"" + std::string(lexical) + "\"^^<" + std::string(datatype) + ">";
}

// ---------------------------------------------------------------------------------------------
// Basic triples.

TEST(ExpandedToRdf, PlainLiteralAndIriObject) {
  EXPECT_LINES(
      ToRdfLines(R"([{"@id": "http://ex/s",
                               "http://ex/p": [{"@value": "v"}, {"@id": "http://ex/o"}]}])"),
      InOrder("<http://ex/s> <http://ex/p> \"v\"", "<http://ex/s> <http://ex/p> <http://ex/o>"));
}

TEST(ExpandedToRdf, EmptyDocumentGivesEmptyDataset) { EXPECT_LINES(ToRdfLines("[]"), InOrder()); }

TEST(ExpandedToRdf, TypesBecomeRdfTypeTriples) {
  EXPECT_LINES(ToRdfLines(R"([{"@id": "http://ex/s", "@type": ["http://ex/A", "http://ex/B"]}])"),
               InOrder(std::string("<http://ex/s> <") + kRdf + "type> <http://ex/A>",
                       std::string("<http://ex/s> <") + kRdf + "type> <http://ex/B>"));
}

TEST(ExpandedToRdf, LanguageTaggedStringKeepsTagAsWritten) {
  EXPECT_LINES(ToRdfLines(R"([{"@id": "http://ex/s",
                               "http://ex/p": [{"@value": "colour", "@language": "en-GB"}]}])"),
               InOrder("<http://ex/s> <http://ex/p> \"colour\"@en-GB"));
}

TEST(ExpandedToRdf, TypedStringKeepsItsDatatype) {
  EXPECT_LINES(
      ToRdfLines(R"([{"@id": "http://ex/s", "http://ex/p": [{"@value": "2024-01-01",
                     "@type": "http://www.w3.org/2001/XMLSchema#date"}]}])"),
      InOrder("<http://ex/s> <http://ex/p> " + Typed("2024-01-01", std::string(kXsd) + "date")));
}

TEST(ExpandedToRdf, BooleansAreXsdBoolean) {
  EXPECT_LINES(
      ToRdfLines(R"([{"@id": "http://ex/s",
                               "http://ex/p": [{"@value": true}, {"@value": false}]}])"),
      InOrder("<http://ex/s> <http://ex/p> " + Typed("true", std::string(kXsd) + "boolean"),
              "<http://ex/s> <http://ex/p> " + Typed("false", std::string(kXsd) + "boolean")));
}

// ---------------------------------------------------------------------------------------------
// Numbers: xsd:integer below 1e21 without a fraction, canonical xsd:double otherwise.

struct NumberCase {
  const char* value_object;  // JSON text of the value object
  const char* lexical;
  const char* datatype;  // local name in XSD
};

class NumberToRdf : public ::testing::TestWithParam<NumberCase> {};

TEST_P(NumberToRdf, HasCanonicalLexicalFormAndDatatype) {
  const NumberCase& c = GetParam();
  const std::string document =
      std::string(R"([{"@id": "http://ex/s", "http://ex/p": [)") + c.value_object + "]}]";
  EXPECT_LINES(ToRdfLines(document), InOrder("<http://ex/s> <http://ex/p> " +
                                             Typed(c.lexical, std::string(kXsd) + c.datatype)))
      << c.value_object;
}

INSTANTIATE_TEST_SUITE_P(
    Numbers, NumberToRdf,
    ::testing::Values(
        NumberCase{R"({"@value": 1})", "1", "integer"},
        NumberCase{R"({"@value": -5})", "-5", "integer"},
        NumberCase{R"({"@value": 0})", "0", "integer"},
        NumberCase{R"({"@value": 1.0})", "1", "integer"},  // no fractional part
        NumberCase{R"({"@value": -0.0})", "0", "integer"},
        NumberCase{R"({"@value": 18446744073709551615})", "18446744073709551615", "integer"},
        NumberCase{R"({"@value": 1e20})", "100000000000000000000", "integer"},
        // The largest double below 1e21 is still an integer, printed digit for digit.
        NumberCase{R"({"@value": 9.999999999999999e20})", "999999999999999868928", "integer"},
        NumberCase{R"({"@value": 1e21})", "1.0E21", "double"},
        NumberCase{R"({"@value": -1e21})", "-1.0E21", "double"},
        NumberCase{R"({"@value": 1.1})", "1.1E0", "double"},
        NumberCase{R"({"@value": 0.5})", "5.0E-1", "double"},
        NumberCase{R"({"@value": 123.45})", "1.2345E2", "double"},
        NumberCase{R"({"@value": -1.2345e-7})", "-1.2345E-7", "double"},
        NumberCase{R"({"@value": 1.5e300})", "1.5E300", "double"},
        // Shortest digits that round-trip, not a fixed precision.
        NumberCase{R"({"@value": 0.30000000000000004})", "3.0000000000000004E-1", "double"},
        NumberCase{R"({"@value": 5, "@type": "http://www.w3.org/2001/XMLSchema#double"})", "5.0E0",
                   "double"},
        NumberCase{R"({"@value": 1, "@type": "http://www.w3.org/2001/XMLSchema#double"})", "1.0E0",
                   "double"},
        NumberCase{R"({"@value": 1.0, "@type": "http://www.w3.org/2001/XMLSchema#double"})",
                   "1.0E0", "double"},
        NumberCase{R"({"@value": 0.0, "@type": "http://www.w3.org/2001/XMLSchema#double"})",
                   "0.0E0", "double"},
        NumberCase{R"({"@value": -0.0, "@type": "http://www.w3.org/2001/XMLSchema#double"})",
                   "0.0E0", "double"},
        // A number with a fraction keeps the datatype it was given.
        NumberCase{R"({"@value": 1.5, "@type": "http://www.w3.org/2001/XMLSchema#integer"})",
                   "1.5E0", "integer"},
        NumberCase{R"({"@value": 7, "@type": "http://www.w3.org/2001/XMLSchema#decimal"})", "7",
                   "decimal"}));

// ---------------------------------------------------------------------------------------------
// @json literals.

TEST(ExpandedToRdf, JsonLiteralIsJcsCanonicalTextTypedRdfJson) {
  EXPECT_LINES(
      ToRdfLines(R"([{"@id": "http://ex/s", "http://ex/p": [{"@type": "@json",
                     "@value": {"b": [1.0, 2.5e0, "\u00e9"], "a": null, "c": true}}]}])"),
      InOrder("<http://ex/s> <http://ex/p> " +
              Typed(R"({\"a\":null,\"b\":[1,2.5,\"é\"],\"c\":true})", std::string(kRdf) + "JSON")));
}

TEST(ExpandedToRdf, JsonLiteralScalarsAreJsonText) {
  EXPECT_LINES(
      ToRdfLines(R"([{"@id": "http://ex/s", "http://ex/p": [
                               {"@type": "@json", "@value": true},
                               {"@type": "@json", "@value": null},
                               {"@type": "@json", "@value": "x"},
                               {"@type": "@json", "@value": 1e21}]}])"),
      InOrder("<http://ex/s> <http://ex/p> " + Typed("true", std::string(kRdf) + "JSON"),
              "<http://ex/s> <http://ex/p> " + Typed("null", std::string(kRdf) + "JSON"),
              "<http://ex/s> <http://ex/p> " + Typed(R"(\"x\")", std::string(kRdf) + "JSON"),
              "<http://ex/s> <http://ex/p> " + Typed("1e+21", std::string(kRdf) + "JSON")));
}

TEST(ExpandedToRdf, EquivalentJsonLiteralsAreMergedWhateverTheMemberOrder) {
  EXPECT_LINES(ToRdfLines(R"([{"@id": "http://ex/s", "http://ex/p": [
                               {"@type": "@json", "@value": {"a": 1, "b": 2}},
                               {"@value": {"b": 2, "a": 1}, "@type": "@json"}]}])"),
               InOrder("<http://ex/s> <http://ex/p> " +
                       Typed(R"({\"a\":1,\"b\":2})", std::string(kRdf) + "JSON")));
}

// ---------------------------------------------------------------------------------------------
// Blank nodes: issued "b0", "b1", ... in the order the algorithm asks for them.

TEST(ExpandedToRdf, BlankNodesAreRelabelledInAlgorithmOrder) {
  // Node map generation issues the type's label (step 3) before the node's own (6.1), then
  // walks properties in code point order ("http://ex/a" before "http://ex/b").
  EXPECT_LINES(ToRdfLines(R"([{"@id": "_:z", "@type": ["_:t"],
                               "http://ex/b": [{"@id": "_:y"}],
                               "http://ex/a": [{"@id": "_:x"}, {"@id": "_:z"}]}])"),
               AnyOrder(std::string("_:b1 <") + kRdf + "type> _:b0", "_:b1 <http://ex/a> _:b2",
                        "_:b1 <http://ex/a> _:b1", "_:b1 <http://ex/b> _:b3"));
}

TEST(ExpandedToRdf, NodesWithoutIdGetFreshLabelsThatNeverCollideWithInputLabels) {
  EXPECT_LINES(ToRdfLines(R"([{"http://ex/p": [{"@id": "_:b0"}]}, {"@id": "_:b0",
                              "http://ex/q": [{"@value": "x"}]}])"),
               AnyOrder("_:b0 <http://ex/p> _:b1", "_:b1 <http://ex/q> \"x\""));
}

TEST(ExpandedToRdf, SameInputLabelInTwoNodeObjectsIsOneNode) {
  EXPECT_LINES(ToRdfLines(R"([{"@id": "_:a", "http://ex/p": [{"@value": "1"}]},
                             {"@id": "_:a", "http://ex/p": [{"@value": "2"}]}])"),
               AnyOrder("_:b0 <http://ex/p> \"1\"", "_:b0 <http://ex/p> \"2\""));
}

TEST(ExpandedToRdf, EmbeddedNodesAreMergedIntoTheirSubjects) {
  EXPECT_LINES(ToRdfLines(R"([{"@id": "http://ex/s", "http://ex/knows": [
                               {"@id": "http://ex/o", "http://ex/name": [{"@value": "O"}]}]}])"),
               AnyOrder("<http://ex/s> <http://ex/knows> <http://ex/o>",
                        "<http://ex/o> <http://ex/name> \"O\""));
}

TEST(ExpandedToRdf, DuplicateValuesAndReferencesAreEmittedOnce) {
  EXPECT_LINES(
      ToRdfLines(R"([{"@id": "http://ex/s", "http://ex/p": [
                               {"@value": "x"}, {"@id": "http://ex/o"}, {"@value": "x"},
                               {"@id": "http://ex/o"}, {"@value": "x", "@language": "en"}]}])"),
      InOrder("<http://ex/s> <http://ex/p> \"x\"", "<http://ex/s> <http://ex/p> <http://ex/o>",
              "<http://ex/s> <http://ex/p> \"x\"@en"));
}

TEST(ExpandedToRdf, ManyValuesAreDeduplicatedThroughTheHashIndex) {
  // Past the linear-scan size the index takes over; duplicates must still go.
  Json values = Json::array();
  for (int i = 0; i < 200; ++i) values.push_back(Json{{"@value", i % 100}});
  for (int i = 0; i < 200; ++i)
    values.push_back(Json{{"@id", "http://ex/o" + std::to_string(i % 50)}});
  Json types = Json::array();
  for (int i = 0; i < 60; ++i) types.push_back("http://ex/T" + std::to_string(i % 30));
  const Json document =
      Json::array({Json{{"@id", "http://ex/s"}, {"@type", types}, {"http://ex/p", values}}});
  Result<rdf::Dataset> dataset = ExpandedToRdf(document, {});
  ASSERT_TRUE(dataset.ok()) << dataset.error().message();
  EXPECT_EQ(dataset->size(), 100u + 50u + 30u);
}

// ---------------------------------------------------------------------------------------------
// Lists.

TEST(ExpandedToRdf, ListBecomesFirstRestChain) {
  // The subject is b0; the list's nodes b1 and b2 are issued during deserialization.
  EXPECT_LINES(
      ToRdfLines(R"([{"http://ex/p": [{"@list": [{"@value": "a"}, {"@id": "http://ex/o"}]}]}])"),
      AnyOrder("_:b0 <http://ex/p> _:b1", std::string("_:b1 <") + kRdf + "first> \"a\"",
               std::string("_:b1 <") + kRdf + "rest> _:b2",
               std::string("_:b2 <") + kRdf + "first> <http://ex/o>",
               std::string("_:b2 <") + kRdf + "rest> <" + kRdf + "nil>"));
}

TEST(ExpandedToRdf, EmptyListIsRdfNil) {
  EXPECT_LINES(ToRdfLines(R"([{"@id": "http://ex/s", "http://ex/p": [{"@list": []}]}])"),
               InOrder(std::string("<http://ex/s> <http://ex/p> <") + kRdf + "nil>"));
}

TEST(ExpandedToRdf, ListsInListsIssueOuterNodesFirst) {
  // Outer list: b0, b1; the inner list (first member) gets b2 once its member is converted.
  EXPECT_LINES(
      ToRdfLines(R"([{"@id": "http://ex/s", "http://ex/p": [{"@list": [
                     {"@list": [{"@value": 1}]}, {"@value": "z"}]}]}])"),
      AnyOrder("<http://ex/s> <http://ex/p> _:b0", std::string("_:b0 <") + kRdf + "first> _:b2",
               std::string("_:b0 <") + kRdf + "rest> _:b1",
               std::string("_:b1 <") + kRdf + "first> \"z\"",
               std::string("_:b1 <") + kRdf + "rest> <" + kRdf + "nil>",
               std::string("_:b2 <") + kRdf + "first> " + Typed("1", std::string(kXsd) + "integer"),
               std::string("_:b2 <") + kRdf + "rest> <" + kRdf + "nil>"));
}

TEST(ExpandedToRdf, ListsAreNeverMergedEvenWhenEqual) {
  std::vector<std::string> lines = ToRdfLines(
      R"([{"@id": "http://ex/s", "http://ex/p": [{"@list": [{"@value": "a"}]},
                                                 {"@list": [{"@value": "a"}]}]}])");
  EXPECT_EQ(
      std::count(lines.begin(), lines.end(), std::string("_:b0 <") + kRdf + "first> \"a\"") +
          std::count(lines.begin(), lines.end(), std::string("_:b1 <") + kRdf + "first> \"a\""),
      2);
  EXPECT_EQ(lines.size(), 6u);
}

TEST(ExpandedToRdf, ListMemberThatIsNotWellFormedKeepsItsRestLink) {
  EXPECT_LINES(ToRdfLines(R"([{"@id": "http://ex/s", "http://ex/p": [{"@list": [
                               {"@id": "http://invalid/<>/x"}]}]}])"),
               AnyOrder("<http://ex/s> <http://ex/p> _:b0",
                        std::string("_:b0 <") + kRdf + "rest> <" + kRdf + "nil>"));
}

TEST(ExpandedToRdf, NodeObjectsInListsAreAlsoDescribed) {
  EXPECT_LINES(ToRdfLines(R"([{"@id": "http://ex/s", "http://ex/p": [{"@list": [
                               {"@id": "http://ex/o", "http://ex/q": [{"@value": "x"}]}]}]}])"),
               AnyOrder("<http://ex/s> <http://ex/p> _:b0",
                        std::string("_:b0 <") + kRdf + "first> <http://ex/o>",
                        std::string("_:b0 <") + kRdf + "rest> <" + kRdf + "nil>",
                        "<http://ex/o> <http://ex/q> \"x\""));
}

// ---------------------------------------------------------------------------------------------
// @reverse, named graphs, @included.

TEST(ExpandedToRdf, ReversePropertiesPointBackToTheNode) {
  EXPECT_LINES(ToRdfLines(R"([{"@id": "http://ex/a", "@reverse": {"http://ex/knows": [
                               {"@id": "http://ex/b", "http://ex/name": [{"@value": "B"}]},
                               {"http://ex/name": [{"@value": "anon"}]}]}}])"),
               AnyOrder("<http://ex/b> <http://ex/knows> <http://ex/a>",
                        "<http://ex/b> <http://ex/name> \"B\"",
                        "_:b0 <http://ex/knows> <http://ex/a>", "_:b0 <http://ex/name> \"anon\""));
}

TEST(ExpandedToRdf, NamedGraphsHoldTheirNodes) {
  EXPECT_LINES(ToRdfLines(R"([{"@id": "http://ex/g", "http://ex/p": [{"@value": "in default"}],
                              "@graph": [{"@id": "http://ex/s",
                                          "http://ex/p": [{"@value": "in g"}]}]},
                             {"@graph": [{"@id": "http://ex/s",
                                          "http://ex/p": [{"@value": "in blank"}]}]}])"),
               AnyOrder("<http://ex/g> <http://ex/p> \"in default\"",
                        "<http://ex/s> <http://ex/p> \"in g\" <http://ex/g>",
                        "<http://ex/s> <http://ex/p> \"in blank\" _:b0"));
}

TEST(ExpandedToRdf, ListsInNamedGraphsStayInThatGraph) {
  EXPECT_LINES(ToRdfLines(R"([{"@id": "http://ex/g", "@graph": [{"@id": "http://ex/s",
                              "http://ex/p": [{"@list": [{"@value": "a"}]}]}]}])"),
               AnyOrder("<http://ex/s> <http://ex/p> _:b0 <http://ex/g>",
                        std::string("_:b0 <") + kRdf + "first> \"a\" <http://ex/g>",
                        std::string("_:b0 <") + kRdf + "rest> <" + kRdf + "nil> <http://ex/g>"));
}

TEST(ExpandedToRdf, IncludedNodesAreDescribed) {
  EXPECT_LINES(ToRdfLines(R"([{"@id": "http://ex/s", "@included": [
                               {"@id": "http://ex/i", "http://ex/p": [{"@value": "x"}]}]}])"),
               InOrder("<http://ex/i> <http://ex/p> \"x\""));
}

// ---------------------------------------------------------------------------------------------
// Well-formedness: terms that cannot be in RDF are skipped, not errors.

TEST(ExpandedToRdf, SkipsTriplesWithRelativeOrMalformedIris) {
  EXPECT_LINES(ToRdfLines(R"([
      {"@id": "relative", "http://ex/p": [{"@value": "dropped: subject"}]},
      {"@id": "http://ex/a b", "http://ex/p": [{"@value": "dropped: space in subject"}]},
      {"@id": "http://ex/s", "relative": [{"@value": "dropped: predicate"}],
       "@type": ["http://ex/T", "Relative", "http://in valid"],
       "http://ex/p": [{"@id": "relative"}, {"@id": "http://ex/ok"},
                        {"@value": "x", "@type": "relative"}]},
      {"@id": "relative-graph", "@graph": [{"@id": "http://ex/s",
                                             "http://ex/p": [{"@value": "dropped: graph"}]}]}])"),
               AnyOrder(std::string("<http://ex/s> <") + kRdf + "type> <http://ex/T>",
                        "<http://ex/s> <http://ex/p> <http://ex/ok>"));
}

struct IriCase {
  const char* iri;
  bool well_formed;
};

class IriWellFormedness : public ::testing::TestWithParam<IriCase> {};

TEST_P(IriWellFormedness, ObjectIsKeptOnlyWhenWellFormed) {
  const IriCase& c = GetParam();
  Json document = ParseOrDie(R"([{"@id": "http://ex/s", "http://ex/p": [{}]}])");
  document[0]["http://ex/p"][0]["@id"] = c.iri;
  Result<rdf::Dataset> dataset = ExpandedToRdf(document, {});
  ASSERT_TRUE(dataset.ok()) << dataset.error().message();
  EXPECT_EQ(dataset->size(), c.well_formed ? 1u : 0u) << c.iri;
}

INSTANTIATE_TEST_SUITE_P(
    Iris, IriWellFormedness,
    ::testing::Values(IriCase{"http://ex/a", true},
                      IriCase{"urn:uuid:6a1e5c1e-0000-4000-8000-000000000000", true},
                      IriCase{"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", true},
                      IriCase{"did:web:example.com%3A8443", true}, IriCase{"ex:", true},
                      IriCase{"http://[::1]:8080/p?q=1&r=a/b?c#frag/x?y", true},
                      IriCase{"https://example.in/\u092a\u094d\u0930\u092e\u093e\u0923", true},
                      IriCase{"http://ex/a#b#c", false},  // a fragment holds no '#'
                      IriCase{"http://ex/100%", false},   // '%' must start an escape
                      IriCase{"http://ex/%zz", false},
                      IriCase{"http://ex/a[1]", false},  // brackets only around an IP literal
                      IriCase{"http://ex/a b", false}, IriCase{"http://ex/<a>", false},
                      IriCase{"http://ex/a\\b", false}, IriCase{"http://ex/{a}", false},
                      IriCase{"http://ex/\u0001", false},
                      IriCase{"http://ex/\ue000", false},  // private use: only in the query
                      IriCase{"http://ex/?\ue000", true}, IriCase{"relative/path", false},
                      IriCase{"1http://ex/", false}, IriCase{":x", false}, IriCase{"", false}));

TEST(ExpandedToRdf, NodeWithNullIdIsDropped) {
  // Expansion leaves {"@id": null} for an @id that looked like a keyword (expand test 0122).
  EXPECT_LINES(ToRdfLines(R"([{"http://ex/a": [{"@id": "http://ex/o"}],
                               "http://ex/b": [{"@id": null},
                                               {"@id": null, "http://ex/c": [{"@value": 1}]}]}])"),
               InOrder("_:b0 <http://ex/a> <http://ex/o>"));
}

TEST(ExpandedToRdf, SkipsLiteralsWithMalformedLanguageTags) {
  EXPECT_LINES(ToRdfLines(R"([{"@id": "http://ex/s", "http://ex/p": [
                               {"@value": "a", "@language": "a b"},
                               {"@value": "b", "@language": "toolongtag"},
                               {"@value": "c", "@language": "en-"},
                               {"@value": "d", "@language": "zh-Hant-TW"}]}])"),
               InOrder("<http://ex/s> <http://ex/p> \"d\"@zh-Hant-TW"));
}

TEST(ExpandedToRdf, BlankNodePredicatesAreDroppedUnlessGeneralizedRdf) {
  constexpr const char* kDocument = R"([{"@id": "http://ex/s", "_:p": [{"@value": "x"}],
                                         "http://ex/q": [{"@value": "y"}]}])";
  EXPECT_LINES(ToRdfLines(kDocument), InOrder("<http://ex/s> <http://ex/q> \"y\""));
  EXPECT_LINES(ToRdfLines(kDocument, {.produce_generalized_rdf = true}),
               AnyOrder("<http://ex/s> _:b0 \"x\"", "<http://ex/s> <http://ex/q> \"y\""));
}

// ---------------------------------------------------------------------------------------------
// @direction.

constexpr const char* kDirectionDocument =
    R"([{"@id": "http://ex/s", "http://ex/p": [
        {"@value": "abc", "@language": "ar-EG", "@direction": "rtl"},
        {"@value": "def", "@direction": "ltr"}]}])";

TEST(ExpandedToRdf, DirectionIsDroppedWithoutRdfDirection) {
  EXPECT_LINES(ToRdfLines(kDirectionDocument), InOrder("<http://ex/s> <http://ex/p> \"abc\"@ar-EG",
                                                       "<http://ex/s> <http://ex/p> \"def\""));
}

TEST(ExpandedToRdf, I18nDatatypeCarriesLowercasedLanguageAndDirection) {
  EXPECT_LINES(
      ToRdfLines(kDirectionDocument, {.rdf_direction = RdfDirection::kI18nDatatype}),
      InOrder("<http://ex/s> <http://ex/p> " + Typed("abc", "https://www.w3.org/ns/i18n#ar-eg_rtl"),
              "<http://ex/s> <http://ex/p> " + Typed("def", "https://www.w3.org/ns/i18n#_ltr")));
}

TEST(ExpandedToRdf, CompoundLiteralIsABlankNodeWithValueLanguageAndDirection) {
  EXPECT_LINES(
      ToRdfLines(kDirectionDocument, {.rdf_direction = RdfDirection::kCompoundLiteral}),
      AnyOrder("<http://ex/s> <http://ex/p> _:b0", std::string("_:b0 <") + kRdf + "value> \"abc\"",
               std::string("_:b0 <") + kRdf + "language> \"ar-eg\"",
               std::string("_:b0 <") + kRdf + "direction> \"rtl\"",
               "<http://ex/s> <http://ex/p> _:b1", std::string("_:b1 <") + kRdf + "value> \"def\"",
               std::string("_:b1 <") + kRdf + "direction> \"ltr\""));
}

// ---------------------------------------------------------------------------------------------
// Failures.

TEST(ExpandedToRdf, FailsWithConflictingIndexes) {
  const Error error = ToRdfError(ParseOrDie(R"([{"@id": "http://ex/s", "@index": "a"},
                                                {"@id": "http://ex/s", "@index": "b"}])"));
  EXPECT_EQ(error.code(), ErrorCode::kInvalidInput);
  EXPECT_TRUE(error.message().starts_with("conflicting indexes: ")) << error.message();
}

TEST(ExpandedToRdf, SameIndexTwiceIsNotAConflict) {
  EXPECT_LINES(ToRdfLines(R"([{"@id": "http://ex/s", "@index": "a", "http://ex/p": [{"@value": 1}]},
                             {"@id": "http://ex/s", "@index": "a"}])"),
               InOrder("<http://ex/s> <http://ex/p> " + Typed("1", std::string(kXsd) + "integer")));
}

TEST(ExpandedToRdf, FailsOnInputNotInExpandedForm) {
  struct Case {
    const char* document;
    const char* code;
  };
  for (const Case& c : {
           Case{R"([{"@id": 5}])", "invalid @id value: "},
           Case{R"([{"@id": "http://ex/s", "@type": [1]}])", "invalid type value: "},
           Case{R"([{"@id": "http://ex/s", "@type": {}}])", "invalid type value: "},
           Case{R"([{"@id": "http://ex/s", "@reverse": []}])", "invalid @reverse value: "},
           Case{R"([{"@id": "http://ex/s", "http://ex/p": ["scalar"]}])", "invalid value object: "},
           Case{R"([{"@id": "http://ex/s", "http://ex/p": [{"@value": "x", "@type": 1}]}])",
                "invalid typed value: "},
           Case{R"([{"@id": "http://ex/s", "http://ex/p": [{"@value": "x", "@language": 1}]}])",
                "invalid language-tagged string: "},
           Case{R"([{"@id": "http://ex/s", "http://ex/p": [{"@value": {"a": 1}}]}])",
                "invalid value object value: "},
           Case{R"([{"@id": "http://ex/s",
                     "http://ex/p": [{"@value": "x", "@direction": "up"}]}])",
                "invalid base direction: "},
       }) {
    const Error error = ToRdfError(ParseOrDie(c.document));
    EXPECT_EQ(error.code(), ErrorCode::kInvalidInput) << c.document;
    EXPECT_TRUE(error.message().starts_with(c.code)) << error.message();
  }
}

TEST(ExpandedToRdf, FailsOnJsonLiteralThatCannotBeCanonicalized) {
  Json document = ParseOrDie(R"([{"@id": "http://ex/s", "http://ex/p": [{"@type": "@json"}]}])");
  document[0]["http://ex/p"][0]["@value"] = std::string("\xff\xfe");  // not UTF-8
  const Error error = ToRdfError(document);
  EXPECT_EQ(error.code(), ErrorCode::kInvalidInput);
  EXPECT_TRUE(error.message().starts_with("invalid JSON literal: ")) << error.message();
}

TEST(ExpandedToRdf, FailsOnNestingBeyondTheLimitInsteadOfExhaustingTheStack) {
  Json deep = Json::array();
  Json* innermost = &deep;
  for (int i = 0; i < 10000; ++i) {
    innermost->push_back(Json::array());
    innermost = &innermost->back();
  }
  const Error error = ToRdfError(deep);
  EXPECT_EQ(error.code(), ErrorCode::kUnsupported);
}

TEST(ExpandedToRdf, IgnoresFreeFloatingValuesAndLists) {
  EXPECT_LINES(ToRdfLines(R"([{"@value": "free"}, {"@list": [{"@value": "free"}]}])"), InOrder());
}

// ---------------------------------------------------------------------------------------------
// The W3C toRdf test suite: expand each input with Expander, convert with ExpandedToRdf,
// compare with the expected N-Quads by dataset isomorphism (RDFC-1.0 on both sides).

constexpr std::string_view kSuiteBaseIri = "https://w3c.github.io/json-ld-api/tests/";

std::filesystem::path SuiteDir() {
  return std::filesystem::path(PRAMAAN_VECTORS_DIR) / "jsonld-api";
}

std::filesystem::path ManifestPath() { return SuiteDir() / "toRdf-manifest.jsonld"; }

Result<std::string> ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<Json> ReadJson(const std::filesystem::path& path) {
  PRAMAAN_ASSIGN_OR_RETURN(std::string text, ReadText(path));
  return ParseJson(text, path.string());
}

// Serves the suite's own files for URLs under its base IRI; anything else does not exist.
class SuiteContextLoader : public RemoteContextLoader {
 public:
  Result<const Json*> Load(std::string_view url) const override {
    if (!url.starts_with(kSuiteBaseIri)) {
      return NotFound("no such context in the test suite: " + std::string(url));
    }
    std::string relative(url.substr(kSuiteBaseIri.size()));
    relative = relative.substr(0, relative.find_first_of("?#"));
    const std::lock_guard<std::mutex> lock(mutex_);
    auto found = documents_.find(relative);
    if (found == documents_.end()) {
      PRAMAAN_ASSIGN_OR_RETURN(Json document, ReadJson(SuiteDir() / relative));
      found = documents_.emplace(relative, std::make_unique<Json>(std::move(document))).first;
    }
    return found->second.get();
  }

 private:
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::unique_ptr<Json>> documents_;
};

enum class SuiteCaseKind { kPositiveEvaluation, kNegativeEvaluation, kPositiveSyntax, kUnknown };

struct SuiteCase {
  std::string id;    // "t0001"
  std::string name;  // the manifest's name
  SuiteCaseKind kind = SuiteCaseKind::kUnknown;
  std::string input;           // path relative to the suite directory
  std::string expect;          // .nq path, or the error code of a negative test
  std::string base;            // the base IRI to expand with
  std::string expand_context;  // path relative to the suite directory, or ""
  ProcessingMode processing_mode = ProcessingMode::kJsonLd11;
  ToRdfOptions to_rdf;
  std::string skip_reason;  // non-empty: skipped, with this reason
};

void PrintTo(const SuiteCase& c, std::ostream* out) { *out << c.id << " (" << c.name << ")"; }

// Cases no credential can exercise that we do not run, each with its reason (also listed in
// docs/CONFORMANCE.md). Keyed by test id.
const std::map<std::string, std::string>& KnownSkips() {
  static const auto* skips = new std::map<std::string, std::string>{};
  return *skips;
}

bool HasType(const Json& entry, std::string_view type) {
  const Json& types = entry.contains("@type") ? entry["@type"] : Json();
  if (types.is_string()) return types.get_ref<const std::string&>() == type;
  if (!types.is_array()) return false;
  return std::any_of(types.begin(), types.end(),
                     [&](const Json& t) { return t.is_string() && t == type; });
}

SuiteCase MakeCase(const Json& entry) {
  SuiteCase c;
  c.id = GetString(entry, "@id");
  if (!c.id.empty() && c.id[0] == '#') c.id.erase(0, 1);
  c.name = GetString(entry, "name");
  if (HasType(entry, "jld:PositiveEvaluationTest")) {
    c.kind = SuiteCaseKind::kPositiveEvaluation;
    c.expect = GetString(entry, "expect");
  } else if (HasType(entry, "jld:NegativeEvaluationTest")) {
    c.kind = SuiteCaseKind::kNegativeEvaluation;
    c.expect = GetString(entry, "expectErrorCode");
  } else if (HasType(entry, "jld:PositiveSyntaxTest")) {
    c.kind = SuiteCaseKind::kPositiveSyntax;
  }
  c.input = GetString(entry, "input");
  c.base = std::string(kSuiteBaseIri) + c.input;
  const Json empty = Json::object();
  const Json& option =
      entry.contains("option") && entry["option"].is_object() ? entry["option"] : empty;
  c.base = GetString(option, "base", c.base);
  c.expand_context = GetString(option, "expandContext");
  if (GetString(option, "processingMode") == "json-ld-1.0") {
    c.processing_mode = ProcessingMode::kJsonLd10;
  }
  c.to_rdf.produce_generalized_rdf =
      option.contains("produceGeneralizedRdf") && option["produceGeneralizedRdf"] == true;
  const std::string direction = GetString(option, "rdfDirection");
  if (direction == "i18n-datatype") c.to_rdf.rdf_direction = RdfDirection::kI18nDatatype;
  if (direction == "compound-literal") c.to_rdf.rdf_direction = RdfDirection::kCompoundLiteral;

  if (GetString(option, "specVersion") == "json-ld-1.0") {
    c.skip_reason = "json-ld-1.0-only test: Pramaan implements JSON-LD 1.1 processing";
  } else if (const auto skip = KnownSkips().find(c.id); skip != KnownSkips().end()) {
    c.skip_reason = skip->second;
  }
  return c;
}

// The manifest's entries, read once. A manifest that cannot be read gives no cases, and
// ToRdfSuiteManifest.GeneratesOneCasePerEntry fails.
const std::vector<SuiteCase>& SuiteCases() {
  static const auto* cases = [] {
    auto* result = new std::vector<SuiteCase>();
    Result<Json> manifest = ReadJson(ManifestPath());
    if (!manifest.ok() || !manifest->contains("sequence") || !(*manifest)["sequence"].is_array()) {
      return result;
    }
    for (const Json& entry : (*manifest)["sequence"]) {
      if (entry.is_object()) result->push_back(MakeCase(entry));
    }
    return result;
  }();
  return *cases;
}

TEST(ToRdfSuiteManifest, GeneratesOneCasePerEntry) {
  Result<Json> manifest = ReadJson(ManifestPath());
  ASSERT_TRUE(manifest.ok()) << manifest.error().message();
  ASSERT_TRUE(manifest->contains("sequence"));
  const std::size_t entries = (*manifest)["sequence"].size();
  EXPECT_GT(entries, 0u);
  EXPECT_EQ(SuiteCases().size(), entries);
}

// Language tags compare case-insensitively (the suite writes them in lower case).
void LowercaseLanguageTags(rdf::Dataset* dataset) {
  for (rdf::Quad& quad : *dataset) {
    for (char& c : quad.object.language) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
}

// Generalized RDF (blank-node predicates, produceGeneralizedRdf) is not N-Quads, so the
// strict parser rejects the suite's expected files for it: such predicates are parsed as IRIs
// under this prefix and turned back into blank nodes afterwards.
constexpr std::string_view kBlankPredicateIri = "urn:x-pramaan-test:blank-predicate:";

std::string HideBlankPredicates(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    start = end + 1;
    const std::size_t subject = line.find_first_not_of(" \t");
    std::size_t subject_end = std::string::npos;
    if (subject != std::string::npos && line[subject] == '<') {
      subject_end = line.find('>', subject);
      if (subject_end != std::string::npos) ++subject_end;
    } else if (subject != std::string::npos && line.compare(subject, 2, "_:") == 0) {
      subject_end = line.find_first_of(" \t", subject);
    }
    const std::size_t predicate =
        subject_end == std::string::npos ? subject_end : line.find_first_not_of(" \t", subject_end);
    if (predicate != std::string::npos && line.compare(predicate, 2, "_:") == 0) {
      const std::size_t predicate_end = line.find_first_of(" \t", predicate);
      const std::string label = line.substr(predicate + 2, predicate_end - predicate - 2);
      line.replace(predicate, predicate_end - predicate,
                   "<" + std::string(kBlankPredicateIri) + label + ">");
    }
    out += line + "\n";
  }
  return out;
}

void RestoreBlankPredicates(rdf::Dataset* dataset) {
  for (rdf::Quad& quad : *dataset) {
    if (quad.predicate.kind == rdf::TermKind::kIri &&
        quad.predicate.value.starts_with(kBlankPredicateIri)) {
      quad.predicate = rdf::Term::Blank(quad.predicate.value.substr(kBlankPredicateIri.size()));
    }
  }
}

// RDFC-1.0 canonicalizes RDF, whose predicates are IRIs. To compare generalized datasets each
// quad (s, _:p, o, g) is first rewritten as three quads about a fresh blank node n:
// (n, :s, s, g), (n, :p, _:p, g), (n, :o, o, g). On duplicate-free datasets the rewriting
// preserves and reflects isomorphism, so the canonical forms still decide.
rdf::Dataset EncodeBlankPredicates(const rdf::Dataset& dataset) {
  std::set<std::string> seen;
  rdf::Dataset encoded;
  int fresh = 0;
  for (const rdf::Quad& quad : dataset) {
    std::string line;
    rdf::AppendNQuad(quad, &line);
    if (!seen.insert(line).second) continue;
    if (quad.predicate.kind != rdf::TermKind::kBlankNode) {
      encoded.push_back(quad);
      continue;
    }
    const rdf::Term statement = rdf::Term::Blank("x-statement-" + std::to_string(fresh++));
    const std::string vocabulary = std::string(kBlankPredicateIri) + "statement#";
    encoded.push_back({statement, rdf::Term::Iri(vocabulary + "s"), quad.subject, quad.graph});
    encoded.push_back({statement, rdf::Term::Iri(vocabulary + "p"), quad.predicate, quad.graph});
    encoded.push_back({statement, rdf::Term::Iri(vocabulary + "o"), quad.object, quad.graph});
  }
  return encoded;
}

Result<std::string> CanonicalNQuads(rdf::Dataset dataset) {
  LowercaseLanguageTags(&dataset);
  PRAMAAN_ASSIGN_OR_RETURN(rdf::CanonicalDataset canonical,
                           rdf::CanonicalizeRdfc10(EncodeBlankPredicates(dataset)));
  return std::move(canonical.nquads);
}

// Expands and converts one suite input, the way an issuer turns a credential into quads.
Result<rdf::Dataset> RunCase(const SuiteCase& c, const RemoteContextLoader& loader) {
  PRAMAAN_ASSIGN_OR_RETURN(Json input, ReadJson(SuiteDir() / c.input));
  ExpandOptions options;
  options.base = c.base;
  options.document_url = std::string(kSuiteBaseIri) + c.input;
  options.processing_mode = c.processing_mode;
  Json expand_context;
  if (!c.expand_context.empty()) {
    PRAMAAN_ASSIGN_OR_RETURN(expand_context, ReadJson(SuiteDir() / c.expand_context));
    // The option names a document; its @context is the context to apply.
    if (expand_context.is_object() && expand_context.contains("@context")) {
      Json inner = expand_context["@context"];
      expand_context = std::move(inner);
    }
    options.expand_context = &expand_context;
  }
  const Expander expander(loader);
  PRAMAAN_ASSIGN_OR_RETURN(Json expanded, expander.Expand(input, options));
  return ExpandedToRdf(expanded, c.to_rdf);
}

class ToRdfSuite : public ::testing::TestWithParam<SuiteCase> {
 protected:
  static const SuiteContextLoader& Loader() {
    static const auto* loader = new SuiteContextLoader();
    return *loader;
  }
};

TEST_P(ToRdfSuite, MatchesExpectedOutcome) {
  const SuiteCase& c = GetParam();
  if (!c.skip_reason.empty()) GTEST_SKIP() << c.skip_reason;
  Result<rdf::Dataset> actual = RunCase(c, Loader());
  switch (c.kind) {
    case SuiteCaseKind::kNegativeEvaluation: {
      ASSERT_FALSE(actual.ok()) << "expected the error \"" << c.expect << "\"";
      EXPECT_EQ(JsonLdErrorCode(actual.error()), c.expect) << actual.error().message();
      return;
    }
    case SuiteCaseKind::kPositiveSyntax: {
      EXPECT_TRUE(actual.ok()) << actual.error().message();
      return;
    }
    case SuiteCaseKind::kPositiveEvaluation: {
      ASSERT_TRUE(actual.ok()) << actual.error().message();
      Result<std::string> expected_text = ReadText(SuiteDir() / c.expect);
      ASSERT_TRUE(expected_text.ok()) << expected_text.error().message();
      Result<rdf::Dataset> expected = rdf::ParseNQuads(HideBlankPredicates(*expected_text));
      ASSERT_TRUE(expected.ok()) << expected.error().message();
      RestoreBlankPredicates(&*expected);
      Result<std::string> actual_canonical = CanonicalNQuads(*actual);
      ASSERT_TRUE(actual_canonical.ok()) << actual_canonical.error().message();
      Result<std::string> expected_canonical = CanonicalNQuads(*expected);
      ASSERT_TRUE(expected_canonical.ok()) << expected_canonical.error().message();
      EXPECT_EQ(*actual_canonical, *expected_canonical) << "produced (before canonicalization):\n"
                                                        << rdf::SerializeNQuads(*actual);
      return;
    }
    case SuiteCaseKind::kUnknown:
      FAIL() << "the manifest entry has no test type this runner knows";
  }
}

// ---------------------------------------------------------------------------------------------
// Published credentials: expanding with the bundled contexts and converting must give exactly
// the canonical N-Quads their Data Integrity test vectors sign.

struct CredentialVector {
  const char* document;   // relative to the vectors directory
  const char* canonical;  // the published RDFC-1.0 N-Quads of `document`
};

class PublishedCredential : public ::testing::TestWithParam<CredentialVector> {};

TEST_P(PublishedCredential, CanonicalizesToThePublishedNQuads) {
  const std::filesystem::path vectors(PRAMAAN_VECTORS_DIR);
  Result<Json> document = ReadJson(vectors / GetParam().document);
  ASSERT_TRUE(document.ok()) << document.error().message();
  Result<std::string> published = ReadText(vectors / GetParam().canonical);
  ASSERT_TRUE(published.ok()) << published.error().message();
  Result<Json> expanded = ContextLoader::Bundled().expander().Expand(*document, {});
  ASSERT_TRUE(expanded.ok()) << expanded.error().message();
  Result<rdf::Dataset> dataset = ExpandedToRdf(*expanded, {});
  ASSERT_TRUE(dataset.ok()) << dataset.error().message();
  Result<rdf::CanonicalDataset> canonical = rdf::CanonicalizeRdfc10(*dataset);
  ASSERT_TRUE(canonical.ok()) << canonical.error().message();
  EXPECT_EQ(canonical->nquads, *published);
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, PublishedCredential,
    ::testing::Values(CredentialVector{"ob3-eddsa-rdfc-2022/unsigned.json",
                                       "ob3-eddsa-rdfc-2022/document-canon.txt"},
                      CredentialVector{"vc-di-eddsa/unsigned.json",
                                       "vc-di-eddsa/eddsa-rdfc-2022/canonDocDataInt.txt"},
                      CredentialVector{"vc-di-eddsa/eddsa-rdfc-2022/proofConfigDataInt.json",
                                       "vc-di-eddsa/eddsa-rdfc-2022/proofCanonDataInt.txt"}));

// "t0001" for "#t0001": test names are the manifest's ids.
std::string SuiteCaseName(const ::testing::TestParamInfo<SuiteCase>& param_info) {
  std::string name = param_info.param.id;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name.empty() ? "entry" + std::to_string(param_info.index) : name;
}

INSTANTIATE_TEST_SUITE_P(W3c, ToRdfSuite, ::testing::ValuesIn(SuiteCases()), SuiteCaseName);

}  // namespace
}  // namespace pramaan::jsonld
