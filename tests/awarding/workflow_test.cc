// The awarding workflow's rules without a server (awarding/workflow.h): on a SQLite awarding
// store, with a fixed clock and an issue function the tests control.
#include "awarding/workflow.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <set>
#include <utility>
#include <vector>
#include <memory>
#include <string>

#include "api/award_runner.h"
#include "core/time/clock.h"
#include "store/awarding_store.h"
#include "store/registry.h"
#include "tests/test_support.h"

namespace pramaan::awarding {
namespace {

constexpr char kCode[] = "QG-05-GE-01234-2024-V1.0-NCVET";
constexpr char kOther[] = "QG-06-AI-00077-2025-V1.0-NCVET";

Json Entry(const std::string& candidate, const std::string& apaar,
            const std::string& code = kCode) {
  return {{"candidate_id", candidate}, {"name", "Candidate " + candidate},
          {"apaar_id", apaar},         {"nqr_code", code},
          {"assessment_date", "2026-10-20"}, {"result", "pass"}};
}

std::string Submission(const Json& results) {
  return DumpJson(Json{{"agency", "Agency"}, {"results", results}}, false);
}

class WorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenSqliteAwardingStore(dir_ / "registry.sqlite");
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    store_ = std::move(opened).value();
    auto registry = store::OpenSqliteRegistry(dir_ / "registry.sqlite");
    ASSERT_TRUE(registry.ok()) << registry.error().message();
    registry_ = std::move(registry).value();
    workflow_ = std::make_unique<Workflow>(*store_, clock_, AwardingBody{"Body", "AB-1"});
    auto token = workflow_->AddUser(nullptr, "admin", {Role::kAdministrator});
    ASSERT_TRUE(token.ok()) << token.error().message();
    admin_ = *workflow_->Authenticate(*token);
    clerk_ = Make("clerk", Role::kSubmitter);
    checker_ = Make("checker", Role::kApprover);
    const std::string catalogue = std::string("[") +
        R"({"nqr_code": ")" + kCode + R"(", "title": "Public Service Delivery Associate",
            "title_hi": "लोक सेवा वितरण सहयोगी", "nsqf_level": 5, "notional_hours": 360,
            "sector": "Public Administration", "version": "1.0", "valid_from": "2024-01-01"},
           {"nqr_code": ")" + kOther + R"(", "title": "AI-led Digital Transformation Associate",
            "title_hi": "एआई-आधारित डिजिटल परिवर्तन सहयोगी", "nsqf_level": 6,
            "notional_hours": 45, "sector": "Digital Governance", "version": "1.0",
            "valid_from": "2025-01-01"}])";
    auto imported = workflow_->ImportCatalogue(admin_, catalogue, InputFormat::kJson, "cat");
    ASSERT_TRUE(imported.ok()) << imported.error().message();
    ASSERT_EQ(imported->imported, 2);
  }

  // A user with one role; a submitter belongs to `agency`.
  Actor Make(const std::string& name, Role role, const std::string& agency = "Agency") {
    auto token =
        workflow_->AddUser(&admin_, name, {role}, role == Role::kSubmitter ? agency : "");
    EXPECT_TRUE(token.ok());
    auto actor = workflow_->Authenticate(token.ok() ? *token : "");
    EXPECT_TRUE(actor.ok());
    return actor.ok() ? *actor : Actor{};
  }

  // Submits, reviews and approves `results`; returns the batch id.
  std::string Approved(const Json& results) {
    auto report = workflow_->Submit(clerk_, "", Submission(results), InputFormat::kJson, "r");
    EXPECT_TRUE(report.ok() && !report->batch_id.empty());
    if (!report.ok()) return "";
    EXPECT_TRUE(workflow_->Review(checker_, report->batch_id).ok());
    EXPECT_TRUE(workflow_->Approve(checker_, report->batch_id, "").ok());
    return report->batch_id;
  }

  // An issue function that stores a stand-in credential in the registry (results reference
  // it), hands out its id and remembers every record it was given.
  IssueFunction Recorder() {
    return [this](const Json& record) -> Result<std::string> {
      const std::string source = record["source_record_id"].get<std::string>();
      issued_[source] = record;
      const std::string id = "cred-" + std::to_string(issued_.size());
      PRAMAAN_RETURN_IF_ERROR(
          registry_->Put({id, source, "{}", "2026-11-23T09:00:00Z", "", "", {}, {}}));
      return id;
    };
  }

  testing::TempDir dir_{"pramaan-workflow"};
  FixedClock clock_{testing::At("2026-11-23T09:00:00Z")};
  std::unique_ptr<store::AwardingStore> store_;
  std::unique_ptr<store::Registry> registry_;
  std::unique_ptr<Workflow> workflow_;
  Actor admin_, clerk_, checker_;
  std::map<std::string, Json> issued_;
};

TEST_F(WorkflowTest, TheAwardRecordCarriesTheCatalogueEntryAndTheApprovals) {
  const std::string batch = Approved(Json::array({Entry("c1", "111122223333", kOther)}));
  auto report = workflow_->Award(admin_, batch, Recorder());
  ASSERT_TRUE(report.ok()) << report.error().message();
  ASSERT_EQ(issued_.size(), 1u);
  const Json& record = issued_.begin()->second;
  EXPECT_EQ(record["record_type"], "ncvet_qualification");
  EXPECT_EQ(record["source_record_id"], "award:" + batch + ":1");
  EXPECT_EQ(record["qualification"]["nqr_code"], kOther);
  EXPECT_EQ(record["qualification"]["nsqf_level"], 6);
  EXPECT_EQ(record["qualification"]["notional_hours"], 45);
  EXPECT_EQ(record["qualification"]["credits"], 1.5);  // 45 hours / 30
  EXPECT_EQ(record["approvals"]["submitted_by"], "clerk");
  EXPECT_EQ(record["approvals"]["approved_by"], "checker");
  EXPECT_EQ(record["awarding_body"]["ncvet_recognition_id"], "AB-1");
  EXPECT_EQ(record["learner"]["apaar_id"], "111122223333");
  auto stored = workflow_->Batch(admin_, batch);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->state, store::BatchState::kAwarded);
  EXPECT_EQ(stored->results[0].credential_id, "cred-1");
}

TEST_F(WorkflowTest, AQualificationRetiredAfterApprovalIsNotAwarded) {
  const std::string batch = Approved(
      Json::array({Entry("c1", "111122223333", kCode), Entry("c2", "222233334444", kOther)}));
  ASSERT_TRUE(workflow_->RetireQualification(admin_, kCode, "replaced by version 2").ok());
  auto report = workflow_->Award(admin_, batch, Recorder());
  ASSERT_TRUE(report.ok()) << report.error().message();
  ASSERT_EQ(report->issued.size(), 1u);
  EXPECT_EQ(report->issued[0].candidate_id, "c2");
  ASSERT_EQ(report->not_issued.size(), 1u);
  EXPECT_NE(report->not_issued[0].error.find("retired"), std::string::npos);
  // Retirement is final.
  auto again = workflow_->RetireQualification(admin_, kCode, "twice");
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
}

TEST_F(WorkflowTest, AnInterruptedAwardResumesWithoutIssuingTwice) {
  const std::string batch = Approved(Json::array(
      {Entry("c1", "111122223333"), Entry("c2", "222233334444"), Entry("c3", "333344445555")}));
  int calls = 0;
  auto failing = [&](const Json& record) -> Result<std::string> {
    if (++calls == 2) return Internal("the disk is full");
    return Recorder()(record);
  };
  auto first = workflow_->Award(admin_, batch, failing);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code(), ErrorCode::kInternal);
  auto half = workflow_->Batch(admin_, batch);
  ASSERT_TRUE(half.ok());
  EXPECT_EQ(half->state, store::BatchState::kApproved);  // not awarded yet
  EXPECT_EQ(half->results[0].credential_id, "cred-1");
  EXPECT_EQ(half->results[1].credential_id, "");

  auto second = workflow_->Award(admin_, batch, Recorder());
  ASSERT_TRUE(second.ok()) << second.error().message();
  EXPECT_EQ(second->issued.size(), 3u);
  EXPECT_EQ(issued_.size(), 3u);  // c1 was not handed over again
}

// Issue 21: the console's awards run in the background, one at a time per server; a failed
// one says why and leaves the batch approved; a runner destroyed mid-award stops after the
// result in hand, and awarding again goes on from there.
TEST_F(WorkflowTest, TheAwardRunnerAwardsInTheBackgroundOneAtATime) {
  const std::string batch = Approved(Json::array({Entry("c1", "111122223333")}));
  const std::string other = Approved(Json::array({Entry("c2", "222233334444")}));
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  api::AwardRunner runner;
  ASSERT_TRUE(runner
                  .Start(*workflow_,
                         [&, released](const Json& record) -> Result<std::string> {
                           released.wait();
                           return Recorder()(record);
                         },
                         admin_, batch)
                  .ok());
  EXPECT_TRUE(runner.Running(batch));
  EXPECT_FALSE(runner.Running(other));
  const Status second = runner.Start(*workflow_, Recorder(), admin_, other);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), ErrorCode::kConflict);
  release.set_value();
  runner.Wait();
  EXPECT_FALSE(runner.Running(batch));
  EXPECT_EQ(runner.Failure(batch), "");
  EXPECT_EQ(workflow_->Batch(admin_, batch)->state, store::BatchState::kAwarded);

  // A failure is kept for the page, and the batch stays approved.
  ASSERT_TRUE(runner
                  .Start(*workflow_,
                         [](const Json&) -> Result<std::string> {
                           return Internal("the disk is full");
                         },
                         admin_, other)
                  .ok());
  runner.Wait();
  EXPECT_NE(runner.Failure(other).find("the disk is full"), std::string::npos);
  EXPECT_EQ(workflow_->Batch(admin_, other)->state, store::BatchState::kApproved);
}

TEST_F(WorkflowTest, AnAwardRunnerStoppedMidAwardLeavesTheRestForTheNextAward) {
  const std::string batch = Approved(Json::array(
      {Entry("c1", "111122223333"), Entry("c2", "222233334444"), Entry("c3", "333344445555")}));
  std::promise<void> first_taken;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> calls{0};
  auto runner = std::make_unique<api::AwardRunner>();
  ASSERT_TRUE(runner
                  ->Start(*workflow_,
                          [&, released](const Json& record) -> Result<std::string> {
                            if (++calls == 1) {
                              first_taken.set_value();
                              released.wait();
                            }
                            return Recorder()(record);
                          },
                          admin_, batch)
                  .ok());
  first_taken.get_future().wait();
  // Asked to stop while the first result is being issued (as the destructor asks), it lets
  // that one finish and issues no other.
  runner->RequestStop();
  release.set_value();
  runner.reset();
  EXPECT_EQ(calls.load(), 1) << "no result was issued after the stop";
  auto half = workflow_->Batch(admin_, batch);
  ASSERT_TRUE(half.ok());
  EXPECT_EQ(half->state, store::BatchState::kApproved);
  EXPECT_EQ(half->results[0].credential_id, "cred-1");
  auto rest = workflow_->Award(admin_, batch, Recorder());
  ASSERT_TRUE(rest.ok()) << rest.error().message();
  EXPECT_EQ(rest->issued.size(), 3u);
}

TEST_F(WorkflowTest, ARecordTheIssuerRefusesIsListedAndTheRestAreAwarded) {
  const std::string batch =
      Approved(Json::array({Entry("c1", "111122223333"), Entry("c2", "222233334444")}));
  auto refusing = [&](const Json& record) -> Result<std::string> {
    if (record["learner"]["id"] == "c1") return InvalidInput("learner.name is too long");
    return Recorder()(record);
  };
  auto report = workflow_->Award(admin_, batch, refusing);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->not_issued.size(), 1u);
  EXPECT_EQ(report->not_issued[0].error, "learner.name is too long");
  EXPECT_EQ(report->issued.size(), 1u);
}

TEST_F(WorkflowTest, ResultsAreCheckedOneByOne) {
  Json future = Entry("c2", "222233334444");
  future["assessment_date"] = "2026-11-24";  // tomorrow, by the fixed clock
  Json marks = Entry("c3", "333344445555");
  marks["marks"] = 120;
  marks["max_marks"] = 100;
  Json unknown = Entry("c4", "444455556666");
  unknown["score"] = 3;
  Json not_yet = Entry("c5", "555566667777", kOther);
  not_yet["assessment_date"] = "2024-06-01";  // before the qualification's valid_from
  Json outcome = Entry("c6", "666677778888");
  outcome["result"] = "absent";
  auto report = workflow_->Submit(
      clerk_, "", Submission(Json::array({Entry("c1", "111122223333"), future, marks, unknown,
                                          not_yet, outcome})),
      InputFormat::kJson, "r");
  ASSERT_TRUE(report.ok()) << report.error().message();
  EXPECT_EQ(report->accepted, 1);
  std::map<int64_t, std::string> refused;
  for (const RecordError& error : report->refused) refused[error.position] = error.error;
  ASSERT_EQ(refused.size(), 5u);
  EXPECT_NE(refused[2].find("future"), std::string::npos) << refused[2];
  EXPECT_NE(refused[3].find("max_marks"), std::string::npos) << refused[3];
  EXPECT_NE(refused[4].find("score"), std::string::npos) << refused[4];
  EXPECT_NE(refused[5].find("2025-01-01"), std::string::npos) << refused[5];
  EXPECT_NE(refused[6].find("pass"), std::string::npos) << refused[6];

  // A candidate already passed in a batch still in the workflow is a duplicate in the next.
  auto again = workflow_->Submit(clerk_, "", Submission(Json::array({Entry("c9", "111122223333")})),
                                 InputFormat::kJson, "r2");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->batch_id.empty());
  ASSERT_EQ(again->refused.size(), 1u);
  EXPECT_NE(again->refused[0].error.find("already has a passed result"), std::string::npos);
}

TEST_F(WorkflowTest, ACsvWithAnUnknownColumnIsRefusedWhole) {
  const std::string csv =
      "candidate_id,name,apaar_id,nqr_code,assessment_date,result,remarks\n"
      "c1,Asha,111122223333," + std::string(kCode) + ",2026-10-20,pass,good\n";
  auto report = workflow_->Submit(clerk_, "Agency", csv, InputFormat::kCsv, "results.csv");
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message().find("remarks"), std::string::npos);
  EXPECT_TRUE(store_->Events("").ok());
}

TEST_F(WorkflowTest, OnlyAnAdministratorAddsUsersOnceThereIsOne) {
  EXPECT_EQ(workflow_->AddUser(nullptr, "second-admin", {Role::kAdministrator}).error().code(),
            ErrorCode::kPermission);
  EXPECT_EQ(workflow_->AddUser(&clerk_, "friend", {Role::kApprover}).error().code(),
            ErrorCode::kPermission);
  EXPECT_EQ(workflow_->AddUser(&admin_, "bad name!", {Role::kApprover}).error().code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(workflow_->AddUser(&admin_, "nobody", {}).error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(workflow_->Authenticate("pramaan_award_guess").error().code(), ErrorCode::kPermission);
}

// --- Agencies (issue 17) ------------------------------------------------------------------------

// Issue 21: a console session begins with a user's token, ends after the idle timeout, on
// sign-out, or when the user is disabled; its CSRF token is its own.
TEST_F(WorkflowTest, ConsoleSessionsEndWhenIdleSignedOutOrDisabled) {
  testing::MovableClock clock(testing::At("2026-11-23T09:00:00Z"));
  Workflow console(*store_, clock, AwardingBody{"Body", "AB-1"});
  auto token = console.AddUser(&admin_, "checker2", {Role::kApprover});
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(console.SignIn("pramaan_award_wrong").error().code(), ErrorCode::kPermission);
  auto secret = console.SignIn(*token);
  ASSERT_TRUE(secret.ok()) << secret.error().message();
  EXPECT_NE(*secret, *token);
  constexpr std::chrono::seconds kIdle{1800};
  auto actor = console.SessionActor(*secret, kIdle);
  ASSERT_TRUE(actor.ok()) << actor.error().message();
  EXPECT_EQ(actor->name, "checker2");
  EXPECT_EQ(actor->roles, std::vector<Role>{Role::kApprover});
  // Used within the timeout, it stays open: the timeout counts from the last use.
  clock.Advance(std::chrono::seconds(1700));
  ASSERT_TRUE(console.SessionActor(*secret, kIdle).ok());
  clock.Advance(std::chrono::seconds(1700));
  ASSERT_TRUE(console.SessionActor(*secret, kIdle).ok());
  clock.Advance(std::chrono::seconds(1801));
  auto idle = console.SessionActor(*secret, kIdle);
  ASSERT_FALSE(idle.ok());
  EXPECT_NE(idle.error().message().find("sign in again"), std::string::npos);
  EXPECT_FALSE(console.SessionActor(*secret, kIdle).ok());  // ended for good

  auto second = console.SignIn(*token);
  ASSERT_TRUE(second.ok());
  EXPECT_NE(Workflow::CsrfToken(*second), Workflow::CsrfToken(*secret));
  EXPECT_EQ(Workflow::CsrfToken(*second), Workflow::CsrfToken(*second));
  ASSERT_TRUE(console.SignOut(*second).ok());
  ASSERT_TRUE(console.SignOut(*second).ok());
  EXPECT_FALSE(console.SessionActor(*second, kIdle).ok());

  // A new token ends the sessions signed in with the old one (a leaked token is renewed).
  auto leaked = console.SignIn(*token);
  ASSERT_TRUE(leaked.ok());
  auto renewed = console.NewToken(admin_, "checker2");
  ASSERT_TRUE(renewed.ok());
  EXPECT_FALSE(console.SessionActor(*leaked, kIdle).ok());
  token = renewed;

  auto third = console.SignIn(*token);
  ASSERT_TRUE(third.ok());
  ASSERT_TRUE(console.DisableUser(admin_, "checker2").ok());
  EXPECT_FALSE(console.SessionActor(*third, kIdle).ok());
  EXPECT_FALSE(console.SessionActor("", kIdle).ok());
  auto events = store_->Events("user:checker2");
  ASSERT_TRUE(events.ok());
  std::vector<std::string> actions;
  for (const store::AwardingEvent& event : *events) actions.push_back(event.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"add_user", "sign_in", "sign_in", "sign_out",
                                               "sign_in", "new_token", "sign_in",
                                               "disable_user"}));
}

// Issue 21: an administrator disables a user (whose token then signs nothing in) or gives a
// user a new token (the old one stops working); nobody else may, and not on themselves.
TEST_F(WorkflowTest, AnAdministratorDisablesUsersAndGivesNewTokens) {
  auto token = workflow_->AddUser(&admin_, "clerk9", {Role::kSubmitter}, "Agency");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(workflow_->NewToken(clerk_, "clerk9").error().code(), ErrorCode::kPermission);
  auto renewed = workflow_->NewToken(admin_, "clerk9");
  ASSERT_TRUE(renewed.ok()) << renewed.error().message();
  EXPECT_NE(*renewed, *token);
  EXPECT_EQ(workflow_->Authenticate(*token).error().code(), ErrorCode::kPermission);
  ASSERT_TRUE(workflow_->Authenticate(*renewed).ok());

  EXPECT_EQ(workflow_->DisableUser(clerk_, "clerk9").error().code(), ErrorCode::kPermission);
  EXPECT_EQ(workflow_->DisableUser(admin_, "admin").error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(workflow_->DisableUser(admin_, "nobody").error().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(workflow_->DisableUser(admin_, "clerk9").ok());
  ASSERT_TRUE(workflow_->DisableUser(admin_, "clerk9").ok());  // already: nothing changes
  auto refused = workflow_->Authenticate(*renewed);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("disabled"), std::string::npos);
  EXPECT_EQ(workflow_->NewToken(admin_, "clerk9").error().code(), ErrorCode::kInvalidInput);
  auto users = workflow_->Users(admin_);
  ASSERT_TRUE(users.ok());
  for (const store::AwardingUser& user : *users) {
    EXPECT_EQ(user.disabled_at.empty(), user.name != "clerk9") << user.name;
  }
}

TEST_F(WorkflowTest, AddUserFailsForASubmitterWithoutAnAgencyOrAnAgencyForOthers) {
  auto no_agency = workflow_->AddUser(&admin_, "clerk2", {Role::kSubmitter});
  ASSERT_FALSE(no_agency.ok());
  EXPECT_EQ(no_agency.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(no_agency.error().message().find("agency"), std::string::npos);
  EXPECT_EQ(workflow_->AddUser(&admin_, "clerk3", {Role::kSubmitter}, "   ").error().code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(workflow_->AddUser(&admin_, "checker2", {Role::kApprover}, "Agency").error().code(),
            ErrorCode::kInvalidInput);
  // The agency is kept with the user and comes back with the token.
  auto token = workflow_->AddUser(&admin_, "clerk4", {Role::kSubmitter}, "Other Agency");
  ASSERT_TRUE(token.ok()) << token.error().message();
  auto actor = workflow_->Authenticate(*token);
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(actor->agency, "Other Agency");
}

TEST_F(WorkflowTest, SubmitTakesTheSubmittersAgencyAndFailsForAnother) {
  const Json results = Json::array({Entry("c1", "111122223333")});
  // No agency named at all: the submitter's own.
  auto own = workflow_->Submit(
      clerk_, "", DumpJson(Json{{"results", results}}, false), InputFormat::kJson, "r");
  ASSERT_TRUE(own.ok()) << own.error().message();
  auto batch = workflow_->Batch(clerk_, own->batch_id);
  ASSERT_TRUE(batch.ok()) << batch.error().message();
  EXPECT_EQ(batch->agency, "Agency");
  // Another agency, as the argument or in the document: refused, nothing stored.
  for (const auto& [argument, document] :
       {std::pair<std::string, std::string>{"Rival Agency", ""},
        std::pair<std::string, std::string>{"", "Rival Agency"}}) {
    Json body = {{"results", Json::array({Entry("c2", "222233334444")})}};
    if (!document.empty()) body["agency"] = document;
    auto other = workflow_->Submit(clerk_, argument, DumpJson(body, false), InputFormat::kJson, "r");
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().code(), ErrorCode::kPermission);
    EXPECT_NE(other.error().message().find("Rival Agency"), std::string::npos);
  }
  auto all = workflow_->Batches(admin_);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);
}

TEST_F(WorkflowTest, ASubmitterSeesOnlyTheirAgencysBatches) {
  const Actor rival = Make("rival-clerk", Role::kSubmitter, "Rival Agency");
  auto ours = workflow_->Submit(clerk_, "", Submission(Json::array({Entry("c1", "111122223333")})),
                                InputFormat::kJson, "r");
  ASSERT_TRUE(ours.ok() && !ours->batch_id.empty());
  auto theirs = workflow_->Submit(
      rival, "", DumpJson(Json{{"results", Json::array({Entry("c2", "222233334444")})}}, false),
      InputFormat::kJson, "r");
  ASSERT_TRUE(theirs.ok() && !theirs->batch_id.empty()) << theirs.error().message();

  // Read: the other agency's batch is not found, in the same words as an unknown one.
  auto hidden = workflow_->Batch(clerk_, theirs->batch_id);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(hidden.error().message(), "no batch \"" + theirs->batch_id + "\"");
  EXPECT_EQ(workflow_->Events(clerk_, theirs->batch_id).error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(workflow_->Batch(clerk_, ours->batch_id).ok());
  EXPECT_TRUE(workflow_->Batch(rival, theirs->batch_id).ok());

  // List: a submitter's agency's only; approvers and administrators all.
  const auto ids = [](const std::vector<store::BatchRow>& batches) {
    std::set<std::string> set;
    for (const store::BatchRow& batch : batches) set.insert(batch.id);
    return set;
  };
  EXPECT_EQ(ids(*workflow_->Batches(clerk_)), std::set<std::string>{ours->batch_id});
  EXPECT_EQ(ids(*workflow_->Batches(rival)), std::set<std::string>{theirs->batch_id});
  const std::set<std::string> both = {ours->batch_id, theirs->batch_id};
  EXPECT_EQ(ids(*workflow_->Batches(checker_)), both);
  EXPECT_EQ(ids(*workflow_->Batches(admin_)), both);
  EXPECT_TRUE(workflow_->Batch(checker_, theirs->batch_id).ok());
  EXPECT_TRUE(workflow_->Batch(admin_, ours->batch_id).ok());
}

// Issue 21: a batch sent back is corrected by a new one, once; the old one leads to it.
TEST_F(WorkflowTest, ABatchSentBackIsCorrectedByANewOneOnce) {
  const auto submit = [&](const Actor& by, const std::string& candidate, const std::string& apaar) {
    auto report = workflow_->Submit(
        by, "", DumpJson(Json{{"results", Json::array({Entry(candidate, apaar)})}}, false),
        InputFormat::kJson, "r");
    EXPECT_TRUE(report.ok() && !report->batch_id.empty());
    return report.ok() ? report->batch_id : "";
  };
  const std::string old = submit(clerk_, "c1", "111122223333");
  const std::string fixed = submit(clerk_, "c2", "222233334444");
  // Only a batch sent back is corrected.
  EXPECT_EQ(workflow_->Resubmitted(clerk_, old, fixed).error().code(), ErrorCode::kConflict);
  ASSERT_TRUE(workflow_->Review(checker_, old).ok());
  ASSERT_TRUE(workflow_->SendBack(checker_, old, "c1's marks are missing").ok());
  EXPECT_EQ(*workflow_->ResubmittedAs(old), "");
  // Not by an approver, nor by another agency's clerk (who cannot see it).
  EXPECT_EQ(workflow_->Resubmitted(checker_, old, fixed).error().code(), ErrorCode::kPermission);
  const Actor rival = Make("rival-clerk", Role::kSubmitter, "Rival Agency");
  EXPECT_EQ(workflow_->Resubmitted(rival, old, fixed).error().code(), ErrorCode::kNotFound);
  // Nor by a rival who also approves (and so sees every agency's batches), with their own batch.
  auto both_token = workflow_->AddUser(&admin_, "rival-lead", {Role::kSubmitter, Role::kApprover},
                                       "Rival Agency");
  ASSERT_TRUE(both_token.ok());
  const Actor rival_lead = *workflow_->Authenticate(*both_token);
  const std::string theirs = submit(rival_lead, "c9", "999988887777");
  EXPECT_EQ(workflow_->Resubmitted(rival_lead, old, theirs).error().code(), ErrorCode::kNotFound);
  // Nor by a batch that is not the clerk's fresh one (here: the old batch itself).
  EXPECT_EQ(workflow_->Resubmitted(clerk_, old, old).error().code(), ErrorCode::kInvalidInput);
  ASSERT_TRUE(workflow_->Resubmitted(clerk_, old, fixed).ok());
  EXPECT_EQ(*workflow_->ResubmittedAs(old), fixed);
  EXPECT_EQ(*workflow_->ResubmittedAs(fixed), "");
  const std::string third = submit(clerk_, "c3", "333344445555");
  auto again = workflow_->Resubmitted(clerk_, old, third);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
  EXPECT_NE(again.error().message().find("corrected already, by batch " + fixed), std::string::npos);
  // The log of the old batch says so, with who did it.
  auto events = workflow_->Events(admin_, old);
  ASSERT_TRUE(events.ok());
  EXPECT_TRUE(std::any_of(events->begin(), events->end(), [](const store::AwardingEvent& event) {
    return event.action == "resubmit" && event.actor == "clerk";
  }));
}

TEST_F(WorkflowTest, ReadingABatchIsAuditLogged) {
  auto submitted = workflow_->Submit(
      clerk_, "", Submission(Json::array({Entry("c1", "111122223333")})), InputFormat::kJson, "r");
  ASSERT_TRUE(submitted.ok() && !submitted->batch_id.empty());
  const std::string subject = "batch:" + submitted->batch_id;
  ASSERT_TRUE(workflow_->Batch(checker_, submitted->batch_id).ok());
  ASSERT_TRUE(workflow_->Events(clerk_, submitted->batch_id).ok());
  // A refused read (another agency's submitter) is not a read.
  const Actor rival = Make("rival-clerk", Role::kSubmitter, "Rival Agency");
  ASSERT_FALSE(workflow_->Batch(rival, submitted->batch_id).ok());
  auto log = store_->Events(subject);
  ASSERT_TRUE(log.ok());
  std::vector<std::pair<std::string, std::string>> entries;
  for (const store::AwardingEvent& event : *log) entries.emplace_back(event.action, event.actor);
  EXPECT_EQ(entries, (std::vector<std::pair<std::string, std::string>>{
                         {"submit", "clerk"}, {"read_batch", "checker"}, {"read_log", "clerk"}}));
  // Listing shows no personal data and is not logged.
  ASSERT_TRUE(workflow_->Batches(checker_).ok());
  EXPECT_EQ(store_->Events(subject)->size(), 3u);
}

TEST_F(WorkflowTest, ASubmitterWithoutAnAgencySubmitsNothingAndSeesNothing) {
  // A user added before agencies were kept has none.
  const Actor legacy{"old-clerk", {Role::kSubmitter}, ""};
  auto submitted = workflow_->Submit(legacy, "Agency",
                                     Submission(Json::array({Entry("c1", "111122223333")})),
                                     InputFormat::kJson, "r");
  ASSERT_FALSE(submitted.ok());
  EXPECT_EQ(submitted.error().code(), ErrorCode::kPermission);
  auto ours = workflow_->Submit(clerk_, "", Submission(Json::array({Entry("c1", "111122223333")})),
                                InputFormat::kJson, "r");
  ASSERT_TRUE(ours.ok());
  EXPECT_EQ(workflow_->Batch(legacy, ours->batch_id).error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(workflow_->Batches(legacy)->empty());
}

}  // namespace
}  // namespace pramaan::awarding
