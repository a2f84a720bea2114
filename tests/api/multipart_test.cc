// Unit tests of the multipart/form-data reader (api/multipart.h): uploads as browsers send
// them, the boundary's forms, bytes kept exactly, and the bodies and headers it refuses.
#include "api/multipart.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace pramaan::api {
namespace {

using namespace std::string_literals;

constexpr std::string_view kBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
const std::string kContentType = "multipart/form-data; boundary=" + std::string(kBoundary);

// A body with `parts` (each its headers, a blank line and its bytes) the way Chromium sends it.
std::string Body(const std::vector<std::string>& parts) {
  std::string body;
  for (const std::string& part : parts)
    body += "--" + std::string(kBoundary) + "\r\n" + part + "\r\n";
  return body + "--" + std::string(kBoundary) + "--\r\n";
}

std::string FilePart(std::string_view bytes) {
  return "Content-Disposition: form-data; name=\"pdf\"; filename=\"certificate.pdf\"\r\n"
         "Content-Type: application/pdf\r\n\r\n" +
         std::string(bytes);
}

// True when `view` lies inside `text`.
bool Inside(std::string_view view, const std::string& text) {
  return view.data() >= text.data() && view.data() + view.size() <= text.data() + text.size();
}

TEST(MultipartFormData, ReadsChromiumUploadOfFileAndTextField) {
  const std::string pdf = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";
  const std::string body = Body(
      {"Content-Disposition: form-data; name=\"certificate\"\r\n\r\nABCD-1234", FilePart(pdf)});
  auto parts = ParseMultipartFormData(body, kContentType);
  ASSERT_TRUE(parts.ok()) << parts.error().message();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "certificate");
  EXPECT_EQ((*parts)[0].filename, "");
  EXPECT_EQ((*parts)[0].content_type, "");
  EXPECT_EQ((*parts)[0].body, "ABCD-1234");
  EXPECT_EQ((*parts)[1].name, "pdf");
  EXPECT_EQ((*parts)[1].filename, "certificate.pdf");
  EXPECT_EQ((*parts)[1].content_type, "application/pdf");
  EXPECT_EQ((*parts)[1].body, pdf);
  EXPECT_TRUE(Inside((*parts)[1].body, body));
}

TEST(MultipartFormData, ReadsQuotedBoundaryAndParametersInAnyCase) {
  const std::string body =
      "--a b:c=?\r\n"
      "content-disposition: Form-Data; NAME=\"p\\\"df\"; FileName=\"a\\\\b.pdf\"; "
      "filename*=UTF-8''x.pdf\r\n"
      "CONTENT-TYPE: Application/PDF; name=x\r\n"
      "X-Other: ignored\r\n"
      "\r\n"
      "%PDF\r\n"
      "--a b:c=?--";
  auto parts =
      ParseMultipartFormData(body, "Multipart/Form-Data;charset=utf-8; BOUNDARY=\"a b:c=?\"");
  ASSERT_TRUE(parts.ok()) << parts.error().message();
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].name, "p\"df");
  EXPECT_EQ((*parts)[0].filename, "a\\b.pdf");
  EXPECT_EQ((*parts)[0].content_type, "application/pdf");
  EXPECT_EQ((*parts)[0].body, "%PDF");
}

TEST(MultipartFormData, IgnoresPreambleAndEpilogue) {
  const std::string body = "This is a preamble.\r\n--xyz\r\n" +
                           "Content-Disposition: form-data; name=a\r\n\r\n1\r\n"s +
                           "--xyz  \t\r\n"  // transport padding
                           "Content-Disposition: form-data; name=b\r\n\r\n2\r\n"
                           "--xyz--\r\nThis is an epilogue, with --xyz in it.\r\n--xyz\r\n";
  auto parts = ParseMultipartFormData(body, "multipart/form-data; boundary=xyz");
  ASSERT_TRUE(parts.ok()) << parts.error().message();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].body, "1");
  EXPECT_EQ((*parts)[1].body, "2");
}

TEST(MultipartFormData, DoesNotSplitOnBoundaryTextWithoutLeadingCrlfDashes) {
  const std::string b(kBoundary);
  const std::string bytes = "inline " + b + " and --" + b + "\n--" + b + "\r" + b + "\r\n-" + b +
                            "\r\n" + b + "\r\n--" + b.substr(0, b.size() - 1) + "\r\nend";
  const std::string body = Body({FilePart(bytes)});  // the parts are views into it
  auto parts = ParseMultipartFormData(body, kContentType);
  ASSERT_TRUE(parts.ok()) << parts.error().message();
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].body, bytes);
}

TEST(MultipartFormData, PreservesBinaryBytesExactly) {
  std::string bytes = "%PDF-1.4\r\n\0\0\x01\xff\xfe\r\n\r\n--\r\n\r\n\r"s;
  for (int c = 0; c < 256; ++c) bytes += static_cast<char>(c);
  bytes += "\r\n"s;  // a file may end in a line break of its own
  const std::string body = Body({FilePart(bytes)});
  auto parts = ParseMultipartFormData(body, kContentType);
  ASSERT_TRUE(parts.ok()) << parts.error().message();
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].body, bytes);
  EXPECT_TRUE(Inside((*parts)[0].body, body));
}

TEST(MultipartFormData, ReadsEmptyFilePart) {
  // What a browser sends for a file input left empty, and an empty file.
  const std::string body =
      Body({"Content-Disposition: form-data; name=\"pdf\"; filename=\"\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n",
            FilePart("")});
  auto parts = ParseMultipartFormData(body, kContentType);
  ASSERT_TRUE(parts.ok()) << parts.error().message();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].filename, "");
  EXPECT_EQ((*parts)[0].content_type, "application/octet-stream");
  EXPECT_TRUE((*parts)[0].body.empty());
  EXPECT_EQ((*parts)[1].filename, "certificate.pdf");
  EXPECT_TRUE((*parts)[1].body.empty());
  EXPECT_TRUE(Inside((*parts)[1].body, body));
}

TEST(MultipartFormData, AcceptsBoundaryOf70Characters) {
  const std::string boundary(70, 'b');
  const std::string body = "--" + boundary +
                           "\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--" + boundary +
                           "--";
  auto parts = ParseMultipartFormData(body, "multipart/form-data; boundary=" + boundary);
  ASSERT_TRUE(parts.ok()) << parts.error().message();
  EXPECT_EQ((*parts)[0].body, "x");
}

TEST(MultipartFormData, AcceptsAtMostTheMaximumNumberOfParts) {
  std::vector<std::string> fields(kMaxMultipartParts,
                                  "Content-Disposition: form-data; name=f\r\n\r\nv");
  auto parts = ParseMultipartFormData(Body(fields), kContentType);
  ASSERT_TRUE(parts.ok()) << parts.error().message();
  EXPECT_EQ(parts->size(), kMaxMultipartParts);

  fields.push_back(fields.back());
  parts = ParseMultipartFormData(Body(fields), kContentType);
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.error().code(), ErrorCode::kTooLarge);
  EXPECT_EQ(parts.error().message(), "a multipart body may hold at most 16 parts");
}

TEST(MultipartFormData, FailsWhenPartHeadersAreOver8KiB) {
  const std::string part = "Content-Disposition: form-data; name=a\r\nX-Padding: " +
                           std::string(kMaxMultipartHeaderBytes, 'x') + "\r\n\r\nv";
  auto parts = ParseMultipartFormData(Body({part}), kContentType);
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.error().code(), ErrorCode::kTooLarge);
}

struct Refused {
  const char* what;
  std::string body;
  std::string content_type;
  std::string message;
};

TEST(MultipartFormData, FailsOnMalformedInputWithOneSentence) {
  const std::string field = "Content-Disposition: form-data; name=a\r\n\r\nv";
  const std::string b(kBoundary);
  const std::vector<Refused> cases = {
      {"missing closing boundary", "--" + b + "\r\n" + field + "\r\n", kContentType,
       "the multipart body has no closing boundary \"--" + b + "--\""},
      {"body cut after a delimiter", "--" + b + "\r\n" + field + "\r\n--" + b, kContentType,
       "the multipart body has no closing boundary \"--" + b + "--\""},
      {"missing Content-Disposition", Body({"Content-Type: application/pdf\r\n\r\n%PDF"}),
       kContentType, "part 1 of the multipart body has no Content-Disposition header"},
      {"part without headers", Body({"\r\n%PDF"}), kContentType,
       "part 1 of the multipart body has no Content-Disposition header"},
      {"no boundary parameter", Body({field}), "multipart/form-data; charset=utf-8",
       "the request's Content-Type has no boundary parameter"},
      {"boundary longer than 70", Body({field}),
       "multipart/form-data; boundary=" + std::string(71, 'b'),
       "the multipart boundary must be 1 to 70 characters long"},
      {"empty boundary", Body({field}), "multipart/form-data; boundary=\"\"",
       "the multipart boundary must be 1 to 70 characters long"},
      {"boundary with a character outside RFC 2046's set", Body({field}),
       "multipart/form-data; boundary=\"a@b\"",
       "the multipart boundary may hold only letters, digits, spaces and '()+_,-./:=?"},
      {"boundary ending in a space", Body({field}), "multipart/form-data; boundary=\"ab \"",
       "the multipart boundary must not end in a space"},
      {"another media type", Body({field}), "application/x-www-form-urlencoded",
       "the request's Content-Type must be multipart/form-data"},
      {"unterminated quoted boundary", Body({field}), "multipart/form-data; boundary=\"abc",
       "the request's Content-Type has a malformed parameter"},
      {"boundary named twice", Body({field}), kContentType + "; boundary=other",
       "the request's Content-Type names the parameter boundary twice"},
      {"no boundary in the body", field, kContentType,
       "the multipart body has no boundary \"--" + b + "\""},
      {"no parts", "--" + b + "--\r\n", kContentType, "the multipart body holds no parts"},
      {"boundary text followed by more text", "--" + b + "x\r\n" + field + "\r\n--" + b + "--",
       kContentType,
       "the multipart boundary \"--" + b +
           "\" is followed by something other than a line break or \"--\""},
      {"no name", Body({"Content-Disposition: form-data; filename=\"a.pdf\"\r\n\r\nv"}),
       kContentType,
       "the Content-Disposition of part 1 of the multipart body has no name parameter"},
      {"not form-data", Body({"Content-Disposition: attachment; name=a\r\n\r\nv"}), kContentType,
       "the Content-Disposition of part 1 of the multipart body is not form-data"},
      {"two Content-Dispositions", Body({"Content-Disposition: form-data; name=a\r\n" + field}),
       kContentType, "part 1 of the multipart body has two Content-Disposition headers"},
      {"no blank line after the headers", Body({field, "Content-Disposition: form-data; name=b"}),
       kContentType, "part 2 of the multipart body has no blank line after its headers"},
      {"header line without a colon", Body({"Content-Disposition form-data\r\n\r\nv"}),
       kContentType, "part 1 of the multipart body has a malformed header line"},
      {"bare line feed in the headers",
       Body({"Content-Disposition: form-data; name=a\nX: y\r\n\r\nv"}), kContentType,
       "part 1 of the multipart body has a control character in its headers"},
  };
  for (const Refused& refused : cases) {
    auto parts = ParseMultipartFormData(refused.body, refused.content_type);
    ASSERT_FALSE(parts.ok()) << refused.what;
    EXPECT_EQ(parts.error().code(), ErrorCode::kInvalidInput) << refused.what;
    EXPECT_EQ(parts.error().message(), refused.message) << refused.what;
  }
}

}  // namespace
}  // namespace pramaan::api
