// JSON-LD expansion of an Open Badges 3.0 credential, the first step of signing it with
// eddsa-rdfc-2022. The issuer expands every credential it signs, always with the same few
// contexts, so the number that matters is expansion with the contexts already processed and
// cached in the Expander ("warm"); "cold" (a new Expander each time) shows what the cache
// saves. Contexts are read from schemas/contexts, each served at the URL that
// ../shared/vectors/SOURCES.tsv gives for the file of the same name.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "core/json/json.h"
#include "core/jsonld/expand.h"
#include "core/result.h"

#ifndef PRAMAAN_SOURCE_DIR
// The repository root; bench/CMakeLists.txt may define it. Vectors live beside the repository.
#define PRAMAAN_SOURCE_DIR PRAMAAN_VECTORS_DIR "/../../main"
#endif

namespace pramaan {
namespace {

constexpr char kCredentialPath[] = PRAMAAN_VECTORS_DIR "/ob3-eddsa-rdfc-2022/unsigned.json";
constexpr char kSourcesPath[] = PRAMAAN_VECTORS_DIR "/SOURCES.tsv";
constexpr char kContextsDir[] = PRAMAAN_SOURCE_DIR "/schemas/contexts";
// Pramaan's own context, the small third one of its credentials (not a published vector).
constexpr char kPramaanContextUrl[] = "https://w3id.org/pramaan/v1";
constexpr char kPramaanContextFile[] = "pramaan-v1.jsonld";

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Serves the files of schemas/contexts at their published URLs. Loaded once, read-only after.
class SchemaContextLoader : public jsonld::RemoteContextLoader {
 public:
  SchemaContextLoader() {
    // SOURCES.tsv columns: file, sha256, source, source path, commit, served_url.
    std::istringstream sources(ReadText(kSourcesPath));
    std::string line;
    while (std::getline(sources, line)) {
      std::string columns[6];
      std::size_t start = 0;
      for (int i = 0; i < 6; ++i) {
        const std::size_t tab = line.find('\t', start);
        columns[i] = line.substr(start, tab == std::string::npos ? std::string::npos : tab - start);
        if (tab == std::string::npos) break;
        start = tab + 1;
      }
      if (!columns[0].starts_with("contexts/") || columns[5].empty() || columns[5] == "-") {
        continue;
      }
      AddFile(columns[5], columns[0].substr(std::string_view("contexts/").size()));
    }
    AddFile(kPramaanContextUrl, kPramaanContextFile);
  }

  Result<const Json*> Load(std::string_view url) const override {
    const auto it = documents_.find(url);
    if (it == documents_.end()) return NotFound("no bundled context " + std::string(url));
    return &it->second;
  }

  std::size_t size() const { return documents_.size(); }

 private:
  void AddFile(const std::string& url, const std::string& file) {
    Result<Json> parsed = ParseJson(ReadText(std::filesystem::path(kContextsDir) / file), file);
    if (parsed.ok()) documents_.emplace(url, std::move(parsed).value());
  }

  std::map<std::string, Json, std::less<>> documents_;
};

const SchemaContextLoader& Loader() {
  static const auto* const loader = new SchemaContextLoader();
  return *loader;
}

// The credential vector (two contexts), or null if it cannot be read.
const Json& Credential() {
  static const Json* const credential = [] {
    Result<Json> parsed = ParseJson(ReadText(kCredentialPath), kCredentialPath);
    return new Json(parsed.ok() ? std::move(parsed).value() : Json());
  }();
  return *credential;
}

// The same credential with Pramaan's context added, as Pramaan issues them.
const Json& CredentialWithThreeContexts() {
  static const Json* const credential = [] {
    Json document = Credential();
    if (document.is_object()) document["@context"].push_back(kPramaanContextUrl);
    return new Json(std::move(document));
  }();
  return *credential;
}

bool SkipIfMissing(benchmark::State& state) {
  if (Credential().is_null() || Loader().size() < 3) {
    state.SkipWithError("cannot read the credential vector or the contexts");
    return true;
  }
  return false;
}

// Expands `document` repeatedly with one Expander whose cache the first call warms.
void ExpandWarm(benchmark::State& state, const Json& document, bool with_diagnostics) {
  if (SkipIfMissing(state)) return;
  const jsonld::Expander expander(Loader());
  const jsonld::ExpandOptions options;
  jsonld::ExpansionDiagnostics diagnostics;
  jsonld::ExpansionDiagnostics* sink = with_diagnostics ? &diagnostics : nullptr;
  if (Result<Json> first = expander.Expand(document, options, sink); !first.ok()) {
    state.SkipWithError(first.error().message().c_str());
    return;
  }
  for (auto _ : state) {
    Result<Json> expanded = expander.Expand(document, options, sink);
    benchmark::DoNotOptimize(expanded);
  }
}

// The issuer's path: safe mode asks for diagnostics.
void BM_ExpandOb3CredentialWarm(benchmark::State& state) {
  ExpandWarm(state, Credential(), /*with_diagnostics=*/true);
}
BENCHMARK(BM_ExpandOb3CredentialWarm);

void BM_ExpandOb3CredentialWarmNoDiagnostics(benchmark::State& state) {
  ExpandWarm(state, Credential(), /*with_diagnostics=*/false);
}
BENCHMARK(BM_ExpandOb3CredentialWarmNoDiagnostics);

void BM_ExpandOb3CredentialThreeContextsWarm(benchmark::State& state) {
  ExpandWarm(state, CredentialWithThreeContexts(), /*with_diagnostics=*/true);
}
BENCHMARK(BM_ExpandOb3CredentialThreeContextsWarm);

// Every context processed from scratch: what each credential would cost without the cache.
void BM_ExpandOb3CredentialCold(benchmark::State& state) {
  if (SkipIfMissing(state)) return;
  const jsonld::ExpandOptions options;
  for (auto _ : state) {
    const jsonld::Expander expander(Loader());
    Result<Json> expanded = expander.Expand(Credential(), options);
    benchmark::DoNotOptimize(expanded);
  }
}
BENCHMARK(BM_ExpandOb3CredentialCold);

}  // namespace
}  // namespace pramaan
