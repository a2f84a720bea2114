// Reading test inputs: published vectors (../shared/vectors), files of this repository, and
// files the tests write. Each reader fails the current test (not the process) when a file
// cannot be read.
#ifndef PRAMAAN_TESTS_TEST_SUPPORT_H_
#define PRAMAAN_TESTS_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/json/json.h"

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

}  // namespace pramaan::testing

#endif  // PRAMAAN_TESTS_TEST_SUPPORT_H_
