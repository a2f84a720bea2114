#include "awarding/award_issuer.h"

#include <string>

#include "core/crypto/sha256.h"
#include "core/encoding/hex.h"
#include "core/json/jcs.h"
#include "issuer/issuance.h"

namespace pramaan::awarding {
namespace {

// The attempts at a status position another process took between our choice and our commit.
constexpr int kMaxPutAttempts = 3;

Result<store::StoredCredential> Earlier(const store::StoredCredential& earlier,
                                        const std::string& digest) {
  if (!earlier.source_digest.empty() && earlier.source_digest != digest) {
    return InvalidInput("source_record_id \"" + earlier.source_record_id +
                        "\" was already issued as " + earlier.id + " from a different record");
  }
  return earlier;
}

}  // namespace

Result<store::StoredCredential> IssueToRegistry(const IssuerSetup& setup, const Clock& clock,
                                                store::Registry& registry,
                                                store::StatusPositionAllocator* positions,
                                                const Json& record) {
  PRAMAAN_ASSIGN_OR_RETURN(std::string canonical, CanonicalizeJcs(record));
  const std::string digest = EncodeHex(Sha256(canonical));
  const IssuancePipeline pipeline(setup.issuer, setup.config.base_url, *setup.signer, setup.proof,
                                  setup.resolver, clock, setup.contexts);
  for (int attempt = 1;; ++attempt) {
    PRAMAAN_ASSIGN_OR_RETURN(UnsignedCredential prepared, pipeline.Prepare(record));
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StoredCredential> earlier,
                             registry.GetBySourceRecord(prepared.source_record_id()));
    if (earlier) return Earlier(*earlier, digest);
    std::optional<int64_t> position;
    if (positions != nullptr) {
      PRAMAAN_ASSIGN_OR_RETURN(position, positions->Next());
      prepared.SetCredentialStatus(store::CredentialStatusFor(setup.config.base_url, *position));
    }
    PRAMAAN_ASSIGN_OR_RETURN(IssuedCredential issued, pipeline.Sign(prepared));
    store::StoredCredential row;
    row.id = issued.credential_id;
    row.source_record_id = issued.source_record_id;
    row.credential_json = DumpJson(issued.credential, true);
    row.issued_at = GetString(issued.credential["proof"], "created");
    row.source_digest = digest;
    row.revocation_index = position;
    row.suspension_index = position;
    Status stored = registry.Put(row);
    if (stored.ok()) return row;
    if (stored.error().code() != ErrorCode::kInvalidInput) return stored.error();
    // Refused: another process issued the same record first, or took the status position.
    PRAMAAN_ASSIGN_OR_RETURN(earlier, registry.GetBySourceRecord(row.source_record_id));
    if (earlier) return Earlier(*earlier, digest);
    if (attempt == kMaxPutAttempts) return stored.error();
  }
}

}  // namespace pramaan::awarding
