#include "issuer/issuance_service.h"

#include <algorithm>
#include <utility>

#include "core/crypto/sha256.h"
#include "core/encoding/hex.h"
#include "core/json/jcs.h"
#include "core/time/rfc3339.h"
#include "issuer/credential_id.h"
#include "issuer/identity_hash.h"

namespace pramaan {
namespace {

// A group member refused because another process took its status position between our
// choice and our commit is signed again with a new one; this many times at most.
constexpr int kPositionAttempts = 4;
// Source record ids of credentials issued through the VC API without an id of their own.
constexpr std::string_view kCallerSourcePrefix = "vc-api:";

// SHA-256 (hex) of the RFC 8785 form of `input`: tells the same record (or credential) sent
// again from a different one under the same id.
Result<std::string> DigestOf(const Json& input) {
  PRAMAAN_ASSIGN_OR_RETURN(std::string canonical, CanonicalizeJcs(input));
  return EncodeHex(Sha256(canonical));
}

}  // namespace

// A credential prepared and waiting for its signature.
struct IssuanceService::Pending {
  size_t index = 0;  // in the group
  std::string digest;
  UnsignedCredential credential;
  std::optional<int64_t> position;
};

IssuanceService::IssuanceService(const IssuerSetup& setup, const Clock& clock,
                                 store::Registry& registry, IssuanceServiceOptions options)
    : setup_(setup),
      clock_(clock),
      registry_(registry),
      options_(options),
      pipeline_(setup.issuer, setup.config.base_url, *setup.signer, setup.proof, setup.resolver,
                clock, setup.contexts, PublishedContextUrl(setup.config)) {
  if (options_.allocate_status) positions_.emplace(registry_, random_);
}

std::string ReissueBaseId(const std::string& source_record_id) {
  const size_t at = source_record_id.rfind(":reissue-");
  return at == std::string::npos ? source_record_id : source_record_id.substr(0, at);
}

Result<Issuance> IssuanceService::AlreadyIssued(const store::StoredCredential& earlier,
                                                const std::string& digest) {
  if (!earlier.source_digest.empty() && earlier.source_digest != digest) {
    return Conflict("source_record_id \"" + earlier.source_record_id +
                    "\" was already issued as " + earlier.id +
                    " from a different record; reissue that credential to change it");
  }
  return Issuance{Issuance::Kind::kAlreadyIssued, earlier, ""};
}

Result<std::optional<int64_t>> IssuanceService::NextPosition() {
  if (!positions_) return std::optional<int64_t>();
  PRAMAAN_ASSIGN_OR_RETURN(int64_t position, positions_->Next());
  return std::optional<int64_t>(position);
}

store::IssuanceEvent IssuanceService::Event(const Pending& pending, store::IssuanceAction action,
                                            const Requester& by, std::string detail) const {
  store::IssuanceEvent event;
  event.credential_id = pending.credential.credential_id();
  event.source_record_id = pending.credential.source_record_id();
  event.action = action;
  event.key_id = setup_.proof.verification_method;
  event.actor = by.actor.empty() ? "unknown" : by.actor;
  event.at = FormatRfc3339(clock_.Now());
  event.detail = std::move(detail);
  return event;
}

Status IssuanceService::KeepCertificate(const std::string& id, const std::string& pdf) {
  if (pdf.empty() || !options_.allocate_status) return Status::Ok();
  return registry_.PutCertificate(id, pdf);
}

Result<store::StoredCredential> IssuanceService::SignPending(Pending& pending, std::string* pdf) {
  PRAMAAN_ASSIGN_OR_RETURN(IssuedCredential issued, pipeline_.Sign(pending.credential));
  store::StoredCredential row;
  row.id = issued.credential_id;
  row.source_record_id = issued.source_record_id;
  row.credential_json = DumpJson(issued.credential, true);
  row.issued_at = GetString(issued.credential["proof"], "created");
  row.source_digest = pending.digest;
  row.revocation_index = pending.position;
  row.suspension_index = pending.position;
  if (options_.certificates != nullptr) {
    Result<std::string> made = options_.certificates->Make(issued.credential, issued.credential_id);
    if (!made.ok()) {
      if (made.error().code() == ErrorCode::kInternal) return made.error();
      return InvalidInput("certificate: " + made.error().message());
    }
    *pdf = std::move(made).value();
  }
  return row;
}

std::vector<IssuanceService::Attempt> IssuanceService::IssueGroupOnce(
    const std::vector<Json>& records, const std::vector<size_t>& which, const Requester& by,
    Status* failure) {
  std::vector<Attempt> attempts(records.size());
  const auto fail = [&](const Error& error) {
    *failure = Status(error);
    return attempts;
  };
  std::vector<Pending> pending;
  for (size_t i : which) {
    Result<std::string> digest = DigestOf(records[i]);
    if (!digest.ok()) {
      attempts[i].answer = digest.error();
      continue;
    }
    Result<UnsignedCredential> prepared = pipeline_.Prepare(records[i]);
    if (!prepared.ok()) {
      attempts[i].answer = prepared.error();
      continue;
    }
    auto earlier = registry_.GetBySourceRecord(prepared->source_record_id());
    if (!earlier.ok()) return fail(earlier.error());
    if (*earlier) {
      attempts[i].answer = AlreadyIssued(**earlier, *digest);
      continue;
    }
    auto position = NextPosition();
    if (!position.ok()) return fail(position.error());
    if (*position) {
      prepared->SetCredentialStatus(store::CredentialStatusFor(setup_.config.base_url, **position));
    }
    pending.push_back(Pending{i, std::move(digest).value(), std::move(prepared).value(), *position});
  }
  if (pending.empty()) return attempts;

  // The audit log hears of every signature before it is made.
  std::vector<store::IssuanceEvent> requested;
  for (const Pending& p : pending) {
    requested.push_back(Event(p, store::IssuanceAction::kSign, by, ""));
  }
  if (Status logged = registry_.AppendIssuanceEvents(requested); !logged.ok()) {
    return fail(logged.error());
  }

  std::vector<store::StoredCredential> rows;
  std::vector<store::IssuanceEvent> issued_events;
  std::vector<std::string> pdfs;
  std::vector<size_t> row_pending;  // rows[k] is pending[row_pending[k]]'s
  std::vector<store::IssuanceEvent> refused;
  for (size_t k = 0; k < pending.size(); ++k) {
    Pending& p = pending[k];
    std::string pdf;
    Result<store::StoredCredential> row = SignPending(p, &pdf);
    if (!row.ok()) {
      refused.push_back(Event(p, store::IssuanceAction::kRefused, by, row.error().message()));
      if (row.error().code() == ErrorCode::kInternal) {
        (void)registry_.AppendIssuanceEvents(refused);
        return fail(row.error());
      }
      attempts[p.index].answer = row.error();
      continue;
    }
    issued_events.push_back(Event(p, store::IssuanceAction::kIssued, by, ""));
    rows.push_back(std::move(row).value());
    pdfs.push_back(std::move(pdf));
    row_pending.push_back(k);
  }
  auto stored = registry_.PutIssued(rows, issued_events);
  if (!stored.ok()) return fail(stored.error());
  for (size_t r = 0; r < rows.size(); ++r) {
    Pending& p = pending[row_pending[r]];
    if ((*stored)[r].ok()) {
      if (Status kept = KeepCertificate(rows[r].id, pdfs[r]); !kept.ok()) return fail(kept.error());
      attempts[p.index].answer = Issuance{Issuance::Kind::kIssued, std::move(rows[r]),
                                          std::move(pdfs[r])};
      continue;
    }
    const Error& refusal = (*stored)[r].error();
    if (refusal.code() != ErrorCode::kInvalidInput) return fail(refusal);
    // Refused: another worker or process stored the same record first (answer with that
    // one), or took the status position (sign again).
    auto earlier = registry_.GetBySourceRecord(rows[r].source_record_id);
    if (!earlier.ok()) return fail(earlier.error());
    if (*earlier) {
      attempts[p.index].answer = AlreadyIssued(**earlier, p.digest);
    } else if (!p.position) {
      attempts[p.index].answer = refusal;  // nothing to retry: the credential itself is refused
    }
    refused.push_back(Event(p, store::IssuanceAction::kRefused, by,
                            "the registry refused it: " + refusal.message()));
  }
  if (!refused.empty()) {
    if (Status logged = registry_.AppendIssuanceEvents(refused); !logged.ok()) {
      return fail(logged.error());
    }
  }
  return attempts;
}

Result<std::vector<Result<Issuance>>> IssuanceService::IssueRecords(const std::vector<Json>& records,
                                                                    const Requester& by) {
  std::vector<Result<Issuance>> results(records.size(), Result<Issuance>(Internal("not issued")));
  std::vector<size_t> which(records.size());
  for (size_t i = 0; i < records.size(); ++i) which[i] = i;
  for (int attempt = 1; !which.empty(); ++attempt) {
    Status failure = Status::Ok();
    std::vector<Attempt> attempts = IssueGroupOnce(records, which, by, &failure);
    if (!failure.ok()) return failure.error();
    std::vector<size_t> again;
    for (size_t i : which) {
      if (attempts[i].answer) {
        results[i] = std::move(*attempts[i].answer);
      } else if (attempt < kPositionAttempts) {
        again.push_back(i);
      } else {
        return Internal("no free status position could be committed for record " +
                        std::to_string(i) + " after " + std::to_string(kPositionAttempts) +
                        " attempts");
      }
    }
    which = std::move(again);
  }
  return results;
}

Result<Issuance> IssuanceService::IssueRecord(const Json& record, const Requester& by) {
  PRAMAAN_ASSIGN_OR_RETURN(std::vector<Result<Issuance>> results, IssueRecords({record}, by));
  return std::move(results.front());
}

Result<Issuance> IssuanceService::IssueCredential(Json credential, const std::string& requested_id,
                                                  const Requester& by) {
  if (!credential.is_object()) return InvalidInput("credential must be a JSON object");
  PRAMAAN_ASSIGN_OR_RETURN(std::string digest, DigestOf(credential));
  std::string short_id = ShortCredentialIdOf(credential, setup_.config.base_url);
  if (short_id.empty()) short_id = NewCredentialId();
  // The caller's key lives in a namespace of its own ("vc-api:..."), so it can never collide
  // with the source record id of a platform record or an award.
  std::string key = requested_id.empty() ? GetString(credential, "id") : requested_id;
  const bool keyed = !key.empty();
  const std::string source_record_id =
      std::string(kCallerSourcePrefix) + (keyed ? key : short_id);
  if (keyed) {
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StoredCredential> earlier,
                             registry_.GetBySourceRecord(source_record_id));
    if (earlier) {
      if (earlier->source_digest != digest) {
        return Conflict("a different credential was already issued as " + earlier->id +
                        " under \"" + key + "\"");
      }
      return Issuance{Issuance::Kind::kAlreadyIssued, std::move(*earlier), ""};
    }
  }
  BuildContext context{setup_.issuer, setup_.config.base_url, short_id, clock_.Now(),
                       NewIdentitySalt, PublishedContextUrl(setup_.config)};
  PRAMAAN_ASSIGN_OR_RETURN(UnsignedCredential prepared,
                           PrepareCallerCredential(std::move(credential), context,
                                                   source_record_id));
  // Only a credential whose contexts define the terms (VC 2.0 does; VC 1.1 does not) can
  // carry a status entry.
  const bool has_v2 = [&] {
    const auto contexts = prepared.document().find("@context");
    return contexts != prepared.document().end() && contexts->is_array() &&
           std::find(contexts->begin(), contexts->end(), Json(kCredentialsV2Context)) !=
               contexts->end();
  }();
  for (int attempt = 1;; ++attempt) {
    std::optional<int64_t> position;
    if (has_v2) {
      PRAMAAN_ASSIGN_OR_RETURN(position, NextPosition());
    }
    if (position) {
      prepared.SetCredentialStatus(store::CredentialStatusFor(setup_.config.base_url, *position));
    }
    Pending pending{0, digest, prepared, position};
    PRAMAAN_RETURN_IF_ERROR(
        registry_.AppendIssuanceEvents({Event(pending, store::IssuanceAction::kSign, by, "")}));
    std::string pdf;
    Result<store::StoredCredential> row = SignPending(pending, &pdf);
    if (!row.ok()) {
      (void)registry_.AppendIssuanceEvents(
          {Event(pending, store::IssuanceAction::kRefused, by, row.error().message())});
      return row.error();
    }
    PRAMAAN_ASSIGN_OR_RETURN(
        std::vector<Status> stored,
        registry_.PutIssued({*row}, {Event(pending, store::IssuanceAction::kIssued, by, "")}));
    if (stored.front().ok()) {
      PRAMAAN_RETURN_IF_ERROR(KeepCertificate(row->id, pdf));
      return Issuance{Issuance::Kind::kIssued, std::move(*row), std::move(pdf)};
    }
    const Error refusal = stored.front().error();
    (void)registry_.AppendIssuanceEvents(
        {Event(pending, store::IssuanceAction::kRefused, by, refusal.message())});
    if (refusal.code() != ErrorCode::kInvalidInput) return refusal;
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StoredCredential> earlier,
                             registry_.GetBySourceRecord(row->source_record_id));
    if (earlier) {
      if (earlier->source_digest != digest) {
        return Conflict("a different credential was already issued as " + earlier->id +
                        " under \"" + row->source_record_id + "\"");
      }
      return Issuance{Issuance::Kind::kAlreadyIssued, std::move(*earlier), ""};
    }
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StoredCredential> same_id,
                             registry_.Get(row->id));
    if (same_id) {
      return Conflict("a credential with id " + row->id + " was already issued from \"" +
                      same_id->source_record_id + "\"");
    }
    if (!position) return refusal;
    if (attempt >= kPositionAttempts) {
      // Other processes kept taking the positions chosen: the server's trouble, not the
      // caller's.
      return Internal("no free status position could be committed after " +
                      std::to_string(kPositionAttempts) + " attempts: " + refusal.message());
    }
  }
}

Result<Issuance> IssuanceService::Reissue(const Json& record, std::string_view replaces,
                                          const std::string& reason, const Requester& by) {
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StoredCredential> old, registry_.Get(replaces));
  if (!old) return NotFound("no credential " + std::string(replaces) + " is in the registry");
  if (!old->superseded_by.empty()) {
    return Conflict("credential " + old->id + " was already reissued as " +
                        old->superseded_by + "; reissue that one instead");
  }
  const std::string base = ReissueBaseId(old->source_record_id);
  if (!record.is_object() || GetString(record, "source_record_id") != base) {
    return InvalidInput("the corrected record's source_record_id must be \"" + base +
                        "\", the record credential " + old->id + " was issued from");
  }
  // The replacement is stored under "{id}:reissue-{n}", the first n whose record is not an
  // earlier, already superseded replacement (a run killed after issuing and before
  // superseding finds its replacement here again, and finishes the job).
  Json corrected = record;
  Issuance replacement;
  for (int n = 2;; ++n) {
    const std::string source_id = base + ":reissue-" + std::to_string(n);
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StoredCredential> taken,
                             registry_.GetBySourceRecord(source_id));
    // Taken by an earlier replacement that was superseded since, or by the credential being
    // replaced itself (reissuing a reissue): the next n.
    if (taken && (!taken->superseded_by.empty() || taken->id == old->id)) continue;
    corrected["source_record_id"] = source_id;
    PRAMAAN_ASSIGN_OR_RETURN(replacement, IssueRecord(corrected, by));
    break;
  }
  PRAMAAN_RETURN_IF_ERROR(registry_.Supersede(old->id, replacement.stored.id));
  auto revoked = registry_.ChangeStatus(store::StatusEvent{
      0, old->id, store::StatusAction::kRevoke,
      "reissued as " + replacement.stored.id + ": " + reason,
      by.actor.empty() ? "unknown" : by.actor, FormatRfc3339(clock_.Now()), "superseded"});
  if (!revoked.ok()) return revoked.error();
  return replacement;
}

Result<std::string> IssuanceService::MakeCertificate(const store::StoredCredential& stored) const {
  if (options_.certificates == nullptr) {
    return InvalidInput("this issuance service makes no certificates");
  }
  PRAMAAN_ASSIGN_OR_RETURN(Json credential, ParseJson(stored.credential_json));
  return options_.certificates->Make(credential, stored.id);
}

}  // namespace pramaan
