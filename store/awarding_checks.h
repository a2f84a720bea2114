// The rules of the AwardingStore contract (awarding_store.h) that do not depend on the database:
// what a write refuses before it reaches the database, the sentences that explain a refusal
// the database made, and how a user's roles are kept in one column. Every backend calls these,
// so SQLite and PostgreSQL refuse the same calls with the same error code and sentence.
// Defined in awarding_store.cc. Internal to store/.
#ifndef PRAMAAN_STORE_AWARDING_CHECKS_H_
#define PRAMAAN_STORE_AWARDING_CHECKS_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/awarding_store.h"

namespace pramaan::store {

// The columns both backends read and write, in the order their statements bind them.
inline constexpr std::string_view kBatchColumns =
    "id, agency, state, submitted_by, submitted_at, reviewed_by, reviewed_at, decided_by, "
    "decided_at, decision_reason, awarded_by, awarded_at, refused_json";
inline constexpr std::string_view kResultColumns =
    "position, candidate_id, apaar_id, nqr_code, passed, result_json, credential_id";

// Each check fails with kInvalidInput, changing nothing, and passes what the database alone
// decides (a taken name, an unknown qualification) to the database. "Storable" is
// IsStorableText (registry_checks.h): text PostgreSQL keeps byte for byte and libpq can send.

// An event needs a subject, an action and an actor; `at` is RFC 3339 in UTC; every field is
// storable.
Status CheckEvent(const AwardingEvent& event);
// The user's name, roles and created_at, and the digest, are storable.
Status CheckUser(const AwardingUser& user, std::string_view token_digest);
// For UpdateUser: a change that says something, in storable text ("the change holds text that
// cannot be stored"; "the change changes nothing").
Status CheckUserChange(const UserChange& change);
// "the qualification holds text that cannot be stored".
Status CheckQualification(const CatalogueRow& row);
// For CreateBatch: the batch's columns ("the batch holds text that cannot be stored") and each
// result's ("result N holds text that cannot be stored").
Status CheckNewBatch(const BatchRow& batch);
// For UpdateBatch: the columns a step writes (reviewed_*, decided_*, decision_reason,
// awarded_*). The id is not checked: an id that cannot be stored names no batch (kNotFound).
Status CheckBatchStep(const BatchRow& batch);
// For SetResultCredential: both ids are storable.
Status CheckResultCredential(std::string_view batch_id, std::string_view credential_id);

// The refusals the database makes, in words.
// AddUser's INSERT failed a constraint: "a user named 'NAME' already exists".
Error UserTaken(const AwardingUser& user);
// AddFirstUser found a user already: kPermission.
Error NotTheFirstUser();
// CreateBatch's INSERT of the batch failed a constraint: "batch 'ID' already exists".
Error BatchTaken(std::string_view batch_id);
// UpdateBatch found no batch: kNotFound "no batch 'ID'".
Error NoSuchBatch(std::string_view batch_id);
// For CreateSession: storable text, a user and times ("the session holds text that cannot be
// stored").
Status CheckSession(std::string_view digest, const ConsoleSession& session);
// Touch/EndSession found no session: kNotFound "no console session".
Error NoSuchSession();
// UpdateUser found no user of that name: kNotFound "no user 'NAME'".
Error NoSuchUser(std::string_view name);
// UpdateBatch found the batch in `current`, not `from`: kConflict "batch ID is CURRENT, not FROM".
Error BatchMovedOn(std::string_view batch_id, std::string_view current, BatchState from);

// Roles are kept as one comma-separated column: there are three, and a user holds one or two.
// SplitRoles(JoinRoles(roles)) == roles for roles without commas; SplitRoles("") is empty.
std::string JoinRoles(const std::vector<std::string>& roles);
std::vector<std::string> SplitRoles(std::string_view joined);

}  // namespace pramaan::store

#endif  // PRAMAAN_STORE_AWARDING_CHECKS_H_
