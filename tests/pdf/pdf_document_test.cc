// The PDF reader: object syntax, classic cross-reference tables with incremental updates,
// Flate streams, pages and their text resources; and hostile input, which must give a clear
// error and never crash, loop or allocate without bound (these also run under ASan + UBSan).
#include "core/pdf/pdf_document.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/pdf/pdf_object.h"

namespace pramaan::pdf {
namespace {

std::string Deflate(const std::string& data) {
  uLongf length = compressBound(static_cast<uLong>(data.size()));
  std::string out(length, '\0');
  compress2(reinterpret_cast<Bytef*>(out.data()), &length,
            reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()), 6);
  out.resize(length);
  return out;
}

std::string Stream(const std::string& extra_dictionary, const std::string& data) {
  return "<< /Length " + std::to_string(data.size()) + " " + extra_dictionary + " >>\nstream\n" +
         data + "\nendstream";
}

// A PDF file whose object i+1 has body `objects[i]`, with a correct classic xref table.
// `prefix` (the bytes before the objects) starts the file; `trailer` is the trailer's body.
std::string BuildPdf(const std::vector<std::string>& objects,
                     const std::string& trailer = "/Root 1 0 R",
                     const std::string& prefix = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n") {
  std::string out = prefix;
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (const size_t offset : offsets) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
    out += entry;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " " + trailer +
         " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

// Appends an update replacing object `number` with `body`.
std::string AppendUpdate(const std::string& pdf, uint32_t number, const std::string& body,
                         size_t previous_xref, size_t size) {
  std::string out = pdf;
  const size_t at = out.size();
  out += std::to_string(number) + " 0 obj\n" + body + "\nendobj\n";
  const size_t xref = out.size();
  char entry[32];
  std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", at);
  out += "xref\n" + std::to_string(number) + " 1\n" + entry + "trailer\n<< /Size " +
         std::to_string(size) + " /Root 1 0 R /Prev " + std::to_string(previous_xref) +
         " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

const std::string kContent = "BT /f-0-0 12 Tf 72 720 Td <0102> Tj ET";
const std::string kCMap = "/CIDInit /ProcSet findresource begin 1 beginbfchar <01> <0041> endbfchar end";

// catalog, pages, page, content (Flate, indirect /Length), its length, resources, font, cmap.
std::vector<std::string> OnePageObjects() {
  const std::string compressed = Deflate(kContent);
  return {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources 6 0 R >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 4 0 R >>",
      "<< /Length 5 0 R /Filter /FlateDecode >>\nstream\n" + compressed + "\nendstream",
      std::to_string(compressed.size()),
      "<< /Font << /f-0-0 7 0 R /f-1-0 << /Type /Font >> >> >>",
      "<< /Type /Font /Subtype /Type0 /ToUnicode 8 0 R >>",
      Stream("/Filter /FlateDecode", Deflate(kCMap)),
  };
}

TEST(PdfObjectParser, ParsesEveryObjectType) {
  Parser parser(
      "<< /Null null /T true /F false /I -42 /R 3.5 /R2 -.25 /S (a\\(b\\)\\n\\101(nested)) "
      "/H <48 65 6c6C6f7> /N /A#20B#2Fc /A [1 2 0 R [/x] <<>>] /Ref 12 3 R >>");
  auto object = parser.ParseObject();
  ASSERT_TRUE(object.ok()) << object.error().message();
  ASSERT_TRUE(object->is_dictionary());
  EXPECT_TRUE(object->Find("Null")->is_null());
  EXPECT_TRUE(object->Find("T")->bool_value());
  EXPECT_FALSE(object->Find("F")->bool_value());
  EXPECT_EQ(object->Find("I")->integer(), -42);
  EXPECT_DOUBLE_EQ(object->Find("R")->number(), 3.5);
  EXPECT_DOUBLE_EQ(object->Find("R2")->number(), -0.25);
  EXPECT_EQ(object->Find("S")->text(), "a(b)\nA(nested)");
  EXPECT_EQ(object->Find("H")->text(), "Hello\x70");
  EXPECT_EQ(object->Find("N")->text(), "A B/c");
  const auto& array = object->Find("A")->array();
  ASSERT_EQ(array.size(), 4u);
  EXPECT_EQ(array[0].integer(), 1);
  EXPECT_TRUE(array[1].is_reference());
  EXPECT_EQ(array[1].reference(), (ObjectRef{2, 0}));
  EXPECT_TRUE(array[2].array()[0].IsName("x"));
  EXPECT_TRUE(array[3].is_dictionary());
  EXPECT_EQ(object->Find("Ref")->reference(), (ObjectRef{12, 3}));
}

TEST(PdfObjectParser, SerializeRoundTrips) {
  const std::string text = "<</Type /Filespec /F (a\\(b\\)\\\\c) /N /application#2Fvc+ld+json /A [1 -2.5 3 0 R null true]>>";
  Parser parser(text);
  auto object = parser.ParseObject();
  ASSERT_TRUE(object.ok());
  const std::string serialized = object->Serialize();
  Parser again(serialized);
  auto reparsed = again.ParseObject();
  ASSERT_TRUE(reparsed.ok());
  EXPECT_EQ(reparsed->Serialize(), object->Serialize());
  EXPECT_EQ(object->Find("N")->text(), "application/vc+ld+json");
  EXPECT_NE(object->Serialize().find("/application#2Fvc+ld+json"), std::string::npos);
}

TEST(PdfObjectParser, SerializesRealsInFixedNotation) {
  EXPECT_EQ(PdfObject::Real(2.5).Serialize(), "2.5");
  EXPECT_EQ(PdfObject::Real(-0.125).Serialize(), "-0.125");
  EXPECT_EQ(PdfObject::Real(100.0).Serialize(), "100");
  EXPECT_EQ(PdfObject::Real(-0.0000001).Serialize(), "0");  // below 6 decimals: "-0" is "0"
  EXPECT_EQ(PdfObject::Real(std::nan("")).Serialize(), "0");
  // A large real keeps every digit (a 64-byte buffer once cut 1e300 down to "1").
  const std::string large = PdfObject::Real(1e300).Serialize();
  EXPECT_EQ(large.size(), 301u);
  EXPECT_EQ(large.substr(0, 4), "1000");
  EXPECT_EQ(large.find('.'), std::string::npos);
}

TEST(PdfObjectParser, IntegersPast64BitsReadAsRealsAndRoundTrip) {
  // Found by the PDF fuzz target's round-trip check (tests/fuzz/crashes/pdf/
  // big_real_does_not_round_trip.pdf): 1e23 was written as "100000000000000008388608",
  // which the parser then refused as an integer out of range.
  for (const std::string text : {"100000000000000000000000.5", "-99999999999999999999",
                                 "100000000000000008388608"}) {
    Parser parser(text);
    auto object = parser.ParseObject();
    ASSERT_TRUE(object.ok()) << text;
    EXPECT_EQ(object->type(), PdfObject::Type::kReal) << text;
    const std::string once = object->Serialize();
    Parser again(once);
    auto reparsed = again.ParseObject();
    ASSERT_TRUE(reparsed.ok()) << once;
    EXPECT_EQ(reparsed->Serialize(), once);
  }
  Parser small("9223372036854775807");
  EXPECT_EQ(small.ParseObject()->type(), PdfObject::Type::kInteger);
}

TEST(PdfObjectParser, RejectsMalformedObjects) {
  for (const std::string text :
       {"(unterminated", "<41 4", "<4G>", "<< /A 1", "<< 1 2 >>", "[1 2", "/A#4", "/A#ZZ", "1.2.3",
        "--1", ">>", "nul", "<< /A >>"}) {
    Parser parser(text);
    EXPECT_FALSE(parser.ParseObject().ok()) << text;
  }
}

TEST(PdfObjectParser, RejectsDeepNestingWithoutExhaustingTheStack) {
  for (const std::string open : {"[", "<< /A "}) {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += open;
    Parser parser(text);
    auto object = parser.ParseObject();
    ASSERT_FALSE(object.ok());
    EXPECT_NE(object.error().message().find("nested too deeply"), std::string::npos);
  }
  std::string ok_depth;
  for (int i = 0; i < kMaxObjectDepth - 1; ++i) ok_depth += "[";
  for (int i = 0; i < kMaxObjectDepth - 1; ++i) ok_depth += "]";
  Parser parser(ok_depth);
  EXPECT_TRUE(parser.ParseObject().ok());
}

TEST(PdfDocument, ReadsPagesContentsAndToUnicode) {
  auto document = PdfDocument::Parse(BuildPdf(OnePageObjects()));
  ASSERT_TRUE(document.ok()) << document.error().message();
  EXPECT_EQ(document->section_count(), 1);
  EXPECT_EQ(document->size(), 9u);
  auto pages = document->Pages();
  ASSERT_TRUE(pages.ok()) << pages.error().message();
  ASSERT_EQ(pages->size(), 1u);
  EXPECT_EQ(pages->at(0), (ObjectRef{3, 0}));
  auto contents = document->PageContents(0);
  ASSERT_TRUE(contents.ok()) << contents.error().message();
  EXPECT_EQ(*contents, kContent);
  auto fonts = document->PageFontToUnicode(0);  // resources inherited from the Pages node
  ASSERT_TRUE(fonts.ok()) << fonts.error().message();
  ASSERT_EQ(fonts->size(), 1u) << "the font without /ToUnicode is left out";
  EXPECT_EQ(fonts->at("f-0-0"), kCMap);
  auto missing = document->PageContents(1);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

TEST(PdfDocument, JoinsAContentsArray) {
  auto objects = OnePageObjects();
  objects[2] = "<< /Type /Page /Parent 2 0 R /Contents [4 0 R 9 0 R] >>";
  objects.push_back(Stream("", "0 0 m 1 1 l S"));
  auto document = PdfDocument::Parse(BuildPdf(objects));
  ASSERT_TRUE(document.ok());
  auto contents = document->PageContents(0);
  ASSERT_TRUE(contents.ok()) << contents.error().message();
  EXPECT_EQ(*contents, kContent + "\n0 0 m 1 1 l S");
}

TEST(PdfDocument, IncrementalUpdateReplacesObjects) {
  const std::string original = BuildPdf(OnePageObjects());
  auto first = PdfDocument::Parse(original);
  ASSERT_TRUE(first.ok());
  const std::string updated = AppendUpdate(
      original, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R >>",
      first->startxref(), 9);
  auto document = PdfDocument::Parse(updated);
  ASSERT_TRUE(document.ok()) << document.error().message();
  EXPECT_EQ(document->section_count(), 2);
  auto page = document->GetObject({3, 0});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->Find("MediaBox")->array()[2].integer(), 10);
  auto catalog = document->Catalog();
  ASSERT_TRUE(catalog.ok()) << "objects of the original section are still found";
}

// --- Hostile input: each must fail with a clear message, never crash. ---

TEST(PdfDocumentHostile, RejectsGarbageAndEmptyInput) {
  for (const std::string& input : {std::string(), std::string("garbage"), std::string(5000, '\xff'),
                                  std::string("%PDF-1.7\n"), std::string("%PDF-1.7\nstartxref\n999999\n%%EOF")}) {
    auto document = PdfDocument::Parse(input);
    ASSERT_FALSE(document.ok());
    EXPECT_EQ(document.error().code(), ErrorCode::kInvalidInput);
    EXPECT_FALSE(document.error().message().empty());
  }
}

TEST(PdfDocumentHostile, TruncatedFilesNeverCrash) {
  const std::string pdf = BuildPdf(OnePageObjects());
  for (size_t length = 0; length < pdf.size(); ++length) {
    auto document = PdfDocument::Parse(pdf.substr(0, length));
    if (!document.ok()) continue;
    // Whatever parsed must still answer every question without crashing.
    (void)document->Pages();
    (void)document->PageContents(0);
    (void)document->PageFontToUnicode(0);
  }
  // And cut in the middle of the compressed content stream: a clear error.
  std::string broken = pdf;
  const size_t stream = broken.find("stream\n") + 7;
  broken[stream + 5] ^= 0x55;
  broken[stream + 6] ^= 0x55;
  auto document = PdfDocument::Parse(broken);
  ASSERT_TRUE(document.ok());
  EXPECT_FALSE(document->PageContents(0).ok());
}

TEST(PdfDocumentHostile, EveryByteFlippedNeverCrashes) {
  const std::string pdf = BuildPdf(OnePageObjects());
  for (size_t at = 0; at < pdf.size(); ++at) {
    for (const char replacement : {'\0', '(', '<', '[', '9', ' '}) {
      std::string changed = pdf;
      changed[at] = replacement;
      auto document = PdfDocument::Parse(changed);
      if (!document.ok()) continue;
      (void)document->PageContents(0);
      (void)document->PageFontToUnicode(0);
    }
  }
}

TEST(PdfDocumentHostile, RejectsPrevLoops) {
  const std::string original = BuildPdf(OnePageObjects());
  auto first = PdfDocument::Parse(original);
  ASSERT_TRUE(first.ok());
  // An update whose /Prev points at itself.
  std::string looped = original;
  const size_t xref = looped.size();
  looped += "xref\n1 0\ntrailer\n<< /Size 9 /Root 1 0 R /Prev " + std::to_string(xref) +
            " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  auto document = PdfDocument::Parse(looped);
  ASSERT_FALSE(document.ok());
  EXPECT_NE(document.error().message().find("loops"), std::string::npos) << document.error().message();
  // A /Prev pointing outside the file.
  std::string outside = original;
  const size_t xref2 = outside.size();
  outside += "xref\n1 0\ntrailer\n<< /Size 9 /Root 1 0 R /Prev 99999999 >>\nstartxref\n" +
             std::to_string(xref2) + "\n%%EOF\n";
  EXPECT_FALSE(PdfDocument::Parse(outside).ok());
}

TEST(PdfDocumentHostile, RejectsHugeOrWrongLength) {
  auto objects = OnePageObjects();
  objects[4] = "99999999999";  // the content stream's indirect /Length
  auto document = PdfDocument::Parse(BuildPdf(objects));
  ASSERT_TRUE(document.ok());
  auto contents = document->PageContents(0);
  ASSERT_FALSE(contents.ok());
  EXPECT_NE(contents.error().message().find("/Length"), std::string::npos) << contents.error().message();
  objects[4] = "3";  // too short: endstream is not where /Length says
  document = PdfDocument::Parse(BuildPdf(objects));
  ASSERT_TRUE(document.ok());
  EXPECT_FALSE(document->PageContents(0).ok());
  objects[4] = "5 0 R";  // a /Length that refers to the stream itself
  document = PdfDocument::Parse(BuildPdf(objects));
  ASSERT_TRUE(document.ok());
  EXPECT_FALSE(document->PageContents(0).ok());
}

TEST(PdfDocumentHostile, BoundsDecompressedSize) {
  auto objects = OnePageObjects();
  const std::string bomb = Deflate(std::string(64u << 20, 'A'));  // 64 MiB of 'A' in ~64 KB
  objects[3] = "<< /Length 5 0 R /Filter /FlateDecode >>\nstream\n" + bomb + "\nendstream";
  objects[4] = std::to_string(bomb.size());
  auto document = PdfDocument::Parse(BuildPdf(objects));
  ASSERT_TRUE(document.ok());
  auto contents = document->PageContents(0);
  ASSERT_FALSE(contents.ok());
  EXPECT_NE(contents.error().message().find("more than"), std::string::npos) << contents.error().message();
  auto stream = document->GetObject({4, 0});
  ASSERT_TRUE(stream.ok());
  EXPECT_FALSE(document->DecodeStream(*stream, 1000).ok());
}

TEST(PdfDocumentHostile, RejectsPageTreeAndReferenceLoops) {
  auto objects = OnePageObjects();
  objects[1] = "<< /Type /Pages /Kids [2 0 R] /Count 1 >>";  // a Pages node that is its own kid
  auto document = PdfDocument::Parse(BuildPdf(objects));
  ASSERT_TRUE(document.ok());
  auto pages = document->Pages();
  ASSERT_FALSE(pages.ok());
  EXPECT_NE(pages.error().message().find("loops"), std::string::npos);

  objects = OnePageObjects();
  objects.push_back("10 0 R");
  objects.push_back("9 0 R");  // 9 -> 10 -> 9
  document = PdfDocument::Parse(BuildPdf(objects));
  ASSERT_TRUE(document.ok());
  EXPECT_FALSE(document->Resolve(PdfObject::Reference({9, 0})).ok());
  // A reference to a missing object is null (ISO 32000-1 section 7.3.10).
  auto missing = document->Resolve(PdfObject::Reference({500, 0}));
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->is_null());
}

TEST(PdfDocumentHostile, DeepNestingInAnObjectIsAnError) {
  auto objects = OnePageObjects();
  objects.push_back(std::string(5000, '[') + std::string(5000, ']'));
  auto document = PdfDocument::Parse(BuildPdf(objects));
  ASSERT_TRUE(document.ok());
  auto object = document->GetObject({9, 0});
  ASSERT_FALSE(object.ok());
  EXPECT_NE(object.error().message().find("nested too deeply"), std::string::npos);
}

TEST(PdfDocumentHostile, RefusesCrossReferenceStreamsAsUnsupported) {
  std::string pdf = "%PDF-1.5\n";
  const size_t at = pdf.size();
  pdf += "1 0 obj\n<< /Type /XRef /Size 2 /W [1 2 1] /Length 0 >>\nstream\n\nendstream\nendobj\n";
  pdf += "startxref\n" + std::to_string(at) + "\n%%EOF\n";
  auto document = PdfDocument::Parse(pdf);
  ASSERT_FALSE(document.ok());
  EXPECT_EQ(document.error().code(), ErrorCode::kUnsupported);
  EXPECT_NE(document.error().message().find("cross-reference stream"), std::string::npos);
}

TEST(PdfDocumentHostile, RejectsXrefCountsTheFileCannotHold) {
  std::string pdf = BuildPdf(OnePageObjects());
  const size_t xref = pdf.rfind("xref\n0 ");
  pdf.replace(xref, 7, "xref\n0 8000000");
  pdf.erase(xref + 14, 1);  // drop the old count's digit
  auto document = PdfDocument::Parse(pdf);
  EXPECT_FALSE(document.ok());
}

TEST(PdfDocumentHostile, RejectsUnsupportedFilters) {
  auto objects = OnePageObjects();
  objects[3] = "<< /Length 3 /Filter /LZWDecode >>\nstream\nabc\nendstream";
  auto document = PdfDocument::Parse(BuildPdf(objects));
  ASSERT_TRUE(document.ok());
  auto contents = document->PageContents(0);
  ASSERT_FALSE(contents.ok());
  EXPECT_EQ(contents.error().code(), ErrorCode::kUnsupported);
}

}  // namespace
}  // namespace pramaan::pdf
