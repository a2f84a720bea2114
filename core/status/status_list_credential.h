// The BitstringStatusListCredential (W3C Bitstring Status List v1.0, section 2.2): building an
// unsigned one from a list's bits, reading one back, and looking a credential's status entry up
// in it.
#ifndef PRAMAAN_CORE_STATUS_STATUS_LIST_CREDENTIAL_H_
#define PRAMAAN_CORE_STATUS_STATUS_LIST_CREDENTIAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json/json.h"
#include "core/result.h"
#include "core/status/bitstring.h"
#include "core/status/status_entry.h"
#include "core/time/rfc3339.h"

namespace pramaan {

inline constexpr std::string_view kBitstringStatusListCredentialType =
    "BitstringStatusListCredential";
inline constexpr std::string_view kBitstringStatusListType = "BitstringStatusList";

struct StatusListCredentialOptions {
  // The list credential's URL, which credentials' entries name as statusListCredential (e.g.
  // "https://pramaan.example/status/r1"). An absolute URL without a fragment: the list itself
  // (credentialSubject) is identified as id + "#list".
  std::string id;
  std::string issuer;  // the issuer's DID or URL
  Timestamp valid_from;
  // When verifiers must stop using this copy of the list. Optional in the spec; an issuer that
  // republishes the list regularly should set it so a stale copy cannot be replayed forever.
  std::optional<Timestamp> valid_until;
  std::string status_purpose;  // e.g. kStatusPurposeRevocation
  // credentialSubject.ttl: milliseconds before a verifier SHOULD fetch the list again. Advisory
  // only; it does not extend or shorten the validity period. Publishers align Cache-Control
  // with it.
  std::optional<uint64_t> ttl_ms;
};

// Returns the unsigned credential, members in this order:
//   {"@context": ["https://www.w3.org/ns/credentials/v2"], "id", "type": ["VerifiableCredential",
//    "BitstringStatusListCredential"], "issuer", "validFrom", ["validUntil"],
//    "credentialSubject": {"id": id + "#list", "type": "BitstringStatusList", "statusPurpose",
//    "encodedList", ["ttl"]}}
// Only the VC 2.0 context is needed: it defines every term used. Fails with kInvalidInput when
// id is not an absolute URL or has a fragment, issuer is not an absolute URL, status_purpose is
// empty, or valid_until is not after valid_from; with kInternal if encoding fails (see
// EncodeStatusList).
Result<Json> BuildStatusListCredential(const StatusListCredentialOptions& options,
                                       const Bitstring& bits);

// What a BitstringStatusListCredential says. Reading it does not check its proof: verify the
// credential (and trust its issuer) before believing any of this.
struct StatusListView {
  std::string id;  // the credential's id; "" when it has none
  std::string issuer_id;
  std::string list_id;                       // credentialSubject.id; "" when it has none
  std::vector<std::string> status_purposes;  // one or more (the spec allows several)
  std::optional<Timestamp> valid_from;
  std::optional<Timestamp> valid_until;
  std::optional<uint64_t> ttl_ms;
  // credentialSubject.statusSize, which earlier drafts put on the list; entries must then
  // agree with it.
  std::optional<uint32_t> status_size;
  Bitstring bits;
};

// Reads a status list credential. Requires the VC 2.0 base context (the only one defining
// these terms) and the shape ReadCredentialHeader checks; a type including
// BitstringStatusListCredential; one credentialSubject object whose type is (or includes)
// BitstringStatusList, whose statusPurpose is a non-empty string or a non-empty array of them,
// and whose encodedList decodes (see DecodeStatusList: it bounds the size, so a hostile list
// costs at most kMaxStatusListBytes). ttl, if present, must be a non-negative integer. Fails
// with kInvalidInput naming the field; with kUnsupported when credentialSubject.statusSize is
// present and not 1. Does not look at the validity period against a clock: that is the
// verifier's, with its injected clock.
Result<StatusListView> ReadStatusListCredential(const Json& credential);

// The status value of `entry` in `list` (Bitstring Status List 1.0 section 3.2): the
// entry's statusSize bits from statusListIndex * statusSize, the first the most significant.
// Fails with kInvalidInput, which the spec calls
//  - STATUS_VERIFICATION_ERROR, when the list has an id and it is not the entry's
//    statusListCredential (a holder could otherwise staple another list of the same issuer),
//    when the entry's statusPurpose is not one of the list's purposes, or when the list
//    gives a statusSize and the entry another;
//  - RANGE_ERROR, when the status lies beyond the list.
Result<uint64_t> LookUpEntryValue(const StatusListView& list, const BitstringStatusListEntry& entry);

// Whether the status of `entry` is set (its value is not 0); errors as LookUpEntryValue.
Result<bool> LookUpEntryStatus(const StatusListView& list, const BitstringStatusListEntry& entry);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_STATUS_STATUS_LIST_CREDENTIAL_H_
