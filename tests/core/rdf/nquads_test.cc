#include "core/rdf/nquads.h"

#include <gtest/gtest.h>

#include <cctype>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/rdf/dataset.h"

namespace pramaan::rdf {
namespace {

constexpr char kXsdInteger[] = "http://www.w3.org/2001/XMLSchema#integer";

Dataset ParseOrFail(std::string_view text) {
  Result<Dataset> parsed = ParseNQuads(text);
  if (!parsed.ok()) {
    ADD_FAILURE() << parsed.error().message();
    return {};
  }
  return *parsed;
}

// The one quad of `text`, or a default Quad (and a failure) when there is not exactly one.
Quad ParseOne(std::string_view text) {
  Dataset dataset = ParseOrFail(text);
  if (dataset.size() != 1) {
    ADD_FAILURE() << "expected one quad, got " << dataset.size();
    return {};
  }
  return dataset[0];
}

Quad MakeQuad(Term subject, std::string predicate, Term object, Term graph = Term::DefaultGraph()) {
  return {std::move(subject), Term::Iri(std::move(predicate)), std::move(object), std::move(graph)};
}

TEST(ParseNQuads, ReadsTriplesInTheDefaultGraphAndQuadsInNamedGraphs) {
  const Dataset dataset = ParseOrFail(
      "<http://e.org/s> <http://e.org/p> <http://e.org/o> .\n"
      "<http://e.org/s> <http://e.org/p> <http://e.org/o> <http://e.org/g> .\n"
      "<http://e.org/s> <http://e.org/p> <http://e.org/o> _:g .\n");
  const Dataset expected = {
      MakeQuad(Term::Iri("http://e.org/s"), "http://e.org/p", Term::Iri("http://e.org/o")),
      MakeQuad(Term::Iri("http://e.org/s"), "http://e.org/p", Term::Iri("http://e.org/o"),
               Term::Iri("http://e.org/g")),
      MakeQuad(Term::Iri("http://e.org/s"), "http://e.org/p", Term::Iri("http://e.org/o"),
               Term::Blank("g")),
  };
  EXPECT_EQ(dataset, expected);
}

TEST(ParseNQuads, ReadsBlankNodesInEveryPosition) {
  const Quad quad = ParseOne("_:s1 <http://e.org/p> _:o.2 _:g_3 .");
  EXPECT_EQ(quad,
            MakeQuad(Term::Blank("s1"), "http://e.org/p", Term::Blank("o.2"), Term::Blank("g_3")));
}

TEST(ParseNQuads, BlankNodeLabelsFollowTheGrammar) {
  // Digits first, ':' and '-' inside, non-ASCII letters, and a final dot that ends the
  // statement rather than the label.
  EXPECT_EQ(ParseOne("_:0a <http://e.org/p> _:x:y-z.").object, Term::Blank("x:y-z"));
  EXPECT_EQ(ParseOne("_:0a <http://e.org/p> _:x .").subject, Term::Blank("0a"));
  EXPECT_EQ(ParseOne("_:\xC3\xA9t\xC3\xA9 <http://e.org/p> _:b .").subject,
            Term::Blank("\xC3\xA9t\xC3\xA9"));
}

TEST(ParseNQuads, ReadsPlainLanguageAndDatatypedLiterals) {
  EXPECT_EQ(ParseOne("_:s <http://e.org/p> \"plain\" .").object, Term::Literal("plain"));
  EXPECT_EQ(ParseOne("_:s <http://e.org/p> \"chat\"@fr .").object,
            Term::Literal("chat", kRdfLangString, "fr"));
  EXPECT_EQ(ParseOne("_:s <http://e.org/p> \"x\"@en-Latn-US .").object,
            Term::Literal("x", kRdfLangString, "en-Latn-US"));
  EXPECT_EQ(
      ParseOne("_:s <http://e.org/p> \"5\"^^<http://www.w3.org/2001/XMLSchema#integer> .").object,
      Term::Literal("5", kXsdInteger));
  EXPECT_EQ(
      ParseOne("_:s <http://e.org/p> \"s\"^^<http://www.w3.org/2001/XMLSchema#string> .").object,
      Term::Literal("s"));
}

TEST(ParseNQuads, KeepsLanguageTagCaseAsWritten) {
  EXPECT_EQ(ParseOne("_:s <http://e.org/p> \"x\"@EN-gb .").object.language, "EN-gb");
}

TEST(ParseNQuads, DecodesEveryLiteralEscape) {
  EXPECT_EQ(ParseOne(R"(_:s <http://e.org/p> "\t\b\n\r\f\"\'\\" .)").object.value,
            "\t\b\n\r\f\"'\\");
  EXPECT_EQ(ParseOne(R"(_:s <http://e.org/p> "\u0041\u00e9\u221E" .)").object.value,
            "A\xC3\xA9\xE2\x88\x9E");
  EXPECT_EQ(ParseOne(R"(_:s <http://e.org/p> "\U0001F303\U00000041" .)").object.value,
            "\xF0\x9F\x8C\x83"
            "A");
  EXPECT_EQ(ParseOne(R"(_:s <http://e.org/p> "\u0000" .)").object.value, std::string(1, '\0'));
}

TEST(ParseNQuads, KeepsNonAsciiAsUtf8) {
  EXPECT_EQ(
      ParseOne("_:s <http://e.org/p> \"\xE0\xA4\xAA\xE0\xA5\x8D\xE0\xA4\xB0\" .").object.value,
      "\xE0\xA4\xAA\xE0\xA5\x8D\xE0\xA4\xB0");
  EXPECT_EQ(ParseOne("<http://e.org/\xE2\x88\x9E> <http://e.org/p> _:o .").subject,
            Term::Iri("http://e.org/\xE2\x88\x9E"));
}

TEST(ParseNQuads, DecodesUcharEscapesInIris) {
  EXPECT_EQ(ParseOne(R"(<urn:ex:\u0065\u0078> <http://e.org/p> <urn:ex:\U0001F303> .)").subject,
            Term::Iri("urn:ex:ex"));
  EXPECT_EQ(ParseOne(R"(<urn:ex:\u0065\u0078> <http://e.org/p> <urn:ex:\U0001F303> .)").object,
            Term::Iri("urn:ex:\xF0\x9F\x8C\x83"));
}

TEST(ParseNQuads, SkipsCommentsAndBlankLines) {
  const Dataset dataset = ParseOrFail(
      "# a comment\n"
      "\n"
      "   \t\n"
      "<http://e.org/s> <http://e.org/p> \"# not a comment\" . # a comment\n"
      "<http://e.org/s#frag> <http://e.org/p> <http://e.org/o#x> .# another\n"
      "# last line without a line break");
  ASSERT_EQ(dataset.size(), 2u);
  EXPECT_EQ(dataset[0].object, Term::Literal("# not a comment"));
  EXPECT_EQ(dataset[1].subject, Term::Iri("http://e.org/s#frag"));
  EXPECT_EQ(dataset[1].object, Term::Iri("http://e.org/o#x"));
}

TEST(ParseNQuads, AcceptsLfCrlfAndCrLineEndingsAndNoFinalLineBreak) {
  const Dataset dataset = ParseOrFail(
      "_:a <http://e.org/p> \"1\" .\r\n_:a <http://e.org/p> \"2\" .\r_:a <http://e.org/p> \"3\" .");
  ASSERT_EQ(dataset.size(), 3u);
  EXPECT_EQ(dataset[2].object, Term::Literal("3"));
}

TEST(ParseNQuads, AcceptsMinimalAndExtraWhitespace) {
  EXPECT_EQ(ParseOne("<urn:a:s><urn:a:p>\"o\"@en<urn:a:g>."),
            MakeQuad(Term::Iri("urn:a:s"), "urn:a:p", Term::Literal("o", kRdfLangString, "en"),
                     Term::Iri("urn:a:g")));
  EXPECT_EQ(ParseOne("\t <urn:a:s> \t<urn:a:p>  \"5\" ^^ <urn:a:int>  .  \t"),
            MakeQuad(Term::Iri("urn:a:s"), "urn:a:p", Term::Literal("5", "urn:a:int")));
}

TEST(ParseNQuads, EmptyDocumentIsAnEmptyDataset) {
  EXPECT_TRUE(ParseOrFail("").empty());
  EXPECT_TRUE(ParseOrFail("\n# only a comment\n\n").empty());
}

struct ParseErrorCase {
  const char* description;
  std::string text;
  const char* expected_position;  // "line L, column C"
  const char* expected_problem;   // a part of the message
};

void PrintTo(const ParseErrorCase& c, std::ostream* os) { *os << c.description; }

class ParseNQuadsErrorTest : public ::testing::TestWithParam<ParseErrorCase> {};

TEST_P(ParseNQuadsErrorTest, FailsWithInvalidInputNamingLineAndColumn) {
  const ParseErrorCase& c = GetParam();
  Result<Dataset> parsed = ParseNQuads(c.text);
  ASSERT_FALSE(parsed.ok()) << c.description;
  EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidInput);
  const std::string& message = parsed.error().message();
  EXPECT_NE(message.find(std::string("N-Quads ") + c.expected_position + ": "), std::string::npos)
      << message;
  EXPECT_NE(message.find(c.expected_problem), std::string::npos) << message;
}

const std::string kGoodLine = "<urn:a:s> <urn:a:p> \"o\" .\n";

INSTANTIATE_TEST_SUITE_P(
    Malformed, ParseNQuadsErrorTest,
    ::testing::Values(
        ParseErrorCase{"missing dot", kGoodLine + "<urn:a:s> <urn:a:p> <urn:a:o>\n",
                       "line 2, column 30", "expected a graph name or '.'"},
        ParseErrorCase{"missing dot after graph", "<urn:a:s> <urn:a:p> <urn:a:o> <urn:a:g>",
                       "line 1, column 40", "expected '.' after the graph name"},
        ParseErrorCase{"two statements on a line",
                       "<urn:a:s> <urn:a:p> <urn:a:o> . <urn:a:s> <urn:a:p> <urn:a:o> .",
                       "line 1, column 33", "expected the end of the line"},
        ParseErrorCase{"statement across lines", "<urn:a:s> <urn:a:p>\n<urn:a:o> .",
                       "line 1, column 20", "expected an IRI, a blank node or a literal"},
        ParseErrorCase{"literal subject", kGoodLine + kGoodLine + "\"s\" <urn:a:p> <urn:a:o> .",
                       "line 3, column 1", "expected an IRI or a blank node as subject"},
        ParseErrorCase{"blank node predicate", "<urn:a:s> _:p <urn:a:o> .", "line 1, column 11",
                       "expected an IRI as predicate"},
        ParseErrorCase{"literal graph", "<urn:a:s> <urn:a:p> <urn:a:o> \"g\" .",
                       "line 1, column 31", "expected a graph name or '.'"},
        ParseErrorCase{"space in IRI", "\n<urn:a:s <urn:a:p> <urn:a:o> .", "line 2, column 9",
                       "space in IRI"},
        ParseErrorCase{"IRI ends with the line", "<urn:a:s> <urn:a:p> <urn:a:o\n",
                       "line 1, column 21", "unterminated IRI"},
        ParseErrorCase{"relative IRI", "<s> <urn:a:p> <urn:a:o> .", "line 1, column 1",
                       "IRI <s> is not absolute"},
        ParseErrorCase{"escaped space in IRI", R"(<urn:a:\u0020> <urn:a:p> <urn:a:o> .)",
                       "line 1, column 8", "names a character that IRIs may not contain"},
        ParseErrorCase{"ECHAR in IRI", R"(<urn:a:\n> <urn:a:p> <urn:a:o> .)", "line 1, column 8",
                       "only \\u and \\U escapes"},
        ParseErrorCase{"forbidden character in IRI", "<urn:a:{x}> <urn:a:p> <urn:a:o> .",
                       "line 1, column 8", "not allowed in an IRI"},
        ParseErrorCase{"unterminated literal", kGoodLine + "<urn:a:s> <urn:a:p> \"abc\n",
                       "line 2, column 21", "unterminated literal"},
        ParseErrorCase{"unknown escape", R"(<urn:a:s> <urn:a:p> "a\qb" .)", "line 1, column 23",
                       "unknown escape"},
        ParseErrorCase{"short \\u escape", R"(<urn:a:s> <urn:a:p> "\u00g0" .)", "line 1, column 26",
                       "expected a hex digit"},
        ParseErrorCase{"surrogate escape", R"(<urn:a:s> <urn:a:p> "\uD800" .)", "line 1, column 22",
                       "not a Unicode scalar value"},
        ParseErrorCase{"escape beyond U+10FFFF", R"(<urn:a:s> <urn:a:p> "\U00110000" .)",
                       "line 1, column 22", "not a Unicode scalar value"},
        ParseErrorCase{"empty language tag", "<urn:a:s> <urn:a:p> \"o\"@ .", "line 1, column 24",
                       "language tag must start with a letter"},
        ParseErrorCase{"empty language subtag", "<urn:a:s> <urn:a:p> \"o\"@en- .",
                       "line 1, column 27", "empty language subtag"},
        ParseErrorCase{"single caret", "<urn:a:s> <urn:a:p> \"o\"^<urn:a:d> .", "line 1, column 24",
                       "expected \"^^\""},
        ParseErrorCase{"datatype that is not an IRI", "<urn:a:s> <urn:a:p> \"o\"^^\"d\" .",
                       "line 1, column 26", "expected a datatype IRI"},
        ParseErrorCase{"empty blank node label", "_: <urn:a:p> <urn:a:o> .", "line 1, column 3",
                       "blank node label is empty"},
        ParseErrorCase{"blank node label starting with '-'", "_:-a <urn:a:p> <urn:a:o> .",
                       "line 1, column 3", "blank node label is empty or starts with"},
        ParseErrorCase{"invalid UTF-8", kGoodLine + "<urn:a:s> <urn:a:p> \"\xC3\x28\" .",
                       "line 2, column 22", "invalid UTF-8"},
        ParseErrorCase{"overlong UTF-8", "<urn:a:s> <urn:a:p> \"\xC0\xAF\" .", "line 1, column 22",
                       "invalid UTF-8"},
        ParseErrorCase{"line number after CRLF", "# c\r\n# c\r\n<urn:a:s> <urn:a:p> .",
                       "line 3, column 21", "expected an IRI, a blank node or a literal"}),
    [](const ::testing::TestParamInfo<ParseErrorCase>& param_info) {
      std::string name;
      for (const char* p = param_info.param.description; *p != '\0'; ++p) {
        name.push_back(std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_');
      }
      return name;
    });

struct EscapeCase {
  std::string value;
  std::string expected;  // the literal as serialized, quotes included
};

class AppendNQuadTermEscapeTest : public ::testing::TestWithParam<EscapeCase> {};

TEST_P(AppendNQuadTermEscapeTest, EscapesLiteralsCanonically) {
  std::string out;
  AppendNQuadTerm(Term::Literal(GetParam().value), &out);
  EXPECT_EQ(out, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Rdfc10Section4_4, AppendNQuadTermEscapeTest,
    ::testing::Values(EscapeCase{"", R"("")"},                          //
                      EscapeCase{"plain text", R"("plain text")"},      //
                      EscapeCase{"\"", R"("\"")"},                      //
                      EscapeCase{"\\", R"("\\")"},                      //
                      EscapeCase{"\b\t\n\f\r", R"("\b\t\n\f\r")"},      //
                      EscapeCase{std::string(1, '\0'), R"("\u0000")"},  //
                      EscapeCase{"\x07\x0B\x0E\x1F", R"("\u0007\u000B\u000E\u001F")"},
                      EscapeCase{"\x7F", R"("\u007F")"},                       //
                      EscapeCase{"'", R"("'")"},                               //
                      EscapeCase{"<>{}|^`", R"("<>{}|^`")"},                   //
                      EscapeCase{"\xC2\x80\xC2\x9F", "\"\xC2\x80\xC2\x9F\""},  // C1 as is
                      EscapeCase{"\xE2\x88\x9E \xF0\x9F\x8C\x83",
                                 "\"\xE2\x88\x9E \xF0\x9F\x8C\x83\""}));

TEST(AppendNQuad, WritesCanonicalFormOfEachTermKind) {
  std::string out;
  AppendNQuad(MakeQuad(Term::Blank("b0"), "urn:a:p", Term::Literal("x", kXsdInteger)), &out);
  AppendNQuad(MakeQuad(Term::Iri("urn:a:s"), "urn:a:p", Term::Literal("x", kRdfLangString, "en"),
                       Term::Iri("urn:a:g")),
              &out);
  AppendNQuad(MakeQuad(Term::Iri("urn:a:s"), "urn:a:p", Term::Literal("x"), Term::Blank("g")),
              &out);
  AppendNQuad(MakeQuad(Term::Iri("urn:a:s"), "urn:a:p", Term::Iri("urn:a:o")), &out);
  EXPECT_EQ(out,
            "_:b0 <urn:a:p> \"x\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
            "<urn:a:s> <urn:a:p> \"x\"@en <urn:a:g> .\n"
            "<urn:a:s> <urn:a:p> \"x\" _:g .\n"
            "<urn:a:s> <urn:a:p> <urn:a:o> .\n");
}

TEST(SerializeNQuads, KeepsOrderAndRepeats) {
  const Dataset dataset = {
      MakeQuad(Term::Iri("urn:a:z"), "urn:a:p", Term::Literal("1")),
      MakeQuad(Term::Iri("urn:a:a"), "urn:a:p", Term::Literal("1")),
      MakeQuad(Term::Iri("urn:a:z"), "urn:a:p", Term::Literal("1")),
  };
  EXPECT_EQ(
      SerializeNQuads(dataset),
      "<urn:a:z> <urn:a:p> \"1\" .\n<urn:a:a> <urn:a:p> \"1\" .\n<urn:a:z> <urn:a:p> \"1\" .\n");
  EXPECT_EQ(SerializeNQuads({}), "");
}

TEST(NQuadsRoundTrip, CanonicalTextSurvivesParseAndSerialize) {
  const std::string text =
      "<urn:ex:s> <urn:ex:p> \"\\u0000\\u0001\\b\\t\\n\\u000B\\f\\r\\u000E\\u001F\\\"\\\\\\u007F\" "
      ".\n"
      "_:c14n0 <urn:ex:p> \"chat\"@fr _:c14n1 .\n"
      "_:c14n0 <urn:ex:p> \"5\"^^<http://www.w3.org/2001/XMLSchema#integer> <urn:ex:g> .\n"
      "<urn:ex:\xE2\x88\x9E> <urn:ex:p> \"\xF0\x9F\x8C\x83 \xE0\xA4\x95\" .\n";
  EXPECT_EQ(SerializeNQuads(ParseOrFail(text)), text);
}

TEST(NQuadsRoundTrip, DatasetSurvivesSerializeAndParse) {
  std::string every_control;
  for (int c = 0; c < 0x20; ++c) every_control.push_back(static_cast<char>(c));
  every_control += "\x7F\"\\'";
  const Dataset dataset = {
      MakeQuad(Term::Blank("x"), "urn:a:p", Term::Literal(every_control)),
      MakeQuad(Term::Iri("urn:a:s"), "urn:a:p", Term::Literal("v", kRdfLangString, "hi-Deva"),
               Term::Blank("g")),
      MakeQuad(Term::Iri("urn:a:s"), "urn:a:p", Term::Literal("2024-01-01", "urn:a:date"),
               Term::Iri("urn:a:g")),
      MakeQuad(Term::Blank("x"), "urn:a:p", Term::Blank("y")),
  };
  EXPECT_EQ(ParseOrFail(SerializeNQuads(dataset)), dataset);
}

TEST(NQuadsRoundTrip, NonCanonicalInputSerializesCanonically) {
  EXPECT_EQ(SerializeNQuads(ParseOrFail(
                "<urn:ex:\\u0065>\t<urn:ex:p>  \"\\u0041\\'\\U0001F303\"^^<http://www.w3.org/2001/"
                "XMLSchema#string> . # comment\r\n")),
            "<urn:ex:e> <urn:ex:p> \"A'\xF0\x9F\x8C\x83\" .\n");
}

}  // namespace
}  // namespace pramaan::rdf
