#include "api/vc_api_result.h"

#include <utility>

#include "core/json/json_text.h"

namespace pramaan::api {
namespace {

std::string ProblemType(const Check& check) {
  return std::string(kProblemBase) + check.id + "-check-failed";
}
std::string ProblemTitle(const Check& check) { return "The " + check.id + " check failed"; }
std::string Sentence(const Check& check) { return check.id + ": " + check.detail; }

// Appends `items` (each written by `append`) as a JSON array.
template <typename Append>
void AppendArray(const std::vector<Check>& checks, bool (*selected)(const Check&), Append append,
                 std::string* out) {
  out->push_back('[');
  bool first = true;
  for (const Check& check : checks) {
    if (!selected(check)) continue;
    if (!first) out->push_back(',');
    first = false;
    append(check);
  }
  out->push_back(']');
}

bool NotMade(const Check& check) { return !check.checked; }
bool Made(const Check& check) { return check.checked; }
bool Failed(const Check& check) { return check.checked && !check.passed; }

}  // namespace

Json VcApiResult(const VerificationReport& report, CredentialState state,
                 std::vector<std::string> warnings) {
  Json checks = Json::array();
  Json errors = Json::array();
  Json problems = Json::array();
  for (const Check& check : report.checks()) {
    if (!check.checked) {
      warnings.push_back(Sentence(check));
      continue;
    }
    checks.push_back(check.id);
    if (check.passed) continue;
    errors.push_back(Sentence(check));
    problems.push_back(
        {{"type", ProblemType(check)}, {"title", ProblemTitle(check)}, {"detail", check.detail}});
  }
  Json result = Json::object();
  result["verified"] = report.verified();
  result["status"] = StateName(state);
  result["checks"] = std::move(checks);
  result["warnings"] = std::move(warnings);
  result["errors"] = std::move(errors);
  result["problemDetails"] = std::move(problems);
  Json full_report = report.ToJson();
  result["report"] = std::move(full_report["checks"]);
  return result;
}

std::string VcApiResultText(const VerificationReport& report, CredentialState state) {
  const std::vector<Check>& checks = report.checks();
  std::string out;
  out.reserve(256 + 160 * checks.size());
  out += report.verified() ? "{\"verified\":true,\"status\":" : "{\"verified\":false,\"status\":";
  AppendJsonString(StateName(state), &out);
  out += ",\"checks\":";
  AppendArray(checks, Made, [&](const Check& check) { AppendJsonString(check.id, &out); }, &out);
  out += ",\"warnings\":";
  AppendArray(checks, NotMade, [&](const Check& check) { AppendJsonString(Sentence(check), &out); },
              &out);
  out += ",\"errors\":";
  AppendArray(checks, Failed, [&](const Check& check) { AppendJsonString(Sentence(check), &out); },
              &out);
  out += ",\"problemDetails\":";
  AppendArray(
      checks, Failed,
      [&](const Check& check) {
        out += "{\"type\":";
        AppendJsonString(ProblemType(check), &out);
        out += ",\"title\":";
        AppendJsonString(ProblemTitle(check), &out);
        out += ",\"detail\":";
        AppendJsonString(check.detail, &out);
        out.push_back('}');
      },
      &out);
  out += ",\"report\":";
  AppendArray(
      checks, [](const Check&) { return true; },
      [&](const Check& check) { VerificationReport::AppendCheckJson(check, &out); }, &out);
  out.push_back('}');
  return out;
}

}  // namespace pramaan::api
