#include "core/status/status_entry.h"

#include <limits>
#include <utility>

#include "core/jsonld/iri.h"

namespace pramaan {
namespace {

// The types of an entry: its "type" as a list. Fails unless it is a string or a non-empty
// array of strings.
Result<std::vector<std::string>> ReadTypes(const Json& entry) {
  const auto type = entry.find("type");
  if (type == entry.end()) return InvalidInput("type is required");
  if (type->is_string()) return std::vector<std::string>{type->get<std::string>()};
  if (!type->is_array() || type->empty()) {
    return InvalidInput("type must be a string or a non-empty array of strings");
  }
  std::vector<std::string> types;
  for (const Json& t : *type) {
    if (!t.is_string())
      return InvalidInput("type must be a string or a non-empty array of strings");
    types.push_back(t.get<std::string>());
  }
  return types;
}

bool Contains(const std::vector<std::string>& values, std::string_view value) {
  for (const std::string& v : values) {
    if (v == value) return true;
  }
  return false;
}

std::string Join(const std::vector<std::string>& values) {
  std::string joined;
  for (const std::string& v : values) {
    if (!joined.empty()) joined += ", ";
    joined += v;
  }
  return joined;
}

Result<std::string> RequiredString(const Json& entry, const char* name) {
  const auto it = entry.find(name);
  if (it == entry.end()) return InvalidInput(std::string(name) + " is required");
  if (!it->is_string()) return InvalidInput(std::string(name) + " must be a string");
  return it->get<std::string>();
}

Status CheckStatusMessage(const Json& message) {
  // With statusSize 1 there are two possible values, so two messages (spec section 2.1).
  if (!message.is_array() || message.size() != 2) {
    return InvalidInput("statusMessage must be an array of 2 entries for a statusSize of 1");
  }
  for (const Json& m : message) {
    if (!m.is_object() || !m.contains("status") || !m["status"].is_string() ||
        !m.contains("message") || !m["message"].is_string()) {
      return InvalidInput("each statusMessage entry must have a string status and message");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<uint64_t> ParseStatusListIndex(std::string_view text) {
  if (text.empty()) return InvalidInput("statusListIndex is empty");
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return InvalidInput("statusListIndex \"" + std::string(text) +
                          "\" must be a non-negative base-10 integer (digits only)");
    }
    const auto digit = static_cast<uint64_t>(c - '0');
    if (value > (kMax - digit) / 10) {
      return InvalidInput("statusListIndex \"" + std::string(text) + "\" is too large (above " +
                          std::to_string(kMax) + ")");
    }
    value = value * 10 + digit;
  }
  return value;
}

Result<BitstringStatusListEntry> ParseBitstringStatusListEntry(const Json& entry) {
  if (!entry.is_object()) return InvalidInput("a status entry must be an object");
  BitstringStatusListEntry parsed;

  PRAMAAN_ASSIGN_OR_RETURN(parsed.status_purpose, RequiredString(entry, "statusPurpose"));
  if (parsed.status_purpose.empty()) return InvalidInput("statusPurpose is empty");

  const auto index = entry.find("statusListIndex");
  if (index == entry.end()) return InvalidInput("statusListIndex is required");
  if (!index->is_string()) {
    return InvalidInput(
        "statusListIndex must be a string of decimal digits, as the spec writes "
        "it (e.g. \"94567\"), not a JSON " +
        std::string(index->type_name()));
  }
  PRAMAAN_ASSIGN_OR_RETURN(parsed.status_list_index,
                           ParseStatusListIndex(index->get_ref<const std::string&>()));

  PRAMAAN_ASSIGN_OR_RETURN(parsed.status_list_credential,
                           RequiredString(entry, "statusListCredential"));
  if (!jsonld::IsAbsoluteIri(parsed.status_list_credential)) {
    return InvalidInput("statusListCredential \"" + parsed.status_list_credential +
                        "\" must be an absolute URL");
  }

  if (const auto id = entry.find("id"); id != entry.end()) {
    if (!id->is_string()) return InvalidInput("id must be a URL string");
    parsed.id = id->get<std::string>();
    if (parsed.id == parsed.status_list_credential) {
      return InvalidInput("id must not be the URL of the status list (statusListCredential)");
    }
  }

  if (const auto size = entry.find("statusSize"); size != entry.end()) {
    // The parser stores integers >= 0 as unsigned; one built in code may be signed.
    const bool positive = size->is_number_unsigned()
                              ? size->get<uint64_t>() > 0
                              : size->is_number_integer() && size->get<int64_t>() > 0;
    if (!positive) return InvalidInput("statusSize must be an integer greater than 0");
    if (size->get<uint64_t>() != 1) {
      return Unsupported("statusSize " + DumpJson(*size, /*pretty=*/false) +
                         " is not supported: only 1-bit statuses (statusSize 1) are");
    }
  }

  if (const auto message = entry.find("statusMessage"); message != entry.end()) {
    PRAMAAN_RETURN_IF_ERROR(CheckStatusMessage(*message));
  }
  return parsed;
}

Result<CredentialStatusEntries> ReadCredentialStatus(const Json& credential) {
  CredentialStatusEntries result;
  if (!credential.is_object()) return InvalidInput("a credential must be a JSON object");
  const auto status = credential.find("credentialStatus");
  if (status == credential.end()) return result;
  if (!status->is_object() && !status->is_array()) {
    return InvalidInput("credentialStatus must be an object or an array of objects");
  }
  const bool single = status->is_object();
  const std::size_t count = single ? 1 : status->size();
  for (std::size_t i = 0; i < count; ++i) {
    const Json& entry = single ? *status : (*status)[i];
    const std::string where =
        single ? "credentialStatus" : "credentialStatus[" + std::to_string(i) + "]";
    if (!entry.is_object()) return InvalidInput(where + " must be an object");
    Result<std::vector<std::string>> types = ReadTypes(entry);
    if (!types.ok()) return types.error().WithContext(where);
    if (!Contains(*types, kBitstringStatusListEntryType)) {
      result.skipped_types.push_back(Join(*types));
      continue;
    }
    Result<BitstringStatusListEntry> parsed = ParseBitstringStatusListEntry(entry);
    if (!parsed.ok()) return parsed.error().WithContext(where);
    result.entries.push_back(std::move(parsed).value());
  }
  return result;
}

}  // namespace pramaan
