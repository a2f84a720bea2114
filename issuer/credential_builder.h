// Records in, unsigned Open Badges 3.0 credentials out.
//
// A record is first validated against its JSON Schema (ValidatedRecord), then a builder turns
// it into an UnsignedCredential. Both types can only be made that way, so the issuance
// pipeline cannot sign data that skipped validation.
#ifndef PRAMAAN_ISSUER_CREDENTIAL_BUILDER_H_
#define PRAMAAN_ISSUER_CREDENTIAL_BUILDER_H_

#include <functional>
#include <string>

#include "core/json/json.h"
#include "core/result.h"
#include "core/time/rfc3339.h"
#include "issuer/schema/record_schemas.h"

namespace pramaan {

class ValidatedRecord {
 public:
  // Validates `record` against the schema its "record_type" names. Fails with kInvalidInput
  // naming the first field at fault.
  static Result<ValidatedRecord> Create(Json record);

  RecordKind kind() const { return kind_; }
  const Json& json() const { return record_; }
  const std::string& source_record_id() const { return source_record_id_; }

 private:
  ValidatedRecord(RecordKind kind, Json record, std::string source_record_id)
      : kind_(kind), record_(std::move(record)), source_record_id_(std::move(source_record_id)) {}
  RecordKind kind_;
  Json record_;
  std::string source_record_id_;
};

// The issuer as it appears in credentials (an Open Badges Profile).
struct IssuerProfile {
  std::string id;    // the issuer's DID
  std::string name;  // e.g. "Capacity Building Commission, Government of India"
  std::string url;   // public web address (optional)
};

// Everything a builder needs besides the record; injected so tests are deterministic.
struct BuildContext {
  IssuerProfile issuer;
  std::string base_url;       // e.g. "https://pramaan.example.gov.in", no trailing slash
  std::string credential_id;  // from NewCredentialId()
  Timestamp issued_at;        // becomes validFrom
  std::function<std::string()> new_salt;  // a fresh salt per hashed identity
  // The URL credentials name for Pramaan's context (PublishedContextUrl); empty:
  // {base_url}/contexts/pramaan/v1.
  std::string context_url;
};

class UnsignedCredential {
 public:
  const Json& document() const { return document_; }
  const std::string& credential_id() const { return credential_id_; }
  const std::string& source_record_id() const { return source_record_id_; }

  // Sets credentialStatus (store/status_lists.h: CredentialStatusFor), before signing.
  void SetCredentialStatus(Json status) { document_["credentialStatus"] = std::move(status); }

 private:
  friend Result<UnsignedCredential> BuildCredential(const ValidatedRecord&, const BuildContext&);
  friend Result<UnsignedCredential> PrepareCallerCredential(Json, const BuildContext&,
                                                            std::string);
  UnsignedCredential(Json document, std::string credential_id, std::string source_record_id)
      : document_(std::move(document)),
        credential_id_(std::move(credential_id)),
        source_record_id_(std::move(source_record_id)) {}
  Json document_;
  std::string credential_id_;
  std::string source_record_id_;
};

// Builds the OpenBadgeCredential for `record`: a course-completion certificate (Achievement of
// type Certificate) or an NCVET qualification (type Certification, NSQF level and NQR code as
// alignments, NCrF credits). Fails with kInvalidInput for rules a schema cannot express
// (maker and checker the same person, credits and hours that disagree, dates out of order).
Result<UnsignedCredential> BuildCredential(const ValidatedRecord& record,
                                           const BuildContext& context);

// Makes a credential a caller brings to be signed (W3C VC API POST /credentials/issue) ready
// for signing, as this issuer would: the issuer must be ours (a credential naming none gets our
// profile); a credential without an id gets {base_url}/credentials/{context.credential_id};
// a missing validFrom (VC 2.0) or issuanceDate (VC 1.1) becomes context.issued_at. The short
// id is context.credential_id. Fails with kInvalidInput, naming the member at fault, for a
// credential that already has a proof, brings its own credentialStatus (status entries are
// allocated only by the issuance service: a caller's could point at another learner's bit),
// names another issuer, has an id under {base_url}/credentials/ whose short id
// IsChosenCredentialId refuses, or does not have the shape the data model requires.
Result<UnsignedCredential> PrepareCallerCredential(Json credential, const BuildContext& context,
                                                   std::string source_record_id);

// Refuses control characters in every string (and member name) of `value`: NUL and the rest
// of C0, and DEL, which no name, title or description needs and which a page, a PDF or a
// terminal would show wrongly or not at all. Tab, newline and carriage return are allowed
// (descriptions have lines). Fails with kInvalidInput naming the member at fault, as
// `where`.a.b[2].
Status CheckNoControlCharacters(const Json& value, const std::string& where);

// The short id of a credential whose id is {base_url}/credentials/{short} with a short id
// IsChosenCredentialId accepts (^[a-z2-7]{16,32}$), or "".
std::string ShortCredentialIdOf(const Json& credential, const std::string& base_url);

namespace internal {
// One builder per record kind; BuildCredential dispatches to them.
Result<Json> BuildCourseCompletion(const Json& record, const BuildContext& context);
Result<Json> BuildNcvetQualification(const Json& record, const BuildContext& context);

// Pieces both builders share.
Json CredentialSkeleton(const BuildContext& context);
Json SubjectFor(const Json& learner, const std::string& language, const BuildContext& context);
std::string LanguageOf(const Json& record);
std::string Slug(std::string_view text);
// A JSON number that prints as an integer when `value` is integral ("360", not "360.0").
Json NumberValue(double value);
}  // namespace internal

}  // namespace pramaan

#endif  // PRAMAAN_ISSUER_CREDENTIAL_BUILDER_H_
