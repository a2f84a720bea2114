// TrueType fonts without hinting, for embedding in certificate PDFs.
//
// The renderer draws unhinted (hinting would make the layout depend on the resolution), so a
// font's hinting is dead weight, yet cairo copies it into every font subset it embeds: the
// `fpgm` program alone is 3.6 KB in each Noto font, and the per-glyph instructions are a third
// of the glyph data. Removing both makes a bilingual certificate about a quarter smaller and
// faster to write (less to compress). Outlines, metrics and OpenType layout tables are
// unchanged, so text looks and shapes exactly the same.
#ifndef PRAMAAN_ISSUER_CERTIFICATE_UNHINTED_FONT_H_
#define PRAMAAN_ISSUER_CERTIFICATE_UNHINTED_FONT_H_

#include <string>
#include <string_view>

#include "core/result.h"

namespace pramaan::certificate {

// Returns `font` (a TrueType/OpenType file with `glyf` outlines) without the tables fpgm,
// prep, cvt , hdmx, LTSH and VDMX, with every glyph's instructions removed, `loca` in the long
// format and maxp's instruction limits zeroed. A font without `glyf` (CFF outlines) is returned
// unchanged. Fails with kInvalidInput naming `name` when the file is not a well-formed sfnt.
Result<std::string> RemoveTrueTypeHinting(std::string_view font, std::string_view name);

}  // namespace pramaan::certificate

#endif  // PRAMAAN_ISSUER_CERTIFICATE_UNHINTED_FONT_H_
