// What only the PostgreSQL registry promises: URLs are checked and never repeated with their
// password; a server that cannot be reached or refuses the login is kInternal; connections
// the server drops are replaced; the pool never opens more than max_connections. The Registry
// contract itself is tested against every backend in registry_contract_test.cc.
#include "store/postgres_registry.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "store/postgres_connection.h"
#include "store/postgres_migrations.h"
#include "tests/store/postgres_test_support.h"
#include "tests/store/registry_test_support.h"

namespace pramaan::store {
namespace {

using testing::SampleCredential;

constexpr std::string_view kPassword = "Tr0ub4dor-secret";

class PostgresRegistryTest : public testing::PostgresDatabaseTest {
 protected:
  // Ends every session of the registry's database but the test's own, waiting until they end.
  void TerminateRegistrySessions() {
    // OFFSET 0 keeps the filter from being merged with the call: the planner may order the
    // conditions of one WHERE as it likes, and this session must not end itself.
    EXPECT_GT(QueryInt("SELECT count(*) FROM (SELECT pid FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                       "OFFSET 0) AS others WHERE pg_terminate_backend(others.pid, 5000)"),
              0);
  }
};

TEST(PostgresTargetTest, DescribesTheUrlWithoutItsPassword) {
  auto target = PostgresTarget::Parse("postgresql://issuer:" + std::string(kPassword) +
                                      "@db.example:6432/registry?sslmode=verify-full");
  ASSERT_TRUE(target.ok()) << target.error().message();
  EXPECT_EQ(target->description(), "postgresql://issuer@db.example:6432/registry");

  auto uppercase = PostgresTarget::Parse("PostgreSQL://issuer@db.example/registry");
  ASSERT_TRUE(uppercase.ok()) << uppercase.error().message();
  EXPECT_EQ(uppercase->description(), "postgresql://issuer@db.example/registry");
}

TEST(PostgresTargetTest, ParseFailsForWhatIsNotAPostgresUrl) {
  const std::vector<std::string> urls = {
      "",
      "registry.db",
      "host=db.example dbname=registry password=" + std::string(kPassword),
      "mysql://issuer:" + std::string(kPassword) + "@db.example/registry",
      "postgresql://issuer:" + std::string(kPassword) + "@db.example/registry?no_such_option=1",
      "postgresql://issuer:" + std::string(kPassword) + "@[::1/registry",
  };
  for (const std::string& url : urls) {
    SCOPED_TRACE(url);
    auto target = PostgresTarget::Parse(url);
    ASSERT_FALSE(target.ok());
    EXPECT_EQ(target.error().code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(target.error().message().find(kPassword), std::string::npos)
        << target.error().message();
  }
}

TEST(PostgresRegistryOpenTest, OpenFailsWhenNoServerListens) {
  // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
  std::string url = "postgresql://issuer:" + std::string(kPassword) + "@127.0.0.1:1/registry";
  auto opened = OpenPostgresRegistry(url);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kInternal);
  EXPECT_NE(opened.error().message().find("postgresql://issuer@127.0.0.1:1/registry"),
            std::string::npos)
      << opened.error().message();
  EXPECT_EQ(opened.error().message().find(kPassword), std::string::npos)
      << opened.error().message();
}

TEST_F(PostgresRegistryTest, OpenFailsWhenTheServerRefusesTheLogin) {
  std::string url = "postgresql://nobody:" + std::string(kPassword) +
                    "@127.0.0.1:" + std::to_string(server().port()) + "/" + database();
  auto opened = OpenPostgresRegistry(url);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kInternal);
  EXPECT_NE(opened.error().message().find("nobody"), std::string::npos) << opened.error().message();
  EXPECT_EQ(opened.error().message().find(kPassword), std::string::npos)
      << opened.error().message();
}

TEST_F(PostgresRegistryTest, OpenFailsWhenTheDatabaseDoesNotExist) {
  std::string url = server().Url("no_such_database");
  auto opened = OpenPostgresRegistry(url);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kInternal);
  EXPECT_NE(opened.error().message().find("no_such_database"), std::string::npos)
      << opened.error().message();
}

TEST_F(PostgresRegistryTest, SessionsIdentifyAsPramaanAndUseUtf8) {
  auto opened = PostgresRegistry::Open(url());
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  ASSERT_TRUE((*opened)->Put(SampleCredential(1)).ok());
  EXPECT_EQ(QueryInt("SELECT count(*) FROM pg_stat_activity "
                     "WHERE datname = current_database() AND application_name = 'pramaan'"),
            1);
  // Stored as the UTF-8 bytes given, whatever the client encoding the URL asks for.
  auto latin1 = PostgresRegistry::Open(url() + "&client_encoding=LATIN1");
  ASSERT_TRUE(latin1.ok()) << latin1.error().message();
  auto got = (*latin1)->Get(SampleCredential(1).id);
  ASSERT_TRUE(got.ok()) << got.error().message();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->credential_json, SampleCredential(1).credential_json);
}

TEST_F(PostgresRegistryTest, TheStatusAuditLogRefusesUpdatesDeletesAndTruncation) {
  auto opened = PostgresRegistry::Open(url());
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  ASSERT_TRUE((*opened)->Put(SampleCredential(1)).ok());
  auto changed = (*opened)->ChangeStatus(StatusEvent{0, SampleCredential(1).id,
                                                     StatusAction::kRevoke, "fraud", "registrar",
                                                     "2026-11-21T10:00:00Z", "fraudulent"});
  ASSERT_TRUE(changed.ok() && *changed);
  for (const char* sql : {"UPDATE status_events SET reason = 'typo'", "DELETE FROM status_events",
                          "TRUNCATE status_events"}) {
    auto refused = server().Query(database(), "SET search_path TO " + schema() + "; " + sql);
    ASSERT_FALSE(refused.ok()) << sql;
    EXPECT_NE(refused.error().message().find("append-only"), std::string::npos)
        << refused.error().message();
  }
  EXPECT_EQ(Query("SELECT reason FROM status_events"), "fraud");
}

// status_events.seq comes from a sequence, so two status changes could commit in the other
// order than they drew their seq. A status list signed in between would then be stored as
// current for the higher seq without the lower one's change, and a revocation would be
// missed until the list's re-signing time. Every change therefore holds the status-order lock
// (kPostgresStatusOrderLockKey) from before it writes until it commits: while another session
// holds that lock, a change waits and writes nothing.
TEST_F(PostgresRegistryTest, StatusChangesCommitInTheOrderOfTheirSeq) {
  auto opened = PostgresRegistry::Open(url());
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  ASSERT_TRUE((*opened)->Put(SampleCredential(1)).ok());
  auto target = PostgresTarget::Parse(url());
  ASSERT_TRUE(target.ok()) << target.error().message();
  auto holder = PostgresConnection::Open(*target);
  ASSERT_TRUE(holder.ok()) << holder.error().message();
  ASSERT_TRUE((*holder)
                  ->Execute("SELECT pg_advisory_lock($1::bigint)",
                            PostgresParams().Int64(kPostgresStatusOrderLockKey))
                  .ok());
  std::atomic<bool> done{false};
  std::thread change([&] {
    auto changed = (*opened)->ChangeStatus(StatusEvent{0, SampleCredential(1).id,
                                                       StatusAction::kRevoke, "fraud",
                                                       "registrar", "2026-11-21T10:00:00Z", "fraudulent"});
    EXPECT_TRUE(changed.ok() && *changed);
    done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_FALSE(done) << "a status change committed while another held the status-order lock";
  EXPECT_EQ(QueryInt("SELECT count(*) FROM status_events"), 0);
  ASSERT_TRUE((*holder)
                  ->Execute("SELECT pg_advisory_unlock($1::bigint)",
                            PostgresParams().Int64(kPostgresStatusOrderLockKey))
                  .ok());
  change.join();
  EXPECT_TRUE(done);
  EXPECT_EQ(QueryInt("SELECT count(*) FROM status_events"), 1);
  auto version = (*opened)->StatusVersion();
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 1);
}

TEST_F(PostgresRegistryTest, AnIssuedCredentialIsNeverRewrittenOrDeleted) {
  auto opened = PostgresRegistry::Open(url());
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  ASSERT_TRUE((*opened)->Put(SampleCredential(1)).ok());
  ASSERT_TRUE((*opened)->Put(SampleCredential(2)).ok());
  const std::string id = SampleCredential(1).id;
  for (const std::string& sql : std::vector<std::string>{
           "UPDATE credentials SET credential_json = '{}'", "UPDATE credentials SET id = 'x'",
        "UPDATE credentials SET source_record_id = 'other'",
        "UPDATE credentials SET issued_at = '2020-01-01T00:00:00Z'",
        "DELETE FROM credentials WHERE id = '" + id + "'", "TRUNCATE credentials CASCADE"}) {
    auto refused = server().Query(database(), "SET search_path TO " + schema() + "; " + sql);
    ASSERT_FALSE(refused.ok()) << sql;
    EXPECT_NE(refused.error().message().find("an issued credential is never"), std::string::npos)
        << refused.error().message();
  }
  EXPECT_EQ(Query("SELECT credential_json FROM credentials WHERE id = '" + id + "'"),
            SampleCredential(1).credential_json);
  // What may change after issuance still can.
  ASSERT_TRUE((*opened)->Supersede(id, SampleCredential(2).id).ok());
  EXPECT_EQ(Query("SELECT superseded_by FROM credentials WHERE id = '" + id + "'"),
            SampleCredential(2).id);
}

TEST_F(PostgresRegistryTest, TheIssuanceLogIsAppendOnly) {
  auto opened = PostgresRegistry::Open(url());
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  IssuanceEvent event{0, "CRED1", "igot-1", IssuanceAction::kSign, "did:web:x#key-1",
                      "cli:tester", "2026-11-20T09:00:00Z", ""};
  ASSERT_TRUE((*opened)->AppendIssuanceEvents({event}).ok());
  for (const std::string sql : {"UPDATE issuance_events SET actor = 'someone else'",
                                "DELETE FROM issuance_events", "TRUNCATE issuance_events"}) {
    auto refused = server().Query(database(), "SET search_path TO " + schema() + "; " + sql);
    ASSERT_FALSE(refused.ok()) << sql;
    EXPECT_NE(refused.error().message().find("issuance_events is append-only"), std::string::npos)
        << refused.error().message();
  }
  EXPECT_EQ(Query("SELECT actor FROM issuance_events"), "cli:tester");
}

TEST_F(PostgresRegistryTest, ReadsGoOnAfterTheServerDropsTheConnections) {
  auto opened = PostgresRegistry::Open(url());
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  PostgresRegistry& registry = **opened;
  ASSERT_TRUE(registry.Put(SampleCredential(1)).ok());

  TerminateRegistrySessions();
  auto got = registry.Get(SampleCredential(1).id);
  ASSERT_TRUE(got.ok()) << got.error().message();
  EXPECT_TRUE(got->has_value());
  auto count = registry.Count();
  ASSERT_TRUE(count.ok()) << count.error().message();
  EXPECT_EQ(*count, 1);
  Status put = registry.Put(SampleCredential(2));
  EXPECT_TRUE(put.ok()) << put.error().message();
}

TEST_F(PostgresRegistryTest, AWriteOnADroppedConnectionFailsAndTheNextOneWorks) {
  auto opened = PostgresRegistry::Open(url());
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  PostgresRegistry& registry = **opened;

  TerminateRegistrySessions();
  // Not retried: whether a write on a lost connection committed cannot be known.
  Status lost = registry.Put(SampleCredential(1));
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code(), ErrorCode::kInternal) << lost.error().message();
  EXPECT_EQ(registry.open_connections(), 0u);

  Status retried = registry.Put(SampleCredential(1));
  EXPECT_TRUE(retried.ok()) << retried.error().message();
}

TEST_F(PostgresRegistryTest, ThePoolOpensAtMostMaxConnections) {
  PostgresRegistryOptions options;
  options.max_connections = 2;
  auto opened = PostgresRegistry::Open(url(), options);
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  PostgresRegistry& registry = **opened;
  ASSERT_TRUE(registry.Put(SampleCredential(1)).ok());

  constexpr int kThreads = 8;
  std::atomic<int> failures{0};
  std::atomic<size_t> most_open{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        auto got = registry.Get(SampleCredential(1).id);
        if (!got.ok() || !got->has_value()) ++failures;
        size_t open = registry.open_connections();
        size_t seen = most_open.load();
        while (open > seen && !most_open.compare_exchange_weak(seen, open)) {
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(most_open.load(), 2u);
  EXPECT_LE(QueryInt("SELECT count(*) FROM pg_stat_activity "
                     "WHERE datname = current_database() AND application_name = 'pramaan'"),
            2);
}

TEST_F(PostgresRegistryTest, OpenFailsForNoConnections) {
  PostgresRegistryOptions options;
  options.max_connections = 0;
  auto opened = PostgresRegistry::Open(url(), options);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace pramaan::store
