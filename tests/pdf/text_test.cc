// Page text through poppler (core/pdf/page_text.h), case by case as the hand-written content
// stream reader (core/pdf/text.cc, removed) was tested: each content stream and ToUnicode CMap
// below is wrapped in a one-page PDF (a simple font for 1-byte codes, a Type0 font for longer
// ones) and read back in raw order. Text is compared as the verifier compares it, without
// white space and bidi marks (pdf::ComparableText): poppler, not the content stream, decides
// where spaces and line breaks go. Where poppler reads a case differently from the old reader
// the expectation says so and why.
#include "core/pdf/page_text.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>
#include <pango/pangocairo.h>
#include <zlib.h>

#include <cctype>
#include <cstdint>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/pdf/pdf_object.h"

// fontconfig keeps its configuration and font cache for the life of the process (pango's
// default font map holds them); LeakSanitizer would report that as a leak in ASan builds.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }

namespace pramaan::pdf {
namespace {

// Font resource name (no slash) -> its ToUnicode CMap program.
using FontMap = std::map<std::string, std::string, std::less<>>;

std::string CMap(std::string_view cmap) { return std::string(cmap); }

// One-byte codes mapped to the same Unicode code point (Latin-1), as a simple font's
// ToUnicode would.
const char kLatin1CMap[] =
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
    "1 begincodespacerange <00> <ff> endcodespacerange\n"
    "1 beginbfrange <00> <ff> <0000> endbfrange\n"
    "endcmap CMapName currentdict /CMap defineresource pop end end\n";

FontMap Latin1Fonts() {
  FontMap fonts;
  fonts.emplace("F1", CMap(kLatin1CMap));
  return fonts;
}

// The hex tokens "<...>" of `section` (between `begin` and `end` keywords) in `cmap`.
std::vector<std::string> HexTokens(const std::string& cmap, const std::string& begin,
                                   const std::string& end) {
  std::vector<std::string> tokens;
  const size_t from = cmap.find(begin);
  if (from == std::string::npos) return tokens;
  const size_t to = cmap.find(end, from);
  for (size_t at = cmap.find('<', from); at != std::string::npos && at < to;
       at = cmap.find('<', at + 1)) {
    const size_t close = cmap.find('>', at);
    if (close == std::string::npos || close > to) break;
    tokens.push_back(cmap.substr(at + 1, close - at - 1));
    at = close;
  }
  return tokens;
}

// The code length in bytes a font needs for `cmap`: its codespace's, else its first code's.
size_t CodeBytes(const std::string& cmap) {
  std::vector<std::string> tokens = HexTokens(cmap, "begincodespacerange", "endcodespacerange");
  if (tokens.empty()) tokens = HexTokens(cmap, "beginbfchar", "endbfchar");
  if (tokens.empty()) tokens = HexTokens(cmap, "beginbfrange", "endbfrange");
  return tokens.empty() || tokens[0].size() <= 2 ? 1 : (tokens[0].size() + 1) / 2;
}

bool MixedCodespace(const std::string& cmap) {
  const auto tokens = HexTokens(cmap, "begincodespacerange", "endcodespacerange");
  for (const auto& t : tokens) {
    if (t.size() != tokens[0].size()) return true;
  }
  return false;
}

std::string StreamObject(const std::string& dictionary, const std::string& data) {
  return "<< /Length " + std::to_string(data.size()) + " " + dictionary + " >>\nstream\n" + data +
         "\nendstream";
}

// A one-page PDF showing `content` with `fonts`: a Type1 font (Helvetica's metrics) for a
// CMap of 1-byte codes, a Type0 font with Identity-H for 2-byte codes, and with an embedded
// encoding CMap of the same codespace ranges for 4-byte or mixed codes.
std::string MakePdf(const std::string& content, const FontMap& fonts) {
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "",  // the page, once its fonts are numbered
      // Moved into the page: poppler drops glyphs outside it, and the cases draw near (0, 0).
      StreamObject("", "1 0 0 1 100 400 cm\n" + content),
  };
  std::string font_resources;
  for (const auto& [name, cmap] : fonts) {
    objects.push_back(StreamObject("", cmap));
    const size_t to_unicode = objects.size();
    const size_t bytes = CodeBytes(cmap);
    std::string font;
    if (bytes == 1 && !MixedCodespace(cmap)) {
      font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode " +
             std::to_string(to_unicode) + " 0 R >>";
    } else {
      std::string encoding = "/Identity-H";
      if (bytes != 2 || MixedCodespace(cmap)) {
        const auto ranges = HexTokens(cmap, "begincodespacerange", "endcodespacerange");
        std::string program = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
                              std::to_string(ranges.size() / 2) + " begincodespacerange\n";
        for (size_t i = 0; i + 1 < ranges.size(); i += 2) {
          program += "<" + ranges[i] + "> <" + ranges[i + 1] + ">\n";
        }
        // CIDs for each 1- and 2-byte range, but only for the mapped codes of longer ones:
        // poppler 22.12 fills a table entry for every code of a cidrange, so <00000000>
        // <ffffffff> keeps it busy for minutes (one reason page text is read only from PDFs
        // whose signature passed).
        std::vector<std::string> cid_ranges;
        for (size_t i = 0; i + 1 < ranges.size(); i += 2) {
          if (ranges[i].size() <= 4) cid_ranges.push_back("<" + ranges[i] + "> <" + ranges[i + 1] + ">");
        }
        for (const std::string& code : HexTokens(cmap, "beginbfchar", "endbfchar")) {
          if (code.size() > 4) cid_ranges.push_back("<" + code + "> <" + code + ">");
        }
        program += "endcodespacerange\n" + std::to_string(cid_ranges.size()) + " begincidrange\n";
        for (const std::string& range : cid_ranges) program += range + " 1\n";
        program += "endcidrange\nendcmap CMapName currentdict /CMap defineresource pop end end\n";
        objects.push_back(StreamObject("/Type /CMap /CMapName /Test /CIDSystemInfo << /Registry "
                                       "(Adobe) /Ordering (Identity) /Supplement 0 >>",
                                       program));
        encoding = std::to_string(objects.size()) + " 0 R";
      }
      objects.push_back("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test /CIDSystemInfo << "
                        "/Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 600 >>");
      font = "<< /Type /Font /Subtype /Type0 /BaseFont /Test /Encoding " + encoding +
             " /DescendantFonts [" + std::to_string(objects.size()) + " 0 R] /ToUnicode " +
             std::to_string(to_unicode) + " 0 R >>";
    }
    objects.push_back(font);
    AppendName(name, &font_resources);
    font_resources += " " + std::to_string(objects.size()) + " 0 R ";
  }
  objects[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 2000 2000] /Contents 4 0 R "
               "/Resources << /Font << " + font_resources + ">> >> >>";
  std::string pdf = "%PDF-1.7\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (const size_t offset : offsets) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// The page text of `content` with `fonts`, as the verifier compares it.
Result<std::string> ReadText(const std::string& content, const FontMap& fonts) {
  PRAMAAN_ASSIGN_OR_RETURN(std::string text, PageTextInRawOrder(MakePdf(content, fonts), 0));
  return ComparableText(text);
}

std::string Extract(std::string_view content, const FontMap& fonts = Latin1Fonts()) {
  Result<std::string> text = ReadText(std::string(content), fonts);
  EXPECT_TRUE(text.ok()) << (text.ok() ? "" : text.error().message());
  return text.ok() ? *text : "<error>";
}

// Text shown in font F1 (12 pt, Latin-1) inside one text object.
std::string ExtractShown(std::string_view ops) {
  return Extract("BT /F1 12 Tf 100 700 Td " + std::string(ops) + " ET");
}

// What `expected` reads as once compared: without white space and bidi marks.
std::string Same(std::string_view expected) { return ComparableText(expected); }
#define EXPECT_TEXT(read, expected) EXPECT_EQ(read, Same(expected))
// A 2-byte code a Type0 font's ToUnicode leaves out reads as nothing (the old reader: U+FFFD).
#define UNMAPPED_2 ""

// The text of `codes` (bytes) shown in a font whose ToUnicode is `cmap`.
std::string Decode(const std::string& cmap, const std::string& codes) {
  FontMap fonts;
  fonts.emplace("F", cmap);
  std::string hex;
  for (const char c : codes) {
    char digits[3];
    std::snprintf(digits, sizeof digits, "%02x", static_cast<unsigned char>(c));
    hex += digits;
  }
  return Extract("BT /F 12 Tf 100 700 Td <" + hex + "> Tj ET", fonts);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// ---------------------------------------------------------------------------------------------
// ToUnicode CMaps.

TEST(ToUnicodeCMap, BfCharMapsOneCodeToOneOrMoreCharacters) {
  const std::string map = CMap(
      "1 begincodespacerange <0000> <ffff> endcodespacerange\n"
      "3 beginbfchar <0001> <0906> <0007> <0915094d0937> <0008> <fffd> endbfchar");
  EXPECT_EQ(Decode(map, std::string("\x00\x01", 2)), "आ");
  EXPECT_EQ(Decode(map, std::string("\x00\x07", 2)), "क्ष");
  EXPECT_EQ(Decode(map, std::string("\x00\x08", 2)), "\xEF\xBF\xBD");
  EXPECT_EQ(Decode(map, std::string("\x00\x02", 2)), UNMAPPED_2);
  EXPECT_EQ(Decode(map, std::string("\x00\x07\x00\x01\x00\x02", 6)), "क्षआ" UNMAPPED_2);
}

TEST(ToUnicodeCMap, BfRangeWithStartDestinationIncrementsLastUnit) {
  const std::string map = CMap(
      "1 begincodespacerange <00> <ff> endcodespacerange\n"
      "2 beginbfrange <20> <7e> <0020> <a0> <a2> <0915> endbfrange");
  EXPECT_EQ(Decode(map, "Hello, World~"), Same("Hello, World~"));
  EXPECT_EQ(Decode(map, "\xa0\xa1\xa2"), "कखग");
  // A code the ToUnicode CMap leaves out of a simple font reads as the font's encoding says
  // (the old reader gave U+FFFD): 0xA3 is the pound sign in Helvetica's standard encoding.
  EXPECT_EQ(Decode(map, "\xa3"), "\xC2\xA3");
  EXPECT_EQ(Decode(map, "\x1f"), "");  // a control code in the encoding: nothing
}

TEST(ToUnicodeCMap, BfRangeWithArrayMapsEachCode) {
  const std::string map = CMap(
      "1 begincodespacerange <0000> <ffff> endcodespacerange\n"
      "1 beginbfrange <0010> <0013> [<0041> <00660069> <D835DC00>] endbfrange");
  EXPECT_EQ(Decode(map, std::string("\x00\x10", 2)), "A");
  EXPECT_EQ(Decode(map, std::string("\x00\x11", 2)), "fi");
  EXPECT_EQ(Decode(map, std::string("\x00\x12", 2)), "\xF0\x9D\x90\x80");  // U+1D400, a pair
  EXPECT_EQ(Decode(map, std::string("\x00\x13", 2)), UNMAPPED_2);  // the array is one short
}

TEST(ToUnicodeCMap, SurrogatePairsInBfCharAndBfRange) {
  const std::string map = CMap(
      "1 begincodespacerange <0000> <ffff> endcodespacerange\n"
      "2 beginbfchar <0001> <D83DDE00> <0002> <0041D83DDE000042> endbfchar\n"
      "1 beginbfrange <0100> <0102> <D835DC00> endbfrange\n"
      "1 beginbfchar <0003> <D800> endbfchar");
  EXPECT_EQ(Decode(map, std::string("\x00\x01", 2)), "\xF0\x9F\x98\x80");  // U+1F600
  EXPECT_EQ(Decode(map, std::string("\x00\x02", 2)),
            "A\xF0\x9F\x98\x80"
            "B");
  EXPECT_EQ(Decode(map, std::string("\x01\x02", 2)), "\xF0\x9D\x90\x82");  // U+1D402
  EXPECT_EQ(Decode(map, std::string("\x00\x03", 2)), "\xEF\xBF\xBD");  // lone surrogate
}

TEST(ToUnicodeCMap, MultiByteCodespacesSplitCodesByLength) {
  // Shift-JIS-like: one byte for 00-80, two bytes for 8140-9FFC.
  const std::string map = CMap(
      "2 begincodespacerange <00> <80> <8140> <9ffc> endcodespacerange\n"
      "1 beginbfrange <41> <43> <0041> endbfrange\n"
      "1 beginbfchar <8140> <3000> endbfchar");
  const std::string codes =
      "A\x81\x40"
      "B\x9f\xfc"
      "C";
  // U+3000 (ideographic space) is white space, so it is not compared.
  EXPECT_EQ(Decode(map, codes), "ABC");  // 9ffc is not mapped: nothing
}

TEST(ToUnicodeCMap, FourByteCodespace) {
  const std::string map = CMap(
      "1 begincodespacerange <00000000> <ffffffff> endcodespacerange\n"
      "1 beginbfchar <00010203> <0939> endbfchar");
  EXPECT_EQ(Decode(map, std::string("\x00\x01\x02\x03", 4)), "ह");
}

TEST(ToUnicodeCMap, WithoutCodespaceCodesAreAsLongAsTheMappedOnes) {
  const std::string map = CMap("1 beginbfchar <0041> <0061> endbfchar");
  EXPECT_EQ(Decode(map, std::string("\x00\x41\x00\x42", 4)), "a" UNMAPPED_2);
}

TEST(ToUnicodeCMap, CairoCMapsParse) {
  // cairo's two CMaps for its Devanagari page: f-0-0 maps only the space (1-byte codes), f-0-1
  // the glyphs (2-byte codes; <0001> is "आ" here).
  const std::string spaces =
      ReadFile(std::string(PRAMAAN_TEXT_DATA_DIR) + "/cairo116_devanagari_f-0-0.cmap");
  FontMap fonts;
  fonts.emplace("F", spaces);
  Result<std::string> text = PageTextInRawOrder(MakePdf("BT /F 12 Tf (x  x) Tj ET", fonts), 0);
  ASSERT_TRUE(text.ok()) << text.error().message();
  EXPECT_NE(text->find(' '), std::string::npos) << *text;
  const std::string glyphs =
      ReadFile(std::string(PRAMAAN_TEXT_DATA_DIR) + "/cairo116_devanagari_f-0-1.cmap");
  EXPECT_EQ(Decode(glyphs, std::string("\x00\x01", 2)), "आ");
}

TEST(ToUnicodeCMap, MalformedCMapsAreReadLeniently) {
  // The old reader refused these CMaps outright. poppler reads what it can of each: a code it
  // does not map in a simple font reads as the font's encoding says (0x41 is "A"), so the
  // entries name U+0915 (क) to tell the two apart. What each case gives is pinned here.
  const struct {
    const char* name;
    std::string cmap;
    std::string codes;
    const char* text;
  } kCases[] = {
      // Ignored; the 2-byte code then reads through the encoding's low byte.
      {"range runs backwards", "1 beginbfrange <0010> <0001> <0915> endbfrange",
       std::string("\x00\x05", 2), "\x05"},
      // Honoured: the producer's claim, which the signature, not the syntax, vouches for.
      {"range ends differ in length", "1 beginbfrange <41> <0042> <0915> endbfrange", "A", "क"},
      {"code of five bytes", "1 beginbfchar <0102030405> <0915> endbfchar", "\x01", ""},
      {"empty code", "1 beginbfchar <> <0915> endbfchar", "A", "A"},
      {"code is a number", "1 beginbfchar 65 <0915> endbfchar", "A", "A"},
      {"incomplete entry", "1 beginbfchar <41> endbfchar", "A", "A"},
      {"incomplete at end", "1 beginbfchar <41>", "A", "A"},
      {"codespace lengths differ",
       "1 begincodespacerange <00> <ffff> endcodespacerange 1 beginbfchar <41> <0915> endbfchar",
       "A", "क"},
      {"unterminated hex string", "1 beginbfchar <41> <0915 endbfchar", "A", "A"},
      {"bad hex digit", "1 beginbfchar <4G> <0915> endbfchar", "A", "A"},
      {"unterminated array", "1 beginbfrange <41> <42> [<0915> <0916> endbfrange", "AB", "कख"},
      {"destination too long", "1 beginbfchar <41> <" + std::string(1100, 'a') + "> endbfchar",
       "A", "A"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(Decode(c.cmap, c.codes), c.text) << c.name;
  }
}

// ---------------------------------------------------------------------------------------------
// The content-stream lexer, seen through what Tj shows in a Latin-1 font.

TEST(ContentLexer, LiteralStringEscapes) {
  const struct {
    const char* ops;
    const char* text;
  } kCases[] = {
      {R"((a\(b\)c\\d) Tj)", "a(b)c\\d"},
      {R"((a(b(c))d) Tj)", "a(b(c))d"},  // balanced parentheses need no escape
      {R"((\n\r\t\b\f) Tj)", "\n\r\t\b\f"},
      {R"((\101\60\0601\1011) Tj)",
       "A00"
       "1A1"},                      // 1-3 octal digits
      {R"((\q\%) Tj)", "q%"},       // unknown escapes: the character
      {"(ab\\\ncd) Tj", "abcd"},    // line continuation (LF)
      {"(ab\\\r\ncd) Tj", "abcd"},  // line continuation (CRLF)
      {"(ab\\\rcd) Tj", "abcd"},    // line continuation (CR)
      {"(ab\r\ncd) Tj", "ab\ncd"},  // an unescaped EOL reads as LF
      {"(ab\rcd) Tj", "ab\ncd"},
      {"(%not a comment) Tj", "%not a comment"},
      {"() Tj (x) Tj", "x"},
  };
  for (const auto& c : kCases) EXPECT_TEXT(ExtractShown(c.ops), c.text) << c.ops;
}

TEST(ContentLexer, HexStrings) {
  EXPECT_TEXT(ExtractShown("<48656C6C6F> Tj"), "Hello");
  EXPECT_TEXT(ExtractShown("<48 65\n6c\t6C 6f> Tj"), "Hello");  // white space, either case
  EXPECT_TEXT(ExtractShown("<414> Tj"), "A@");                  // odd count: last digit is x0
  EXPECT_TEXT(ExtractShown("<> Tj (x) Tj"), "x");
}

TEST(ContentLexer, NamesWithHexEscapes) {
  FontMap fonts;
  fonts.emplace("f-0 1", CMap(kLatin1CMap));
  EXPECT_TEXT(Extract("BT /f#2d0#201 12 Tf (ok) Tj ET", fonts), "ok");
  EXPECT_TEXT(Extract("BT /f-0#201 12 Tf (ok) Tj ET", fonts), "ok");
}

TEST(ContentLexer, Numbers) {
  // TJ adjustments: -300. reads as 0.3 em (a space), +1 and -.25 as tiny kerning.
  EXPECT_TEXT(ExtractShown("[(a)-300.(b)+1(c)-.25(d)] TJ"), "a bcd");
  // ".5" and "-3." as Td operands: a line break of 36 units at 12 pt.
  // "-3.e" is not PDF syntax: the old reader read it as -3; poppler drops what follows it on
  // that line of operators, (c) included.
  EXPECT_TEXT(ExtractShown("(a) Tj .5 -36. Td (b) Tj +0 -3.e Td (c) Tj"), "a\nb");
}

TEST(ContentLexer, CommentsRunToEndOfLine) {
  EXPECT_TEXT(ExtractShown("(a) Tj % (b) Tj\n(c) Tj %(d) Tj\r(e) Tj"), "ace");
  EXPECT_TEXT(ExtractShown("[(x) % ] junk ( \n (y)] TJ"), "xy");
}

TEST(ContentLexer, DictionariesAndArraysAsOperands) {
  EXPECT_TEXT(ExtractShown("/Span << /Lang (en) /Nested << /A [1 2 << /B [3 [4]] >>] >> "
                         "/ActualText (Hi) >> BDC (xx) Tj EMC"),
            "Hi");
  EXPECT_TEXT(ExtractShown("/P <</MCID 0>> BDC (a) Tj EMC /Artifact BMC (b) Tj EMC"), "ab");
}

// ---------------------------------------------------------------------------------------------
// Text operators and layout.

TEST(ExtractText, ShowsTextInContentOrder) {
  EXPECT_TEXT(Extract("BT /F1 12 Tf 72 700 Td (Hello) Tj ET"), "Hello");
  EXPECT_TEXT(ExtractShown("[(Ke) 20 (rn) -10 (ed)] TJ"), "Kerned");
  EXPECT_TEXT(ExtractShown("(one) Tj ET BT /F1 12 Tf 100 700 Td (two) Tj"), "onetwo");
}

TEST(ExtractText, LineBreaksOnLargeVerticalMoves) {
  EXPECT_TEXT(ExtractShown("(a) Tj 0 -14 Td (b) Tj"), "a\nb");               // Td
  EXPECT_TEXT(ExtractShown("(a) Tj 0 -14 TD (b) Tj T* (c) Tj"), "a\nb\nc");  // TD sets TL
  EXPECT_TEXT(ExtractShown("14 TL (a) Tj T* (b) Tj (c) ' "), "a\nb\nc");     // T* and '
  EXPECT_TEXT(ExtractShown("14 TL (a) Tj 1 2 (b) \""), "a\nb");              // "
  EXPECT_TEXT(ExtractShown("(a) Tj 1 0 0 1 100 600 Tm (b) Tj"), "a\nb");     // Tm
  EXPECT_TEXT(ExtractShown("(a) Tj 0 14 Td (b) Tj"), "a\nb");                // upwards too
  EXPECT_TEXT(ExtractShown("(a) Tj 0 -14 Td 0 -14 Td (b) Tj"), "a\nb");      // never doubled
}

TEST(ExtractText, SmallVerticalMovesStayOnTheLine) {
  // A superscript (4 units at 12 pt) and back.
  EXPECT_TEXT(ExtractShown("(x) Tj 7 4 Td (2) Tj 7 -4 Td (y) Tj"), "x2y");
  // Tight leading (10 units at 12 pt, 0.83 em) is still a new line...
  EXPECT_TEXT(ExtractShown("(a) Tj 0 -10 Td (b) Tj"), "a\nb");
  // ... but on a line with Arabic script, Nastaliq cascades of up to 1.1 em are not.
  EXPECT_TEXT(ExtractShown("(a) Tj 0 -10 Td (\310) Tj"), "a\n\xC3\x88");
  FontMap fonts = Latin1Fonts();
  fonts.emplace("Ar", CMap("1 begincodespacerange <00> <ff> endcodespacerange "
                                "1 beginbfrange <61> <64> <0627> endbfrange"));
  EXPECT_TEXT(Extract("BT /Ar 12 Tf (a) Tj -5 12 Td (b) Tj -5 -12 Td (c) Tj -5 -12 Td (d) Tj ET "
                    "BT /Ar 12 Tf 0 -40 Td (a) Tj ET",
                    fonts),
            "\xD8\xA7\xD8\xA8\xD8\xA9\xD8\xAA\n\xD8\xA7");
  EXPECT_TEXT(Extract("BT /F1 12 Tf (x) Tj /Ar 12 Tf /Span <</ActualText <feff0628>>> BDC -5 12 Td "
                    "(a) Tj EMC ET",
                    fonts),
            "x\xD8\xA8");
  // Zero leading: T* does not move, so the text overprints on the same line.
  EXPECT_TEXT(ExtractShown("(a) Tj T* (b) Tj"), "ab");
}

TEST(ExtractText, SpacesForLargeHorizontalGaps) {
  EXPECT_TEXT(ExtractShown("[(Asha)-400(Varma)] TJ"), "Asha Varma");
  EXPECT_TEXT(ExtractShown("[(Asha)-150(Varma)] TJ"), "AshaVarma");    // kerning, no space
  EXPECT_TEXT(ExtractShown("[(Asha )-400(Varma)] TJ"), "Asha Varma");  // never doubled
  EXPECT_TEXT(ExtractShown("[(Asha)-400 -400(Varma)] TJ"), "Asha Varma");
  // Repositioning on the line: "Name:" is estimated at 5 x 0.6 em = 36 units.
  EXPECT_TEXT(ExtractShown("(Name:) Tj 100 0 Td (Asha) Tj"), "Name: Asha");
  EXPECT_TEXT(ExtractShown("(Na) Tj 13 0 Td (me) Tj"), "Name");
  // Moving backwards (right-to-left text, overprinting) adds nothing.
  EXPECT_TEXT(ExtractShown("(a) Tj -50 0 Td (b) Tj"), "ab");
  EXPECT_TEXT(ExtractShown("[(a) 2000 (b)] TJ"), "ab");
  // A backward move (a mark placed over the previous glyph) is made up by the next forward
  // one before anything counts as a gap: cairo's Odia "[<>6<0005>441<0006>] [<>-450<0003>]".
  EXPECT_TEXT(ExtractShown("[(a) 441 (b)] TJ [-450 (c)] TJ"), "abc");
  EXPECT_TEXT(ExtractShown("[(a) 441 (b)] TJ [-950 (c)] TJ"), "ab c");
  // A gap before the first text of a line or of the output is not a space.
  EXPECT_TEXT(ExtractShown("[() -6000 (a)] TJ"), "a");
  EXPECT_TEXT(ExtractShown("(a) Tj 0 -20 Td [() -6000 (b)] TJ"), "a\nb");
}

TEST(ExtractText, ActualTextReplacesTheGlyphsItSpans) {
  // cairo's form: hex UTF-16BE with BOM; the glyphs map to U+FFFD.
  FontMap fonts = Latin1Fonts();
  fonts.emplace("G", CMap("1 begincodespacerange <0000> <ffff> endcodespacerange "
                               "2 beginbfchar <0005> <fffd> <0006> <fffd> endbfchar"));
  EXPECT_TEXT(Extract("BT /F1 12 Tf (Var) Tj /G 12 Tf /Span << /ActualText "
                    "<feff0930094d092e093e> >> BDC [<>-9<00050006>] TJ EMC ET",
                    fonts),
            "Varर्मा");
  // Literal UTF-16BE, literal PDFDocEncoding, UTF-8 with BOM, a surrogate pair.
  EXPECT_TEXT(ExtractShown(R"(/Span <</ActualText (\376\377\000H\000i)>> BDC (xx) Tj EMC)"), "Hi");
  EXPECT_TEXT(ExtractShown(R"(/Span <</ActualText (\223 \215q\216)>> BDC (x) Tj EMC)"),
            "\xEF\xAC\x81 \xE2\x80\x9Cq\xE2\x80\x9D");
  // UTF-8 with a BOM (PDF 2.0) is read as PDFDocEncoding by poppler 22.12; cairo writes
  // UTF-16BE, which is all our certificates use.
  EXPECT_TEXT(ExtractShown("/Span <</ActualText <EFBBBF41C3A9>>> BDC (x) Tj EMC"),
              "\xC3\xAF\xC2\xBB\xC2\xBF" "A\xC3\x83\xC2\xA9");
  EXPECT_TEXT(ExtractShown("/Span <</ActualText <FEFFD83DDE00>>> BDC (x) Tj EMC"),
            "\xF0\x9F\x98\x80");
  // A span without glyphs (cairo: a cluster without glyphs) contributes nothing in poppler,
  // where the old reader gave its text (here a ZWNJ); the CairoText cases below show that
  // real certificates still read whole.
  EXPECT_TEXT(ExtractShown("(a) Tj /Span <</ActualText <feff200c>>> BDC EMC (b) Tj"), "ab");
  // Nested spans: in poppler the innermost one replaces its glyphs, and the outer one is lost
  // (the old reader let the outer cover everything). cairo never nests spans.
  EXPECT_TEXT(ExtractShown("/Span <</ActualText (outer)>> BDC (a) Tj /Span <</ActualText "
                           "(inner)>> BDC (b) Tj EMC (c) Tj EMC (d) Tj"),
              "innercd");
  // Marked content without ActualText, and a named property list, do not replace.
  EXPECT_TEXT(ExtractShown("/Span /MC0 BDC (a) Tj EMC /Span <</Alt (z)>> BDC (b) Tj EMC"), "ab");
  // A stray EMC is ignored; a span never closed is dropped with its glyphs (the old reader
  // kept its text).
  EXPECT_TEXT(ExtractShown("EMC (a) Tj /Span <</ActualText (b)>> BDC (x) Tj"), "a");
}

TEST(ExtractText, SeparatorsGoBeforeActualTextSpans) {
  EXPECT_TEXT(ExtractShown("(a) Tj 0 -20 Td /Span <</ActualText (b)>> BDC (x) Tj EMC"), "a\nb");
  EXPECT_TEXT(ExtractShown("[(a) -500] TJ /Span <</ActualText (b)>> BDC (x) Tj EMC"), "a b");
}

TEST(ExtractText, InvisibleTextIsRead) {
  // poppler reads text in rendering modes 3 and 7 (invisible) as it reads OCR layers; the old
  // reader left it out. A page can therefore "show" text no one sees: the printed-text check
  // vouches for what the signer put in the page, not for what is visible (docs/security/pdf.md).
  EXPECT_TEXT(ExtractShown("(a) Tj 3 Tr (hidden) Tj 0 Tr (b) Tj"), "ahiddenb");
  EXPECT_TEXT(ExtractShown("7 Tr (hidden) Tj 2 Tr (c) Tj"), "hiddenc");
  EXPECT_TEXT(ExtractShown("3 Tr /Span <</ActualText (hidden)>> BDC (x) Tj EMC 0 Tr (v) Tj"),
              "hiddenv");
  EXPECT_TEXT(ExtractShown("q 3 Tr (h) Tj Q (v) Tj"), "hv");
}

TEST(ExtractText, UnknownFontsShowNothingAndUnmappedCodesReadThroughTheEncoding) {
  // Text in a font the page does not have, or before any Tf, is not read at all (the old
  // reader gave U+FFFD): nothing that could match a credential's value.
  EXPECT_TEXT(Extract("BT /Nope 12 Tf (ab) Tj ET"), "");
  EXPECT_TEXT(Extract("BT (a) Tj ET"), "");
  // A code the ToUnicode CMap does not map reads as the simple font's encoding says.
  FontMap fonts;
  fonts.emplace("F1", CMap("1 begincodespacerange <00> <ff> endcodespacerange "
                           "1 beginbfchar <41> <0915> endbfchar"));
  EXPECT_TEXT(Extract("BT /F1 12 Tf (AB) Tj ET", fonts), "\xE0\xA4\x95" "B");
}

TEST(ExtractText, SkipsGraphicsAndInlineImages) {
  EXPECT_TEXT(Extract("q 1 0 0 1 10 10 cm 0 0 1 rg 0 0 m 10 10 l 0 0 10 10 re f* W n "
                    "/GS0 gs /Im0 Do 0.5 g [3 1] 0 d /Pattern cs /P0 scn /Sh0 sh Q "
                    "BX /Weird 1 2 3 unknownop EX BT /F1 12 Tf (text) Tj ET"),
            "text");
  // Unfiltered: the length comes from the size (2 x 2 gray = 4 bytes, which contain "EI").
  std::string content = "BT /F1 12 Tf (a) Tj ET BI /W 2 /H 2 /BPC 8 /CS /G ID ";
  content += std::string(
      "E\x20"
      "EI",
      4);
  content += "\nEI BT /F1 12 Tf 0 -20 Td (b) Tj ET";
  EXPECT_TEXT(Extract(content), "a\nb");
  // /L gives the length.
  content = "BI /W 4 /H 4 /F /AHx /L 6 ID ( EI )\nEI BT /F1 12 Tf (c) Tj ET";
  EXPECT_TEXT(Extract(content), "c");
  // Filtered without /L: the first " EI " followed by content-stream syntax.
  content = "BI /W 9 /H 9 /F /Fl ID ";
  content += std::string("\x78\x9c\x01 EI \x02\xff\xfe\x00\x80 more", 18);
  content += " EI BT /F1 12 Tf (d) Tj ET";
  EXPECT_TEXT(Extract(content), "d");
}

TEST(ExtractText, TextStateFollowsQAndTm) {
  // The font set inside q ... Q is restored afterwards.
  FontMap fonts = Latin1Fonts();
  fonts.emplace("Up", CMap("1 begincodespacerange <00> <ff> endcodespacerange "
                                "1 beginbfrange <61> <7a> <0041> endbfrange"));
  EXPECT_TEXT(Extract("BT /F1 12 Tf q /Up 12 Tf (ab) Tj Q (ab) Tj ET", fonts), "ABab");
}

// ---------------------------------------------------------------------------------------------
// Failures and robustness.

TEST(ExtractText, MalformedStreamsShowNothing) {
  const struct {
    const char* name;
    std::string content;
  } kCases[] = {
      {"unterminated literal string", "BT /F1 12 Tf (abc Tj ET"},
      {"unterminated nested string", "BT /F1 12 Tf (a(b) Tj ET"},
      {"unterminated hex string", "BT /F1 12 Tf <4142 Tj ET"},
      {"bad hex digit", "BT /F1 12 Tf <41x2> Tj ET"},
      {"unterminated array", "BT /F1 12 Tf [(a) 1 (b) TJ ET"},
      {"unterminated dictionary", "/Span << /ActualText (x) BDC"},
      {"stray >", "BT > ET"},
      {"stray ]", "BT ] ET"},
      {"mismatched close", "[ (a) >> TJ"},
      {"deep arrays", std::string(1000, '[') + std::string(1000, ']') + " TJ"},
      {"deep dictionaries", std::string(200, '<') + std::string(200, '>')},
      {"too many operands",
       [] {
         std::string s;
         for (int i = 0; i < 5000; ++i) s += "1 ";
         return s + "Tj";
       }()},
      {"too many array elements",
       [] {
         std::string s = "[";
         for (int i = 0; i < 70000; ++i) s += "1 ";
         return s + "] TJ";
       }()},
      {"q nested too deep",
       [] {
         std::string s;
         for (int i = 0; i < 5000; ++i) s += "q ";
         return s;
       }()},
      {"marked content nested too deep",
       [] {
         std::string s;
         for (int i = 0; i < 5000; ++i) s += "/P BMC ";
         return s;
       }()},
      {"inline image without EI", "BI /W 1 /H 1 /F /Fl ID \x01\x02\x03"},
      {"inline image without ID", "BI /W 1 /H 1"},
  };
  // The old reader refused these streams; poppler, like PDF viewers, reads what it can. The
  // page must still open, and none of them shows text beyond what it well-formedly shows.
  for (const auto& c : kCases) {
    Result<std::string> text = ReadText(c.content, Latin1Fonts());
    ASSERT_TRUE(text.ok()) << c.name << ": " << text.error().message();
    // A bad hex digit is skipped, not fatal: <41x2> shows 0x41 and 0x20 as "A" and U+0002.
    const std::string expected = std::string(c.name) == "bad hex digit" ? "A\x02" : "";
    EXPECT_EQ(*text, expected) << c.name;
  }
}

TEST(ExtractText, AbsurdSizesAreBounded) {
  // Each code mapped to 256 x U+0915 (768 bytes of UTF-8) would make 30000 codes 23 MB of
  // text; the old reader refused that past 16 MiB. poppler refuses the over-long destination
  // itself, so each code reads through the font's encoding, one character each.
  FontMap fonts;
  fonts.emplace("Big", CMap("1 begincodespacerange <00> <ff> endcodespacerange "
                            "1 beginbfrange <00> <ff> <" +
                            [] {
                              std::string d;
                              for (int i = 0; i < 256; ++i) d += "0915";
                              return d;
                            }() +
                            "> endbfrange"));
  Result<std::string> text =
      ReadText("BT /Big 0.05 Tf (" + std::string(30000, 'a') + ") Tj ET", fonts);
  ASSERT_TRUE(text.ok()) << text.error().message();
  EXPECT_EQ(*text, std::string(30000, 'a'));

  // A PDF over kMaxPageTextPdfBytes is not handed to poppler.
  Result<std::string> huge = ReadText(std::string((std::size_t{64} << 20) + 1, ' '), fonts);
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code(), ErrorCode::kInvalidInput);
  // A 16 MiB CMap of nothing maps nothing: the code reads through the encoding.
  FontMap empty;
  empty.emplace("F1", std::string((std::size_t{16} << 20) + 1, ' '));
  Result<std::string> huge_cmap = ReadText("BT /F1 12 Tf <41> Tj ET", empty);
  ASSERT_TRUE(huge_cmap.ok()) << huge_cmap.error().message();
  EXPECT_EQ(*huge_cmap, "A");
}

TEST(ExtractText, NestingAtTheLimitIsAccepted) {
  EXPECT_TEXT(ExtractShown(std::string(31, '[') + "(a)" + std::string(31, ']') + " pop (b) Tj"), "b");
}

TEST(ExtractText, GarbageNeverCrashes) {
  // Random bytes, and random mutations of a real cairo content stream: each must return text
  // or an error (under ASan and UBSan too).
  const std::string base =
      ReadFile(std::string(PRAMAAN_TEXT_DATA_DIR) + "/cairo116_devanagari_content.txt");
  FontMap fonts = Latin1Fonts();
  fonts.emplace("f-0-1", CMap(ReadFile(std::string(PRAMAAN_TEXT_DATA_DIR) +
                                            "/cairo116_devanagari_f-0-1.cmap")));
  std::mt19937 rng(20240501);
  const char kAlphabet[] = "()<>[]{}/%\\#0123456789.+-eTJjdDmf*'\" \n\r\tBDCEMIqQ";
  int ok = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    if (round % 3 == 0) {
      s.resize(rng() % 512);
      for (char& c : s) c = static_cast<char>(rng());
    } else if (round % 3 == 1) {
      s.resize(rng() % 512);
      for (char& c : s) c = kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
    } else {
      s = base;
      for (int k = 0; k < 4; ++k) s[rng() % s.size()] = kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
    }
    Result<std::string> text = ReadText(s, fonts);
    ok += text.ok();
    if (round % 10 == 0) {  // the same bytes as a font's ToUnicode CMap
      FontMap garbage_cmap;
      garbage_cmap.emplace("F1", s);
      (void)ReadText("BT /F1 12 Tf (abc) Tj ET", garbage_cmap);
    }
  }
  EXPECT_GT(ok, 0);
}

// ---------------------------------------------------------------------------------------------
// Real cairo 1.16 output: a stored content stream, then PDFs drawn by pango-cairo here.

TEST(CairoText, StoredDevanagariStreamRoundTrips) {
  // Written by cairo 1.16 + pango 1.50 with Noto Sans Devanagari (see text_data/): "र्मा" and
  // "त्रि" are ActualText spans, "क्ष" and "श्र" single glyphs mapped to several characters.
  FontMap fonts;
  for (const char* name : {"f-0-0", "f-0-1"}) {
    fonts.emplace(name, CMap(ReadFile(std::string(PRAMAAN_TEXT_DATA_DIR) +
                                           "/cairo116_devanagari_" + name + ".cmap")));
  }
  const std::string content =
      ReadFile(std::string(PRAMAAN_TEXT_DATA_DIR) + "/cairo116_devanagari_content.txt");
  EXPECT_TEXT(Extract(content, fonts), "आशा वर्मा\nक्षत्रिय श्रेया");
  // Without ActualText the spans would read as U+FFFD: the spans matter.
  FontMap no_fonts;
  EXPECT_NE(Extract(content, no_fonts), Same("आशा वर्मा\nक्षत्रिय श्रेया"));
}

// Test-only PDF plumbing: objects, streams (inflated), page content and its fonts' CMaps. Plain
// string scanning over cairo's uncompressed object syntax (std::regex trips GCC 12 warnings).
bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

class MiniPdf {
 public:
  explicit MiniPdf(std::string bytes) : bytes_(std::move(bytes)) {
    for (std::size_t at = bytes_.find(" 0 obj"); at != std::string::npos;
         at = bytes_.find(" 0 obj", at + 1)) {
      std::size_t digits = at;
      while (digits > 0 && std::isdigit(static_cast<unsigned char>(bytes_[digits - 1]))) --digits;
      if (digits == at) continue;
      const std::size_t end = bytes_.find("endobj", at);
      if (end == std::string::npos) continue;
      objects_[std::stoi(bytes_.substr(digits, at - digits))] = bytes_.substr(at, end - at);
    }
  }

  // The object's dictionary text (before any stream).
  std::string Dict(int num) const {
    auto it = objects_.find(num);
    if (it == objects_.end()) return "";
    return it->second.substr(0, it->second.find("stream"));
  }

  // The object's stream, inflated when /FlateDecode.
  std::string Stream(int num) const {
    auto it = objects_.find(num);
    if (it == objects_.end()) return "";
    const std::string& obj = it->second;
    std::size_t s = obj.find("stream");
    if (s == std::string::npos) return "";
    s += 6;
    if (obj[s] == '\r') ++s;
    if (obj[s] == '\n') ++s;
    const std::size_t e = obj.rfind("endstream");
    std::string data = obj.substr(s, e - s);
    if (obj.substr(0, s).find("/FlateDecode") == std::string::npos) return data;
    return Inflate(data);
  }

  int PageObject() const {
    for (const auto& [num, text] : objects_) {
      const std::string dict = Dict(num);
      std::size_t t = dict.find("/Type");
      if (t == std::string::npos) continue;
      t += 5;
      while (t < dict.size() && IsSpace(dict[t])) ++t;
      if (dict.compare(t, 5, "/Page") == 0 &&
          (t + 5 >= dict.size() || !std::isalpha(static_cast<unsigned char>(dict[t + 5])))) {
        return num;
      }
    }
    return -1;
  }

  // "N 0 R" at `at` (after white space), or -1.
  static int RefAt(const std::string& text, std::size_t at) {
    while (at < text.size() && IsSpace(text[at])) ++at;
    std::size_t digits = at;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
      ++digits;
    }
    if (digits == at || text.compare(digits, 4, " 0 R") != 0) return -1;
    return std::stoi(text.substr(at, digits - at));
  }

  static int Ref(const std::string& dict, const std::string& key) {
    const std::size_t k = dict.find("/" + key);
    return k == std::string::npos ? -1 : RefAt(dict, k + key.size() + 1);
  }

  // Page content and a ToUnicode map for every font of the page's resources.
  void PageText(std::string& content, FontMap& fonts) const {
    const int page = PageObject();
    ASSERT_GT(page, 0);
    content = Stream(Ref(Dict(page), "Contents"));
    std::string resources = Dict(page);
    if (int r = Ref(resources, "Resources"); r > 0) resources = Dict(r);
    std::size_t f = resources.find("/Font");
    ASSERT_NE(f, std::string::npos);
    f = resources.find("<<", f);
    ASSERT_NE(f, std::string::npos);
    const std::string font_dict = resources.substr(f + 2, resources.find(">>", f) - f - 2);
    for (std::size_t slash = font_dict.find('/'); slash != std::string::npos;
         slash = font_dict.find('/', slash + 1)) {
      std::size_t end = slash + 1;
      while (end < font_dict.size() && !IsSpace(font_dict[end])) ++end;
      const std::string name = font_dict.substr(slash + 1, end - slash - 1);
      const int font = RefAt(font_dict, end);
      ASSERT_GT(font, 0) << name;
      const int tu = Ref(Dict(font), "ToUnicode");
      ASSERT_GT(tu, 0) << "font " << name << " has no ToUnicode";
      fonts.emplace(name, CMap(Stream(tu)));
    }
  }

 private:
  static std::string Inflate(const std::string& in) {
    z_stream z{};
    EXPECT_EQ(inflateInit(&z), Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    std::string out;
    char buf[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof(buf);
      rc = inflate(&z, Z_NO_FLUSH);
      out.append(buf, sizeof(buf) - z.avail_out);
    }
    EXPECT_EQ(rc, Z_STREAM_END);
    inflateEnd(&z);
    return out;
  }

  std::string bytes_;
  std::map<int, std::string> objects_;
};

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct Line {
  std::string font;  // pango font description
  std::string text;
};

// Draws each line as its own pango layout, one under the other, as the certificate renderer
// does, and returns the PDF.
std::string DrawPdf(const std::vector<Line>& lines) {
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(AppendToString, &pdf, 595, 842);
  cairo_t* cr = cairo_create(surface);
  double y = 60;
  for (const Line& line : lines) {
    PangoLayout* layout = pango_cairo_create_layout(cr);
    PangoFontDescription* desc = pango_font_description_from_string(line.font.c_str());
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);
    pango_layout_set_text(layout, line.text.c_str(), -1);
    cairo_move_to(cr, 60, y);
    pango_cairo_show_layout(cr, layout);
    int w = 0, h = 0;
    pango_layout_get_pixel_size(layout, &w, &h);
    y += h + 12;
    g_object_unref(layout);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  EXPECT_EQ(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(surface);
  return pdf;
}

// The page text of a PDF cairo drew, read in raw order by poppler; `content_out` gets the
// page's content stream (test-only plumbing, to see what cairo wrote).
std::string ExtractFromPdf(const std::string& pdf, std::string* content_out = nullptr) {
  if (content_out != nullptr) {
    MiniPdf doc(pdf);
    FontMap fonts;
    doc.PageText(*content_out, fonts);
  }
  Result<std::string> text = PageTextInRawOrder(pdf, 0);
  EXPECT_TRUE(text.ok()) << (text.ok() ? "" : text.error().message());
  return text.ok() ? *text : "<error>";
}

// The lines drawn come back, in order, as the page's text (compared without white space and
// bidi marks: poppler places spaces and line breaks by glyph position).
void ExpectRoundTrip(const std::vector<Line>& lines, std::string* content = nullptr) {
  const std::string text = ExtractFromPdf(DrawPdf(lines), content);
  std::string want;
  for (const Line& l : lines) want += l.text;
  EXPECT_EQ(ComparableText(text), ComparableText(want)) << "extracted:\n" << text;
}

TEST(CairoText, CertificateTextRoundTrips) {
  std::string content;
  ExpectRoundTrip({{"Noto Sans 20", "Certificate of Completion"},
                   {"Noto Sans 14", "This certifies that"},
                   {"Noto Sans Bold 28", "Asha Varma"},
                   {"Noto Sans 28", "आशा वर्मा"},
                   {"Noto Sans 20", "क्षत्रिय श्रेया"},
                   {"Noto Sans 14", "has completed Introduction to Office Efficiency"},
                   {"Noto Sans 20", "தமிழ்"},
                   {"Noto Sans 20", "اردو"},
                   {"Noto Sans 12", "Issued 2024-05-01 · जारी १ मई २०२४"}},
                  &content);
  // cairo wrote both forms: ActualText spans and multi-character ToUnicode entries.
  EXPECT_NE(content.find("/ActualText <feff"), std::string::npos);
}

TEST(CairoText, UrduRoundTripsInArabicScriptFonts) {
  for (const char* font : {"Noto Naskh Arabic 24", "Noto Nastaliq Urdu 24"}) {
    ExpectRoundTrip({{font, "اردو"},
                     {font, "اردو زبان"},
                     {font, "محمد عبدالرحمن مستنصر حسین"},
                     {"Noto Sans 14", "Certificate"}});
  }
}

TEST(CairoText, IndianScriptsRoundTrip) {
  ExpectRoundTrip({{"Noto Sans 20", "আশা বর্মা"},  // Bengali
                   {"Noto Sans 20", "ਆਸ਼ਾ ਵਰਮਾ"},  // Gurmukhi
                   {"Noto Sans 20", "આશા વર્મા"},  // Gujarati
                   {"Noto Sans 20", "ଆଶା ବର୍ମା"},  // Odia
                   {"Noto Sans 20", "ஆஷா வர்மா"},  // Tamil
                   {"Noto Sans 20", "ఆశా వర్మ"},    // Telugu
                   {"Noto Sans 20", "ಆಶಾ ವರ್ಮಾ"},  // Kannada
                   {"Noto Sans 20", "ആശ വർമ്മ"},   // Malayalam
                   {"Noto Sans 20", "क्षत्रिय श्रेया द्वारा प्रमाणित"}});
}

TEST(CairoText, MixedScriptsOnOneLine) {
  ExpectRoundTrip({{"Noto Sans 18", "Asha Varma (आशा वर्मा) — தமிழ் / اردو"}});
}

}  // namespace
}  // namespace pramaan::pdf
