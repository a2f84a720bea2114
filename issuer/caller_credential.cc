// Credentials that callers bring to be signed (W3C VC API issue), checked and completed before
// the issuance service signs them.
#include <algorithm>

#include "core/context/context_loader.h"
#include "core/credential/credential.h"
#include "core/integrity/data_integrity.h"
#include "issuer/credential_builder.h"
#include "issuer/credential_id.h"

namespace pramaan {
namespace {

constexpr std::string_view kCredentialsPath = "/credentials/";

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

bool HasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7f;
  });
}

}  // namespace

Status CheckNoControlCharacters(const Json& value, const std::string& where) {
  if (value.is_string()) {
    if (HasControlCharacter(value.get_ref<const std::string&>())) {
      return InvalidInput(where + " must not contain control characters (such as NUL)");
    }
    return Status::Ok();
  }
  if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      PRAMAAN_RETURN_IF_ERROR(
          CheckNoControlCharacters(value[i], where + "[" + std::to_string(i) + "]"));
    }
    return Status::Ok();
  }
  if (value.is_object()) {
    for (const auto& [name, member] : value.items()) {
      const std::string path = where.empty() ? name : where + "." + name;
      if (HasControlCharacter(name)) {
        return InvalidInput("a member name in " + (where.empty() ? "the document" : where) +
                            " must not contain control characters (such as NUL)");
      }
      PRAMAAN_RETURN_IF_ERROR(CheckNoControlCharacters(member, path));
    }
  }
  return Status::Ok();
}

std::string ShortCredentialIdOf(const Json& credential, const std::string& base_url) {
  if (!credential.is_object()) return "";
  const std::string id = GetString(credential, "id");
  const std::string prefix = base_url + std::string(kCredentialsPath);
  if (!id.starts_with(prefix)) return "";
  std::string short_id = id.substr(prefix.size());
  return IsChosenCredentialId(short_id) ? short_id : "";
}

Result<UnsignedCredential> PrepareCallerCredential(Json credential, const BuildContext& context,
                                                   std::string source_record_id) {
  if (!credential.is_object()) return InvalidInput("credential must be a JSON object");
  PRAMAAN_RETURN_IF_ERROR(CheckNoControlCharacters(credential, ""));
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
  } else if (const std::string id = GetString(credential, "id");
             id.starts_with(context.base_url + std::string(kCredentialsPath)) &&
             !IsChosenCredentialId(id.substr(context.base_url.size() + kCredentialsPath.size()))) {
    // A credential under our URL is found by the id after /credentials/: it must be one that
    // can be typed and looked up as ours are.
    return InvalidInput("id: a credential under " + context.base_url +
                        std::string(kCredentialsPath) + " must end in 16 to 32 characters of "
                        "a-z and 2-7");
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
  // A VC 1.1 credential that does not define the proof's terms gets the Data Integrity
  // context, as the Data Integrity specification asks of an issuer.
  AddProofContextIfMissing(&credential);
  if (auto header = ReadCredentialHeader(credential); !header.ok()) return header.error();
  return UnsignedCredential(std::move(credential), context.credential_id,
                            std::move(source_record_id));
}

}  // namespace pramaan
