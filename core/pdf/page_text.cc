#include "core/pdf/page_text.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace pramaan::pdf {
namespace {

// poppler writes its parse errors to stderr; a hostile or damaged file is a normal answer
// here, not something to log.
void IgnorePopplerMessage(const std::string& /*message*/, void* /*closure*/) {}

// poppler-cpp keeps process-wide state (its global parameters, font and CMap caches); one
// call at a time keeps the verifier's threads from racing on it. Page text is read once per
// uploaded certificate, after its signature checked, so this is never a hot path.
std::mutex& PopplerMutex() {
  static std::mutex mutex;
  return mutex;
}

// The code point of the UTF-8 sequence at `text[*at]`, advancing *at past it, or -1 (and one
// byte) for a malformed sequence.
int32_t NextCodePoint(std::string_view text, size_t* at) {
  const auto lead = static_cast<unsigned char>(text[*at]);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3
                                  : (lead >> 3) == 0x1e ? 4 : 0;
  if (length == 0 || *at + length > text.size()) {
    ++*at;
    return -1;
  }
  int32_t code = length == 1 ? lead : lead & (0x7f >> length);
  for (size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[*at + i]);
    if ((next & 0xc0) != 0x80) {
      ++*at;
      return -1;
    }
    code = (code << 6) | (next & 0x3f);
  }
  *at += length;
  return code;
}

bool IsWhiteSpaceOrBidiMark(int32_t c) {
  switch (c) {
    case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d: case 0x20: case 0x85: case 0xa0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
    case 0x061c: case 0x200e: case 0x200f:
      return true;
    default:
      return (c >= 0x2000 && c <= 0x200a) || (c >= 0x202a && c <= 0x202e) ||
             (c >= 0x2066 && c <= 0x2069);
  }
}

}  // namespace

Result<std::string> PageTextInRawOrder(std::string_view pdf_bytes, size_t page_index) {
  if (pdf_bytes.size() > kMaxPageTextPdfBytes) {
    return InvalidInput("the PDF is larger than " + std::to_string(kMaxPageTextPdfBytes >> 20) +
                        " MiB, too large to read its page text");
  }
  const std::lock_guard<std::mutex> lock(PopplerMutex());
  static const bool quiet = [] {
    poppler::set_debug_error_function(IgnorePopplerMessage, nullptr);
    return true;
  }();
  (void)quiet;
  // poppler reads the buffer in place for the document's lifetime; it is not modified.
  std::vector<char> data(pdf_bytes.begin(), pdf_bytes.end());
  std::unique_ptr<poppler::document> document(
      poppler::document::load_from_raw_data(data.data(), static_cast<int>(data.size())));
  if (document == nullptr) return InvalidInput("poppler cannot open the PDF to read its text");
  if (document->is_locked() || document->is_encrypted()) {
    return InvalidInput("the PDF is encrypted; its page text cannot be read");
  }
  if (page_index >= static_cast<size_t>(document->pages())) {
    return NotFound("the PDF has no page " + std::to_string(page_index + 1));
  }
  std::unique_ptr<poppler::page> page(document->create_page(static_cast<int>(page_index)));
  if (page == nullptr) {
    return InvalidInput("poppler cannot read page " + std::to_string(page_index + 1) + " of the PDF");
  }
  const poppler::byte_array utf8 =
      page->text(poppler::rectf(), poppler::page::raw_order_layout).to_utf8();
  if (utf8.size() > kMaxPageTextBytes) {
    return InvalidInput("page " + std::to_string(page_index + 1) + " shows more than " +
                        std::to_string(kMaxPageTextBytes >> 20) + " MiB of text");
  }
  return std::string(utf8.begin(), utf8.end());
}

std::string ComparableText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const size_t start = at;
    const int32_t c = NextCodePoint(text, &at);
    if (c < 0 || !IsWhiteSpaceOrBidiMark(c)) out.append(text.substr(start, at - start));
  }
  return out;
}

}  // namespace pramaan::pdf
