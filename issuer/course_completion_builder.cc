// Course completion -> OpenBadgeCredential with an Achievement of type Certificate.
#include "core/json/jcs.h"
#include "issuer/credential_builder.h"

namespace pramaan::internal {

Result<Json> BuildCourseCompletion(const Json& record, const BuildContext& context) {
  const Json& course = record["course"];
  const std::string language = LanguageOf(record);
  const std::string title = course["title"].get<std::string>();
  const std::string provider = course["provider"].get<std::string>();
  const std::string achievement_id =
      context.base_url + "/achievements/courses/" + course["id"].get<std::string>();

  Json achievement = {
      {"id", achievement_id},
      {"type", Json::array({"Achievement"})},
      {"achievementType", "Certificate"},
      {"name", title},
  };
  if (course.contains("title_local")) achievement["nameLocalized"] = {{language, course["title_local"]}};
  achievement["description"] = "Completion of the course \"" + title + "\" offered by " +
                               provider + ".";
  achievement["criteria"] = {
      {"narrative", "Completed every module and assessment of the course \"" + title +
                        "\" (" + FormatEcmaScriptNumber(course["hours"].get<double>()) +
                        " hours)."}};
  // Open Badges' own terms where they fit: the provider is the achievement's creator (a
  // Profile, as the awarding body is for a qualification), the teaching language inLanguage.
  achievement["creator"] = {{"id", context.base_url + "/course-providers/" + Slug(provider)},
                            {"type", Json::array({"Profile"})},
                            {"name", provider}};
  if (course.contains("language")) achievement["inLanguage"] = course["language"];
  achievement["notionalHours"] = course["hours"];
  if (course.contains("competencies")) achievement["tag"] = course["competencies"];

  Json subject = SubjectFor(record["learner"], language, context);
  subject["activityEndDate"] = record["completion_date"];
  if (record.contains("score")) {
    const std::string score_id = achievement_id + "#score";
    achievement["resultDescription"] = Json::array({{{"id", score_id},
                                                      {"type", Json::array({"ResultDescription"})},
                                                      {"name", "Score"},
                                                      {"resultType", "Percent"},
                                                      {"valueMin", "0"},
                                                      {"valueMax", "100"}}});
    subject["result"] = Json::array({{{"type", Json::array({"Result"})},
                                      {"resultDescription", score_id},
                                      {"value", FormatEcmaScriptNumber(record["score"].get<double>())}}});
  }
  subject["achievement"] = std::move(achievement);

  Json credential = CredentialSkeleton(context);
  credential["name"] = "Certificate of Completion: " + title;
  credential["credentialSubject"] = std::move(subject);
  return credential;
}

}  // namespace pramaan::internal
