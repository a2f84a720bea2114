#include "core/status/status_list_credential.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "core/context/context_loader.h"
#include "core/credential/credential.h"
#include "core/jsonld/iri.h"

namespace pramaan {
namespace {

constexpr std::string_view kListFragment = "#list";

bool IsOrContains(const Json& value, std::string_view wanted) {
  if (value.is_string()) return value.get_ref<const std::string&>() == wanted;
  if (!value.is_array()) return false;
  return std::any_of(value.begin(), value.end(), [&](const Json& v) {
    return v.is_string() && v.get_ref<const std::string&>() == wanted;
  });
}

Result<std::vector<std::string>> ReadPurposes(const Json& subject) {
  const auto purpose = subject.find("statusPurpose");
  if (purpose == subject.end()) return InvalidInput("statusPurpose is required");
  std::vector<std::string> purposes;
  if (purpose->is_string()) {
    purposes.push_back(purpose->get<std::string>());
  } else if (purpose->is_array()) {
    for (const Json& p : *purpose) {
      if (!p.is_string()) {
        return InvalidInput("statusPurpose must be a string or an array of strings");
      }
      purposes.push_back(p.get<std::string>());
    }
  } else {
    return InvalidInput("statusPurpose must be a string or an array of strings");
  }
  if (purposes.empty()) return InvalidInput("statusPurpose is an empty array");
  for (const std::string& p : purposes) {
    if (p.empty()) return InvalidInput("statusPurpose has an empty string");
  }
  return purposes;
}

// A JSON integer >= 0 (the parser stores those as unsigned; a value built in code may be
// signed), or nothing.
std::optional<uint64_t> NonNegativeInteger(const Json& value) {
  if (value.is_number_unsigned()) return value.get<uint64_t>();
  if (value.is_number_integer() && value.get<int64_t>() >= 0) {
    return static_cast<uint64_t>(value.get<int64_t>());
  }
  return std::nullopt;
}

// The members of credentialSubject, the status list itself.
struct StatusListSubject {
  std::string id;
  std::vector<std::string> purposes;
  std::optional<uint64_t> ttl_ms;
  std::optional<uint32_t> status_size;
  Bitstring bits;
};

Result<StatusListSubject> ReadSubject(const Json& subject) {
  if (!subject.is_object()) {
    return InvalidInput("credentialSubject must be one object (the status list)");
  }
  if (!subject.contains("type") || !IsOrContains(subject["type"], kBitstringStatusListType)) {
    return InvalidInput("credentialSubject.type must be " + std::string(kBitstringStatusListType));
  }
  std::string id;
  if (const auto it = subject.find("id"); it != subject.end()) {
    if (!it->is_string()) return InvalidInput("credentialSubject.id must be a URL string");
    id = it->get<std::string>();
  }
  Result<std::vector<std::string>> purposes = ReadPurposes(subject);
  if (!purposes.ok()) return purposes.error().WithContext("credentialSubject");

  std::optional<uint32_t> status_size;
  if (const auto size = subject.find("statusSize"); size != subject.end()) {
    const std::optional<uint64_t> bits_per_status = NonNegativeInteger(*size);
    if (!bits_per_status || *bits_per_status == 0 || *bits_per_status > kMaxStatusSize) {
      return InvalidInput("credentialSubject.statusSize must be an integer from 1 to " +
                          std::to_string(kMaxStatusSize));
    }
    status_size = static_cast<uint32_t>(*bits_per_status);
  }
  std::optional<uint64_t> ttl_ms;
  if (const auto ttl = subject.find("ttl"); ttl != subject.end()) {
    ttl_ms = NonNegativeInteger(*ttl);
    if (!ttl_ms) {
      return InvalidInput("credentialSubject.ttl must be a non-negative integer (milliseconds)");
    }
  }

  const auto encoded = subject.find("encodedList");
  if (encoded == subject.end()) return InvalidInput("credentialSubject.encodedList is required");
  if (!encoded->is_string()) return InvalidInput("credentialSubject.encodedList must be a string");
  Result<Bitstring> bits = DecodeStatusList(encoded->get_ref<const std::string&>());
  if (!bits.ok()) return bits.error().WithContext("credentialSubject");
  return StatusListSubject{std::move(id), std::move(purposes).value(), ttl_ms, status_size,
                           std::move(bits).value()};
}

std::string Joined(const std::vector<std::string>& values) {
  std::string joined;
  for (const std::string& v : values) {
    if (!joined.empty()) joined += ", ";
    joined += v;
  }
  return joined;
}

}  // namespace

Result<Json> BuildStatusListCredential(const StatusListCredentialOptions& options,
                                       const Bitstring& bits) {
  if (!jsonld::IsAbsoluteIri(options.id) || options.id.find('#') != std::string::npos) {
    return InvalidInput("status list id \"" + options.id +
                        "\" must be an absolute URL without a fragment");
  }
  if (!jsonld::IsAbsoluteIri(options.issuer)) {
    return InvalidInput("status list issuer \"" + options.issuer + "\" must be an absolute URL");
  }
  if (options.status_purpose.empty()) return InvalidInput("status list statusPurpose is empty");
  if (options.valid_until && *options.valid_until <= options.valid_from) {
    return InvalidInput("status list validUntil " + FormatRfc3339(*options.valid_until) +
                        " is not after validFrom " + FormatRfc3339(options.valid_from));
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::string encoded, EncodeStatusList(bits));

  Json subject = Json::object();
  subject["id"] = options.id + std::string(kListFragment);
  subject["type"] = std::string(kBitstringStatusListType);
  subject["statusPurpose"] = options.status_purpose;
  subject["encodedList"] = std::move(encoded);
  if (options.ttl_ms) subject["ttl"] = *options.ttl_ms;

  Json credential = Json::object();
  credential["@context"] = Json::array({std::string(kCredentialsV2Context)});
  credential["id"] = options.id;
  credential["type"] =
      Json::array({"VerifiableCredential", std::string(kBitstringStatusListCredentialType)});
  credential["issuer"] = options.issuer;
  credential["validFrom"] = FormatRfc3339(options.valid_from);
  if (options.valid_until) credential["validUntil"] = FormatRfc3339(*options.valid_until);
  credential["credentialSubject"] = std::move(subject);
  return credential;
}

Result<StatusListView> ReadStatusListCredential(const Json& credential) {
  Result<CredentialHeader> header = ReadCredentialHeader(credential);
  if (!header.ok()) return header.error().WithContext("status list credential");
  if (header->version != VcVersion::kV2_0) {
    return InvalidInput("status list credential: the first @context must be " +
                        std::string(kCredentialsV2Context) +
                        ", the context that defines BitstringStatusListCredential");
  }
  if (std::find(header->types.begin(), header->types.end(), kBitstringStatusListCredentialType) ==
      header->types.end()) {
    return InvalidInput("status list credential: type must include " +
                        std::string(kBitstringStatusListCredentialType));
  }
  Result<StatusListSubject> subject = ReadSubject(credential["credentialSubject"]);
  if (!subject.ok()) return subject.error().WithContext("status list credential");
  return StatusListView{.id = header->id,
                        .issuer_id = header->issuer_id,
                        .list_id = std::move(subject->id),
                        .status_purposes = std::move(subject->purposes),
                        .valid_from = header->valid_from,
                        .valid_until = header->valid_until,
                        .ttl_ms = subject->ttl_ms,
                        .status_size = subject->status_size,
                        .bits = std::move(subject->bits)};
}

Result<uint64_t> LookUpEntryValue(const StatusListView& list,
                                  const BitstringStatusListEntry& entry) {
  if (!list.id.empty() && list.id != entry.status_list_credential) {
    return InvalidInput("the status list credential is \"" + list.id +
                        "\", not the entry's statusListCredential \"" +
                        entry.status_list_credential + "\"");
  }
  if (std::find(list.status_purposes.begin(), list.status_purposes.end(), entry.status_purpose) ==
      list.status_purposes.end()) {
    return InvalidInput("the entry's statusPurpose \"" + entry.status_purpose +
                        "\" is not a purpose of the status list (" + Joined(list.status_purposes) +
                        ")");
  }
  if (list.status_size && *list.status_size != entry.status_size) {
    return InvalidInput("the entry's statusSize " + std::to_string(entry.status_size) +
                        " is not the status list's " + std::to_string(*list.status_size));
  }
  // Section 3.2: the status is statusSize bits from statusListIndex * statusSize, the first
  // the most significant.
  const uint64_t size = entry.status_size;
  if (size > 1 && entry.status_list_index >= list.bits.size() / size) {
    return InvalidInput("statusListIndex " + std::to_string(entry.status_list_index) +
                        " is beyond the status list of " + std::to_string(list.bits.size() / size) +
                        " statuses of " + std::to_string(size) + " bits");
  }
  uint64_t value = 0;
  for (uint64_t bit = 0; bit < size; ++bit) {
    Result<bool> set = list.bits.Get(entry.status_list_index * size + bit);
    if (!set.ok()) return set.error().WithContext("statusListIndex");
    value = (value << 1) | (*set ? 1 : 0);
  }
  return value;
}

Result<bool> LookUpEntryStatus(const StatusListView& list, const BitstringStatusListEntry& entry) {
  PRAMAAN_ASSIGN_OR_RETURN(uint64_t value, LookUpEntryValue(list, entry));
  return value != 0;
}

}  // namespace pramaan
