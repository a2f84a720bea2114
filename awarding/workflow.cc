#include "awarding/workflow.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "core/csv/csv_table.h"
#include "core/crypto/random.h"
#include "core/crypto/sha256.h"
#include "core/encoding/base64.h"
#include "core/encoding/hex.h"
#include "core/time/rfc3339.h"

namespace pramaan::awarding {
namespace {

constexpr std::pair<Role, std::string_view> kRoleNames[] = {
    {Role::kSubmitter, "submitter"},
    {Role::kApprover, "approver"},
    {Role::kAdministrator, "administrator"},
};

// API tokens: 32 random bytes, base64url, behind a prefix that says what they are (so a token
// pasted in the wrong place is recognisable, and secret scanners can find one).
constexpr std::string_view kTokenPrefix = "pramaan_award_";
constexpr size_t kTokenBytes = 32;

// A new user token: the prefix, then 32 random bytes in base64url.
std::string NewTokenText() {
  return std::string(kTokenPrefix) + EncodeBase64UrlNoPad(RandomBytes(kTokenBytes));
}

// The longest text a result's free-text fields may hold, as the record schema allows.
constexpr size_t kMaxNameBytes = 200;
constexpr size_t kMaxGradeBytes = 16;
constexpr size_t kMaxIdentifierBytes = 128;
constexpr size_t kMaxReasonBytes = 1000;

// Credits as a JSON number: 12, not 12.0, when whole.
Json CreditsValue(double credits) {
  if (credits == std::floor(credits)) return static_cast<int64_t>(credits);
  return credits;
}

std::string TokenDigest(std::string_view token) { return EncodeHex(Sha256(token)); }

// A letter or digit, then letters, digits, '.', ':', '-' or '_' (as the record schema's
// identifiers, plus '_').
bool IsIdentifier(std::string_view text) {
  if (text.empty() || text.size() > kMaxIdentifierBytes) return false;
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (!alnum(text[0])) return false;
  return std::all_of(text.begin(), text.end(), [&](char c) {
    return alnum(c) || c == '.' || c == ':' || c == '-' || c == '_';
  });
}

// Text as messages show it: quoted, and cut short when long.
std::string Shown(std::string_view text) {
  constexpr size_t kMax = 40;
  if (text.size() <= kMax) return "\"" + std::string(text) + "\"";
  return "\"" + std::string(text.substr(0, kMax)) + "...\"";
}

std::string Today(const Clock& clock) { return FormatRfc3339(clock.Now()).substr(0, 10); }

Status RequireRole(const Actor& actor, Role role, std::string_view step) {
  if (actor.Has(role)) return Status::Ok();
  std::string held;
  for (Role r : actor.roles) held += (held.empty() ? "" : ", ") + std::string(RoleName(r));
  return PermissionDenied("user " + Shown(actor.name) + " (" + (held.empty() ? "no role" : held) +
                          ") cannot " + std::string(step) + ": that needs the " +
                          std::string(RoleName(role)) + " role");
}

Status CheckReason(std::string_view reason, bool required, std::string_view step) {
  if (required && reason.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return InvalidInput(std::string(step) + " needs a reason");
  }
  if (reason.size() > kMaxReasonBytes) {
    return InvalidInput("the reason is longer than " + std::to_string(kMaxReasonBytes) +
                        " bytes");
  }
  return Status::Ok();
}

// --- Results as submitted ---

// A result's members, each with the JSON type it must have.
enum class Kind { kString, kNumber };
struct Member {
  std::string_view name;
  Kind kind;
  bool required;
};
constexpr Member kResultMembers[] = {
    {"candidate_id", Kind::kString, true}, {"name", Kind::kString, true},
    {"name_hi", Kind::kString, false},     {"apaar_id", Kind::kString, true},
    {"nqr_code", Kind::kString, true},     {"assessment_date", Kind::kString, true},
    {"result", Kind::kString, true},       {"grade", Kind::kString, false},
    {"marks", Kind::kNumber, false},       {"max_marks", Kind::kNumber, false},
};

const Member* FindMember(std::string_view name) {
  for (const Member& member : kResultMembers) {
    if (member.name == name) return &member;
  }
  return nullptr;
}

// A CSV row as a result object: cells of number members parsed strictly, empty cells left out.
Result<Json> ResultFromCsvRow(const CsvTable& table, size_t row) {
  Json result = Json::object();
  for (size_t column = 0; column < table.header.size(); ++column) {
    const std::string& name = table.header[column];
    const std::string& cell = table.rows[row][column];
    if (cell.empty()) continue;
    const Member* member = FindMember(name);
    if (member != nullptr && member->kind == Kind::kNumber) {
      Result<Json> number = ParseJson(cell, name);
      if (!number.ok() || !number->is_number()) {
        return InvalidInput(name + " " + Shown(cell) + " is not a number");
      }
      result[name] = *number;
    } else {
      result[name] = cell;
    }
  }
  return result;
}

// What is wrong with one result on its own (members, types, formats), or OK.
Status CheckResultShape(const Json& result, const std::string& today) {
  if (!result.is_object()) return InvalidInput("a result must be a JSON object");
  for (const auto& [name, value] : result.items()) {
    const Member* member = FindMember(name);
    if (member == nullptr) return InvalidInput("unknown member " + Shown(name));
    const bool right = member->kind == Kind::kString ? value.is_string() : value.is_number();
    if (!right) {
      return InvalidInput(name + " must be a " +
                          (member->kind == Kind::kString ? "string" : "number"));
    }
  }
  for (const Member& member : kResultMembers) {
    if (member.required && !result.contains(member.name)) {
      return InvalidInput(std::string(member.name) + " is missing");
    }
  }
  const std::string candidate = result["candidate_id"].get<std::string>();
  if (!IsIdentifier(candidate)) {
    return InvalidInput("candidate_id " + Shown(candidate) +
                        " is not an identifier (a letter or digit, then letters, digits, "
                        "'.', ':', '-' or '_')");
  }
  for (std::string_view field : {"name", "name_hi"}) {
    if (!result.contains(field)) continue;
    const std::string text = result[field].get<std::string>();
    if (text.find_first_not_of(' ') == std::string::npos || text.size() > kMaxNameBytes) {
      return InvalidInput(std::string(field) + " must hold 1 to " +
                          std::to_string(kMaxNameBytes) + " bytes of text");
    }
  }
  PRAMAAN_RETURN_IF_ERROR(ValidateApaarId(result["apaar_id"].get<std::string>()));
  const std::string date = result["assessment_date"].get<std::string>();
  if (date.size() != 10 || !ParseDate(date).ok()) {
    return InvalidInput("assessment_date " + Shown(date) + " is not a date (YYYY-MM-DD)");
  }
  if (date > today) return InvalidInput("assessment_date " + date + " is in the future");
  const std::string outcome = result["result"].get<std::string>();
  if (outcome != "pass" && outcome != "fail") {
    return InvalidInput("result " + Shown(outcome) + " must be \"pass\" or \"fail\"");
  }
  if (result.contains("grade")) {
    const std::string grade = result["grade"].get<std::string>();
    if (grade.empty() || grade.size() > kMaxGradeBytes) {
      return InvalidInput("grade must hold 1 to " + std::to_string(kMaxGradeBytes) + " bytes");
    }
  }
  if (result.contains("marks") && result["marks"].get<double>() < 0) {
    return InvalidInput("marks must not be negative");
  }
  if (result.contains("max_marks") && result["max_marks"].get<double>() <= 0) {
    return InvalidInput("max_marks must be greater than 0");
  }
  if (result.contains("marks") != result.contains("max_marks")) {
    return InvalidInput("marks and max_marks go together");
  }
  if (result.contains("marks") && result["marks"].get<double>() > result["max_marks"].get<double>()) {
    return InvalidInput("marks are greater than max_marks");
  }
  return Status::Ok();
}

// The submission's results, each with where it came from.
struct SubmittedResult {
  std::string where;
  Result<Json> result;
};

Result<std::vector<SubmittedResult>> ReadResults(std::string_view text, InputFormat format,
                                                 std::string_view name, std::string* agency) {
  std::vector<SubmittedResult> results;
  if (format == InputFormat::kCsv) {
    PRAMAAN_ASSIGN_OR_RETURN(CsvTable table, ParseCsv(text));
    for (const std::string& column : table.header) {
      if (FindMember(column) == nullptr) {
        return InvalidInput(std::string(name) + ": unknown column " + Shown(column));
      }
    }
    for (size_t row = 0; row < table.rows.size(); ++row) {
      results.push_back({std::string(name) + ":" + std::to_string(table.lines[row]),
                         table.problems[row].empty() ? ResultFromCsvRow(table, row)
                                                     : InvalidInput(table.problems[row])});
    }
    return results;
  }
  PRAMAAN_ASSIGN_OR_RETURN(Json document, ParseJson(text, name));
  if (!document.is_object() || !document.contains("results") || !document["results"].is_array()) {
    return InvalidInput(std::string(name) + " must be an object with a \"results\" array");
  }
  for (const auto& [member, value] : document.items()) {
    if (member != "results" && member != "agency") {
      return InvalidInput(std::string(name) + ": unknown member " + Shown(member));
    }
  }
  if (document.contains("agency")) {
    if (!document["agency"].is_string()) return InvalidInput("agency must be a string");
    if (!agency->empty() && *agency != document["agency"].get<std::string>()) {
      return InvalidInput("the agency is given twice, differently");
    }
    *agency = document["agency"].get<std::string>();
  }
  int64_t index = 0;
  for (Json& result : document["results"]) {
    ++index;
    results.push_back({"result " + std::to_string(index), std::move(result)});
  }
  return results;
}

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [value, name] : kRoleNames) {
    if (value == role) return name;
  }
  return "unknown";
}

std::optional<Role> RoleFromName(std::string_view name) {
  for (const auto& [value, text] : kRoleNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

bool Actor::Has(Role role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool Actor::SeesEveryAgency() const { return Has(Role::kApprover) || Has(Role::kAdministrator); }

Result<Actor> Workflow::Authenticate(std::string_view token) const {
  if (token.empty()) return PermissionDenied("no API token was given");
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::AwardingUser> user,
                           store_.UserByTokenDigest(TokenDigest(token)));
  if (!user) return PermissionDenied("the API token is not one of an awarding user");
  if (!user->disabled_at.empty()) {
    return PermissionDenied("user " + Shown(user->name) + " was disabled on " +
                            user->disabled_at + "; ask an administrator");
  }
  Actor actor{user->name, {}, user->agency};
  for (const std::string& name : user->roles) {
    if (std::optional<Role> role = RoleFromName(name)) actor.roles.push_back(*role);
  }
  return actor;
}

Result<std::string> Workflow::AddUser(const Actor* by, const std::string& name,
                                      const std::vector<Role>& roles, const std::string& agency) {
  if (by == nullptr) {
    if (std::find(roles.begin(), roles.end(), Role::kAdministrator) == roles.end()) {
      return InvalidInput("the first user must be an administrator");
    }
  } else {
    PRAMAAN_RETURN_IF_ERROR(RequireRole(*by, Role::kAdministrator, "add users"));
  }
  if (!IsIdentifier(name)) {
    return InvalidInput("user name " + Shown(name) +
                        " is not an identifier (a letter or digit, then letters, digits, '.', "
                        "':', '-' or '_')");
  }
  if (roles.empty()) return InvalidInput("a user needs at least one role");
  const bool submitter = std::find(roles.begin(), roles.end(), Role::kSubmitter) != roles.end();
  if (submitter && (agency.find_first_not_of(' ') == std::string::npos ||
                    agency.size() > kMaxAgencyBytes)) {
    return InvalidInput("user " + Shown(name) +
                        " is a submitter and needs the assessment agency they submit for (1 to " +
                        std::to_string(kMaxAgencyBytes) + " bytes)");
  }
  if (!submitter && !agency.empty()) {
    return InvalidInput("only a submitter belongs to an assessment agency; user " + Shown(name) +
                        " is not one (approvers and administrators see every agency)");
  }
  store::AwardingUser user{name, {}, FormatRfc3339(clock_.Now()), agency};
  Json role_names = Json::array();
  for (Role role : roles) {
    const std::string role_name(RoleName(role));
    if (std::find(user.roles.begin(), user.roles.end(), role_name) != user.roles.end()) continue;
    user.roles.push_back(role_name);
    role_names.push_back(role_name);
  }
  std::string token = NewTokenText();
  const Actor bootstrap{name, roles};
  const store::AwardingEvent event =
      MakeEvent("user:" + name, "add_user", by != nullptr ? *by : bootstrap,
                by != nullptr ? "" : "the first administrator",
                agency.empty() ? Json{{"roles", role_names}}
                               : Json{{"roles", role_names}, {"agency", agency}});
  PRAMAAN_RETURN_IF_ERROR(by != nullptr ? store_.AddUser(user, TokenDigest(token), event)
                                        : store_.AddFirstUser(user, TokenDigest(token), event));
  return token;
}

Result<std::vector<store::AwardingUser>> Workflow::Users(const Actor& by) const {
  PRAMAAN_RETURN_IF_ERROR(RequireRole(by, Role::kAdministrator, "list users"));
  return store_.Users();
}

Result<std::optional<store::AwardingUser>> Workflow::FindUser(const std::string& name) const {
  PRAMAAN_ASSIGN_OR_RETURN(std::vector<store::AwardingUser> users, store_.Users());
  for (store::AwardingUser& user : users) {
    if (user.name == name) return std::optional<store::AwardingUser>(std::move(user));
  }
  return std::optional<store::AwardingUser>();
}

Result<std::string> Workflow::SignIn(std::string_view token) {
  PRAMAAN_ASSIGN_OR_RETURN(Actor actor, Authenticate(token));
  const std::string secret = EncodeBase64UrlNoPad(RandomBytes(kTokenBytes));
  const std::string now = FormatRfc3339(clock_.Now());
  PRAMAAN_RETURN_IF_ERROR(store_.CreateSession(TokenDigest(secret), {actor.name, now, now}));
  PRAMAAN_RETURN_IF_ERROR(store_.AppendEvent(
      MakeEvent("user:" + actor.name, "sign_in", actor, "", Json::object())));
  return secret;
}

Result<Actor> Workflow::SessionActor(std::string_view secret, std::chrono::seconds idle_timeout) {
  const std::string digest = TokenDigest(secret);
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::ConsoleSession> session, store_.Session(digest));
  if (secret.empty() || !session || !session->ended_at.empty()) {
    return PermissionDenied("not signed in");
  }
  const Timestamp now = clock_.Now();
  PRAMAAN_ASSIGN_OR_RETURN(Timestamp last, ParseRfc3339(session->last_seen_at));
  if (now - last > idle_timeout) {
    PRAMAAN_RETURN_IF_ERROR(store_.EndSession(digest, FormatRfc3339(now)));
    return PermissionDenied("the session ended after " +
                            std::to_string(idle_timeout.count() / 60) +
                            " minutes without use; sign in again");
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::AwardingUser> user, FindUser(session->user));
  if (!user || !user->disabled_at.empty()) {
    PRAMAAN_RETURN_IF_ERROR(store_.EndSession(digest, FormatRfc3339(now)));
    return PermissionDenied("user " + Shown(session->user) + " was disabled");
  }
  PRAMAAN_RETURN_IF_ERROR(store_.TouchSession(digest, FormatRfc3339(now)));
  Actor actor{user->name, {}, user->agency};
  for (const std::string& name : user->roles) {
    if (std::optional<Role> role = RoleFromName(name)) actor.roles.push_back(*role);
  }
  return actor;
}

Status Workflow::SignOut(std::string_view secret) {
  const std::string digest = TokenDigest(secret);
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::ConsoleSession> session, store_.Session(digest));
  if (!session || !session->ended_at.empty()) return Status::Ok();
  PRAMAAN_RETURN_IF_ERROR(store_.EndSession(digest, FormatRfc3339(clock_.Now())));
  return store_.AppendEvent(MakeEvent("user:" + session->user, "sign_out",
                                      Actor{session->user, {}, ""}, "", Json::object()));
}

std::string Workflow::CsrfToken(std::string_view secret) {
  const std::string message = "csrf\n" + std::string(secret);
  const auto digest = Sha256(message);
  return EncodeBase64UrlNoPad(std::span<const uint8_t>(digest.data(), digest.size()));
}

Status Workflow::DisableUser(const Actor& by, const std::string& name) {
  PRAMAAN_RETURN_IF_ERROR(RequireRole(by, Role::kAdministrator, "disable users"));
  if (name == by.name) {
    return InvalidInput("you cannot disable yourself: another administrator must");
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::AwardingUser> user, FindUser(name));
  if (!user) return NotFound("no user " + Shown(name));
  if (!user->disabled_at.empty()) return Status::Ok();
  return store_.UpdateUser(name, {FormatRfc3339(clock_.Now()), ""},
                           MakeEvent("user:" + name, "disable_user", by, "", Json::object()));
}

Result<std::string> Workflow::NewToken(const Actor& by, const std::string& name) {
  PRAMAAN_RETURN_IF_ERROR(RequireRole(by, Role::kAdministrator, "give users new tokens"));
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::AwardingUser> user, FindUser(name));
  if (!user) return NotFound("no user " + Shown(name));
  if (!user->disabled_at.empty()) {
    return InvalidInput("user " + Shown(name) + " is disabled: a disabled user gets no token");
  }
  std::string token = NewTokenText();
  PRAMAAN_RETURN_IF_ERROR(store_.UpdateUser(
      name, {"", TokenDigest(token)},
      MakeEvent("user:" + name, "new_token", by, "", Json::object())));
  return token;
}

Result<ImportReport> Workflow::ImportCatalogue(const Actor& by, std::string_view text,
                                               InputFormat format, std::string_view name) {
  PRAMAAN_RETURN_IF_ERROR(RequireRole(by, Role::kAdministrator, "change the catalogue"));
  PRAMAAN_ASSIGN_OR_RETURN(
      std::vector<CatalogueEntry> entries,
      ParseCatalogue(text,
                     format == InputFormat::kCsv ? CatalogueFormat::kCsv : CatalogueFormat::kJson,
                     name));
  ImportReport report;
  int64_t position = 0;
  for (CatalogueEntry& entry : entries) {
    ++position;
    if (!entry.qualification.ok()) {
      report.refused.push_back({position, entry.where, entry.qualification.error().message()});
      continue;
    }
    Status stored = PutQualification(by, *entry.qualification);
    if (!stored.ok()) {
      if (stored.error().code() == ErrorCode::kInternal) return stored.error();
      report.refused.push_back({position, entry.where, stored.error().message()});
      continue;
    }
    ++report.imported;
  }
  return report;
}

Status Workflow::PutQualification(const Actor& by, const Qualification& qualification) {
  PRAMAAN_RETURN_IF_ERROR(RequireRole(by, Role::kAdministrator, "change the catalogue"));
  PRAMAAN_RETURN_IF_ERROR(ValidateQualification(qualification));
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::CatalogueRow> existing,
                           store_.Qualification(qualification.nqr_code));
  // Retirement is final: an import cannot bring a retired qualification back under the same
  // NQR code (a new version has a new code).
  if (existing && !existing->active && qualification.active) {
    return Conflict("qualification " + qualification.nqr_code +
                    " was retired and cannot be made active again");
  }
  const Json definition = QualificationToJson(qualification);
  store::CatalogueRow row{qualification.nqr_code, DumpJson(definition, false),
                          qualification.active, FormatRfc3339(clock_.Now())};
  return store_.PutQualification(
      row, MakeEvent("qualification:" + qualification.nqr_code,
                     existing ? "update_qualification" : "add_qualification", by, "",
                     definition));
}

Status Workflow::RetireQualification(const Actor& by, std::string_view nqr_code,
                                     std::string_view reason) {
  PRAMAAN_RETURN_IF_ERROR(RequireRole(by, Role::kAdministrator, "retire a qualification"));
  PRAMAAN_RETURN_IF_ERROR(CheckReason(reason, true, "retiring a qualification"));
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<Qualification> found, FindQualification(nqr_code));
  if (!found) return NotFound("no qualification " + Shown(nqr_code) + " in the catalogue");
  if (!found->active) return Conflict("qualification " + found->nqr_code + " is already retired");
  found->active = false;
  store::CatalogueRow row{found->nqr_code, DumpJson(QualificationToJson(*found), false), false,
                          FormatRfc3339(clock_.Now())};
  return store_.PutQualification(row, MakeEvent("qualification:" + found->nqr_code,
                                                "retire_qualification", by, std::string(reason)));
}

Result<std::vector<Qualification>> Workflow::Catalogue() const {
  PRAMAAN_ASSIGN_OR_RETURN(std::vector<store::CatalogueRow> rows, store_.Qualifications());
  std::vector<Qualification> catalogue;
  for (const store::CatalogueRow& row : rows) {
    PRAMAAN_ASSIGN_OR_RETURN(Json definition, ParseJson(row.definition_json, row.nqr_code));
    PRAMAAN_ASSIGN_OR_RETURN(Qualification qualification, QualificationFromJson(definition));
    catalogue.push_back(std::move(qualification));
  }
  return catalogue;
}

Result<std::optional<Qualification>> Workflow::FindQualification(
    std::string_view nqr_code) const {
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::CatalogueRow> row,
                           store_.Qualification(nqr_code));
  if (!row) return std::optional<Qualification>();
  PRAMAAN_ASSIGN_OR_RETURN(Json definition, ParseJson(row->definition_json, row->nqr_code));
  PRAMAAN_ASSIGN_OR_RETURN(Qualification qualification, QualificationFromJson(definition));
  return std::optional<Qualification>(std::move(qualification));
}

Result<SubmitReport> Workflow::Submit(const Actor& by, std::string_view agency_name,
                                      std::string_view text, InputFormat format,
                                      std::string_view name) {
  PRAMAAN_RETURN_IF_ERROR(RequireRole(by, Role::kSubmitter, "submit results"));
  std::string agency(agency_name);
  if (by.agency.empty()) {
    return PermissionDenied("user " + Shown(by.name) +
                            " belongs to no assessment agency; an administrator must add a "
                            "submitter with the agency they submit for");
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::vector<SubmittedResult> submitted,
                           ReadResults(text, format, name, &agency));
  // A submitter submits for their own agency only; naming it is allowed, naming another is not.
  if (!agency.empty() && agency != by.agency) {
    return PermissionDenied("user " + Shown(by.name) + " submits for the agency " +
                            Shown(by.agency) + ", not " + Shown(agency));
  }
  agency = by.agency;
  if (submitted.empty()) return InvalidInput(std::string(name) + " holds no results");
  if (submitted.size() > kMaxResultsPerBatch) {
    return InvalidInput(std::string(name) + " holds " + std::to_string(submitted.size()) +
                        " results; one submission may hold at most " +
                        std::to_string(kMaxResultsPerBatch));
  }
  const std::string today = Today(clock_);
  store::BatchRow batch;
  batch.id = "b" + EncodeHex(RandomBytes(8));
  batch.agency = agency;
  batch.submitted_by = by.name;
  batch.submitted_at = FormatRfc3339(clock_.Now());

  SubmitReport report;
  report.batch_id = batch.id;
  std::set<std::string> candidates;                         // candidate ids in this batch
  std::set<std::pair<std::string, std::string>> awarded;    // (APAAR id, NQR code) in this batch
  int64_t position = 0;
  for (SubmittedResult& item : submitted) {
    ++position;
    auto refuse = [&](const std::string& error) {
      report.refused.push_back({position, item.where, error});
    };
    if (!item.result.ok()) {
      refuse(item.result.error().message());
      continue;
    }
    const Json& result = *item.result;
    if (Status shape = CheckResultShape(result, today); !shape.ok()) {
      refuse(shape.error().message());
      continue;
    }
    const std::string candidate = result["candidate_id"].get<std::string>();
    const std::string apaar = result["apaar_id"].get<std::string>();
    const std::string code = result["nqr_code"].get<std::string>();
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<Qualification> qualification, FindQualification(code));
    if (!qualification) {
      refuse("nqr_code " + Shown(code) + " is not in the catalogue");
      continue;
    }
    std::string why;
    if (!IsAwardable(*qualification, result["assessment_date"].get<std::string>(), &why)) {
      refuse(why);
      continue;
    }
    if (!candidates.insert(candidate).second) {
      refuse("candidate " + candidate + " appears twice in this submission");
      continue;
    }
    if (!awarded.insert({apaar, code}).second) {
      refuse("the APAAR id of candidate " + candidate + " has another result for " + code +
             " in this submission");
      continue;
    }
    // A candidate already passed in a batch still in the workflow (or awarded) is a duplicate;
    // a batch sent back does not count.
    PRAMAAN_ASSIGN_OR_RETURN(auto earlier, store_.ResultsForApaar(apaar));
    const auto duplicate = std::find_if(earlier.begin(), earlier.end(), [&](const auto& entry) {
      return entry.second.nqr_code == code && entry.second.passed;
    });
    if (duplicate != earlier.end()) {
      refuse("candidate " + candidate + " (by APAAR id) already has a passed result for " +
             code + " in batch " + duplicate->first);
      continue;
    }
    store::ResultRow row;
    row.position = position;
    row.candidate_id = candidate;
    row.apaar_id = apaar;
    row.nqr_code = code;
    row.passed = result["result"] == "pass";
    row.result_json = DumpJson(result, false);
    batch.results.push_back(std::move(row));
  }
  report.accepted = static_cast<int64_t>(batch.results.size());
  batch.refused_json = DumpJson(ReportToJson(report.refused), false);
  if (batch.results.empty()) {  // nothing to review: no batch is made
    report.batch_id.clear();
    return report;
  }
  PRAMAAN_RETURN_IF_ERROR(store_.CreateBatch(
      batch, MakeEvent("batch:" + batch.id, "submit", by, "",
                       {{"agency", agency},
                        {"accepted", report.accepted},
                        {"refused", ReportToJson(report.refused)}})));
  return report;
}

Status Workflow::Resubmitted(const Actor& by, std::string_view old_id, std::string_view new_id) {
  PRAMAAN_RETURN_IF_ERROR(RequireRole(by, Role::kSubmitter, "submit corrected results"));
  PRAMAAN_ASSIGN_OR_RETURN(store::BatchRow old_batch, VisibleBatch(by, old_id));
  PRAMAAN_ASSIGN_OR_RETURN(store::BatchRow new_batch, VisibleBatch(by, new_id));
  // Only the agency's own batch, corrected by a batch its submitter has just submitted (a user
  // who also approves sees every agency's batches, and must not link them across agencies).
  if (old_batch.agency != by.agency) return NotFound("no batch " + Shown(old_id));
  if (new_batch.id == old_batch.id || new_batch.agency != old_batch.agency ||
      new_batch.submitted_by != by.name || new_batch.state != store::BatchState::kSubmitted) {
    return InvalidInput("batch " + new_batch.id + " is not a batch " + Shown(by.name) +
                        " has just submitted for the same agency, so it does not correct batch " +
                        old_batch.id);
  }
  if (old_batch.state != store::BatchState::kSentBack) {
    return Conflict("batch " + old_batch.id + " is " +
                    std::string(store::BatchStateName(old_batch.state)) +
                    "; only a batch sent back is corrected by a new one");
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::string earlier, ResubmittedAs(old_id));
  if (!earlier.empty()) {
    return Conflict("batch " + old_batch.id + " was corrected already, by batch " + earlier);
  }
  return store_.AppendEvent(
      MakeEvent("batch:" + old_batch.id, "resubmit", by, "", {{"as", new_batch.id}}));
}

Result<std::string> Workflow::ResubmittedAs(std::string_view batch_id) const {
  PRAMAAN_ASSIGN_OR_RETURN(std::vector<store::AwardingEvent> events,
                           store_.Events("batch:" + std::string(batch_id)));
  for (const store::AwardingEvent& event : events) {
    if (event.action != "resubmit") continue;
    const Json detail = Json::parse(event.detail_json, nullptr, false);
    if (detail.is_object() && detail.contains("as") && detail["as"].is_string()) {
      return detail["as"].get<std::string>();
    }
  }
  return std::string();
}

Result<store::BatchRow> Workflow::BatchFor(std::string_view batch_id) const {
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::BatchRow> batch, store_.Batch(batch_id));
  if (!batch) return NotFound("no batch " + Shown(batch_id));
  return std::move(*batch);
}

Status Workflow::CheckChecker(const Actor& by, const store::BatchRow& batch,
                              std::string_view step) const {
  PRAMAAN_RETURN_IF_ERROR(RequireRole(by, Role::kApprover, step));
  if (by.name == batch.submitted_by) {
    return PermissionDenied("user " + Shown(by.name) + " submitted batch " + batch.id +
                            " and cannot also " + std::string(step) +
                            " it: a second person must (maker-checker)");
  }
  return Status::Ok();
}

Status Workflow::Review(const Actor& by, std::string_view batch_id) {
  PRAMAAN_ASSIGN_OR_RETURN(store::BatchRow batch, BatchFor(batch_id));
  PRAMAAN_RETURN_IF_ERROR(CheckChecker(by, batch, "review"));
  batch.state = store::BatchState::kInReview;
  batch.reviewed_by = by.name;
  batch.reviewed_at = FormatRfc3339(clock_.Now());
  return store_.UpdateBatch(batch, store::BatchState::kSubmitted,
                            MakeEvent("batch:" + batch.id, "review", by, ""));
}

Status Workflow::Approve(const Actor& by, std::string_view batch_id, std::string_view reason) {
  PRAMAAN_ASSIGN_OR_RETURN(store::BatchRow batch, BatchFor(batch_id));
  PRAMAAN_RETURN_IF_ERROR(CheckChecker(by, batch, "approve"));
  PRAMAAN_RETURN_IF_ERROR(CheckReason(reason, false, "approving"));
  batch.state = store::BatchState::kApproved;
  batch.decided_by = by.name;
  batch.decided_at = FormatRfc3339(clock_.Now());
  batch.decision_reason = std::string(reason);
  return store_.UpdateBatch(batch, store::BatchState::kInReview,
                            MakeEvent("batch:" + batch.id, "approve", by, std::string(reason)));
}

Status Workflow::SendBack(const Actor& by, std::string_view batch_id, std::string_view reason) {
  PRAMAAN_ASSIGN_OR_RETURN(store::BatchRow batch, BatchFor(batch_id));
  PRAMAAN_RETURN_IF_ERROR(CheckChecker(by, batch, "send back"));
  PRAMAAN_RETURN_IF_ERROR(CheckReason(reason, true, "sending a batch back"));
  const store::BatchState from = batch.state;
  if (from != store::BatchState::kSubmitted && from != store::BatchState::kInReview) {
    return Conflict("batch " + batch.id + " is " + std::string(store::BatchStateName(from)) +
                    "; only a submitted batch or one in review can be sent back");
  }
  batch.state = store::BatchState::kSentBack;
  batch.decided_by = by.name;
  batch.decided_at = FormatRfc3339(clock_.Now());
  batch.decision_reason = std::string(reason);
  return store_.UpdateBatch(batch, from,
                            MakeEvent("batch:" + batch.id, "send_back", by, std::string(reason)));
}

Result<Json> Workflow::AwardRecord(const store::BatchRow& batch, const store::ResultRow& row,
                                   const Qualification& qualification) const {
  PRAMAAN_ASSIGN_OR_RETURN(Json result, ParseJson(row.result_json, "result"));
  Json learner = {{"id", row.candidate_id},
                  {"name", result["name"]},
                  {"apaar_id", row.apaar_id}};
  if (result.contains("name_hi")) learner["name_local"] = result["name_hi"];
  Json assessment = {{"agency", batch.agency},
                     {"date", result["assessment_date"]},
                     {"result", "pass"}};
  for (const char* field : {"grade", "marks", "max_marks"}) {
    if (result.contains(field)) assessment[field] = result[field];
  }
  Json awarding_body = {{"name", body_.name}};
  if (!body_.ncvet_recognition_id.empty()) {
    awarding_body["ncvet_recognition_id"] = body_.ncvet_recognition_id;
  }
  return Json{
      {"record_type", "ncvet_qualification"},
      {"source_record_id", "award:" + batch.id + ":" + std::to_string(row.position)},
      {"learner", std::move(learner)},
      {"qualification",
       {{"title", qualification.title},
        {"title_local", qualification.title_hi},
        {"nqr_code", qualification.nqr_code},
        {"nsqf_level", qualification.nsqf_level},
        {"credits", CreditsValue(qualification.credits)},
        {"notional_hours", qualification.notional_hours},
        {"sector", qualification.sector},
        {"version", qualification.version}}},
      {"assessment", std::move(assessment)},
      {"awarding_body", std::move(awarding_body)},
      {"approvals",
       {{"submitted_by", batch.submitted_by},
        {"submitted_at", batch.submitted_at},
        {"approved_by", batch.decided_by},
        {"approved_at", batch.decided_at}}},
      {"award_date", Today(clock_)},
      {"template", "ncvet-qualification"},
      {"language", "hi"},
  };
}

Result<AwardReport> Workflow::Award(const Actor& by, std::string_view batch_id,
                                    const IssueFunction& issue) {
  PRAMAAN_RETURN_IF_ERROR(RequireRole(by, Role::kAdministrator, "award"));
  PRAMAAN_ASSIGN_OR_RETURN(store::BatchRow batch, BatchFor(batch_id));
  if (batch.state != store::BatchState::kApproved) {
    return Conflict("batch " + batch.id + " is " +
                    std::string(store::BatchStateName(batch.state)) +
                    "; only an approved batch can be awarded");
  }
  const std::string today = Today(clock_);
  AwardReport report;
  for (const store::ResultRow& row : batch.results) {
    auto not_issued = [&](std::string error) {
      report.not_issued.push_back({row.position, "result " + std::to_string(row.position),
                                   std::move(error)});
    };
    if (!row.passed) {
      not_issued("candidate " + row.candidate_id + " did not pass the assessment");
      continue;
    }
    if (!row.credential_id.empty()) {  // an award interrupted earlier got this far
      report.issued.push_back({row.position, row.candidate_id, row.credential_id});
      continue;
    }
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<Qualification> qualification,
                             FindQualification(row.nqr_code));
    std::string why;
    if (!qualification || !IsAwardable(*qualification, today, &why)) {
      not_issued(qualification ? why : "qualification " + row.nqr_code + " left the catalogue");
      continue;
    }
    PRAMAAN_ASSIGN_OR_RETURN(Json record, AwardRecord(batch, row, *qualification));
    Result<std::string> credential_id = issue(record);
    if (!credential_id.ok()) {
      if (credential_id.error().code() == ErrorCode::kInternal) return credential_id.error();
      not_issued(credential_id.error().message());
      continue;
    }
    PRAMAAN_RETURN_IF_ERROR(store_.SetResultCredential(batch.id, row.position, *credential_id));
    report.issued.push_back({row.position, row.candidate_id, *credential_id});
  }
  Json issued = Json::array();
  for (const AwardedResult& award : report.issued) {
    issued.push_back({{"position", award.position}, {"credential_id", award.credential_id}});
  }
  batch.state = store::BatchState::kAwarded;
  batch.awarded_by = by.name;
  batch.awarded_at = FormatRfc3339(clock_.Now());
  PRAMAAN_RETURN_IF_ERROR(store_.UpdateBatch(
      batch, store::BatchState::kApproved,
      MakeEvent("batch:" + batch.id, "award", by, "",
                {{"issued", std::move(issued)}, {"not_issued", ReportToJson(report.not_issued)}})));
  return report;
}

Result<std::vector<Workflow::Awarded>> Workflow::AwardsFor(std::string_view apaar_id) const {
  std::vector<Awarded> awards;
  if (!ValidateApaarId(apaar_id).ok()) return awards;
  PRAMAAN_ASSIGN_OR_RETURN(auto results, store_.ResultsForApaar(apaar_id));
  for (const auto& [batch_id, row] : results) {
    if (row.credential_id.empty()) continue;
    PRAMAAN_ASSIGN_OR_RETURN(Json result, ParseJson(row.result_json, "result"));
    awards.push_back({row.credential_id, row.nqr_code, GetString(result, "name")});
  }
  return awards;
}

Result<store::BatchRow> Workflow::VisibleBatch(const Actor& by, std::string_view batch_id) const {
  PRAMAAN_ASSIGN_OR_RETURN(store::BatchRow batch, BatchFor(batch_id));
  // Another agency's batch is answered as if it did not exist: a submitter learns nothing of
  // other agencies' batches, not even their ids.
  if (!by.SeesEveryAgency() && (by.agency.empty() || batch.agency != by.agency)) {
    return NotFound("no batch " + Shown(batch_id));
  }
  return batch;
}

Result<store::BatchRow> Workflow::Batch(const Actor& by, std::string_view batch_id) {
  PRAMAAN_ASSIGN_OR_RETURN(store::BatchRow batch, VisibleBatch(by, batch_id));
  PRAMAAN_RETURN_IF_ERROR(store_.AppendEvent(
      MakeEvent("batch:" + batch.id, "read_batch", by, "",
                {{"results", static_cast<int64_t>(batch.results.size())}})));
  return batch;
}

Result<std::vector<store::AwardingEvent>> Workflow::Events(const Actor& by,
                                                           std::string_view batch_id) {
  PRAMAAN_ASSIGN_OR_RETURN(store::BatchRow batch, VisibleBatch(by, batch_id));
  PRAMAAN_RETURN_IF_ERROR(
      store_.AppendEvent(MakeEvent("batch:" + batch.id, "read_log", by, "")));
  return store_.Events("batch:" + batch.id);
}

Result<std::vector<store::BatchRow>> Workflow::Batches(const Actor& by) const {
  if (by.SeesEveryAgency()) return store_.Batches("");
  if (by.agency.empty()) return std::vector<store::BatchRow>();
  return store_.Batches(by.agency);
}

store::AwardingEvent Workflow::MakeEvent(std::string subject, std::string action,
                                         const Actor& actor, std::string reason,
                                         Json detail) const {
  store::AwardingEvent event;
  event.subject = std::move(subject);
  event.action = std::move(action);
  event.actor = actor.name;
  event.at = FormatRfc3339(clock_.Now());
  event.reason = std::move(reason);
  event.detail_json = DumpJson(detail, false);
  return event;
}

Json BatchToJson(const store::BatchRow& batch) {
  Json results = Json::array();
  for (const store::ResultRow& row : batch.results) {
    Json result = Json::parse(row.result_json, nullptr, false);
    Json entry = {{"position", row.position},
                  {"candidate_id", row.candidate_id},
                  {"nqr_code", row.nqr_code},
                  {"passed", row.passed},
                  {"result", result.is_discarded() ? Json() : std::move(result)}};
    if (!row.credential_id.empty()) entry["credential_id"] = row.credential_id;
    results.push_back(std::move(entry));
  }
  // The summary's fields, then what only the whole batch carries.
  Json json = BatchSummaryToJson(batch);
  json["results"] = std::move(results);
  if (!batch.reviewed_at.empty()) json["reviewed_at"] = batch.reviewed_at;
  if (!batch.decision_reason.empty()) json["decision_reason"] = batch.decision_reason;
  Json refused = Json::parse(batch.refused_json, nullptr, false);
  json["refused"] = refused.is_discarded() ? Json::array() : std::move(refused);
  return json;
}

Json BatchSummaryToJson(const store::BatchRow& batch) {
  Json json = {{"id", batch.id},
               {"agency", batch.agency},
               {"state", store::BatchStateName(batch.state)},
               {"submitted_by", batch.submitted_by},
               {"submitted_at", batch.submitted_at}};
  auto add = [&](const char* name, const std::string& value) {
    if (!value.empty()) json[name] = value;
  };
  add("reviewed_by", batch.reviewed_by);
  add("decided_by", batch.decided_by);
  add("decided_at", batch.decided_at);
  add("awarded_by", batch.awarded_by);
  add("awarded_at", batch.awarded_at);
  return json;
}

Json EventToJson(const store::AwardingEvent& event) {
  Json detail = Json::parse(event.detail_json, nullptr, false);
  return {{"seq", event.seq},       {"subject", event.subject}, {"action", event.action},
          {"actor", event.actor},   {"at", event.at},           {"reason", event.reason},
          {"detail", detail.is_discarded() ? Json::object() : std::move(detail)}};
}

Json ReportToJson(const std::vector<RecordError>& errors) {
  Json json = Json::array();
  for (const RecordError& error : errors) {
    json.push_back({{"position", error.position}, {"where", error.where}, {"error", error.error}});
  }
  return json;
}

IssueFunction IssueThrough(IssuanceService& service, const Actor& by,
                           std::function<Status(const Issuance&)> on_issued) {
  return [&service, requester = Requester{"awarding:" + by.name},
          on_issued = std::move(on_issued)](const Json& record) -> Result<std::string> {
    PRAMAAN_ASSIGN_OR_RETURN(Issuance issued, service.IssueRecord(record, requester));
    if (on_issued) PRAMAAN_RETURN_IF_ERROR(on_issued(issued));
    return issued.stored.id;
  };
}

}  // namespace pramaan::awarding
