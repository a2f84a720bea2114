// Tests for core/context/context_loader.h: the bundled JSON-LD contexts and document checks.
#include "core/context/context_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/credential/related_resource.h"
#include "core/json/json.h"
#include "core/result.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

using testing::ReadFile;
using testing::TempDir;

Json ParseFile(const std::filesystem::path& path) {
  Result<Json> parsed = ParseJson(ReadFile(path), path.string());
  EXPECT_TRUE(parsed.ok()) << path << ": " << parsed.error().message();
  return parsed.ok() ? std::move(parsed).value() : Json();
}

struct ServedContext {
  std::string file;  // relative to the vectors directory, e.g. "contexts/did-v1.jsonld"
  std::string url;
};

// The contexts/ rows of SOURCES.tsv, located by their header names rather than positions.
std::vector<ServedContext> ContextsFromSourcesTsv() {
  std::istringstream tsv(ReadFile(std::string(PRAMAAN_VECTORS_DIR) + "/SOURCES.tsv"));
  std::vector<ServedContext> contexts;
  std::string line;
  int file_column = -1;
  int url_column = -1;
  while (std::getline(tsv, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> columns;
    std::istringstream fields(line);
    std::string field;
    while (std::getline(fields, field, '\t')) columns.push_back(field);
    if (file_column < 0) {  // the header
      for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
        if (columns[i] == "file") file_column = i;
        if (columns[i] == "served_url") url_column = i;
      }
      EXPECT_GE(file_column, 0) << "SOURCES.tsv has no \"file\" column";
      EXPECT_GE(url_column, 0) << "SOURCES.tsv has no \"served_url\" column";
      if (file_column < 0 || url_column < 0) return {};
      continue;
    }
    if (static_cast<int>(columns.size()) <= std::max(file_column, url_column)) continue;
    if (columns[file_column].rfind("contexts/", 0) != 0) continue;
    contexts.push_back({columns[file_column], columns[url_column]});
  }
  return contexts;
}

// ---------------------------------------------------------------------------------------------
// Bundled contexts

TEST(ContextLoader, EveryContextInSourcesTsvLoadsAsTheVectorFile) {
  const std::vector<ServedContext> contexts = ContextsFromSourcesTsv();
  ASSERT_FALSE(contexts.empty()) << "no contexts/ rows in SOURCES.tsv";
  const ContextLoader& loader = ContextLoader::Bundled();
  for (const ServedContext& c : contexts) {
    SCOPED_TRACE(c.url);
    ASSERT_NE(c.url, "-") << c.file << " has no served_url";
    EXPECT_TRUE(loader.Knows(c.url));
    Result<const Json*> loaded = loader.Load(c.url);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message();
    ASSERT_NE(*loaded, nullptr);
    EXPECT_EQ(**loaded, ParseFile(std::string(PRAMAAN_VECTORS_DIR) + "/" + c.file)) << c.file;
  }
}

TEST(ContextLoader, ConstructedLoaderHoldsTheSameContextsAsBundled) {
  const ContextLoader loader;
  for (const ServedContext& c : ContextsFromSourcesTsv()) {
    Result<const Json*> mine = loader.Load(c.url);
    Result<const Json*> shared = ContextLoader::Bundled().Load(c.url);
    ASSERT_TRUE(mine.ok()) << c.url;
    ASSERT_TRUE(shared.ok()) << c.url;
    EXPECT_EQ(**mine, **shared) << c.url;
  }
}

TEST(ContextLoader, NamedConstantsAreBundled) {
  const ContextLoader& loader = ContextLoader::Bundled();
  for (std::string_view url :
       {kCredentialsV1Context, kCredentialsV2Context, kOpenBadgesContext, kPramaanContext}) {
    Result<const Json*> loaded = loader.Load(url);
    ASSERT_TRUE(loaded.ok()) << url;
    EXPECT_TRUE((*loaded)->is_object()) << url;
    EXPECT_TRUE((*loaded)->contains("@context")) << url;
  }
}

TEST(ContextLoader, PramaanContextIsTheFileInSchemas) {
  Result<const Json*> loaded = ContextLoader::Bundled().Load(kPramaanContext);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(**loaded,
            ParseFile(std::string(PRAMAAN_SOURCE_DIR) + "/schemas/contexts/pramaan-v1.jsonld"));
}

// Credentials pin our context by the digest of its exact bytes (issue 18): once published it
// never changes. A change of terms is a new context at a new URL (pramaan/v2), bundled beside
// this one; this digest stays.
TEST(ContextLoader, PublishedPramaanContextNeverChanges) {
  const std::optional<std::string_view> bytes =
      ContextLoader::Bundled().BundledBytes(kPramaanContext);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(DigestMultibaseSha256(*bytes), "uEiA10nYYkZqA3HcSDaA1BFPSlAuC2TYv-qlSsOxMDzcM-g")
      << "schemas/contexts/pramaan-v1.jsonld changed after it was published";
  EXPECT_EQ(PramaanContextUrl("https://pramaan.example"),
            "https://pramaan.example/contexts/pramaan/v1");
}

// VC Data Model 2.0 section 5.3: a URL nothing else makes known is our bundled context when
// the document's relatedResource pins it by the digest of those exact bytes; nothing is
// fetched. A wrong digest or none leaves it unknown.
TEST(ContextLoader, VcDataModel20_AContextPinnedByItsDigestIsTheBundledCopy) {
  const std::string url = "https://other-deployment.example/contexts/pramaan/v1";
  const std::string bytes(*ContextLoader::Bundled().BundledBytes(kPramaanContext));
  const auto document = [&](const std::string& digest) {
    Json related = {{"id", url}};
    if (!digest.empty()) related["digestMultibase"] = digest;
    return Json{{"@context", {std::string(kCredentialsV2Context), url}},
                {"relatedResource", Json::array({related})}};
  };
  {
    const ContextLoader loader;
    EXPECT_FALSE(loader.CheckDocumentContexts(document(DigestMultibaseSha256(bytes + " "))).ok());
    EXPECT_FALSE(loader.CheckDocumentContexts(document("")).ok());
    EXPECT_FALSE(loader.Knows(url));
    const Status pinned = loader.CheckDocumentContexts(document(DigestMultibaseSha256(bytes)));
    ASSERT_TRUE(pinned.ok()) << pinned.error().message();
    Result<const Json*> loaded = loader.Load(url);
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(**loaded, **loader.Load(kPramaanContext));
    EXPECT_EQ(loader.BundledBytes(url), std::nullopt);  // adopted, not an alias of ours
    // Known only to documents that pin it: a later document cannot name it unpinned (a
    // context URL swapped for another of the same content would not change the signature).
    EXPECT_FALSE(loader.Knows(url));
    EXPECT_FALSE(loader.CheckDocumentContexts(document("")).ok());
    EXPECT_FALSE(
        loader.CheckDocumentContexts(Json{{"@context", {std::string(kCredentialsV2Context), url}}})
            .ok());
    EXPECT_FALSE(loader.CheckDocumentContexts(document(DigestMultibaseSha256(bytes + " "))).ok());
    EXPECT_TRUE(loader.CheckDocumentContexts(document(DigestMultibaseSha256(bytes))).ok());
  }
  // A deployment names its own published URL up front (ApplyTrust): then its digest is
  // checked like a bundled context's.
  ContextLoader loader;
  ASSERT_TRUE(loader.AddAlias(url, kPramaanContext).ok());
  EXPECT_TRUE(loader.Knows(url));
  EXPECT_EQ(loader.BundledBytes(url), std::optional<std::string_view>(bytes));
  EXPECT_FALSE(loader.AddAlias(std::string(kCredentialsV2Context), kPramaanContext).ok());
  const Status not_bundled = loader.AddAlias(url, "https://example.org/not-bundled");
  ASSERT_FALSE(not_bundled.ok());
  EXPECT_EQ(not_bundled.error().code(), ErrorCode::kNotFound);
}

TEST(ContextLoader, LoadFailsWithNotFoundNamingAnUnknownUrl) {
  const ContextLoader& loader = ContextLoader::Bundled();
  const std::vector<std::string> unknown = {
      "https://example.org/unknown-context.jsonld",
      "https://www.w3.org/ns/credentials/v2/",  // trailing slash
      "http://www.w3.org/ns/credentials/v2",    // http
      "https://www.w3.org/ns/credentials/V2",   // case
      "",
  };
  for (const std::string& url : unknown) {
    EXPECT_FALSE(loader.Knows(url)) << url;
    Result<const Json*> loaded = loader.Load(url);
    ASSERT_FALSE(loaded.ok()) << url;
    EXPECT_EQ(loaded.error().code(), ErrorCode::kNotFound) << url;
    EXPECT_NE(loaded.error().message().find("\"" + url + "\""), std::string::npos)
        << loaded.error().message();
  }
}

// ---------------------------------------------------------------------------------------------
// CheckDocumentContexts

TEST(CheckDocumentContexts, AcceptsBundledUrlsEmbeddedObjectsAndNull) {
  const ContextLoader& loader = ContextLoader::Bundled();
  const std::vector<Json> documents = {
      Json::object(),
      Json{{"@context", std::string(kCredentialsV2Context)}},
      Json{{"@context", Json::array({std::string(kCredentialsV2Context),
                                     std::string(kOpenBadgesContext),
                                     {{"ex", "https://example.org/vocab#"}}})}},
      Json{{"@context", {{"@vocab", "https://example.org/vocab#"}}}},
      Json{{"@context", nullptr}},
      Json{{"credentialSubject",
            {{"@context", Json::array({std::string(kPramaanContext)})}, {"name", "x"}}}},
      Json::array({Json{{"@context", std::string(kCredentialsV1Context)}}}),
  };
  for (const Json& document : documents) {
    Status status = loader.CheckDocumentContexts(document);
    EXPECT_TRUE(status.ok()) << document.dump() << ": " << status.error().message();
  }
}

TEST(CheckDocumentContexts, FailsForUnknownUrlNestedDeepInside) {
  const std::string unknown = "https://attacker.example/ctx.jsonld";
  const Json document = {
      {"@context", Json::array({std::string(kCredentialsV2Context)})},
      {"type", Json::array({"VerifiableCredential"})},
      {"credentialSubject",
       {{"achievement",
         Json::array({Json{{"id", "urn:a"}},
                      Json{{"result",
                            Json::array({Json{{"deeper",
                                               {{"@context", Json::array({std::string(
                                                                              kCredentialsV2Context),
                                                                          unknown})},
                                                {"x", 1}}}}})}}})}}},
  };
  Status status = ContextLoader::Bundled().CheckDocumentContexts(document);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(status.error().message().find(unknown), std::string::npos)
      << status.error().message();
}

TEST(CheckDocumentContexts, FailsForUnknownTopLevelUrl) {
  const Json document = {{"@context", Json::array({std::string(kCredentialsV2Context),
                                                   "https://example.org/unknown"})}};
  Status status = ContextLoader::Bundled().CheckDocumentContexts(document);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(status.error().message().find("https://example.org/unknown"), std::string::npos);
}

// Regression: URLs inside an embedded context (scoped @context, @import) were once unchecked.
TEST(CheckDocumentContexts, FailsForUnknownUrlInsideEmbeddedContext) {
  const std::string unknown = "https://attacker.example/scoped.jsonld";
  const std::vector<std::pair<std::string, Json>> cases = {
      {"scoped context of a term",
       Json{{"@context",
             Json::array({std::string(kCredentialsV2Context),
                          {{"Thing", {{"@id", "https://example.org/Thing"}, {"@context", unknown}}}}})}}},
      {"@import", Json{{"@context", Json::array({std::string(kCredentialsV2Context),
                                                  {{"@import", unknown}}})}}},
  };
  for (const auto& [name, document] : cases) {
    Status status = ContextLoader::Bundled().CheckDocumentContexts(document);
    ASSERT_FALSE(status.ok()) << name << ": " << unknown << " was not checked";
    EXPECT_EQ(status.error().code(), ErrorCode::kNotFound) << name;
  }
}

TEST(CheckDocumentContexts, FailsWithInvalidInputForNonContextValues) {
  const std::vector<Json> documents = {
      Json{{"@context", 5}},
      Json{{"@context", true}},
      Json{{"@context", Json::array({std::string(kCredentialsV2Context), 5})}},
      Json{{"@context", Json::array({Json::array({std::string(kCredentialsV2Context)})})}},
      Json{{"proof", {{"@context", 1.5}}}},
  };
  for (const Json& document : documents) {
    Status status = ContextLoader::Bundled().CheckDocumentContexts(document);
    ASSERT_FALSE(status.ok()) << document.dump();
    EXPECT_EQ(status.error().code(), ErrorCode::kInvalidInput) << document.dump();
  }
}

// ---------------------------------------------------------------------------------------------
// Operator contexts

TEST(ContextLoaderAddFile, AddsAnOperatorContext) {
  const TempDir dir;
  const std::string url = "https://contexts.example.gov.in/training/v1";
  const std::string text = R"({"@context": {"trainingHours": "https://example.gov.in/vocab#h"}})";
  const std::filesystem::path file = dir.Write("training.jsonld", text);

  ContextLoader loader;
  EXPECT_FALSE(loader.Knows(url));
  EXPECT_FALSE(loader.CheckDocumentContexts(Json{{"@context", url}}).ok());
  Status added = loader.AddFile(url, file);
  ASSERT_TRUE(added.ok()) << added.error().message();
  EXPECT_TRUE(loader.Knows(url));
  Result<const Json*> loaded = loader.Load(url);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(**loaded, *ParseJson(text));
  EXPECT_TRUE(loader.CheckDocumentContexts(Json{{"@context", url}}).ok());
  // The shared bundled loader is not affected.
  EXPECT_FALSE(ContextLoader::Bundled().Knows(url));
}

TEST(ContextLoaderAddFile, FailsForMissingFile) {
  const TempDir dir;
  ContextLoader loader;
  Status added = loader.AddFile("https://example.org/ctx", dir.path() / "absent.jsonld");
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(loader.Knows("https://example.org/ctx"));
}

TEST(ContextLoaderAddFile, FailsForNonObjectOrMissingContext) {
  const TempDir dir;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"array.jsonld", R"([{"@context": {}}])"},
      {"string.jsonld", R"("https://www.w3.org/ns/credentials/v2")"},
      {"no-context.jsonld", R"({"ex": "https://example.org/vocab#"})"},
      {"not-json.jsonld", "{\"@context\": "},
      {"empty.jsonld", ""},
  };
  for (const auto& [name, text] : cases) {
    ContextLoader loader;
    const std::string url = "https://example.org/" + name;
    Status added = loader.AddFile(url, dir.Write(name, text));
    ASSERT_FALSE(added.ok()) << name;
    EXPECT_EQ(added.error().code(), ErrorCode::kInvalidInput) << name;
    EXPECT_FALSE(loader.Knows(url)) << name;
  }
}

TEST(ContextLoaderAddFile, RefusesToReplaceABundledContextWithDifferentContent) {
  const TempDir dir;
  const std::filesystem::path file =
      dir.Write("fake-v2.jsonld", R"({"@context": {"name": "https://attacker.example/name"}})");
  ContextLoader loader;
  Status added = loader.AddFile(std::string(kCredentialsV2Context), file);
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().code(), ErrorCode::kInvalidInput);
  Result<const Json*> loaded = loader.Load(kCredentialsV2Context);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(**loaded, ParseFile(std::string(PRAMAAN_VECTORS_DIR) +
                                "/contexts/credentials-v2.jsonld"));
}

TEST(ContextLoaderAddFile, AcceptsABundledContextWithIdenticalContent) {
  const TempDir dir;
  // Same JSON, different bytes (re-indented): content, not bytes, is compared.
  const Json v2 =
      ParseFile(std::string(PRAMAAN_VECTORS_DIR) + "/contexts/credentials-v2.jsonld");
  const std::filesystem::path file = dir.Write("v2.jsonld", v2.dump(4));
  ContextLoader loader;
  Status added = loader.AddFile(std::string(kCredentialsV2Context), file);
  EXPECT_TRUE(added.ok()) << added.error().message();
  EXPECT_TRUE(loader.Knows(kCredentialsV2Context));
}

}  // namespace
}  // namespace pramaan
