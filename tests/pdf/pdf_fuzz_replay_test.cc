// Replays every committed seed (tests/fuzz/corpus/pdf) and every input that once crashed the
// PDF fuzz target (tests/fuzz/crashes/pdf) through the fuzz target's own entry point, in the
// ordinary build: a fixed crash that comes back fails here, without clang or libFuzzer.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fuzz/pdf_reader_entry.h"

namespace pramaan::pdf {
namespace {

std::vector<std::filesystem::path> FilesIn(const std::string& folder) {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path root = std::filesystem::path(PRAMAAN_SOURCE_DIR) / folder;
  if (!std::filesystem::is_directory(root)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") {
      files.push_back(entry.path());
    }
  }
  return files;
}

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST(PdfFuzzReplay, SeedsReadWithoutCrashing) {
  const auto seeds = FilesIn("tests/fuzz/corpus/pdf");
  ASSERT_GE(seeds.size(), 5u) << "the PDF seed corpus is missing";
  size_t documents_with_objects = 0;
  for (const auto& seed : seeds) {
    SCOPED_TRACE(seed.filename().string());
    documents_with_objects += ReadPdfAsVerifierWould(Read(seed)) > 0;
  }
  // The well-formed seeds (a certificate-shaped file, its update, rendered certificates) read.
  EXPECT_GE(documents_with_objects, 4u);
}

TEST(PdfFuzzReplay, PastCrashesReadWithoutCrashing) {
  for (const auto& input : FilesIn("tests/fuzz/crashes/pdf")) {
    SCOPED_TRACE(input.filename().string());
    (void)ReadPdfAsVerifierWould(Read(input));
  }
}

}  // namespace
}  // namespace pramaan::pdf
