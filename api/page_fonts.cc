#include "api/page_fonts.h"

#include <algorithm>
#include <filesystem>

#include "core/crypto/sha256.h"
#include "core/encoding/hex.h"
#include "core/io/files.h"

namespace pramaan::api {
namespace {

// The Unicode blocks of each script the renderer prints (templates/scripts.json), with the
// joiners and the dotted circle its shaping uses. Arabic's two styles share their ranges; the
// Nastaliq face belongs to a family of its own.
struct ScriptRange {
  std::string_view script;
  std::string_view ranges;
};
constexpr ScriptRange kRanges[] = {
    {"Devanagari", "U+0900-097F,U+1CD0-1CF9,U+200C-200D,U+20B9,U+25CC,U+A830-A839,U+A8E0-A8FF"},
    {"Bengali", "U+0980-09FE,U+200C-200D,U+25CC"},
    {"Gurmukhi", "U+0A01-0A76,U+200C-200D,U+25CC"},
    {"Gujarati", "U+0A81-0AFF,U+200C-200D,U+25CC"},
    {"Oriya", "U+0B01-0B77,U+200C-200D,U+25CC"},
    {"Tamil", "U+0B82-0BFA,U+200C-200D,U+25CC"},
    {"Telugu", "U+0C00-0C7F,U+200C-200D,U+25CC"},
    {"Kannada", "U+0C80-0CF3,U+200C-200D,U+25CC"},
    {"Malayalam", "U+0D00-0D7F,U+200C-200D,U+25CC"},
    {"Sinhala", "U+0D81-0DF4,U+200C-200D,U+25CC"},
    {"Ol Chiki", "U+1C50-1C7F"},
    {"Meetei Mayek", "U+AAE0-AAF6,U+ABC0-ABF9"},
    {"Arabic (Naskh)", "U+0600-06FF,U+0750-077F,U+08A0-08FF,U+200C-200F,U+FB50-FDFF,U+FE70-FEFF"},
    {"Arabic (Nastaliq)",
     "U+0600-06FF,U+0750-077F,U+08A0-08FF,U+200C-200F,U+FB50-FDFF,U+FE70-FEFF"},
};
constexpr std::string_view kNastaliq = "Arabic (Nastaliq)";

}  // namespace

PageFonts PageFonts::Load(const std::vector<std::pair<std::string, std::string>>& fonts,
                          std::vector<std::string>* skipped) {
  PageFonts loaded;
  std::vector<std::string_view> scripts_done;
  const auto skip = [&](std::string why) {
    if (skipped != nullptr) skipped->push_back(std::move(why));
  };
  for (const auto& [script, path] : fonts) {
    // (A structured binding is not captured: clang 14 refuses it in C++20.)
    const std::string_view name = script;
    const auto range = std::find_if(std::begin(kRanges), std::end(kRanges),
                                    [name](const ScriptRange& r) { return r.script == name; });
    if (range == std::end(kRanges)) {
      skip(script + " (" + path + "): the pages know no Unicode range for this script");
      continue;
    }
    if (std::find(scripts_done.begin(), scripts_done.end(), range->script) != scripts_done.end()) {
      continue;  // several languages share a script and its font
    }
    auto bytes = ReadInput(path);
    if (!bytes.ok()) {
      skip(script + ": " + bytes.error().message());
      continue;
    }
    scripts_done.push_back(range->script);
    const Sha256Digest digest = Sha256(*bytes);
    Font font{std::filesystem::path(path).filename().string(), std::move(bytes).value(),
              EncodeHex(std::span<const uint8_t>(digest.data(), 8))};
    loaded.css_ += "@font-face{font-family:'" +
                   std::string(range->script == kNastaliq ? "Pramaan Urdu" : "Pramaan Scripts") +
                   "';src:url(/fonts/" + font.file_name + "?v=" + font.version +
                   ") format('truetype');unicode-range:" + std::string(range->ranges) +
                   ";font-display:swap}\n";
    loaded.fonts_.push_back(std::move(font));
  }
  return loaded;
}

const PageFonts::Font* PageFonts::Find(std::string_view file_name) const {
  for (const Font& font : fonts_) {
    if (font.file_name == file_name) return &font;
  }
  return nullptr;
}

}  // namespace pramaan::api
