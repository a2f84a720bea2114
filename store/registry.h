// The registry of issued credentials: every credential Pramaan signs, by id and by the
// source record it came from, on SQLite (WAL) by default or on PostgreSQL for deployments on
// several machines. The verification server reads it; issuance writes it.
#ifndef PRAMAAN_STORE_REGISTRY_H_
#define PRAMAAN_STORE_REGISTRY_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace pramaan::store {

struct StoredCredential {
  std::string id;                // the short credential id (20 base32 characters)
  std::string source_record_id;  // the platform's record id: unique, the idempotency key
  std::string credential_json;   // the signed credential exactly as issued
  std::string issued_at;         // RFC 3339, UTC
  std::string superseded_by;     // id of the credential that replaces this one, or ""
  // SHA-256 (hex) of the source record as issued (its RFC 8785 form), so a record sent again
  // can be told apart from a different record under the same id; "" when not recorded.
  std::string source_digest;
  // Positions in the status lists (issue 6); absent until status lists exist.
  std::optional<int64_t> revocation_index;
  std::optional<int64_t> suspension_index;
};

// What can happen to a credential's status after issuance. Revocation is permanent;
// suspension is undone by kUnsuspend.
enum class StatusAction { kRevoke, kSuspend, kUnsuspend };

// "revoke", "suspend", "unsuspend": stable, stored in the audit log.
std::string_view StatusActionName(StatusAction action);
// The action a name gives, or nullopt.
std::optional<StatusAction> StatusActionFromName(std::string_view name);

// Why a status changes, from a fixed list (issue 19), so pages and reports can say it in every
// language: "issued_in_error", "fraudulent", "withdrawn_by_awarding_body", "superseded" (a
// reissue's correction replaced it), "other" (the reason's words say why).
inline constexpr std::string_view kStatusReasonCodes[] = {
    "issued_in_error", "fraudulent", "withdrawn_by_awarding_body", "superseded", "other"};
bool IsStatusReasonCode(std::string_view code);
// The codes as one phrase for messages: "issued_in_error, fraudulent, ... or other".
std::string StatusReasonCodeList();
// The reason's words when only a code is given: the code with spaces ("issued in error").
std::string StatusReasonWords(std::string_view code);

// One status change and who made it and why: a line of the append-only audit log.
struct StatusEvent {
  int64_t seq = 0;  // position in the log (1, 2, ...); set by the registry
  std::string credential_id;
  StatusAction action = StatusAction::kRevoke;
  std::string reason;  // why, in words (required)
  std::string actor;   // who: a user name or an API token's name (required)
  std::string at;      // RFC 3339, UTC
  // One of kStatusReasonCodes: required to revoke or suspend, optional to unsuspend. "" in
  // events recorded before registry migration 10.
  std::string reason_code;
};

// What the issuance service records around a signature: "sign" before it (the request, with
// the key that will sign), then "issued" (stored with the credential, in one transaction) or
// "refused" (with the reason).
enum class IssuanceAction { kSign, kIssued, kRefused };

// "sign", "issued", "refused": stable, stored in the issuance log.
std::string_view IssuanceActionName(IssuanceAction action);
std::optional<IssuanceAction> IssuanceActionFromName(std::string_view name);

// One line of the append-only issuance log.
struct IssuanceEvent {
  int64_t seq = 0;  // position in the log; set by the registry
  std::string credential_id;     // the short id the credential has (or would have had)
  std::string source_record_id;  // what it was issued from
  IssuanceAction action = IssuanceAction::kSign;
  std::string key_id;  // the verification method that signs (or signed)
  std::string actor;   // who asked: "cli:alice", "api:platform", "awarding:admin1"
  std::string at;      // RFC 3339, UTC
  std::string detail;  // kRefused: why; otherwise "" or a note
};

// The two status lists every credential has an entry in.
enum class StatusPurpose { kRevocation, kSuspension };

// A signed BitstringStatusListCredential as the issuer role stored it (migration 8), for the
// public role to serve without holding the key that signed it.
struct StoredStatusList {
  std::string list_id;          // "revocation-0" (store/status_lists.h StatusListName::Id)
  std::string credential_json;  // the signed list credential, byte for byte as served
  std::string etag;             // its quoted strong ETag
  int64_t status_version = 0;   // the StatusVersion() whose bits it holds
  std::string signed_at;        // RFC 3339, UTC
  std::string valid_until;      // RFC 3339, UTC: its validUntil
};

// A stored credential that has no certificate PDF yet.
struct CredentialWithoutCertificate {
  std::string id;
  std::string issued_at;  // RFC 3339, UTC
};

class Registry {
 public:
  virtual ~Registry() = default;

  // Stores a newly issued credential. Fails with kInvalidInput when the id or the
  // source_record_id is already stored (nothing is changed then). Also kInvalidInput, storing
  // nothing: an empty id, source_record_id or credential_json; issued_at not RFC 3339 in UTC
  // ("...Z"); a negative or already used status index; superseded_by naming the credential
  // itself or a credential not stored; text that is not valid UTF-8 or holds a NUL character
  // (PostgreSQL cannot store it; every backend refuses it alike).
  virtual Status Put(const StoredCredential& credential) = 0;
  // Puts each of `credentials`, answering for each what Put would, with one commit for the
  // group where the backend can: a batch then writes its log once per group instead of once
  // per credential. A credential Put would refuse (kInvalidInput) is refused alone and the
  // others are still stored. Fails as a whole only for what is not a credential's own fault
  // (I/O, a lost connection), and then any of the group may or may not be stored, as when
  // Put fails: callers check by source record before trying again.
  virtual Result<std::vector<Status>> PutMany(const std::vector<StoredCredential>& credentials);
  // As PutMany, and appends issued[i] (an IssuanceAction::kIssued event of credentials[i]) to
  // the issuance log in the same transaction exactly when credentials[i] is stored, so no
  // credential is ever stored without its event. issued.size() must equal credentials.size().
  // The base implementation (for registries without transactions) puts and appends one by one.
  virtual Result<std::vector<Status>> PutIssued(const std::vector<StoredCredential>& credentials,
                                                const std::vector<IssuanceEvent>& issued);
  // Appends `events` (their seq is ignored) to the issuance log, all or none. Fails with
  // kInvalidInput, appending nothing, when an event has an empty credential_id,
  // source_record_id, key_id or actor, `at` not RFC 3339 UTC, or text that is not storable.
  virtual Status AppendIssuanceEvents(const std::vector<IssuanceEvent>& events) = 0;
  // The issuance log entries that name `credential_id`, oldest first.
  virtual Result<std::vector<IssuanceEvent>> IssuanceEvents(
      std::string_view credential_id) const = 0;
  // The credential with `id`, or nullopt.
  virtual Result<std::optional<StoredCredential>> Get(std::string_view id) const = 0;
  // The id of the credential that replaced credential `id`: "" when none did, nullopt when
  // `id` is not stored. Reads an index, not the credential: verifiers ask on every request.
  virtual Result<std::optional<std::string>> SupersededBy(std::string_view id) const = 0;
  // How many credentials were replaced (superseded_by set). Replacements are never undone and
  // nothing is deleted, so the number only grows: it changes exactly when the replacements do.
  virtual Result<int64_t> SupersededCount() const = 0;
  // The replaced credentials as (id, superseded_by) pairs, at most `limit` of them, in no
  // particular order.
  virtual Result<std::vector<std::pair<std::string, std::string>>> Supersessions(
      int64_t limit) const = 0;
  // The credential issued for `source_record_id`, or nullopt.
  virtual Result<std::optional<StoredCredential>> GetBySourceRecord(
      std::string_view source_record_id) const = 0;
  // Records that `new_id` replaces `old_id` (both must be stored; kNotFound otherwise).
  // Replacements form chains (A -> B, then B -> C) and never cycles: kInvalidInput, changing
  // nothing, when old_id == new_id, when `old_id` is already superseded by another credential
  // (supersede the newest one instead), or when `new_id` is itself superseded (only a current
  // credential can replace one). Recording the same pair again succeeds (retries are safe).
  virtual Status Supersede(std::string_view old_id, std::string_view new_id) = 0;
  // How many credentials are stored.
  virtual Result<int64_t> Count() const = 0;

  // --- Status (W3C Bitstring Status List). A credential's revocation_index and
  // suspension_index are its positions in one long list per purpose, published in slices of
  // kStatusListSize entries (store/status_lists.h).

  // Applies `event` (its seq is ignored) to the credential's status and appends it to the
  // audit log, in one transaction. Returns whether the status changed: revoking a revoked
  // credential, suspending a suspended one or unsuspending one that is not suspended changes
  // nothing and logs nothing. Fails with kNotFound for an unknown credential; kInvalidInput,
  // changing nothing, for an empty reason or actor, `at` not RFC 3339 UTC, or a credential
  // without a status index for the purpose (issued before status lists).
  virtual Result<bool> ChangeStatus(const StatusEvent& event) = 0;
  // The audit log entries of one credential, oldest first.
  virtual Result<std::vector<StatusEvent>> StatusEvents(std::string_view credential_id) const = 0;
  // The seq of the last audit log entry, 0 when there is none: any status change anywhere
  // increases it, so caches of status lists compare it to know they are current.
  virtual Result<int64_t> StatusVersion() const = 0;
  // The positions in [begin, end) whose bit is set for `purpose`: revoked, or currently
  // suspended, credentials. Ascending.
  virtual Result<std::vector<int64_t>> SetStatusPositions(StatusPurpose purpose, int64_t begin,
                                                          int64_t end) const = 0;
  // The positions in [begin, end) held by any stored credential (its revocation_index).
  // Ascending.
  virtual Result<std::vector<int64_t>> UsedStatusPositions(int64_t begin, int64_t end) const = 0;
  // The highest status position held by any stored credential, nullopt when none holds one.
  // One index lookup.
  virtual Result<std::optional<int64_t>> MaxStatusPosition() const = 0;

  // --- Signed status lists (migration 8): signed where the keys are, served from here.

  // Stores `list` under its list_id, replacing the stored copy unless that copy reflects a
  // newer StatusVersion (then nothing changes and this still succeeds: a slower signer never
  // undoes a faster one's newer list). Fails with kInvalidInput, storing nothing, for an empty
  // list_id, credential_json or etag, a negative status_version, signed_at or valid_until not
  // RFC 3339 in UTC, or text that is not storable (as Put).
  virtual Status PutStatusListCredential(const StoredStatusList& list) = 0;
  // The stored copy of list `list_id`, or nullopt.
  virtual Result<std::optional<StoredStatusList>> GetStatusListCredential(
      std::string_view list_id) const = 0;

  // --- Certificate PDFs (migration 8): made by the issuer role, served by the public one.

  // Stores `pdf` as the certificate of the stored credential `credential_id`, replacing any
  // earlier one. Fails with kNotFound when no such credential is stored, kInvalidInput for an
  // empty pdf; nothing is stored then.
  virtual Status PutCertificate(std::string_view credential_id, std::string_view pdf) = 0;
  // The certificate PDF of `credential_id`, or nullopt when none is stored.
  virtual Result<std::optional<std::string>> GetCertificate(
      std::string_view credential_id) const = 0;
  // Stored credentials issued at or after `issued_since` (RFC 3339; "" for all) that have no
  // certificate, oldest first (by issued_at, then id), at most `limit` of them. An index range
  // scan from `issued_since`: callers keep a watermark so that each call reads only recent
  // credentials.
  virtual Result<std::vector<CredentialWithoutCertificate>> CredentialsWithoutCertificate(
      std::string_view issued_since, int64_t limit) const = 0;
};

// Opens (creating it if needed) the SQLite registry at `path`, in WAL mode, and brings its
// schema up to the current version by running the numbered migrations it has not run yet.
// Safe to use from many threads at once: reads do not wait for each other. Fails with
// kInvalidInput naming the file when it is not a Pramaan registry or comes from a newer
// version, kInternal for I/O errors.
Result<std::unique_ptr<Registry>> OpenSqliteRegistry(const std::filesystem::path& path);

// Opens the PostgreSQL registry in the database `url` names ("postgresql://" or "postgres://",
// as libpq reads it: postgresql://user:password@host:port/database?sslmode=verify-full) and
// brings its schema up to the current version with the same numbered migrations as SQLite,
// under an advisory lock so that processes starting at once migrate once. Safe to use from
// many threads at once (a pool of connections; see postgres_registry.h). Fails with
// kInvalidInput for a URL libpq does not accept and for a database that is not a Pramaan
// registry or comes from a newer version, kInternal when the server cannot be reached or
// refuses the login. Messages name the database without the URL's password.
Result<std::unique_ptr<Registry>> OpenPostgresRegistry(std::string_view url);

// Which backend `location` names: a postgresql:// or postgres:// URL is PostgreSQL, any other
// text a SQLite file path. Fails with kInvalidInput for an empty location or a URL of another
// scheme ("mysql://...").
enum class RegistryKind { kSqlite, kPostgres };
Result<RegistryKind> KindOfRegistryLocation(std::string_view location);

// Opens the registry at `location`, as --registry and the configuration give it: a
// postgresql:// or postgres:// URL opens OpenPostgresRegistry, any other text is a file path
// for OpenSqliteRegistry. Fails with kInvalidInput for an empty location or a URL of another
// scheme ("mysql://..."), else with the errors of the registry it opens.
Result<std::unique_ptr<Registry>> OpenRegistry(std::string_view location);

// The schema version this build writes (the number of the last migration).
int CurrentRegistrySchemaVersion();

}  // namespace pramaan::store

#endif  // PRAMAAN_STORE_REGISTRY_H_
