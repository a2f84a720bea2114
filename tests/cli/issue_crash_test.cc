// Issue 6: a batch killed with SIGKILL at random moments, many times, then completed, ends with
// exactly one credential per record: in the registry, in the output directory (every file
// whole, none extra) and in the status lists (every position used once, and the one each
// credential names).
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/json/json.h"
#include "core/status/status_entry.h"
#include "store/registry.h"
#include "store/status_lists.h"
#include "tests/cli/cli_fixture.h"
#include "tests/store/postgres_server.h"

extern char** environ;

namespace pramaan {
namespace {

constexpr int kRecords = 4000;
constexpr int kKills = 10;

class IssueCrashTest : public CliTest {
 protected:
  // Writes kRecords distinct course completions as JSON Lines.
  void WriteBatch(int records = kRecords) {
    auto example = ParseJson(ReadFile(kSource + "/examples/completion.json"));
    ASSERT_TRUE(example.ok());
    std::string batch;
    for (int i = 0; i < records; ++i) {
      Json record = *example;
      record["source_record_id"] = "crash-" + std::to_string(i);
      record["learner"]["name"] = "Learner " + std::to_string(i);
      batch += DumpJson(record, false) + "\n";
    }
    Write("batch.jsonl", batch);
  }

  // Starts `pramaan issue` on the batch into `registry` (kNoRegistry: none given, so the one
  // it keeps in the output directory); returns its pid. Its standard output goes to
  // `stdout_path` (default: nowhere).
  static constexpr const char* kNoRegistry = "-";
  pid_t StartIssue(const std::string& registry = "", const std::string& stdout_path = "/dev/null") {
    std::vector<std::string> args = {PRAMAAN_BINARY, "issue", "--config", Path("pramaan.json"),
                                     Path("batch.jsonl"), "--out", Path("out")};
    if (registry != kNoRegistry) {
      args.push_back("--registry");
      args.push_back(registry.empty() ? Path("reg.sqlite") : registry);
    }
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    EXPECT_EQ(::posix_spawn(&pid, PRAMAAN_BINARY, &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    return pid;
  }
};

TEST_F(IssueCrashTest, ABatchKilledAtRandomMomentsAndRunAgainIssuesEachRecordExactlyOnce) {
  MakeConfig();
  WriteBatch();
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> delay_ms(15, 150);
  int killed_mid_run = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    const pid_t pid = StartIssue();
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    killed_mid_run += WIFSIGNALED(status) ? 1 : 0;
  }
  EXPECT_GT(killed_mid_run, kKills / 2) << "most runs finished before their kill: make the batch longer";
  auto partial = store::OpenSqliteRegistry(Path("reg.sqlite"));
  ASSERT_TRUE(partial.ok());
  auto issued_before = (*partial)->Count();
  ASSERT_TRUE(issued_before.ok());
  partial->reset();
  std::printf("killed %d of %d runs mid-batch; %lld of %d records issued before the last run\n",
              killed_mid_run, kKills, static_cast<long long>(*issued_before), kRecords);
  EXPECT_LT(*issued_before, kRecords) << "the kills came too late to test anything";

  const RunResult completed =
      Run("issue --config " + Path("pramaan.json") + " --registry " + Path("reg.sqlite") + " " +
          Path("batch.jsonl") + " --out " + Path("out"));
  ASSERT_EQ(completed.exit_code, 0) << completed.err;
  const RunResult again =
      Run("issue --config " + Path("pramaan.json") + " --registry " + Path("reg.sqlite") + " " +
          Path("batch.jsonl") + " --out " + Path("out"));
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "") << "a complete batch run again issues nothing";
  EXPECT_NE(again.err.find("Skipped:  " + std::to_string(kRecords)), std::string::npos) << again.err;

  // The registry: one credential per record.
  auto opened = store::OpenSqliteRegistry(Path("reg.sqlite"));
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  store::Registry& registry = **opened;
  auto count = registry.Count();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, kRecords);
  std::map<std::string, store::StoredCredential> by_id;
  std::set<int64_t> positions;
  for (int i = 0; i < kRecords; ++i) {
    auto stored = registry.GetBySourceRecord("crash-" + std::to_string(i));
    ASSERT_TRUE(stored.ok() && stored->has_value()) << i;
    const store::StoredCredential& credential = **stored;
    ASSERT_TRUE(credential.revocation_index.has_value()) << i;
    EXPECT_EQ(credential.revocation_index, credential.suspension_index);
    EXPECT_TRUE(positions.insert(*credential.revocation_index).second)
        << "position " << *credential.revocation_index << " used twice";
    by_id[credential.id] = credential;
  }

  // The files: exactly the registry's credentials, each whole and as stored; nothing else.
  int json_files = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "out")) {
    const std::string name = entry.path().filename().string();
    EXPECT_FALSE(name.starts_with("."))
        << name << ": a temporary file was left behind";
    if (!name.ends_with(".json")) continue;
    ++json_files;
    const std::string id = name.substr(0, name.size() - 5);
    const auto stored = by_id.find(id);
    ASSERT_NE(stored, by_id.end()) << name << " is not in the registry";
    const std::string text = ReadFile(entry.path());
    EXPECT_EQ(text, stored->second.credential_json) << name;
    // Its status entries name the registry's position, in the right lists.
    auto credential = ParseJson(text);
    ASSERT_TRUE(credential.ok()) << name;
    auto status = ReadCredentialStatus(*credential);
    ASSERT_TRUE(status.ok() && status->entries.size() == 2) << name;
    const int64_t position = *stored->second.revocation_index;
    for (const BitstringStatusListEntry& entry_status : status->entries) {
      EXPECT_EQ(entry_status.status_list_index,
                static_cast<uint64_t>(position % store::kStatusListSize));
      EXPECT_TRUE(entry_status.status_list_credential.ends_with(
          "-" + std::to_string(position / store::kStatusListSize)));
    }
  }
  EXPECT_EQ(json_files, kRecords);
}

// Issue 16: the README's own example, without --registry. The registry the run keeps in the
// output directory makes it idempotent too: killed once and run twice more, a batch ends with
// exactly one credential per record, and the last run issues nothing.
TEST_F(IssueCrashTest, ABatchWithoutRegistryKilledAndRunTwiceMoreIssuesEachRecordOnce) {
  constexpr int kUnregistered = 1500;
  MakeConfig();
  WriteBatch(kUnregistered);
  const pid_t pid = StartIssue(kNoRegistry);
  ASSERT_GT(pid, 0);
  // Killed once some files exist, so the kill lands mid-batch.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline &&
         (!fs::exists(dir_ / "out") || FilesIn("out") < 50)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status)) << "the run finished before its kill: make the batch longer";

  const std::string command = "issue --config " + Path("pramaan.json") + " " +
                              Path("batch.jsonl") + " --out " + Path("out");
  const RunResult second = Run(command);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const RunResult third = Run(command);
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(third.out, "") << "a complete batch run again issues nothing";

  // One file per record, each naming its record once; no status entries without --registry.
  std::set<std::string> sources;
  int json_files = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "out")) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".json")) continue;
    ++json_files;
    auto credential = ParseJson(ReadFile(entry.path()));
    ASSERT_TRUE(credential.ok()) << name;
    EXPECT_FALSE(credential->contains("credentialStatus")) << name;
    sources.insert((*credential)["credentialSubject"]["name"].get<std::string>());
  }
  EXPECT_EQ(json_files, kUnregistered);
  EXPECT_EQ(sources.size(), static_cast<size_t>(kUnregistered));
  auto embedded = store::OpenSqliteRegistry(dir_ / "out" / ".pramaan-issued.sqlite");
  ASSERT_TRUE(embedded.ok()) << embedded.error().message();
  auto count = (*embedded)->Count();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, kUnregistered);
}

// Two workers on one batch, against one PostgreSQL registry, at the same time: every record is
// issued exactly once, by one of them, and no status position is used twice.
TEST_F(IssueCrashTest, TwoWorkersOnOneBatchAgainstPostgresqlIssueEachRecordOnce) {
  constexpr int kShared = 600;
  auto server = testing::PostgresServer::Shared();
  ASSERT_TRUE(server.ok()) << server.error().message();
  auto schema = (*server)->CreateSchema();
  ASSERT_TRUE(schema.ok()) << schema.error().message();
  const std::string url = (*server)->SchemaUrl(*schema);
  MakeConfig();
  WriteBatch(kShared);
  const pid_t first = StartIssue(url, Path("first.out"));
  const pid_t second = StartIssue(url, Path("second.out"));
  for (const pid_t pid : {first, second}) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  const auto lines = [](const std::string& text) {
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  };
  const int by_first = lines(ReadFile(Path("first.out")));
  const int by_second = lines(ReadFile(Path("second.out")));
  std::printf("first worker issued %d, second %d\n", by_first, by_second);
  EXPECT_EQ(by_first + by_second, kShared);

  auto opened = store::OpenPostgresRegistry(url);
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  auto count = (*opened)->Count();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, kShared);
  std::set<int64_t> positions;
  for (int i = 0; i < kShared; ++i) {
    auto stored = (*opened)->GetBySourceRecord("crash-" + std::to_string(i));
    ASSERT_TRUE(stored.ok() && stored->has_value()) << i;
    ASSERT_TRUE((*stored)->revocation_index.has_value());
    EXPECT_TRUE(positions.insert(*(*stored)->revocation_index).second);
    EXPECT_EQ(ReadFile(dir_ / "out" / ((*stored)->id + ".json")), (*stored)->credential_json) << i;
  }
  EXPECT_EQ(FilesIn("out"), static_cast<size_t>(kShared));
  EXPECT_TRUE((*server)->DropSchema(*schema).ok());
}

}  // namespace
}  // namespace pramaan
