// The SQLite registry through its public interface: every field round-trips, duplicates and
// bad supersessions are refused without changing anything, data survives reopening, and
// readers on many threads see consistent rows while a writer inserts.
#include "store/sqlite_registry.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "tests/store/sqlite_test_support.h"

namespace pramaan::store {
namespace {

namespace fs = std::filesystem;
using testing::ExpectSameCredential;
using testing::RawSqlite;
using testing::SameCredential;
using testing::SampleCredential;
using testing::TempDir;

class SqliteRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    registry_.reset();
    auto opened = OpenSqliteRegistry(path_);
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    registry_ = std::move(opened).value();
  }

  Registry& registry() { return *registry_; }

  void PutOrFail(const StoredCredential& credential) {
    Status put = registry().Put(credential);
    ASSERT_TRUE(put.ok()) << put.error().message();
  }

  std::optional<StoredCredential> GetOrFail(std::string_view id) {
    auto got = registry().Get(id);
    EXPECT_TRUE(got.ok()) << got.error().message();
    return got.ok() ? *got : std::nullopt;
  }

  int64_t CountOrFail() {
    auto count = registry().Count();
    EXPECT_TRUE(count.ok()) << count.error().message();
    return count.ok() ? *count : -1;
  }

  TempDir dir_;
  fs::path path_ = dir_.path() / "registry.db";
  std::unique_ptr<Registry> registry_;
};

// --- Put and Get -------------------------------------------------------------------------

TEST_F(SqliteRegistryTest, GetReturnsEveryFieldAsPut) {
  StoredCredential replacement = SampleCredential(1);
  replacement.revocation_index.reset();
  replacement.suspension_index.reset();
  PutOrFail(replacement);

  StoredCredential credential;
  credential.id = "KQ2D7RVN4XWJ5MHT3BCA";
  credential.source_record_id = "igot-cc-2026-000042'); DROP TABLE credentials; --";
  credential.credential_json =
      "{\"name\":\"अनन्या कृष्णन் · অনন্যা 🎓\",\"quote\":\"\\\"x\\\" \\\\ '\",\n"
      "\"credentialSubject\":{\"achievement\":\"ஆளுமை\\u00e9\"}}";
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

TEST_F(SqliteRegistryTest, GetReturnsNulloptForAnUnknownId) {
  PutOrFail(SampleCredential(1));
  EXPECT_FALSE(GetOrFail("UNKNOWNUNKNOWNUNKNOW").has_value());
  EXPECT_FALSE(GetOrFail("").has_value());
}

TEST_F(SqliteRegistryTest, GetBySourceRecordReturnsTheCredentialIssuedForIt) {
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

TEST_F(SqliteRegistryTest, CountCountsStoredCredentials) {
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

TEST_F(SqliteRegistryTest, PutFailsWhenAUniqueFieldIsAlreadyStored) {
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
}

TEST_F(SqliteRegistryTest, PutFailsOnAnInvalidField) {
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

TEST_F(SqliteRegistryTest, ConcurrentPutsForOneSourceRecordStoreExactlyOne) {
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

// --- Supersede -----------------------------------------------------------------------------

class SqliteRegistrySupersedeTest : public SqliteRegistryTest {
 protected:
  void SetUp() override {
    SqliteRegistryTest::SetUp();
    for (int n = 1; n <= 4; ++n) PutOrFail(SampleCredential(n));
  }
  static std::string Id(int n) { return SampleCredential(n).id; }
  std::string SupersededBy(int n) {
    auto got = GetOrFail(Id(n));
    EXPECT_TRUE(got.has_value());
    return got.has_value() ? got->superseded_by : "<missing>";
  }
};

TEST_F(SqliteRegistrySupersedeTest, SupersedeRecordsTheReplacementOnTheOldCredential) {
  Status superseded = registry().Supersede(Id(1), Id(2));
  ASSERT_TRUE(superseded.ok()) << superseded.error().message();
  EXPECT_EQ(SupersededBy(1), Id(2));
  EXPECT_EQ(SupersededBy(2), "");
}

TEST_F(SqliteRegistrySupersedeTest, SupersedeChainsAReissueOfAReissue) {
  ASSERT_TRUE(registry().Supersede(Id(1), Id(2)).ok());
  Status again = registry().Supersede(Id(2), Id(3));
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(SupersededBy(1), Id(2));
  EXPECT_EQ(SupersededBy(2), Id(3));
  EXPECT_EQ(SupersededBy(3), "");
}

TEST_F(SqliteRegistrySupersedeTest, SupersedeWithTheRecordedReplacementAgainSucceeds) {
  ASSERT_TRUE(registry().Supersede(Id(1), Id(2)).ok());
  Status retried = registry().Supersede(Id(1), Id(2));
  EXPECT_TRUE(retried.ok()) << retried.error().message();
  EXPECT_EQ(SupersededBy(1), Id(2));
}

TEST_F(SqliteRegistrySupersedeTest, SupersedeFailsWhenACredentialIsNotStored) {
  Status unknown_old = registry().Supersede("NOTSTOREDNOTSTOREDNO", Id(2));
  ASSERT_FALSE(unknown_old.ok());
  EXPECT_EQ(unknown_old.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(unknown_old.error().message().find("NOTSTOREDNOTSTOREDNO"), std::string::npos);

  Status unknown_new = registry().Supersede(Id(1), "NOTSTOREDNOTSTOREDNO");
  ASSERT_FALSE(unknown_new.ok());
  EXPECT_EQ(unknown_new.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(SupersededBy(1), "");
}

TEST_F(SqliteRegistrySupersedeTest, SupersedeFailsForItself) {
  Status self = registry().Supersede(Id(1), Id(1));
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(SupersededBy(1), "");
}

TEST_F(SqliteRegistrySupersedeTest, SupersedeFailsWhenOldIsAlreadySupersededByAnother) {
  ASSERT_TRUE(registry().Supersede(Id(1), Id(2)).ok());
  Status again = registry().Supersede(Id(1), Id(3));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(again.error().message().find(Id(2)), std::string::npos) << again.error().message();
  EXPECT_EQ(SupersededBy(1), Id(2));
  EXPECT_EQ(SupersededBy(3), "");
}

TEST_F(SqliteRegistrySupersedeTest, SupersedeFailsWhenItWouldMakeACycle) {
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

TEST_F(SqliteRegistrySupersedeTest, SupersedeFailsWhenTheReplacementIsItselfSuperseded) {
  ASSERT_TRUE(registry().Supersede(Id(2), Id(3)).ok());
  Status stale = registry().Supersede(Id(1), Id(2));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(SupersededBy(1), "");
}

// --- The file ------------------------------------------------------------------------------

TEST_F(SqliteRegistryTest, ReopeningKeepsEveryCredential) {
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

TEST_F(SqliteRegistryTest, TheFileIsInWalModeAndMarkedAsARegistry) {
  PutOrFail(SampleCredential(1));
  registry_.reset();
  RawSqlite raw(path_);
  EXPECT_EQ(raw.QueryText("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.QueryInt("PRAGMA application_id"), kRegistryApplicationId);
  EXPECT_EQ(raw.QueryInt("SELECT count(*) FROM credentials"), 1);
}

TEST_F(SqliteRegistryTest, ReadsDoNotWaitForAnotherConnectionsOpenWrite) {
  PutOrFail(SampleCredential(1));
  RawSqlite other(path_);
  other.Exec("BEGIN IMMEDIATE");
  other.Exec(
      "INSERT INTO credentials (id, source_record_id, credential_json, issued_at) "
      "VALUES ('UNCOMMITTEDUNCOMMITT', 'igot-x', '{}', '2026-11-20T09:00:00Z')");

  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(GetOrFail(SampleCredential(1).id).has_value());
  EXPECT_FALSE(GetOrFail("UNCOMMITTEDUNCOMMITT").has_value());
  EXPECT_EQ(CountOrFail(), 1);
  // A reader that waited would wait the busy timeout (seconds) and then fail.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));

  other.Exec("COMMIT");
  EXPECT_TRUE(GetOrFail("UNCOMMITTEDUNCOMMITT").has_value());
}

TEST_F(SqliteRegistryTest, TwoRegistriesOnOneFileShareIt) {
  auto second = OpenSqliteRegistry(path_);
  ASSERT_TRUE(second.ok()) << second.error().message();
  PutOrFail(SampleCredential(1));
  auto seen = (*second)->Get(SampleCredential(1).id);
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->has_value());
  Status duplicate = (*second)->Put(SampleCredential(1));
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code(), ErrorCode::kInvalidInput);
}

TEST(SqliteRegistryOpenTest, OpenFailsWhenTheDirectoryDoesNotExist) {
  TempDir dir;
  fs::path path = dir.path() / "missing" / "registry.db";
  auto opened = OpenSqliteRegistry(path);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kInternal);
  EXPECT_NE(opened.error().message().find(path.string()), std::string::npos);
}

// --- Threads -------------------------------------------------------------------------------

// 8 reader threads look credentials up by id and by source record, and count, while one
// writer inserts. A credential whose Put has returned must be visible to every reader, every
// row read must be exactly the one written, and counts never go backwards.
TEST_F(SqliteRegistryTest, ConcurrentReadersSeeConsistentRowsWhileAWriterInserts) {
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

}  // namespace
}  // namespace pramaan::store
