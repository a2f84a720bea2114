// A fixture for tests that run the real build/pramaan binary in a fresh temporary directory.
#ifndef PRAMAAN_TESTS_CLI_CLI_FIXTURE_H_
#define PRAMAAN_TESTS_CLI_CLI_FIXTURE_H_

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace pramaan {

using testing::ReadFile;

namespace fs = std::filesystem;

struct RunResult {
  int exit_code;
  std::string out;
  std::string err;
};


const std::string kVectors = PRAMAAN_VECTORS_DIR;
const std::string kSource = PRAMAAN_SOURCE_DIR;

class CliTest : public ::testing::Test {
 protected:
  // Runs `pramaan ARGS` through the shell (ARGS is shell text) with stdin from /dev/null.
  RunResult Run(const std::string& args, const std::string& env = "") const {
    const fs::path out = dir_ / ".stdout";
    const fs::path err = dir_ / ".stderr";
    const std::string command = env + " " + PRAMAAN_BINARY + " " + args + " </dev/null >" +
                                out.string() + " 2>" + err.string();
    const int status = std::system(command.c_str());
    RunResult result{WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadFile(out), ReadFile(err)};
    fs::remove(out);
    fs::remove(err);
    return result;
  }

  void Write(const std::string& name, const std::string& text) const {
    temp_dir_.Write(name, text);
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  // Writes a dev key and a config next to it; returns the config path.
  std::string MakeConfig() const {
    EXPECT_EQ(Run("keys generate --out " + Path("issuer.key")).exit_code, 0);
    Write("pramaan.json", R"({"base_url": "https://pramaan.example",
      "issuer": {"name": "Test Issuer"}, "signing_key": {"file": "issuer.key"}})");
    return Path("pramaan.json");
  }

  // The files in directory `name` a person sees (not the hidden lock and temporary files).
  size_t FilesIn(const std::string& name) const {
    if (!fs::exists(dir_ / name)) return 0;
    size_t count = 0;
    for (const auto& entry : fs::directory_iterator(dir_ / name)) {
      count += entry.path().filename().string().starts_with(".") ? 0 : 1;
    }
    return count;
  }

  // The credential files ({id}.json) in directory `name`, in name order.
  std::vector<fs::path> CredentialFiles(const std::string& name) const {
    std::vector<fs::path> files;
    if (!fs::exists(dir_ / name)) return files;
    for (const auto& entry : fs::directory_iterator(dir_ / name)) {
      const std::string file = entry.path().filename().string();
      if (!file.starts_with(".") && file.ends_with(".json")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
  }

  const testing::TempDir temp_dir_{"pramaan-cli"};
  const fs::path dir_ = temp_dir_.path();
};

}  // namespace pramaan

#endif  // PRAMAAN_TESTS_CLI_CLI_FIXTURE_H_
