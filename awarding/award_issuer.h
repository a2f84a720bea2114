// Issuing one award into the registry: what the server's and the CLI's award step hand to
// Workflow::Award. Idempotent by the record's source_record_id, so an award interrupted and
// run again issues nothing twice.
#ifndef PRAMAAN_AWARDING_AWARD_ISSUER_H_
#define PRAMAAN_AWARDING_AWARD_ISSUER_H_

#include "core/json/json.h"
#include "core/result.h"
#include "core/time/clock.h"
#include "issuer/config.h"
#include "store/registry.h"
#include "store/status_lists.h"

namespace pramaan::awarding {

// Issues `record` (validated against its schema, built, given status entries when `positions`
// is set, signed and checked by the issuance pipeline) and stores it in `registry`; returns the
// stored credential. When the registry already holds a credential for the record's
// source_record_id from the same record, returns that one; from a different record, fails with
// kInvalidInput. Fails with kInvalidInput for a record the pipeline refuses.
Result<store::StoredCredential> IssueToRegistry(const IssuerSetup& setup, const Clock& clock,
                                                store::Registry& registry,
                                                store::StatusPositionAllocator* positions,
                                                const Json& record);

}  // namespace pramaan::awarding

#endif  // PRAMAAN_AWARDING_AWARD_ISSUER_H_
