// A credential's credentialStatus entries of type BitstringStatusListEntry (W3C Bitstring
// Status List v1.0, section 2.1).
#ifndef PRAMAAN_CORE_STATUS_STATUS_ENTRY_H_
#define PRAMAAN_CORE_STATUS_STATUS_ENTRY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json/json.h"
#include "core/result.h"

namespace pramaan {

inline constexpr std::string_view kBitstringStatusListEntryType = "BitstringStatusListEntry";

// statusPurpose values the spec defines. Any other string is allowed and passed through.
inline constexpr std::string_view kStatusPurposeRevocation = "revocation";
inline constexpr std::string_view kStatusPurposeSuspension = "suspension";
inline constexpr std::string_view kStatusPurposeRefresh = "refresh";
inline constexpr std::string_view kStatusPurposeMessage = "message";

struct BitstringStatusListEntry {
  std::string id;                      // "" when the entry has none (it is optional)
  std::string status_purpose;          // "revocation", "suspension", or another string
  uint64_t status_list_index = 0;      // from its decimal string form
  std::string status_list_credential;  // URL of the BitstringStatusListCredential
  uint32_t status_size = 1;            // always 1: other sizes are refused

  bool operator==(const BitstringStatusListEntry&) const = default;
};

// Everything credentialStatus holds.
struct CredentialStatusEntries {
  std::vector<BitstringStatusListEntry> entries;  // in document order
  // Entries of other types, which are skipped, by their type (several types joined by ", "),
  // in document order, for the caller to report (e.g. "StatusList2021Entry").
  std::vector<std::string> skipped_types;
};

// Parses a statusListIndex: one or more ASCII digits, at most 2^64-1. Leading zeros are
// accepted ("007" is 7), as the spec asks only for a base-10 integer. Fails with kInvalidInput
// on an empty string, a sign ("-1", "+1"), any other character (spaces, "1e3", "0x10"), or a
// value above 2^64-1.
Result<uint64_t> ParseStatusListIndex(std::string_view text);

// Parses one credentialStatus entry whose type is BitstringStatusListEntry. Requires a string
// statusPurpose (non-empty), a string statusListIndex (see ParseStatusListIndex; a JSON
// number is refused: the spec's form is a string), and a string statusListCredential that is an
// absolute URL. An id, if present, must be a string and must not equal statusListCredential
// (the spec forbids the list's URL as the entry's id). statusMessage, if present, must be an
// array of two objects each with string "status" and "message". Fails with kInvalidInput
// naming the field; with kUnsupported when statusSize is present and not 1 (it must then be
// an integer > 0; other values are kInvalidInput).
Result<BitstringStatusListEntry> ParseBitstringStatusListEntry(const Json& entry);

// Reads credential["credentialStatus"]: absent gives no entries; an object is one entry, an
// array several. Each entry must be an object with a type (a string or an array of strings);
// entries typed BitstringStatusListEntry are parsed with ParseBitstringStatusListEntry, others
// are listed in skipped_types. Fails with kInvalidInput (or kUnsupported, see above) on the
// first bad entry, the message starting "credentialStatus" or "credentialStatus[i]".
Result<CredentialStatusEntries> ReadCredentialStatus(const Json& credential);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_STATUS_STATUS_ENTRY_H_
