// The bundled JSON-LD context loader. Contexts are compiled into the binary and never fetched:
// a context URL that is neither bundled nor added by the operator is an error, so a credential
// can never depend on a document that an attacker (or an outage) controls.
#ifndef PRAMAAN_CORE_CONTEXT_CONTEXT_LOADER_H_
#define PRAMAAN_CORE_CONTEXT_CONTEXT_LOADER_H_

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/json/json.h"
#include "core/jsonld/expand.h"
#include "core/result.h"

namespace pramaan {

struct RelatedResource;

inline constexpr std::string_view kCredentialsV1Context = "https://www.w3.org/2018/credentials/v1";
inline constexpr std::string_view kCredentialsV2Context = "https://www.w3.org/ns/credentials/v2";
inline constexpr std::string_view kOpenBadgesContext =
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
// Pramaan's own context: terms Open Badges 3.0 lacks (schemas/contexts/pramaan-v1.jsonld),
// under the URL credentials issued before it was served named. Credentials now name it where
// their issuer serves it, {base_url}/contexts/pramaan/v1 (PramaanContextUrl), pinned by a
// relatedResource digest of these exact bytes, which never change once published.
inline constexpr std::string_view kPramaanContext = "https://w3id.org/pramaan/v1";
// Where `pramaan serve` publishes it, under the base URL.
inline constexpr std::string_view kPramaanContextPath = "/contexts/pramaan/v1";

// {base_url}/contexts/pramaan/v1.
std::string PramaanContextUrl(std::string_view base_url);

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

  // Whether `url` is bundled, added or an alias (a URL adopted from a document's pinned
  // digest is known only to the documents that pin it: CheckDocumentContexts).
  bool Knows(std::string_view url) const { return documents_.count(url) > 0; }

  // Makes `url` name the same document as the bundled `bundled_url` (a deployment's published
  // copy of a bundled context). Fails with kNotFound when bundled_url is not bundled, or
  // kInvalidInput when url is already known as another document.
  Status AddAlias(const std::string& url, std::string_view bundled_url);

  // The exact bytes of the bundled context at `url` (as published, for checking a
  // relatedResource digest), or nullopt for a URL that is neither bundled nor an alias.
  std::optional<std::string_view> BundledBytes(std::string_view url) const;

  // Whether `bytes` have the digests of `resource` (MatchesDigests), answered without hashing
  // for the digestMultibase Pramaan writes when `bytes` are those of a bundled context.
  bool MatchesBundledDigests(const RelatedResource& resource, std::string_view url_of_bytes,
                             std::string_view bytes) const;

  // Checks every "@context" in `document`, at any depth: each string entry must be a known
  // URL, or one the document's relatedResource pins to a bundled context by the digest of
  // its exact bytes (VC Data Model 2.0 section 5.3): nothing is fetched, and the digest makes
  // the URL mean exactly those bytes. Such a URL is then loaded (Load) as that context, but
  // passes this check only for documents that pin it, so a document cannot swap in a URL it
  // does not pin. Embedded objects are allowed. Fails with kNotFound naming the first
  // unknown URL, or kInvalidInput for an @context that is not a string, object or array of
  // those.
  Status CheckDocumentContexts(const Json& document) const;

 private:
  std::map<std::string, std::shared_ptr<const Json>, std::less<>> documents_;
  // Views of the data compiled into the binary, which lives as long as the process.
  std::map<std::string, std::string_view, std::less<>> bundled_bytes_;
  // DigestMultibaseSha256 of each, computed once.
  std::map<std::string, std::string, std::less<>> bundled_digests_;
  // URLs adopted by CheckDocumentContexts from pinned digests, with the bundled URL whose
  // bytes they pin, added while the loader is in use (documents_ is not changed after first
  // use, so it is read without a lock).
  mutable std::mutex pinned_mutex_;
  mutable std::map<std::string, std::pair<std::string, std::shared_ptr<const Json>>, std::less<>>
      pinned_;

  // Adopts the URLs `document`'s relatedResource entries pin to a bundled context, and
  // returns those this document pins.
  std::set<std::string, std::less<>> AdoptPinnedContexts(const Json& document) const;
  mutable std::mutex expander_mutex_;
  mutable std::unique_ptr<jsonld::Expander> expander_;
};

}  // namespace pramaan

#endif  // PRAMAAN_CORE_CONTEXT_CONTEXT_LOADER_H_
