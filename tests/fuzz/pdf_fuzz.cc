// libFuzzer target: arbitrary bytes as a PDF through the reader behind `pramaan verify
// FILE.pdf` (core/pdf, library pramaan_pdf). Any crash, hang, leak, sanitizer report or failed
// round trip is a bug; the reader's errors are expected and fine. The ordinary build replays
// corpus/pdf_fuzz and crashes/pdf_fuzz through this same function (pdf_fuzz_replay).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/pdf/pdf_document.h"
#include "core/pdf/pdf_object.h"

namespace pramaan::pdf {
namespace {

// Small limits keep one input's work small, so the fuzzer tries many; the reader's own
// limits are what is under test, not these.
constexpr size_t kMaxDecodedBytes = 1u << 16;
constexpr uint32_t kMaxObjectsRead = 2048;
constexpr size_t kMaxPagesRead = 8;
constexpr size_t kMaxTreeNodes = 256;

// The reader's serializer must write what its parser reads back to the same object.
void CheckRoundTrip(const PdfObject& object) {
  const std::string once = object.Serialize();
  Parser parser(once);
  Result<PdfObject> again = parser.ParseObject();
  if (!again.ok() || again->Serialize() != once) {
    std::fprintf(stderr, "PDF object does not round-trip: %s -> %s\n", once.c_str(),
                 again.ok() ? again->Serialize().c_str() : again.error().message().c_str());
    std::abort();
  }
}

// The embedded-file name tree, walked as the PDF verifier walks it (bounded).
void WalkNames(const PdfDocument& document, const PdfObject& node_ref, int depth, size_t* nodes) {
  if (depth > 32 || ++*nodes > kMaxTreeNodes) return;
  Result<PdfObject> node = document.Resolve(node_ref);
  if (!node.ok()) return;
  Result<PdfObject> names = document.ResolveEntry(*node, "Names");
  if (names.ok()) {
    for (size_t i = 1; i < names->array().size(); i += 2) {
      Result<PdfObject> filespec = document.Resolve(names->array()[i]);
      if (!filespec.ok()) continue;
      Result<PdfObject> files = document.ResolveEntry(*filespec, "EF");
      if (!files.ok()) continue;
      Result<PdfObject> stream = document.ResolveEntry(*files, "F");
      if (stream.ok() && stream->is_stream()) (void)document.DecodeStream(*stream, kMaxDecodedBytes);
    }
  }
  Result<PdfObject> kids = document.ResolveEntry(*node, "Kids");
  if (!kids.ok()) return;
  for (const PdfObject& kid : kids->array()) WalkNames(document, kid, depth + 1, nodes);
}

// Reads `bytes` as `pramaan verify FILE.pdf` does before any signature is trusted: parse the
// cross-reference sections, the catalog, the page tree, each page's content and ToUnicode
// streams, the embedded-file name tree and associated files, and every indirect object (its
// stream decoded up to a small limit). Each object that parses is serialized and parsed
// again, and must come back the same: a difference aborts, as a crash would. Returns how
// many objects were read.
size_t ReadPdfAsVerifierWould(std::string_view bytes) {
  Result<PdfDocument> parsed = PdfDocument::Parse(std::string(bytes));
  if (!parsed.ok()) return 0;
  const PdfDocument& document = *parsed;
  size_t read = 0;
  CheckRoundTrip(document.trailer());

  if (Result<PdfObject> catalog = document.Catalog(); catalog.ok()) {
    ++read;
    if (Result<PdfObject> associated = document.ResolveEntry(*catalog, "AF"); associated.ok()) {
      for (const PdfObject& item : associated->array()) {
        Result<PdfObject> filespec = document.Resolve(item);
        if (filespec.ok()) (void)filespec->Find("AFRelationship");
      }
    }
    if (Result<PdfObject> names = document.ResolveEntry(*catalog, "Names"); names.ok()) {
      if (const PdfObject* tree = names->Find("EmbeddedFiles"); tree != nullptr) {
        size_t nodes = 0;
        WalkNames(document, *tree, 0, &nodes);
      }
    }
  }
  if (Result<std::vector<ObjectRef>> pages = document.Pages(); pages.ok()) {
    for (size_t i = 0; i < pages->size() && i < kMaxPagesRead; ++i) {
      read += document.PageContents(i).ok();
      read += document.PageFontToUnicode(i).ok();
    }
  }
  const uint32_t last = document.size() < kMaxObjectsRead ? document.size() : kMaxObjectsRead;
  for (uint32_t number = 1; number < last; ++number) {
    const std::optional<size_t> offset = document.ObjectOffset(number);
    if (!offset.has_value()) continue;
    Result<PdfObject> object = document.GetObject({number, 0});
    if (!object.ok()) continue;
    ++read;
    CheckRoundTrip(*object);
    if (object->is_stream()) (void)document.DecodeStream(*object, kMaxDecodedBytes);
  }
  return read;
}

}  // namespace
}  // namespace pramaan::pdf

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)pramaan::pdf::ReadPdfAsVerifierWould(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
