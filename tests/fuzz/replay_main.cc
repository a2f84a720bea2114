// Replays committed fuzz inputs through a libFuzzer target's own entry point, in the ordinary
// build (no clang, no libFuzzer): every seed in the corpus folder and every past crash in the
// crashes folder. A crash, sanitizer report or abort fails the test; so does an empty corpus,
// since replaying nothing would prove nothing.
//
// usage: NAME_replay CORPUS_DIR [CRASHES_DIR]
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

// Runs every regular file under `dir` (sorted, so that a failure is reproducible); returns
// how many.
int ReplayFolder(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, error)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
    std::fprintf(stderr, "replaying %s (%zu bytes)\n", file.c_str(), bytes.size());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
  return static_cast<int>(files.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR [CRASHES_DIR]\n", argv[0]);
    return 2;
  }
  const int seeds = ReplayFolder(argv[1]);
  if (seeds == 0) {
    std::fprintf(stderr, "%s: no seeds to replay\n", argv[1]);
    return 1;
  }
  const int crashes = argc == 3 ? ReplayFolder(argv[2]) : 0;
  std::printf("replayed %d seeds and %d past crashes without a failure\n", seeds, crashes);
  return 0;
}
