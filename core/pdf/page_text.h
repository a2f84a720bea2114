// The text a PDF page shows, read by poppler (poppler-cpp), for the verifier's "printed-text"
// check: does the certificate's page say what its embedded credential says?
//
// Only a PDF whose signature and signer certificate have already passed may be given here
// (verifier/pdf_verifier.cc calls the printed-text check only then): poppler is a large C++
// parser, and a signed certificate is the issuer's own bytes, not an anonymous upload.
//
// Scripts: poppler's default layout sorts glyphs by position, which scrambles Nastaliq
// (Urdu, written right to left on a cascading baseline) and pulls Odia's pre-base vowel signs
// away from their consonants. The text is therefore read in raw order, that is the order the
// content stream shows it in; cairo writes clusters in logical order and puts ActualText
// spans around those whose glyphs do not map 1:1 to characters, which poppler honours. The
// positions poppler infers spaces and line breaks from are not reliable across scripts, so
// text is compared after ComparableText: without whitespace and bidi marks.
//
// Trust: ActualText and ToUnicode are the producer's claims about its glyphs; a hostile PDF
// can make its glyphs say anything. The check is only as strong as the signature that binds
// the page to the issuer.
#ifndef PRAMAAN_CORE_PDF_PAGE_TEXT_H_
#define PRAMAAN_CORE_PDF_PAGE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pramaan::pdf {

// Largest PDF handed to poppler, and most text kept from one page (UTF-8 bytes).
inline constexpr size_t kMaxPageTextPdfBytes = 64u << 20;
inline constexpr size_t kMaxPageTextBytes = 16u << 20;

// The text page `page_index` (0-based) of `pdf_bytes` shows, as UTF-8 in raw (content-stream)
// order, invisible text (rendering mode 3) included as poppler reads it. Fails with
// kInvalidInput when the file is over kMaxPageTextPdfBytes, poppler cannot open it, it is
// encrypted, or the page's text is over kMaxPageTextBytes; kNotFound when the page does not
// exist. Safe to call from several threads (calls into poppler are serialized).
Result<std::string> PageTextInRawOrder(std::string_view pdf_bytes, size_t page_index);

// `text` without white space (Unicode White_Space characters) and without the bidi marks and
// embeddings poppler or a producer may insert (U+061C, U+200E, U+200F, U+202A-U+202E,
// U+2066-U+2069): the form in which page text and a credential's value are compared.
// Invalid UTF-8 is kept byte for byte.
std::string ComparableText(std::string_view text);

}  // namespace pramaan::pdf

#endif  // PRAMAAN_CORE_PDF_PAGE_TEXT_H_
