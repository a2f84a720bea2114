// libFuzzer target: arbitrary bytes as a PDF through the reader behind `pramaan verify
// FILE.pdf` (core/pdf), by the same entry point the test suite replays seeds and past crashes
// through (tests/fuzz/pdf_reader_entry.h). Any crash, hang, leak, sanitizer report or failed
// round trip is a bug; the reader's errors are expected and fine.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/pdf_reader_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)pramaan::pdf::ReadPdfAsVerifierWould(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
