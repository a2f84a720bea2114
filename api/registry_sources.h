// The registry as a source of the verdict (verifier/sources.h): which credentials were
// replaced, and which credentials it holds (provenance). Both know a credential by its short
// id: its "id" is {base_url}/credentials/{short}; a credential with another id is not the
// registry's.
#ifndef PRAMAAN_API_REGISTRY_SOURCES_H_
#define PRAMAAN_API_REGISTRY_SOURCES_H_

#include <string>
#include <string_view>

#include "core/json/json.h"
#include "store/registry.h"
#include "store/supersession_index.h"
#include "verifier/sources.h"

namespace pramaan::api {

// The short id of a credential whose id is {base_url}/credentials/{short} (a URL-safe string
// of at most 64 characters), or "".
std::string_view RegistryShortId(const Json& credential, std::string_view base_url);

// Supersession from the registry, through the in-memory index when one is given (no registry
// read per call) or else the registry. Thread-safe.
class RegistrySupersession final : public SupersessionSource {
 public:
  // `registry`, `index` (may be null) and the characters of `base_url` must outlive this.
  RegistrySupersession(const store::Registry& registry, store::SupersessionIndex* index,
                       std::string_view base_url)
      : registry_(registry), index_(index), base_url_(base_url) {}

  // The successor's short id and its URL ({base_url}/credentials/{id}); nullopt for a
  // credential not replaced, not stored, or not of this registry. Fails as the registry does.
  Result<std::optional<Successor>> ReplacedBy(const Json& credential) const override;
  // The same, by short id.
  Result<std::optional<Successor>> ReplacedById(std::string_view short_id) const;

 private:
  const store::Registry& registry_;
  store::SupersessionIndex* index_;
  const std::string_view base_url_;
};

// Provenance from the registry: it holds a credential when the credential stored under its
// short id parses to the same JSON value. Thread-safe.
class RegistryIssuedCredentials final : public IssuedCredentials {
 public:
  // `registry` and the characters of `base_url` must outlive this.
  RegistryIssuedCredentials(const store::Registry& registry, std::string_view base_url)
      : registry_(registry), base_url_(base_url) {}

  std::string WhyNotHeld(const Json& credential) const override;

 private:
  const store::Registry& registry_;
  const std::string_view base_url_;
};

// A supersession source that already knows the answer (a caller that looked it up once).
class KnownSupersession final : public SupersessionSource {
 public:
  // `successor` may be the error of the read that looked it up: the check is then reported
  // as not checked, never as "not replaced".
  explicit KnownSupersession(Result<std::optional<Successor>> successor)
      : successor_(std::move(successor)) {}
  Result<std::optional<Successor>> ReplacedBy(const Json&) const override { return successor_; }

 private:
  Result<std::optional<Successor>> successor_;
};

}  // namespace pramaan::api

#endif  // PRAMAAN_API_REGISTRY_SOURCES_H_
