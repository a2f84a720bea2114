#include "core/pdf/pdf_document.h"

#include <zlib.h>

#include <algorithm>
#include <unordered_set>

namespace pramaan::pdf {
namespace {

// The startxref keyword is within the last kilobyte of a well-formed file (section 7.5.5).
constexpr size_t kTailSearchBytes = 1024;
// Longest chain of references Resolve follows (a -> b -> c ...).
constexpr int kMaxReferenceChain = 16;
// Highest object number ISO 32000-1 Annex C allows.
constexpr uint64_t kMaxObjectNumber = 8388607;
// Most cross-reference entries read, over all sections: a certificate has a few dozen objects.
constexpr size_t kMaxXrefEntries = 1u << 20;
// Most /Contents streams a page may list.
constexpr size_t kMaxContentStreams = 1024;

Error Malformed(const std::string& what) { return InvalidInput("malformed PDF: " + what); }

}  // namespace

Result<PdfDocument> PdfDocument::Parse(std::string bytes) {
  PdfDocument document;
  document.bytes_ = std::make_shared<const std::string>(std::move(bytes));
  const std::string_view data = *document.bytes_;
  if (data.substr(0, std::min<size_t>(data.size(), 1024)).find("%PDF-") == std::string_view::npos) {
    return InvalidInput("not a PDF file: no %PDF- header");
  }
  const size_t tail_start = data.size() > kTailSearchBytes ? data.size() - kTailSearchBytes : 0;
  const size_t keyword = data.rfind("startxref");
  if (keyword == std::string_view::npos || keyword < tail_start) {
    return Malformed("no startxref near the end of the file (truncated?)");
  }
  Parser parser(data, keyword + 9);
  auto start = parser.ReadUnsigned();
  if (!start.ok() || *start >= data.size()) return Malformed("startxref is not an offset in the file");
  document.startxref_ = static_cast<size_t>(*start);

  std::vector<size_t> visited;
  std::optional<size_t> next = document.startxref_;
  while (next.has_value()) {
    const size_t offset = *next;
    if (std::find(visited.begin(), visited.end(), offset) != visited.end()) {
      return Malformed("the /Prev chain of cross-reference sections loops");
    }
    if (static_cast<int>(visited.size()) >= kMaxUpdates) {
      return Malformed("more than " + std::to_string(kMaxUpdates) + " incremental updates");
    }
    visited.push_back(offset);
    next.reset();
    PRAMAAN_RETURN_IF_ERROR(document.ReadSection(offset, visited.size() == 1, &next));
  }
  document.section_count_ = static_cast<int>(visited.size());

  const PdfObject* root = document.trailer_.Find("Root");
  if (root == nullptr || !root->is_reference()) return Malformed("the trailer has no /Root reference");
  document.catalog_ref_ = root->reference();
  const PdfObject* size = document.trailer_.Find("Size");
  if (size == nullptr || !size->is_integer() || size->integer() < 1 ||
      static_cast<uint64_t>(size->integer()) > kMaxObjectNumber + 1) {
    return Malformed("the trailer has no valid /Size");
  }
  document.size_ = static_cast<uint32_t>(size->integer());
  return document;
}

Status PdfDocument::ReadSection(size_t offset, bool newest, std::optional<size_t>* previous) {
  const std::string_view data = *bytes_;
  if (offset >= data.size()) return Malformed("a cross-reference offset points past the end");
  Parser parser(data, offset);
  if (!parser.ConsumeKeyword("xref")) {
    // "N G obj" here is a cross-reference stream (PDF 1.5).
    Parser probe(data, offset);
    if (probe.ReadUnsigned().ok() && probe.ReadUnsigned().ok() && probe.ConsumeKeyword("obj")) {
      return Unsupported(
          "the PDF uses a cross-reference stream (PDF 1.5); only classic cross-reference tables "
          "are supported");
    }
    return Malformed("no cross-reference table at byte " + std::to_string(offset));
  }
  for (;;) {
    if (parser.ConsumeKeyword("trailer")) break;
    auto first = parser.ReadUnsigned();
    if (!first.ok()) return Malformed("bad cross-reference subsection header at byte " + std::to_string(parser.position()));
    auto count = parser.ReadUnsigned();
    if (!count.ok()) return Malformed("bad cross-reference subsection header at byte " + std::to_string(parser.position()));
    if (*first + *count > kMaxObjectNumber + 1) return Malformed("object numbers out of range");
    // Each entry takes 20 bytes: a count the rest of the file cannot hold is a lie.
    if (*count > (data.size() - parser.position()) / 18 + 1) {
      return Malformed("cross-reference subsection longer than the file");
    }
    for (uint64_t i = 0; i < *count; ++i) {
      auto entry_offset = parser.ReadUnsigned();
      auto generation = entry_offset.ok() ? parser.ReadUnsigned() : Result<uint64_t>(Malformed(""));
      const std::string_view kind = parser.ReadKeyword();
      if (!entry_offset.ok() || !generation.ok() || (kind != "n" && kind != "f") ||
          *generation > 65535) {
        return Malformed("bad cross-reference entry at byte " + std::to_string(parser.position()));
      }
      const auto number = static_cast<uint32_t>(*first + i);
      if (xref_.size() >= kMaxXrefEntries) {
        return Malformed("more than " + std::to_string(kMaxXrefEntries) + " cross-reference entries");
      }
      // The newest section wins: entries already seen came from a later update.
      if (xref_.count(number) == 0) {
        xref_[number] = {*entry_offset, static_cast<uint32_t>(*generation), kind == "n"};
      }
    }
  }
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject trailer, parser.ParseObject());
  if (!trailer.is_dictionary()) return Malformed("the trailer is not a dictionary");
  if (trailer.Find("XRefStm") != nullptr) {
    return Unsupported(
        "the PDF is a hybrid file with a cross-reference stream (/XRefStm); only classic "
        "cross-reference tables are supported");
  }
  if (const PdfObject* prev = trailer.Find("Prev"); prev != nullptr) {
    if (!prev->is_integer() || prev->integer() < 0) return Malformed("/Prev is not an offset");
    *previous = static_cast<size_t>(prev->integer());
  }
  if (newest) {
    trailer_ = std::move(trailer);
  } else {
    for (const char* key : {"Root", "Info", "ID", "Size"}) {
      if (trailer_.Find(key) == nullptr && trailer.Find(key) != nullptr) {
        trailer_.Set(key, *trailer.Find(key));
      }
    }
  }
  return Status::Ok();
}

std::optional<size_t> PdfDocument::ObjectOffset(uint32_t number) const {
  const auto it = xref_.find(number);
  if (it == xref_.end() || !it->second.in_use) return std::nullopt;
  return static_cast<size_t>(it->second.offset);
}

Result<PdfObject> PdfDocument::GetObject(ObjectRef ref) const { return GetObjectAtDepth(ref, 0); }

Result<PdfObject> PdfDocument::GetObjectAtDepth(ObjectRef ref, int depth) const {
  const std::string name = "object " + std::to_string(ref.number) + " " + std::to_string(ref.generation);
  if (depth > 2) return Malformed(name + ": stream /Length refers through too many objects");
  const auto it = xref_.find(ref.number);
  if (it == xref_.end() || !it->second.in_use || it->second.generation != ref.generation) {
    return NotFound("PDF " + name + " does not exist");
  }
  const std::string_view data = *bytes_;
  if (it->second.offset >= data.size()) return Malformed(name + " has an offset past the end");
  Parser parser(data, static_cast<size_t>(it->second.offset));
  auto number = parser.ReadUnsigned();
  auto generation = number.ok() ? parser.ReadUnsigned() : Result<uint64_t>(Malformed(""));
  if (!number.ok() || !generation.ok() || *number != ref.number || *generation != ref.generation ||
      !parser.ConsumeKeyword("obj")) {
    return Malformed("the cross-reference table's offset for " + name + " does not point at it");
  }
  auto object = parser.ParseObject();
  if (!object.ok()) return object.error().WithContext(name);
  const size_t after_object = parser.position();
  if (object->type() == PdfObject::Type::kDictionary && parser.ConsumeKeyword("stream")) {
    // The body starts after CRLF or LF (section 7.3.8.1).
    size_t body = parser.position();
    if (body < data.size() && data[body] == '\r') ++body;
    if (body < data.size() && data[body] == '\n') ++body;
    const PdfObject* length_entry = object->Find("Length");
    if (length_entry == nullptr) return Malformed(name + ": stream without /Length");
    PdfObject length = *length_entry;
    if (length.is_reference()) {
      PRAMAAN_ASSIGN_OR_RETURN(length, GetObjectAtDepth(length.reference(), depth + 1));
    }
    if (!length.is_integer() || length.integer() < 0 ||
        static_cast<uint64_t>(length.integer()) > data.size() - body) {
      return Malformed(name + ": stream /Length is not a length within the file");
    }
    const auto size = static_cast<size_t>(length.integer());
    parser.set_position(body + size);
    if (!parser.ConsumeKeyword("endstream")) {
      return Malformed(name + ": stream /Length does not end at endstream");
    }
    if (!parser.ConsumeKeyword("endobj")) return Malformed(name + ": no endobj");
    PdfObject::Dictionary entries = object->dictionary();
    return PdfObject::Stream(std::move(entries), std::string(data.substr(body, size)));
  }
  parser.set_position(after_object);
  if (!parser.ConsumeKeyword("endobj")) return Malformed(name + ": no endobj");
  return object;
}

Result<PdfObject> PdfDocument::Resolve(const PdfObject& object) const {
  return ResolveAtDepth(object, 0);
}

Result<PdfObject> PdfDocument::ResolveAtDepth(const PdfObject& object, int depth) const {
  if (!object.is_reference()) return object;
  PdfObject current = object;
  for (int i = 0; i < kMaxReferenceChain; ++i) {
    auto next = GetObjectAtDepth(current.reference(), depth);
    if (!next.ok()) {
      if (next.error().code() == ErrorCode::kNotFound) return PdfObject::Null();
      return next.error();
    }
    if (!next->is_reference()) return next;
    current = std::move(next).value();
  }
  return Malformed("a chain of references is too long (or loops)");
}

Result<PdfObject> PdfDocument::ResolveEntry(const PdfObject& dictionary, std::string_view key) const {
  const PdfObject* entry = dictionary.Find(key);
  if (entry == nullptr) return PdfObject::Null();
  return Resolve(*entry);
}

Result<PdfObject> PdfDocument::Catalog() const {
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject catalog, GetObject(catalog_ref_));
  if (!catalog.is_dictionary() || catalog.is_stream()) return Malformed("the catalog is not a dictionary");
  return catalog;
}

Result<std::vector<ObjectRef>> PdfDocument::Pages() const {
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject catalog, Catalog());
  const PdfObject* root = catalog.Find("Pages");
  if (root == nullptr || !root->is_reference()) return Malformed("the catalog has no /Pages reference");
  std::unordered_set<uint32_t> visited;
  std::vector<ObjectRef> pages;
  PRAMAAN_RETURN_IF_ERROR(CollectPages(*root, 0, &visited, &pages));
  return pages;
}

Status PdfDocument::CollectPages(const PdfObject& node_ref, int depth,
                                 std::unordered_set<uint32_t>* visited,
                                 std::vector<ObjectRef>* pages) const {
  if (depth > kMaxPageTreeDepth) return Malformed("the page tree is too deep");
  if (!node_ref.is_reference()) return Malformed("a page tree node is not a reference");
  const ObjectRef ref = node_ref.reference();
  if (visited->size() > 2 * kMaxPages) return Malformed("the page tree is too large");
  if (!visited->insert(ref.number).second) return Malformed("the page tree loops");
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject node, GetObject(ref));
  const PdfObject* type = node.Find("Type");
  if (type != nullptr && type->IsName("Page")) {
    if (pages->size() >= kMaxPages) return Malformed("more than " + std::to_string(kMaxPages) + " pages");
    pages->push_back(ref);
    return Status::Ok();
  }
  if (type == nullptr || !type->IsName("Pages")) return Malformed("a page tree node is neither /Pages nor /Page");
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject kids, ResolveEntry(node, "Kids"));
  for (const PdfObject& kid : kids.array()) {
    PRAMAAN_RETURN_IF_ERROR(CollectPages(kid, depth + 1, visited, pages));
  }
  return Status::Ok();
}

Result<std::string> PdfDocument::DecodeStream(const PdfObject& stream, size_t max_bytes) const {
  if (!stream.is_stream()) return InvalidInput("malformed PDF: expected a stream");
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject filter, ResolveEntry(stream, "Filter"));
  if (filter.is_array() && filter.array().size() == 1) filter = filter.array()[0];
  if (filter.is_array() && filter.array().empty()) filter = PdfObject::Null();
  if (filter.is_null()) {
    if (stream.data().size() > max_bytes) {
      return InvalidInput("PDF stream is larger than " + std::to_string(max_bytes) + " bytes");
    }
    return stream.data();
  }
  if (!filter.IsName("FlateDecode")) {
    return Unsupported("PDF stream filter " + filter.Serialize() +
                       " is not supported (only /FlateDecode)");
  }
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject parms, ResolveEntry(stream, "DecodeParms"));
  if (parms.is_array() && parms.array().size() == 1) parms = parms.array()[0];
  if (const PdfObject* predictor = parms.Find("Predictor");
      predictor != nullptr && predictor->integer() > 1) {
    return Unsupported("PDF stream predictors are not supported");
  }

  z_stream z{};
  if (inflateInit(&z) != Z_OK) return Internal("zlib inflateInit failed");
  const std::string& input = stream.data();
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(input.size(), UINT32_MAX));
  std::string out;
  out.resize(std::min<size_t>(max_bytes + 1, std::max<size_t>(input.size() * 4, 4096)));
  int status = Z_OK;
  for (;;) {
    if (z.total_out >= out.size()) {
      if (out.size() > max_bytes) break;
      out.resize(std::min<size_t>(max_bytes + 1, out.size() * 2));
    }
    z.next_out = reinterpret_cast<Bytef*>(out.data() + z.total_out);
    z.avail_out = static_cast<uInt>(out.size() - z.total_out);
    status = inflate(&z, Z_NO_FLUSH);
    if (status == Z_STREAM_END) break;
    if (status != Z_OK) break;
  }
  const size_t produced = z.total_out;
  inflateEnd(&z);
  if (produced > max_bytes) {
    return InvalidInput("PDF stream decodes to more than " + std::to_string(max_bytes) + " bytes");
  }
  if (status != Z_STREAM_END) return InvalidInput("PDF stream: corrupt or truncated Flate data");
  out.resize(produced);
  return out;
}

Result<PdfObject> PdfDocument::PageObject(size_t page_index, ObjectRef* ref) const {
  PRAMAAN_ASSIGN_OR_RETURN(std::vector<ObjectRef> pages, Pages());
  if (page_index >= pages.size()) {
    return NotFound("the PDF has no page " + std::to_string(page_index + 1));
  }
  if (ref != nullptr) *ref = pages[page_index];
  return GetObject(pages[page_index]);
}

Result<std::string> PdfDocument::PageContents(size_t page_index) const {
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject page, PageObject(page_index, nullptr));
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject contents, ResolveEntry(page, "Contents"));
  std::vector<PdfObject> streams;
  if (contents.is_stream()) {
    streams.push_back(std::move(contents));
  } else if (contents.is_array()) {
    if (contents.array().size() > kMaxContentStreams) return Malformed("too many content streams");
    for (const PdfObject& item : contents.array()) {
      PRAMAAN_ASSIGN_OR_RETURN(PdfObject stream, Resolve(item));
      if (!stream.is_stream()) return Malformed("a /Contents entry is not a stream");
      streams.push_back(std::move(stream));
    }
  } else if (!contents.is_null()) {
    return Malformed("page /Contents is neither a stream nor an array");
  }
  std::string out;
  for (size_t i = 0; i < streams.size(); ++i) {
    if (i > 0) out.push_back('\n');
    PRAMAAN_ASSIGN_OR_RETURN(std::string decoded,
                             DecodeStream(streams[i], kMaxDecodedStreamBytes - out.size()));
    out += decoded;
  }
  return out;
}

Result<PdfObject> PdfDocument::PageResources(size_t page_index) const {
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject node, PageObject(page_index, nullptr));
  // /Resources is inheritable (section 7.7.3.4): walk up /Parent until one has it.
  for (int depth = 0; depth <= kMaxPageTreeDepth; ++depth) {
    PRAMAAN_ASSIGN_OR_RETURN(PdfObject resources, ResolveEntry(node, "Resources"));
    if (resources.is_dictionary()) return resources;
    const PdfObject* parent = node.Find("Parent");
    if (parent == nullptr || !parent->is_reference()) return PdfObject::MakeDictionary({});
    PRAMAAN_ASSIGN_OR_RETURN(node, GetObject(parent->reference()));
  }
  return Malformed("the page tree is too deep");
}

Result<std::map<std::string, std::string, std::less<>>> PdfDocument::PageFontToUnicode(
    size_t page_index) const {
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject resources, PageResources(page_index));
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject fonts, ResolveEntry(resources, "Font"));
  std::map<std::string, std::string, std::less<>> out;
  size_t total = 0;
  for (const auto& [name, entry] : fonts.dictionary()) {
    PRAMAAN_ASSIGN_OR_RETURN(PdfObject font, Resolve(entry));
    PRAMAAN_ASSIGN_OR_RETURN(PdfObject cmap, ResolveEntry(font, "ToUnicode"));
    if (!cmap.is_stream()) continue;
    PRAMAAN_ASSIGN_OR_RETURN(std::string decoded, DecodeStream(cmap, kMaxDecodedStreamBytes - total));
    total += decoded.size();
    out.emplace(name, std::move(decoded));
  }
  return out;
}

}  // namespace pramaan::pdf
