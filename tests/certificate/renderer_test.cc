// The certificate renderer (issuer/certificate/renderer.h): templates, fonts, shaping, QR code,
// fitting and bad input, checked on the produced PDF with poppler-utils and zbar-tools.
//
// Reference images: tests/certificate/reference/<language>.png (one per script, made from
// render_data/scripts.json) and <template>.png (the two signed examples), 96 dpi. A rendering
// matches its reference when the sizes are equal and at most kMaxDifferentPixels pixels differ
// by more than kPixelTolerance in a channel: exact on the machine that made them, while letting
// anti-aliasing differ slightly between FreeType/pixman builds; a changed glyph, word, position
// or size changes far more pixels. To remake them after an intended change (and then look at
// every image before committing):
//   PRAMAAN_UPDATE_REFERENCES=1 build-render/renderer_test --gtest_filter='*Reference*'
#include "issuer/certificate/renderer.h"

#include <cairo.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "issuer/certificate/qr.h"
#include "issuer/certificate/template.h"
#include "issuer/certificate/unhinted_font.h"

namespace pramaan::certificate {
namespace {

const std::string kSourceDir = PRAMAAN_SOURCE_DIR;
const std::string kReferenceDir = kSourceDir + "/tests/certificate/reference";
constexpr char kUrl[] = "http://127.0.0.1:8080/v/66rfpbsoen45icagboez";
constexpr double kReferenceDpi = 96;
constexpr int kPixelTolerance = 48;
constexpr long kMaxDifferentPixels = 60;
// The unsigned page's budget: the signed certificate may be 60 KB, and the signer adds the
// credential (about 2 KB compressed) and the CMS signature with its certificate.
constexpr size_t kMaxUnsignedPdfBytes = 40 * 1024;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

Json LoadJson(const std::string& path) {
  auto json = ParseJson(ReadFile(path), path);
  EXPECT_TRUE(json.ok()) << path;
  return json.ok() ? *json : Json();
}

Json CourseExample() {
  return LoadJson(kSourceDir + "/examples/signed/course-completion.credential.json");
}
Json QualificationExample() {
  return LoadJson(kSourceDir + "/examples/signed/ncvet-qualification.credential.json");
}

bool HaveTool(const std::string& tool) {
  return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

// Runs a shell command and returns its standard output.
std::string RunCommand(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, n);
  pclose(pipe);
  return output;
}

std::string TempPath(const std::string& name) { return testing::TempDir() + "pramaan_render_" + name; }

const CertificateRenderer& Renderer() {
  static const CertificateRenderer* renderer = [] {
    auto created = CertificateRenderer::Create();
    if (!created.ok()) {
      ADD_FAILURE() << created.error().message();
      std::abort();
    }
    return created->release();
  }();
  return *renderer;
}

std::string RenderPdfOrFail(const Json& credential, std::string_view url = kUrl,
                            std::string_view template_name = "") {
  auto pdf = Renderer().RenderPdf(credential, url, template_name);
  EXPECT_TRUE(pdf.ok()) << pdf.error().message();
  return pdf.ok() ? *pdf : std::string();
}

// A copy of the course example for one learner of render_data/scripts.json.
Json CredentialFor(const Json& record) {
  Json credential = CourseExample();
  const std::string language = record["language"].get<std::string>();
  credential["credentialSubject"]["name"] = record["name"];
  credential["credentialSubject"]["nameLocalized"] = {{language, record["local_name"]}};
  credential["credentialSubject"]["achievement"]["nameLocalized"] = {
      {language, record["local_course"]}};
  return credential;
}

Json ScriptRecords() {
  return LoadJson(kSourceDir + "/tests/certificate/render_data/scripts.json")["records"];
}

void ExpectInvalidInputNaming(const Result<std::string>& result, const std::string& text) {
  ASSERT_FALSE(result.ok()) << "expected an error naming " << text;
  EXPECT_EQ(result.error().code(), ErrorCode::kInvalidInput) << result.error().message();
  EXPECT_NE(result.error().message().find(text), std::string::npos) << result.error().message();
}

// --- Templates and the basic page -------------------------------------------------------------

TEST(CertificateRenderer, CreateLoadsTheBundledTemplates) {
  EXPECT_EQ(Renderer().TemplateNames(),
            (std::vector<std::string>{"course-completion", "ncvet-qualification"}));
}

TEST(CertificateRenderer, ChoosesTheTemplateByAchievementType) {
  EXPECT_EQ(CertificateRenderer::DefaultTemplateName(CourseExample()), "course-completion");
  EXPECT_EQ(CertificateRenderer::DefaultTemplateName(QualificationExample()),
            "ncvet-qualification");
  EXPECT_EQ(CertificateRenderer::DefaultTemplateName(Json::object()), "ncvet-qualification");
}

TEST(CertificateRenderer, RendersBothTemplatesFromTheSignedExamples) {
  for (const Json& credential : {CourseExample(), QualificationExample()}) {
    const std::string pdf = RenderPdfOrFail(credential);
    EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
    EXPECT_NE(pdf.find("%%EOF", pdf.size() - 8), std::string::npos);
    EXPECT_LE(pdf.size(), kMaxUnsignedPdfBytes);
    EXPECT_EQ(pdf.find("/Type /Page "), pdf.rfind("/Type /Page ")) << "more than one page";
    // The creation date is the credential's validFrom, not the clock.
    std::string date = "/CreationDate (" + GetString(credential, "validFrom") + ")";
    std::erase_if(date, [](char c) { return c == '-' || c == ':' || c == 'T'; });
    EXPECT_NE(pdf.find(date), std::string::npos) << date;
  }
}

TEST(CertificateRenderer, RenderingIsDeterministic) {
  const std::string first = RenderPdfOrFail(CourseExample());
  EXPECT_EQ(RenderPdfOrFail(CourseExample()), first);
  auto second_renderer = CertificateRenderer::Create();
  ASSERT_TRUE(second_renderer.ok()) << second_renderer.error().message();
  auto again = (*second_renderer)->RenderPdf(CourseExample(), kUrl);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, first);
  auto png1 = Renderer().RenderPng(QualificationExample(), kUrl, 50);
  auto png2 = (*second_renderer)->RenderPng(QualificationExample(), kUrl, 50);
  ASSERT_TRUE(png1.ok() && png2.ok());
  EXPECT_EQ(*png1, *png2);
}

TEST(CertificateRenderer, TemplateNameOverridesTheChoice) {
  // Without its creator, the qualification names no course provider, which the course
  // template prints: the error names where the provider now is.
  Json qualification = QualificationExample();
  qualification["credentialSubject"]["achievement"].erase("creator");
  ExpectInvalidInputNaming(Renderer().RenderPdf(qualification, kUrl, "course-completion"),
                           "credentialSubject.achievement.creator.name");
  auto unknown = Renderer().RenderPdf(CourseExample(), kUrl, "diploma");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(unknown.error().message().find("diploma"), std::string::npos);
}

TEST(CertificateRenderer, RenderPngIsAnImageOfTheRequestedSize) {
  auto png = Renderer().RenderPng(CourseExample(), kUrl, 72);
  ASSERT_TRUE(png.ok()) << png.error().message();
  ASSERT_GT(png->size(), 24u);
  EXPECT_EQ(png->substr(1, 3), "PNG");
  const auto be32 = [&](size_t at) {
    return (static_cast<uint8_t>((*png)[at]) << 24) | (static_cast<uint8_t>((*png)[at + 1]) << 16) |
           (static_cast<uint8_t>((*png)[at + 2]) << 8) | static_cast<uint8_t>((*png)[at + 3]);
  };
  EXPECT_EQ(be32(16), 842);  // ceil(841.89 pt at 72 dpi)
  EXPECT_EQ(be32(20), 596);
  EXPECT_FALSE(Renderer().RenderPng(CourseExample(), kUrl, 0).ok());
  EXPECT_FALSE(Renderer().RenderPng(CourseExample(), kUrl, 5000).ok());
}

// --- What the page says ---------------------------------------------------------------------

std::vector<std::string> LaidOutTexts(const Json& credential) {
  auto placed = Renderer().LayOut(credential, kUrl);
  EXPECT_TRUE(placed.ok()) << placed.error().message();
  std::vector<std::string> texts;
  if (placed.ok()) {
    for (const PlacedText& p : *placed) texts.push_back(p.text);
  }
  return texts;
}

bool Contains(const std::vector<std::string>& texts, const std::string& text) {
  return std::find(texts.begin(), texts.end(), text) != texts.end();
}

TEST(CertificateRenderer, CoursePageShowsEveryField) {
  const auto texts = LaidOutTexts(CourseExample());
  for (const char* expected :
       {"Pramaan Demo Issuer (development key)", "Certificate of Completion", "Asha Verma",
        "आशा वर्मा", "Digital Governance Foundations", "डिजिटल शासन की बुनियाद",
        "offered by Lal Bahadur Shastri National Academy of Administration",
        "12.5 notional hours · completed on 1 November 2026", kUrl,
        "Credential ID: http://127.0.0.1:8080/credentials/66rfpbsoen45icagboez"}) {
    EXPECT_TRUE(Contains(texts, expected)) << expected;
  }
}

TEST(CertificateRenderer, QualificationPageShowsEveryField) {
  const auto texts = LaidOutTexts(QualificationExample());
  for (const char* expected :
       {"Public Service Delivery Associate", "Anirban Chattopadhyay", "অনির্বাণ চট্টোপাধ্যায়",
        "NQR code: QG-05-GE-01234-2024-V1.0-NCVET", "NSQF level: 5", "Credits: 12 of 12",
        "Grade / marks: 71", "Assessed by Example Assessment Agency Pvt. Ltd.",
        "Awarded by Example Awarding Body for Public Administration",
        "Date of award: 5 November 2026", kUrl}) {
    EXPECT_TRUE(Contains(texts, expected)) << expected;
  }
}

TEST(CertificateRenderer, PageWithoutALocalizedNameIsEnglishOnly) {
  Json credential = CourseExample();
  credential["credentialSubject"].erase("nameLocalized");
  const auto texts = LaidOutTexts(credential);
  EXPECT_TRUE(Contains(texts, "Asha Verma"));
  EXPECT_FALSE(Contains(texts, "आशा वर्मा"));
  EXPECT_FALSE(Contains(texts, "डिजिटल शासन की बुनियाद"));
  EXPECT_TRUE(Renderer().RenderPdf(credential, kUrl).ok());
}

TEST(CertificateRenderer, AbsentOptionalLocalizedCourseNameIsLeftOut) {
  Json credential = CourseExample();
  credential["credentialSubject"]["achievement"].erase("nameLocalized");
  const auto texts = LaidOutTexts(credential);
  EXPECT_TRUE(Contains(texts, "आशा वर्मा"));
  EXPECT_FALSE(Contains(texts, "डिजिटल शासन की बुनियाद"));
}

// --- Fitting ------------------------------------------------------------------------------

void ExpectInsideBoxes(const std::vector<PlacedText>& placed) {
  constexpr double kSlack = 2.01;  // kInkSlack in renderer.cc: side bearings
  for (const PlacedText& p : placed) {
    EXPECT_GE(p.x, p.box.x - kSlack) << p.text;
    EXPECT_LE(p.x + p.width, p.box.x + p.box.width + kSlack) << p.text;
    EXPECT_GE(p.y, p.box.y - 0.01) << p.text;
    EXPECT_LE(p.y + p.height, p.box.y + p.box.height + 0.01) << p.text;
  }
}

const PlacedText* Find(const std::vector<PlacedText>& placed, const std::string& prefix) {
  for (const PlacedText& p : placed) {
    if (p.text.rfind(prefix, 0) == 0) return &p;
  }
  return nullptr;
}

TEST(CertificateRendererFit, ExamplesFitAtTheirPreferredSizes) {
  for (const Json& credential : {CourseExample(), QualificationExample()}) {
    auto placed = Renderer().LayOut(credential, kUrl);
    ASSERT_TRUE(placed.ok()) << placed.error().message();
    ExpectInsideBoxes(*placed);
    const PlacedText* name = Find(*placed, GetString(credential["credentialSubject"], "name"));
    ASSERT_NE(name, nullptr);
    EXPECT_EQ(name->font_size, 30);
    EXPECT_EQ(name->lines, 1);
  }
}

TEST(CertificateRendererFit, LongNameShrinksOnOneLine) {
  Json credential = CourseExample();
  const std::string name = "Venkata Lakshmi Narasimha Subrahmanya Sarma";
  credential["credentialSubject"]["name"] = name;
  auto placed = Renderer().LayOut(credential, kUrl);
  ASSERT_TRUE(placed.ok()) << placed.error().message();
  ExpectInsideBoxes(*placed);
  const PlacedText* p = Find(*placed, name);
  ASSERT_NE(p, nullptr);
  EXPECT_LT(p->font_size, 30);
  EXPECT_GE(p->font_size, 14);
  EXPECT_EQ(p->lines, 1);
}

TEST(CertificateRendererFit, VeryLongTitleWrapsOntoTwoLines) {
  Json credential = CourseExample();
  const std::string title =
      "Advanced Certificate Programme in Digital Governance, Public Policy Analytics and "
      "Citizen-Centric Service Delivery for State Administrative Officers";
  credential["credentialSubject"]["achievement"]["name"] = title;
  auto placed = Renderer().LayOut(credential, kUrl);
  ASSERT_TRUE(placed.ok()) << placed.error().message();
  ExpectInsideBoxes(*placed);
  const PlacedText* p = Find(*placed, title);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->lines, 2);
  EXPECT_GE(p->font_size, 11);
  EXPECT_FALSE(p->ellipsized);
}

// The provider is the achievement's Open Badges creator; credentials issued before that
// (achievement.courseProvider, as the signed example has it) still print theirs.
TEST(CertificateRenderer, CourseProviderIsTheCreatorOrTheOlderCourseProvider) {
  const auto shows = [](const std::vector<PlacedText>& placed, const std::string& text) {
    for (const PlacedText& p : placed) {
      if (p.text.find(text) != std::string::npos) return true;
    }
    return false;
  };
  Json older = CourseExample();
  ASSERT_TRUE(older["credentialSubject"]["achievement"].contains("courseProvider"));
  older["credentialSubject"]["achievement"]["courseProvider"] = "Older Provider Institute";
  auto placed = Renderer().LayOut(older, kUrl);
  ASSERT_TRUE(placed.ok()) << placed.error().message();
  EXPECT_TRUE(shows(*placed, "Older Provider Institute"));

  Json newer = CourseExample();
  newer["credentialSubject"]["achievement"].erase("courseProvider");
  newer["credentialSubject"]["achievement"]["creator"] = {
      {"id", "https://example.org/course-providers/x"}, {"type", Json::array({"Profile"})},
      {"name", "Creator Provider Institute"}};
  placed = Renderer().LayOut(newer, kUrl);
  ASSERT_TRUE(placed.ok()) << placed.error().message();
  EXPECT_TRUE(shows(*placed, "Creator Provider Institute"));
  EXPECT_FALSE(shows(*placed, "Older Provider Institute"));
}

TEST(CertificateRendererFit, LongSecondaryTextEndsInAnEllipsis) {
  Json credential = CourseExample();
  std::string provider;
  for (int i = 0; i < 40; ++i) provider += "National Institute of Rural Development ";
  credential["credentialSubject"]["achievement"]["courseProvider"] = provider;
  auto placed = Renderer().LayOut(credential, kUrl);
  ASSERT_TRUE(placed.ok()) << placed.error().message();
  ExpectInsideBoxes(*placed);
  const PlacedText* p = Find(*placed, "offered by");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->ellipsized);
  EXPECT_LE(p->lines, 2);
  EXPECT_TRUE(Renderer().RenderPdf(credential, kUrl).ok());
}

TEST(CertificateRendererFit, EveryScriptFitsItsBoxes) {
  for (const Json& record : ScriptRecords()) {
    auto placed = Renderer().LayOut(CredentialFor(record), kUrl);
    ASSERT_TRUE(placed.ok()) << placed.error().message();
    ExpectInsideBoxes(*placed);
  }
}

// --- Bad input -----------------------------------------------------------------------------

TEST(CertificateRendererBadInput, NameLongerThanAnyPageFailsNamingTheField) {
  Json credential = CourseExample();
  std::string name;
  for (int i = 0; i < 30; ++i) name += "Ramachandran ";
  credential["credentialSubject"]["name"] = name;
  auto pdf = Renderer().RenderPdf(credential, kUrl);
  ExpectInvalidInputNaming(pdf, "credentialSubject.name is too long");
  credential["credentialSubject"]["name"] = std::string(100000, 'A');  // not even laid out
  ExpectInvalidInputNaming(Renderer().RenderPdf(credential, kUrl), "credentialSubject.name");
  Json local = CourseExample();
  local["credentialSubject"]["nameLocalized"]["hi"] = name.substr(0, 10) + std::string(3000, 'X');
  ExpectInvalidInputNaming(Renderer().RenderPdf(local, kUrl), "credentialSubject.nameLocalized.hi");
}

TEST(CertificateRendererBadInput, MissingFieldFailsNamingIt) {
  struct Case {
    Json::json_pointer member;
    std::string named;
    bool qualification;
  };
  const std::vector<Case> cases = {
      {Json::json_pointer("/credentialSubject/name"), "credentialSubject.name", false},
      {Json::json_pointer("/credentialSubject/activityEndDate"), "credentialSubject.activityEndDate", false},
      {Json::json_pointer("/credentialSubject/achievement/notionalHours"), "notionalHours", false},
      {Json::json_pointer("/issuer/name"), "issuer.name", false},
      {Json::json_pointer("/id"), "no id", false},
      {Json::json_pointer("/credentialSubject/achievement/humanCode"), "humanCode", true},
      {Json::json_pointer("/credentialSubject/achievement/alignment"),
       "alignment[targetType=ext:NSQFLevel].targetCode", true},
      {Json::json_pointer("/evidence"), "evidence[*].assessmentAgency", true},
      {Json::json_pointer("/credentialSubject/result"), "credentialSubject.result[0].value", true},
      {Json::json_pointer("/credentialSubject/achievement/creator"), "creator.name", true},
      {Json::json_pointer("/credentialSubject/creditsEarned"), "creditsEarned", true},
  };
  for (const Case& c : cases) {
    Json credential = c.qualification ? QualificationExample() : CourseExample();
    credential[c.member.parent_pointer()].erase(c.member.back());
    ExpectInvalidInputNaming(Renderer().RenderPdf(credential, kUrl), c.named);
  }
}

TEST(CertificateRendererBadInput, MistypedFieldFailsNamingIt) {
  Json credential = CourseExample();
  credential["credentialSubject"]["achievement"]["notionalHours"] = "twelve";
  ExpectInvalidInputNaming(Renderer().RenderPdf(credential, kUrl), "notionalHours must be a number");
  credential = CourseExample();
  credential["credentialSubject"]["activityEndDate"] = "2026-02-30";
  ExpectInvalidInputNaming(Renderer().RenderPdf(credential, kUrl), "activityEndDate must be a date");
  credential = CourseExample();
  credential["credentialSubject"]["name"] = Json::array({"Asha"});
  ExpectInvalidInputNaming(Renderer().RenderPdf(credential, kUrl), "credentialSubject.name");
  credential = CourseExample();
  credential["validFrom"] = "yesterday";
  ExpectInvalidInputNaming(Renderer().RenderPdf(credential, kUrl), "validFrom");
  ExpectInvalidInputNaming(Renderer().RenderPdf(Json::array(), kUrl), "JSON object");
}

TEST(CertificateRendererBadInput, UnknownLanguageFailsNamingIt) {
  Json credential = CourseExample();
  credential["credentialSubject"]["nameLocalized"] = {{"xx", "Asha"}};
  credential["credentialSubject"]["achievement"]["nameLocalized"] = {{"xx", "Course"}};
  ExpectInvalidInputNaming(Renderer().RenderPdf(credential, kUrl), "language \"xx\"");
  credential["credentialSubject"]["nameLocalized"] = {{"hi", "आशा"}, {"ta", "ஆஷா"}};
  ExpectInvalidInputNaming(Renderer().RenderPdf(credential, kUrl), "exactly one language");
}

TEST(CertificateRendererBadInput, CharactersNoFontCanDrawFail) {
  Json credential = CourseExample();
  credential["credentialSubject"]["name"] = "Asha \xF0\x9F\x98\x80 Verma";  // an emoji
  ExpectInvalidInputNaming(Renderer().RenderPdf(credential, kUrl), "credentialSubject.name holds");
}

TEST(CertificateRendererBadInput, VerificationUrlTooLongForAPrintedQrCodeFails) {
  const std::string url = std::string(kUrl) + "?" + std::string(400, 'a');
  ExpectInvalidInputNaming(Renderer().RenderPdf(CourseExample(), url), "verification URL");
  ExpectInvalidInputNaming(Renderer().RenderPdf(CourseExample(), ""), "empty");
}

TemplateSources BundledSourcesWith(const std::string& from, const std::string& to) {
  TemplateSources sources;
  for (const char* name : {"course-completion", "ncvet-qualification"}) {
    std::string text = ReadFile(kSourceDir + "/templates/" + name + ".json");
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
    sources.templates.emplace_back(std::string("templates/") + name + ".json", text);
  }
  sources.scripts = ReadFile(kSourceDir + "/templates/scripts.json");
  return sources;
}

TEST(CertificateRendererBadInput, MissingFontFileFailsCreateNamingTheFile) {
  auto renderer = CertificateRenderer::CreateFromSources(
      BundledSourcesWith("NotoSerif-Bold.ttf", "NotoSerif-Missing.ttf"));
  ASSERT_FALSE(renderer.ok());
  EXPECT_EQ(renderer.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(renderer.error().message().find(
                "/usr/share/fonts/truetype/noto/NotoSerif-Missing.ttf"),
            std::string::npos)
      << renderer.error().message();
}

TEST(CertificateRendererBadInput, MalformedTemplateFailsCreate) {
  auto undeclared = CertificateRenderer::CreateFromSources(
      BundledSourcesWith("{learner_name}", "{learner_nickname}"));
  ASSERT_FALSE(undeclared.ok());
  EXPECT_NE(undeclared.error().message().find("{learner_nickname}"), std::string::npos)
      << undeclared.error().message();
  auto bad_colour = CertificateRenderer::CreateFromSources(BundledSourcesWith("#1f3a5f", "navy"));
  ASSERT_FALSE(bad_colour.ok());
  EXPECT_NE(bad_colour.error().message().find("colour"), std::string::npos);
}

// --- Real tools on the PDF ---------------------------------------------------------------------

TEST(CertificatePdfTools, FontsAreEmbeddedAndSubset) {
  if (!HaveTool("pdffonts")) GTEST_SKIP() << "pdffonts (poppler-utils) is not installed";
  const struct {
    Json credential;
    const char* script_font;
  } cases[] = {{CourseExample(), "NotoSansDevanagari-Bold"},
               {QualificationExample(), "NotoSansBengali-Bold"}};
  for (const auto& c : cases) {
    const std::string path = TempPath("fonts.pdf");
    WriteFile(path, RenderPdfOrFail(c.credential));
    const std::string report = RunCommand("pdffonts " + path);
    std::istringstream lines(report);
    std::string line;
    int fonts = 0;
    while (std::getline(lines, line)) {
      if (line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0 || line.empty()) continue;
      ++fonts;
      // "ABCDEF+NotoSans-Bold  TrueType  WinAnsi  yes yes yes  6  0": subset prefix, emb, sub.
      EXPECT_EQ(line[6], '+') << line;
      EXPECT_NE(line.find(" yes yes "), std::string::npos) << line;
    }
    EXPECT_GE(fonts, 4) << report;
    EXPECT_NE(report.find(c.script_font), std::string::npos) << report;
    EXPECT_EQ(report.find("DejaVu"), std::string::npos) << "a system font leaked in: " << report;
  }
}

TEST(CertificatePdfTools, TextHasTheEnglishAndLocalizedNames) {
  if (!HaveTool("pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  const std::string path = TempPath("text.pdf");
  WriteFile(path, RenderPdfOrFail(CourseExample()));
  std::string text = RunCommand("pdftotext -enc UTF-8 " + path + " -");
  for (const char* expected : {"Asha Verma", "आशा वर्मा", "Digital Governance Foundations",
                               "डिजिटल शासन की बुनियाद", "1 November 2026", kUrl}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " not in:\n" << text;
  }
  WriteFile(path, RenderPdfOrFail(QualificationExample()));
  text = RunCommand("pdftotext -enc UTF-8 " + path + " -");
  for (const char* expected : {"Anirban Chattopadhyay", "অনির্বাণ চট্টোপাধ্যায়",
                               "QG-05-GE-01234-2024-V1.0-NCVET", "5 November 2026"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " not in:\n" << text;
  }
}

std::string DecodeQr(const std::string& pdf, const std::string& name) {
  const std::string pdf_path = TempPath(name + ".pdf");
  const std::string png_prefix = TempPath(name);
  WriteFile(pdf_path, pdf);
  std::remove((png_prefix + "-1.png").c_str());
  RunCommand("pdftoppm -r 150 -png -f 1 -l 1 " + pdf_path + " " + png_prefix);
  std::string decoded = RunCommand("zbarimg --raw -q " + png_prefix + "-1.png 2>/dev/null");
  while (!decoded.empty() && decoded.back() == '\n') decoded.pop_back();
  return decoded;
}

TEST(CertificatePdfTools, QrCodeDecodesToTheVerificationUrl) {
  if (!HaveTool("pdftoppm") || !HaveTool("zbarimg")) {
    GTEST_SKIP() << "pdftoppm (poppler-utils) or zbarimg (zbar-tools) is not installed";
  }
  EXPECT_EQ(DecodeQr(RenderPdfOrFail(CourseExample()), "qr_course"), kUrl);
  const std::string other = "https://credentials.example.gov.in/v/fhnongnqw3owsoorogbu";
  EXPECT_EQ(DecodeQr(RenderPdfOrFail(QualificationExample(), other), "qr_qualification"), other);
  // Close to the longest URL we print (QR version 10): the modules are smallest.
  const std::string long_url = "https://credentials.example.gov.in/v/" + std::string(150, 'z');
  EXPECT_EQ(DecodeQr(RenderPdfOrFail(CourseExample(), long_url), "qr_long"), long_url);
}

TEST(CertificateQr, EncodesInByteModeWithLevelM) {
  auto qr = EncodeQr(kUrl);
  ASSERT_TRUE(qr.ok()) << qr.error().message();
  EXPECT_EQ(qr->size, 17 + 4 * qr->version);
  // 44 bytes in 8-bit mode: version 3 holds 53 at level L but 42 at M; version 4 holds 62 at
  // M. So version 4 means level M or Q, and neither L nor H (version 4 at H holds 34).
  EXPECT_EQ(qr->version, 4);
  EXPECT_FALSE(EncodeQr("").ok());
}

// --- Scripts and reference images -------------------------------------------------------------

struct Image {
  int width = 0, height = 0;
  std::vector<uint32_t> pixels;  // xRGB
};

cairo_status_t ReadFromString(void* closure, unsigned char* data, unsigned int length) {
  auto* source = static_cast<std::string_view*>(closure);
  if (source->size() < length) return CAIRO_STATUS_READ_ERROR;
  std::copy(source->begin(), source->begin() + length, data);
  source->remove_prefix(length);
  return CAIRO_STATUS_SUCCESS;
}

bool DecodePng(std::string_view png, Image* image) {
  cairo_surface_t* surface = cairo_image_surface_create_from_png_stream(ReadFromString, &png);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return false;
  }
  image->width = cairo_image_surface_get_width(surface);
  image->height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  image->pixels.resize(static_cast<size_t>(image->width) * image->height);
  for (int y = 0; y < image->height; ++y) {
    const auto* row = reinterpret_cast<const uint32_t*>(data + static_cast<size_t>(y) * stride);
    std::copy(row, row + image->width, image->pixels.begin() + static_cast<long>(y) * image->width);
  }
  cairo_surface_destroy(surface);
  return true;
}

// Pixels differing by more than kPixelTolerance in some channel; -1 when sizes differ.
long DifferentPixels(const Image& a, const Image& b) {
  if (a.width != b.width || a.height != b.height) return -1;
  long different = 0;
  for (size_t i = 0; i < a.pixels.size(); ++i) {
    for (int shift : {0, 8, 16}) {
      const int ca = static_cast<int>((a.pixels[i] >> shift) & 0xff);
      const int cb = static_cast<int>((b.pixels[i] >> shift) & 0xff);
      if (std::abs(ca - cb) > kPixelTolerance) {
        ++different;
        break;
      }
    }
  }
  return different;
}

void ExpectMatchesReference(const Json& credential, const std::string& name) {
  auto png = Renderer().RenderPng(credential, kUrl, kReferenceDpi);
  ASSERT_TRUE(png.ok()) << name << ": " << png.error().message();
  const std::string reference_path = kReferenceDir + "/" + name + ".png";
  if (std::getenv("PRAMAAN_UPDATE_REFERENCES") != nullptr) {
    WriteFile(reference_path, *png);
    return;
  }
  Image actual, expected;
  ASSERT_TRUE(DecodePng(*png, &actual));
  ASSERT_TRUE(DecodePng(ReadFile(reference_path), &expected)) << "cannot read " << reference_path;
  const long different = DifferentPixels(actual, expected);
  if (different < 0 || different > kMaxDifferentPixels) {
    const std::string actual_path = TempPath(name + "-actual.png");
    WriteFile(actual_path, *png);
    ADD_FAILURE() << name << ": the rendering changed (" << different << " pixels differ; -1: size)."
                  << " Compare " << actual_path << " with " << reference_path;
  }
}

TEST(CertificateRendererReference, EveryScriptMatchesItsReference) {
  const Json records = ScriptRecords();
  ASSERT_GE(records.size(), 10u);
  for (const Json& record : records) {
    ExpectMatchesReference(CredentialFor(record), record["language"].get<std::string>());
  }
}

TEST(CertificateRendererReference, TemplatesMatchTheirReferences) {
  ExpectMatchesReference(CourseExample(), "course-completion");
  ExpectMatchesReference(QualificationExample(), "ncvet-qualification");
}

TEST(CertificateRendererReference, ComparisonDetectsAChangedName) {
  auto png = Renderer().RenderPng(CourseExample(), kUrl, kReferenceDpi);
  Json changed = CourseExample();
  changed["credentialSubject"]["nameLocalized"]["hi"] = "आशा वर्म";  // one vowel sign less
  auto other = Renderer().RenderPng(changed, kUrl, kReferenceDpi);
  ASSERT_TRUE(png.ok() && other.ok());
  Image a, b;
  ASSERT_TRUE(DecodePng(*png, &a) && DecodePng(*other, &b));
  EXPECT_GT(DifferentPixels(a, b), kMaxDifferentPixels);
}

TEST(CertificateRendererScripts, EveryScriptRendersAPdfWithinBudget) {
  for (const Json& record : ScriptRecords()) {
    const std::string pdf = RenderPdfOrFail(CredentialFor(record));
    EXPECT_EQ(pdf.substr(0, 5), "%PDF-") << record["language"];
    EXPECT_LE(pdf.size(), kMaxUnsignedPdfBytes) << record["language"];
  }
}

TEST(CertificateRendererScripts, LocalizedTextUsesTheScriptsFont) {
  if (!HaveTool("pdffonts")) GTEST_SKIP() << "pdffonts (poppler-utils) is not installed";
  const std::map<std::string, std::string> expected = {
      {"hi", "NotoSansDevanagari"}, {"bn", "NotoSansBengali"}, {"ta", "NotoSansTamil"},
      {"te", "NotoSansTelugu"},     {"kn", "NotoSansKannada"}, {"ml", "NotoSansMalayalam"},
      {"gu", "NotoSansGujarati"},   {"pa", "NotoSansGurmukhi"}, {"or", "NotoSansOriya"},
      {"ur", "NotoNastaliqUrdu"},   {"mr", "NotoSansDevanagari"}};
  for (const Json& record : ScriptRecords()) {
    const std::string language = record["language"].get<std::string>();
    const std::string path = TempPath("script_" + language + ".pdf");
    WriteFile(path, RenderPdfOrFail(CredentialFor(record)));
    const std::string report = RunCommand("pdffonts " + path);
    ASSERT_TRUE(expected.count(language)) << language;
    EXPECT_NE(report.find(expected.at(language)), std::string::npos) << language << report;
  }
}

// --- Fonts ---------------------------------------------------------------------------------

TEST(UnhintedFont, RemovesHintingAndKeepsTheGlyphs) {
  const std::string path = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
  const std::string font = ReadFile(path);
  if (font.empty()) GTEST_SKIP() << path << " is not installed (fonts-noto-core)";
  auto unhinted = RemoveTrueTypeHinting(font, path);
  ASSERT_TRUE(unhinted.ok()) << unhinted.error().message();
  EXPECT_LT(unhinted->size(), font.size() * 9 / 10);
  const auto tables = [](const std::string& sfnt) {
    std::set<std::string> tags;
    const size_t count = (static_cast<uint8_t>(sfnt[4]) << 8) | static_cast<uint8_t>(sfnt[5]);
    for (size_t i = 0; i < count; ++i) tags.insert(sfnt.substr(12 + 16 * i, 4));
    return tags;
  };
  EXPECT_TRUE(tables(font).count("fpgm"));
  EXPECT_FALSE(tables(*unhinted).count("fpgm"));
  EXPECT_FALSE(tables(*unhinted).count("prep"));
  EXPECT_TRUE(tables(*unhinted).count("GSUB"));
  EXPECT_TRUE(tables(*unhinted).count("glyf"));
  auto garbage = RemoveTrueTypeHinting("not a font at all", "garbage.ttf");
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.error().message().find("garbage.ttf"), std::string::npos);
  auto truncated = RemoveTrueTypeHinting(font.substr(0, 5000), path);
  EXPECT_FALSE(truncated.ok());
}

// --- Speed and size --------------------------------------------------------------------------

TEST(CertificateRendererSpeed, ReportsMillisecondsPerPageAndBytes) {
  for (const Json& credential : {CourseExample(), QualificationExample()}) {
    const std::string pdf = RenderPdfOrFail(credential);  // warm the font caches
    constexpr int kPages = 100;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kPages; ++i) ASSERT_TRUE(Renderer().RenderPdf(credential, kUrl).ok());
    const double ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start).count() / kPages;
    std::printf("%s: %.2f ms/page, %zu bytes\n",
                CertificateRenderer::DefaultTemplateName(credential).c_str(), ms, pdf.size());
    RecordProperty(CertificateRenderer::DefaultTemplateName(credential) + "_us_per_page",
                   static_cast<int>(ms * 1000));
    // Generous bound (sanitizer and debug builds are several times slower than release, where
    // a page takes about 3 ms): catches accidentally rebuilding fonts or the font map per page.
    EXPECT_LT(ms, 60);
  }
}

}  // namespace
}  // namespace pramaan::certificate
