// THE issuance service: the one path by which Pramaan issues a credential. The CLI (one record
// and batches), the awarding workflow and HTTP all call it; nothing else signs a credential.
//
//   record (or a caller's unsigned credential)
//     -> validate -> build -> status entries (allocated here and only here)
//     -> audit "sign" -> sign -> verify our own output -> certificate PDF
//     -> commit to the registry with the audit "issued" event (one transaction)
//
// Issuance is idempotent by source record id on every path: the same record again answers the
// credential issued before; a different record under an issued id is a conflict.
#ifndef PRAMAAN_ISSUER_ISSUANCE_SERVICE_H_
#define PRAMAAN_ISSUER_ISSUANCE_SERVICE_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status/free_index.h"
#include "core/json/json.h"
#include "core/result.h"
#include "core/time/clock.h"
#include "issuer/config.h"
#include "issuer/issuance.h"
#include "store/registry.h"
#include "store/status_lists.h"

namespace pramaan {

// Who asked for an issuance; written into every audit event ("cli:alice", "api:platform",
// "awarding:admin1").
struct Requester {
  std::string actor;
};

// Makes the signed PDF certificate of an issued credential (cli/certificates.h implements it).
// Must be thread-safe.
class CertificateFactory {
 public:
  virtual ~CertificateFactory() = default;
  // The PDF of `credential` (as issued, with its proof), whose short id is `credential_id`.
  // Fails when the certificate cannot be made (a name no page can hold: kInvalidInput).
  virtual Result<std::string> Make(const Json& credential,
                                   const std::string& credential_id) const = 0;
};

struct IssuanceServiceOptions {
  // A registry a server serves (an explicit --registry, the server's): give every credential a
  // revocation and a suspension entry in its status lists, and keep the certificate PDF made
  // at issuance in it (Registry::PutCertificate), for the public role to hand to the learner
  // (the issuer role's worker would otherwise make it again).
  bool allocate_status = false;
  // Make each credential's certificate PDF at issuance (returned with it); null: none.
  const CertificateFactory* certificates = nullptr;
};

// One credential the service answered with.
struct Issuance {
  enum class Kind {
    kIssued,         // signed and stored now
    kAlreadyIssued,  // the same record (or credential) was issued before: that credential
  };
  Kind kind = Kind::kIssued;
  store::StoredCredential stored;  // as the registry holds it
  std::string pdf;                 // kIssued with certificates: the signed PDF; else ""
};

class IssuanceService {
 public:
  // References must outlive the service. Thread-safe: batch workers share one.
  IssuanceService(const IssuerSetup& setup, const Clock& clock, store::Registry& registry,
                  IssuanceServiceOptions options = {});

  // Issues one record (course completion or NCVET qualification). Fails with kInvalidInput
  // naming the field at fault (nothing is signed or stored), kConflict when its
  // source_record_id was issued from a different record (reissue that credential instead),
  // kInternal when our own signature does not verify or the registry fails.
  Result<Issuance> IssueRecord(const Json& record, const Requester& by);

  // Issues `records` as IssueRecord does each, committing the group's credentials in one
  // registry transaction. results[i] is records[i]'s: an Issuance or that record's own error
  // (kInvalidInput, kConflict). Fails as a whole only for what is not a record's fault (the
  // registry, the disk, a signature that does not verify); then any of the group may or may
  // not be stored, and running it again is safe.
  Result<std::vector<Result<Issuance>>> IssueRecords(const std::vector<Json>& records,
                                                     const Requester& by);

  // Issues an unsigned credential a caller brings (W3C VC API). Its idempotency key is
  // `requested_id` (options.credentialId) when not empty, else its own `id` when it has one:
  // the same credential again answers kAlreadyIssued with the stored one, a different one under
  // that key fails with kConflict. Fails with kInvalidInput naming the member at fault (see
  // PrepareCallerCredential: a caller's credentialStatus, a proof, another issuer, a bad shape)
  // and for terms no context defines; kNotFound for an unknown context.
  Result<Issuance> IssueCredential(Json credential, const std::string& requested_id,
                                   const Requester& by);

  // Reissues the corrected `record` of credential `replaces` (same source_record_id): issues
  // it as a new credential (source record "{id}:reissue-{n}"), records that it supersedes the
  // old one and revokes the old one with `reason`. Nothing is deleted. Running it again after a
  // crash finishes the job without a second replacement. Fails with kNotFound for an unknown
  // credential; kConflict for one already reissued (a step already taken); kInvalidInput for a
  // record of another source_record_id or an invalid record.
  Result<Issuance> Reissue(const Json& record, std::string_view replaces,
                           const std::string& reason, const Requester& by);

  // The certificate PDF of a stored credential (one whose files a crash lost). Fails with
  // kInvalidInput when the service makes no certificates.
  Result<std::string> MakeCertificate(const store::StoredCredential& stored) const;

  bool makes_certificates() const { return options_.certificates != nullptr; }
  store::Registry& registry() { return registry_; }

 private:
  struct Pending;
  // What became of one record of a group: an answer, or "sign it again with a new status
  // position" (another process took the one it had).
  struct Attempt {
    std::optional<Result<Issuance>> answer;
  };
  std::vector<Attempt> IssueGroupOnce(const std::vector<Json>& records,
                                      const std::vector<size_t>& which, const Requester& by,
                                      Status* failure);
  // The answer for a record whose source record id is already stored as `earlier`.
  static Result<Issuance> AlreadyIssued(const store::StoredCredential& earlier,
                                        const std::string& digest);
  // Signs `pending`, checks it and makes its certificate; the row to store, or the record's
  // own error. A kInternal error stops the group.
  Result<store::StoredCredential> SignPending(Pending& pending, std::string* pdf);
  // Stores `pdf` (when made) as credential `id`'s certificate, for a served registry.
  Status KeepCertificate(const std::string& id, const std::string& pdf);
  store::IssuanceEvent Event(const Pending& pending, store::IssuanceAction action,
                             const Requester& by, std::string detail) const;
  Result<std::optional<int64_t>> NextPosition();

  const IssuerSetup& setup_;
  const Clock& clock_;
  store::Registry& registry_;
  const IssuanceServiceOptions options_;
  const IssuancePipeline pipeline_;
  SodiumRandomSource random_;
  std::optional<store::StatusPositionAllocator> positions_;
};

// The source record id a reissue chain started from: "x:reissue-3" -> "x".
std::string ReissueBaseId(const std::string& source_record_id);

}  // namespace pramaan

#endif  // PRAMAAN_ISSUER_ISSUANCE_SERVICE_H_
