#include "issuer/credential_builder.h"

#include "core/context/context_loader.h"
#include "core/credential/related_resource.h"
#include "issuer/identity_hash.h"

namespace pramaan {

Result<ValidatedRecord> ValidatedRecord::Create(Json record) {
  PRAMAAN_ASSIGN_OR_RETURN(RecordKind kind, ValidateRecord(record));
  std::string source_id = record["source_record_id"].get<std::string>();
  return ValidatedRecord(kind, std::move(record), std::move(source_id));
}

Result<UnsignedCredential> BuildCredential(const ValidatedRecord& record,
                                           const BuildContext& context) {
  Result<Json> document = record.kind() == RecordKind::kCourseCompletion
                              ? internal::BuildCourseCompletion(record.json(), context)
                              : internal::BuildNcvetQualification(record.json(), context);
  if (!document.ok()) return document.error();
  if (const auto until = record.json().find("valid_until"); until != record.json().end()) {
    // The schema checked the form; a credential already expired when issued helps no one.
    PRAMAAN_ASSIGN_OR_RETURN(Timestamp valid_until, ParseRfc3339(until->get<std::string>()));
    if (valid_until <= context.issued_at) {
      return InvalidInput("valid_until " + until->get<std::string>() +
                          " is not after the time of issue " + FormatRfc3339(context.issued_at));
    }
    (*document)["validUntil"] = FormatRfc3339(valid_until);
  }
  return UnsignedCredential(std::move(document).value(), context.credential_id,
                            record.source_record_id());
}

namespace internal {

std::string LanguageOf(const Json& record) { return record.value("language", "hi"); }

std::string Slug(std::string_view text) {
  std::string slug;
  for (char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug += c;
    } else if (c >= 'A' && c <= 'Z') {
      slug += static_cast<char>(c - 'A' + 'a');
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "unnamed" : slug;
}

Json NumberValue(double value) {
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
  if (value == static_cast<double>(static_cast<long long>(value)) && value < kExactIntegers &&
      value > -kExactIntegers) {
    return static_cast<long long>(value);
  }
  return value;
}

Json CredentialSkeleton(const BuildContext& context) {
  Json issuer = {{"id", context.issuer.id}, {"type", Json::array({"Profile"})},
                 {"name", context.issuer.name}};
  if (!context.issuer.url.empty()) issuer["url"] = context.issuer.url;
  // Our context where this deployment serves it, pinned by the digest of its exact bytes
  // (VC Data Model 2.0 section 5.3), so that a verifier that fetches it can tell it is the
  // document the credential was signed against, and one that does not can use its own copy.
  const std::string context_url =
      context.context_url.empty() ? PramaanContextUrl(context.base_url) : context.context_url;
  const std::optional<std::string_view> context_bytes =
      ContextLoader::Bundled().BundledBytes(kPramaanContext);
  Json related = {{"id", context_url}, {"mediaType", "application/ld+json"},
                  {"digestMultibase", DigestMultibaseSha256(context_bytes.value_or(""))}};
  return {{"@context", Json::array({kCredentialsV2Context, kOpenBadgesContext, context_url})},
          {"id", context.base_url + "/credentials/" + context.credential_id},
          {"type", Json::array({"VerifiableCredential", "OpenBadgeCredential"})},
          {"issuer", std::move(issuer)},
          {"validFrom", FormatRfc3339(context.issued_at)},
          {"relatedResource", Json::array({std::move(related)})}};
}

Json SubjectFor(const Json& learner, const std::string& language, const BuildContext& context) {
  Json subject = {{"type", Json::array({"AchievementSubject"})},
                  {"name", learner["name"]}};
  if (learner.contains("name_local")) {
    subject["nameLocalized"] = {{language, learner["name_local"]}};
  }
  // Identifiers are salted hashes: they let the learner prove the credential is theirs
  // without publishing the identifier.
  Json identifiers = Json::array();
  identifiers.push_back(HashedIdentity("sourcedId", learner["id"].get<std::string>(),
                                       context.new_salt()));
  if (learner.contains("email")) {
    std::string email = learner["email"].get<std::string>();
    for (char& c : email) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    identifiers.push_back(HashedIdentity("emailAddress", email, context.new_salt()));
  }
  if (learner.contains("apaar_id")) {
    identifiers.push_back(HashedIdentity("ext:APAARId", learner["apaar_id"].get<std::string>(),
                                         context.new_salt()));
  }
  subject["identifier"] = std::move(identifiers);
  return subject;
}

}  // namespace internal
}  // namespace pramaan
