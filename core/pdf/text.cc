#include "core/pdf/text.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

#include "core/encoding/hex.h"

namespace pramaan::pdf {
namespace {

// Limits. A certificate page's content stream is a few kilobytes; these are orders of
// magnitude above anything legitimate and keep hostile input from exhausting memory or stack.
constexpr std::size_t kMaxContentBytes = std::size_t{64} << 20;  // one page's content stream
constexpr std::size_t kMaxCMapBytes = std::size_t{16} << 20;     // one ToUnicode CMap
constexpr std::size_t kMaxTextBytes = std::size_t{16} << 20;     // extracted text
constexpr int kMaxDepth = 32;                                    // nested arrays and dictionaries
constexpr std::size_t kMaxContainerElements = 65536;  // elements of one array or dictionary
constexpr std::size_t kMaxOperands = 1024;            // operands before one operator
constexpr std::size_t kMaxStateDepth = 1024;          // q without Q; BDC/BMC without EMC
constexpr std::size_t kMaxDestinationBytes = 512;     // one CMap destination string
constexpr std::size_t kMaxRangeArray = 65536;         // codes in one bfrange array

// Layout heuristics, in ems of the font size (see ExtractText in the header).
constexpr double kLineBreakEm = 0.6;         // baseline outside the line's band by this much
constexpr double kCascadeLineBreakEm = 1.1;  // the same on lines with Arabic script (Nastaliq)
constexpr double kTjSpaceEm = 0.2;           // forward TJ adjustment that reads as a space
constexpr double kSpaceGapEm = 0.3;          // forward gap after a reposition
constexpr double kAssumedAdvanceEm = 0.6;    // estimated glyph width (widths are unknown)

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

// ---------------------------------------------------------------------------------------------
// Unicode helpers.

void AppendUtf8(std::uint32_t cp, std::string& out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string Utf16ToUtf8(std::u16string_view units) {
  std::string out;
  for (std::size_t i = 0; i < units.size(); ++i) {
    std::uint32_t u = units[i];
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units.size() && units[i + 1] >= 0xDC00 &&
        units[i + 1] <= 0xDFFF) {
      u = 0x10000 + ((u - 0xD800) << 10) + (units[i + 1] - 0xDC00);
      ++i;
    }
    AppendUtf8(u, out);  // a lone surrogate becomes U+FFFD
  }
  return out;
}

// Big-endian bytes to UTF-16 units; an odd leading byte is taken as a unit of its own.
std::u16string BytesToUtf16(std::string_view bytes) {
  std::u16string units;
  std::size_t i = 0;
  if (bytes.size() % 2 == 1) {
    units.push_back(static_cast<unsigned char>(bytes[0]));
    i = 1;
  }
  for (; i + 1 < bytes.size(); i += 2) {
    units.push_back(static_cast<char16_t>((static_cast<unsigned char>(bytes[i]) << 8) |
                                          static_cast<unsigned char>(bytes[i + 1])));
  }
  return units;
}

// Copies valid UTF-8, replacing each invalid sequence by U+FFFD.
std::string SanitizeUtf8(std::string_view in) {
  std::string out;
  std::size_t i = 0;
  while (i < in.size()) {
    const auto c = static_cast<unsigned char>(in[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n != 0 && i + n <= in.size();
    std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; ok && k < n; ++k) {
      const auto cc = static_cast<unsigned char>(in[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (ok && (cp < kMinForLength[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) {
      ok = false;
    }
    if (ok) {
      out.append(in.substr(i, n));
      i += n;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

// PDFDocEncoding (PDF 32000-1 Annex D) differs from Latin-1 in 0x18-0x1F and 0x80-0xA0.
std::uint32_t PdfDocEncodingToUnicode(unsigned char c) {
  static constexpr std::uint16_t k18[8] = {0x02D8, 0x02C7, 0x02C6, 0x02D9,
                                           0x02DD, 0x02DB, 0x02DA, 0x02DC};
  static constexpr std::uint16_t k80[33] = {
      0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203A, 0x2212,
      0x2030, 0x201E, 0x201C, 0x201D, 0x2018, 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141,
      0x0152, 0x0160, 0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0xFFFD, 0x20AC};
  if (c >= 0x18 && c <= 0x1F) return k18[c - 0x18];
  if (c >= 0x80 && c <= 0xA0) return k80[c - 0x80];
  if (c == 0x7F || c == 0xAD) return 0xFFFD;
  return c;
}

// A PDF text string (ActualText): UTF-16BE or UTF-8 with a byte order mark, else
// PDFDocEncoding.
std::string TextStringToUtf8(std::string_view s) {
  if (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0xFE &&
      static_cast<unsigned char>(s[1]) == 0xFF) {
    s.remove_prefix(2);
    if (s.size() % 2 == 1) s.remove_suffix(1);  // a truncated last unit is dropped
    return Utf16ToUtf8(BytesToUtf16(s));
  }
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") return SanitizeUtf8(s.substr(3));
  std::string out;
  for (char c : s) AppendUtf8(PdfDocEncodingToUnicode(static_cast<unsigned char>(c)), out);
  return out;
}

// Whether UTF-8 `text` has a character of the Arabic script blocks (Arabic, Supplement,
// Extended-A, Presentation Forms A and B), used by Urdu, Kashmiri and Sindhi.
bool HasArabicScript(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + n > text.size()) break;
    std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    if ((cp >= 0x0600 && cp <= 0x077F) || (cp >= 0x08A0 && cp <= 0x08FF) ||
        (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF)) {
      return true;
    }
    i += n;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Lexer and objects (PDF 32000-1 7.2, 7.3; the same syntax serves CMaps).

bool IsWhite(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}
bool IsDelimiter(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}

// [+-]? (digits [. digits?] | . digits)
bool ParseNumber(std::string_view t, double& out) {
  std::size_t i = 0;
  bool negative = false;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) negative = t[i++] == '-';
  double value = 0;
  bool digits = false;
  for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
    value = value * 10 + (t[i] - '0');
    digits = true;
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    double scale = 0.1;
    for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
      value += (t[i] - '0') * scale;
      scale /= 10;
      digits = true;
    }
  }
  if (!digits || i != t.size() || !std::isfinite(value)) return false;
  out = negative ? -value : value;
  return true;
}

struct Token {
  enum class Kind {
    kEnd,
    kNumber,
    kString,
    kName,
    kKeyword,
    kArrayOpen,
    kArrayClose,
    kDictOpen,
    kDictClose
  };
  Kind kind = Kind::kEnd;
  double number = 0;
  std::string text;  // string bytes, name (decoded, no slash) or keyword
};

class Lexer {
 public:
  explicit Lexer(std::string_view data) : data_(data) {}

  std::size_t pos() const { return pos_; }
  void set_pos(std::size_t pos) { pos_ = pos; }
  std::string_view data() const { return data_; }

  Result<Token> Next() {
    SkipWhiteAndComments();
    Token token;
    if (pos_ >= data_.size()) return token;
    const char c = data_[pos_];
    switch (c) {
      case '(':
        token.kind = Token::Kind::kString;
        PRAMAAN_RETURN_IF_ERROR(ReadLiteralString(token.text));
        return token;
      case '<':
        if (pos_ + 1 < data_.size() && data_[pos_ + 1] == '<') {
          pos_ += 2;
          token.kind = Token::Kind::kDictOpen;
          return token;
        }
        token.kind = Token::Kind::kString;
        PRAMAAN_RETURN_IF_ERROR(ReadHexString(token.text));
        return token;
      case '>':
        if (pos_ + 1 < data_.size() && data_[pos_ + 1] == '>') {
          pos_ += 2;
          token.kind = Token::Kind::kDictClose;
          return token;
        }
        return InvalidInput("stray '>' at byte " + std::to_string(pos_));
      case '[':
        ++pos_;
        token.kind = Token::Kind::kArrayOpen;
        return token;
      case ']':
        ++pos_;
        token.kind = Token::Kind::kArrayClose;
        return token;
      case '{':
      case '}':
      case ')':
        // Not content-stream syntax; returned as keywords so the interpreter skips them.
        ++pos_;
        token.kind = Token::Kind::kKeyword;
        token.text = std::string(1, c);
        return token;
      case '/':
        ++pos_;
        token.kind = Token::Kind::kName;
        ReadName(token.text);
        return token;
      default:
        break;
    }
    const std::size_t start = pos_;
    while (pos_ < data_.size() && !IsWhite(data_[pos_]) && !IsDelimiter(data_[pos_])) ++pos_;
    const std::string_view word = data_.substr(start, pos_ - start);
    if (ParseNumber(word, token.number)) {
      token.kind = Token::Kind::kNumber;
    } else {
      token.kind = Token::Kind::kKeyword;
      token.text = std::string(word);
    }
    return token;
  }

 private:
  void SkipWhiteAndComments() {
    while (pos_ < data_.size()) {
      if (IsWhite(data_[pos_])) {
        ++pos_;
      } else if (data_[pos_] == '%') {
        while (pos_ < data_.size() && data_[pos_] != '\n' && data_[pos_] != '\r') ++pos_;
      } else {
        break;
      }
    }
  }

  Status ReadLiteralString(std::string& out) {
    const std::size_t start = pos_++;
    int depth = 1;
    while (pos_ < data_.size()) {
      char c = data_[pos_++];
      if (c == '(') {
        ++depth;
      } else if (c == ')') {
        if (--depth == 0) return Status::Ok();
      } else if (c == '\r') {  // an unescaped end of line is read as a single LF
        if (pos_ < data_.size() && data_[pos_] == '\n') ++pos_;
        c = '\n';
      } else if (c == '\\') {
        if (pos_ >= data_.size()) break;
        c = data_[pos_++];
        switch (c) {
          case 'n':
            c = '\n';
            break;
          case 'r':
            c = '\r';
            break;
          case 't':
            c = '\t';
            break;
          case 'b':
            c = '\b';
            break;
          case 'f':
            c = '\f';
            break;
          case '\r':  // line continuation
            if (pos_ < data_.size() && data_[pos_] == '\n') ++pos_;
            continue;
          case '\n':
            continue;
          default:
            if (c >= '0' && c <= '7') {
              int value = c - '0';
              for (int k = 0;
                   k < 2 && pos_ < data_.size() && data_[pos_] >= '0' && data_[pos_] <= '7'; ++k) {
                value = value * 8 + (data_[pos_++] - '0');
              }
              c = static_cast<char>(value & 0xFF);  // high-order overflow is ignored
            }
            // Any other escaped character stands for itself: \( \) \\ and unknown ones.
            break;
        }
      }
      out.push_back(c);
    }
    return InvalidInput("unterminated literal string at byte " + std::to_string(start));
  }

  Status ReadHexString(std::string& out) {
    const std::size_t start = pos_++;
    int high = -1;
    while (pos_ < data_.size()) {
      const char c = data_[pos_++];
      if (c == '>') {
        if (high >= 0) out.push_back(static_cast<char>(high << 4));  // odd count: pad with 0
        return Status::Ok();
      }
      if (IsWhite(c)) continue;
      const int v = HexDigitValue(c);
      if (v < 0) {
        return InvalidInput("bad hex digit in string at byte " + std::to_string(pos_ - 1));
      }
      if (high < 0) {
        high = v;
      } else {
        out.push_back(static_cast<char>((high << 4) | v));
        high = -1;
      }
    }
    return InvalidInput("unterminated hex string at byte " + std::to_string(start));
  }

  void ReadName(std::string& out) {
    while (pos_ < data_.size() && !IsWhite(data_[pos_]) && !IsDelimiter(data_[pos_])) {
      const char c = data_[pos_];
      if (c == '#' && pos_ + 2 < data_.size() && HexDigitValue(data_[pos_ + 1]) >= 0 &&
          HexDigitValue(data_[pos_ + 2]) >= 0) {
        out.push_back(
            static_cast<char>(HexDigitValue(data_[pos_ + 1]) * 16 + HexDigitValue(data_[pos_ + 2])));
        pos_ += 3;
      } else {
        out.push_back(c);
        ++pos_;
      }
    }
  }

  std::string_view data_;
  std::size_t pos_ = 0;
};

struct Object {
  enum class Kind { kNull, kBool, kNumber, kString, kName, kArray, kDict };
  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string text;           // string bytes or name
  std::vector<Object> items;  // array elements; a dictionary's keys (names) and values, paired

  const Object* Find(std::string_view key) const {
    if (kind != Kind::kDict) return nullptr;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
      if (items[i].text == key) return &items[i + 1];
    }
    return nullptr;
  }
};

// Reads one object whose first token is `token`; for a keyword sets `keyword` instead.
// Keywords inside arrays and dictionaries (other than true/false/null) are kept as null.
Status ReadObject(Lexer& lexer, Token token, int depth, Object& out, std::string* keyword) {
  switch (token.kind) {
    case Token::Kind::kNumber:
      out.kind = Object::Kind::kNumber;
      out.number = token.number;
      return Status::Ok();
    case Token::Kind::kString:
      out.kind = Object::Kind::kString;
      out.text = std::move(token.text);
      return Status::Ok();
    case Token::Kind::kName:
      out.kind = Object::Kind::kName;
      out.text = std::move(token.text);
      return Status::Ok();
    case Token::Kind::kKeyword:
      if (token.text == "true" || token.text == "false") {
        out.kind = Object::Kind::kBool;
        out.boolean = token.text == "true";
      } else if (token.text == "null") {
        out.kind = Object::Kind::kNull;
      } else if (keyword != nullptr) {
        *keyword = std::move(token.text);
      }
      return Status::Ok();
    case Token::Kind::kArrayOpen:
    case Token::Kind::kDictOpen: {
      const bool is_array = token.kind == Token::Kind::kArrayOpen;
      if (depth >= kMaxDepth) {
        return InvalidInput("arrays and dictionaries nested deeper than " +
                            std::to_string(kMaxDepth) + " at byte " + std::to_string(lexer.pos()));
      }
      out.kind = is_array ? Object::Kind::kArray : Object::Kind::kDict;
      const Token::Kind close = is_array ? Token::Kind::kArrayClose : Token::Kind::kDictClose;
      for (;;) {
        PRAMAAN_ASSIGN_OR_RETURN(Token next, lexer.Next());
        if (next.kind == close) break;
        if (next.kind == Token::Kind::kEnd) {
          return InvalidInput(std::string("unterminated ") + (is_array ? "array" : "dictionary"));
        }
        if (next.kind == Token::Kind::kArrayClose || next.kind == Token::Kind::kDictClose) {
          return InvalidInput("mismatched ']' or '>>' at byte " + std::to_string(lexer.pos()));
        }
        if (out.items.size() >= kMaxContainerElements) {
          return InvalidInput("array or dictionary with more than " +
                              std::to_string(kMaxContainerElements) + " elements");
        }
        Object item;
        PRAMAAN_RETURN_IF_ERROR(ReadObject(lexer, std::move(next), depth + 1, item, nullptr));
        out.items.push_back(std::move(item));
      }
      if (!is_array && out.items.size() % 2 == 1) out.items.pop_back();  // key without value
      return Status::Ok();
    }
    case Token::Kind::kArrayClose:
    case Token::Kind::kDictClose:
      return InvalidInput("unbalanced ']' or '>>' at byte " + std::to_string(lexer.pos()));
    case Token::Kind::kEnd:
      return Status::Ok();
  }
  return Status::Ok();
}

// Reads the next object or keyword. `end` is set at the end of the data.
struct Item {
  bool end = false;
  bool is_keyword = false;
  std::string keyword;
  Object object;
};
Result<Item> NextItem(Lexer& lexer) {
  PRAMAAN_ASSIGN_OR_RETURN(Token token, lexer.Next());
  Item item;
  if (token.kind == Token::Kind::kEnd) {
    item.end = true;
    return item;
  }
  const bool keyword = token.kind == Token::Kind::kKeyword && token.text != "true" &&
                       token.text != "false" && token.text != "null";
  PRAMAAN_RETURN_IF_ERROR(ReadObject(lexer, std::move(token), 0, item.object, &item.keyword));
  item.is_keyword = keyword;
  return item;
}

// ---------------------------------------------------------------------------------------------
// Geometry.

struct Matrix {
  double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
  // this × m: apply this first, then m.
  Matrix Then(const Matrix& m) const {
    return {a * m.a + b * m.c, a * m.b + b * m.d,       c * m.a + d * m.c,
            c * m.b + d * m.d, e * m.a + f * m.c + m.e, e * m.b + f * m.d + m.f};
  }
  static Matrix Translate(double x, double y) { return {1, 0, 0, 1, x, y}; }
};

struct Point {
  double x = 0, y = 0;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// ToUnicodeMap.

std::size_t ToUnicodeMap::CodeLength(std::string_view codes) const {
  if (codes.empty()) return 0;
  for (std::size_t n = 1; n <= 4 && n <= codes.size(); ++n) {
    for (const CodespaceRange& range : codespaces_) {
      if (range.length != n) continue;
      bool inside = true;
      for (std::size_t i = 0; i < n && inside; ++i) {
        const auto byte = static_cast<unsigned char>(codes[i]);
        inside = byte >= range.low[i] && byte <= range.high[i];
      }
      if (inside) return n;
    }
  }
  return std::min(fallback_length_, codes.size());
}

std::optional<std::string> ToUnicodeMap::Lookup(std::uint32_t code, std::size_t length) const {
  if (auto it = singles_.find(Key(code, length)); it != singles_.end()) return it->second;
  for (auto it = ranges_.rbegin(); it != ranges_.rend(); ++it) {
    if (it->length != length || code < it->low || code > it->high) continue;
    std::u16string units = it->first;
    std::uint32_t carry = code - it->low;
    for (std::size_t i = units.size(); i-- > 0 && carry != 0;) {
      const std::uint32_t sum = units[i] + carry;
      units[i] = static_cast<char16_t>(sum & 0xFFFF);
      carry = sum >> 16;
    }
    return Utf16ToUtf8(units);
  }
  return std::nullopt;
}

std::string ToUnicodeMap::Decode(std::string_view codes) const {
  std::string out;
  while (!codes.empty()) {
    const std::size_t n = CodeLength(codes);
    std::uint32_t code = 0;
    for (std::size_t i = 0; i < n; ++i) code = (code << 8) | static_cast<unsigned char>(codes[i]);
    codes.remove_prefix(n);
    std::optional<std::string> text = Lookup(code, n);
    out += text ? *text : kReplacement;
  }
  return out;
}

namespace {

Result<std::uint32_t> CodeFromBytes(const Object& o, const char* what) {
  if (o.kind != Object::Kind::kString || o.text.empty() || o.text.size() > 4) {
    return InvalidInput(std::string("ToUnicode CMap: ") + what +
                        " is not a code of 1 to 4 bytes in a hex string");
  }
  std::uint32_t code = 0;
  for (char c : o.text) code = (code << 8) | static_cast<unsigned char>(c);
  return code;
}

Result<std::u16string> Destination(const Object& o) {
  if (o.kind != Object::Kind::kString || o.text.empty() || o.text.size() > kMaxDestinationBytes) {
    return InvalidInput("ToUnicode CMap: a destination is not a UTF-16BE string of 1 to " +
                        std::to_string(kMaxDestinationBytes) + " bytes");
  }
  return BytesToUtf16(o.text);
}

}  // namespace

Result<ToUnicodeMap> ParseToUnicodeCMap(std::string_view cmap) {
  if (cmap.size() > kMaxCMapBytes) {
    return InvalidInput("ToUnicode CMap larger than " + std::to_string(kMaxCMapBytes) + " bytes");
  }
  ToUnicodeMap map;
  Lexer lexer(cmap);
  enum class Section { kNone, kCodespace, kBfChar, kBfRange, kOther };
  Section section = Section::kNone;
  std::vector<Object> pending;  // operands of the current section entry
  std::size_t min_mapped_length = 5;
  for (;;) {
    PRAMAAN_ASSIGN_OR_RETURN(Item item, NextItem(lexer));
    if (item.end) break;
    if (item.is_keyword) {
      const std::string& k = item.keyword;
      if (k == "begincodespacerange") {
        section = Section::kCodespace;
      } else if (k == "beginbfchar") {
        section = Section::kBfChar;
      } else if (k == "beginbfrange") {
        section = Section::kBfRange;
      } else if (k.rfind("begin", 0) == 0 && k != "begin" && k != "begincmap") {
        section = Section::kOther;  // cidchar, cidrange, notdefrange: not ToUnicode
      } else if (k.rfind("end", 0) == 0 && k != "end" && k != "endcmap") {
        if (!pending.empty() && section != Section::kOther) {
          return InvalidInput("ToUnicode CMap: incomplete entry before " + k);
        }
        section = Section::kNone;
      }
      pending.clear();
      continue;
    }
    if (section == Section::kNone || section == Section::kOther) continue;
    pending.push_back(std::move(item.object));
    if (section == Section::kCodespace && pending.size() == 2) {
      const Object& lo = pending[0];
      const Object& hi = pending[1];
      PRAMAAN_RETURN_IF_ERROR(CodeFromBytes(lo, "a codespace range start"));
      PRAMAAN_RETURN_IF_ERROR(CodeFromBytes(hi, "a codespace range end"));
      if (lo.text.size() != hi.text.size()) {
        return InvalidInput("ToUnicode CMap: codespace range ends differ in length");
      }
      ToUnicodeMap::CodespaceRange range{lo.text.size(), {}, {}};
      for (std::size_t i = 0; i < range.length; ++i) {
        range.low[i] = static_cast<std::uint8_t>(lo.text[i]);
        range.high[i] = static_cast<std::uint8_t>(hi.text[i]);
      }
      map.codespaces_.push_back(range);
      pending.clear();
    } else if (section == Section::kBfChar && pending.size() == 2) {
      PRAMAAN_ASSIGN_OR_RETURN(std::uint32_t code, CodeFromBytes(pending[0], "a bfchar code"));
      if (pending[1].kind == Object::Kind::kName) {  // glyph-name destinations: not ToUnicode
        pending.clear();
        continue;
      }
      PRAMAAN_ASSIGN_OR_RETURN(std::u16string dst, Destination(pending[1]));
      const std::size_t length = pending[0].text.size();
      map.singles_[ToUnicodeMap::Key(code, length)] = Utf16ToUtf8(dst);
      min_mapped_length = std::min(min_mapped_length, length);
      pending.clear();
    } else if (section == Section::kBfRange && pending.size() == 3) {
      PRAMAAN_ASSIGN_OR_RETURN(std::uint32_t low, CodeFromBytes(pending[0], "a bfrange start"));
      PRAMAAN_ASSIGN_OR_RETURN(std::uint32_t high, CodeFromBytes(pending[1], "a bfrange end"));
      const std::size_t length = pending[0].text.size();
      if (pending[1].text.size() != length || high < low) {
        return InvalidInput("ToUnicode CMap: bfrange ends differ in length or run backwards");
      }
      min_mapped_length = std::min(min_mapped_length, length);
      if (pending[2].kind == Object::Kind::kArray) {
        const std::vector<Object>& dsts = pending[2].items;
        if (high - low >= kMaxRangeArray) {
          return InvalidInput("ToUnicode CMap: bfrange array over " +
                              std::to_string(kMaxRangeArray) + " codes");
        }
        // A short array maps the first codes only; extra destinations are ignored.
        for (std::uint32_t i = 0; i <= high - low && i < dsts.size(); ++i) {
          PRAMAAN_ASSIGN_OR_RETURN(std::u16string dst, Destination(dsts[i]));
          map.singles_[ToUnicodeMap::Key(low + i, length)] = Utf16ToUtf8(dst);
        }
      } else {
        PRAMAAN_ASSIGN_OR_RETURN(std::u16string dst, Destination(pending[2]));
        map.ranges_.push_back({length, low, high, std::move(dst)});
      }
      pending.clear();
    }
  }
  if (!pending.empty()) return InvalidInput("ToUnicode CMap: incomplete entry at the end");
  if (!map.codespaces_.empty()) {
    map.fallback_length_ = 4;
    for (const auto& range : map.codespaces_) {
      map.fallback_length_ = std::min(map.fallback_length_, range.length);
    }
  } else if (min_mapped_length <= 4) {
    // No codespace: codes are as long as the shortest mapped code; declare it so that
    // CodeLength reads every code with that length.
    ToUnicodeMap::CodespaceRange range{min_mapped_length, {}, {}};
    std::memset(range.high, 0xFF, sizeof(range.high));
    map.codespaces_.push_back(range);
    map.fallback_length_ = min_mapped_length;
  }
  return map;
}

// ---------------------------------------------------------------------------------------------
// Content stream interpretation.

namespace {

struct TextState {
  double char_spacing = 0;  // Tc
  double word_spacing = 0;  // Tw
  double horizontal = 1;    // Tz / 100
  double leading = 0;       // TL
  double font_size = 0;     // Tf operand
  int render_mode = 0;      // Tr
  std::string font;         // Tf resource name
  const ToUnicodeMap* cmap = nullptr;
  bool font_set = false;
};

struct GraphicsState {
  Matrix ctm;
  TextState text;
};

struct MarkedContent {
  bool actual_text = false;  // the outermost ActualText span, whose text replaces its glyphs
  std::string text;          // that text, as UTF-8
  bool any_glyph = false;
  bool any_visible = false;
};

class TextExtractor {
 public:
  explicit TextExtractor(const std::map<std::string, ToUnicodeMap, std::less<>>& fonts)
      : fonts_(fonts) {}

  Result<std::string> Run(std::string_view content) {
    Lexer lexer(content);
    std::vector<Object> operands;
    for (;;) {
      PRAMAAN_ASSIGN_OR_RETURN(Item item, NextItem(lexer));
      if (item.end) break;
      if (!item.is_keyword) {
        if (operands.size() >= kMaxOperands) {
          return InvalidInput("more than " + std::to_string(kMaxOperands) +
                              " operands before an operator");
        }
        operands.push_back(std::move(item.object));
        continue;
      }
      if (item.keyword == "BI") {
        PRAMAAN_RETURN_IF_ERROR(SkipInlineImage(lexer));
      } else {
        PRAMAAN_RETURN_IF_ERROR(Execute(item.keyword, operands));
      }
      operands.clear();
      if (out_.size() > kMaxTextBytes) {
        return InvalidInput("extracted text larger than " + std::to_string(kMaxTextBytes) +
                            " bytes");
      }
    }
    // Unclosed ActualText spans still say what their glyphs are.
    while (!marked_.empty()) EndMarkedContent();
    while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\n')) out_.pop_back();
    return std::move(out_);
  }

 private:
  static bool Numbers(const std::vector<Object>& ops, std::size_t n) {
    if (ops.size() < n) return false;
    for (std::size_t i = ops.size() - n; i < ops.size(); ++i) {
      if (ops[i].kind != Object::Kind::kNumber) return false;
    }
    return true;
  }
  // The i-th of the last n operands.
  static double Num(const std::vector<Object>& ops, std::size_t n, std::size_t i) {
    return ops[ops.size() - n + i].number;
  }

  Status Execute(const std::string& op, const std::vector<Object>& ops) {
    TextState& ts = gs_.text;
    if (op == "q") {
      if (stack_.size() >= kMaxStateDepth) {
        return InvalidInput("q nested deeper than " + std::to_string(kMaxStateDepth));
      }
      stack_.push_back(gs_);
    } else if (op == "Q") {
      if (!stack_.empty()) {
        gs_ = std::move(stack_.back());
        stack_.pop_back();
        pending_move_ = true;
      }
    } else if (op == "cm" && Numbers(ops, 6)) {
      const Matrix m{Num(ops, 6, 0), Num(ops, 6, 1), Num(ops, 6, 2),
                     Num(ops, 6, 3), Num(ops, 6, 4), Num(ops, 6, 5)};
      gs_.ctm = m.Then(gs_.ctm);
      pending_move_ = true;
    } else if (op == "BT") {
      tm_ = tlm_ = Matrix{};
      pending_move_ = true;
      pending_gap_em_ = 0;
    } else if (op == "Tc" && Numbers(ops, 1)) {
      ts.char_spacing = Num(ops, 1, 0);
    } else if (op == "Tw" && Numbers(ops, 1)) {
      ts.word_spacing = Num(ops, 1, 0);
    } else if (op == "Tz" && Numbers(ops, 1)) {
      ts.horizontal = Num(ops, 1, 0) / 100;
    } else if (op == "TL" && Numbers(ops, 1)) {
      ts.leading = Num(ops, 1, 0);
    } else if (op == "Tr" && Numbers(ops, 1)) {
      ts.render_mode = static_cast<int>(Num(ops, 1, 0));
    } else if (op == "Tf" && ops.size() >= 2 && ops[ops.size() - 2].kind == Object::Kind::kName &&
               Numbers(ops, 1)) {
      ts.font = ops[ops.size() - 2].text;
      ts.font_size = Num(ops, 1, 0);
      auto it = fonts_.find(ts.font);
      ts.cmap = it == fonts_.end() ? nullptr : &it->second;
      ts.font_set = true;
    } else if (op == "Td" && Numbers(ops, 2)) {
      MoveLine(Num(ops, 2, 0), Num(ops, 2, 1));
    } else if (op == "TD" && Numbers(ops, 2)) {
      ts.leading = -Num(ops, 2, 1);
      MoveLine(Num(ops, 2, 0), Num(ops, 2, 1));
    } else if (op == "Tm" && Numbers(ops, 6)) {
      tm_ = tlm_ = Matrix{Num(ops, 6, 0), Num(ops, 6, 1), Num(ops, 6, 2),
                          Num(ops, 6, 3), Num(ops, 6, 4), Num(ops, 6, 5)};
      pending_move_ = true;
      pending_gap_em_ = 0;
    } else if (op == "T*") {
      MoveLine(0, -ts.leading);
    } else if (op == "Tj" && !ops.empty() && ops.back().kind == Object::Kind::kString) {
      ShowString(ops.back().text);
    } else if (op == "'" && !ops.empty() && ops.back().kind == Object::Kind::kString) {
      MoveLine(0, -ts.leading);
      ShowString(ops.back().text);
    } else if (op == "\"" && ops.size() >= 3 && ops.back().kind == Object::Kind::kString &&
               ops[ops.size() - 3].kind == Object::Kind::kNumber &&
               ops[ops.size() - 2].kind == Object::Kind::kNumber) {
      ts.word_spacing = ops[ops.size() - 3].number;
      ts.char_spacing = ops[ops.size() - 2].number;
      MoveLine(0, -ts.leading);
      ShowString(ops.back().text);
    } else if (op == "TJ" && !ops.empty() && ops.back().kind == Object::Kind::kArray) {
      for (const Object& element : ops.back().items) {
        if (element.kind == Object::Kind::kString) {
          ShowString(element.text);
        } else if (element.kind == Object::Kind::kNumber) {
          Adjust(element.number);
        }
      }
    } else if (op == "BMC" || op == "BDC") {
      if (marked_.size() >= kMaxStateDepth) {
        return InvalidInput("marked content nested deeper than " + std::to_string(kMaxStateDepth));
      }
      MarkedContent mc;
      if (op == "BDC" && !ops.empty() && ActualTextIndex() < 0) {
        if (const Object* at = ops.back().Find("ActualText");
            at != nullptr && at->kind == Object::Kind::kString) {
          mc.actual_text = true;
          mc.text = TextStringToUtf8(at->text);
        }
      }
      if (mc.actual_text) actual_text_index_ = static_cast<int>(marked_.size());
      marked_.push_back(std::move(mc));
    } else if (op == "EMC") {
      if (!marked_.empty()) EndMarkedContent();
    }
    // Everything else (paths, colours, images, shadings, XObjects, compatibility sections,
    // unknown operators, operators with operands of the wrong type) draws no text.
    return Status::Ok();
  }

  // The index in marked_ of the open ActualText span, or -1.
  int ActualTextIndex() const { return actual_text_index_; }

  void EndMarkedContent() {
    MarkedContent mc = std::move(marked_.back());
    marked_.pop_back();
    if (mc.actual_text) actual_text_index_ = -1;
    if (!mc.actual_text) return;
    if (!mc.any_glyph) {
      Place(/*separate=*/true, mc.text);  // a span without glyphs (cairo: glyphless cluster)
    } else if (!mc.any_visible) {
      return;  // it replaces only invisible glyphs
    }
    out_ += mc.text;
  }

  void MoveLine(double tx, double ty) {
    tlm_ = Matrix::Translate(tx, ty).Then(tlm_);
    tm_ = tlm_;
    pending_move_ = true;
    pending_gap_em_ = 0;
  }

  void Adjust(double thousandths) {
    const TextState& ts = gs_.text;
    tm_ = Matrix::Translate(-thousandths / 1000 * ts.font_size * ts.horizontal, 0).Then(tm_);
    if (!pending_move_) pending_gap_em_ += -thousandths / 1000;
  }

  void ShowString(std::string_view bytes) {
    const TextState& ts = gs_.text;
    while (!bytes.empty()) {
      if (out_.size() > kMaxTextBytes) return;  // Run() reports it after this operator
      std::size_t n = 1;
      std::string text;
      if (ts.cmap != nullptr) {
        n = ts.cmap->CodeLength(bytes);
        std::uint32_t code = 0;
        for (std::size_t i = 0; i < n; ++i) {
          code = (code << 8) | static_cast<unsigned char>(bytes[i]);
        }
        std::optional<std::string> mapped = ts.cmap->Lookup(code, n);
        text = mapped ? std::move(*mapped) : kReplacement;
      } else {
        text = kReplacement;
      }
      const bool is_space = n == 1 && bytes[0] == ' ';
      bytes.remove_prefix(n);
      ShowGlyph(text, is_space);
    }
  }

  void ShowGlyph(const std::string& text, bool is_space) {
    const TextState& ts = gs_.text;
    const bool visible = ts.render_mode != 3 && ts.render_mode != 7;
    const int span = ActualTextIndex();
    if (visible) {
      if (span < 0) {
        Place(/*separate=*/true, text);
        out_ += text;
        if (text == " ") pending_gap_em_ = 0;
      } else {
        MarkedContent& mc = marked_[static_cast<std::size_t>(span)];
        Place(/*separate=*/!mc.any_visible, mc.text);  // separators go before the span
        mc.any_visible = true;
      }
    }
    if (span >= 0) marked_[static_cast<std::size_t>(span)].any_glyph = true;
    double advance = kAssumedAdvanceEm * ts.font_size + ts.char_spacing;
    if (is_space) advance += ts.word_spacing;
    tm_ = Matrix::Translate(advance * ts.horizontal, 0).Then(tm_);
    if (visible) last_end_ = Origin(tm_.Then(gs_.ctm));
  }

  static Point Origin(const Matrix& m) { return {m.e, m.f}; }

  // Decides the separator before `text` shown at the current position, and tracks the line.
  void Place(bool separate, std::string_view text) {
    const bool arabic = HasArabicScript(text);
    const Matrix trm = tm_.Then(gs_.ctm);
    const Point origin = Origin(trm);
    const double fs = gs_.text.font_size;
    const Point up{fs * trm.c, fs * trm.d};  // the em, upwards, on the device
    const double em = std::hypot(up.x, up.y);
    Point dir{trm.a, trm.b};
    const double dir_len = std::hypot(dir.x, dir.y);
    const bool moved = pending_move_;
    const double tj_gap = pending_gap_em_;
    pending_move_ = false;
    // A backward adjustment (a mark or reph placed over the previous glyph, right-to-left
    // text) is carried over until forward adjustments make up for it, so that cairo's
    // "441<reph> ... -450<next>" does not read as a gap.
    pending_gap_em_ = std::min(pending_gap_em_, 0.0);
    if (em < 1e-9 || dir_len < 1e-12) {  // degenerate: no geometry, keep content order
      if (separate && !moved && tj_gap > kTjSpaceEm) Space();
      return;
    }
    dir = {dir.x / dir_len, dir.y / dir_len};
    if (!line_valid_) {
      StartLine(origin, dir, em, arabic);
      return;
    }
    const Point delta{origin.x - line_origin_.x, origin.y - line_origin_.y};
    const double perp = line_dir_.x * delta.y - line_dir_.y * delta.x;
    const double slack =
        (arabic || line_arabic_ ? kCascadeLineBreakEm : kLineBreakEm) * std::max(em, line_em_);
    const bool same_direction = dir.x * line_dir_.x + dir.y * line_dir_.y > 0.99;
    if (!same_direction || perp < line_low_ - slack || perp > line_high_ + slack) {
      if (separate) Newline();
      StartLine(origin, dir, em, arabic);
      return;
    }
    line_arabic_ = line_arabic_ || arabic;
    line_low_ = std::min(line_low_, perp);
    line_high_ = std::max(line_high_, perp);
    line_em_ = std::max(line_em_, em);
    if (!separate) return;
    if (moved) {
      const double gap =
          line_dir_.x * (origin.x - last_end_.x) + line_dir_.y * (origin.y - last_end_.y);
      if (gap > kSpaceGapEm * em) Space();
    } else if (tj_gap > kTjSpaceEm) {
      Space();
    }
  }

  void StartLine(Point origin, Point dir, double em, bool arabic) {
    pending_gap_em_ = 0;
    line_arabic_ = arabic;
    line_valid_ = true;
    line_origin_ = origin;
    line_dir_ = dir;
    line_em_ = em;
    line_low_ = line_high_ = 0;
    last_end_ = origin;
  }

  void Space() {
    if (!out_.empty() && out_.back() != ' ' && out_.back() != '\n') out_.push_back(' ');
  }
  void Newline() {
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    if (!out_.empty() && out_.back() != '\n') out_.push_back('\n');
  }

  Status SkipInlineImage(Lexer& lexer);

  const std::map<std::string, ToUnicodeMap, std::less<>>& fonts_;
  GraphicsState gs_;
  std::vector<GraphicsState> stack_;
  Matrix tm_, tlm_;
  std::vector<MarkedContent> marked_;
  int actual_text_index_ = -1;
  std::string out_;

  bool pending_move_ = true;   // the text position was set since the last glyph
  double pending_gap_em_ = 0;  // TJ adjustments since the last glyph, in ems, forward > 0
  bool line_valid_ = false;
  Point line_origin_, line_dir_;
  double line_em_ = 0, line_low_ = 0, line_high_ = 0;  // the band of baselines of this line
  bool line_arabic_ = false;  // the line has Arabic script, whose Nastaliq style cascades
  Point last_end_;
};

// BI <key value ...> ID <data> EI. The data's length comes from /L (/Length), else from the
// image's size when it is unfiltered, else from the first "EI" that is followed by what looks
// like content-stream syntax.
Status TextExtractor::SkipInlineImage(Lexer& lexer) {
  Object dict;
  dict.kind = Object::Kind::kDict;
  for (;;) {
    PRAMAAN_ASSIGN_OR_RETURN(Item item, NextItem(lexer));
    if (item.end) return InvalidInput("inline image without ID");
    if (item.is_keyword) {
      if (item.keyword == "ID") break;
      return InvalidInput("unexpected '" + item.keyword + "' in an inline image dictionary");
    }
    if (dict.items.size() >= kMaxContainerElements) {
      return InvalidInput("inline image dictionary too large");
    }
    dict.items.push_back(std::move(item.object));
  }
  if (dict.items.size() % 2 == 1) return InvalidInput("inline image key without a value");
  const std::string_view data = lexer.data();
  std::size_t start = lexer.pos();
  if (start < data.size() && IsWhite(data[start])) ++start;  // the one byte after ID

  auto number = [&](std::string_view a, std::string_view b) -> double {
    const Object* o = dict.Find(a);
    if (o == nullptr) o = dict.Find(b);
    return o != nullptr && o->kind == Object::Kind::kNumber ? o->number : -1;
  };
  // Returns the position after "EI" if, after `end` and optional white space, "EI" follows.
  auto ei_after = [&](std::size_t end) -> std::size_t {
    while (end < data.size() && IsWhite(data[end])) ++end;
    if (end + 2 <= data.size() && data.substr(end, 2) == "EI" &&
        (end + 2 == data.size() || IsWhite(data[end + 2]) || IsDelimiter(data[end + 2]))) {
      return end + 2;
    }
    return std::string::npos;
  };

  std::size_t length = std::string::npos;
  if (const double l = number("L", "Length"); l >= 0 && l <= double(data.size())) {
    length = static_cast<std::size_t>(l);
  } else if (dict.Find("F") == nullptr && dict.Find("Filter") == nullptr) {
    const double w = number("W", "Width");
    const double h = number("H", "Height");
    double bpc = number("BPC", "BitsPerComponent");
    double colours = -1;
    const Object* mask = dict.Find("IM");
    if (mask == nullptr) mask = dict.Find("ImageMask");
    const Object* cs = dict.Find("CS");
    if (cs == nullptr) cs = dict.Find("ColorSpace");
    if (mask != nullptr && mask->kind == Object::Kind::kBool && mask->boolean) {
      colours = 1;
      bpc = 1;
    } else if (cs != nullptr && cs->kind == Object::Kind::kName) {
      const std::string& n = cs->text;
      if (n == "G" || n == "DeviceGray" || n == "I" || n == "Indexed") colours = 1;
      if (n == "RGB" || n == "DeviceRGB") colours = 3;
      if (n == "CMYK" || n == "DeviceCMYK") colours = 4;
    } else if (cs != nullptr && cs->kind == Object::Kind::kArray && !cs->items.empty() &&
               (cs->items[0].text == "I" || cs->items[0].text == "Indexed")) {
      colours = 1;
    }
    if (w > 0 && h > 0 && bpc > 0 && colours > 0) {
      const double bytes = std::ceil(w * colours * bpc / 8) * h;
      if (bytes <= double(data.size())) length = static_cast<std::size_t>(bytes);
    }
  }
  if (length != std::string::npos && start + length <= data.size()) {
    if (std::size_t after = ei_after(start + length); after != std::string::npos) {
      lexer.set_pos(after);
      return Status::Ok();
    }
  }
  // Search: "EI" after white space, followed by white space or the end, then bytes that look
  // like operators and operands (printable ASCII) for a while.
  std::size_t first_candidate = std::string::npos;
  for (std::size_t i = start; i + 2 <= data.size(); ++i) {
    if (data[i] != 'E' || data[i + 1] != 'I') continue;
    if (i > start && !IsWhite(data[i - 1])) continue;
    if (i + 2 < data.size() && !IsWhite(data[i + 2])) continue;
    if (first_candidate == std::string::npos) first_candidate = i + 2;
    bool plausible = true;
    for (std::size_t k = i + 2; k < data.size() && k < i + 2 + 32 && plausible; ++k) {
      const auto c = static_cast<unsigned char>(data[k]);
      plausible = IsWhite(data[k]) || (c >= 0x20 && c < 0x7F);
    }
    if (plausible) {
      lexer.set_pos(i + 2);
      return Status::Ok();
    }
  }
  if (first_candidate != std::string::npos) {
    lexer.set_pos(first_candidate);
    return Status::Ok();
  }
  return InvalidInput("inline image without EI");
}

}  // namespace

Result<std::string> ExtractText(
    std::string_view content_stream,
    const std::map<std::string, ToUnicodeMap, std::less<>>& fonts_by_resource_name) {
  if (content_stream.size() > kMaxContentBytes) {
    return InvalidInput("content stream larger than " + std::to_string(kMaxContentBytes) +
                        " bytes");
  }
  TextExtractor extractor(fonts_by_resource_name);
  return extractor.Run(content_stream);
}

}  // namespace pramaan::pdf
