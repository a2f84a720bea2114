// Signing the status lists (W3C Bitstring Status List v1.0) where the keys are, and storing
// them in the registry for the public role to serve (store::Registry::GetStatusListCredential).
// The public role signs nothing: it serves the bytes stored here.
#ifndef PRAMAAN_ISSUER_STATUS_LIST_PUBLISHER_H_
#define PRAMAAN_ISSUER_STATUS_LIST_PUBLISHER_H_

#include <chrono>
#include <cstdint>

#include "core/result.h"
#include "core/status/bitstring.h"
#include "core/time/clock.h"
#include "core/time/rfc3339.h"
#include "issuer/config.h"
#include "store/registry.h"
#include "store/status_lists.h"

namespace pramaan {

// How long a signed list stays valid (its validUntil): a verifier holding a copy older than
// this must fetch a new one, so a revocation reaches offline verifiers within a day.
inline constexpr std::chrono::seconds kStatusListValidity = std::chrono::hours(24);
// A list is signed again, even unchanged, once this much of its validity has passed: well
// before validUntil, so a list stays valid through an issuer outage of most of a day.
inline constexpr std::chrono::seconds kStatusListResignAfter = std::chrono::hours(1);

// The signed BitstringStatusListCredential of `list` holding `bits`, signed at `now` (valid
// kStatusListValidity from then) by the setup's key, ready to store: its ETag is the quoted
// base64url SHA-256 of the body, and status_version is `status_version` (the registry's
// StatusVersion the bits were read at). Fails as BuildStatusListCredential and AddProof do.
Result<store::StoredStatusList> SignStatusList(const IssuerSetup& setup,
                                               const store::StatusListName& list,
                                               const Bitstring& bits, int64_t status_version,
                                               Timestamp now);

// Signs and stores in `registry` every status list that has at least one used position and
// whose stored copy is missing, reflects an older status (its bits changed), or has aged past
// kStatusListResignAfter (well before its validUntil). A stored copy whose bits are still
// right but which names an older StatusVersion is re-stored under the current version without
// signing, so the next call is cheap again. Returns how many lists it signed. When nothing
// changed it costs a few index reads and one read per list (two lists per kStatusListSize
// credentials). Fails as the registry or signing does; lists signed before a failure stay
// stored. Safe to run in several processes at once: the registry keeps the newest copy.
Result<int> PublishStatusLists(const IssuerSetup& setup, store::Registry& registry,
                               const Clock& clock);

}  // namespace pramaan

#endif  // PRAMAAN_ISSUER_STATUS_LIST_PUBLISHER_H_
