// Replays the HTTP request fuzzer's committed seeds and every crash it ever found through the
// same entry point the fuzzer calls (tests/fuzz/http_request_entry.h), in the ordinary build.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/fuzz/http_request_entry.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> FilesIn(const std::string& folder) {
  std::vector<fs::path> files;
  const fs::path dir = testing::SourcePath(folder);
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") {
      files.push_back(entry.path());
    }
  }
  return files;
}

// Every seed is a well-formed request (or several): each must be answered, not just survived.
TEST(HttpFuzzReplay, EverySeedIsParsedAndAnswered) {
  const std::vector<fs::path> seeds = FilesIn("tests/fuzz/corpus/http_fuzz");
  ASSERT_GE(seeds.size(), 10u) << "the seeds of tests/fuzz/corpus/http_fuzz are missing";
  for (const fs::path& seed : seeds) {
    SCOPED_TRACE(seed.filename().string());
    EXPECT_GE(fuzz::ServeHttpBytes(testing::ReadFile(seed)), 1);
  }
}

// Inputs that once crashed the fuzzer (or the server): each must now pass without a crash.
TEST(HttpFuzzReplay, EveryPastCrashPasses) {
  for (const fs::path& crash : FilesIn("tests/fuzz/crashes/http_fuzz")) {
    SCOPED_TRACE(crash.filename().string());
    fuzz::ServeHttpBytes(testing::ReadFile(crash));
  }
}

}  // namespace
}  // namespace pramaan
