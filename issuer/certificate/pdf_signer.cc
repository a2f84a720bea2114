#include "issuer/certificate/pdf_signer.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <vector>

#include "core/pdf/pdf_document.h"
#include "core/time/rfc3339.h"

namespace pramaan::certificate {
namespace {

using pdf::ObjectRef;
using pdf::PdfObject;

// Width reserved for each ByteRange number: ten digits hold any offset below 10 GB.
constexpr size_t kByteRangeNumberWidth = 10;

// "D:YYYYMMDDHHmmSS+00'00'" (ISO 32000-1 section 7.9.4), in UTC.
std::string PdfDate(Timestamp time) {
  const std::time_t seconds = time.time_since_epoch().count();
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "D:%04d%02d%02d%02d%02d%02d+00'00'", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return buffer;
}

std::string Ref(uint32_t number, uint32_t generation = 0) {
  return std::to_string(number) + " " + std::to_string(generation) + " R";
}

// One zlib deflater per thread, reset between uses: deflateInit allocates and clears about
// 256 KB of state, which cost more than compressing a credential and signing it together.
class ThreadDeflater {
 public:
  ThreadDeflater() { ready_ = deflateInit(&stream_, Z_DEFAULT_COMPRESSION) == Z_OK; }
  ~ThreadDeflater() {
    if (ready_) deflateEnd(&stream_);
  }
  ThreadDeflater(const ThreadDeflater&) = delete;
  ThreadDeflater& operator=(const ThreadDeflater&) = delete;

  Result<std::string> Deflate(std::string_view data) {
    if (!ready_ || deflateReset(&stream_) != Z_OK) return Internal("zlib deflate is unavailable");
    std::string out(deflateBound(&stream_, static_cast<uLong>(data.size())), '\0');
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream_.avail_in = static_cast<uInt>(data.size());
    stream_.next_out = reinterpret_cast<Bytef*>(out.data());
    stream_.avail_out = static_cast<uInt>(out.size());
    if (deflate(&stream_, Z_FINISH) != Z_STREAM_END) return Internal("zlib deflate failed");
    out.resize(stream_.total_out);
    return out;
  }

 private:
  z_stream stream_{};
  bool ready_ = false;
};

Result<std::string> Deflate(std::string_view data) {
  thread_local ThreadDeflater deflater;
  return deflater.Deflate(data);
}

// The byte range's SHA-256 in one pass over the two pieces.
Result<Sha256Digest> DigestByteRange(std::string_view file, size_t gap_start, size_t gap_end) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                   EVP_MD_CTX_free);
  Sha256Digest digest{};
  unsigned int length = 0;
  if (context == nullptr || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), file.data(), gap_start) != 1 ||
      EVP_DigestUpdate(context.get(), file.data() + gap_end, file.size() - gap_end) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest.data(), &length) != 1 || length != digest.size()) {
    return Internal("SHA-256 failed");
  }
  return digest;
}

Status CheckAttachmentName(std::string_view name) {
  if (name.empty() || name.size() > 255) {
    return InvalidInput("the attachment name must be 1 to 255 characters");
  }
  for (const char c : name) {
    if (c < 0x20 || c > 0x7e || c == '/' || c == '\\') {
      return InvalidInput("the attachment name must be printable ASCII without slashes");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> SignCertificatePdf(std::string pdf, std::string_view credential_json,
                                       std::string_view attachment_name,
                                       const DocumentSigner& signer,
                                       std::string_view signing_time_rfc3339) {
  PRAMAAN_RETURN_IF_ERROR(CheckAttachmentName(attachment_name));
  if (credential_json.empty() || credential_json.size() > kMaxEmbeddedCredentialBytes) {
    return InvalidInput("the credential to embed is empty or larger than " +
                        std::to_string(kMaxEmbeddedCredentialBytes) + " bytes");
  }
  PRAMAAN_ASSIGN_OR_RETURN(const Timestamp signing_time, ParseRfc3339(signing_time_rfc3339));
  const std::string date = PdfDate(signing_time);

  // Only the trailer, catalog and first page are read; the rest of the file is copied as is.
  auto parsed = pdf::PdfDocument::Parse(std::move(pdf));
  if (!parsed.ok()) return parsed.error().WithContext("cannot sign the PDF");
  const pdf::PdfDocument& document = *parsed;
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject catalog, document.Catalog());
  if (catalog.Find("AcroForm") != nullptr) {
    return Unsupported("the PDF already has a form (or a signature); only unsigned PDFs are signed");
  }
  if (catalog.Find("AF") != nullptr) return Unsupported("the PDF already has associated files");
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject names, document.ResolveEntry(catalog, "Names"));
  if (names.is_null()) names = PdfObject::MakeDictionary({});
  if (!names.is_dictionary()) return InvalidInput("malformed PDF: the catalog's /Names is not a dictionary");
  if (names.Find("EmbeddedFiles") != nullptr) return Unsupported("the PDF already has embedded files");
  PRAMAAN_ASSIGN_OR_RETURN(std::vector<ObjectRef> pages, document.Pages());
  if (pages.empty()) return Unsupported("the PDF has no page to hold the signature field");
  const ObjectRef page_ref = pages[0];
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject page, document.GetObject(page_ref));
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject annotations, document.ResolveEntry(page, "Annots"));
  if (annotations.is_null()) annotations = PdfObject::MakeArray({});
  if (!annotations.is_array()) return InvalidInput("malformed PDF: page /Annots is not an array");

  const uint32_t first = document.size();
  if (first > 8388600) return Unsupported("the PDF has too many objects to add to");
  const uint32_t file_number = first;
  const uint32_t filespec_number = first + 1;
  const uint32_t signature_number = first + 2;
  const uint32_t widget_number = first + 3;
  const uint32_t form_number = first + 4;
  const uint32_t new_size = first + 5;

  PRAMAAN_ASSIGN_OR_RETURN(const std::string compressed, Deflate(credential_json));
  const size_t contents_hex_size = 2 * signer.MaxCmsSize();

  std::string out(document.bytes());
  out.reserve(out.size() + compressed.size() + contents_hex_size + 4096);
  if (!out.empty() && out.back() != '\n' && out.back() != '\r') out.push_back('\n');
  std::vector<std::pair<uint32_t, size_t>> offsets;  // object number -> offset (generation 0 but the copies)
  const auto begin_object = [&](uint32_t number, uint32_t generation = 0) {
    offsets.emplace_back(number, out.size());
    out += std::to_string(number) + " " + std::to_string(generation) + " obj\n";
  };

  // The credential.
  begin_object(file_number);
  out += "<</Type /EmbeddedFile /Subtype ";
  pdf::AppendName(kCredentialMediaType, &out);
  out += " /Filter /FlateDecode /Length " + std::to_string(compressed.size()) +
         " /Params <</Size " + std::to_string(credential_json.size()) + " /ModDate (" + date +
         ")>>>>\nstream\n";
  out += compressed;
  out += "\nendstream\nendobj\n";

  // Its file specification: an associated file of the document, relationship Data.
  begin_object(filespec_number);
  out += "<</Type /Filespec /F ";
  pdf::AppendLiteralString(attachment_name, &out);
  out += " /UF ";
  pdf::AppendLiteralString(attachment_name, &out);
  out += " /Desc (Verifiable credential) /AFRelationship /Data /EF <</F " + Ref(file_number) +
         " /UF " + Ref(file_number) + ">>>>\nendobj\n";

  // The signature dictionary, with placeholders for /ByteRange and /Contents.
  begin_object(signature_number);
  out += "<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 ";
  const size_t byte_range_at = out.size();
  out.append(3 * (kByteRangeNumberWidth + 1), ' ');
  out += "] /Contents ";
  const size_t gap_start = out.size();
  out.push_back('<');
  out.append(contents_hex_size, '0');
  out.push_back('>');
  const size_t gap_end = out.size();
  out += " /M (" + date + ")>>\nendobj\n";

  // The signature field: an invisible, printed, locked widget on page 1.
  begin_object(widget_number);
  out += "<</Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /V " + Ref(signature_number) +
         " /F 132 /Rect [0 0 0 0] /P " + Ref(page_ref.number, page_ref.generation) + ">>\nendobj\n";
  begin_object(form_number);
  out += "<</Fields [" + Ref(widget_number) + "] /SigFlags 3>>\nendobj\n";

  // New versions of the catalog and page 1.
  PdfObject embedded_files = PdfObject::MakeDictionary({});
  embedded_files.Set("Names", PdfObject::MakeArray({PdfObject::String(std::string(attachment_name)),
                                                    PdfObject::Reference({filespec_number, 0})}));
  names.Set("EmbeddedFiles", std::move(embedded_files));
  catalog.Set("Names", std::move(names));
  catalog.Set("AF", PdfObject::MakeArray({PdfObject::Reference({filespec_number, 0})}));
  catalog.Set("AcroForm", PdfObject::Reference({form_number, 0}));
  const ObjectRef catalog_ref = document.catalog_ref();
  begin_object(catalog_ref.number, catalog_ref.generation);
  catalog.SerializeTo(&out);
  out += "\nendobj\n";
  annotations.Append(PdfObject::Reference({widget_number, 0}));
  page.Set("Annots", std::move(annotations));
  begin_object(page_ref.number, page_ref.generation);
  page.SerializeTo(&out);
  out += "\nendobj\n";

  // The cross-reference section: one subsection per run of consecutive numbers.
  const auto generation_of = [&](uint32_t number) -> uint32_t {
    if (number == catalog_ref.number) return catalog_ref.generation;
    if (number == page_ref.number) return page_ref.generation;
    return 0;
  };
  std::sort(offsets.begin(), offsets.end());
  const size_t xref_at = out.size();
  out += "xref\n";
  for (size_t i = 0; i < offsets.size();) {
    size_t j = i + 1;
    while (j < offsets.size() && offsets[j].first == offsets[j - 1].first + 1) ++j;
    out += std::to_string(offsets[i].first) + " " + std::to_string(j - i) + "\n";
    for (; i < j; ++i) {
      char entry[32];
      std::snprintf(entry, sizeof entry, "%010zu %05u n \n", offsets[i].second,
                    generation_of(offsets[i].first));
      out += entry;
    }
  }
  PdfObject trailer = PdfObject::MakeDictionary({});
  trailer.Set("Size", PdfObject::Integer(new_size));
  trailer.Set("Root", PdfObject::Reference(catalog_ref));
  if (const PdfObject* info = document.trailer().Find("Info")) trailer.Set("Info", *info);
  if (const PdfObject* id = document.trailer().Find("ID")) trailer.Set("ID", *id);
  trailer.Set("Prev", PdfObject::Integer(static_cast<int64_t>(document.startxref())));
  out += "trailer\n";
  trailer.SerializeTo(&out);
  out += "\nstartxref\n" + std::to_string(xref_at) + "\n%%EOF\n";

  // Fill in the byte range, hash it, sign, and put the CMS into the gap.
  const size_t tail_length = out.size() - gap_end;
  char numbers[64];
  const int written = std::snprintf(numbers, sizeof numbers, "%zu %zu %zu", gap_start, gap_end, tail_length);
  if (written <= 0 || static_cast<size_t>(written) > 3 * (kByteRangeNumberWidth + 1)) {
    return Unsupported("the PDF is too large to sign");
  }
  out.replace(byte_range_at, static_cast<size_t>(written), numbers, static_cast<size_t>(written));
  PRAMAAN_ASSIGN_OR_RETURN(const Sha256Digest digest, DigestByteRange(out, gap_start, gap_end));
  PRAMAAN_ASSIGN_OR_RETURN(const std::string cms, signer.SignDetachedCms(digest));
  if (2 * cms.size() > contents_hex_size) return Internal("the CMS does not fit its placeholder");
  static constexpr char kHex[] = "0123456789ABCDEF";
  char* hex = out.data() + gap_start + 1;
  for (const char byte : cms) {
    const auto b = static_cast<unsigned char>(byte);
    *hex++ = kHex[b >> 4];
    *hex++ = kHex[b & 15];
  }
  return out;
}

}  // namespace pramaan::certificate
