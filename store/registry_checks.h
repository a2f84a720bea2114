// The rules of the Registry contract (registry.h) that do not depend on the database: what Put
// refuses before it reaches the database, how a refused Put is explained, and when Supersede
// may record a replacement. Every backend calls these, so SQLite and PostgreSQL refuse the
// same credentials with the same error code and sentence. Internal to store/.
#ifndef PRAMAAN_STORE_REGISTRY_CHECKS_H_
#define PRAMAAN_STORE_REGISTRY_CHECKS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <string_view>

#include "core/result.h"
#include "store/registry.h"

namespace pramaan::store {

// "'text'": how ids and other values appear in error messages.
std::string Quoted(std::string_view text);

// True when `text` is valid UTF-8 (no overlong forms, surrogates or code points above
// U+10FFFF) and holds no NUL character: text every backend stores byte for byte. PostgreSQL
// refuses anything else, and a NUL would end a libpq parameter early.
bool IsStorableText(std::string_view text);

// The checks that need no database. Fails with kInvalidInput naming the field: an empty id,
// source_record_id or credential_json; text that is not storable (above); issued_at not RFC
// 3339 in UTC; superseded_by naming the credential itself; a negative status index.
Status ValidateForPut(const StoredCredential& credential);

// Lookups ExplainPutConflict makes in the database after an INSERT failed a constraint. Each
// returns the value asked for, nullopt when no credential matches, or an Error (which makes
// the explanation skip that lookup).
struct PutConflictLookups {
  // The source_record_id of the credential `id`.
  std::function<Result<std::optional<std::string>>(std::string_view id)> source_record_of;
  // The id of the credential issued for `source_record_id`.
  std::function<Result<std::optional<std::string>>(std::string_view source_record_id)>
      id_for_source_record;
  // The id of the credential holding revocation (or suspension) index `index`.
  std::function<Result<std::optional<std::string>>(int64_t index)> id_with_revocation_index;
  std::function<Result<std::optional<std::string>>(int64_t index)> id_with_suspension_index;
};

// After Put's INSERT of `credential` failed a constraint (`constraint_error`, kInvalidInput):
// the kInvalidInput error that says which one in words ("... is already stored", "source
// record ... already has credential ...", "revocation index ... is already used ...",
// "superseded_by ... is not a stored credential"), or `constraint_error` itself when none of
// those applies.
Error ExplainPutConflict(const StoredCredential& credential, const Error& constraint_error,
                         const PutConflictLookups& lookups);

// The current superseded_by of a credential in Supersede: "" when it is current, nullopt when
// the credential is not stored.
using Successor = std::optional<std::string>;

// Supersede's rules, applied to what the database holds for `old_id` and `new_id` (read in the
// transaction that will write). Returns true when old_id.superseded_by must be set to new_id,
// false when exactly that is already recorded (a retry: nothing to do). Fails with kNotFound
// when either is not stored, kInvalidInput when old_id == new_id, when `old_id` is superseded
// by another credential or when `new_id` is itself superseded.
Result<bool> CheckSupersede(std::string_view old_id, std::string_view new_id,
                            const Successor& old_successor, const Successor& new_successor);

// Checks `event` before ChangeStatus looks at the credential: a reason and an actor (storable,
// non-empty), `at` an RFC 3339 time in UTC, a reason code from kStatusReasonCodes (which only
// unsuspending may leave empty). kInvalidInput naming the field otherwise.
Status ValidateStatusEvent(const StatusEvent& event);
// ValidateForPut of each of `credentials`, and with `events` (one per credential) also
// ValidateIssuanceEvent of its event: what PutMany and PutIssued refuse before any statement.
std::vector<Status> ValidateGroupForPut(const std::vector<StoredCredential>& credentials,
                                        const std::vector<IssuanceEvent>* events);
// What AppendIssuanceEvents refuses (registry.h), as kInvalidInput naming the field.
Status ValidateIssuanceEvent(const IssuanceEvent& event);

// What PutStatusListCredential refuses (registry.h), as kInvalidInput naming the list and the
// field; Ok otherwise.
Status ValidateStatusList(const StoredStatusList& list);

// A credential's status columns as ChangeStatus reads them.
struct StatusColumns {
  bool revoked = false;
  bool suspended = false;
  bool has_revocation_index = false;
  bool has_suspension_index = false;
};

// The column ChangeStatus must set ("revoked" or "suspended") and its new value, or nullopt
// when the event changes nothing. kInvalidInput when the credential has no index in the list
// the event changes.
struct StatusUpdate {
  std::string_view column;
  int value = 0;
};
Result<std::optional<StatusUpdate>> PlanStatusChange(const StatusEvent& event,
                                                     const StatusColumns& current);

}  // namespace pramaan::store

#endif  // PRAMAAN_STORE_REGISTRY_CHECKS_H_
