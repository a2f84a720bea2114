#include "issuer/certificate/unhinted_font.h"

#include <cstdint>
#include <map>
#include <set>

namespace pramaan::certificate {
namespace {

uint16_t Read16(std::string_view data, size_t at) {
  return static_cast<uint16_t>((static_cast<uint8_t>(data[at]) << 8) | static_cast<uint8_t>(data[at + 1]));
}
uint32_t Read32(std::string_view data, size_t at) {
  return (static_cast<uint32_t>(Read16(data, at)) << 16) | Read16(data, at + 2);
}
void Put16(std::string* out, uint16_t value) {
  out->push_back(static_cast<char>(value >> 8));
  out->push_back(static_cast<char>(value & 0xff));
}
void Put32(std::string* out, uint32_t value) {
  Put16(out, static_cast<uint16_t>(value >> 16));
  Put16(out, static_cast<uint16_t>(value & 0xffff));
}
void Set16(std::string* data, size_t at, uint16_t value) {
  (*data)[at] = static_cast<char>(value >> 8);
  (*data)[at + 1] = static_cast<char>(value & 0xff);
}
void Set32(std::string* data, size_t at, uint32_t value) {
  Set16(data, at, static_cast<uint16_t>(value >> 16));
  Set16(data, at + 2, static_cast<uint16_t>(value & 0xffff));
}
void PadTo4(std::string* data) {
  while (data->size() % 4 != 0) data->push_back('\0');
}
uint32_t Checksum(std::string_view table) {
  uint32_t sum = 0;
  for (size_t i = 0; i < table.size(); i += 4) {
    uint32_t word = 0;
    for (size_t j = 0; j < 4; ++j) {
      word = (word << 8) | (i + j < table.size() ? static_cast<uint8_t>(table[i + j]) : 0);
    }
    sum += word;
  }
  return sum;
}

// Glyph flags of composite glyphs (OpenType `glyf` table).
constexpr uint16_t kArgsAreWords = 0x0001;
constexpr uint16_t kHaveScale = 0x0008;
constexpr uint16_t kMoreComponents = 0x0020;
constexpr uint16_t kHaveXYScale = 0x0040;
constexpr uint16_t kHaveTwoByTwo = 0x0080;
constexpr uint16_t kHaveInstructions = 0x0100;

// One glyph without its instructions; false when the glyph is malformed.
bool StripGlyph(std::string_view glyph, std::string* out) {
  if (glyph.empty()) return true;
  if (glyph.size() < 10) return false;
  const auto contours = static_cast<int16_t>(Read16(glyph, 0));
  if (contours >= 0) {
    const size_t instructions_at = 10 + 2 * static_cast<size_t>(contours);
    if (instructions_at + 2 > glyph.size()) return false;
    const size_t length = Read16(glyph, instructions_at);
    if (instructions_at + 2 + length > glyph.size()) return false;
    out->append(glyph.substr(0, instructions_at));
    Put16(out, 0);
    out->append(glyph.substr(instructions_at + 2 + length));
    return true;
  }
  std::string copy(glyph);
  size_t at = 10;
  uint16_t flags = 0;
  do {
    if (at + 4 > copy.size()) return false;
    flags = Read16(copy, at);
    Set16(&copy, at, flags & ~kHaveInstructions);
    at += 4 + ((flags & kArgsAreWords) ? 4 : 2);
    if (flags & kHaveScale) at += 2;
    if (flags & kHaveXYScale) at += 4;
    if (flags & kHaveTwoByTwo) at += 8;
  } while (flags & kMoreComponents);
  if (at > copy.size()) return false;
  out->append(copy.substr(0, at));  // drops the instructions (and padding) after the components
  return true;
}

}  // namespace

Result<std::string> RemoveTrueTypeHinting(std::string_view font, std::string_view name) {
  const auto bad = [&](std::string_view why) {
    return InvalidInput("font file " + std::string(name) + " is not a well-formed TrueType font (" +
                        std::string(why) + ")");
  };
  if (font.size() < 12) return bad("too short");
  const uint32_t version = Read32(font, 0);
  if (version != 0x00010000 && version != 0x74727565 /* 'true' */) return bad("not a TrueType sfnt");
  const uint16_t count = Read16(font, 4);
  if (12 + 16 * static_cast<size_t>(count) > font.size()) return bad("truncated table directory");
  std::map<std::string, std::string_view> tables;
  for (uint16_t i = 0; i < count; ++i) {
    const size_t record = 12 + 16 * static_cast<size_t>(i);
    const uint32_t offset = Read32(font, record + 8);
    const uint32_t length = Read32(font, record + 12);
    if (offset > font.size() || length > font.size() - offset) return bad("table out of bounds");
    tables[std::string(font.substr(record, 4))] = font.substr(offset, length);
  }
  if (tables.count("glyf") == 0) return std::string(font);
  if (tables.count("loca") == 0 || tables.count("head") == 0 || tables.count("maxp") == 0) {
    return bad("no loca, head or maxp");
  }
  std::string head(tables["head"]);
  std::string maxp(tables["maxp"]);
  if (head.size() < 54 || maxp.size() < 6) return bad("short head or maxp");
  const bool long_loca = Read16(head, 50) == 1;
  const size_t glyphs = Read16(maxp, 4);
  const std::string_view loca = tables["loca"];
  const std::string_view glyf = tables["glyf"];
  if (loca.size() < (glyphs + 1) * (long_loca ? 4 : 2)) return bad("short loca");

  std::string new_glyf;
  std::string new_loca;
  new_glyf.reserve(glyf.size());
  for (size_t g = 0; g < glyphs; ++g) {
    const size_t start = long_loca ? Read32(loca, 4 * g) : 2 * static_cast<size_t>(Read16(loca, 2 * g));
    const size_t end =
        long_loca ? Read32(loca, 4 * (g + 1)) : 2 * static_cast<size_t>(Read16(loca, 2 * (g + 1)));
    if (start > end || end > glyf.size()) return bad("glyph out of bounds");
    Put32(&new_loca, static_cast<uint32_t>(new_glyf.size()));
    if (!StripGlyph(glyf.substr(start, end - start), &new_glyf)) return bad("malformed glyph");
    PadTo4(&new_glyf);
  }
  Put32(&new_loca, static_cast<uint32_t>(new_glyf.size()));
  Set16(&head, 50, 1);  // indexToLocFormat: long
  Set32(&head, 8, 0);   // checkSumAdjustment, set below
  if (maxp.size() >= 32) {
    Set16(&maxp, 14, 1);  // maxZones
    for (size_t at : {16, 18, 20, 22, 24, 26}) Set16(&maxp, at, 0);  // twilight .. instructions
  }

  static const std::set<std::string> kDropped = {"fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX"};
  std::map<std::string, std::string> out_tables;
  for (const auto& [tag, data] : tables) {
    if (kDropped.count(tag) != 0) continue;
    out_tables[tag] = std::string(data);
  }
  out_tables["glyf"] = std::move(new_glyf);
  out_tables["loca"] = std::move(new_loca);
  out_tables["head"] = std::move(head);
  out_tables["maxp"] = std::move(maxp);

  const auto n = static_cast<uint16_t>(out_tables.size());
  uint16_t power = 1, log2 = 0;
  while (power * 2 <= n) {
    power *= 2;
    ++log2;
  }
  std::string out;
  Put32(&out, 0x00010000);
  Put16(&out, n);
  Put16(&out, static_cast<uint16_t>(power * 16));
  Put16(&out, log2);
  Put16(&out, static_cast<uint16_t>(n * 16 - power * 16));
  size_t offset = 12 + 16 * static_cast<size_t>(n);
  size_t head_offset = 0;
  for (const auto& [tag, data] : out_tables) {  // std::map: sorted by tag, as sfnt requires
    out.append(tag);
    Put32(&out, Checksum(data));
    Put32(&out, static_cast<uint32_t>(offset));
    Put32(&out, static_cast<uint32_t>(data.size()));
    if (tag == "head") head_offset = offset;
    offset += (data.size() + 3) / 4 * 4;
  }
  for (const auto& [tag, data] : out_tables) {
    out.append(data);
    PadTo4(&out);
  }
  Set32(&out, head_offset + 8, 0xB1B0AFBAu - Checksum(out));
  return out;
}

}  // namespace pramaan::certificate
