// The bundled JSON-LD context loader. Contexts are compiled into the binary and never fetched:
// a context URL that is neither bundled nor added by the operator is an error, so a credential
// can never depend on a document that an attacker (or an outage) controls.
#ifndef PRAMAAN_CORE_CONTEXT_CONTEXT_LOADER_H_
#define PRAMAAN_CORE_CONTEXT_CONTEXT_LOADER_H_

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/json/json.h"
#include "core/jsonld/expand.h"
#include "core/result.h"

namespace pramaan {

inline constexpr std::string_view kCredentialsV1Context = "https://www.w3.org/2018/credentials/v1";
inline constexpr std::string_view kCredentialsV2Context = "https://www.w3.org/ns/credentials/v2";
inline constexpr std::string_view kOpenBadgesContext =
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
// Pramaan's own context: terms Open Badges 3.0 lacks (schemas/contexts/pramaan-v1.jsonld).
inline constexpr std::string_view kPramaanContext = "https://w3id.org/pramaan/v1";

class ContextLoader final : public jsonld::RemoteContextLoader {
 public:
  // A loader holding every bundled context.
  ContextLoader();
  ~ContextLoader() override;
  // Not copyable or movable: its expander refers to it.
  ContextLoader(const ContextLoader&) = delete;
  ContextLoader& operator=(const ContextLoader&) = delete;

  // The shared loader with only the bundled contexts.
  static const ContextLoader& Bundled();

  // Trusts the context in `path` under `url` (an operator's addition through configuration).
  // Fails with kNotFound if the file cannot be read, kInvalidInput if it is not a JSON object
  // with an "@context" member, or if `url` is already bundled with different content.
  Status AddFile(const std::string& url, const std::filesystem::path& path);

  // As AddFile, from a parsed document.
  Status Add(const std::string& url, Json document);

  // Returns the context document served at `url`. Fails with kNotFound naming the URL for a
  // context that is neither bundled nor added.
  Result<const Json*> Load(std::string_view url) const override;

  // The JSON-LD expander over these contexts, created on first use and shared, so processed
  // contexts are cached across every document expanded with this loader. Add contexts
  // before first use. Thread-safe.
  const jsonld::Expander& expander() const;

  bool Knows(std::string_view url) const { return documents_.count(url) > 0; }

  // Checks every "@context" in `document`, at any depth: each string entry must be a known
  // URL; embedded objects are allowed. Fails with kNotFound naming the first unknown URL, or
  // kInvalidInput for an @context that is not a string, object or array of those.
  Status CheckDocumentContexts(const Json& document) const;

 private:
  std::map<std::string, std::shared_ptr<const Json>, std::less<>> documents_;
  mutable std::mutex expander_mutex_;
  mutable std::unique_ptr<jsonld::Expander> expander_;
};

}  // namespace pramaan

#endif  // PRAMAAN_CORE_CONTEXT_CONTEXT_LOADER_H_
