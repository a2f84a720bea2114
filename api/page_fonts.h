// The web fonts of the public pages (issue 19): one font per script of the languages
// certificates are printed in (templates/scripts.json), served by the server itself, so that a
// phone without, say, a Nastaliq or Ol Chiki font still shows a learner's name in its own
// script with correct shaping, and the page makes no request anywhere else.
//
// GET /fonts.css holds an @font-face rule per script, restricted by unicode-range so that a
// browser downloads a font only when the page has a character of its script; GET
// /fonts/{file}?v={digest} serves the font itself, cacheable for a year (the digest changes
// with the file).
#ifndef PRAMAAN_API_PAGE_FONTS_H_
#define PRAMAAN_API_PAGE_FONTS_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pramaan::api {

class PageFonts {
 public:
  struct Font {
    std::string file_name;  // "NotoSansDevanagari-Regular.ttf": its URL is /fonts/{file_name}
    std::string bytes;
    std::string version;  // the first 16 hex digits of the bytes' SHA-256
  };

  // From (script, font file) pairs, the script as scripts.json names it ("Devanagari",
  // "Arabic (Nastaliq)"); a script the pages have no Unicode range for, a second file of one
  // script, and a file that cannot be read are left out (the page then uses the device's
  // fonts for that script), each named in `skipped` when given.
  static PageFonts Load(const std::vector<std::pair<std::string, std::string>>& fonts,
                        std::vector<std::string>* skipped = nullptr);

  // The font served as /fonts/{file_name}, or null.
  const Font* Find(std::string_view file_name) const;
  // The stylesheet: the @font-face rules of the families "Pramaan Scripts" (every script but
  // Nastaliq) and "Pramaan Urdu" (Nastaliq, for text marked lang="ur").
  const std::string& css() const { return css_; }
  const std::vector<Font>& fonts() const { return fonts_; }

 private:
  std::vector<Font> fonts_;
  std::string css_;
};

}  // namespace pramaan::api

#endif  // PRAMAAN_API_PAGE_FONTS_H_
