// Reading test inputs: published vectors (../shared/vectors), files of this repository, and
// files the tests write; private temporary directories; file modes; fixed instants. Each
// helper fails the current test (not the process) when it cannot do its work.
#ifndef PRAMAAN_TESTS_TEST_SUPPORT_H_
#define PRAMAAN_TESTS_TEST_SUPPORT_H_

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/json/json.h"
#include "core/time/clock.h"
#include "core/time/rfc3339.h"

namespace pramaan::testing {

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

inline Json ReadJsonFile(const std::filesystem::path& path) {
  auto parsed = ParseJson(ReadFile(path), path.string());
  EXPECT_TRUE(parsed.ok()) << path << ": " << (parsed.ok() ? "" : parsed.error().message());
  return parsed.ok() ? *parsed : Json();
}

inline std::filesystem::path VectorPath(const std::string& relative) {
  return std::filesystem::path(PRAMAAN_VECTORS_DIR) / relative;
}

inline std::filesystem::path SourcePath(const std::string& relative) {
  return std::filesystem::path(PRAMAAN_SOURCE_DIR) / relative;
}

// A published vector's text; a trailing newline, if the file has one, is not part of it.
inline std::string ReadVector(const std::string& relative) {
  std::string text = ReadFile(VectorPath(relative));
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

// A fresh private directory (mkdtemp, under the system's temporary directory, named
// PREFIX-XXXXXX), removed with its contents when the object is destroyed. A directory that
// cannot be made fails the current test.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "pramaan-test") {
    std::string pattern =
        (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
    EXPECT_NE(::mkdtemp(pattern.data()), nullptr) << pattern;
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  // Writes `text` to `name` (created with the process's umask) and returns its path.
  std::filesystem::path Write(const std::string& name, const std::string& text) const {
    const std::filesystem::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

  // Names of the entries in the directory, sorted (hidden ones included).
  std::vector<std::string> Entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::filesystem::path path_;
};

// The permission, set-id and sticky bits of `path`; fails the test (and returns 0) when `path`
// cannot be stat()ed.
inline unsigned ModeOf(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return static_cast<unsigned>(info.st_mode & 07777);
}

// The instant `text` (RFC 3339) names; fails the test and returns the epoch if it names none.
inline Timestamp At(std::string_view text) {
  Result<Timestamp> time = ParseRfc3339(text);
  EXPECT_TRUE(time.ok()) << text;
  return time.ok() ? *time : Timestamp();
}

// A clock tests move forward.
class MovableClock final : public Clock {
 public:
  explicit MovableClock(Timestamp now) : now_(now) {}
  Timestamp Now() const override { return now_; }
  void Advance(std::chrono::seconds by) { now_ += by; }

 private:
  Timestamp now_;
};

}  // namespace pramaan::testing

#endif  // PRAMAAN_TESTS_TEST_SUPPORT_H_
