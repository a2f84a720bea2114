#include "api/registry_sources.h"

#include <algorithm>

namespace pramaan::api {

namespace {
constexpr std::string_view kCredentialsPath = "/credentials/";
constexpr size_t kMaxShortIdLength = 64;
}  // namespace

std::string_view RegistryShortId(const Json& credential, std::string_view base_url) {
  if (!credential.is_object()) return {};
  const auto id = credential.find("id");
  if (id == credential.end() || !id->is_string()) return {};
  std::string_view text = id->get_ref<const std::string&>();
  if (!text.starts_with(base_url)) return {};
  text.remove_prefix(base_url.size());
  if (!text.starts_with(kCredentialsPath)) return {};
  text.remove_prefix(kCredentialsPath.size());
  if (text.empty() || text.size() > kMaxShortIdLength) return {};
  const bool url_safe = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
  });
  return url_safe ? text : std::string_view();
}

Result<std::optional<Successor>> RegistrySupersession::ReplacedBy(const Json& credential) const {
  const std::string_view short_id = RegistryShortId(credential, base_url_);
  if (short_id.empty()) return std::optional<Successor>();
  return ReplacedById(short_id);
}

Result<std::optional<Successor>> RegistrySupersession::ReplacedById(
    std::string_view short_id) const {
  std::string successor;
  if (index_ != nullptr) {
    PRAMAAN_ASSIGN_OR_RETURN(successor, index_->SupersededBy(short_id));
  } else {
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<std::string> stored, registry_.SupersededBy(short_id));
    if (stored) successor = std::move(*stored);
  }
  if (successor.empty()) return std::optional<Successor>();
  std::string url = std::string(base_url_) + std::string(kCredentialsPath) + successor;
  return std::optional<Successor>(Successor{std::move(successor), std::move(url)});
}

std::string RegistryIssuedCredentials::WhyNotHeld(const Json& credential) const {
  const std::string_view short_id = RegistryShortId(credential, base_url_);
  if (short_id.empty()) return "not a credential of this registry";
  auto stored = registry_.Get(short_id);
  if (!stored.ok() || !stored->has_value()) return "not in this registry";
  auto issued = ParseJson((*stored)->credential_json);
  if (!issued.ok() || *issued != credential) {
    return "not the credential this registry holds under its id";
  }
  return "";
}

}  // namespace pramaan::api
