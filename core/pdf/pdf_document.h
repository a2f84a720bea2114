// A small, hardened PDF reader: enough of ISO 32000-1 to find a certificate's catalog, pages,
// page text resources, embedded files and signature, and nothing more.
//
// It reads classic cross-reference tables (section 7.5.4) and their trailers, following /Prev
// through incremental updates; cross-reference streams and object streams (PDF 1.5) are
// refused with kUnsupported, since cairo, the only producer we read, never writes them.
// Objects are parsed on demand from the file's bytes, so opening a document costs only its
// cross-reference sections. Every walk (/Prev chains, page trees, reference chains, nesting)
// is bounded, and decoded streams are limited in size: hostile input yields an error, never a
// crash, a loop or an unbounded allocation.
#ifndef PRAMAAN_CORE_PDF_PDF_DOCUMENT_H_
#define PRAMAAN_CORE_PDF_PDF_DOCUMENT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/pdf/pdf_object.h"
#include "core/result.h"

namespace pramaan::pdf {

// Largest decoded stream DecodeStream produces by default: a certificate page's content is a
// few kilobytes, an embedded credential a few tens; a zip bomb stops here.
inline constexpr size_t kMaxDecodedStreamBytes = 16u << 20;
// Most incremental updates (cross-reference sections) followed through /Prev.
inline constexpr int kMaxUpdates = 256;
// Most pages a document may have, and deepest page tree.
inline constexpr size_t kMaxPages = 10000;
inline constexpr int kMaxPageTreeDepth = 32;

class PdfDocument {
 public:
  // Reads the cross-reference sections and trailers of `bytes` (which the document keeps).
  // Fails with kInvalidInput when there is no "%PDF-" header, no startxref, a malformed
  // table or trailer, a /Prev loop or more than kMaxUpdates sections, more than 2^20
  // cross-reference entries, or no /Root in the trailer; with kUnsupported for cross-reference streams (or a hybrid /XRefStm trailer).
  static Result<PdfDocument> Parse(std::string bytes);

  // The whole file.
  std::string_view bytes() const { return *bytes_; }
  // The newest trailer dictionary, with /Root, /Info and /ID taken from older trailers when
  // the newest lacks them.
  const PdfObject& trailer() const { return trailer_; }
  // Offset of the newest cross-reference table (the file's startxref value).
  size_t startxref() const { return startxref_; }
  // How many cross-reference sections (the original plus one per incremental update).
  int section_count() const { return section_count_; }
  // The trailer's /Size: one more than the highest object number in use.
  uint32_t size() const { return size_; }

  // Byte offset of the newest version of in-use object `number`, or nullopt when it is free
  // or absent.
  std::optional<size_t> ObjectOffset(uint32_t number) const;

  // Parses the indirect object `ref` (a stream with its raw body, /Length direct or
  // indirect). Fails with kNotFound when the object is free or absent, kInvalidInput when its
  // bytes do not hold "N G obj ... endobj" for that number.
  Result<PdfObject> GetObject(ObjectRef ref) const;
  // `object` itself, or the object it refers to (following chains of references, bounded).
  // A reference to a missing object resolves to null, as ISO 32000-1 section 7.3.10 says.
  Result<PdfObject> Resolve(const PdfObject& object) const;
  // Resolve(dictionary[key]) for a dictionary; null when the key is absent.
  Result<PdfObject> ResolveEntry(const PdfObject& dictionary, std::string_view key) const;

  // The trailer's /Root reference and the catalog dictionary.
  ObjectRef catalog_ref() const { return catalog_ref_; }
  Result<PdfObject> Catalog() const;

  // The page objects' references in document order. Fails with kInvalidInput on a broken
  // page tree (a loop, too deep, not a /Pages or /Page node, more than kMaxPages pages).
  Result<std::vector<ObjectRef>> Pages() const;

  // A stream's decoded body: no filter or /FlateDecode (zlib), without predictors. Fails with
  // kUnsupported for other filters, kInvalidInput for corrupt data or a result larger than
  // `max_bytes`.
  Result<std::string> DecodeStream(const PdfObject& stream,
                                   size_t max_bytes = kMaxDecodedStreamBytes) const;

  // Page `page_index` (0-based)'s content: its /Contents stream, or the streams of its
  // /Contents array decoded and joined with a newline between them. Fails with kNotFound for
  // a page that does not exist.
  Result<std::string> PageContents(size_t page_index) const;
  // For each entry of the page's /Resources /Font dictionary (resources inherited from the
  // page tree when the page has none) whose font has a /ToUnicode CMap: resource name (no
  // slash, e.g. "f-0-0") -> the decoded CMap stream. Fonts without /ToUnicode are left out.
  Result<std::map<std::string, std::string, std::less<>>> PageFontToUnicode(
      size_t page_index) const;

 private:
  struct XrefEntry {
    uint64_t offset = 0;
    uint32_t generation = 0;
    bool in_use = false;
  };

  PdfDocument() = default;
  Status ReadSection(size_t offset, bool newest, std::optional<size_t>* previous);
  Result<PdfObject> GetObjectAtDepth(ObjectRef ref, int depth) const;
  Result<PdfObject> ResolveAtDepth(const PdfObject& object, int depth) const;
  Status CollectPages(const PdfObject& node_ref, int depth, std::unordered_set<uint32_t>* visited,
                      std::vector<ObjectRef>* pages) const;
  Result<PdfObject> PageResources(size_t page_index) const;
  Result<PdfObject> PageObject(size_t page_index, ObjectRef* ref) const;

  std::shared_ptr<const std::string> bytes_;
  std::unordered_map<uint32_t, XrefEntry> xref_;
  PdfObject trailer_;
  ObjectRef catalog_ref_;
  size_t startxref_ = 0;
  int section_count_ = 0;
  uint32_t size_ = 0;
};

}  // namespace pramaan::pdf

#endif  // PRAMAAN_CORE_PDF_PDF_DOCUMENT_H_
