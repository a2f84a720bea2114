// The one entry point through which both the libFuzzer target (tests/fuzz/pdf_fuzz.cc) and the
// ordinary test suite's replay (tests/pdf/pdf_fuzz_replay_test.cc) put bytes into the PDF
// reader, so that a seed or a past crash input replays exactly as the fuzzer ran it.
#ifndef PRAMAAN_TESTS_FUZZ_PDF_READER_ENTRY_H_
#define PRAMAAN_TESTS_FUZZ_PDF_READER_ENTRY_H_

#include <cstddef>
#include <string_view>

namespace pramaan::pdf {

// Reads `bytes` as `pramaan verify FILE.pdf` does before any signature is trusted: parse the
// cross-reference sections, the catalog, the page tree, each page's content and ToUnicode
// streams, the embedded-file name tree and associated files, and every indirect object (its
// stream decoded up to a small limit). Each object that parses is serialized and parsed
// again, and must come back the same: a difference aborts, as a crash would. Errors from the
// reader are normal answers. Returns how many objects were read, so the work is not optimised
// away.
size_t ReadPdfAsVerifierWould(std::string_view bytes);

}  // namespace pramaan::pdf

#endif  // PRAMAAN_TESTS_FUZZ_PDF_READER_ENTRY_H_
