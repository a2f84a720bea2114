// The Registry contract (store/registry.h), one suite run against every backend: SQLite (a file
// in a temporary directory) and PostgreSQL (a fresh schema in a database of the test process's
// private server, tests/store/postgres_server.h). Every field round-trips; duplicates, invalid
// fields and bad supersessions are refused with the same error code, changing nothing; data
// survives reopening; readers on many threads see consistent rows while a writer inserts; and two
// registries on one location (two processes) racing for one source record store it once.
#include <gtest/gtest.h>

#include <algorithm>

#include <atomic>
#include <functional>
#include <barrier>
#include <functional>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "store/registry.h"
#include "tests/store/postgres_test_support.h"
#include "tests/store/registry_test_support.h"

namespace pramaan::store {
namespace {

using testing::ExpectSameCredential;
using testing::SameCredential;
using testing::SampleCredential;
using testing::TempDir;

class RegistryContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      location_ = (dir_.path() / "registry.db").string();
    } else {
      Status created = schema_.Create();
      ASSERT_TRUE(created.ok()) << created.error().message();
      location_ = schema_.url();
    }
    Reopen();
  }

  void TearDown() override { registry_.reset(); }  // before schema_ drops its tables

  void Reopen() {
    registry_.reset();
    registry_ = OpenOrFail();
  }

  // Another registry on the same file or database: what a second process would open.
  std::unique_ptr<Registry> OpenOrFail() {
    auto opened = OpenRegistry(location_);
    EXPECT_TRUE(opened.ok()) << opened.error().message();
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  Registry& registry() { return *registry_; }

  void PutOrFail(const StoredCredential& credential) { testing::PutOrFail(registry(), credential); }
  std::optional<StoredCredential> GetOrFail(std::string_view id) {
    return testing::GetOrFail(registry(), id);
  }
  int64_t CountOrFail() { return testing::CountOrFail(registry()); }

  TempDir dir_;
  testing::TestSchema schema_;  // PostgreSQL: this test's schema in the test run's database
  std::string location_;
  std::unique_ptr<Registry> registry_;
};

// "sqlite" and "postgresql" in the test names.
std::string BackendName(const ::testing::TestParamInfo<std::string>& backend) {
  return backend.param;
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryContractTest, ::testing::Values("sqlite", "postgresql"),
                         BackendName);

// --- Put and Get -------------------------------------------------------------------------

TEST_P(RegistryContractTest, GetReturnsEveryFieldAsPut) {
  StoredCredential replacement = SampleCredential(1);
  replacement.revocation_index.reset();
  replacement.suspension_index.reset();
  PutOrFail(replacement);

  StoredCredential credential;
  credential.id = "KQ2D7RVN4XWJ5MHT3BCA";
  credential.source_record_id = "igot-cc-2026-000042'); DROP TABLE credentials; --";
  credential.credential_json =
      "{\"name\":\"अनन्या कृष्णन் · অনন্যা 🎓\",\"quote\":\"\\\"x\\\" \\\\ '\",\n"
      "\"credentialSubject\":{\"achievement\":\"ஆளுமை\\u00e9\"},\"sql\":\"$1 ?1 %s\"}";
  credential.issued_at = "2026-11-20T09:30:15Z";
  credential.superseded_by = replacement.id;
  credential.revocation_index = int64_t{1} << 40;
  credential.suspension_index = 0;
  PutOrFail(credential);

  auto got = GetOrFail(credential.id);
  ASSERT_TRUE(got.has_value());
  ExpectSameCredential(*got, credential);
  auto got_replacement = GetOrFail(replacement.id);
  ASSERT_TRUE(got_replacement.has_value());
  ExpectSameCredential(*got_replacement, replacement);
  EXPECT_FALSE(got_replacement->revocation_index.has_value());
  EXPECT_EQ(CountOrFail(), 2);
}

TEST_P(RegistryContractTest, ALargeCredentialRoundTripsByteForByte) {
  StoredCredential credential = SampleCredential(1);
  std::string json = "{\"evidence\":\"";
  for (int i = 0; json.size() < (2 << 20); ++i) json += "प्रमाण " + std::to_string(i) + " ";
  json += "\"}";
  credential.credential_json = json;
  PutOrFail(credential);
  auto got = GetOrFail(credential.id);
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->credential_json == json)
      << "read back " << got->credential_json.size() << " bytes of " << json.size();
}

TEST_P(RegistryContractTest, GetReturnsNulloptForAnUnknownId) {
  PutOrFail(SampleCredential(1));
  EXPECT_FALSE(GetOrFail("UNKNOWNUNKNOWNUNKNOW").has_value());
  EXPECT_FALSE(GetOrFail("").has_value());
  // Ids from a URL can hold anything: text no credential can have is simply not found.
  const std::string id = SampleCredential(1).id;
  EXPECT_FALSE(GetOrFail(id + std::string(1, '\0') + "X").has_value());
  EXPECT_FALSE(GetOrFail(id.substr(0, 4) + std::string(1, '\0')).has_value());
  EXPECT_FALSE(GetOrFail(id + "\xff\xfe").has_value());
  auto by_source = registry().GetBySourceRecord(std::string("igot\0cc", 7));
  ASSERT_TRUE(by_source.ok()) << by_source.error().message();
  EXPECT_FALSE(by_source->has_value());
}

TEST_P(RegistryContractTest, GetBySourceRecordReturnsTheCredentialIssuedForIt) {
  PutOrFail(SampleCredential(1));
  PutOrFail(SampleCredential(2));
  auto got = registry().GetBySourceRecord(SampleCredential(2).source_record_id);
  ASSERT_TRUE(got.ok()) << got.error().message();
  ASSERT_TRUE(got->has_value());
  ExpectSameCredential(**got, SampleCredential(2));

  auto unknown = registry().GetBySourceRecord("igot-cc-2026-999");
  ASSERT_TRUE(unknown.ok()) << unknown.error().message();
  EXPECT_FALSE(unknown->has_value());
}

TEST_P(RegistryContractTest, CountCountsStoredCredentials) {
  EXPECT_EQ(CountOrFail(), 0);
  for (int n = 0; n < 5; ++n) PutOrFail(SampleCredential(n));
  EXPECT_EQ(CountOrFail(), 5);
}

// --- Put refuses, changing nothing ---------------------------------------------------------

struct Conflict {
  std::string name;
  // Changes credential 2 so that it collides with stored credential 1.
  void (*collide)(StoredCredential& second, const StoredCredential& first);
  std::string expected_in_message;
};

TEST_P(RegistryContractTest, PutFailsWhenAUniqueFieldIsAlreadyStored) {
  const std::vector<Conflict> conflicts = {
      {"same id", [](StoredCredential& s, const StoredCredential& f) { s.id = f.id; },
       "is already stored"},
      {"same source record",
       [](StoredCredential& s, const StoredCredential& f) {
         s.source_record_id = f.source_record_id;
       },
       "already has credential"},
      {"same revocation index",
       [](StoredCredential& s, const StoredCredential& f) {
         s.revocation_index = f.revocation_index;
       },
       "revocation index"},
      {"same suspension index",
       [](StoredCredential& s, const StoredCredential& f) {
         s.suspension_index = f.suspension_index;
       },
       "suspension index"},
  };
  const StoredCredential first = SampleCredential(1);
  PutOrFail(first);
  for (const Conflict& conflict : conflicts) {
    SCOPED_TRACE(conflict.name);
    StoredCredential second = SampleCredential(2);
    conflict.collide(second, first);
    Status put = registry().Put(second);
    ASSERT_FALSE(put.ok());
    EXPECT_EQ(put.error().code(), ErrorCode::kInvalidInput);
    EXPECT_NE(put.error().message().find(conflict.expected_in_message), std::string::npos)
        << put.error().message();

    EXPECT_EQ(CountOrFail(), 1);
    auto stored = GetOrFail(first.id);
    ASSERT_TRUE(stored.has_value());
    ExpectSameCredential(*stored, first);
    auto by_second_source = registry().GetBySourceRecord(second.source_record_id);
    ASSERT_TRUE(by_second_source.ok());
    if (second.source_record_id != first.source_record_id) {
      EXPECT_FALSE(by_second_source->has_value());
    }
  }
  // The registry is still usable after the refusals (no connection left in a failed state).
  PutOrFail(SampleCredential(3));
  EXPECT_EQ(CountOrFail(), 2);
}

// PutMany answers for each credential what Put would, and a refusal costs only its own row:
// a taken source record, an invalid field, a position taken earlier in the same group, and a
// supersession of an unknown credential (a refusal PostgreSQL makes by aborting the
// transaction, after which the group is put one by one).
TEST_P(RegistryContractTest, PutManyRefusesEachCredentialAloneAndStoresTheRest) {
  PutOrFail(SampleCredential(1));
  std::vector<StoredCredential> group;
  for (int n = 2; n <= 7; ++n) group.push_back(SampleCredential(n));
  group[1].source_record_id = SampleCredential(1).source_record_id;
  group[2].issued_at = "yesterday";
  group[3].revocation_index = group[0].revocation_index;
  group[4].superseded_by = "NOTSTOREDNOTSTOREDNO";
  auto outcomes = registry().PutMany(group);
  ASSERT_TRUE(outcomes.ok()) << outcomes.error().message();
  ASSERT_EQ(outcomes->size(), group.size());
  const std::vector<bool> stored = {true, false, false, false, false, true};
  for (size_t i = 0; i < group.size(); ++i) {
    SCOPED_TRACE(group[i].id);
    const Status& outcome = (*outcomes)[i];
    EXPECT_EQ(outcome.ok(), stored[i]) << (outcome.ok() ? "" : outcome.error().message());
    if (!outcome.ok()) {
      EXPECT_EQ(outcome.error().code(), ErrorCode::kInvalidInput);
    }
    auto got = GetOrFail(group[i].id);
    EXPECT_EQ(got.has_value(), stored[i]);
    if (got) ExpectSameCredential(*got, group[i]);
  }
  EXPECT_NE((*outcomes)[1].error().message().find("already has credential"), std::string::npos)
      << (*outcomes)[1].error().message();
  EXPECT_NE((*outcomes)[3].error().message().find("revocation index"), std::string::npos)
      << (*outcomes)[3].error().message();
  EXPECT_EQ(CountOrFail(), 3);
  // The registry is still usable, and an empty group stores nothing.
  auto none = registry().PutMany({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  PutOrFail(SampleCredential(8));
  EXPECT_EQ(CountOrFail(), 4);
}

// --- The issuance log --------------------------------------------------------------------

IssuanceEvent SampleEvent(const StoredCredential& credential, IssuanceAction action) {
  IssuanceEvent event;
  event.credential_id = credential.id;
  event.source_record_id = credential.source_record_id;
  event.action = action;
  event.key_id = "did:web:pramaan.example#key-1";
  event.actor = "cli:tester";
  event.at = "2026-11-20T09:00:00Z";
  return event;
}

TEST_P(RegistryContractTest, PutIssuedStoresEachEventWithItsCredentialOnly) {
  PutOrFail(SampleCredential(1));
  std::vector<StoredCredential> group = {SampleCredential(2), SampleCredential(3),
                                         SampleCredential(4)};
  group[1].source_record_id = SampleCredential(1).source_record_id;  // refused: taken
  std::vector<IssuanceEvent> events;
  for (const StoredCredential& credential : group) {
    events.push_back(SampleEvent(credential, IssuanceAction::kIssued));
  }
  events[2].detail = "note";
  auto outcomes = registry().PutIssued(group, events);
  ASSERT_TRUE(outcomes.ok()) << outcomes.error().message();
  EXPECT_TRUE((*outcomes)[0].ok());
  EXPECT_FALSE((*outcomes)[1].ok());
  EXPECT_TRUE((*outcomes)[2].ok());
  for (size_t i = 0; i < group.size(); ++i) {
    auto logged = registry().IssuanceEvents(group[i].id);
    ASSERT_TRUE(logged.ok()) << logged.error().message();
    ASSERT_EQ(logged->size(), i == 1 ? 0u : 1u) << group[i].id;
    if (i == 1) continue;
    const IssuanceEvent& event = logged->front();
    EXPECT_GT(event.seq, 0);
    EXPECT_EQ(event.action, IssuanceAction::kIssued);
    EXPECT_EQ(event.source_record_id, group[i].source_record_id);
    EXPECT_EQ(event.key_id, events[i].key_id);
    EXPECT_EQ(event.actor, "cli:tester");
    EXPECT_EQ(event.at, "2026-11-20T09:00:00Z");
    EXPECT_EQ(event.detail, events[i].detail);
  }
  // A mismatched list is refused without storing anything.
  auto mismatched = registry().PutIssued({SampleCredential(5)}, {});
  EXPECT_FALSE(mismatched.ok());
  EXPECT_FALSE(GetOrFail(SampleCredential(5).id).has_value());
}

TEST_P(RegistryContractTest, IssuanceEventsAppendInOrderAndSurviveReopening) {
  const StoredCredential credential = SampleCredential(1);
  ASSERT_TRUE(registry()
                  .AppendIssuanceEvents({SampleEvent(credential, IssuanceAction::kSign)})
                  .ok());
  IssuanceEvent refused = SampleEvent(credential, IssuanceAction::kRefused);
  refused.detail = "learner.name is too long";
  ASSERT_TRUE(registry().AppendIssuanceEvents({refused}).ok());
  Reopen();
  auto logged = registry().IssuanceEvents(credential.id);
  ASSERT_TRUE(logged.ok());
  ASSERT_EQ(logged->size(), 2u);
  EXPECT_EQ((*logged)[0].action, IssuanceAction::kSign);
  EXPECT_EQ((*logged)[1].action, IssuanceAction::kRefused);
  EXPECT_EQ((*logged)[1].detail, "learner.name is too long");
  EXPECT_LT((*logged)[0].seq, (*logged)[1].seq);
  auto none = registry().IssuanceEvents("NOTSTOREDNOTSTOREDNO");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(RegistryContractTest, AppendIssuanceEventsRefusesBadEventsAndAppendsNone) {
  const StoredCredential credential = SampleCredential(1);
  struct Case {
    const char* name;
    std::function<void(IssuanceEvent&)> spoil;
  };
  const Case cases[] = {
      {"empty key", [](IssuanceEvent& e) { e.key_id.clear(); }},
      {"empty actor", [](IssuanceEvent& e) { e.actor.clear(); }},
      {"empty source record", [](IssuanceEvent& e) { e.source_record_id.clear(); }},
      {"time not UTC", [](IssuanceEvent& e) { e.at = "2026-11-20T14:30:00+05:30"; }},
      {"NUL in detail", [](IssuanceEvent& e) { e.detail = std::string("a\0b", 3); }},
  };
  for (const Case& c : cases) {
    IssuanceEvent bad = SampleEvent(credential, IssuanceAction::kSign);
    c.spoil(bad);
    Status appended =
        registry().AppendIssuanceEvents({SampleEvent(credential, IssuanceAction::kSign), bad});
    ASSERT_FALSE(appended.ok()) << c.name;
    EXPECT_EQ(appended.error().code(), ErrorCode::kInvalidInput) << c.name;
  }
  auto logged = registry().IssuanceEvents(credential.id);
  ASSERT_TRUE(logged.ok());
  EXPECT_TRUE(logged->empty()) << "a refused group appends nothing";
}

TEST_P(RegistryContractTest, PutFailsOnAnInvalidField) {
  struct Case {
    std::string name;
    void (*spoil)(StoredCredential&);
  };
  const std::vector<Case> cases = {
      {"empty id", [](StoredCredential& c) { c.id = ""; }},
      {"empty source record", [](StoredCredential& c) { c.source_record_id = ""; }},
      {"empty credential", [](StoredCredential& c) { c.credential_json = ""; }},
      {"issued_at not a time", [](StoredCredential& c) { c.issued_at = "yesterday"; }},
      {"issued_at not UTC", [](StoredCredential& c) { c.issued_at = "2026-11-20T09:00:00+05:30"; }},
      {"issued_at without zone", [](StoredCredential& c) { c.issued_at = "2026-11-20T09:00:00"; }},
      {"negative revocation index", [](StoredCredential& c) { c.revocation_index = -1; }},
      {"negative suspension index", [](StoredCredential& c) { c.suspension_index = -5; }},
      {"superseded by itself", [](StoredCredential& c) { c.superseded_by = c.id; }},
      {"superseded by an unknown id",
       [](StoredCredential& c) { c.superseded_by = "NOTSTOREDNOTSTOREDNO"; }},
      {"NUL in the credential",
       [](StoredCredential& c) { c.credential_json = std::string("{\"a\":1}\0{}", 10); }},
      {"NUL in the id", [](StoredCredential& c) { c.id += std::string(1, '\0'); }},
      {"invalid UTF-8 in the source record",
       [](StoredCredential& c) { c.source_record_id += "\xc3\x28"; }},
      {"a UTF-16 surrogate in the credential",
       [](StoredCredential& c) { c.credential_json = "{\"a\":\"\xed\xa0\x80\"}"; }},
      {"overlong UTF-8 in the credential",
       [](StoredCredential& c) { c.credential_json = "{\"a\":\"\xc0\xaf\"}"; }},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.name);
    StoredCredential credential = SampleCredential(7);
    test.spoil(credential);
    Status put = registry().Put(credential);
    ASSERT_FALSE(put.ok());
    EXPECT_EQ(put.error().code(), ErrorCode::kInvalidInput) << put.error().message();
    EXPECT_EQ(CountOrFail(), 0);
  }
}

TEST_P(RegistryContractTest, ConcurrentPutsForOneSourceRecordStoreExactlyOne) {
  constexpr int kThreads = 8;
  std::atomic<int> stored{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      StoredCredential credential = SampleCredential(100 + t);
      credential.source_record_id = "igot-cc-2026-the-same-record";
      Status put = registry().Put(credential);
      if (put.ok()) {
        ++stored;
      } else if (put.error().code() == ErrorCode::kInvalidInput) {
        ++refused;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(stored.load(), 1);
  EXPECT_EQ(refused.load(), kThreads - 1);
  EXPECT_EQ(CountOrFail(), 1);
}

// Two registries on one file or database stand for two processes (two issuance workers given
// the same record). Threads of both are released at once by a barrier, round after round;
// each round exactly one Put wins and the others are refused as duplicates, and the stored
// credential is the winner's.
TEST_P(RegistryContractTest, TwoRegistriesPuttingOneSourceRecordAtOnceStoreItOnce) {
  std::unique_ptr<Registry> other = OpenOrFail();
  ASSERT_NE(other, nullptr);
  constexpr int kRounds = 20;
  constexpr int kThreadsPerRegistry = 2;
  constexpr int kThreads = 2 * kThreadsPerRegistry;
  std::barrier start(kThreads);
  std::vector<std::vector<Status>> results(kRounds, std::vector<Status>(kThreads));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Registry& mine = t % 2 == 0 ? registry() : *other;
      for (int round = 0; round < kRounds; ++round) {
        StoredCredential credential = SampleCredential(1000 * (round + 1) + t);
        credential.source_record_id = "igot-cc-2026-round-" + std::to_string(round);
        start.arrive_and_wait();
        results[round][t] = mine.Put(credential);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    int winner = -1;
    for (int t = 0; t < kThreads; ++t) {
      const Status& put = results[round][t];
      if (put.ok()) {
        EXPECT_EQ(winner, -1) << "threads " << winner << " and " << t << " both stored it";
        winner = t;
      } else {
        EXPECT_EQ(put.error().code(), ErrorCode::kInvalidInput) << put.error().message();
        EXPECT_NE(put.error().message().find("already has credential"), std::string::npos)
            << put.error().message();
      }
    }
    ASSERT_NE(winner, -1);
    auto stored = other->GetBySourceRecord("igot-cc-2026-round-" + std::to_string(round));
    ASSERT_TRUE(stored.ok()) << stored.error().message();
    ASSERT_TRUE(stored->has_value());
    EXPECT_EQ((*stored)->id, SampleCredential(1000 * (round + 1) + winner).id);
  }
  EXPECT_EQ(CountOrFail(), kRounds);
}

// --- Supersede -----------------------------------------------------------------------------

// A registry holding SampleCredential(1) to SampleCredential(4).
class RegistryOfFourTest : public RegistryContractTest {
 protected:
  void SetUp() override {
    RegistryContractTest::SetUp();
    if (HasFatalFailure()) return;
    for (int n = 1; n <= 4; ++n) PutOrFail(SampleCredential(n));
  }
  static std::string Id(int n) { return SampleCredential(n).id; }
};

class RegistrySupersedeTest : public RegistryOfFourTest {
 protected:
  // What Get says replaced credential n, after checking that the narrow SupersededBy query
  // says the same.
  std::string SupersededBy(int n) {
    auto got = GetOrFail(Id(n));
    EXPECT_TRUE(got.has_value());
    auto narrow = registry().SupersededBy(Id(n));
    EXPECT_TRUE(narrow.ok()) << narrow.error().message();
    if (got.has_value() && narrow.ok()) {
      EXPECT_EQ(narrow->value_or("<missing>"), got->superseded_by) << "credential " << n;
    }
    return got.has_value() ? got->superseded_by : "<missing>";
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, RegistrySupersedeTest, ::testing::Values("sqlite", "postgresql"),
                         BackendName);

TEST_P(RegistrySupersedeTest, SupersedeRecordsTheReplacementOnTheOldCredential) {
  Status superseded = registry().Supersede(Id(1), Id(2));
  ASSERT_TRUE(superseded.ok()) << superseded.error().message();
  EXPECT_EQ(SupersededBy(1), Id(2));
  EXPECT_EQ(SupersededBy(2), "");
}

TEST_P(RegistrySupersedeTest, SupersessionsListEveryReplacementAndTheCountFollows) {
  auto none = registry().SupersededCount();
  ASSERT_TRUE(none.ok()) << none.error().message();
  EXPECT_EQ(*none, 0);
  ASSERT_TRUE(registry().Supersede(Id(1), Id(2)).ok());
  ASSERT_TRUE(registry().Supersede(Id(2), Id(3)).ok());
  auto count = registry().SupersededCount();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 2);
  auto pairs = registry().Supersessions(10);
  ASSERT_TRUE(pairs.ok()) << pairs.error().message();
  std::sort(pairs->begin(), pairs->end());
  std::vector<std::pair<std::string, std::string>> expected = {{Id(1), Id(2)}, {Id(2), Id(3)}};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(*pairs, expected);
  auto limited = registry().Supersessions(1);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->size(), 1u);
}

TEST_P(RegistrySupersedeTest, SupersededByIsNulloptForAnUnknownId) {
  for (const std::string& id :
       {std::string("NOTSTOREDNOTSTOREDNO"), std::string(), std::string("bad\0id", 6)}) {
    auto narrow = registry().SupersededBy(id);
    ASSERT_TRUE(narrow.ok()) << narrow.error().message();
    EXPECT_FALSE(narrow->has_value()) << id;
  }
}

TEST_P(RegistrySupersedeTest, SupersedeChainsAReissueOfAReissue) {
  ASSERT_TRUE(registry().Supersede(Id(1), Id(2)).ok());
  Status again = registry().Supersede(Id(2), Id(3));
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(SupersededBy(1), Id(2));
  EXPECT_EQ(SupersededBy(2), Id(3));
  EXPECT_EQ(SupersededBy(3), "");
}

TEST_P(RegistrySupersedeTest, SupersedeWithTheRecordedReplacementAgainSucceeds) {
  ASSERT_TRUE(registry().Supersede(Id(1), Id(2)).ok());
  Status retried = registry().Supersede(Id(1), Id(2));
  EXPECT_TRUE(retried.ok()) << retried.error().message();
  EXPECT_EQ(SupersededBy(1), Id(2));
}

TEST_P(RegistrySupersedeTest, SupersedeFailsWhenACredentialIsNotStored) {
  Status unknown_old = registry().Supersede("NOTSTOREDNOTSTOREDNO", Id(2));
  ASSERT_FALSE(unknown_old.ok());
  EXPECT_EQ(unknown_old.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(unknown_old.error().message().find("NOTSTOREDNOTSTOREDNO"), std::string::npos);

  Status unknown_new = registry().Supersede(Id(1), "NOTSTOREDNOTSTOREDNO");
  ASSERT_FALSE(unknown_new.ok());
  EXPECT_EQ(unknown_new.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(SupersededBy(1), "");

  for (const std::string& unstorable : {Id(2) + std::string(1, '\0'), Id(2) + "\xff"}) {
    Status odd_new = registry().Supersede(Id(1), unstorable);
    ASSERT_FALSE(odd_new.ok());
    EXPECT_EQ(odd_new.error().code(), ErrorCode::kNotFound) << odd_new.error().message();
    Status odd_old = registry().Supersede(unstorable, Id(1));
    ASSERT_FALSE(odd_old.ok());
    EXPECT_EQ(odd_old.error().code(), ErrorCode::kNotFound) << odd_old.error().message();
  }
  EXPECT_EQ(SupersededBy(1), "");
}

TEST_P(RegistrySupersedeTest, SupersedeFailsForItself) {
  Status self = registry().Supersede(Id(1), Id(1));
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(SupersededBy(1), "");
}

TEST_P(RegistrySupersedeTest, SupersedeFailsWhenOldIsAlreadySupersededByAnother) {
  ASSERT_TRUE(registry().Supersede(Id(1), Id(2)).ok());
  Status again = registry().Supersede(Id(1), Id(3));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(again.error().message().find(Id(2)), std::string::npos) << again.error().message();
  EXPECT_EQ(SupersededBy(1), Id(2));
  EXPECT_EQ(SupersededBy(3), "");
}

TEST_P(RegistrySupersedeTest, SupersedeFailsWhenItWouldMakeACycle) {
  ASSERT_TRUE(registry().Supersede(Id(1), Id(2)).ok());
  ASSERT_TRUE(registry().Supersede(Id(2), Id(3)).ok());
  // 3 -> 1 would close 1 -> 2 -> 3 -> 1; 3 -> 2 would close 2 -> 3 -> 2.
  for (int replacement : {1, 2}) {
    SCOPED_TRACE(replacement);
    Status cycle = registry().Supersede(Id(3), Id(replacement));
    ASSERT_FALSE(cycle.ok());
    EXPECT_EQ(cycle.error().code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(SupersededBy(3), "");
  }
}

TEST_P(RegistrySupersedeTest, SupersedeFailsWhenTheReplacementIsItselfSuperseded) {
  ASSERT_TRUE(registry().Supersede(Id(2), Id(3)).ok());
  Status stale = registry().Supersede(Id(1), Id(2));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(SupersededBy(1), "");
}

// Two processes superseding at once: 1 -> 2 against 1 -> 3 (one old credential, two
// replacements) and 1 -> 2 against 2 -> 1 (a cycle if both won). Each round exactly one wins,
// the other is refused with kInvalidInput (never an internal error such as a deadlock), and
// what is stored is the winner's.
TEST_P(RegistrySupersedeTest, ConcurrentSupersessionsFromTwoRegistriesLetExactlyOneWin) {
  std::unique_ptr<Registry> other = OpenOrFail();
  ASSERT_NE(other, nullptr);
  constexpr int kRounds = 15;
  struct Race {
    std::string name;
    int first_new;  // offset of the replacement of thread 0 (thread 0 supersedes base + 0)
    int second_old;
    int second_new;
  };
  const std::vector<Race> races = {{"two replacements for one", 1, 0, 2},
                                   {"opposite directions", 1, 1, 0}};
  // Each round uses three fresh credentials: base, base + 1, base + 2.
  constexpr int kFirst = 10;
  for (int n = kFirst; n < kFirst + 3 * kRounds * static_cast<int>(races.size()); ++n) {
    PutOrFail(SampleCredential(n));
  }
  int base = kFirst;
  for (const Race& race : races) {
    for (int round = 0; round < kRounds; ++round, base += 3) {
      SCOPED_TRACE(race.name + ", round " + std::to_string(round));
      std::barrier start(2);
      Status first;
      Status second;
      std::thread one([&] {
        start.arrive_and_wait();
        first = registry().Supersede(Id(base), Id(base + race.first_new));
      });
      std::thread two([&] {
        start.arrive_and_wait();
        second = other->Supersede(Id(base + race.second_old), Id(base + race.second_new));
      });
      one.join();
      two.join();
      ASSERT_NE(first.ok(), second.ok()) << (first.ok() ? "" : first.error().message()) << " / "
                                         << (second.ok() ? "" : second.error().message());
      const Status& loser = first.ok() ? second : first;
      EXPECT_EQ(loser.error().code(), ErrorCode::kInvalidInput) << loser.error().message();
      if (first.ok()) {
        EXPECT_EQ(SupersededBy(base), Id(base + race.first_new));
      } else {
        EXPECT_EQ(SupersededBy(base + race.second_old), Id(base + race.second_new));
      }
    }
  }
}

// --- Reopening and sharing -----------------------------------------------------------------

TEST_P(RegistryContractTest, ReopeningKeepsEveryCredential) {
  for (int n = 1; n <= 3; ++n) PutOrFail(SampleCredential(n));
  ASSERT_TRUE(registry().Supersede(SampleCredential(1).id, SampleCredential(2).id).ok());
  Reopen();
  EXPECT_EQ(CountOrFail(), 3);
  for (int n = 1; n <= 3; ++n) {
    StoredCredential expected = SampleCredential(n);
    if (n == 1) expected.superseded_by = SampleCredential(2).id;
    auto got = GetOrFail(expected.id);
    ASSERT_TRUE(got.has_value());
    ExpectSameCredential(*got, expected);
  }
}

TEST_P(RegistryContractTest, TwoRegistriesOnOneLocationShareIt) {
  std::unique_ptr<Registry> second = OpenOrFail();
  ASSERT_NE(second, nullptr);
  PutOrFail(SampleCredential(1));
  auto seen = second->Get(SampleCredential(1).id);
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->has_value());
  Status duplicate = second->Put(SampleCredential(1));
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code(), ErrorCode::kInvalidInput);
  ASSERT_TRUE(second->Put(SampleCredential(2)).ok());
  ASSERT_TRUE(second->Supersede(SampleCredential(1).id, SampleCredential(2).id).ok());
  auto superseded = GetOrFail(SampleCredential(1).id);
  ASSERT_TRUE(superseded.has_value());
  EXPECT_EQ(superseded->superseded_by, SampleCredential(2).id);
  EXPECT_EQ(CountOrFail(), 2);
}

// --- Threads -------------------------------------------------------------------------------

// 8 reader threads look credentials up by id and by source record, and count, while one
// writer inserts. A credential whose Put has returned must be visible to every reader, every
// row read must be exactly the one written, and counts never go backwards.
TEST_P(RegistryContractTest, ConcurrentReadersSeeConsistentRowsWhileAWriterInserts) {
  constexpr int kPreloaded = 200;
  constexpr int kTotal = 1200;
  constexpr int kReaders = 8;
  for (int n = 0; n < kPreloaded; ++n) PutOrFail(SampleCredential(n));

  std::atomic<int> published{kPreloaded};  // credentials [0, published) are stored
  std::atomic<bool> writer_done{false};
  std::atomic<int64_t> reads{0};
  std::atomic<int64_t> reads_while_writing{0};
  std::atomic<int> failures{0};
  std::mutex first_failure_mutex;
  std::string first_failure;
  auto fail = [&](const std::string& what) {
    if (failures++ == 0) {
      std::lock_guard<std::mutex> lock(first_failure_mutex);
      first_failure = what;
    }
  };

  std::thread writer([&] {
    for (int n = kPreloaded; n < kTotal; ++n) {
      Status put = registry().Put(SampleCredential(n));
      if (!put.ok()) fail("Put " + std::to_string(n) + ": " + put.error().message());
      published.store(n + 1, std::memory_order_release);
    }
    writer_done.store(true, std::memory_order_release);
  });

  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r] {
      std::mt19937 random(static_cast<unsigned>(r));
      int64_t last_count = 0;
      for (int i = 0; !writer_done.load(std::memory_order_acquire) || i < 500; ++i) {
        bool writing = !writer_done.load(std::memory_order_acquire);
        int visible = published.load(std::memory_order_acquire);
        int n = static_cast<int>(random() % static_cast<unsigned>(visible + 20));
        StoredCredential expected = SampleCredential(n);
        auto got = i % 2 == 0 ? registry().Get(expected.id)
                              : registry().GetBySourceRecord(expected.source_record_id);
        if (!got.ok()) {
          fail("Get " + std::to_string(n) + ": " + got.error().message());
        } else if (n < visible && !got->has_value()) {
          fail("credential " + std::to_string(n) + " was stored but not found");
        } else if (got->has_value() && !SameCredential(**got, expected)) {
          fail("credential " + std::to_string(n) + " read back different");
        }
        if (i % 16 == 0) {
          auto count = registry().Count();
          if (!count.ok()) {
            fail("Count: " + count.error().message());
          } else if (*count < visible || *count < last_count || *count > kTotal) {
            fail("Count " + std::to_string(*count) + " after " + std::to_string(last_count) +
                 " with " + std::to_string(visible) + " stored");
          } else {
            last_count = *count;
          }
        }
        ++reads;
        if (writing) ++reads_while_writing;
      }
    });
  }
  writer.join();
  for (std::thread& reader : readers) reader.join();

  EXPECT_EQ(failures.load(), 0) << first_failure;
  EXPECT_GT(reads_while_writing.load(), 0);
  EXPECT_EQ(CountOrFail(), kTotal);
  for (int n = 0; n < kTotal; n += 97) {
    auto got = GetOrFail(SampleCredential(n).id);
    ASSERT_TRUE(got.has_value()) << n;
    ExpectSameCredential(*got, SampleCredential(n));
  }
}

// --- Status ---------------------------------------------------------------------------------

class RegistryStatusTest : public RegistryOfFourTest {
 protected:
  static StatusEvent Event(int n, StatusAction action, std::string reason = "wrong name") {
    return StatusEvent{0, Id(n), action, std::move(reason), "registrar@cbc",
                       "2026-11-21T10:00:00Z", "issued_in_error"};
  }
  // ChangeStatus must succeed; returns whether it changed the status.
  bool ChangeOrFail(const StatusEvent& event) {
    auto changed = registry().ChangeStatus(event);
    EXPECT_TRUE(changed.ok()) << changed.error().message();
    return changed.ok() && *changed;
  }
  std::vector<int64_t> SetPositions(StatusPurpose purpose) {
    auto positions = registry().SetStatusPositions(purpose, 0, 1000);
    EXPECT_TRUE(positions.ok()) << positions.error().message();
    return positions.ok() ? *positions : std::vector<int64_t>{-1};
  }
  int64_t Version() {
    auto version = registry().StatusVersion();
    EXPECT_TRUE(version.ok()) << version.error().message();
    return version.ok() ? *version : -1;
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, RegistryStatusTest, ::testing::Values("sqlite", "postgresql"),
                         BackendName);

TEST_P(RegistryStatusTest, RevokeSetsTheRevocationBitAndLogsWhoAndWhy) {
  EXPECT_EQ(Version(), 0);
  EXPECT_TRUE(ChangeOrFail(Event(2, StatusAction::kRevoke, "fraudulent award")));
  EXPECT_EQ(SetPositions(StatusPurpose::kRevocation), std::vector<int64_t>{4});
  EXPECT_EQ(SetPositions(StatusPurpose::kSuspension), std::vector<int64_t>{});
  auto events = registry().StatusEvents(Id(2));
  ASSERT_TRUE(events.ok()) << events.error().message();
  ASSERT_EQ(events->size(), 1u);
  const StatusEvent& logged = events->front();
  EXPECT_GT(logged.seq, 0);
  EXPECT_EQ(logged.credential_id, Id(2));
  EXPECT_EQ(logged.action, StatusAction::kRevoke);
  EXPECT_EQ(logged.reason, "fraudulent award");
  EXPECT_EQ(logged.reason_code, "issued_in_error");
  EXPECT_EQ(logged.actor, "registrar@cbc");
  EXPECT_EQ(logged.at, "2026-11-21T10:00:00Z");
  EXPECT_EQ(Version(), logged.seq);
}

TEST_P(RegistryStatusTest, ARepeatedChangeChangesAndLogsNothing) {
  EXPECT_TRUE(ChangeOrFail(Event(1, StatusAction::kRevoke)));
  const int64_t version = Version();
  EXPECT_FALSE(ChangeOrFail(Event(1, StatusAction::kRevoke)));
  EXPECT_FALSE(ChangeOrFail(Event(3, StatusAction::kUnsuspend)));  // never suspended
  EXPECT_EQ(Version(), version);
  auto events = registry().StatusEvents(Id(1));
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 1u);
}

TEST_P(RegistryStatusTest, UnsuspendClearsTheSuspensionBitAndBothStepsAreLogged) {
  EXPECT_TRUE(ChangeOrFail(Event(3, StatusAction::kSuspend, "under investigation")));
  EXPECT_EQ(SetPositions(StatusPurpose::kSuspension), std::vector<int64_t>{7});
  EXPECT_EQ(SetPositions(StatusPurpose::kRevocation), std::vector<int64_t>{});
  const int64_t after_suspend = Version();
  StatusEvent cleared = Event(3, StatusAction::kUnsuspend, "cleared");
  cleared.reason_code = "";  // optional when a suspension is lifted
  EXPECT_TRUE(ChangeOrFail(cleared));
  EXPECT_EQ(SetPositions(StatusPurpose::kSuspension), std::vector<int64_t>{});
  EXPECT_GT(Version(), after_suspend);
  auto events = registry().StatusEvents(Id(3));
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].action, StatusAction::kSuspend);
  EXPECT_EQ((*events)[1].action, StatusAction::kUnsuspend);
  EXPECT_EQ((*events)[0].reason_code, "issued_in_error");
  EXPECT_EQ((*events)[1].reason_code, "");
  EXPECT_LT((*events)[0].seq, (*events)[1].seq);
}

TEST_P(RegistryStatusTest, SetPositionsAreThoseInTheRangeInOrder) {
  for (int n : {4, 1, 3}) EXPECT_TRUE(ChangeOrFail(Event(n, StatusAction::kRevoke)));
  EXPECT_EQ(SetPositions(StatusPurpose::kRevocation), (std::vector<int64_t>{2, 6, 8}));
  auto some = registry().SetStatusPositions(StatusPurpose::kRevocation, 3, 8);
  ASSERT_TRUE(some.ok());
  EXPECT_EQ(*some, std::vector<int64_t>{6});
}

TEST_P(RegistryStatusTest, UsedPositionsAreEveryStoredCredentialsRevocationIndex) {
  auto used = registry().UsedStatusPositions(0, 1000);
  ASSERT_TRUE(used.ok()) << used.error().message();
  EXPECT_EQ(*used, (std::vector<int64_t>{2, 4, 6, 8}));
  auto some = registry().UsedStatusPositions(3, 7);
  ASSERT_TRUE(some.ok());
  EXPECT_EQ(*some, (std::vector<int64_t>{4, 6}));
}

TEST_P(RegistryStatusTest, ChangeStatusRefusesBadEventsAndChangesNothing) {
  auto unknown = registry().ChangeStatus(
      StatusEvent{0, "NOTSTOREDNOTSTOREDNO", StatusAction::kRevoke, "r", "a", "2026-11-21T10:00:00Z",
                  "other"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
  StatusEvent no_reason = Event(1, StatusAction::kRevoke, "");
  StatusEvent no_actor = Event(1, StatusAction::kRevoke);
  no_actor.actor = "";
  StatusEvent bad_time = Event(1, StatusAction::kRevoke);
  bad_time.at = "yesterday";
  StatusEvent no_code = Event(1, StatusAction::kRevoke);
  no_code.reason_code = "";
  StatusEvent unknown_code = Event(1, StatusAction::kSuspend);
  unknown_code.reason_code = "forged";
  for (const StatusEvent& bad : {no_reason, no_actor, bad_time, no_code, unknown_code}) {
    auto refused = registry().ChangeStatus(bad);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidInput);
  }
  StoredCredential old = SampleCredential(9);
  old.revocation_index.reset();
  old.suspension_index.reset();
  PutOrFail(old);
  auto no_index = registry().ChangeStatus(Event(9, StatusAction::kSuspend));
  ASSERT_FALSE(no_index.ok());
  EXPECT_EQ(no_index.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(no_index.error().message().find("before status lists"), std::string::npos);
  EXPECT_EQ(Version(), 0);
  EXPECT_EQ(SetPositions(StatusPurpose::kRevocation), std::vector<int64_t>{});
}

}  // namespace
}  // namespace pramaan::store

// --- Signed status lists and certificates (migration 8) ------------------------------------

namespace pramaan::store {
namespace {

StoredStatusList SampleList(int64_t version, std::string body) {
  return StoredStatusList{"revocation-0", std::move(body), "\"etag-" + std::to_string(version) + "\"",
                          version, "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"};
}

TEST_P(RegistryContractTest, StatusListCredentialRoundTripsAndAbsentIsNullopt) {
  auto none = registry().GetStatusListCredential("revocation-0");
  ASSERT_TRUE(none.ok()) << none.error().message();
  EXPECT_FALSE(none->has_value());
  const StoredStatusList list = SampleList(3, R"({"type":"BitstringStatusListCredential","ü":1})");
  ASSERT_TRUE(registry().PutStatusListCredential(list).ok());
  Reopen();
  auto got = registry().GetStatusListCredential("revocation-0");
  ASSERT_TRUE(got.ok()) << got.error().message();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->list_id, list.list_id);
  EXPECT_EQ((*got)->credential_json, list.credential_json);
  EXPECT_EQ((*got)->etag, list.etag);
  EXPECT_EQ((*got)->status_version, 3);
  EXPECT_EQ((*got)->signed_at, list.signed_at);
  EXPECT_EQ((*got)->valid_until, list.valid_until);
  EXPECT_FALSE(registry().GetStatusListCredential("suspension-0")->has_value());
}

TEST_P(RegistryContractTest, PutStatusListCredentialReplacesAnOlderCopyButNeverANewerOne) {
  ASSERT_TRUE(registry().PutStatusListCredential(SampleList(5, "{\"v\":5}")).ok());
  // The same version again (re-signed after ageing) replaces it.
  StoredStatusList resigned = SampleList(5, "{\"v\":\"5 again\"}");
  resigned.signed_at = "2026-12-01T01:00:00Z";
  ASSERT_TRUE(registry().PutStatusListCredential(resigned).ok());
  EXPECT_EQ((*registry().GetStatusListCredential("revocation-0"))->signed_at,
            "2026-12-01T01:00:00Z");
  // A slower signer's older copy succeeds and changes nothing.
  ASSERT_TRUE(registry().PutStatusListCredential(SampleList(4, "{\"v\":4}")).ok());
  EXPECT_EQ((*registry().GetStatusListCredential("revocation-0"))->credential_json,
            "{\"v\":\"5 again\"}");
  ASSERT_TRUE(registry().PutStatusListCredential(SampleList(6, "{\"v\":6}")).ok());
  EXPECT_EQ((*registry().GetStatusListCredential("revocation-0"))->status_version, 6);
}

TEST_P(RegistryContractTest, PutStatusListCredentialFailsOnAnInvalidFieldStoringNothing) {
  const std::vector<std::pair<std::string, std::function<void(StoredStatusList&)>>> cases = {
      {"empty list id", [](StoredStatusList& l) { l.list_id.clear(); }},
      {"empty body", [](StoredStatusList& l) { l.credential_json.clear(); }},
      {"empty etag", [](StoredStatusList& l) { l.etag.clear(); }},
      {"negative version", [](StoredStatusList& l) { l.status_version = -1; }},
      {"signed_at not UTC", [](StoredStatusList& l) { l.signed_at = "2026-12-01T05:30:00+05:30"; }},
      {"valid_until not a time", [](StoredStatusList& l) { l.valid_until = "tomorrow"; }},
      {"NUL in body", [](StoredStatusList& l) { l.credential_json = std::string("{\0}", 3); }},
  };
  for (const auto& [name, spoil] : cases) {
    SCOPED_TRACE(name);
    StoredStatusList list = SampleList(1, "{}");
    spoil(list);
    Status put = registry().PutStatusListCredential(list);
    ASSERT_FALSE(put.ok());
    EXPECT_EQ(put.error().code(), ErrorCode::kInvalidInput);
  }
  EXPECT_FALSE(registry().GetStatusListCredential("revocation-0")->has_value());
}

TEST_P(RegistryContractTest, MaxStatusPositionIsTheHighestHeldPosition) {
  auto none = registry().MaxStatusPosition();
  ASSERT_TRUE(none.ok()) << none.error().message();
  EXPECT_FALSE(none->has_value());
  PutOrFail(SampleCredential(7));  // revocation_index 14
  PutOrFail(SampleCredential(2));  // 4
  StoredCredential without = SampleCredential(9);
  without.revocation_index.reset();
  without.suspension_index.reset();
  PutOrFail(without);
  EXPECT_EQ(**registry().MaxStatusPosition(), 14);
}

TEST_P(RegistryContractTest, CertificateRoundTripsBinaryBytesAndReplaces) {
  PutOrFail(SampleCredential(1));
  const std::string id = SampleCredential(1).id;
  EXPECT_FALSE(registry().GetCertificate(id)->has_value());
  std::string pdf = "%PDF-1.7\n";
  for (int i = 0; i < 256; ++i) pdf.push_back(static_cast<char>(i));  // NUL and non-UTF-8
  ASSERT_TRUE(registry().PutCertificate(id, pdf).ok());
  Reopen();
  auto got = registry().GetCertificate(id);
  ASSERT_TRUE(got.ok()) << got.error().message();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, pdf);
  ASSERT_TRUE(registry().PutCertificate(id, "%PDF-again").ok());
  EXPECT_EQ(**registry().GetCertificate(id), "%PDF-again");
}

TEST_P(RegistryContractTest, PutCertificateFailsForAnUnknownCredentialOrAnEmptyPdf) {
  Status unknown = registry().PutCertificate("NOSUCHCREDENTIAL0000", "%PDF");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
  PutOrFail(SampleCredential(1));
  Status empty = registry().PutCertificate(SampleCredential(1).id, "");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code(), ErrorCode::kInvalidInput);
  EXPECT_FALSE(registry().GetCertificate(SampleCredential(1).id)->has_value());
  EXPECT_FALSE(registry().GetCertificate("NOSUCHCREDENTIAL0000")->has_value());
}

TEST_P(RegistryContractTest, CredentialsWithoutCertificateListsTheRestOldestFirstFromSince) {
  const char* times[] = {"2026-11-20T09:00:03Z", "2026-11-20T09:00:01Z", "2026-11-20T09:00:02Z",
                         "2026-11-20T09:00:04Z"};
  for (int n = 1; n <= 4; ++n) {
    StoredCredential credential = SampleCredential(n);
    credential.issued_at = times[n - 1];
    PutOrFail(credential);
  }
  ASSERT_TRUE(registry().PutCertificate(SampleCredential(3).id, "%PDF").ok());
  const auto ids = [&](std::string_view since, int64_t limit) {
    std::vector<std::string> found;
    auto missing = registry().CredentialsWithoutCertificate(since, limit);
    EXPECT_TRUE(missing.ok()) << missing.error().message();
    if (missing.ok()) {
      for (const CredentialWithoutCertificate& entry : *missing) found.push_back(entry.id);
    }
    return found;
  };
  const std::string c1 = SampleCredential(1).id, c2 = SampleCredential(2).id,
                    c4 = SampleCredential(4).id;
  EXPECT_EQ(ids("", 10), (std::vector<std::string>{c2, c1, c4}));
  EXPECT_EQ(ids("", 2), (std::vector<std::string>{c2, c1}));
  EXPECT_EQ(ids("2026-11-20T09:00:03Z", 10), (std::vector<std::string>{c1, c4}));
  auto missing = registry().CredentialsWithoutCertificate("", 1);
  ASSERT_TRUE(missing.ok());
  ASSERT_EQ(missing->size(), 1u);
  EXPECT_EQ((*missing)[0].issued_at, "2026-11-20T09:00:01Z");
}

}  // namespace
}  // namespace pramaan::store
