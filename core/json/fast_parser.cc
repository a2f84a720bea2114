#include "core/json/fast_parser.h"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace pramaan::json_internal {
namespace {

class FastParser {
 public:
  explicit FastParser(std::string_view text)
      : p_(text.data()), end_(text.data() + text.size()) {}

  bool Parse(Json* out) {
    SkipSpace();
    if (!Value(out, 0)) return false;
    SkipSpace();
    return p_ == end_;
  }

 private:
  void SkipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  // `depth`: containers open around this value.
  bool Value(Json* out, int depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{':
        return Object(out, depth + 1);
      case '[':
        return Array(out, depth + 1);
      case '"': {
        std::string text;
        if (!String(&text)) return false;
        *out = std::move(text);
        return true;
      }
      case 't':
        return Literal("true", Json(true), out);
      case 'f':
        return Literal("false", Json(false), out);
      case 'n':
        return Literal("null", Json(nullptr), out);
      default:
        return Number(out);
    }
  }

  bool Literal(std::string_view word, Json value, Json* out) {
    if (static_cast<size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word) {
      return false;
    }
    p_ += word.size();
    *out = std::move(value);
    return true;
  }

  // An object's members, and an array's elements, are gathered on a stack shared by every
  // container of the parse and moved into the container once its size is known: one
  // allocation of the exact size instead of a vector grown one member at a time.
  bool Object(Json* out, int depth) {
    if (depth > kMaxJsonDepth) return false;
    ++p_;  // {
    SkipSpace();
    const size_t first = members_.size();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      *out = Json::object();
      return true;
    }
    for (;;) {
      if (p_ == end_ || *p_ != '"') return false;
      std::string name;
      if (!String(&name)) return false;
      if (members_.size() - first >= kFastMaxMembers) return false;
      for (size_t i = first; i < members_.size(); ++i) {
        if (members_[i].first == name) return false;  // a duplicate: the full parse reports it
      }
      SkipSpace();
      if (p_ == end_ || *p_ != ':') return false;
      ++p_;
      SkipSpace();
      Json value;  // not parsed in place: nested containers grow members_
      if (!Value(&value, depth)) return false;
      members_.emplace_back(std::move(name), std::move(value));
      SkipSpace();
      if (p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
        SkipSpace();
        continue;
      }
      if (*p_ != '}') return false;
      ++p_;
      *out = Json::object();
      // Through the vector base of ordered_map, as the full parser does: no second search.
      Json::object_t& object = out->get_ref<Json::object_t&>();
      object.reserve(members_.size() - first);
      for (size_t i = first; i < members_.size(); ++i) {
        object.emplace_back(std::move(members_[i].first), std::move(members_[i].second));
      }
      members_.resize(first);
      return true;
    }
  }

  bool Array(Json* out, int depth) {
    if (depth > kMaxJsonDepth) return false;
    ++p_;  // [
    SkipSpace();
    const size_t first = elements_.size();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      *out = Json::array();
      return true;
    }
    for (;;) {
      Json value;
      if (!Value(&value, depth)) return false;
      elements_.push_back(std::move(value));
      SkipSpace();
      if (p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
        SkipSpace();
        continue;
      }
      if (*p_ != ']') return false;
      ++p_;
      *out = Json::array();
      Json::array_t& array = out->get_ref<Json::array_t&>();
      array.assign(std::make_move_iterator(elements_.begin() + static_cast<ptrdiff_t>(first)),
                   std::make_move_iterator(elements_.end()));
      elements_.resize(first);
      return true;
    }
  }

  static bool InRange(unsigned char byte, unsigned char low, unsigned char high) {
    return byte >= low && byte <= high;
  }

  // Steps over one UTF-8 sequence starting at p_ (a byte >= 0x80) if it is well-formed as
  // RFC 3629 and Unicode table 3-7 define it: no overlong forms, no surrogates, nothing above
  // U+10FFFF.
  bool SkipUtf8Sequence() {
    const auto* s = reinterpret_cast<const unsigned char*>(p_);
    const size_t left = static_cast<size_t>(end_ - p_);
    size_t length = 0;
    if (InRange(s[0], 0xC2, 0xDF)) {
      length = 2;
      if (left < 2 || !InRange(s[1], 0x80, 0xBF)) return false;
    } else if (InRange(s[0], 0xE0, 0xEF)) {
      length = 3;
      if (left < 3) return false;
      const unsigned char low = s[0] == 0xE0 ? 0xA0 : 0x80;
      const unsigned char high = s[0] == 0xED ? 0x9F : 0xBF;
      if (!InRange(s[1], low, high) || !InRange(s[2], 0x80, 0xBF)) return false;
    } else if (InRange(s[0], 0xF0, 0xF4)) {
      length = 4;
      if (left < 4) return false;
      const unsigned char low = s[0] == 0xF0 ? 0x90 : 0x80;
      const unsigned char high = s[0] == 0xF4 ? 0x8F : 0xBF;
      if (!InRange(s[1], low, high) || !InRange(s[2], 0x80, 0xBF) ||
          !InRange(s[3], 0x80, 0xBF)) {
        return false;
      }
    } else {
      return false;
    }
    p_ += length;
    return true;
  }

  static int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // \uXXXX of a code point outside the surrogates, appended as UTF-8.
  bool UnicodeEscape(std::string* out) {
    if (end_ - p_ < 4) return false;
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      const int digit = HexValue(p_[i]);
      if (digit < 0) return false;
      code = code * 16 + static_cast<unsigned>(digit);
    }
    p_ += 4;
    if (code >= 0xD800 && code <= 0xDFFF) return false;  // pairs are left to the full parse
    if (code < 0x80) {
      out->push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (code >> 6)));
      out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xE0 | (code >> 12)));
      out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
    return true;
  }

  // Advances p_ over printable ASCII other than the quote and the backslash, eight bytes at a
  // time while there are eight, stopping at the first other byte (or the end): most of a
  // credential's text is such runs.
  void SkipPlainAscii() {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
    // Nonzero exactly when some byte of `word` is below `n` (n <= 128; the classic SWAR test).
    const auto has_byte_below = [](std::uint64_t word, std::uint64_t n) {
      return (word - kOnes * n) & ~word & kHighBits;
    };
    while (end_ - p_ >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p_, sizeof word);
      if (((word & kHighBits) | has_byte_below(word, 0x20) |
           has_byte_below(word ^ (kOnes * '"'), 1) | has_byte_below(word ^ (kOnes * '\\'), 1)) !=
          0) {
        break;
      }
      p_ += 8;
    }
    while (p_ != end_) {
      const auto byte = static_cast<unsigned char>(*p_);
      if (byte >= 0x80 || byte < 0x20 || byte == '"' || byte == '\\') return;
      ++p_;
    }
  }

  bool String(std::string* out) {
    ++p_;  // opening quote
    for (;;) {
      // The common run, appended at once: printable ASCII other than the quote and the
      // backslash, and well-formed UTF-8.
      const char* run = p_;
      while (p_ != end_) {
        SkipPlainAscii();
        if (p_ == end_) break;
        const auto byte = static_cast<unsigned char>(*p_);
        if (byte >= 0x80) {
          if (!SkipUtf8Sequence()) return false;
          continue;
        }
        if (byte < 0x20 || byte == '"' || byte == '\\') break;
        ++p_;
      }
      out->append(run, static_cast<size_t>(p_ - run));
      if (p_ == end_) return false;
      const auto byte = static_cast<unsigned char>(*p_);
      if (byte == '"') {
        ++p_;
        return true;
      }
      if (byte < 0x20) return false;  // raw control characters are not allowed
      ++p_;  // the backslash
      if (p_ == end_) return false;
      const char escaped = *p_++;
      switch (escaped) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u':
          if (!UnicodeEscape(out)) return false;
          break;
        default:
          return false;
      }
    }
  }

  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

  // RFC 8259 numbers. Integers become number_unsigned (non-negative) or number_integer
  // (negative), others number_float, as in nlohmann's parser.
  bool Number(Json* out) {
    const char* start = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_ || !IsDigit(*p_)) return false;
    if (*p_ == '0') {
      ++p_;
      if (p_ != end_ && IsDigit(*p_)) return false;  // no leading zeros
    } else {
      while (p_ != end_ && IsDigit(*p_)) ++p_;
    }
    const char* integer_end = p_;
    bool is_float = false;
    if (p_ != end_ && *p_ == '.') {
      is_float = true;
      ++p_;
      if (p_ == end_ || !IsDigit(*p_)) return false;
      while (p_ != end_ && IsDigit(*p_)) ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      is_float = true;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !IsDigit(*p_)) return false;
      while (p_ != end_ && IsDigit(*p_)) ++p_;
    }
    if (!is_float) {
      const char* digits = negative ? start + 1 : start;
      if (integer_end - digits > 18) return false;  // may not fit: the full parse decides
      if (negative && integer_end - digits == 1 && *digits == '0') return false;  // "-0"
      uint64_t value = 0;
      for (const char* d = digits; d != integer_end; ++d) {
        value = value * 10 + static_cast<uint64_t>(*d - '0');
      }
      if (negative) {
        *out = -static_cast<int64_t>(value);
      } else {
        *out = value;
      }
      return true;
    }
    double value = 0;
    const auto [end, error] = std::from_chars(start, p_, value);
    if (error != std::errc() || end != p_) return false;  // out of range: the full parse decides
    *out = value;
    return true;
  }

  const char* p_;
  const char* end_;
  std::vector<std::pair<std::string, Json>> members_;  // of the objects being parsed
  std::vector<Json> elements_;                         // of the arrays being parsed
};

}  // namespace

bool FastParseJson(std::string_view text, Json* out) {
  return FastParser(text).Parse(out);
}

}  // namespace pramaan::json_internal
