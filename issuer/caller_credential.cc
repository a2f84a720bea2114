// Credentials that callers bring to be signed (W3C VC API issue), checked and completed before
// the issuance service signs them.
#include <algorithm>

#include "core/context/context_loader.h"
#include "core/credential/credential.h"
#include "issuer/credential_builder.h"

namespace pramaan {
namespace {

constexpr std::string_view kCredentialsPath = "/credentials/";
// Ours are 20 characters; a caller's own short id may be longer, but stays a path segment.
constexpr size_t kMaxShortIdLength = 64;

bool IsUrlSafeId(std::string_view id) {
  if (id.empty() || id.size() > kMaxShortIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
  });
}

bool HasContext(const Json& credential, std::string_view url) {
  const auto context = credential.find("@context");
  if (context == credential.end() || !context->is_array()) return false;
  return std::find(context->begin(), context->end(), Json(url)) != context->end();
}

// The issuer to put into a credential that names none: with the VC 2.0 context (which defines
// "name") our profile with its name, an Open Badges Profile when that context is present;
// otherwise just our DID.
Json IssuerFor(const Json& credential, const IssuerProfile& issuer) {
  if (!HasContext(credential, kCredentialsV2Context) || issuer.name.empty()) return issuer.id;
  Json profile = Json::object();
  profile["id"] = issuer.id;
  if (HasContext(credential, kOpenBadgesContext)) profile["type"] = Json::array({"Profile"});
  profile["name"] = issuer.name;
  return profile;
}

}  // namespace

std::string ShortCredentialIdOf(const Json& credential, const std::string& base_url) {
  if (!credential.is_object()) return "";
  const std::string id = GetString(credential, "id");
  const std::string prefix = base_url + std::string(kCredentialsPath);
  if (!id.starts_with(prefix)) return "";
  std::string short_id = id.substr(prefix.size());
  return IsUrlSafeId(short_id) ? short_id : "";
}

Result<UnsignedCredential> PrepareCallerCredential(Json credential, const BuildContext& context,
                                                   std::string source_record_id) {
  if (!credential.is_object()) return InvalidInput("credential must be a JSON object");
  if (credential.contains("proof")) {
    return InvalidInput("proof: the credential to issue must not have a proof");
  }
  if (credential.contains("credentialStatus")) {
    return InvalidInput(
        "credentialStatus: the issuer allocates status entries itself; a credential to issue "
        "must not bring its own");
  }
  if (const auto issuer = credential.find("issuer"); issuer == credential.end()) {
    credential["issuer"] = IssuerFor(credential, context.issuer);
  } else {
    const std::string named =
        issuer->is_string() ? issuer->get<std::string>() : GetString(*issuer, "id");
    if (named != context.issuer.id) {
      return InvalidInput("issuer: the credential's issuer must be " + context.issuer.id +
                          ", not \"" + named + "\"");
    }
  }
  if (!credential.contains("id")) {
    credential["id"] = context.base_url + std::string(kCredentialsPath) + context.credential_id;
  }
  // The date of issue is the issuer's to state when the caller leaves it out.
  const auto contexts = credential.find("@context");
  if (contexts != credential.end() && contexts->is_array() && !contexts->empty()) {
    if ((*contexts)[0] == kCredentialsV2Context && !credential.contains("validFrom")) {
      credential["validFrom"] = FormatRfc3339(context.issued_at);
    } else if ((*contexts)[0] == kCredentialsV1Context && !credential.contains("issuanceDate")) {
      credential["issuanceDate"] = FormatRfc3339(context.issued_at);
    }
  }
  if (auto header = ReadCredentialHeader(credential); !header.ok()) return header.error();
  return UnsignedCredential(std::move(credential), context.credential_id,
                            std::move(source_record_id));
}

}  // namespace pramaan
