// The certificate renderer: an Open Badges credential as pramaan issues it -> a one-page PDF
// (or PNG) laid out by a template from templates/, drawn with cairo, text shaped by pango
// (HarfBuzz) in Noto fonts named by file, with a QR code holding the verification URL.
#ifndef PRAMAAN_ISSUER_CERTIFICATE_RENDERER_H_
#define PRAMAAN_ISSUER_CERTIFICATE_RENDERER_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/json/json.h"
#include "core/result.h"
#include "issuer/certificate/template.h"

namespace pramaan::certificate {

// Template and script-table documents to build a renderer from (tests; the bundled set is
// what Create uses).
struct TemplateSources {
  std::vector<std::pair<std::string, std::string>> templates;  // (source name, JSON text)
  std::string scripts;                                         // templates/scripts.json text
};

// Where one text element landed: for tests that check nothing leaves its box.
struct PlacedText {
  std::string text;        // after substitution (and truncation, for an ellipsis)
  Box box;                 // the template's box
  double x = 0, y = 0;     // top left of the drawn text's ink extents, points
  double width = 0, height = 0;  // of the ink extents
  double font_size = 0;    // the size used after shrink-to-fit
  int lines = 0;
  bool ellipsized = false;
};

class CertificateRenderer {
 public:
  // Loads the bundled templates (templates/*.json, compiled into the binary) and builds the
  // private font configuration once: a fontconfig configuration holding exactly the font files
  // the templates and templates/scripts.json name, so no other installed font can change the
  // output. Fails with kNotFound naming the file when a font file cannot be read, and with
  // kInvalidInput when a bundled template is malformed (a build bug).
  static Result<std::unique_ptr<CertificateRenderer>> Create();
  // The bundled script table (templates/scripts.json): language code -> its script's fonts.
  // What the public pages serve as web fonts (api/page_fonts.h).
  static Result<std::map<std::string, ScriptFonts>> BundledScripts();
  // The same from the given documents.
  static Result<std::unique_ptr<CertificateRenderer>> CreateFromSources(
      const TemplateSources& sources);

  ~CertificateRenderer();
  CertificateRenderer(const CertificateRenderer&) = delete;
  CertificateRenderer& operator=(const CertificateRenderer&) = delete;

  // One-page A4 landscape PDF (unsigned) for an Open Badges credential as pramaan issues it
  // (see examples/signed/*.credential.json), QR code holding verification_url.
  // Template: "course-completion" when credentialSubject.achievement.achievementType is
  // "Certificate", else "ncvet-qualification"; template_name overrides when non-empty.
  // Deterministic: same credential, template and fonts => same bytes (the PDF's CreationDate is
  // the credential's validFrom; no clock, no randomness).
  // The page is bilingual when credentialSubject.nameLocalized holds one language, English only
  // when it is absent. Fails with kInvalidInput naming the credential member when a field the
  // template prints is missing, mistyped or does not fit its box even shrunk and wrapped (names
  // and titles; secondary text ends in an ellipsis instead), when the language has no entry in
  // templates/scripts.json, or when a text holds characters none of the fonts can draw; with
  // kNotFound for an unknown template_name. Safe to call from several threads (calls are
  // serialized: pango's font map is not thread-safe; use one renderer per thread to scale).
  Result<std::string> RenderPdf(const Json& credential, std::string_view verification_url,
                                std::string_view template_name = "") const;

  // The same page as a PNG (RGB, white-backed) at `dpi` (cairo image surface), for reference
  // tests and previews. `dpi` must be in [10, 600].
  Result<std::string> RenderPng(const Json& credential, std::string_view verification_url,
                                double dpi, std::string_view template_name = "") const;

  // Lays the page out without drawing it and reports where each text element went.
  Result<std::vector<PlacedText>> LayOut(const Json& credential,
                                         std::string_view verification_url,
                                         std::string_view template_name = "") const;

  // The template RenderPdf would use for `credential` (see RenderPdf).
  static std::string DefaultTemplateName(const Json& credential);

  // Names of the loaded templates, sorted.
  std::vector<std::string> TemplateNames() const;

 private:
  struct Fonts;  // fontconfig configuration, pango font map and context, font descriptions
  enum class Target { kPdf, kPng, kLayoutOnly };

  CertificateRenderer(std::map<std::string, Template> templates,
                      std::map<std::string, ScriptFonts> scripts, std::unique_ptr<Fonts> fonts);

  Result<std::string> Render(const Json& credential, std::string_view verification_url,
                             std::string_view template_name, Target target, double dpi,
                             std::vector<PlacedText>* placed) const;

  std::map<std::string, Template> templates_;
  std::map<std::string, ScriptFonts> scripts_;
  std::unique_ptr<Fonts> fonts_;
  mutable std::mutex mutex_;  // guards fonts_' pango context and font caches
};

}  // namespace pramaan::certificate

#endif  // PRAMAAN_ISSUER_CERTIFICATE_RENDERER_H_
