// The awarding workflow for NCVET qualifications (maker-checker):
//
//   an assessment agency's results are submitted (role submitter)
//     -> reviewed (approver) -> approved, or sent back (approver; never the submitter)
//     -> awarded (administrator): a credential is issued for every passed result.
//
// Every user has their own API token (kept only as its SHA-256) and one or more roles, and may
// do only the steps of their roles. A submitter belongs to one assessment agency: they submit
// for it alone and see only its batches; approvers and administrators see every batch. A
// batch's results hold personal data (APAAR ids, names, marks): every read of them by a user
// is itself written to the audit log ("read_batch", "read_log"). Every step is written to the append-only audit log with
// its actor, time and reason, in the same transaction as the state change; the approvals
// (who submitted, who approved, when) go into each credential.
//
// Input is checked per result before anything is stored: an unknown or retired
// qualification, an invalid APAAR id, a duplicate candidate, an impossible date or mark is
// refused with its own error and the other results go on. Nothing is ever issued for a
// refused result, nor for any result of a batch sent back.
#ifndef PRAMAAN_AWARDING_WORKFLOW_H_
#define PRAMAAN_AWARDING_WORKFLOW_H_

#include <cstdint>
#include <functional>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awarding/catalogue.h"
#include "core/json/json.h"
#include "core/result.h"
#include "core/time/clock.h"
#include "issuer/issuance_service.h"
#include "store/awarding_store.h"

namespace pramaan::awarding {

enum class Role { kSubmitter, kApprover, kAdministrator };
std::string_view RoleName(Role role);  // "submitter", "approver", "administrator"
std::optional<Role> RoleFromName(std::string_view name);

// Who is acting: a user the workflow authenticated.
struct Actor {
  std::string name;
  std::vector<Role> roles;
  std::string agency = {};  // a submitter's assessment agency; "" for other users
  bool Has(Role role) const;
  // Whether the actor may see every agency's batches (an approver or an administrator).
  bool SeesEveryAgency() const;
};

// The longest assessment agency name (bytes).
inline constexpr size_t kMaxAgencyBytes = 300;

// The awarding body named in every credential.
struct AwardingBody {
  std::string name;
  std::string ncvet_recognition_id;  // "" when not given
};

// A result or catalogue entry that was refused, and why.
struct RecordError {
  int64_t position = 0;  // 1-based place in the submission
  std::string where;     // "results.csv:4", "result 3"
  std::string error;
};

struct ImportReport {
  int64_t imported = 0;
  std::vector<RecordError> refused;
};

struct SubmitReport {
  std::string batch_id;
  int64_t accepted = 0;
  std::vector<RecordError> refused;
};

struct AwardedResult {
  int64_t position = 0;
  std::string candidate_id;
  std::string credential_id;
};

struct AwardReport {
  std::vector<AwardedResult> issued;
  std::vector<RecordError> not_issued;  // failed assessments, qualifications retired meanwhile
};

// Issues the credential for one award record (an ncvet_qualification record, see
// schemas/ncvet-qualification.schema.json) and returns its short id. Must be idempotent by the
// record's source_record_id: an award interrupted and run again calls it again.
using IssueFunction = std::function<Result<std::string>(const Json& record)>;

// The IssueFunction of every award: each record goes through the issuance service (issuer/
// issuance_service.h) as a request of `by` ("awarding:{name}" in the audit log), and the id of
// the credential it issued (or had issued before from the same record) is returned.
// `on_issued` (optional) sees each answer first: the CLI writes files, the server counts.
IssueFunction IssueThrough(IssuanceService& service, const Actor& by,
                           std::function<Status(const Issuance&)> on_issued = nullptr);

enum class InputFormat { kJson, kCsv };

// The most results one submission may hold.
inline constexpr size_t kMaxResultsPerBatch = 10000;

class Workflow {
 public:
  Workflow(store::AwardingStore& store, const Clock& clock, AwardingBody body)
      : store_(store), clock_(clock), body_(std::move(body)) {}

  // The user holding `token`. kPermission for a token no user holds (or an empty one), and for
  // a disabled user's.
  Result<Actor> Authenticate(std::string_view token) const;

  // Adds a user and returns their new API token (shown once; only its digest is kept). `by`
  // must be an administrator, or null when the store has no user yet (the first
  // administrator). A submitter needs `agency`, the assessment agency they submit for; other
  // users have none. kInvalidInput for a name that is not an identifier, no roles, a name
  // already used, a submitter without an agency (or one longer than kMaxAgencyBytes), or an
  // agency for a user who is not a submitter.
  Result<std::string> AddUser(const Actor* by, const std::string& name,
                              const std::vector<Role>& roles, const std::string& agency = "");
  Result<std::vector<store::AwardingUser>> Users(const Actor& by) const;
  // The awarding console's sessions (issue 21), kept in the store so that every issuer server
  // shares them. SignIn checks `token` as Authenticate does and returns the new session's
  // secret (for the browser's cookie; the store keeps its SHA-256), audit-logged as sign_in.
  Result<std::string> SignIn(std::string_view token);
  // The user of the open session whose secret is `secret`, if it was used within
  // `idle_timeout` (then its last use is now); an idle session is ended. kPermission for no such
  // session, an ended or idle one, or a user disabled since.
  Result<Actor> SessionActor(std::string_view secret, std::chrono::seconds idle_timeout);
  // Ends the session (sign-out), audit-logged. Ending an ended session changes nothing.
  Status SignOut(std::string_view secret);
  // The CSRF token of the session whose secret is `secret`, for its forms:
  // base64url(SHA-256("csrf\n" + secret)), so nothing more is stored and another session's
  // token never fits.
  static std::string CsrfToken(std::string_view secret);

  // Disables user `name` (administrator; not themselves): their token signs nothing in from
  // now on. Audit-logged. kNotFound for an unknown user; disabling a disabled user changes
  // nothing.
  Status DisableUser(const Actor& by, const std::string& name);
  // Gives user `name` a new token (administrator) and returns it, shown once; the old one stops
  // working. Audit-logged. kNotFound for an unknown user; kInvalidInput for a disabled one.
  Result<std::string> NewToken(const Actor& by, const std::string& name);

  // Imports catalogue entries (administrator): each valid entry is added or replaces the entry
  // with its NQR code; each invalid one is refused alone.
  Result<ImportReport> ImportCatalogue(const Actor& by, std::string_view text,
                                       InputFormat format, std::string_view name);
  // Adds or replaces one entry (administrator).
  Status PutQualification(const Actor& by, const Qualification& qualification);
  // Retires a qualification (administrator): it can no longer be awarded. A reason is required.
  Status RetireQualification(const Actor& by, std::string_view nqr_code, std::string_view reason);
  Result<std::vector<Qualification>> Catalogue() const;
  Result<std::optional<Qualification>> FindQualification(std::string_view nqr_code) const;

  // Submits an assessment agency's results (submitter). JSON: {"agency", "results": [...]},
  // or CSV with one result per row. The batch is the submitter's agency's: `agency` (and the
  // JSON's "agency") may be "" or must name that agency, else kPermission; a submitter with
  // no agency (added before agencies were kept) cannot submit (kPermission). Each result:
  // candidate_id, name, optional name_hi, apaar_id, nqr_code, assessment_date, result ("pass"
  // or "fail"), optional grade, marks, max_marks. Refused results are listed in the report
  // and kept with the batch for the reviewer. When no result is valid, no batch is made: the
  // report's batch_id is empty and `refused` says why. kInvalidInput when the input itself is
  // unreadable.
  Result<SubmitReport> Submit(const Actor& by, std::string_view agency, std::string_view text,
                              InputFormat format, std::string_view name);
  // Records that batch `new_id` (just submitted by `by`) corrects batch `old_id`, which was sent
  // back: audit-logged on the old batch as "resubmit" with {"as": new_id}, so the old batch
  // leads to the new one and no longer waits for the submitter. kPermission when `by` is not a
  // submitter of the old batch's agency (kNotFound as for Batch, and for another agency's
  // batch even when `by` may see it), kInvalidInput when `new_id` is not a batch `by` has just
  // submitted for that agency, kConflict when the old batch was not sent back or was
  // corrected already.
  Status Resubmitted(const Actor& by, std::string_view old_id, std::string_view new_id);
  // The batch that corrects batch `batch_id` ("" for none). Reads only the audit log's
  // "resubmit" events: no personal data, not logged.
  Result<std::string> ResubmittedAs(std::string_view batch_id) const;
  // The steps. kPermission when the actor lacks the role or submitted the batch; kConflict
  // when the batch is not in the state the step starts from; kNotFound for an unknown batch.
  Status Review(const Actor& by, std::string_view batch_id);
  Status Approve(const Actor& by, std::string_view batch_id, std::string_view reason);
  Status SendBack(const Actor& by, std::string_view batch_id, std::string_view reason);
  Result<AwardReport> Award(const Actor& by, std::string_view batch_id,
                            const IssueFunction& issue);

  // What the learner with `apaar_id` was awarded (DigiLocker's search), oldest first.
  struct Awarded {
    std::string credential_id;
    std::string nqr_code;
    std::string learner_name;
  };
  Result<std::vector<Awarded>> AwardsFor(std::string_view apaar_id) const;

  // The batch with its results, as `by` may see it: kNotFound, with the same sentence as for
  // an unknown batch, when it belongs to another agency than a submitter's. Each read is
  // audit-logged ("read_batch") before the batch is returned; a read that cannot be logged
  // fails (kInternal).
  Result<store::BatchRow> Batch(const Actor& by, std::string_view batch_id);
  // The batch's audit log, seen and logged ("read_log") as Batch.
  Result<std::vector<store::AwardingEvent>> Events(const Actor& by, std::string_view batch_id);
  // The batches `by` may see, newest first, without their results (no personal data: not
  // logged): a submitter's agency's, or every batch for approvers and administrators.
  Result<std::vector<store::BatchRow>> Batches(const Actor& by) const;

  // The award record (an ncvet_qualification record) for one passed result of an approved
  // batch: what Award hands to the IssueFunction.
  Result<Json> AwardRecord(const store::BatchRow& batch, const store::ResultRow& result,
                           const Qualification& qualification) const;

 private:
  store::AwardingEvent MakeEvent(std::string subject, std::string action, const Actor& actor,
                                 std::string reason, Json detail = Json::object()) const;
  Result<store::BatchRow> BatchFor(std::string_view batch_id) const;
  // BatchFor, when `by` may see the batch (see Batch).
  Result<store::BatchRow> VisibleBatch(const Actor& by, std::string_view batch_id) const;
  // The user named `name`, or nullopt.
  Result<std::optional<store::AwardingUser>> FindUser(const std::string& name) const;
  // Checks a step on `batch` by `by`: the role, and that the actor did not submit it.
  Status CheckChecker(const Actor& by, const store::BatchRow& batch, std::string_view step) const;

  store::AwardingStore& store_;
  const Clock& clock_;
  AwardingBody body_;
};

// JSON views for the API and the CLI.
Json BatchToJson(const store::BatchRow& batch);
// A batch in a list: its id, agency, state and who moved it when; no results.
Json BatchSummaryToJson(const store::BatchRow& batch);
Json EventToJson(const store::AwardingEvent& event);
Json ReportToJson(const std::vector<RecordError>& errors);

}  // namespace pramaan::awarding

#endif  // PRAMAAN_AWARDING_WORKFLOW_H_
