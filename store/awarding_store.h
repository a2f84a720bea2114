// The awarding store: the NCVET qualification catalogue, the users of the awarding workflow
// and their roles, the result batches assessment agencies submit with their results, and the
// append-only audit log of every step. It lives in the registry's database (migration 5), so
// a credential and the result it was awarded for are in one place.
//
// The store keeps rows; the rules (who may do what, in which state, what a valid result is)
// are awarding/workflow.h's. A state change is a compare-and-set on the batch's state, written
// in one transaction with its audit event, so two approvers acting at once cannot both act.
#ifndef PRAMAAN_STORE_AWARDING_STORE_H_
#define PRAMAAN_STORE_AWARDING_STORE_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pramaan::store {

struct AwardingUser {
  std::string name;                // unique; the actor in the audit log
  std::vector<std::string> roles;  // "submitter", "approver", "administrator"
  std::string created_at;          // RFC 3339 UTC
  // The assessment agency a submitter belongs to (migration 9); "" for none (approvers,
  // administrators, and users added before agencies were kept).
  std::string agency = {};
  // When an administrator disabled the user (migration 11), RFC 3339 UTC; "" while enabled. A
  // disabled user's token no longer signs anything in.
  std::string disabled_at = {};
};

// What UpdateUser changes about a user; an empty member is left as it is.
struct UserChange {
  std::string disabled_at;   // disable the user from this time
  std::string token_digest;  // the digest of the user's new token (the old one stops working)
};

// A catalogue entry: the qualification as JSON (awarding/catalogue.h reads it), with the two
// columns the store itself queries.
struct CatalogueRow {
  std::string nqr_code;
  std::string definition_json;
  bool active = true;
  std::string updated_at;  // RFC 3339 UTC
};

// submitted -> in_review -> approved -> awarded; submitted or in_review -> sent_back (final).
enum class BatchState { kSubmitted, kInReview, kApproved, kSentBack, kAwarded };
std::string_view BatchStateName(BatchState state);  // "submitted", "in_review", ...
std::optional<BatchState> BatchStateFromName(std::string_view name);

// One candidate's result in a batch.
struct ResultRow {
  int64_t position = 0;  // 1-based, the result's place in the submission
  std::string candidate_id;
  std::string apaar_id;
  std::string nqr_code;
  bool passed = false;
  std::string result_json;    // the result as submitted (name, dates, marks, grade, ...)
  std::string credential_id;  // "" until awarded
};

struct BatchRow {
  std::string id;
  std::string agency;
  BatchState state = BatchState::kSubmitted;
  std::string submitted_by, submitted_at;
  std::string reviewed_by, reviewed_at;
  std::string decided_by, decided_at, decision_reason;  // approved or sent back
  std::string awarded_by, awarded_at;
  std::string refused_json = "[]";  // results refused at submission: [{position, error}]
  std::vector<ResultRow> results;
};

// A line of the awarding audit log.
struct AwardingEvent {
  int64_t seq = 0;      // set by the store
  std::string subject;  // "batch:ID", "qualification:NQR", "user:NAME"
  std::string action;   // "submit", "review", "approve", "send_back", "award", ...
  std::string actor;    // a user name (required)
  std::string at;       // RFC 3339 UTC
  std::string reason;   // why, in words ("" where a step needs none)
  std::string detail_json = "{}";
};

// A signed-in session of the awarding console (issue 21), kept in the registry so that several
// issuer servers share it. The browser holds a random secret in a cookie; the store keeps only
// its SHA-256.
struct ConsoleSession {
  std::string user;          // the awarding user signed in
  std::string created_at;    // RFC 3339 UTC
  std::string last_seen_at;  // the last request in it (for the idle timeout)
  std::string ended_at = {};  // signed out, or "" while open
};

class AwardingStore {
 public:
  virtual ~AwardingStore() = default;

  // Adds a user holding the API token whose SHA-256 (hex) is `token_digest`, with `event`.
  // kInvalidInput when the name or the digest is already taken (either way the sentence is "a
  // user named 'NAME' already exists").
  Status AddUser(const AwardingUser& user, std::string_view token_digest,
                 const AwardingEvent& event) {
    return InsertUser(user, token_digest, event, /*first=*/false);
  }
  // AddUser for the very first user: kPermission, adding nothing, when the store already has
  // a user (checked in the same transaction, so two first users racing cannot both be added).
  Status AddFirstUser(const AwardingUser& user, std::string_view token_digest,
                      const AwardingEvent& event) {
    return InsertUser(user, token_digest, event, /*first=*/true);
  }
  virtual Result<std::optional<AwardingUser>> UserByTokenDigest(
      std::string_view token_digest) const = 0;
  virtual Result<std::vector<AwardingUser>> Users() const = 0;
  // Console sessions (migration 12), each under the SHA-256 (hex) of its secret. Create fails
  // with kInvalidInput for a digest taken or an unknown user; Touch and End with kNotFound for
  // an unknown digest (End of an ended session keeps its first end).
  virtual Status CreateSession(std::string_view digest, const ConsoleSession& session) = 0;
  virtual Result<std::optional<ConsoleSession>> Session(std::string_view digest) const = 0;
  virtual Status TouchSession(std::string_view digest, std::string_view at) = 0;
  virtual Status EndSession(std::string_view digest, std::string_view at) = 0;

  // Disables user `name` or gives them a new token (`change`), with `event`, in one
  // transaction, which also ends every console session of theirs (at event.at): a session
  // signed in with the old token, or by a user now disabled, goes no further. kNotFound for an
  // unknown user.
  virtual Status UpdateUser(std::string_view name, const UserChange& change,
                            const AwardingEvent& event) = 0;

  // Inserts or replaces the catalogue entry for row.nqr_code, with `event`.
  virtual Status PutQualification(const CatalogueRow& row, const AwardingEvent& event) = 0;
  virtual Result<std::optional<CatalogueRow>> Qualification(std::string_view nqr_code) const = 0;
  virtual Result<std::vector<CatalogueRow>> Qualifications() const = 0;  // by NQR code

  // Stores a new batch and its results, with `event`, all or nothing. kInvalidInput when the
  // id is taken ("batch 'ID' already exists") or a result breaks a constraint (a qualification
  // not in the catalogue, a position repeated or not above 0).
  virtual Status CreateBatch(const BatchRow& batch, const AwardingEvent& event) = 0;
  // The batch and its results (by position), or nullopt.
  virtual Result<std::optional<BatchRow>> Batch(std::string_view id) const = 0;
  // Writes batch.state and its step columns (not its results) if the stored state is still
  // `from`, with `event`, in one transaction. kConflict ("batch X is approved, not
  // in_review") when the state is not `from`: another step came first; kNotFound for an
  // unknown batch.
  virtual Status UpdateBatch(const BatchRow& batch, BatchState from,
                             const AwardingEvent& event) = 0;
  // Records the credential issued for a result. kInvalidInput when `credential_id` is not a
  // stored credential; nothing happens for an unknown batch or position.
  virtual Status SetResultCredential(std::string_view batch_id, int64_t position,
                                     std::string_view credential_id) = 0;
  // The batches (without their results: `results` is empty) of `agency`, or of every agency
  // when `agency` is "", newest first (by submitted_at, then id).
  virtual Result<std::vector<BatchRow>> Batches(std::string_view agency) const = 0;
  // Every result for `apaar_id` in a batch that was not sent back, with its batch id, oldest
  // batch first.
  virtual Result<std::vector<std::pair<std::string, ResultRow>>> ResultsForApaar(
      std::string_view apaar_id) const = 0;

  // The audit log for `subject` ("" for all), oldest first.
  virtual Result<std::vector<AwardingEvent>> Events(std::string_view subject) const = 0;
  // Appends `event` alone: what changes nothing but must be on record (a user reading a
  // batch's personal data). Refuses what CheckEvent refuses.
  virtual Status AppendEvent(const AwardingEvent& event) = 0;

 protected:
  // AddUser (first false) and AddFirstUser (first true).
  virtual Status InsertUser(const AwardingUser& user, std::string_view token_digest,
                            const AwardingEvent& event, bool first) = 0;
};

// Every write refuses, with kInvalidInput and before it reaches the database, text that is not
// storable (IsStorableText in store/registry_checks.h: UTF-8 without NUL), an event without a
// subject, action or actor or with a time that is not RFC 3339 UTC, and a role that is empty or
// holds a comma. Reads of a key that is not storable find nothing. SQLite and PostgreSQL refuse
// the same calls with the same code and sentence.

// Opens the awarding store in the SQLite registry at `path`, bringing the schema up to date
// as OpenSqliteRegistry does. Thread-safe (one connection behind a mutex: awarding is people
// acting, not a hot path).
Result<std::unique_ptr<AwardingStore>> OpenSqliteAwardingStore(const std::filesystem::path& path);

// Opens the awarding store in the PostgreSQL registry at `url` (postgresql:// or postgres://),
// bringing the schema up to date as OpenPostgresRegistry does (MigratePostgresRegistry, under
// its advisory lock). Fails with kInvalidInput for a URL libpq does not accept (the message
// never repeats the URL, which may hold a password), kInternal when the server cannot be
// reached, and the errors of MigratePostgresRegistry (kInvalidInput for a database that is not
// a Pramaan registry or was written by a newer Pramaan). Thread-safe: one connection behind a
// mutex, as on SQLite.
// A connection the server dropped is replaced at the next call; a read that failed on it is
// run once more on the new one, a write is not (it may have committed) and fails with
// kInternal.
Result<std::unique_ptr<AwardingStore>> OpenPostgresAwardingStore(std::string_view url);

// Opens the awarding store of the registry at `location` (see OpenRegistry): the PostgreSQL
// store for a postgresql:// or postgres:// URL, else the SQLite store at that path.
// kInvalidInput when `location` is empty.
Result<std::unique_ptr<AwardingStore>> OpenAwardingStore(std::string_view location);

}  // namespace pramaan::store

#endif  // PRAMAAN_STORE_AWARDING_STORE_H_
