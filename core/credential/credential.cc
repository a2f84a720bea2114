#include "core/credential/credential.h"

#include "core/context/context_loader.h"
#include "core/credential/related_resource.h"

namespace pramaan {
namespace {

Result<std::optional<Timestamp>> ReadTime(const Json& credential, const char* name) {
  const auto it = credential.find(name);
  if (it == credential.end()) return std::optional<Timestamp>();
  if (!it->is_string()) return InvalidInput(std::string(name) + " must be a date-time string");
  auto time = ParseRfc3339(it->get_ref<const std::string&>());
  if (!time.ok()) return time.error().WithContext(name);
  return std::optional<Timestamp>(*time);
}

// The entries of a member whose value is one object or a list of them, with the name each
// is reported under ("termsOfUse" or "termsOfUse[1]").
std::vector<std::pair<std::string, const Json*>> Entries(const Json& member, const char* name) {
  std::vector<std::pair<std::string, const Json*>> out;
  if (!member.is_array()) {
    out.emplace_back(name, &member);
    return out;
  }
  for (size_t i = 0; i < member.size(); ++i) {
    out.emplace_back(std::string(name) + "[" + std::to_string(i) + "]", &member[i]);
  }
  return out;
}

bool HasTypeMember(const Json& object) {
  const auto type = object.find("type");
  return type != object.end() &&
         ((type->is_string() && !type->get_ref<const std::string&>().empty()) ||
          (type->is_array() && !type->empty()));
}

}  // namespace

Status CheckDataModelRules(const Json& credential) {
  const auto subject = credential.find("credentialSubject");
  if (subject == credential.end()) return InvalidInput("credentialSubject is required");
  if (subject->is_array() && subject->empty()) {
    return InvalidInput("credentialSubject must name at least one subject");
  }
  for (const auto& [where, entry] : Entries(*subject, "credentialSubject")) {
    if (!entry->is_object()) return InvalidInput(where + " must be an object");
    // Section 4.8: each subject is "the subject of one or more claims".
    if (entry->empty()) return InvalidInput(where + " must make at least one claim; it is empty");
  }
  // Sections 4.10 to 5.6: each of these objects says what it is by its type (and a schema
  // also where it is found).
  for (const char* name :
       {"credentialStatus", "termsOfUse", "evidence", "refreshService", "credentialSchema"}) {
    const auto member = credential.find(name);
    if (member == credential.end()) continue;
    for (const auto& [where, entry] : Entries(*member, name)) {
      if (!entry->is_object()) return InvalidInput(where + " must be an object with a type");
      if (!HasTypeMember(*entry)) return InvalidInput(where + " must have a type");
      if (std::string_view(name) == "credentialSchema" && GetString(*entry, "id").empty()) {
        return InvalidInput(where + " must have an id (the URL of the schema)");
      }
    }
  }
  if (auto related = ReadRelatedResources(credential); !related.ok()) return related.error();
  return Status::Ok();
}

Result<CredentialHeader> ReadCredentialHeader(const Json& credential) {
  if (!credential.is_object()) return InvalidInput("a credential must be a JSON object");
  CredentialHeader header;
  const auto context = credential.find("@context");
  if (context == credential.end() || !context->is_array() || context->empty() ||
      !(*context)[0].is_string()) {
    return InvalidInput("@context must be an array starting with the VC base context");
  }
  const std::string& base = (*context)[0].get_ref<const std::string&>();
  if (base == kCredentialsV2Context) {
    header.version = VcVersion::kV2_0;
  } else if (base == kCredentialsV1Context) {
    header.version = VcVersion::kV1_1;
  } else {
    return InvalidInput("the first @context must be " + std::string(kCredentialsV2Context) +
                        " or " + std::string(kCredentialsV1Context));
  }
  if (const auto id = credential.find("id"); id != credential.end()) {
    if (!id->is_string()) return InvalidInput("id must be a URL string");
    header.id = id->get<std::string>();
  }
  const auto type = credential.find("type");
  if (type != credential.end() && type->is_string()) {
    header.types.push_back(type->get<std::string>());
  } else if (type != credential.end() && type->is_array()) {
    for (const Json& t : *type) {
      if (!t.is_string()) return InvalidInput("type must list strings");
      header.types.push_back(t.get<std::string>());
    }
  }
  if (std::find(header.types.begin(), header.types.end(), "VerifiableCredential") ==
      header.types.end()) {
    return InvalidInput("type must include VerifiableCredential");
  }
  const auto issuer = credential.find("issuer");
  if (issuer != credential.end() && issuer->is_string()) {
    header.issuer_id = issuer->get<std::string>();
  } else if (issuer != credential.end() && issuer->is_object() && issuer->contains("id") &&
             (*issuer)["id"].is_string()) {
    header.issuer_id = (*issuer)["id"].get<std::string>();
  }
  if (header.issuer_id.empty()) return InvalidInput("issuer must be a URL or an object with an id");
  PRAMAAN_RETURN_IF_ERROR(CheckDataModelRules(credential));
  const bool v2 = header.version == VcVersion::kV2_0;
  PRAMAAN_ASSIGN_OR_RETURN(header.valid_from,
                           ReadTime(credential, v2 ? "validFrom" : "issuanceDate"));
  PRAMAAN_ASSIGN_OR_RETURN(header.valid_until,
                           ReadTime(credential, v2 ? "validUntil" : "expirationDate"));
  if (!v2 && !header.valid_from) return InvalidInput("issuanceDate is required in a VC 1.1 credential");
  return header;
}

}  // namespace pramaan
