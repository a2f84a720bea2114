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

// The largest statusSize read: 2^16 messages per entry is far past any published use.
inline constexpr uint32_t kMaxStatusSize = 16;

// One statusMessage: what a status value means.
struct StatusMessage {
  uint64_t status = 0;  // from its "0x..." hexadecimal form
  std::string message;

  bool operator==(const StatusMessage&) const = default;
};

struct BitstringStatusListEntry {
  std::string id;                      // "" when the entry has none (it is optional)
  std::string status_purpose;          // "revocation", "suspension", or another string
  uint64_t status_list_index = 0;      // from its decimal string form
  std::string status_list_credential;  // URL of the BitstringStatusListCredential
  uint32_t status_size = 1;            // bits per status, 1 to kMaxStatusSize
  std::vector<StatusMessage> status_messages;  // none, or one per possible value, in order
  std::vector<std::string> status_references;  // statusReference URLs, in document order

  // The message for `value`, or "" when the entry gives none.
  std::string MessageFor(uint64_t value) const;

  bool operator==(const BitstringStatusListEntry&) const = default;
};

// Everything credentialStatus holds.
struct CredentialStatusEntries {
  std::vector<BitstringStatusListEntry> entries;  // in document order
  // Entries of other types, which are skipped, by their type (several types joined by ", "),
  // in document order, for the caller to report (e.g. "StatusList2021Entry").
  std::vector<std::string> skipped_types;
};

// A status value as statusMessage writes it: "0x" and lower-case hexadecimal digits ("0x1a").
std::string FormatHexStatus(uint64_t value);

// Parses a statusListIndex: one or more ASCII digits, at most 2^64-1. Leading zeros are
// accepted ("007" is 7), as the spec asks only for a base-10 integer. Fails with kInvalidInput
// on an empty string, a sign ("-1", "+1"), any other character (spaces, "1e3", "0x10"), or a
// value above 2^64-1.
Result<uint64_t> ParseStatusListIndex(std::string_view text);

// Parses one credentialStatus entry whose type is BitstringStatusListEntry. Requires a string
// statusPurpose (non-empty), a string statusListIndex (see ParseStatusListIndex; a JSON
// number is refused: the spec's form is a string), and a string statusListCredential that is an
// absolute URL. An id, if present, must be a string and must not equal statusListCredential
// (the spec forbids the list's URL as the entry's id). statusSize, if present, is an integer
// from 1 (kUnsupported above kMaxStatusSize). statusMessage is required when statusSize is
// above 1 and optional at 1: an array of 2^statusSize objects, each with a "status" ("0x" and
// hexadecimal digits, below 2^statusSize, no two alike) and a string "message".
// statusReference, if present, is an absolute URL or an array of them. Fails with
// kInvalidInput naming the field.
Result<BitstringStatusListEntry> ParseBitstringStatusListEntry(const Json& entry);

// Reads credential["credentialStatus"]: absent gives no entries; an object is one entry, an
// array several. Each entry must be an object with a type (a string or an array of strings);
// entries typed BitstringStatusListEntry are parsed with ParseBitstringStatusListEntry, others
// are listed in skipped_types. Fails with kInvalidInput (or kUnsupported, see above) on the
// first bad entry, the message starting "credentialStatus" or "credentialStatus[i]".
Result<CredentialStatusEntries> ReadCredentialStatus(const Json& credential);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_STATUS_STATUS_ENTRY_H_
