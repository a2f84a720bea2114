// Certificate templates: the data files in templates/ (format: templates/README.md), parsed and
// checked, and the binding of a credential's fields to the text they place on the page.
//
// A Template is built only by ParseTemplate, which checks every member, so the renderer never
// meets a half-valid layout. Templates say nothing about how to draw: renderer.cc does that.
#ifndef PRAMAAN_ISSUER_CERTIFICATE_TEMPLATE_H_
#define PRAMAAN_ISSUER_CERTIFICATE_TEMPLATE_H_

#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/json/json.h"
#include "core/result.h"

namespace pramaan::certificate {

// A rectangle on the page in PDF points (1/72 inch), origin top left, y downwards.
struct Box {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
};

struct Color {
  double red = 0;  // each in [0, 1]
  double green = 0;
  double blue = 0;
};

enum class Align { kLeft, kCenter, kRight };
enum class VerticalAlign { kTop, kMiddle, kBottom };
// What to do with text that does not fit its box even at min_size on max_lines lines.
enum class Overflow {
  kError,     // rendering fails with kInvalidInput naming the field (names, titles)
  kEllipsis,  // the last line ends in "…" (secondary text: provider, URL, issuer)
};
// Which of the record language's fonts (templates/scripts.json) a localized element uses.
enum class ScriptWeight { kRegular, kBold };

enum class FieldFormat {
  kText,    // a JSON string, printed as it is
  kNumber,  // a JSON number (or a numeric string), printed shortest: 12.5, 360
  kDate,    // "YYYY-MM-DD" or RFC 3339, printed by FormatDisplayDate: "1 November 2026"
};

// A named value taken from the credential. `path` is a dot-separated list of segments:
// `member`, `member[3]` (array element), `member[key=value]` (first element whose string member
// `key` equals `value`), `member[*]` (first element for which the rest of the path resolves);
// the segment `{lang}` stands for the record language.
struct FieldSpec {
  std::string path;
  // Read when `path` has no value: where credentials issued before a field moved keep it (the
  // course provider was achievement.courseProvider before it became achievement.creator.name).
  std::string fallback_path;
  bool required = true;
  FieldFormat format = FieldFormat::kText;
};

struct TextElement {
  std::string text;       // literal text with {field} placeholders
  std::string font_file;  // an English element's font file; empty for a localized element
  // OpenType features for pango (e.g. "liga 0, clig 0": without ligatures a Latin text needs
  // only the font's WinAnsi subset, which keeps the PDF smaller). Empty: the font's defaults.
  std::string font_features;
  bool localized = false;  // drawn with the record language's font and shaping
  ScriptWeight script_weight = ScriptWeight::kRegular;
  double size = 12;       // preferred size in points
  double min_size = 12;   // smallest size shrink-to-fit may use
  int max_lines = 1;      // lines wrapping may use once min_size is reached
  Overflow overflow = Overflow::kError;
  Color color;
  Box box;
  Align align = Align::kCenter;
  VerticalAlign vertical_align = VerticalAlign::kMiddle;
};

struct RectElement {
  Box box;
  bool has_stroke = false;
  Color stroke;
  double line_width = 1;
  bool has_fill = false;
  Color fill;
};

struct LineElement {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  Color stroke;
  double line_width = 1;
};

struct QrElement {
  std::string text;  // with placeholders, normally "{verification_url}"
  Box box;           // square; includes the 4-module quiet zone
  Color color;
};

using Element = std::variant<TextElement, RectElement, LineElement, QrElement>;

struct Template {
  std::string name;
  double page_width = 0;
  double page_height = 0;
  Color background{1, 1, 1};
  // Path of the object whose single member's name is the record language (BCP 47 primary
  // tag); when that object is absent the page is English only and localized elements are left
  // out.
  std::string language_path;
  std::map<std::string, FieldSpec> fields;
  std::vector<Element> elements;
};

// The field every template may use without declaring it: the URL the QR code holds.
inline constexpr std::string_view kVerificationUrlField = "verification_url";

// Parses and checks a template document. Fails with kInvalidInput, naming `source` and the
// member at fault, on a missing or mistyped member, a placeholder naming an undeclared field, an
// empty or inverted box, a min_size above size, or a colour not of the form "#rrggbb". Font
// files are not opened here: see FontFiles and CertificateRenderer::Create.
Result<Template> ParseTemplate(const Json& document, std::string_view source);

// The fonts of one record language (templates/scripts.json).
struct ScriptFonts {
  std::string language_name;  // "Hindi"
  std::string script;         // "Devanagari"
  std::string regular_file;
  std::string bold_file;
};

// Language code -> fonts. Fails with kInvalidInput naming `source` and the entry at fault.
Result<std::map<std::string, ScriptFonts>> ParseScriptTable(const Json& document,
                                                            std::string_view source);

// Every font file `tmpl` names directly (not the script fonts).
std::vector<std::string> FontFiles(const Template& tmpl);

// The language of the record: the single member name of the object at tmpl.language_path, or
// "" when that object is absent (English-only page). Fails with kInvalidInput when the object
// is not an object, has no member or more than one, or its value is not a string.
Result<std::string> RecordLanguage(const Template& tmpl, const Json& credential);

// Resolves every field of `tmpl` against `credential` (plus verification_url). An absent
// optional field is left out of the map. Fails with kInvalidInput naming the credential path
// when a required field is missing or empty, has the wrong type, or a date does not parse.
Result<std::map<std::string, std::string>> ResolveFields(const Template& tmpl,
                                                         const Json& credential,
                                                         std::string_view language,
                                                         std::string_view verification_url);

// Replaces each {name} in `text` by fields[name]. Returns false (and leaves `out` unspecified)
// when a placeholder names a field not in `fields`, which means the element is left out.
bool Substitute(std::string_view text, const std::map<std::string, std::string>& fields,
                std::string* out);

// The placeholder names in `text`, in order ("{a} and {b}" -> a, b).
std::vector<std::string> Placeholders(std::string_view text);

// The path (with {lang} replaced by `language`) of the first field whose placeholder appears in
// `text`: names the credential member at fault when a text does not fit.
std::string DescribeSource(const Template& tmpl, std::string_view text, std::string_view language);

}  // namespace pramaan::certificate

#endif  // PRAMAAN_ISSUER_CERTIFICATE_TEMPLATE_H_
