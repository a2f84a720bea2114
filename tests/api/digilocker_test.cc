// Unit tests of the DigiLocker issuer APIs (api/digilocker.h): the HMAC, request parsing (and
// refusing DOCTYPEs and entities), Pull URI matching, Pull Doc, the URI format and the
// certificate data XML. Requests are written as the Issuer API Specification's samples are;
// the services are fakes.
#include "api/digilocker.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/encoding/base64.h"
#include "core/time/clock.h"
#include "core/time/rfc3339.h"
#include "tests/test_support.h"

namespace pramaan::api::digilocker {
namespace {

constexpr std::string_view kIssuerId = "in.gov.example-awarding";
constexpr std::string_view kDocType = "NCVQC";
constexpr std::string_view kApiKey = "test-api-key-shared-with-digilocker";
constexpr std::string_view kApaar = "987654321098";
constexpr std::string_view kNqrFirst = "QG-05-GE-01234-2024-V1.0-NCVET";
constexpr std::string_view kNqrSecond = "QG-04-AG-00999-2023-V2.0-NCVET";
constexpr std::string_view kFirstId = "abcdefghijklmnopqrst";
constexpr std::string_view kSecondId = "bcdefghijklmnopqrstu";

SecretBytes KeyOf(std::string_view text) {
  return SecretBytes(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

std::string Decoded(std::string_view base64) {
  auto bytes = DecodeBase64(base64);
  EXPECT_TRUE(bytes.ok()) << base64;
  if (!bytes.ok()) return "";
  return std::string(bytes->begin(), bytes->end());
}

// The text of the first <name>...</name> in `xml`, or nullopt when there is none.
std::optional<std::string> ElementText(const std::string& xml, const std::string& name) {
  const std::string open = "<" + name + ">";
  const std::size_t start = xml.find(open);
  if (start == std::string::npos) return std::nullopt;
  const std::size_t end = xml.find("</" + name + ">", start);
  if (end == std::string::npos) return std::nullopt;
  return xml.substr(start + open.size(), end - start - open.size());
}

// A signed credential shaped like issuer/qualification_builder.cc's output.
Json QualificationCredential(std::string_view short_id, std::string_view title,
                             std::string_view nqr_code, int level, double credits) {
  return {
      {"id", "https://pramaan.example/credentials/" + std::string(short_id)},
      {"type", Json::array({"VerifiableCredential", "OpenBadgeCredential"})},
      {"issuer",
       {{"id", "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"},
        {"type", Json::array({"Profile"})},
        {"name", "Capacity Building Commission, Government of India"}}},
      {"validFrom", "2026-11-20T09:00:00Z"},
      {"name", title},
      {"credentialSubject",
       {{"type", Json::array({"AchievementSubject"})},
        {"name", "Sumitra Das"},
        {"nameLocalized", {{"bn", "সুমিত্রা দাস"}}},
        {"activityEndDate", "2026-11-05"},
        {"creditsEarned", credits},
        {"achievement",
         {{"id", "https://pramaan.example/achievements/qualifications/" + std::string(nqr_code)},
          {"type", Json::array({"Achievement"})},
          {"achievementType", "Certification"},
          {"name", title},
          {"humanCode", nqr_code},
          {"fieldOfStudy", "Public Administration"},
          {"creditsAvailable", credits},
          {"notionalHours", credits * 30},
          {"alignment",
           Json::array({{{"type", Json::array({"Alignment"})},
                         {"targetName", "NSQF Level " + std::to_string(level)},
                         {"targetCode", std::to_string(level)},
                         {"targetFramework", "National Skills Qualifications Framework (NSQF)"},
                         {"targetType", "ext:NSQFLevel"}},
                        {{"type", Json::array({"Alignment"})},
                         {"targetName", title},
                         {"targetCode", nqr_code},
                         {"targetFramework", "National Qualifications Register (NQR)"},
                         {"targetType", "ext:NQRQualification"}}})},
          {"creator",
           {{"type", Json::array({"Profile"})},
            {"name", "Example Awarding Body for Public Administration"},
            {"otherIdentifier",
             Json::array({{{"type", Json::array({"IdentifierEntry"})},
                           {"identifier", "AB-EXAMPLE-0001"},
                           {"identifierType", "ext:NCVETRecognitionId"}}})}}}}}}},
      {"proof", {{"type", "DataIntegrityProof"}, {"cryptosuite", "eddsa-rdfc-2022"}}}};
}

// Bytes that are not text, so the test sees base64 of bytes and not of a string.
std::string FakePdf(const std::string& id) {
  return std::string("%PDF-1.7\n\x00\xff\xfe", 12) + "certificate " + id + "\n%%EOF\n";
}

using pramaan::testing::MovableClock;

Timestamp At(std::string_view text) {
  auto parsed = ParseRfc3339(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : Timestamp();
}

// The requests below are stamped 10:15 and 10:16 IST; the server's clock reads 10:16 IST.
constexpr std::string_view kNow = "2026-11-21T04:46:00Z";

// A repository with one learner (APAAR kApaar) and up to two awards, and fake services.
class DigiLockerTest : public ::testing::Test {
 protected:
  DigiLockerTest() : settings_{std::string(kIssuerId), std::string(kDocType), KeyOf(kApiKey)} {
    credentials_[std::string(kFirstId)] =
        QualificationCredential(kFirstId, "Public Service Delivery Associate", kNqrFirst, 5, 12);
    credentials_[std::string(kSecondId)] =
        QualificationCredential(kSecondId, "Field Assistant", kNqrSecond, 4, 7.5);
    awards_[std::string(kApaar)] = {{std::string(kFirstId), std::string(kNqrFirst), "Sumitra Das"}};

    services_.settings = &settings_;
    services_.clock = &clock_;
    services_.find_awards = [this](std::string_view apaar) -> Result<std::vector<AwardedDocument>> {
      ++find_awards_calls_;
      if (fail_services_) return Internal("the awarding store is unreachable");
      const auto it = awards_.find(std::string(apaar));
      if (it == awards_.end()) return std::vector<AwardedDocument>();
      return it->second;
    };
    services_.credential = [this](std::string_view id) -> Result<std::optional<Json>> {
      if (fail_services_) return Internal("the registry is unreachable");
      const auto it = credentials_.find(std::string(id));
      if (it == credentials_.end()) return std::optional<Json>();
      return std::optional<Json>(it->second);
    };
    services_.render_pdf = [this](const Json&, const std::string& id) -> Result<std::string> {
      ++render_calls_;
      return FakePdf(id);
    };
  }

  void AddSecondAward() {
    awards_[std::string(kApaar)].push_back(
        {std::string(kSecondId), std::string(kNqrSecond), "Sumitra Das"});
  }

  // A new transaction id for each request, as DigiLocker makes them: txn-20261121-0001, ...
  std::string NextTxn() {
    char txn[32];
    std::snprintf(txn, sizeof txn, "txn-20261121-%04d", ++transactions_);
    return txn;
  }

  // A Pull URI request as the specification's template shows it.
  std::string PullUriBody(std::string_view full_name, std::string_view udf1 = kApaar,
                          std::optional<std::string_view> udf2 = std::nullopt,
                          std::optional<std::string_view> format = "both",
                          std::string_view doc_type = kDocType,
                          std::string_view ts = "2026-11-21T10:15:00+05:30") {
    std::string body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<PullURIRequest xmlns=\"http://tempuri.org/\" ver=\"3.0\" "
        "ts=\"" + std::string(ts) + "\" txn=\"" + NextTxn() + "\" orgId=\"in.nic.digilocker\" "
        "keyhash=\"3f0a8b\"";
    if (format) body += " format=\"" + std::string(*format) + "\"";
    body += ">\n <DocDetails>\n";
    body += "  <DocType>" + std::string(doc_type) + "</DocType>\n";
    body += "  <DigiLockerId>123e4567-e89b-12d3-a456-426655440000</DigiLockerId>\n";
    body += "  <FullName>" + std::string(full_name) + "</FullName>\n";
    body += "  <DOB>31-12-1990</DOB>\n";
    body += "  <UDF1>" + std::string(udf1) + "</UDF1>\n";
    if (udf2) body += "  <UDF2>" + std::string(*udf2) + "</UDF2>\n";
    body += " </DocDetails>\n</PullURIRequest>\n";
    return body;
  }

  // A Pull Doc request as the specification's template shows it.
  std::string PullDocBody(std::string_view uri, std::optional<std::string_view> format = "both") {
    std::string body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<PullDocRequest xmlns:ns2=\"http://tempuri.org/\" ver=\"1.0\" "
        "ts=\"2026-11-21T10:16:00+05:30\" txn=\"" + NextTxn() + "\" orgId=\"in.nic.digilocker\"";
    if (format) body += " format=\"" + std::string(*format) + "\"";
    body += ">\n <DocDetails>\n  <URI>" + std::string(uri) +
            "</URI>\n  <DigiLockerId>123e4567-e89b-12d3-a456-426655440000</DigiLockerId>\n"
            " </DocDetails>\n</PullDocRequest>\n";
    return body;
  }

  Response PullUri(const std::string& body) {
    return HandlePullUri(body, {ComputeHmac(body, settings_.api_key)}, services_);
  }
  Response PullDoc(const std::string& body) {
    return HandlePullDoc(body, {ComputeHmac(body, settings_.api_key)}, services_);
  }

  std::string Uri(std::string_view id) const { return FormatUri(kIssuerId, kDocType, id); }

  Settings settings_;
  MovableClock clock_{At(kNow)};
  int transactions_ = 0;
  std::map<std::string, Json> credentials_;
  std::map<std::string, std::vector<AwardedDocument>> awards_;
  Services services_;
  bool fail_services_ = false;
  int find_awards_calls_ = 0;
  int render_calls_ = 0;
};

bool HasStatus(const Response& response, int status) {
  return response.body.find("<ResponseStatus Status=\"" + std::to_string(status) + "\"") !=
         std::string::npos;
}

// --- HMAC -------------------------------------------------------------------------------------

TEST(DigiLockerHmac, ComputeHmacIsBase64OfHmacSha256) {
  // RFC 4231-style published value: HMAC-SHA256("key", "The quick brown fox jumps over the lazy
  // dog") = f7bc83f4 30538424 b13298e6 aa6fb143 ef4d59a1 49461759 97479dbc 2d1a3cd8.
  EXPECT_EQ(ComputeHmac("The quick brown fox jumps over the lazy dog", KeyOf("key")),
            "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=");
}

TEST(DigiLockerHmac, CheckHmacAcceptsTheRawAndTheHexForm) {
  const SecretBytes key = KeyOf("key");
  const std::string body = "The quick brown fox jumps over the lazy dog";
  EXPECT_TRUE(CheckHmac(body, ComputeHmac(body, key), key));
  const std::string hex = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";
  EXPECT_TRUE(CheckHmac(body,
                        EncodeBase64(std::span<const uint8_t>(
                            reinterpret_cast<const uint8_t*>(hex.data()), hex.size())),
                        key));
}

TEST(DigiLockerHmac, CheckHmacFailsForWrongBodyKeyOrHeader) {
  const SecretBytes key = KeyOf("key");
  const std::string body = "<PullURIRequest/>";
  const std::string good = ComputeHmac(body, key);
  EXPECT_FALSE(CheckHmac(body + " ", good, key));
  EXPECT_FALSE(CheckHmac(body, good, KeyOf("other key")));
  EXPECT_FALSE(CheckHmac(body, "", key));
  EXPECT_FALSE(CheckHmac(body, good.substr(0, good.size() - 1), key));
  std::string flipped = good;
  flipped[3] = flipped[3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(CheckHmac(body, flipped, key));
}

TEST(DigiLockerHmac, CheckHmacFailsForAnEmptyKey) {
  const SecretBytes empty(std::size_t{0});
  const std::string body = "<PullURIRequest/>";
  EXPECT_FALSE(CheckHmac(body, ComputeHmac(body, empty), empty));
}

// --- URIs -------------------------------------------------------------------------------------

TEST(DigiLockerUri, FormatAndDocIdOfRoundTrip) {
  struct Case {
    std::string_view issuer_id, doc_type, doc_id;
  } cases[] = {
      {"in.gov.example", "NCVQC", "abcdefghijklmnopqrst"},
      {"in.gov.dept.state-x", "INCER", "1234567"},
      {"in-gov-example-awarding", "NCVQC", "id-with-dashes_and_underscores"},
      {"a-b", "c", "d"},
  };
  for (const Case& c : cases) {
    const std::string uri = FormatUri(c.issuer_id, c.doc_type, c.doc_id);
    EXPECT_EQ(uri, std::string(c.issuer_id) + "-" + std::string(c.doc_type) + "-" +
                       std::string(c.doc_id));
    EXPECT_EQ(DocIdOf(uri, c.issuer_id, c.doc_type), std::string(c.doc_id)) << uri;
  }
}

TEST(DigiLockerUri, DocIdOfFailsForAnotherIssuerDocTypeOrABadId) {
  const std::string_view issuer = "in.gov.example-awarding";
  EXPECT_EQ(DocIdOf("in.gov.example-awarding-NCVQC-", issuer, "NCVQC"), std::nullopt);
  EXPECT_EQ(DocIdOf("in.gov.example-awarding-NCVQC", issuer, "NCVQC"), std::nullopt);
  EXPECT_EQ(DocIdOf("in.gov.example-NCVQC-abc", issuer, "NCVQC"), std::nullopt);
  EXPECT_EQ(DocIdOf("in.gov.other-awarding-NCVQC-abc", issuer, "NCVQC"), std::nullopt);
  EXPECT_EQ(DocIdOf("in.gov.example-awarding-INCER-abc", issuer, "NCVQC"), std::nullopt);
  EXPECT_EQ(DocIdOf("in.gov.example-awarding-NCVQC-a/b", issuer, "NCVQC"), std::nullopt);
  EXPECT_EQ(DocIdOf("in.gov.example-awarding-NCVQC-a b", issuer, "NCVQC"), std::nullopt);
  EXPECT_EQ(DocIdOf("in.gov.example-awarding-NCVQC-" + std::string(65, 'a'), issuer, "NCVQC"),
            std::nullopt);
  EXPECT_EQ(DocIdOf("in.gov.example-awarding-NCVQC-" + std::string(64, 'a'), issuer, "NCVQC"),
            std::string(64, 'a'));
}

// --- Parsing ----------------------------------------------------------------------------------

TEST(DigiLockerParse, PullUriRequestReadsTheSpecificationsTemplate) {
  const std::string body =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<PullURIRequest xmlns=\"http://tempuri.org/\" ver=\"3.0\" ts=\"2026-11-21T10:15:00+05:30\" "
      "txn=\"1234\" orgId=\"org\" keyhash=\"ab\" format=\"XML\">\n"
      " <DocDetails>\n"
      "  <DocType>NCVQC</DocType>\n"
      "  <DigiLockerId>123e4567-e89b-12d3-a456-426655440000</DigiLockerId>\n"
      "  <UID>5f4dcc3b5aa765d61d8327deb882cf99</UID>\n"
      "  <FullName> Sumitra Das </FullName>\n"
      "  <DOB>31-12-1990</DOB>\n"
      "  <Photo>/9j/4AAQSkZJRg==</Photo>\n"
      "  <UDF1>987654321098</UDF1>\n"
      "  <UDF2><![CDATA[QG-05]]></UDF2>\n"
      "  <UDF10>x &amp; y</UDF10>\n"
      " </DocDetails>\n"
      "</PullURIRequest>";
  const auto request = ParsePullUriRequest(body);
  ASSERT_TRUE(request.ok()) << request.error().message();
  EXPECT_EQ(request->ver, "3.0");
  EXPECT_EQ(request->ts, "2026-11-21T10:15:00+05:30");
  EXPECT_EQ(request->txn, "1234");
  EXPECT_EQ(request->org_id, "org");
  EXPECT_EQ(request->format, "xml");
  EXPECT_EQ(request->doc_type, "NCVQC");
  EXPECT_EQ(request->digilocker_id, "123e4567-e89b-12d3-a456-426655440000");
  EXPECT_EQ(request->uid, "5f4dcc3b5aa765d61d8327deb882cf99");
  EXPECT_EQ(request->full_name, "Sumitra Das");
  EXPECT_EQ(request->dob, "31-12-1990");
  const std::map<std::string, std::string> udf = {
      {"UDF1", "987654321098"}, {"UDF2", "QG-05"}, {"UDF10", "x & y"}};
  EXPECT_EQ(request->udf, udf);
}

TEST(DigiLockerParse, PullDocRequestReadsTheSpecificationsTemplate) {
  const auto request = ParsePullDocRequest(
      "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n"
      "<PullDocRequest xmlns:ns2=\"http://tempuri.org/\" ver=\"1.0\" ts=\"t\" txn=\"1234567\" "
      "orgId=\"org\" format=\"pdf\">\n <DocDetails>\n"
      " <URI>in.gov.kerala.edistrict-INCER-123456</URI>\n"
      " <DigiLockerId>123e4567-e89b-12d3-a456-426655440000</DigiLockerId>\n"
      " </DocDetails>\n</PullDocRequest>");
  ASSERT_TRUE(request.ok()) << request.error().message();
  EXPECT_EQ(request->format, "pdf");
  EXPECT_EQ(request->uri, "in.gov.kerala.edistrict-INCER-123456");
  EXPECT_EQ(request->digilocker_id, "123e4567-e89b-12d3-a456-426655440000");
}

TEST(DigiLockerParse, FailsOnDoctypeEntitiesAndMalformedRequests) {
  const std::string good_details =
      "<DocDetails><DocType>NCVQC</DocType><UDF1>1</UDF1></DocDetails>";
  const std::string root = "<PullURIRequest ver=\"1\" ts=\"t\" txn=\"x\">";
  struct Case {
    std::string name, xml, message_part;
  } cases[] = {
      {"doctype", "<!DOCTYPE PullURIRequest>" + root + good_details + "</PullURIRequest>",
       "DOCTYPE"},
      {"internal entity",
       "<!DOCTYPE r [<!ENTITY name \"Sumitra Das\">]>" + root +
           "<DocDetails><DocType>NCVQC</DocType><FullName>&name;</FullName></DocDetails>"
           "</PullURIRequest>",
       "DOCTYPE"},
      {"external entity",
       "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" + root +
           "<DocDetails><DocType>&xxe;</DocType></DocDetails></PullURIRequest>",
       "DOCTYPE"},
      {"billion laughs",
       "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>" + root +
           "<DocDetails><DocType>&b;</DocType></DocDetails></PullURIRequest>",
       "DOCTYPE"},
      {"undeclared entity",
       root + "<DocDetails><DocType>&xxe;</DocType></DocDetails></PullURIRequest>",
       "not well-formed"},
      {"unclosed", root + good_details, "not well-formed"},
      {"not xml", "DocType=NCVQC&UDF1=1", "not well-formed"},
      {"empty", "", "not well-formed"},
      {"two roots", root + good_details + "</PullURIRequest><x/>", "not well-formed"},
      {"latin-1 bytes",
       root + "<DocDetails><DocType>NCVQC</DocType><FullName>Jos\xe9</FullName>"
              "</DocDetails></PullURIRequest>",
       "not well-formed"},
      {"other root",
       "<PullDocRequest ver=\"1\" ts=\"t\" txn=\"x\">" + good_details + "</PullDocRequest>",
       "not a <PullURIRequest>"},
      {"no ts", "<PullURIRequest ver=\"1\" txn=\"x\">" + good_details + "</PullURIRequest>",
       "no ts attribute"},
      {"no txn", "<PullURIRequest ver=\"1\" ts=\"t\">" + good_details + "</PullURIRequest>",
       "no txn attribute"},
      {"no DocDetails", root + "</PullURIRequest>", "no <DocDetails>"},
      {"no DocType", root + "<DocDetails><UDF1>1</UDF1></DocDetails></PullURIRequest>",
       "no <DocType>"},
      {"two DocTypes",
       root + "<DocDetails><DocType>A</DocType><DocType>B</DocType></DocDetails>"
              "</PullURIRequest>",
       "given twice"},
      {"two UDF1s",
       root + "<DocDetails><DocType>A</DocType><UDF1>1</UDF1><UDF1>2</UDF1></DocDetails>"
              "</PullURIRequest>",
       "given twice"},
      {"element in a value",
       root + "<DocDetails><DocType>A<b/></DocType></DocDetails></PullURIRequest>",
       "must hold text"},
      {"bad format",
       "<PullURIRequest ver=\"1\" ts=\"t\" txn=\"x\" format=\"xml/pdf/both\">" + good_details +
           "</PullURIRequest>",
       "format must be"},
      {"too deep",
       root + "<DocDetails><DocType>A</DocType><a><b><c><d><e><f><g/></f></e></d></c></b></a>"
              "</DocDetails></PullURIRequest>",
       "nested deeper"},
      {"too large", root + good_details + std::string(kMaxRequestBytes, ' ') + "</PullURIRequest>",
       "larger than"},
  };
  for (const Case& c : cases) {
    const auto request = ParsePullUriRequest(c.xml);
    ASSERT_FALSE(request.ok()) << c.name;
    EXPECT_EQ(request.error().code(), ErrorCode::kInvalidInput) << c.name;
    EXPECT_NE(request.error().message().find(c.message_part), std::string::npos)
        << c.name << ": " << request.error().message();
  }
}

TEST(DigiLockerParse, PullDocFailsWithoutUri) {
  const auto request = ParsePullDocRequest(
      "<PullDocRequest ver=\"1\" ts=\"t\" txn=\"x\"><DocDetails><DigiLockerId>d</DigiLockerId>"
      "</DocDetails></PullDocRequest>");
  ASSERT_FALSE(request.ok());
  EXPECT_NE(request.error().message().find("no <URI>"), std::string::npos);
}

// --- Pull URI ---------------------------------------------------------------------------------

TEST_F(DigiLockerTest, PullUriFailsWithoutHmac) {
  const std::string body = PullUriBody("Sumitra Das");
  const Response response = HandlePullUri(body, {}, services_);
  EXPECT_EQ(response.status, 401u);
  EXPECT_EQ(response.content_type, "application/xml");
  EXPECT_NE(response.body.find("<Error code=\"unauthorized\">"), std::string::npos);
  EXPECT_EQ(find_awards_calls_, 0);
}

TEST_F(DigiLockerTest, PullUriFailsWithWrongHmac) {
  const std::string body = PullUriBody("Sumitra Das");
  EXPECT_EQ(HandlePullUri(body, {ComputeHmac(body, KeyOf("another key"))}, services_).status, 401u);
  // The HMAC of another body (a replayed header on an edited request).
  EXPECT_EQ(
      HandlePullUri(body, {ComputeHmac(PullUriBody("Someone Else"), settings_.api_key)}, services_)
          .status,
      401u);
  EXPECT_EQ(HandlePullUri(body, {"not base64 at all"}, services_).status, 401u);
  EXPECT_EQ(find_awards_calls_, 0);
}

TEST_F(DigiLockerTest, PullUriFailsBeforeParsingWhenHmacIsWrong) {
  // A hostile body without a valid HMAC is refused as unauthorized, not read.
  const std::string body = "<!DOCTYPE r [<!ENTITY a \"a\">]><r>&a;</r>";
  EXPECT_EQ(HandlePullUri(body, {"AAAA"}, services_).status, 401u);
}

TEST_F(DigiLockerTest, PullUriFindsTheAwardWithTheRightHmac) {
  const std::string body = PullUriBody("Sumitra Das");
  const Response response = PullUri(body);
  ASSERT_EQ(response.status, 200u) << response.body;
  EXPECT_EQ(response.content_type, "application/xml");
  EXPECT_TRUE(
      response.body.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"));
  EXPECT_NE(response.body.find("<PullURIResponse xmlns:ns2=\"http://tempuri.org/\">"),
            std::string::npos);
  EXPECT_NE(response.body.find("<ResponseStatus Status=\"1\" ts=\"2026-11-21T10:15:00+05:30\" "
                               "txn=\"txn-20261121-0001\">1</ResponseStatus>"),
            std::string::npos)
      << response.body;
  EXPECT_EQ(ElementText(response.body, "URI"), Uri(kFirstId));
  EXPECT_EQ(ElementText(response.body, "DocType"), "NCVQC");
  EXPECT_EQ(ElementText(response.body, "DigiLockerId"), "123e4567-e89b-12d3-a456-426655440000");
  EXPECT_EQ(ElementText(response.body, "FullName"), "Sumitra Das");
  EXPECT_EQ(ElementText(response.body, "DOB"), "31-12-1990");
  EXPECT_EQ(ElementText(response.body, "UDF1"), std::string(kApaar));
  EXPECT_NE(response.body.find("<IssuedTo><Persons><Person name=\"Sumitra Das\"/></Persons>"
                               "</IssuedTo>"),
            std::string::npos);
  const auto doc = ElementText(response.body, "DocContent");
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(Decoded(*doc), FakePdf(std::string(kFirstId)));
  const auto data = ElementText(response.body, "DataContent");
  ASSERT_TRUE(data.has_value());
  EXPECT_EQ(Decoded(*data), CertificateDataXml(credentials_[std::string(kFirstId)]));
}

TEST_F(DigiLockerTest, PullUriMatchesNamesIgnoringCaseSpacesAndDots) {
  for (std::string_view name :
       {"sumitra das", "  SUMITRA   Das ", "Sumitra\tDas.", "Sumitra. Das", "S.u.m.i.t.r.a Das"}) {
    const Response response = PullUri(PullUriBody(name));
    EXPECT_TRUE(HasStatus(response, 1)) << name;
    EXPECT_EQ(ElementText(response.body, "URI"), Uri(kFirstId)) << name;
  }
}

TEST_F(DigiLockerTest, PullUriFailsWithStatusZeroWhenTheNameDoesNotMatch) {
  for (std::string_view name : {"Sumitra Dass", "Sumitra", "Das Sumitra", "SumitraDas", "", "."}) {
    const Response response = PullUri(PullUriBody(name));
    EXPECT_EQ(response.status, 200u) << name;
    EXPECT_TRUE(HasStatus(response, 0)) << name;
    EXPECT_EQ(ElementText(response.body, "URI"), std::nullopt) << name;
    EXPECT_EQ(response.body.find("DocContent"), std::string::npos) << name;
    EXPECT_EQ(response.body.find("IssuedTo"), std::string::npos) << name;
  }
}

TEST_F(DigiLockerTest, PullUriAnswersANameMismatchExactlyLikeNoAward) {
  // Status 0 does not reveal that the APAAR id has an award.
  const Response mismatch = PullUri(PullUriBody("Someone Else"));
  const Response no_award = PullUri(PullUriBody("Someone Else", "111111111111"));
  std::string expected = no_award.body;
  expected.replace(expected.find("111111111111"), 12, kApaar);
  expected.replace(expected.find("txn-20261121-0002"), 17, "txn-20261121-0001");
  EXPECT_EQ(mismatch.body, expected);
}

TEST_F(DigiLockerTest, PullUriFailsWithStatusZeroForTwoAwardsWithoutUdf2) {
  AddSecondAward();
  const Response response = PullUri(PullUriBody("Sumitra Das"));
  EXPECT_EQ(response.status, 200u);
  EXPECT_TRUE(HasStatus(response, 0));
  EXPECT_EQ(ElementText(response.body, "URI"), std::nullopt);
}

TEST_F(DigiLockerTest, PullUriChoosesAmongTwoAwardsByTheNqrCodeInUdf2) {
  AddSecondAward();
  const Response second = PullUri(PullUriBody("Sumitra Das", kApaar, kNqrSecond));
  EXPECT_TRUE(HasStatus(second, 1));
  EXPECT_EQ(ElementText(second.body, "URI"), Uri(kSecondId));
  EXPECT_EQ(ElementText(second.body, "UDF2"), std::string(kNqrSecond));
  const Response first =
      PullUri(PullUriBody("Sumitra Das", kApaar, " qg-05-ge-01234-2024-v1.0-ncvet "));
  EXPECT_TRUE(HasStatus(first, 1));
  EXPECT_EQ(ElementText(first.body, "URI"), Uri(kFirstId));
  const Response unknown = PullUri(PullUriBody("Sumitra Das", kApaar, "QG-00-XX-00000-2020-V1.0"));
  EXPECT_TRUE(HasStatus(unknown, 0));
}

TEST_F(DigiLockerTest, PullUriFailsWithStatusZeroForAnotherDocType) {
  const Response response =
      PullUri(PullUriBody("Sumitra Das", kApaar, std::nullopt, "both", "INCER"));
  EXPECT_EQ(response.status, 200u);
  EXPECT_TRUE(HasStatus(response, 0));
  EXPECT_EQ(find_awards_calls_, 0);
}

TEST_F(DigiLockerTest, PullUriFailsWithStatusZeroForABadOrUnknownApaarId) {
  for (std::string_view apaar :
       {"98765432109", "9876543210989", "98765432109x", "", "111111111111"}) {
    const Response response = PullUri(PullUriBody("Sumitra Das", apaar));
    EXPECT_EQ(response.status, 200u) << apaar;
    EXPECT_TRUE(HasStatus(response, 0)) << apaar;
  }
}

TEST_F(DigiLockerTest, PullUriFailsWithStatusZeroWhenTheCredentialIsGone) {
  credentials_.erase(std::string(kFirstId));
  const Response response = PullUri(PullUriBody("Sumitra Das"));
  EXPECT_TRUE(HasStatus(response, 0));
}

TEST_F(DigiLockerTest, PullUriRespectsFormat) {
  const Response pdf = PullUri(PullUriBody("Sumitra Das", kApaar, std::nullopt, "pdf"));
  EXPECT_TRUE(HasStatus(pdf, 1));
  EXPECT_TRUE(ElementText(pdf.body, "DocContent").has_value());
  EXPECT_FALSE(ElementText(pdf.body, "DataContent").has_value());

  render_calls_ = 0;
  const Response xml = PullUri(PullUriBody("Sumitra Das", kApaar, std::nullopt, "xml"));
  EXPECT_TRUE(HasStatus(xml, 1));
  EXPECT_FALSE(ElementText(xml.body, "DocContent").has_value());
  EXPECT_TRUE(ElementText(xml.body, "DataContent").has_value());
  EXPECT_EQ(render_calls_, 0);  // no PDF is rendered when none is asked for

  const Response absent = PullUri(PullUriBody("Sumitra Das", kApaar, std::nullopt, std::nullopt));
  EXPECT_TRUE(ElementText(absent.body, "DocContent").has_value());
  EXPECT_TRUE(ElementText(absent.body, "DataContent").has_value());
}

TEST_F(DigiLockerTest, PullUriFailsWith400ForDoctypeEntityOrMalformedBodies) {
  const std::string bodies[] = {
      "<?xml version=\"1.0\"?><!DOCTYPE PullURIRequest [<!ENTITY n \"Sumitra Das\">]>"
      "<PullURIRequest ver=\"3.0\" ts=\"t\" txn=\"x\"><DocDetails><DocType>NCVQC</DocType>"
      "<FullName>&n;</FullName><UDF1>987654321098</UDF1></DocDetails></PullURIRequest>",
      "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><PullURIRequest ver=\"3.0\" "
      "ts=\"t\" txn=\"x\"><DocDetails><DocType>&xxe;</DocType></DocDetails></PullURIRequest>",
      "<PullURIRequest ver=\"3.0\" ts=\"t\" txn=\"x\"><DocDetails><DocType>NCVQC</DocType>",
      "<PullURIRequest ver=\"3.0\" ts=\"t\" txn=\"x\"></PullURIRequest>",
      "",
  };
  for (const std::string& body : bodies) {
    const Response response = PullUri(body);
    EXPECT_EQ(response.status, 400u) << body;
    EXPECT_EQ(response.content_type, "application/xml");
    EXPECT_NE(response.body.find("<Error code=\"malformed-request\">"), std::string::npos);
  }
  EXPECT_EQ(find_awards_calls_, 0);
}

TEST_F(DigiLockerTest, PullUriFailsWith500WhenAServiceFails) {
  fail_services_ = true;
  const Response response = PullUri(PullUriBody("Sumitra Das"));
  EXPECT_EQ(response.status, 500u);
  EXPECT_EQ(response.body.find("unreachable"), std::string::npos);  // the cause stays here
}

TEST_F(DigiLockerTest, PullUriFailsWith500WhenNotConfigured) {
  services_.settings = nullptr;
  const std::string body = PullUriBody("Sumitra Das");
  EXPECT_EQ(HandlePullUri(body, {ComputeHmac(body, settings_.api_key)}, services_).status, 500u);
}

TEST_F(DigiLockerTest, PullUriEscapesWhatItEchoes) {
  const std::string body =
      "<PullURIRequest ver=\"3.0\" ts=\"2026-11-21T10:15:00+05:30\" txn=\"a&amp;b&quot;c&lt;1&gt;\" "
      "format=\"pdf\">"
      "<DocDetails><DocType>NCVQC</DocType><DigiLockerId>d</DigiLockerId>"
      "<FullName>Sumitra Das</FullName><UDF1>987654321098</UDF1>"
      "<UDF2>&lt;script&gt; &amp; more</UDF2></DocDetails></PullURIRequest>";
  const Response response = PullUri(body);
  ASSERT_EQ(response.status, 200u);
  EXPECT_NE(response.body.find("txn=\"a&amp;b&quot;c&lt;1&gt;\""), std::string::npos)
      << response.body;
  EXPECT_EQ(ElementText(response.body, "UDF2"), "&lt;script&gt; &amp; more");
}

// --- Replays (issue 17) ------------------------------------------------------------------------

TEST_F(DigiLockerTest, PullUriFailsWith401ForARequestDated2020) {
  const std::string body = PullUriBody("Sumitra Das", kApaar, std::nullopt, "both", kDocType,
                                       "2020-03-01T10:15:00+05:30");
  const Response response = PullUri(body);
  EXPECT_EQ(response.status, 401u) << response.body;
  EXPECT_NE(response.body.find("<Error code=\"stale-request\">"), std::string::npos);
  EXPECT_NE(response.body.find("ts 2020-03-01T10:15:00+05:30"), std::string::npos)
      << response.body;
  EXPECT_EQ(find_awards_calls_, 0);
}

TEST_F(DigiLockerTest, PullUriAcceptsTsOnlyWithinTheConfiguredSkew) {
  // 10:15 IST is 60 s before the clock. Accepted with the default 300 s either way...
  EXPECT_EQ(PullUri(PullUriBody("Sumitra Das")).status, 200u);
  EXPECT_EQ(PullUri(PullUriBody("Sumitra Das", kApaar, std::nullopt, "both", kDocType,
                                "2026-11-21T04:50:59Z"))
                .status,
            200u);  // 299 s ahead
  EXPECT_EQ(PullUri(PullUriBody("Sumitra Das", kApaar, std::nullopt, "both", kDocType,
                                "2026-11-21T04:51:01Z"))
                .status,
            401u);  // 301 s ahead
  // ...and refused when the window is configured to 30 s.
  settings_.max_skew = std::chrono::seconds(30);
  EXPECT_EQ(PullUri(PullUriBody("Sumitra Das")).status, 401u);
}

TEST_F(DigiLockerTest, PullUriFailsWith400ForATsThatIsNotATime) {
  for (std::string_view ts : {"t", "2026-11-21T10:15:00", "21-11-2026 10:15", ""}) {
    const Response response =
        PullUri(PullUriBody("Sumitra Das", kApaar, std::nullopt, "both", kDocType, ts));
    EXPECT_EQ(response.status, 400u) << ts;
    EXPECT_NE(response.body.find("ts"), std::string::npos) << response.body;
  }
  EXPECT_EQ(find_awards_calls_, 0);
}

TEST_F(DigiLockerTest, PullUriFailsWith401ForAReplayedTxn) {
  const std::string body = PullUriBody("Sumitra Das");
  ASSERT_EQ(PullUri(body).status, 200u);
  const int calls = find_awards_calls_;
  // The same request again, a minute later: the HMAC is still good, the txn is not new.
  clock_.Advance(std::chrono::seconds(60));
  const Response replayed = PullUri(body);
  EXPECT_EQ(replayed.status, 401u) << replayed.body;
  EXPECT_NE(replayed.body.find("<Error code=\"replayed-request\">"), std::string::npos);
  EXPECT_NE(replayed.body.find("txn-20261121-0001"), std::string::npos) << replayed.body;
  EXPECT_EQ(find_awards_calls_, calls);
  // Once the window has passed the request is still refused, by its ts.
  clock_.Advance(std::chrono::seconds(600));
  EXPECT_EQ(PullUri(body).status, 401u);
  EXPECT_EQ(find_awards_calls_, calls);
}

TEST_F(DigiLockerTest, PullDocFailsWith401ForAReplayedTxnButKeepsItApartFromPullUri) {
  const std::string doc = PullDocBody(Uri(kFirstId));
  ASSERT_EQ(PullDoc(doc).status, 200u);
  EXPECT_EQ(PullDoc(doc).status, 401u);
  // A Pull URI request may carry the txn a Pull Doc request had.
  transactions_ = 0;
  EXPECT_EQ(PullUri(PullUriBody("Sumitra Das")).status, 200u);
}

TEST_F(DigiLockerTest, RefusedRequestsDoNotUseUpTheirTxn) {
  // A request refused for its HMAC is not remembered: its txn stays usable.
  const std::string body = PullUriBody("Sumitra Das");
  EXPECT_EQ(HandlePullUri(body, {"AAAA"}, services_).status, 401u);
  EXPECT_EQ(settings_.transactions->size(), 0u);
  EXPECT_EQ(PullUri(body).status, 200u);
  EXPECT_EQ(settings_.transactions->size(), 1u);
}

TEST_F(DigiLockerTest, PullUriFailsWith400ForTwoHmacHeaders) {
  const std::string body = PullUriBody("Sumitra Das");
  const std::string good = ComputeHmac(body, settings_.api_key);
  const std::string bad = ComputeHmac(body, KeyOf("another key"));
  for (const HmacHeaders& headers :
       {HmacHeaders{good, bad}, HmacHeaders{bad, good}, HmacHeaders{good, good}}) {
    const Response response = HandlePullUri(body, headers, services_);
    EXPECT_EQ(response.status, 400u) << response.body;
    EXPECT_NE(response.body.find("x-digilocker-hmac 2 times"), std::string::npos)
        << response.body;
  }
  const std::string doc = PullDocBody(Uri(kFirstId));
  EXPECT_EQ(HandlePullDoc(doc, {ComputeHmac(doc, settings_.api_key), "AAAA"}, services_).status,
            400u);
  EXPECT_EQ(find_awards_calls_, 0);
  EXPECT_EQ(render_calls_, 0);
  // The request with its one good header is then accepted (its txn was not used up).
  EXPECT_EQ(HandlePullUri(body, {good}, services_).status, 200u);
}

TEST(DigiLockerTransactionLog, ForgetsExpiredEntriesAndRefusesWhenFull) {
  TransactionLog log(2);
  const Timestamp now = At(kNow);
  const auto in = [&](int seconds) { return now + std::chrono::seconds(seconds); };
  EXPECT_EQ(log.Record("a", in(10), now), TransactionLog::Outcome::kNew);
  EXPECT_EQ(log.Record("a", in(10), in(9)), TransactionLog::Outcome::kReplayed);
  EXPECT_EQ(log.Record("b", in(20), now), TransactionLog::Outcome::kNew);
  // Full of unexpired entries: a new one is refused, never let in by dropping an old one.
  EXPECT_EQ(log.Record("c", in(30), in(5)), TransactionLog::Outcome::kFull);
  EXPECT_EQ(log.Record("a", in(10), in(5)), TransactionLog::Outcome::kReplayed);
  // At 10 s "a" expires, which makes room for "c".
  EXPECT_EQ(log.Record("c", in(30), in(10)), TransactionLog::Outcome::kNew);
  EXPECT_EQ(log.size(), 2u);
  EXPECT_EQ(log.Record("a", in(40), in(10)), TransactionLog::Outcome::kFull);
  EXPECT_EQ(log.Record("a", in(40), in(20)), TransactionLog::Outcome::kNew);  // "b" expired
}

// --- Pull Doc ---------------------------------------------------------------------------------

TEST_F(DigiLockerTest, PullDocReturnsThePdfAndTheCertificateData) {
  const Response response = PullDoc(PullDocBody(Uri(kFirstId)));
  ASSERT_EQ(response.status, 200u) << response.body;
  EXPECT_NE(response.body.find("<PullDocResponse xmlns:ns2=\"http://tempuri.org/\">"),
            std::string::npos);
  EXPECT_NE(response.body.find("<ResponseStatus Status=\"1\" ts=\"2026-11-21T10:16:00+05:30\" "
                               "txn=\"txn-20261121-0001\">1</ResponseStatus>"),
            std::string::npos)
      << response.body;
  const auto doc = ElementText(response.body, "DocContent");
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(Decoded(*doc), FakePdf(std::string(kFirstId)));
  const auto data = ElementText(response.body, "DataContent");
  ASSERT_TRUE(data.has_value());
  const std::string xml = Decoded(*data);
  EXPECT_NE(xml.find("nqrCode=\"QG-05-GE-01234-2024-V1.0-NCVET\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("nsqfLevel=\"5\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("credits=\"12\""), std::string::npos) << xml;
}

TEST_F(DigiLockerTest, PullDocRespectsFormat) {
  const Response pdf = PullDoc(PullDocBody(Uri(kSecondId), "pdf"));
  EXPECT_TRUE(HasStatus(pdf, 1));
  EXPECT_TRUE(ElementText(pdf.body, "DocContent").has_value());
  EXPECT_FALSE(ElementText(pdf.body, "DataContent").has_value());
  const Response xml = PullDoc(PullDocBody(Uri(kSecondId), "xml"));
  EXPECT_TRUE(HasStatus(xml, 1));
  EXPECT_FALSE(ElementText(xml.body, "DocContent").has_value());
  const auto data = ElementText(xml.body, "DataContent");
  ASSERT_TRUE(data.has_value());
  EXPECT_NE(Decoded(*data).find("credits=\"7.5\""), std::string::npos);
}

TEST_F(DigiLockerTest, PullDocFailsWithStatusZeroForAnUnknownUri) {
  for (const std::string& uri :
       {Uri("zzzzzzzzzzzzzzzzzzzz"), FormatUri("in.gov.other", kDocType, kFirstId),
        FormatUri(kIssuerId, "INCER", kFirstId), std::string(kFirstId), std::string()}) {
    const Response response = PullDoc(PullDocBody(uri));
    EXPECT_EQ(response.status, 200u) << uri;
    EXPECT_TRUE(HasStatus(response, 0)) << uri;
    EXPECT_EQ(response.body.find("DocContent"), std::string::npos) << uri;
  }
  EXPECT_EQ(render_calls_, 0);
}

TEST_F(DigiLockerTest, PullDocFailsWithoutTheRightHmac) {
  const std::string body = PullDocBody(Uri(kFirstId));
  EXPECT_EQ(HandlePullDoc(body, {}, services_).status, 401u);
  EXPECT_EQ(HandlePullDoc(body, {ComputeHmac(body, KeyOf("another key"))}, services_).status, 401u);
  EXPECT_EQ(render_calls_, 0);
}

TEST_F(DigiLockerTest, PullDocFailsWith400ForADoctype) {
  const std::string body =
      "<!DOCTYPE PullDocRequest SYSTEM \"http://attacker.example/x.dtd\">" + PullDocBody("x");
  EXPECT_EQ(PullDoc(body).status, 400u);
  EXPECT_EQ(PullDoc("<PullDocRequest ver=\"1\" ts=\"t\" txn=\"x\">").status, 400u);
  // A Pull URI request sent to Pull Doc is not a Pull Doc request.
  EXPECT_EQ(PullDoc(PullUriBody("Sumitra Das")).status, 400u);
}

TEST_F(DigiLockerTest, PullDocFailsWith500WhenAServiceFails) {
  fail_services_ = true;
  EXPECT_EQ(PullDoc(PullDocBody(Uri(kFirstId))).status, 500u);
}

// --- Certificate data -------------------------------------------------------------------------

TEST(DigiLockerCertificateData, NamesTheQualificationLearnerAndCredential) {
  const std::string xml = CertificateDataXml(
      QualificationCredential("abcdefghijklmnopqrst", "Public Service Delivery Associate",
                              "QG-05-GE-01234-2024-V1.0-NCVET", 5, 12));
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"));
  for (std::string_view part : {
           "<Certificate language=\"99\" name=\"Public Service Delivery Associate\" "
           "number=\"abcdefghijklmnopqrst\" issueDate=\"05-11-2026\">",
           "<IssuedBy><Organization name=\"Example Awarding Body for Public Administration\" "
           "code=\"AB-EXAMPLE-0001\"/></IssuedBy>",
           "<IssuedTo><Person name=\"Sumitra Das\"/></IssuedTo>",
           "title=\"Public Service Delivery Associate\"",
           "nqrCode=\"QG-05-GE-01234-2024-V1.0-NCVET\"",
           "nsqfLevel=\"5\"",
           "credits=\"12\"",
           "notionalHours=\"360\"",
           "creditsEarned=\"12\"",
           "awardDate=\"2026-11-05\"",
           "nameLocal=\"সুমিত্রা দাস\" nameLocalLanguage=\"bn\"",
           "id=\"https://pramaan.example/credentials/abcdefghijklmnopqrst\"",
           "verificationUrl=\"https://pramaan.example/v/abcdefghijklmnopqrst\"",
           "issuer=\"Capacity Building Commission, Government of India\"",
           "validFrom=\"2026-11-20T09:00:00Z\"",
       }) {
    EXPECT_NE(xml.find(part), std::string::npos) << part << "\n" << xml;
  }
}

TEST(DigiLockerCertificateData, EscapesMarkupAndReplacesWhatXmlCannotCarry) {
  Json credential = QualificationCredential("abc", "Tom & Jerry <\"Animation\">", "QG-1", 3, 1);
  credential["credentialSubject"]["name"] = std::string(
      "Bad\x01"
      "Byte \xff end");
  const std::string xml = CertificateDataXml(credential);
  EXPECT_NE(xml.find("name=\"Tom &amp; Jerry &lt;&quot;Animation&quot;&gt;\""), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("name=\"Bad\xEF\xBF\xBD"
                     "Byte \xEF\xBF\xBD end\""),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
}

TEST(DigiLockerCertificateData, LeavesOutWhatTheCredentialDoesNotSay) {
  const std::string xml = CertificateDataXml(Json{{"id", "urn:uuid:1234"}, {"issuer", "did:x"}});
  EXPECT_NE(xml.find("number=\"urn:uuid:1234\""), std::string::npos) << xml;
  EXPECT_EQ(xml.find("verificationUrl"), std::string::npos);
  EXPECT_EQ(xml.find("nsqfLevel"), std::string::npos);
  EXPECT_NE(CertificateDataXml(Json::array()).find("<Certificate language=\"99\">"),
            std::string::npos);
}

}  // namespace
}  // namespace pramaan::api::digilocker
