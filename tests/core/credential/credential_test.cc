// The data model's rules for a credential's claims, typed parts and related resources
// (VC Data Model 2.0 sections 4.8, 4.10 to 5.6 and 5.3), as issuance and verification apply
// them through ReadCredentialHeader.
#include "core/credential/credential.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <string>
#include <vector>

#include "core/context/context_loader.h"
#include "core/credential/related_resource.h"
#include "core/encoding/base64.h"
#include "core/encoding/multibase.h"

namespace pramaan {
namespace {

Json Credential() {
  return {{"@context", {"https://www.w3.org/ns/credentials/v2"}},
          {"type", {"VerifiableCredential"}},
          {"issuer", "did:example:issuer"},
          {"credentialSubject", {{"name", "A learner"}}}};
}

// The message ReadCredentialHeader gives for `credential`, or "" when it accepts it.
std::string Refusal(const Json& credential) {
  auto header = ReadCredentialHeader(credential);
  return header.ok() ? "" : header.error().message();
}

std::vector<uint8_t> Digest(const EVP_MD* md, std::string_view bytes) {
  std::vector<uint8_t> out(EVP_MAX_MD_SIZE);
  unsigned int size = 0;
  EXPECT_EQ(EVP_Digest(bytes.data(), bytes.size(), out.data(), &size, md, nullptr), 1);
  out.resize(size);
  return out;
}

std::string Sri384(std::string_view bytes) {
  return "sha384-" + EncodeBase64(Digest(EVP_sha384(), bytes));
}

TEST(CredentialRules, VcDataModel20_EachSubjectMakesAtLeastOneClaim) {
  EXPECT_EQ(Refusal(Credential()), "");
  for (const Json& subject : {Json::object(), Json::array(), Json::array({Json::object()}),
                              Json::array({Json{{"name", "a"}}, Json::object()}), Json("x")}) {
    SCOPED_TRACE(DumpJson(subject, false));
    Json credential = Credential();
    credential["credentialSubject"] = subject;
    EXPECT_NE(Refusal(credential).find("credentialSubject"), std::string::npos)
        << Refusal(credential);
  }
  Json two = Credential();
  two["credentialSubject"] = Json::array({Json{{"name", "a"}}, Json{{"id", "did:example:b"}}});
  EXPECT_EQ(Refusal(two), "");
  Json empty_second = Credential();
  empty_second["credentialSubject"] = Json::array({Json{{"name", "a"}}, Json::object()});
  EXPECT_EQ(Refusal(empty_second), "credentialSubject[1] must make at least one claim; it is empty");
}

TEST(CredentialRules, VcDataModel20_StatusTermsEvidenceRefreshAndSchemaMustBeTyped) {
  const Json typed = {{"id", "https://example.com/1"}, {"type", "Thing"}};
  for (const char* member :
       {"credentialStatus", "termsOfUse", "evidence", "refreshService", "credentialSchema"}) {
    SCOPED_TRACE(member);
    Json credential = Credential();
    credential[member] = typed;
    EXPECT_EQ(Refusal(credential), "");
    credential[member] = Json::array({typed, typed});
    EXPECT_EQ(Refusal(credential), "");
    credential[member] = {{"id", "https://example.com/1"}};
    EXPECT_EQ(Refusal(credential), std::string(member) + " must have a type");
    credential[member] = Json::array({typed, {{"id", "https://example.com/2"}, {"type", ""}}});
    EXPECT_EQ(Refusal(credential), std::string(member) + "[1] must have a type");
    credential[member] = Json::array({typed, {{"id", "https://example.com/2"}, {"type", Json::array()}}});
    EXPECT_EQ(Refusal(credential), std::string(member) + "[1] must have a type");
    credential[member] = "https://example.com/1";
    EXPECT_EQ(Refusal(credential), std::string(member) + " must be an object with a type");
  }
  Json schema = Credential();
  schema["credentialSchema"] = {{"type", "JsonSchema"}};
  EXPECT_EQ(Refusal(schema), "credentialSchema must have an id (the URL of the schema)");
}

TEST(CredentialRules, VcDataModel20_RelatedResourceNeedsAnIdAndADigestEachIdOnce) {
  const std::string sri = Sri384("content");
  const struct {
    Json value;
    std::string refusal;
  } cases[] = {
      {"https://example.com/a", "relatedResource must be an object with an id and a digest"},
      {Json::array({"https://example.com/a"}),
       "relatedResource[0] must be an object with an id and a digest"},
      {{{"digestSRI", sri}}, "relatedResource needs an id (the URL of the resource)"},
      {{{"id", "https://example.com/a"}}, "relatedResource needs a digestSRI or a digestMultibase"},
      {Json::array({{{"id", "https://example.com/a"}, {"digestSRI", sri}},
                    {{"id", "https://example.com/a"}, {"digestSRI", sri}}}),
       "relatedResource[1] lists https://example.com/a a second time"},
      {{{"id", "https://example.com/a"}, {"digestSRI", "md5-AAAA"}},
       "relatedResource.digestSRI must be sha256-, sha384- or sha512- followed by the base64 "
       "digest"},
      {{{"id", "https://example.com/a"}, {"digestSRI", "sha384-AAAA"}},
       "relatedResource.digestSRI must be sha256-, sha384- or sha512- followed by the base64 "
       "digest"},
      {{{"id", "https://example.com/a"}, {"digestMultibase", "zQmNotAHash"}},
       "relatedResource.digestMultibase must be a base58btc (z) or base64url (u) multihash of "
       "sha2-256, sha2-384, sha2-512, sha3-256 or sha3-384"},
      {{{"id", "https://example.com/a"}, {"digestSRI", 3}},
       "relatedResource.digestSRI must be a string"},
  };
  for (const auto& [value, refusal] : cases) {
    SCOPED_TRACE(DumpJson(value, false));
    Json credential = Credential();
    credential["relatedResource"] = value;
    EXPECT_EQ(Refusal(credential), refusal);
  }
  Json good = Credential();
  good["relatedResource"] = Json::array(
      {{{"id", "https://example.com/a"}, {"digestSRI", sri}},
       {{"id", "https://example.com/b"}, {"digestMultibase", DigestMultibaseSha256("other")}}});
  EXPECT_EQ(Refusal(good), "");
}

TEST(CredentialRules, VcDataModel20_RelatedResourceDigestsMatchTheBytes) {
  RelatedResource resource{"https://example.com/a", Sri384("content"), ""};
  EXPECT_TRUE(MatchesDigests(resource, "content"));
  EXPECT_FALSE(MatchesDigests(resource, "content "));
  resource.digest_multibase = DigestMultibaseSha256("content");
  EXPECT_TRUE(MatchesDigests(resource, "content"));
  resource.digest_multibase = DigestMultibaseSha256("other");  // both must hold
  EXPECT_FALSE(MatchesDigests(resource, "content"));
  resource.digest_sri.clear();
  EXPECT_TRUE(MatchesDigests(resource, "other"));
  // The sha2-256 multihash in base64url: 0x12 0x20 then the digest, so text starting "uEi".
  EXPECT_EQ(resource.digest_multibase.substr(0, 3), "uEi");
  auto decoded = DecodeMultibase(resource.digest_multibase);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(std::vector<uint8_t>(decoded->begin() + 2, decoded->end()),
            Digest(EVP_sha256(), "other"));
  // The same multihash in base58btc, and sha2-512 by SRI.
  resource.digest_multibase = EncodeMultibaseBase58Btc(*decoded);
  EXPECT_TRUE(MatchesDigests(resource, "other"));
  EXPECT_TRUE(MatchesDigests({"x", "sha512-" + EncodeBase64(Digest(EVP_sha512(), "x")), ""}, "x"));
}

// A related resource the verifier holds (a bundled context) must have the digest given; one
// it does not hold is not fetched.
TEST(CredentialRules, VcDataModel20_TheDigestOfAHeldRelatedResourceIsChecked) {
  const ContextLoader& contexts = ContextLoader::Bundled();
  const std::optional<std::string_view> v2 =
      contexts.BundledBytes("https://www.w3.org/ns/credentials/v2");
  ASSERT_TRUE(v2.has_value());
  Json credential = Credential();
  credential["relatedResource"] = Json::array(
      {{{"id", "https://www.w3.org/ns/credentials/v2"}, {"digestSRI", Sri384(*v2)}},
       {{"id", "https://example.com/not-held"}, {"digestSRI", Sri384("anything")}}});
  EXPECT_TRUE(CheckHeldRelatedResources(credential, contexts).ok());
  credential["relatedResource"][0]["digestSRI"] = Sri384(std::string(*v2) + " ");
  const Status refused = CheckHeldRelatedResources(credential, contexts);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message(),
            "relatedResource: the digest given for https://www.w3.org/ns/credentials/v2 is not "
            "that of the published document");
}

}  // namespace
}  // namespace pramaan
