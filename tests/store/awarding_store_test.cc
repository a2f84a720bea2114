// The awarding store on SQLite (store/awarding_store.h): the audit log cannot be changed, a
// state change is a compare-and-set with its event in the same transaction, and what is
// refused changes nothing.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/awarding_store.h"
#include "tests/store/sqlite_test_support.h"
#include "tests/test_support.h"

namespace pramaan::store {
namespace {

AwardingEvent Event(std::string subject, std::string action) {
  AwardingEvent event;
  event.subject = std::move(subject);
  event.action = std::move(action);
  event.actor = "tester";
  event.at = "2026-11-23T10:00:00Z";
  return event;
}

class AwardingStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteAwardingStore(dir_ / "registry.sqlite");
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    store_ = std::move(opened).value();
    ASSERT_TRUE(store_->PutQualification({"QG-05-GE-01234-2024-V1.0-NCVET", "{}", true,
                                          "2026-11-23T10:00:00Z"},
                                         Event("qualification:Q", "add_qualification"))
                    .ok());
  }

  BatchRow Batch(const std::string& id) {
    BatchRow batch;
    batch.id = id;
    batch.agency = "Agency";
    batch.submitted_by = "clerk";
    batch.submitted_at = "2026-11-23T10:00:00Z";
    ResultRow result;
    result.position = 1;
    result.candidate_id = "c1";
    result.apaar_id = "111122223333";
    result.nqr_code = "QG-05-GE-01234-2024-V1.0-NCVET";
    result.passed = true;
    result.result_json = "{}";
    batch.results.push_back(result);
    return batch;
  }

  testing::TempDir dir_{"pramaan-awarding-store"};
  std::unique_ptr<AwardingStore> store_;
};

TEST_F(AwardingStoreTest, TheAuditLogIsAppendOnly) {
  ASSERT_TRUE(store_->CreateBatch(Batch("b1"), Event("batch:b1", "submit")).ok());
  testing::RawSqlite raw(dir_ / "registry.sqlite");
  EXPECT_EQ(raw.QueryInt("SELECT count(*) FROM awarding_events"), 2);
  // The triggers refuse both, through any connection.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "registry.sqlite").c_str(), &db), SQLITE_OK);
  for (const char* sql : {"UPDATE awarding_events SET actor = 'someone else'",
                          "DELETE FROM awarding_events"}) {
    char* message = nullptr;
    EXPECT_NE(sqlite3_exec(db, sql, nullptr, nullptr, &message), SQLITE_OK) << sql;
    EXPECT_NE(std::string(message != nullptr ? message : "").find("append-only"),
              std::string::npos);
    sqlite3_free(message);
  }
  sqlite3_close(db);
  EXPECT_EQ(raw.QueryText("SELECT group_concat(actor) FROM awarding_events"), "tester,tester");
}

TEST_F(AwardingStoreTest, AStepIsTakenOnceFromTheStateItStartsFrom) {
  ASSERT_TRUE(store_->CreateBatch(Batch("b2"), Event("batch:b2", "submit")).ok());
  BatchRow reviewed = Batch("b2");
  reviewed.state = BatchState::kInReview;
  reviewed.reviewed_by = "checker";
  reviewed.reviewed_at = "2026-11-23T10:01:00Z";
  ASSERT_TRUE(store_->UpdateBatch(reviewed, BatchState::kSubmitted, Event("batch:b2", "review")).ok());
  // A second reviewer acting on the state they read earlier comes second: refused, no event.
  const Status again = store_->UpdateBatch(reviewed, BatchState::kSubmitted,
                                           Event("batch:b2", "review"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
  auto events = store_->Events("batch:b2");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].action, "review");
  auto batch = store_->Batch("b2");
  ASSERT_TRUE(batch.ok() && batch->has_value());
  EXPECT_EQ((*batch)->state, BatchState::kInReview);
  EXPECT_EQ((*batch)->reviewed_by, "checker");
  ASSERT_EQ((*batch)->results.size(), 1u);
  EXPECT_EQ((*batch)->results[0].apaar_id, "111122223333");

  const Status unknown = store_->UpdateBatch(Batch("nope"), BatchState::kSubmitted,
                                             Event("batch:nope", "review"));
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
}

TEST_F(AwardingStoreTest, RefusedWritesChangeNothing) {
  ASSERT_TRUE(store_->AddUser({"alice", {"submitter"}, "2026-11-23T10:00:00Z"}, "digest-1",
                              Event("user:alice", "add_user"))
                  .ok());
  // The same name, or the same token digest: refused, and no event is logged for them.
  EXPECT_FALSE(store_->AddUser({"alice", {"approver"}, "2026-11-23T10:00:00Z"}, "digest-2",
                               Event("user:alice", "add_user"))
                   .ok());
  EXPECT_FALSE(store_->AddUser({"bob", {"approver"}, "2026-11-23T10:00:00Z"}, "digest-1",
                               Event("user:bob", "add_user"))
                   .ok());
  auto user = store_->UserByTokenDigest("digest-1");
  ASSERT_TRUE(user.ok() && user->has_value());
  EXPECT_EQ((*user)->name, "alice");
  EXPECT_EQ((*user)->roles, std::vector<std::string>{"submitter"});
  auto events = store_->Events("");
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 2u);  // the qualification and alice

  // A batch whose result names a qualification not in the catalogue: nothing of it is stored.
  BatchRow bad = Batch("b3");
  bad.results[0].nqr_code = "QG-05-GE-99999-2024-V1-NCVET";
  EXPECT_FALSE(store_->CreateBatch(bad, Event("batch:b3", "submit")).ok());
  auto missing = store_->Batch("b3");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  // An event without an actor is refused before anything is written.
  AwardingEvent anonymous = Event("batch:b4", "submit");
  anonymous.actor.clear();
  EXPECT_EQ(store_->CreateBatch(Batch("b4"), anonymous).error().code(), ErrorCode::kInvalidInput);
}

TEST_F(AwardingStoreTest, ResultsForAnApaarIdLeaveOutBatchesSentBack) {
  ASSERT_TRUE(store_->CreateBatch(Batch("b5"), Event("batch:b5", "submit")).ok());
  ASSERT_TRUE(store_->CreateBatch(Batch("b6"), Event("batch:b6", "submit")).ok());
  BatchRow sent_back = Batch("b5");
  sent_back.state = BatchState::kSentBack;
  sent_back.decided_by = "checker";
  sent_back.decided_at = "2026-11-23T10:02:00Z";
  sent_back.decision_reason = "wrong marks";
  ASSERT_TRUE(
      store_->UpdateBatch(sent_back, BatchState::kSubmitted, Event("batch:b5", "send_back")).ok());
  auto results = store_->ResultsForApaar("111122223333");
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->size(), 1u);
  EXPECT_EQ((*results)[0].first, "b6");
}

}  // namespace
}  // namespace pramaan::store
