// Tests for core/did: Multikey, did:key, DID documents, did:web names and the resolver.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/crypto/ed25519.h"
#include "core/did/did_document.h"
#include "core/did/did_key.h"
#include "core/did/did_resolver.h"
#include "core/did/multikey.h"
#include "core/encoding/multibase.h"
#include "core/json/json.h"
#include "core/result.h"

namespace pramaan {
namespace {

Json ReadVectorJson(const std::string& relative_path) {
  const std::string path = std::string(PRAMAAN_VECTORS_DIR) + "/" + relative_path;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream contents;
  contents << in.rdbuf();
  Result<Json> parsed = ParseJson(contents.str(), path);
  EXPECT_TRUE(parsed.ok()) << path;
  return parsed.ok() ? std::move(parsed).value() : Json();
}

// publicKeyMultibase of the W3C vc-di-eddsa vector key.
std::string W3cVectorMultikey() {
  return ReadVectorJson("vc-di-eddsa/keyPair.json")["publicKeyMultibase"].get<std::string>();
}

// publicKeyMultibase of the 1EdTech Open Badges vector key (a second, different key).
std::string Ob3VectorMultikey() {
  return ReadVectorJson("ob3-eddsa-rdfc-2022/keyPair.json")["publicKeyMultibase"]
      .get<std::string>();
}

Ed25519PublicKey KeyOf(const std::string& multikey) {
  Result<Ed25519PublicKey> key = DecodeEd25519Multikey(multikey);
  EXPECT_TRUE(key.ok()) << multikey;
  return std::move(key).value();
}

// A multibase base58btc value with `prefix` followed by 32 bytes of `fill`.
std::string PrefixedKey(uint8_t prefix0, uint8_t prefix1, uint8_t fill = 7) {
  std::vector<uint8_t> bytes(34, fill);
  bytes[0] = prefix0;
  bytes[1] = prefix1;
  return EncodeMultibaseBase58Btc(bytes);
}

constexpr char kWebDid[] = "did:web:example.org";

// A did:web document with: key-1 (listed, authorized by reference), key-2 (embedded under
// assertionMethod), key-3 (listed, not authorized), and a JsonWebKey2020 method (ignored).
Json WebDidDocument() {
  return Json{
      {"@context", Json::array({"https://www.w3.org/ns/did/v1",
                                "https://w3id.org/security/multikey/v1"})},
      {"id", kWebDid},
      {"verificationMethod",
       Json::array({
           {{"id", "#key-1"},
            {"type", "Multikey"},
            {"controller", kWebDid},
            {"publicKeyMultibase", W3cVectorMultikey()}},
           {{"id", "did:web:example.org#key-3"},
            {"type", "Multikey"},
            {"controller", kWebDid},
            {"publicKeyMultibase", Ob3VectorMultikey()}},
           {{"id", "#jwk-1"},
            {"type", "JsonWebKey2020"},
            {"controller", kWebDid},
            {"publicKeyJwk", {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "AAAA"}}}},
       })},
      {"assertionMethod", Json::array({"#key-1",
                                       {{"id", "#key-2"},
                                        {"type", "Multikey"},
                                        {"publicKeyMultibase", Ob3VectorMultikey()}},
                                       "#jwk-1"})},
  };
}

// ---------------------------------------------------------------------------------------------
// Multikey

TEST(Multikey, W3cVectorKeyDecodesAndReencodesUnchanged) {
  const std::string multikey = W3cVectorMultikey();
  Result<Ed25519PublicKey> key = DecodeEd25519Multikey(multikey);
  ASSERT_TRUE(key.ok()) << key.error().message();
  EXPECT_EQ(EncodeEd25519Multikey(*key), multikey);
  EXPECT_EQ(multikey.rfind("z6Mk", 0), 0u);
}

TEST(Multikey, DecodeFailsForOtherKeyTypesAndSizes) {
  std::vector<uint8_t> short_key(33, 1);
  short_key[0] = 0xed;
  short_key[1] = 0x01;
  const std::vector<std::string> cases = {
      "",
      "z",
      PrefixedKey(0xec, 0x01),  // X25519
      PrefixedKey(0x80, 0x26),  // an Ed25519 *private* key
      EncodeMultibaseBase58Btc(short_key),
      "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ0",  // '0' is not base58
      "f" + std::string(68, '0'),                          // base16 is not read
  };
  for (const std::string& text : cases) {
    Result<Ed25519PublicKey> key = DecodeEd25519Multikey(text);
    ASSERT_FALSE(key.ok()) << "accepted " << text;
    EXPECT_EQ(key.error().code(), ErrorCode::kInvalidInput) << text;
  }
}

// ---------------------------------------------------------------------------------------------
// did:key

TEST(DidKey, VectorKeyIsDidKeyPrefixedMultikey) {
  const std::string multikey = W3cVectorMultikey();
  const Ed25519PublicKey key = KeyOf(multikey);
  EXPECT_EQ(DidKeyFor(key), "did:key:" + multikey);
  EXPECT_EQ(DidKeyVerificationMethodFor(key), "did:key:" + multikey + "#" + multikey);
}

TEST(DidKey, ResolvesToOneAssertionMethodControlledByTheDid) {
  const std::string multikey = W3cVectorMultikey();
  const std::string did = "did:key:" + multikey;
  Result<DidDocument> document = ResolveDidKey(did);
  ASSERT_TRUE(document.ok()) << document.error().message();
  EXPECT_EQ(document->id(), did);
  ASSERT_EQ(document->methods().size(), 1u);
  const VerificationMethod& method = document->methods()[0];
  EXPECT_EQ(method.id, did + "#" + multikey);
  EXPECT_EQ(method.controller, did);
  EXPECT_EQ(method.public_key, KeyOf(multikey));
  const VerificationMethod* authorized = document->FindAssertionMethod(did + "#" + multikey);
  ASSERT_NE(authorized, nullptr);
  EXPECT_EQ(authorized->public_key, KeyOf(multikey));
  EXPECT_EQ(document->FindAssertionMethod(did + "#other"), nullptr);
  EXPECT_EQ(document->FindAssertionMethod(multikey), nullptr);
}

TEST(DidKey, ResolveFailsForMalformedDidKey) {
  const std::string multikey = W3cVectorMultikey();
  const std::vector<std::string> cases = {
      "",
      "did:key:",
      "did:key:z",
      "did:key:" + multikey.substr(0, multikey.size() - 4),  // truncated
      "did:key:" + multikey + "#" + multikey,               // a DID URL, not a DID
      "did:key:" + multikey + "x",
      "did:web:example.org",
      "DID:KEY:" + multikey,
      multikey,
      "did:key:zOOOO",  // 'O' is not base58
  };
  for (const std::string& did : cases) {
    Result<DidDocument> document = ResolveDidKey(did);
    ASSERT_FALSE(document.ok()) << "resolved " << did;
    EXPECT_EQ(document.error().code(), ErrorCode::kInvalidInput) << did;
  }
}

TEST(DidKey, ResolveFailsForNonEd25519Multicodec) {
  const std::vector<std::string> cases = {
      "did:key:" + PrefixedKey(0xec, 0x01),  // X25519
      "did:key:" + PrefixedKey(0xe7, 0x01),  // secp256k1 (would need 33 bytes anyway)
      "did:key:" + PrefixedKey(0x80, 0x24),  // P-256
      "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169",  // a real P-256 did:key
  };
  for (const std::string& did : cases) {
    Result<DidDocument> document = ResolveDidKey(did);
    ASSERT_FALSE(document.ok()) << "resolved " << did;
    EXPECT_EQ(document.error().code(), ErrorCode::kInvalidInput) << did;
  }
}

// Regression: a base64url ('u') Multikey once resolved, giving one key two did:keys.
TEST(DidKey, ResolveFailsForBase64UrlMultibase) {
  const Ed25519PublicKey key = KeyOf(W3cVectorMultikey());
  std::vector<uint8_t> bytes = {0xed, 0x01};
  bytes.insert(bytes.end(), key.bytes().begin(), key.bytes().end());
  const std::string did = "did:key:" + EncodeMultibaseBase64Url(bytes);
  Result<DidDocument> document = ResolveDidKey(did);
  EXPECT_FALSE(document.ok()) << "resolved " << did << ", a second DID for " << DidKeyFor(key);
}

// ---------------------------------------------------------------------------------------------
// DidDocument

TEST(DidDocument, FromJsonResolvesRelativeIdsAndReadsMultikeyMethods) {
  Result<DidDocument> document = DidDocument::FromJson(WebDidDocument());
  ASSERT_TRUE(document.ok()) << document.error().message();
  EXPECT_EQ(document->id(), kWebDid);
  std::vector<std::string> ids;
  for (const VerificationMethod& m : document->methods()) ids.push_back(m.id);
  // The JsonWebKey2020 method is ignored; the embedded key-2 is kept.
  EXPECT_EQ(ids, (std::vector<std::string>{"did:web:example.org#key-1",
                                           "did:web:example.org#key-3",
                                           "did:web:example.org#key-2"}));

  const VerificationMethod* key1 = document->FindAssertionMethod("did:web:example.org#key-1");
  ASSERT_NE(key1, nullptr);
  EXPECT_EQ(key1->controller, kWebDid);
  EXPECT_EQ(key1->public_key, KeyOf(W3cVectorMultikey()));
}

TEST(DidDocument, EmbeddedAssertionMethodIsDefinedAndAuthorized) {
  Result<DidDocument> document = DidDocument::FromJson(WebDidDocument());
  ASSERT_TRUE(document.ok()) << document.error().message();
  const VerificationMethod* key2 = document->FindAssertionMethod("did:web:example.org#key-2");
  ASSERT_NE(key2, nullptr);
  EXPECT_EQ(key2->public_key, KeyOf(Ob3VectorMultikey()));
  EXPECT_EQ(key2->controller, kWebDid);  // no controller given: the document's DID
}

TEST(DidDocument, MethodNotUnderAssertionMethodIsNotAuthorized) {
  Result<DidDocument> document = DidDocument::FromJson(WebDidDocument());
  ASSERT_TRUE(document.ok()) << document.error().message();
  EXPECT_EQ(document->FindAssertionMethod("did:web:example.org#key-3"), nullptr);
  EXPECT_EQ(document->FindAssertionMethod("#key-1"), nullptr);  // lookups take absolute ids
  EXPECT_EQ(document->FindAssertionMethod("did:web:example.org#nope"), nullptr);
}

TEST(DidDocument, AuthenticationIsItsOwnRelationship) {
  Json json = WebDidDocument();
  json["authentication"] = Json::array({"#key-3"});
  Result<DidDocument> document = DidDocument::FromJson(json);
  ASSERT_TRUE(document.ok()) << document.error().message();
  // key-3 may authenticate (sign presentations) but not assert (issue credentials); key-1 the
  // other way round.
  EXPECT_NE(document->FindAuthenticationMethod("did:web:example.org#key-3"), nullptr);
  EXPECT_EQ(document->FindAssertionMethod("did:web:example.org#key-3"), nullptr);
  EXPECT_EQ(document->FindAuthenticationMethod("did:web:example.org#key-1"), nullptr);
  EXPECT_NE(document->FindAssertionMethod("did:web:example.org#key-1"), nullptr);
  // Without an authentication member nothing authenticates.
  Result<DidDocument> plain = DidDocument::FromJson(WebDidDocument());
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->FindAuthenticationMethod("did:web:example.org#key-1"), nullptr);
  // The round trip keeps both lists.
  Result<DidDocument> again = DidDocument::FromJson(document->ToJson());
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again->FindAuthenticationMethod("did:web:example.org#key-3"), nullptr);
  EXPECT_EQ(again->FindAuthenticationMethod("did:web:example.org#key-1"), nullptr);
}

TEST(DidDocument, NonMultikeyMethodsAreIgnoredEvenWhenAuthorized) {
  Result<DidDocument> document = DidDocument::FromJson(WebDidDocument());
  ASSERT_TRUE(document.ok()) << document.error().message();
  EXPECT_EQ(document->FindAssertionMethod("did:web:example.org#jwk-1"), nullptr);

  Json other_types = {
      {"id", kWebDid},
      {"verificationMethod",
       Json::array({{{"id", "#ed2020"},
                     {"type", "Ed25519VerificationKey2020"},
                     {"publicKeyMultibase", W3cVectorMultikey()}},
                    {{"id", "#legacy"}, {"type", "Ed25519VerificationKey2018"},
                     {"publicKeyBase58", "not-checked"}}})},
      {"assertionMethod", Json::array({"#ed2020", "#legacy"})},
  };
  Result<DidDocument> parsed = DidDocument::FromJson(other_types);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_TRUE(parsed->methods().empty());
  EXPECT_EQ(parsed->FindAssertionMethod("did:web:example.org#ed2020"), nullptr);
}

// Regression: a non-string method "type" once made FromJson throw.
TEST(DidDocument, FromJsonDoesNotThrowForNonStringMethodType) {
  for (const Json& type : {Json(5), Json::array({"Multikey"}), Json(nullptr)}) {
    Json document = {{"id", kWebDid},
                     {"verificationMethod",
                      Json::array({{{"id", "#key-1"},
                                    {"type", type},
                                    {"publicKeyMultibase", W3cVectorMultikey()}}})},
                     {"assertionMethod", Json::array({"#key-1"})}};
    std::optional<Result<DidDocument>> parsed;
    EXPECT_NO_THROW(parsed.emplace(DidDocument::FromJson(document))) << "type " << type.dump();
    if (!parsed.has_value()) continue;
    if (parsed->ok()) {
      EXPECT_TRUE((*parsed)->methods().empty()) << type.dump();
    } else {
      EXPECT_EQ(parsed->error().code(), ErrorCode::kInvalidInput) << type.dump();
    }
  }
}

TEST(DidDocument, FromJsonFailsForMalformedDocuments) {
  const std::string key = W3cVectorMultikey();
  const std::vector<std::pair<std::string, Json>> cases = {
      {"not an object", Json::array({kWebDid})},
      {"no id", Json{{"verificationMethod", Json::array()}}},
      {"id not a DID", Json{{"id", "https://example.org"}}},
      {"id not a string", Json{{"id", 5}}},
      {"verificationMethod not an array",
       Json{{"id", kWebDid}, {"verificationMethod", Json::object()}}},
      {"assertionMethod not an array", Json{{"id", kWebDid}, {"assertionMethod", "#key-1"}}},
      {"method without id",
       Json{{"id", kWebDid},
            {"verificationMethod",
             Json::array({{{"type", "Multikey"}, {"publicKeyMultibase", key}}})}}},
      {"Multikey without publicKeyMultibase",
       Json{{"id", kWebDid},
            {"verificationMethod", Json::array({{{"id", "#k"}, {"type", "Multikey"}}})}}},
      {"Multikey with a bad key",
       Json{{"id", kWebDid},
            {"verificationMethod",
             Json::array({{{"id", "#k"},
                           {"type", "Multikey"},
                           {"publicKeyMultibase", PrefixedKey(0xec, 0x01)}}})}}},
      {"embedded assertion method without id",
       Json{{"id", kWebDid},
            {"assertionMethod",
             Json::array({{{"type", "Multikey"}, {"publicKeyMultibase", key}}})}}},
      {"assertion method entry a number",
       Json{{"id", kWebDid}, {"assertionMethod", Json::array({5})}}},
  };
  for (const auto& [name, json] : cases) {
    Result<DidDocument> document = DidDocument::FromJson(json);
    ASSERT_FALSE(document.ok()) << "accepted: " << name;
    EXPECT_EQ(document.error().code(), ErrorCode::kInvalidInput) << name;
  }
}

TEST(DidDocument, ToJsonThenFromJsonRoundTrips) {
  Result<DidDocument> original = DidDocument::FromJson(WebDidDocument());
  ASSERT_TRUE(original.ok()) << original.error().message();
  const Json json = original->ToJson();
  EXPECT_EQ(json["@context"], Json::array({"https://www.w3.org/ns/did/v1",
                                           "https://w3id.org/security/multikey/v1"}));
  EXPECT_EQ(json["id"], kWebDid);

  Result<DidDocument> again = DidDocument::FromJson(json);
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(again->id(), original->id());
  ASSERT_EQ(again->methods().size(), original->methods().size());
  for (std::size_t i = 0; i < original->methods().size(); ++i) {
    const VerificationMethod& a = original->methods()[i];
    const VerificationMethod& b = again->methods()[i];
    EXPECT_EQ(b.id, a.id);
    EXPECT_EQ(b.controller, a.controller);
    EXPECT_EQ(b.public_key, a.public_key);
    EXPECT_EQ(again->FindAssertionMethod(a.id) != nullptr,
              original->FindAssertionMethod(a.id) != nullptr)
        << a.id;
  }
  EXPECT_EQ(again->ToJson(), json);
}

TEST(DidDocument, RevokedIsReadAndWrittenBack) {
  Json json = WebDidDocument();
  // An offset is read as the instant it names and written back in UTC.
  json["verificationMethod"][0]["revoked"] = "2026-11-01T05:30:00+05:30";
  Result<DidDocument> document = DidDocument::FromJson(json);
  ASSERT_TRUE(document.ok()) << document.error().message();
  const VerificationMethod* key1 = document->FindAssertionMethod("did:web:example.org#key-1");
  ASSERT_NE(key1, nullptr);
  ASSERT_TRUE(key1->revoked.has_value());
  EXPECT_EQ(FormatRfc3339(*key1->revoked), "2026-11-01T00:00:00Z");
  const VerificationMethod* key2 = document->FindAssertionMethod("did:web:example.org#key-2");
  ASSERT_NE(key2, nullptr);
  EXPECT_FALSE(key2->revoked.has_value());

  const Json written = document->ToJson();
  EXPECT_EQ(written["verificationMethod"][0]["revoked"], "2026-11-01T00:00:00Z");
  EXPECT_FALSE(written["verificationMethod"][1].contains("revoked"));
  Result<DidDocument> again = DidDocument::FromJson(written);
  ASSERT_TRUE(again.ok()) << again.error().message();
  const VerificationMethod* reread = again->FindAssertionMethod("did:web:example.org#key-1");
  ASSERT_NE(reread, nullptr);
  EXPECT_EQ(reread->revoked, key1->revoked);
  EXPECT_EQ(again->ToJson(), written);
}

TEST(DidDocument, FromJsonFailsForARevokedThatIsNotAnRfc3339DateTime) {
  for (const Json& revoked :
       {Json("2026-11-01"), Json("2026-11-01T00:00:00"), Json("yesterday"), Json(""),
        Json(1793491200), Json(true), Json(nullptr), Json::array({"2026-11-01T00:00:00Z"})}) {
    Json json = WebDidDocument();
    json["verificationMethod"][0]["revoked"] = revoked;
    Result<DidDocument> document = DidDocument::FromJson(json);
    ASSERT_FALSE(document.ok()) << "accepted revoked " << revoked.dump();
    EXPECT_EQ(document.error().code(), ErrorCode::kInvalidInput) << revoked.dump();
    EXPECT_NE(document.error().message().find("revoked"), std::string::npos)
        << document.error().message();
  }
  // Embedded under assertionMethod too.
  Json embedded = WebDidDocument();
  embedded["assertionMethod"][1]["revoked"] = "not a date";
  EXPECT_FALSE(DidDocument::FromJson(embedded).ok());
}

TEST(DidDocument, ForMethodsAuthorizesEveryMethod) {
  const std::string did = "did:web:example.org:issuer";
  const DidDocument document = DidDocument::ForMethods(
      did, {VerificationMethod{did + "#a", did, KeyOf(W3cVectorMultikey())},
            VerificationMethod{did + "#b", did, KeyOf(Ob3VectorMultikey())}});
  ASSERT_NE(document.FindAssertionMethod(did + "#a"), nullptr);
  ASSERT_NE(document.FindAssertionMethod(did + "#b"), nullptr);
  const Json json = document.ToJson();
  EXPECT_EQ(json["assertionMethod"], Json::array({did + "#a", did + "#b"}));
  EXPECT_EQ(json["authentication"], Json::array({did + "#a", did + "#b"}));
  EXPECT_EQ(json["verificationMethod"][1]["publicKeyMultibase"], Ob3VectorMultikey());
  EXPECT_EQ(json["verificationMethod"][0]["type"], "Multikey");
}

// ---------------------------------------------------------------------------------------------
// DidWebFromUrl

TEST(DidWebFromUrl, ConvertsHttpsUrls) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"https://example.org", "did:web:example.org"},
      {"https://example.org/", "did:web:example.org"},
      {"https://example.org:8443", "did:web:example.org%3A8443"},
      {"https://example.org:8443/issuer", "did:web:example.org%3A8443:issuer"},
      {"https://example.org/issuers/ncvet", "did:web:example.org:issuers:ncvet"},
      {"https://w3c-ccg.github.io/user/alice/", "did:web:w3c-ccg.github.io:user:alice"},
  };
  for (const auto& [url, did] : cases) {
    Result<std::string> converted = DidWebFromUrl(url);
    ASSERT_TRUE(converted.ok()) << url << ": " << converted.error().message();
    EXPECT_EQ(*converted, did) << url;
  }
}

TEST(DidWebFromUrl, FailsForNonHttpsQueryOrFragment) {
  const std::vector<std::string> cases = {
      "http://example.org",
      "ftp://example.org",
      "example.org",
      "",
      "https://",
      "https://example.org?x=1",
      "https://example.org/issuer?x=1",
      "https://example.org#key-1",
      "https://example.org/#key-1",
  };
  for (const std::string& url : cases) {
    Result<std::string> converted = DidWebFromUrl(url);
    ASSERT_FALSE(converted.ok()) << url << " -> " << *converted;
    EXPECT_EQ(converted.error().code(), ErrorCode::kInvalidInput) << url;
  }
}

// Regression: an empty host once passed ("https:///" -> "did:web:").
TEST(DidWebFromUrl, FailsForAnEmptyHost) {
  for (const std::string url : {"https:///", "https:///issuer", "https://:8443/x"}) {
    Result<std::string> converted = DidWebFromUrl(url);
    EXPECT_FALSE(converted.ok()) << url << " -> " << *converted;
  }
}

// ---------------------------------------------------------------------------------------------
// DidResolver

TEST(DidResolver, UnconfiguredDidWebIsNotFound) {
  const DidResolver resolver;
  Result<DidDocument> document = resolver.Resolve(kWebDid);
  ASSERT_FALSE(document.ok());
  EXPECT_EQ(document.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(document.error().message().find(kWebDid), std::string::npos);

  Result<VerificationMethod> method =
      resolver.ResolveAssertionMethod("did:web:example.org#key-1");
  ASSERT_FALSE(method.ok());
  EXPECT_EQ(method.error().code(), ErrorCode::kNotFound);
}

TEST(DidResolver, ConfiguredDidWebResolves) {
  DidResolver resolver;
  ASSERT_TRUE(resolver.AddDocument(WebDidDocument()).ok());
  Result<DidDocument> document = resolver.Resolve(kWebDid);
  ASSERT_TRUE(document.ok()) << document.error().message();
  EXPECT_EQ(document->id(), kWebDid);
  EXPECT_EQ(document->methods().size(), 3u);

  Result<VerificationMethod> method =
      resolver.ResolveAssertionMethod("did:web:example.org#key-1");
  ASSERT_TRUE(method.ok()) << method.error().message();
  EXPECT_EQ(method->public_key, KeyOf(W3cVectorMultikey()));
  EXPECT_EQ(method->controller, kWebDid);

  // Another did:web stays unknown.
  Result<DidDocument> other = resolver.Resolve("did:web:example.com");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code(), ErrorCode::kNotFound);
}

TEST(DidResolver, AddDocumentReplacesTheDocumentForTheSameId) {
  DidResolver resolver;
  ASSERT_TRUE(resolver.AddDocument(WebDidDocument()).ok());
  Json replacement = {{"id", kWebDid},
                      {"verificationMethod",
                       Json::array({{{"id", "#key-9"},
                                     {"type", "Multikey"},
                                     {"publicKeyMultibase", Ob3VectorMultikey()}}})},
                      {"assertionMethod", Json::array({"#key-9"})}};
  ASSERT_TRUE(resolver.AddDocument(replacement).ok());
  EXPECT_TRUE(resolver.ResolveAssertionMethod("did:web:example.org#key-9").ok());
  EXPECT_FALSE(resolver.ResolveAssertionMethod("did:web:example.org#key-1").ok());
}

TEST(DidResolver, AddDocumentFailsForMalformedDocument) {
  DidResolver resolver;
  Status added = resolver.AddDocument(Json{{"id", "example.org"}});
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().code(), ErrorCode::kInvalidInput);
}

TEST(DidResolver, DidKeyResolvesWithoutConfiguration) {
  const DidResolver resolver;
  const std::string multikey = W3cVectorMultikey();
  Result<VerificationMethod> method =
      resolver.ResolveAssertionMethod("did:key:" + multikey + "#" + multikey);
  ASSERT_TRUE(method.ok()) << method.error().message();
  EXPECT_EQ(method->public_key, KeyOf(multikey));
  EXPECT_EQ(method->controller, "did:key:" + multikey);

  Result<DidDocument> malformed = resolver.Resolve("did:key:z6Mkbad");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code(), ErrorCode::kInvalidInput);
}

TEST(DidResolver, ResolveAssertionMethodFailsWithoutFragment) {
  DidResolver resolver;
  ASSERT_TRUE(resolver.AddDocument(WebDidDocument()).ok());
  const std::string multikey = W3cVectorMultikey();
  for (const std::string& url :
       {std::string(kWebDid), "did:key:" + multikey, std::string("https://example.org#key-1"),
        std::string("#key-1"), std::string("")}) {
    Result<VerificationMethod> method = resolver.ResolveAssertionMethod(url);
    ASSERT_FALSE(method.ok()) << "resolved " << url;
    EXPECT_EQ(method.error().code(), ErrorCode::kInvalidInput) << url;
  }
}

TEST(DidResolver, ResolveAssertionMethodFailsForUnauthorizedMethod) {
  DidResolver resolver;
  ASSERT_TRUE(resolver.AddDocument(WebDidDocument()).ok());
  const std::string multikey = W3cVectorMultikey();
  for (const std::string& url :
       {std::string("did:web:example.org#key-3"),   // listed, not authorized
        std::string("did:web:example.org#jwk-1"),   // authorized, not a Multikey
        std::string("did:web:example.org#absent"),  // not in the document
        "did:key:" + multikey + "#other"}) {
    Result<VerificationMethod> method = resolver.ResolveAssertionMethod(url);
    ASSERT_FALSE(method.ok()) << "resolved " << url;
    EXPECT_NE(method.error().message().find(url), std::string::npos)
        << method.error().message();
  }
}

}  // namespace
}  // namespace pramaan

namespace pramaan {
namespace {

TEST(DidResolver, ResolveAssertionMethodFailsWhenTheMethodNamesAnotherController) {
  auto key = DecodeEd25519Multikey("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2");
  ASSERT_TRUE(key.ok());
  const Json document = {
      {"id", "did:web:a.example"},
      {"verificationMethod",
       Json::array({{{"id", "did:web:a.example#key-1"},
                     {"type", "Multikey"},
                     {"controller", "did:web:b.example"},
                     {"publicKeyMultibase", EncodeEd25519Multikey(*key)}}})},
      {"assertionMethod", Json::array({"did:web:a.example#key-1"})}};
  DidResolver resolver;
  ASSERT_TRUE(resolver.AddDocument(document).ok());
  auto method = resolver.ResolveAssertionMethod("did:web:a.example#key-1");
  ASSERT_FALSE(method.ok());
  EXPECT_NE(method.error().message().find("did:web:b.example"), std::string::npos);
}

}  // namespace
}  // namespace pramaan
