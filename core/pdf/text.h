// Text extraction from PDF page content streams, so that the verifier can check that the text
// printed on a certificate says what the embedded credential says.
//
// What cairo 1.16 writes (the producer of our certificates, with pango 1.50 / HarfBuzz):
//   * Every font has a /ToUnicode CMap. A glyph that is the whole of a one-glyph cluster is
//     mapped there to the cluster's text, which may be several characters: Devanagari "क्ष"
//     is one glyph mapped to <0915094d0937>, Tamil "ழ்" one glyph mapped to <0bb40bcd>.
//   * A cluster whose glyphs do not map 1:1 to characters (several glyphs, a reordered
//     pre-base matra as in "त्रि", a reph as in "र्मा", a ligature such as "fi", or a glyph
//     already mapped to other text) is wrapped in marked content
//       /Span << /ActualText <feff0930094d092e093e> >> BDC ... glyphs ... EMC
//     whose glyphs cairo maps to whatever the font's cmap gives, often <fffd>. A cluster with
//     no glyph at all gets an empty span with only its ActualText.
//   * Right-to-left text (Urdu, Arabic) is written in logical order, each glyph placed to the
//     left of the previous one (positive TJ adjustments, or negative Td moves); Nastaliq's
//     cascading baseline is written as small Td moves up to about 1.1 em vertically.
//   * Spaces are real glyphs (often from a second font, e.g. "/f-1-0 1 Tf [( )]TJ").
// ExtractText honours both forms (ToUnicode and ActualText, the latter as a hex or literal
// string, UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding), so everything in the
// certificate tests round-trips exactly: English, Hindi "आशा वर्मा", "क्षत्रिय श्रेया", Tamil
// "தமிழ்", Urdu "اردو" (in Noto Sans, Noto Naskh Arabic and Noto Nastaliq Urdu), and names in
// Bengali, Gurmukhi, Gujarati, Odia, Telugu, Kannada and Malayalam. No cluster was found that
// cairo maps ambiguously: where a glyph's ToUnicode entry would be wrong, cairo uses a span.
// One trap: a reph or mark placed back over the previous glyph (Odia "ର୍ମା":
// "[<>6<0005>441<0006>]TJ ... [<>-450<0003>]TJ") is followed by a forward TJ adjustment that
// only makes up for it, so backward adjustments are netted before a gap counts as a space.
//
// Trust: ActualText and ToUnicode are the producer's own claims about its glyphs; a hostile
// PDF can make its glyphs say anything. The text check is therefore only as strong as the
// PDF signature that binds this content to the issuer.
#ifndef PRAMAAN_CORE_PDF_TEXT_H_
#define PRAMAAN_CORE_PDF_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pramaan::pdf {

class ToUnicodeMap;
Result<ToUnicodeMap> ParseToUnicodeCMap(std::string_view cmap);

// A ToUnicode CMap: character code (1-4 bytes, per the codespace ranges) -> UTF-8 text.
// Made only by ParseToUnicodeCMap; immutable, cheap to copy, safe to share between threads.
class ToUnicodeMap {
 public:
  // The length in bytes (1-4) of the character code at the front of `codes`, per the
  // codespace ranges (PDF 32000-1 9.7.6.2). Bytes that fit no range are consumed as a code as
  // long as the shortest range (1 when the CMap declares none and no mapping either).
  // Returns 0 only for an empty `codes`.
  std::size_t CodeLength(std::string_view codes) const;

  // The text of one code of `length` bytes (big-endian in `code`), or nullopt when the CMap
  // does not map it.
  std::optional<std::string> Lookup(std::uint32_t code, std::size_t length) const;

  // The text of a whole string of codes: each code's text, U+FFFD for an unmapped code.
  std::string Decode(std::string_view codes) const;

 private:
  friend Result<ToUnicodeMap> ParseToUnicodeCMap(std::string_view cmap);

  struct CodespaceRange {
    std::size_t length;  // 1-4 bytes
    std::uint8_t low[4];
    std::uint8_t high[4];
  };
  // <lo> <hi> <dst>: code lo + i maps to dst with its last UTF-16 unit increased by i.
  struct IncrementingRange {
    std::size_t length;
    std::uint32_t low;
    std::uint32_t high;
    std::u16string first;
  };

  ToUnicodeMap() = default;
  static std::uint64_t Key(std::uint32_t code, std::size_t length) {
    return (static_cast<std::uint64_t>(length) << 32) | code;
  }

  std::vector<CodespaceRange> codespaces_;
  std::size_t fallback_length_ = 1;               // for bytes that fit no codespace range
  std::map<std::uint64_t, std::string> singles_;  // Key(code, length) -> UTF-8
  std::vector<IncrementingRange> ranges_;         // checked after singles_, last wins
};

// Parses a ToUnicode CMap stream (begincodespacerange, beginbfchar, beginbfrange with both the
// <lo> <hi> <dst> and the <lo> <hi> [<d1> <d2> ...] forms; UTF-16BE destinations incl.
// surrogate pairs; an unpaired surrogate becomes U+FFFD). Everything else in the CMap program
// (/CIDSystemInfo, usecmap, ...) is ignored. Fails with InvalidInput for a CMap that is not
// PostScript-token-shaped, a code longer than 4 bytes, a range whose ends differ in length or
// run backwards, a destination over 512 bytes, a bfrange array over 65536 codes, or a CMap
// over 16 MiB.
Result<ToUnicodeMap> ParseToUnicodeCMap(std::string_view cmap);

// The text a page content stream shows, in content order (which for cairo is logical order,
// also for right-to-left scripts), as UTF-8:
//   * Tj, TJ, ' and " show text in the current font (Tf), whose resource name without the
//     slash (e.g. "f-0-0", after #xx decoding) is looked up in `fonts_by_resource_name`.
//     Codes the font's CMap does not map, and every byte shown in a font that is not in the
//     map (or before any Tf), come out as U+FFFD, so a caller can tell "unreadable" from
//     "different".
//   * Marked content with an /ActualText entry in its inline property dictionary
//     (/Span << /ActualText (...) >> BDC ... EMC) replaces the glyphs it spans, even when it
//     spans none; nested spans inside it are covered by the outer one. Property lists named
//     in the page resources (/Span /MC0 BDC) cannot be resolved here and are ignored.
//   * Text drawn in rendering mode 3 or 7 (invisible) is not printed and is left out.
//   * A "\n" separates lines: a show whose baseline lies more than 0.6 em (of the larger
//     font) outside the band of baselines of the current line, or runs in another direction.
//     On a line with Arabic-script text the allowance is 1.1 em, for Nastaliq's cascade.
//     A " " is added between shows on one line when a TJ adjustment moves more than 0.2 em
//     forward, or when Td/TD/T* /Tm/BT repositions the text more than 0.3 em forward of where
//     the previous show ended. Glyph widths are not known here, so that end is estimated as
//     0.6 em per code (plus Tc, Tw and Tz); cairo itself repositions on a line only for gaps
//     over 10 em. Separators are never doubled and never lead the output.
//   * Everything else is parsed and skipped: graphics, q/Q, cm (tracked for positions),
//     colours, marked content without ActualText, inline images (BI ... ID ... EI) and
//     XObjects (Do: text inside form XObjects is not extracted).
// Fails with InvalidInput for a content stream that cannot be tokenised (unterminated
// string, array or dictionary, bad hex digit, unbalanced ] or >>, inline image without
// ID or EI), arrays and dictionaries nested deeper than 32, more than 65536 elements in one
// of them, more than 1024 operands, q or BDC/BMC nested deeper than 1024, a stream over
// 64 MiB or text over 16 MiB. Unknown operators and operands of the wrong type are skipped,
// as PDF viewers do; a Q or EMC without its opener is ignored.
Result<std::string> ExtractText(
    std::string_view content_stream,
    const std::map<std::string, ToUnicodeMap, std::less<>>& fonts_by_resource_name);

}  // namespace pramaan::pdf

#endif  // PRAMAAN_CORE_PDF_TEXT_H_
