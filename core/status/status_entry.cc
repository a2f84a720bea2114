#include "core/status/status_entry.h"

#include <limits>
#include <optional>
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

// A status value as statusMessage writes it: "0x" and hexadecimal digits ("0x1", "0x1A").
std::optional<uint64_t> ParseHexStatus(std::string_view text) {
  if (text.size() < 3 || text.size() > 18 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return std::nullopt;
  }
  uint64_t value = 0;
  for (const char c : text.substr(2)) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) return std::nullopt;
    value = value * 16 + static_cast<uint64_t>(digit);
  }
  return value;
}

// Bitstring Status List 1.0 section 2.1: one message per possible value, so 2^statusSize.
Result<std::vector<StatusMessage>> ReadStatusMessages(const Json& message, uint32_t status_size) {
  const uint64_t values = uint64_t{1} << status_size;
  if (!message.is_array() || message.size() != values) {
    return InvalidInput("statusMessage must be an array of " + std::to_string(values) +
                        " entries for a statusSize of " + std::to_string(status_size) +
                        " (one per possible status)");
  }
  std::vector<StatusMessage> messages;
  std::vector<bool> seen(values, false);
  for (const Json& m : message) {
    if (!m.is_object() || !m.contains("status") || !m["status"].is_string() ||
        !m.contains("message") || !m["message"].is_string()) {
      return InvalidInput("each statusMessage entry must have a string status and message");
    }
    const std::string& text = m["status"].get_ref<const std::string&>();
    const std::optional<uint64_t> value = ParseHexStatus(text);
    if (!value || *value >= values) {
      return InvalidInput("statusMessage status \"" + text + "\" must be 0x0 to " +
                          FormatHexStatus(values - 1));
    }
    if (seen[*value]) return InvalidInput("statusMessage gives status " + text + " twice");
    seen[*value] = true;
    messages.push_back({*value, m["message"].get<std::string>()});
  }
  return messages;
}

Result<std::vector<std::string>> ReadStatusReferences(const Json& reference) {
  std::vector<std::string> references;
  for (const Json& url : reference.is_array() ? reference : Json::array({reference})) {
    if (!url.is_string() || !jsonld::IsAbsoluteIri(url.get_ref<const std::string&>())) {
      return InvalidInput("statusReference must be a URL or an array of URLs");
    }
    references.push_back(url.get<std::string>());
  }
  return references;
}

}  // namespace

std::string FormatHexStatus(uint64_t value) {
  constexpr char kDigits[] = "0123456789abcdef";
  std::string digits;
  do {
    digits.insert(digits.begin(), kDigits[value % 16]);
    value /= 16;
  } while (value != 0);
  return "0x" + digits;
}

std::string BitstringStatusListEntry::MessageFor(uint64_t value) const {
  for (const StatusMessage& message : status_messages) {
    if (message.status == value) return message.message;
  }
  return "";
}

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
    if (size->get<uint64_t>() > kMaxStatusSize) {
      return Unsupported("statusSize " + DumpJson(*size, /*pretty=*/false) +
                         " is not supported: statuses of up to " +
                         std::to_string(kMaxStatusSize) + " bits are");
    }
    parsed.status_size = size->get<uint32_t>();
  }

  if (const auto message = entry.find("statusMessage"); message != entry.end()) {
    PRAMAAN_ASSIGN_OR_RETURN(parsed.status_messages,
                             ReadStatusMessages(*message, parsed.status_size));
  } else if (parsed.status_size > 1) {
    return InvalidInput("statusMessage is required when statusSize is above 1");
  }
  if (const auto reference = entry.find("statusReference"); reference != entry.end()) {
    PRAMAAN_ASSIGN_OR_RETURN(parsed.status_references, ReadStatusReferences(*reference));
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
