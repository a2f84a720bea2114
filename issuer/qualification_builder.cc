// NCVET qualification award -> OpenBadgeCredential with an Achievement of type Certification:
// NSQF level and NQR code as alignments, NCrF credits as creditsAvailable/creditsEarned, the
// assessment and the maker-checker approval as evidence.
#include <cmath>

#include "core/json/jcs.h"
#include "issuer/credential_builder.h"

namespace pramaan::internal {
namespace {

// NCrF: one credit is 30 notional learning hours.
constexpr double kNotionalHoursPerCredit = 30.0;

Status CheckAwardRules(const Json& record) {
  const Json& approvals = record["approvals"];
  if (approvals["submitted_by"] == approvals["approved_by"]) {
    return InvalidInput("approvals.approved_by must be a different person from "
                        "approvals.submitted_by (maker-checker)");
  }
  auto submitted = ParseRfc3339(approvals["submitted_at"].get<std::string>());
  auto approved = ParseRfc3339(approvals["approved_at"].get<std::string>());
  if (!submitted.ok()) return submitted.error().WithContext("approvals.submitted_at");
  if (!approved.ok()) return approved.error().WithContext("approvals.approved_at");
  if (*approved < *submitted) {
    return InvalidInput("approvals.approved_at is before approvals.submitted_at");
  }
  // Dates are ISO 8601 calendar dates, so string order is date order.
  if (record["award_date"].get<std::string>() < record["assessment"]["date"].get<std::string>()) {
    return InvalidInput("award_date is before assessment.date");
  }
  const Json& assessment = record["assessment"];
  if (assessment.contains("marks") && assessment.contains("max_marks") &&
      assessment["marks"].get<double>() > assessment["max_marks"].get<double>()) {
    return InvalidInput("assessment.marks is greater than assessment.max_marks");
  }
  const Json& qualification = record["qualification"];
  if (qualification.contains("notional_hours")) {
    const double expected = qualification["credits"].get<double>() * kNotionalHoursPerCredit;
    if (std::fabs(qualification["notional_hours"].get<double>() - expected) > 1e-9) {
      return InvalidInput("qualification.notional_hours must be credits × 30 (" +
                          FormatEcmaScriptNumber(expected) + ")");
    }
  }
  return Status::Ok();
}

Json Alignment(std::string name, std::string code, std::string framework, std::string type,
               std::string url) {
  return {{"type", Json::array({"Alignment"})},
          {"targetName", std::move(name)},
          {"targetCode", std::move(code)},
          {"targetFramework", std::move(framework)},
          {"targetType", std::move(type)},
          {"targetUrl", std::move(url)}};
}

}  // namespace

Result<Json> BuildNcvetQualification(const Json& record, const BuildContext& context) {
  PRAMAAN_RETURN_IF_ERROR(CheckAwardRules(record));
  const Json& qualification = record["qualification"];
  const Json& assessment = record["assessment"];
  const std::string language = LanguageOf(record);
  const std::string title = qualification["title"].get<std::string>();
  const std::string nqr_code = qualification["nqr_code"].get<std::string>();
  const int level = qualification["nsqf_level"].get<int>();
  const double credits = qualification["credits"].get<double>();
  const std::string achievement_id = context.base_url + "/achievements/qualifications/" + nqr_code;

  Json achievement = {
      {"id", achievement_id},
      {"type", Json::array({"Achievement"})},
      {"achievementType", "Certification"},
      {"name", title},
  };
  if (qualification.contains("title_local")) {
    achievement["nameLocalized"] = {{language, qualification["title_local"]}};
  }
  achievement["description"] = "NCVET-approved qualification \"" + title + "\" (NQR code " +
                               nqr_code + "), NSQF level " + std::to_string(level) + ", " +
                               FormatEcmaScriptNumber(credits) + " NCrF credits.";
  achievement["criteria"] = {
      {"narrative", "Passed the assessment for this qualification, conducted by an assessment "
                    "agency and approved by the awarding body."}};
  achievement["humanCode"] = nqr_code;
  achievement["fieldOfStudy"] = qualification["sector"];
  achievement["version"] = qualification["version"];
  achievement["creditsAvailable"] = qualification["credits"];
  achievement["notionalHours"] = NumberValue(credits * kNotionalHoursPerCredit);
  achievement["alignment"] = Json::array(
      {Alignment("NSQF Level " + std::to_string(level), std::to_string(level),
                 "National Skills Qualifications Framework (NSQF)", "ext:NSQFLevel",
                 "https://www.ncvet.gov.in/"),
       Alignment(title, nqr_code, "National Qualifications Register (NQR)",
                 "ext:NQRQualification", "https://www.nqr.gov.in/")});
  const Json& body = record["awarding_body"];
  Json creator = {{"id", context.base_url + "/awarding-bodies/" + Slug(body["name"].get<std::string>())},
                  {"type", Json::array({"Profile"})},
                  {"name", body["name"]}};
  if (body.contains("ncvet_recognition_id")) {
    // Open Badges' schema types an IdentifierEntry with a string, not a list.
    creator["otherIdentifier"] = Json::array({{{"type", "IdentifierEntry"},
                                               {"identifier", body["ncvet_recognition_id"]},
                                               {"identifierType", "ext:NCVETRecognitionId"}}});
  }
  achievement["creator"] = std::move(creator);

  Json descriptions = Json::array();
  Json results = Json::array();
  if (assessment.contains("grade")) {
    const std::string id = achievement_id + "#grade";
    descriptions.push_back({{"id", id}, {"type", Json::array({"ResultDescription"})},
                            {"name", "Grade"}, {"resultType", "LetterGrade"}});
    results.push_back({{"type", Json::array({"Result"})}, {"resultDescription", id},
                       {"value", assessment["grade"]}});
  }
  if (assessment.contains("marks")) {
    const std::string id = achievement_id + "#marks";
    Json description = {{"id", id}, {"type", Json::array({"ResultDescription"})},
                        {"name", "Marks"}, {"resultType", "RawScore"}, {"valueMin", "0"}};
    if (assessment.contains("max_marks")) {
      description["valueMax"] = FormatEcmaScriptNumber(assessment["max_marks"].get<double>());
    }
    descriptions.push_back(std::move(description));
    results.push_back({{"type", Json::array({"Result"})}, {"resultDescription", id},
                       {"value", FormatEcmaScriptNumber(assessment["marks"].get<double>())}});
  }
  if (!descriptions.empty()) achievement["resultDescription"] = std::move(descriptions);

  Json subject = SubjectFor(record["learner"], language, context);
  subject["activityEndDate"] = record["award_date"];
  subject["creditsEarned"] = qualification["credits"];
  if (!results.empty()) subject["result"] = std::move(results);
  subject["achievement"] = std::move(achievement);

  const Json& approvals = record["approvals"];
  Json evidence = Json::array(
      {{{"type", Json::array({"Evidence"})},
        {"genre", "Assessment"},
        {"name", "Assessment by " + assessment["agency"].get<std::string>()},
        {"assessmentAgency", assessment["agency"]},
        {"assessmentDate", assessment["date"]},
        {"assessmentResult", assessment["result"]}},
       {{"type", Json::array({"Evidence"})},
        {"genre", "Approval"},
        {"name", "Result approval by the awarding body"},
        {"submittedBy", approvals["submitted_by"]},
        {"submittedAt", approvals["submitted_at"]},
        {"approvedBy", approvals["approved_by"]},
        {"approvedAt", approvals["approved_at"]}}});

  Json credential = CredentialSkeleton(context);
  credential["name"] = title;
  credential["credentialSubject"] = std::move(subject);
  credential["evidence"] = std::move(evidence);
  return credential;
}

}  // namespace pramaan::internal
