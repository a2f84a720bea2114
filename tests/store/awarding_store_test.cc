// The awarding store (store/awarding_store.h), one suite run against every backend: SQLite (a
// file in a temporary directory) and PostgreSQL (a fresh schema in the test run's database on
// the process's private server, tests/store/postgres_server.h). A state change is a
// compare-and-set with its event in the same transaction, also between two stores racing;
// what is refused changes nothing, with the same code and sentence on both; every column
// reads back as written. Then what each backend promises alone: its audit log cannot be
// changed behind the store's back, and (PostgreSQL) a dropped connection is replaced.
#include "store/awarding_store.h"

#include <gtest/gtest.h>

#include <barrier>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store/registry.h"
#include "tests/store/postgres_test_support.h"
#include "tests/store/registry_test_support.h"
#include "tests/store/sqlite_test_support.h"

namespace pramaan::store {
namespace {

constexpr std::string_view kNqrCode = "QG-05-GE-01234-2024-V1.0-NCVET";
constexpr std::string_view kApaarId = "111122223333";

AwardingEvent Event(std::string subject, std::string action) {
  AwardingEvent event;
  event.subject = std::move(subject);
  event.action = std::move(action);
  event.actor = "tester";
  event.at = "2026-11-23T10:00:00Z";
  return event;
}

// A store on a fresh registry of one backend, with one qualification in its catalogue.
class AwardingStoreTestBase : public ::testing::Test {
 protected:
  void OpenOn(const std::string& backend) {
    if (backend == "sqlite") {
      location_ = (dir_.path() / "registry.sqlite").string();
    } else {
      Status created = schema_.Create();
      ASSERT_TRUE(created.ok()) << created.error().message();
      location_ = schema_.url();
    }
    store_ = OpenOrFail();
    ASSERT_NE(store_, nullptr);
    Status put =
        store_->PutQualification({std::string(kNqrCode), "{}", true, "2026-11-23T10:00:00Z"},
                                 Event("qualification:Q", "add_qualification"));
    ASSERT_TRUE(put.ok()) << put.error().message();
  }

  void TearDown() override { store_.reset(); }  // before schema_ drops its tables

  // Another store on the same file or database: what a second process would open.
  std::unique_ptr<AwardingStore> OpenOrFail() {
    auto opened = OpenAwardingStore(location_);
    EXPECT_TRUE(opened.ok()) << opened.error().message();
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  // Batch `id` of one passed result for kApaarId.
  static BatchRow Batch(const std::string& id) {
    BatchRow batch;
    batch.id = id;
    batch.agency = "Agency";
    batch.submitted_by = "clerk";
    batch.submitted_at = "2026-11-23T10:00:00Z";
    ResultRow result;
    result.position = 1;
    result.candidate_id = "c1";
    result.apaar_id = std::string(kApaarId);
    result.nqr_code = std::string(kNqrCode);
    result.passed = true;
    result.result_json = "{}";
    batch.results.push_back(result);
    return batch;
  }

  void CreateOrFail(const BatchRow& batch) {
    Status created = store_->CreateBatch(batch, Event("batch:" + batch.id, "submit"));
    ASSERT_TRUE(created.ok()) << created.error().message();
  }

  size_t EventCount() {
    auto events = store_->Events("");
    EXPECT_TRUE(events.ok()) << events.error().message();
    return events.ok() ? events->size() : 0;
  }

  testing::TempDir dir_{"pramaan-awarding-store"};
  testing::TestSchema schema_;  // PostgreSQL: this test's schema in the test run's database
  std::string location_;
  std::unique_ptr<AwardingStore> store_;
};

class AwardingStoreTest : public AwardingStoreTestBase,
                          public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override { OpenOn(GetParam()); }
};

// "sqlite" and "postgresql" in the test names.
std::string BackendName(const ::testing::TestParamInfo<std::string>& backend) {
  return backend.param;
}

INSTANTIATE_TEST_SUITE_P(Backends, AwardingStoreTest, ::testing::Values("sqlite", "postgresql"),
                         BackendName);

TEST_P(AwardingStoreTest, AStepIsTakenOnceFromTheStateItStartsFrom) {
  CreateOrFail(Batch("b2"));
  BatchRow reviewed = Batch("b2");
  reviewed.state = BatchState::kInReview;
  reviewed.reviewed_by = "checker";
  reviewed.reviewed_at = "2026-11-23T10:01:00Z";
  ASSERT_TRUE(
      store_->UpdateBatch(reviewed, BatchState::kSubmitted, Event("batch:b2", "review")).ok());
  // A second reviewer acting on the state they read earlier comes second: refused, no event.
  const Status again =
      store_->UpdateBatch(reviewed, BatchState::kSubmitted, Event("batch:b2", "review"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(again.error().message(), "batch b2 is in_review, not submitted");
  auto events = store_->Events("batch:b2");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].action, "review");
  auto batch = store_->Batch("b2");
  ASSERT_TRUE(batch.ok() && batch->has_value());
  EXPECT_EQ((*batch)->state, BatchState::kInReview);
  EXPECT_EQ((*batch)->reviewed_by, "checker");
  ASSERT_EQ((*batch)->results.size(), 1u);
  EXPECT_EQ((*batch)->results[0].apaar_id, kApaarId);

  const Status unknown =
      store_->UpdateBatch(Batch("nope"), BatchState::kSubmitted, Event("batch:nope", "review"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().message(), "no batch 'nope'");
  EXPECT_EQ(EventCount(), 3u);  // the qualification, the submission and one review
}

TEST_P(AwardingStoreTest, TwoStoresRacingForOneStepTakeItOnce) {
  // Two stores on one registry: two processes, each with its own connection.
  std::unique_ptr<AwardingStore> other = OpenOrFail();
  ASSERT_NE(other, nullptr);
  constexpr int kRounds = 8;
  for (int round = 0; round < kRounds; ++round) CreateOrFail(Batch("race" + std::to_string(round)));

  std::barrier start(2);
  std::vector<Status> outcomes[2];
  auto review = [&](int side, AwardingStore* store) {
    for (int round = 0; round < kRounds; ++round) {
      BatchRow reviewed = Batch("race" + std::to_string(round));
      reviewed.state = BatchState::kInReview;
      reviewed.reviewed_by = "checker" + std::to_string(side);
      reviewed.reviewed_at = "2026-11-23T10:01:00Z";
      const AwardingEvent event = Event("batch:" + reviewed.id, "review");
      start.arrive_and_wait();
      outcomes[side].push_back(store->UpdateBatch(reviewed, BatchState::kSubmitted, event));
    }
  };
  std::thread first(review, 0, store_.get());
  std::thread second(review, 1, other.get());
  first.join();
  second.join();

  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const Status& a = outcomes[0][static_cast<size_t>(round)];
    const Status& b = outcomes[1][static_cast<size_t>(round)];
    ASSERT_NE(a.ok(), b.ok()) << (a.ok() ? "" : a.error().message())
                              << (b.ok() ? "" : b.error().message());
    EXPECT_EQ((a.ok() ? b : a).error().code(), ErrorCode::kConflict);
    const std::string id = "race" + std::to_string(round);
    auto batch = other->Batch(id);
    ASSERT_TRUE(batch.ok() && batch->has_value());
    EXPECT_EQ((*batch)->reviewed_by, a.ok() ? "checker0" : "checker1");
    auto events = store_->Events("batch:" + id);
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(events->size(), 2u);  // the submission and the one review that was taken
  }
}

TEST_P(AwardingStoreTest, OnlyTheFirstUserIsAddedWithoutAnAdministrator) {
  ASSERT_TRUE(store_
                  ->AddFirstUser({"root", {"administrator"}, "2026-11-23T10:00:00Z"}, "digest-r",
                                 Event("user:root", "add_user"))
                  .ok());
  const Status second = store_->AddFirstUser({"other", {"administrator"}, "2026-11-23T10:00:00Z"},
                                             "digest-o", Event("user:other", "add_user"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), ErrorCode::kPermission);
  auto users = store_->Users();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ((*users)[0].name, "root");
  EXPECT_EQ(EventCount(), 2u);  // the qualification and root
}

TEST_P(AwardingStoreTest, RefusedWritesChangeNothing) {
  ASSERT_TRUE(store_
                  ->AddUser({"alice", {"submitter"}, "2026-11-23T10:00:00Z"}, "digest-1",
                            Event("user:alice", "add_user"))
                  .ok());
  // The same name, or the same token digest: refused, and no event is logged for them.
  const Status same_name = store_->AddUser({"alice", {"approver"}, "2026-11-23T10:00:00Z"},
                                           "digest-2", Event("user:alice", "add_user"));
  ASSERT_FALSE(same_name.ok());
  EXPECT_EQ(same_name.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(same_name.error().message(), "a user named 'alice' already exists");
  const Status same_digest = store_->AddUser({"bob", {"approver"}, "2026-11-23T10:00:00Z"},
                                             "digest-1", Event("user:bob", "add_user"));
  ASSERT_FALSE(same_digest.ok());
  EXPECT_EQ(same_digest.error().code(), ErrorCode::kInvalidInput);
  auto user = store_->UserByTokenDigest("digest-1");
  ASSERT_TRUE(user.ok() && user->has_value());
  EXPECT_EQ((*user)->name, "alice");
  EXPECT_EQ((*user)->roles, std::vector<std::string>{"submitter"});
  EXPECT_EQ(EventCount(), 2u);  // the qualification and alice

  // A batch whose result names a qualification not in the catalogue: nothing of it is stored.
  BatchRow bad = Batch("b3");
  bad.results[0].nqr_code = "QG-05-GE-99999-2024-V1-NCVET";
  const Status unknown_qualification = store_->CreateBatch(bad, Event("batch:b3", "submit"));
  ASSERT_FALSE(unknown_qualification.ok());
  EXPECT_EQ(unknown_qualification.error().code(), ErrorCode::kInvalidInput);
  auto missing = store_->Batch("b3");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  // Two results at one position: the batch row written before them is rolled back too.
  BatchRow twice = Batch("b3");
  twice.results.push_back(twice.results[0]);
  EXPECT_EQ(store_->CreateBatch(twice, Event("batch:b3", "submit")).error().code(),
            ErrorCode::kInvalidInput);
  missing = store_->Batch("b3");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  // An event without an actor is refused before anything is written.
  AwardingEvent anonymous = Event("batch:b4", "submit");
  anonymous.actor.clear();
  EXPECT_EQ(store_->CreateBatch(Batch("b4"), anonymous).error().code(), ErrorCode::kInvalidInput);
  AwardingEvent local_time = Event("batch:b4", "submit");
  local_time.at = "2026-11-23T15:30:00+05:30";
  EXPECT_EQ(store_->CreateBatch(Batch("b4"), local_time).error().code(), ErrorCode::kInvalidInput);

  // A batch id taken: refused with the same sentence on every backend.
  CreateOrFail(Batch("b5"));
  const Status taken = store_->CreateBatch(Batch("b5"), Event("batch:b5", "submit"));
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(taken.error().message(), "batch 'b5' already exists");
  EXPECT_EQ(EventCount(), 3u);  // and b5's submission
}

TEST_P(AwardingStoreTest, TextThatCannotBeStoredIsRefusedAndMatchesNothing) {
  ASSERT_TRUE(store_
                  ->AddUser({"alice", {"submitter"}, "2026-11-23T10:00:00Z"}, "digest-1",
                            Event("user:alice", "add_user"))
                  .ok());
  CreateOrFail(Batch("b1"));
  const std::string nul("\0", 1);
  const std::string not_utf8 = "\xff\xfe";

  const std::vector<std::pair<std::string, Status>> refused = {
      {"a NUL in a user name",
       store_->AddUser({"mallory" + nul, {"submitter"}, "2026-11-23T10:00:00Z"}, "digest-2",
                       Event("user:mallory", "add_user"))},
      {"a NUL in a token digest",
       store_->AddUser({"mallory", {"submitter"}, "2026-11-23T10:00:00Z"}, "digest-1" + nul + "x",
                       Event("user:mallory", "add_user"))},
      {"a role holding a comma",
       store_->AddUser({"mallory", {"submitter,administrator"}, "2026-11-23T10:00:00Z"}, "digest-3",
                       Event("user:mallory", "add_user"))},
      {"a qualification that is not UTF-8",
       store_->PutQualification({std::string(kNqrCode), "{\"title\":\"" + not_utf8 + "\"}", true,
                                 "2026-11-23T10:00:00Z"},
                                Event("qualification:Q", "update_qualification"))},
      {"an agency with a NUL",
       [&] {
         BatchRow batch = Batch("b2");
         batch.agency = "Agency" + nul;
         return store_->CreateBatch(batch, Event("batch:b2", "submit"));
       }()},
      {"an APAAR id that is not UTF-8",
       [&] {
         BatchRow batch = Batch("b2");
         batch.results[0].apaar_id = std::string(kApaarId) + not_utf8;
         return store_->CreateBatch(batch, Event("batch:b2", "submit"));
       }()},
      {"a reason with a NUL",
       [&] {
         BatchRow sent_back = Batch("b1");
         sent_back.state = BatchState::kSentBack;
         sent_back.decided_by = "checker";
         sent_back.decided_at = "2026-11-23T10:02:00Z";
         sent_back.decision_reason = "wrong" + nul + "marks";
         return store_->UpdateBatch(sent_back, BatchState::kSubmitted,
                                    Event("batch:b1", "send_back"));
       }()},
      {"an event detail that is not UTF-8",
       [&] {
         AwardingEvent event = Event("batch:b2", "submit");
         event.detail_json = "{\"note\":\"" + not_utf8 + "\"}";
         return store_->CreateBatch(Batch("b2"), event);
       }()},
  };
  for (const auto& [what, status] : refused) {
    SCOPED_TRACE(what);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code(), ErrorCode::kInvalidInput) << status.error().message();
  }
  EXPECT_EQ(refused[5].second.error().message(), "result 1 holds text that cannot be stored");
  EXPECT_EQ(EventCount(), 3u);  // the qualification, alice and b1
  auto batch = store_->Batch("b1");
  ASSERT_TRUE(batch.ok() && batch->has_value());
  EXPECT_EQ((*batch)->state, BatchState::kSubmitted);

  // Keys from a request can hold anything: text that cannot be stored is simply not found
  // (PostgreSQL would otherwise read "digest-1\0x" as "digest-1").
  auto user = store_->UserByTokenDigest("digest-1" + nul + "x");
  ASSERT_TRUE(user.ok()) << user.error().message();
  EXPECT_FALSE(user->has_value());
  auto no_batch = store_->Batch("b1" + nul);
  ASSERT_TRUE(no_batch.ok()) << no_batch.error().message();
  EXPECT_FALSE(no_batch->has_value());
  auto no_qualification = store_->Qualification(std::string(kNqrCode) + not_utf8);
  ASSERT_TRUE(no_qualification.ok()) << no_qualification.error().message();
  EXPECT_FALSE(no_qualification->has_value());
  auto no_results = store_->ResultsForApaar(std::string(kApaarId) + nul);
  ASSERT_TRUE(no_results.ok()) << no_results.error().message();
  EXPECT_TRUE(no_results->empty());
  auto no_events = store_->Events("batch:b1" + nul);
  ASSERT_TRUE(no_events.ok()) << no_events.error().message();
  EXPECT_TRUE(no_events->empty());
  const Status unknown =
      store_->UpdateBatch(Batch("b1" + nul), BatchState::kSubmitted, Event("batch:b1", "review"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
}

TEST_P(AwardingStoreTest, ABatchReadsBackWithEveryColumn) {
  BatchRow batch = Batch("b1");
  batch.agency = "कौशल Assessments · Agency \"A\"";
  batch.refused_json = R"([{"position":3,"error":"no APAAR id"}])";
  ResultRow second = batch.results[0];
  second.position = 2;
  second.candidate_id = "c2";
  second.apaar_id = "444455556666";
  second.passed = false;
  second.result_json = R"({"name":"अनन्या","marks":41})";
  batch.results.insert(batch.results.begin(), second);  // given out of order
  CreateOrFail(batch);

  auto read = store_->Batch("b1");
  ASSERT_TRUE(read.ok()) << read.error().message();
  ASSERT_TRUE(read->has_value());
  const BatchRow& got = **read;
  EXPECT_EQ(got.id, "b1");
  EXPECT_EQ(got.agency, batch.agency);
  EXPECT_EQ(got.state, BatchState::kSubmitted);
  EXPECT_EQ(got.submitted_by, "clerk");
  EXPECT_EQ(got.submitted_at, "2026-11-23T10:00:00Z");
  EXPECT_EQ(got.reviewed_by, "");
  EXPECT_EQ(got.decided_at, "");
  EXPECT_EQ(got.awarded_by, "");
  EXPECT_EQ(got.refused_json, batch.refused_json);
  ASSERT_EQ(got.results.size(), 2u);
  EXPECT_EQ(got.results[0].position, 1);  // by position
  EXPECT_EQ(got.results[0].candidate_id, "c1");
  EXPECT_TRUE(got.results[0].passed);
  EXPECT_EQ(got.results[1].position, 2);
  EXPECT_EQ(got.results[1].apaar_id, "444455556666");
  EXPECT_EQ(got.results[1].nqr_code, kNqrCode);
  EXPECT_FALSE(got.results[1].passed);
  EXPECT_EQ(got.results[1].result_json, second.result_json);
  EXPECT_EQ(got.results[1].credential_id, "");

  // Each step writes its columns; the results stay as they were.
  BatchRow approved = got;
  approved.state = BatchState::kApproved;
  approved.reviewed_by = "checker";
  approved.reviewed_at = "2026-11-23T10:01:00Z";
  approved.decided_by = "approver";
  approved.decided_at = "2026-11-23T10:02:00Z";
  approved.decision_reason = "marks checked against the register";
  approved.results.clear();
  ASSERT_TRUE(
      store_->UpdateBatch(approved, BatchState::kSubmitted, Event("batch:b1", "approve")).ok());
  read = store_->Batch("b1");
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ((*read)->state, BatchState::kApproved);
  EXPECT_EQ((*read)->reviewed_at, "2026-11-23T10:01:00Z");
  EXPECT_EQ((*read)->decided_by, "approver");
  EXPECT_EQ((*read)->decision_reason, approved.decision_reason);
  EXPECT_EQ((*read)->awarded_at, "");
  EXPECT_EQ((*read)->results.size(), 2u);
}

TEST_P(AwardingStoreTest, SetResultCredentialRecordsAStoredCredential) {
  CreateOrFail(Batch("b1"));
  {
    auto registry = OpenRegistry(location_);
    ASSERT_TRUE(registry.ok()) << registry.error().message();
    testing::PutOrFail(**registry, testing::SampleCredential(1));
  }
  const std::string credential_id = testing::SampleCredential(1).id;
  Status set = store_->SetResultCredential("b1", 1, credential_id);
  ASSERT_TRUE(set.ok()) << set.error().message();
  auto batch = store_->Batch("b1");
  ASSERT_TRUE(batch.ok() && batch->has_value());
  EXPECT_EQ((*batch)->results[0].credential_id, credential_id);
  auto results = store_->ResultsForApaar(kApaarId);
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->size(), 1u);
  EXPECT_EQ((*results)[0].second.credential_id, credential_id);

  // A credential the registry does not hold cannot be recorded.
  const Status unknown = store_->SetResultCredential("b1", 1, testing::SampleCredential(2).id);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kInvalidInput);
  batch = store_->Batch("b1");
  ASSERT_TRUE(batch.ok() && batch->has_value());
  EXPECT_EQ((*batch)->results[0].credential_id, credential_id);
}

TEST_P(AwardingStoreTest, ResultsForAnApaarIdLeaveOutBatchesSentBack) {
  CreateOrFail(Batch("b5"));
  CreateOrFail(Batch("b6"));
  BatchRow sent_back = Batch("b5");
  sent_back.state = BatchState::kSentBack;
  sent_back.decided_by = "checker";
  sent_back.decided_at = "2026-11-23T10:02:00Z";
  sent_back.decision_reason = "wrong marks";
  ASSERT_TRUE(
      store_->UpdateBatch(sent_back, BatchState::kSubmitted, Event("batch:b5", "send_back")).ok());
  auto results = store_->ResultsForApaar(std::string(kApaarId));
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->size(), 1u);
  EXPECT_EQ((*results)[0].first, "b6");
}

TEST_P(AwardingStoreTest, ResultsForAnApaarIdComeOldestBatchFirst) {
  BatchRow later = Batch("a-later");
  later.submitted_at = "2026-11-24T09:00:00Z";
  BatchRow earlier = Batch("z-earlier");
  earlier.submitted_at = "2026-11-22T09:00:00Z";
  ResultRow again = earlier.results[0];
  again.position = 2;
  earlier.results.push_back(again);
  BatchRow same_time = Batch("m-same-time");
  same_time.submitted_at = earlier.submitted_at;
  CreateOrFail(later);
  CreateOrFail(earlier);
  CreateOrFail(same_time);
  auto results = store_->ResultsForApaar(kApaarId);
  ASSERT_TRUE(results.ok()) << results.error().message();
  std::vector<std::pair<std::string, int64_t>> order;
  for (const auto& [batch_id, result] : *results) order.emplace_back(batch_id, result.position);
  const std::vector<std::pair<std::string, int64_t>> expected = {
      {"m-same-time", 1}, {"z-earlier", 1}, {"z-earlier", 2}, {"a-later", 1}};
  EXPECT_EQ(order, expected);
  auto none = store_->ResultsForApaar("999999999999");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(AwardingStoreTest, PutQualificationReplacesTheEntryForItsCode) {
  ASSERT_TRUE(store_
                  ->PutQualification({"QG-01-AA-00001-2024-V1.0-NCVET", R"({"title":"A"})", true,
                                      "2026-11-23T10:00:00Z"},
                                     Event("qualification:A", "add_qualification"))
                  .ok());
  ASSERT_TRUE(store_
                  ->PutQualification(
                      {std::string(kNqrCode), R"({"title":"रिटेल"})", false, "2026-11-24T10:00:00Z"},
                      Event("qualification:Q", "retire_qualification"))
                  .ok());
  auto entry = store_->Qualification(kNqrCode);
  ASSERT_TRUE(entry.ok() && entry->has_value());
  EXPECT_EQ((*entry)->definition_json, R"({"title":"रिटेल"})");
  EXPECT_FALSE((*entry)->active);
  EXPECT_EQ((*entry)->updated_at, "2026-11-24T10:00:00Z");
  auto unknown = store_->Qualification("QG-99-ZZ-99999-2024-V1.0-NCVET");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->has_value());

  auto all = store_->Qualifications();
  ASSERT_TRUE(all.ok()) << all.error().message();
  ASSERT_EQ(all->size(), 2u);  // by NQR code
  EXPECT_EQ((*all)[0].nqr_code, "QG-01-AA-00001-2024-V1.0-NCVET");
  EXPECT_TRUE((*all)[0].active);
  EXPECT_EQ((*all)[1].nqr_code, kNqrCode);
  auto events = store_->Events("qualification:Q");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].action, "retire_qualification");
}

TEST_P(AwardingStoreTest, UsersAreListedByNameWithTheirRoles) {
  ASSERT_TRUE(store_
                  ->AddUser({"zara", {"approver", "administrator"}, "2026-11-23T10:00:00Z"},
                            "digest-z", Event("user:zara", "add_user"))
                  .ok());
  ASSERT_TRUE(store_
                  ->AddUser({"Zed", {"submitter"}, "2026-11-23T10:05:00Z"}, "digest-Z",
                            Event("user:Zed", "add_user"))
                  .ok());
  ASSERT_TRUE(store_
                  ->AddUser({"alice", {"submitter"}, "2026-11-23T10:10:00Z"}, "digest-a",
                            Event("user:alice", "add_user"))
                  .ok());
  auto users = store_->Users();
  ASSERT_TRUE(users.ok()) << users.error().message();
  std::vector<std::string> names;
  for (const AwardingUser& user : *users) names.push_back(user.name);
  // Byte order, as on every backend: upper case before lower case.
  EXPECT_EQ(names, (std::vector<std::string>{"Zed", "alice", "zara"}));
  EXPECT_EQ((*users)[2].roles, (std::vector<std::string>{"approver", "administrator"}));
  EXPECT_EQ((*users)[2].created_at, "2026-11-23T10:00:00Z");
  auto zara = store_->UserByTokenDigest("digest-z");
  ASSERT_TRUE(zara.ok() && zara->has_value());
  EXPECT_EQ((*zara)->name, "zara");
  auto nobody = store_->UserByTokenDigest("digest-unknown");
  ASSERT_TRUE(nobody.ok());
  EXPECT_FALSE(nobody->has_value());
}

TEST_P(AwardingStoreTest, AUsersAgencyReadsBack) {
  ASSERT_TRUE(store_
                  ->AddUser({"clerk", {"submitter"}, "2026-11-23T10:00:00Z", "Agency One"},
                            "digest-c", Event("user:clerk", "add_user"))
                  .ok());
  ASSERT_TRUE(store_
                  ->AddUser({"checker", {"approver"}, "2026-11-23T10:00:00Z"}, "digest-k",
                            Event("user:checker", "add_user"))
                  .ok());
  auto clerk = store_->UserByTokenDigest("digest-c");
  ASSERT_TRUE(clerk.ok() && clerk->has_value());
  EXPECT_EQ((*clerk)->agency, "Agency One");
  auto users = store_->Users();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].agency, "");  // checker: none
  EXPECT_EQ((*users)[1].agency, "Agency One");
  // An agency that cannot be stored is refused like the other text.
  Status refused = store_->AddUser({"bad", {"submitter"}, "2026-11-23T10:00:00Z",
                                    std::string("A\0B", 3)},
                                   "digest-b", Event("user:bad", "add_user"));
  EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidInput);
}

// Issue 21: an administrator disables a user or gives them a new token; the old token then
// finds nobody, and each change is in the audit log.
TEST_P(AwardingStoreTest, AUserIsDisabledOrGivenANewToken) {
  ASSERT_TRUE(store_
                  ->AddUser({"clerk", {"submitter"}, "2026-11-23T10:00:00Z", "Agency One"},
                            "digest-old", Event("user:clerk", "add_user"))
                  .ok());
  ASSERT_TRUE(store_->CreateSession("session-old", {"clerk", "2026-11-23T10:00:00Z",
                                                    "2026-11-23T10:00:00Z"})
                  .ok());
  ASSERT_TRUE(store_->UpdateUser("clerk", {"", "digest-new"}, Event("user:clerk", "new_token"))
                  .ok());
  // The change ends the sessions signed in with the old token, at the event's time.
  auto ended = store_->Session("session-old");
  ASSERT_TRUE(ended.ok() && ended->has_value());
  EXPECT_EQ((*ended)->ended_at, "2026-11-23T10:00:00Z");
  auto old_token = store_->UserByTokenDigest("digest-old");
  ASSERT_TRUE(old_token.ok());
  EXPECT_FALSE(old_token->has_value());
  auto renewed = store_->UserByTokenDigest("digest-new");
  ASSERT_TRUE(renewed.ok() && renewed->has_value());
  EXPECT_EQ((*renewed)->disabled_at, "");
  EXPECT_EQ((*renewed)->agency, "Agency One");

  ASSERT_TRUE(store_
                  ->UpdateUser("clerk", {"2026-11-24T09:00:00Z", ""},
                               Event("user:clerk", "disable_user"))
                  .ok());
  auto disabled = store_->UserByTokenDigest("digest-new");
  ASSERT_TRUE(disabled.ok() && disabled->has_value());
  EXPECT_EQ((*disabled)->disabled_at, "2026-11-24T09:00:00Z");
  auto users = store_->Users();
  ASSERT_TRUE(users.ok() && users->size() == 1u);
  EXPECT_EQ((*users)[0].disabled_at, "2026-11-24T09:00:00Z");
  auto events = store_->Events("user:clerk");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[2].action, "disable_user");

  Status unknown = store_->UpdateUser("nobody", {"", "digest-x"}, Event("user:nobody", "new_token"));
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().message(), "no user 'nobody'");
  Status nothing = store_->UpdateUser("clerk", {}, Event("user:clerk", "new_token"));
  EXPECT_EQ(nothing.error().code(), ErrorCode::kInvalidInput);
}

// Issue 21: the console's sessions live in the registry (every issuer server sees them): made
// for a known user only, touched by each request, ended once.
TEST_P(AwardingStoreTest, ConsoleSessionsAreKeptByTheDigestOfTheirSecret) {
  ASSERT_TRUE(store_
                  ->AddUser({"checker", {"approver"}, "2026-11-23T10:00:00Z"}, "digest-k",
                            Event("user:checker", "add_user"))
                  .ok());
  ASSERT_TRUE(store_
                  ->CreateSession("session-1",
                                  {"checker", "2026-11-24T09:00:00Z", "2026-11-24T09:00:00Z"})
                  .ok());
  auto found = store_->Session("session-1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->user, "checker");
  EXPECT_EQ((*found)->ended_at, "");
  ASSERT_TRUE(store_->TouchSession("session-1", "2026-11-24T09:10:00Z").ok());
  ASSERT_TRUE(store_->EndSession("session-1", "2026-11-24T09:20:00Z").ok());
  ASSERT_TRUE(store_->EndSession("session-1", "2026-11-24T09:30:00Z").ok());  // the first stays
  found = store_->Session("session-1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->last_seen_at, "2026-11-24T09:10:00Z");
  EXPECT_EQ((*found)->ended_at, "2026-11-24T09:20:00Z");

  auto none = store_->Session("session-unknown");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(store_->TouchSession("session-unknown", "2026-11-24T09:10:00Z").error().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->EndSession("session-unknown", "2026-11-24T09:10:00Z").error().code(),
            ErrorCode::kNotFound);
  // A digest taken, or a user nobody is: refused.
  EXPECT_EQ(store_
                ->CreateSession("session-1",
                                {"checker", "2026-11-24T09:00:00Z", "2026-11-24T09:00:00Z"})
                .error()
                .code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(store_
                ->CreateSession("session-2",
                                {"nobody", "2026-11-24T09:00:00Z", "2026-11-24T09:00:00Z"})
                .error()
                .code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(store_->CreateSession("", {"checker", "t", "t"}).error().code(),
            ErrorCode::kInvalidInput);
}

TEST_P(AwardingStoreTest, BatchesAreListedByAgencyNewestFirst) {
  BatchRow first = Batch("b1");
  BatchRow second = Batch("b2");
  second.submitted_at = "2026-11-23T11:00:00Z";
  second.results[0].apaar_id = "222233334444";
  BatchRow other = Batch("b3");
  other.agency = "Other Agency";
  other.submitted_at = "2026-11-23T12:00:00Z";
  other.results[0].apaar_id = "333344445555";
  for (const BatchRow& batch : {first, second, other}) CreateOrFail(batch);
  const auto ids = [](const Result<std::vector<BatchRow>>& batches) {
    std::vector<std::string> list;
    EXPECT_TRUE(batches.ok());
    if (!batches.ok()) return list;
    for (const BatchRow& batch : *batches) {
      EXPECT_TRUE(batch.results.empty());
      list.push_back(batch.id);
    }
    return list;
  };
  EXPECT_EQ(ids(store_->Batches("Agency")), (std::vector<std::string>{"b2", "b1"}));
  EXPECT_EQ(ids(store_->Batches("Other Agency")), (std::vector<std::string>{"b3"}));
  EXPECT_EQ(ids(store_->Batches("")), (std::vector<std::string>{"b3", "b2", "b1"}));
  EXPECT_EQ(ids(store_->Batches("Nobody")), std::vector<std::string>{});
  auto listed = store_->Batches("Other Agency");
  ASSERT_TRUE(listed.ok() && listed->size() == 1);
  EXPECT_EQ((*listed)[0].agency, "Other Agency");
  EXPECT_EQ((*listed)[0].submitted_by, "clerk");
}

TEST_P(AwardingStoreTest, AppendEventWritesAnEventAlone) {
  const size_t before = EventCount();
  ASSERT_TRUE(store_->AppendEvent(Event("batch:b1", "read_batch")).ok());
  EXPECT_EQ(EventCount(), before + 1);
  auto log = store_->Events("batch:b1");
  ASSERT_TRUE(log.ok() && log->size() == 1);
  EXPECT_EQ((*log)[0].action, "read_batch");
  AwardingEvent no_actor = Event("batch:b1", "read_batch");
  no_actor.actor = "";
  EXPECT_EQ(store_->AppendEvent(no_actor).error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(EventCount(), before + 1);
}

TEST_P(AwardingStoreTest, EventsAreNumberedInOrderAndFilteredBySubject) {
  CreateOrFail(Batch("b1"));
  AwardingEvent review = Event("batch:b1", "review");
  review.actor = "checker";
  review.at = "2026-11-23T10:01:00Z";
  review.reason = "looks complete";
  review.detail_json = R"({"note":"जाँच","quote":"\"x\""})";
  BatchRow reviewed = Batch("b1");
  reviewed.state = BatchState::kInReview;
  ASSERT_TRUE(store_->UpdateBatch(reviewed, BatchState::kSubmitted, review).ok());
  CreateOrFail(Batch("b2"));

  auto all = store_->Events("");
  ASSERT_TRUE(all.ok()) << all.error().message();
  ASSERT_EQ(all->size(), 4u);
  for (size_t i = 1; i < all->size(); ++i) EXPECT_LT((*all)[i - 1].seq, (*all)[i].seq);
  EXPECT_EQ((*all)[0].subject, "qualification:Q");
  EXPECT_EQ((*all)[3].subject, "batch:b2");

  auto b1 = store_->Events("batch:b1");
  ASSERT_TRUE(b1.ok()) << b1.error().message();
  ASSERT_EQ(b1->size(), 2u);
  const AwardingEvent& got = (*b1)[1];
  EXPECT_EQ(got.seq, (*all)[2].seq);
  EXPECT_EQ(got.subject, "batch:b1");
  EXPECT_EQ(got.action, "review");
  EXPECT_EQ(got.actor, "checker");
  EXPECT_EQ(got.at, "2026-11-23T10:01:00Z");
  EXPECT_EQ(got.reason, "looks complete");
  EXPECT_EQ(got.detail_json, review.detail_json);
  auto none = store_->Events("batch:b9");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(AwardingStoreTest, WhatIsStoredIsThereAfterReopening) {
  CreateOrFail(Batch("b1"));
  store_.reset();
  store_ = OpenOrFail();
  ASSERT_NE(store_, nullptr);
  auto batch = store_->Batch("b1");
  ASSERT_TRUE(batch.ok() && batch->has_value());
  EXPECT_EQ((*batch)->results.size(), 1u);
  EXPECT_EQ(EventCount(), 2u);
}

// --- SQLite ---------------------------------------------------------------------------------

class SqliteAwardingStoreTest : public AwardingStoreTestBase {
 protected:
  void SetUp() override { OpenOn("sqlite"); }
};

TEST_F(SqliteAwardingStoreTest, TheAuditLogIsAppendOnly) {
  CreateOrFail(Batch("b1"));
  testing::RawSqlite raw(location_);
  EXPECT_EQ(raw.QueryInt("SELECT count(*) FROM awarding_events"), 2);
  // The triggers refuse both, through any connection.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(location_.c_str(), &db), SQLITE_OK);
  for (const char* sql :
       {"UPDATE awarding_events SET actor = 'someone else'", "DELETE FROM awarding_events"}) {
    char* message = nullptr;
    EXPECT_NE(sqlite3_exec(db, sql, nullptr, nullptr, &message), SQLITE_OK) << sql;
    EXPECT_NE(std::string(message != nullptr ? message : "").find("append-only"),
              std::string::npos);
    sqlite3_free(message);
  }
  sqlite3_close(db);
  EXPECT_EQ(raw.QueryText("SELECT group_concat(actor) FROM awarding_events"), "tester,tester");
}

// --- PostgreSQL -----------------------------------------------------------------------------

class PostgresAwardingStoreTest : public AwardingStoreTestBase {
 protected:
  void SetUp() override { OpenOn("postgresql"); }

  // Runs `sql` as the superuser on this test's schema, behind the store's back (libpq
  // directly); the first column of the first row.
  Result<std::string> RawQuery(std::string_view sql) {
    return schema_.server().Query(pramaan::testing::PostgresServer::kTestDatabase,
                                  "SET search_path TO " + schema_.name() + "; " + std::string(sql));
  }

  // Ends every session of the test database but the one asking, waiting until they end.
  void TerminateStoreSessions() {
    // OFFSET 0 keeps the filter from being merged with the call (the asking session must not
    // end itself); see postgres_registry_test.cc.
    auto ended = RawQuery(
        "SELECT count(*) FROM (SELECT pid FROM pg_stat_activity WHERE datname = "
        "current_database() AND pid <> pg_backend_pid() OFFSET 0) AS others "
        "WHERE pg_terminate_backend(others.pid, 5000)");
    ASSERT_TRUE(ended.ok()) << ended.error().message();
    EXPECT_NE(*ended, "0");
  }
};

TEST_F(PostgresAwardingStoreTest, TheAuditLogRefusesUpdatesDeletesAndTruncation) {
  CreateOrFail(Batch("b1"));
  for (const char* sql : {"UPDATE awarding_events SET actor = 'someone else'",
                          "DELETE FROM awarding_events", "TRUNCATE awarding_events"}) {
    auto refused = RawQuery(sql);
    ASSERT_FALSE(refused.ok()) << sql;
    EXPECT_NE(refused.error().message().find("append-only"), std::string::npos)
        << refused.error().message();
  }
  auto actors = RawQuery("SELECT string_agg(actor, ',' ORDER BY seq) FROM awarding_events");
  ASSERT_TRUE(actors.ok()) << actors.error().message();
  EXPECT_EQ(*actors, "tester,tester");
}

TEST_F(PostgresAwardingStoreTest, OpensForEitherUrlScheme) {
  ASSERT_TRUE(location_.starts_with("postgresql://"));
  auto opened = OpenAwardingStore("postgres://" + location_.substr(13));
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  auto entry = (*opened)->Qualification(kNqrCode);
  ASSERT_TRUE(entry.ok() && entry->has_value());

  // A URL libpq does not accept is refused without repeating it (it may hold a password).
  auto refused = OpenAwardingStore("postgresql://issuer:Tr0ub4dor-secret@[::1/registry");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(refused.error().message().find("Tr0ub4dor"), std::string::npos);
}

TEST_F(PostgresAwardingStoreTest, ReadsGoOnAfterTheServerDropsTheConnection) {
  CreateOrFail(Batch("b1"));
  TerminateStoreSessions();
  auto batch = store_->Batch("b1");
  ASSERT_TRUE(batch.ok()) << batch.error().message();
  EXPECT_TRUE(batch->has_value());
  CreateOrFail(Batch("b2"));
  EXPECT_EQ(EventCount(), 3u);
}

TEST_F(PostgresAwardingStoreTest, AWriteOnADroppedConnectionFailsAndTheNextOneWorks) {
  TerminateStoreSessions();
  // Not retried: whether a write on a lost connection committed cannot be known.
  const Status lost = store_->CreateBatch(Batch("b1"), Event("batch:b1", "submit"));
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code(), ErrorCode::kInternal) << lost.error().message();
  CreateOrFail(Batch("b1"));
  EXPECT_EQ(EventCount(), 2u);
}

}  // namespace
}  // namespace pramaan::store
