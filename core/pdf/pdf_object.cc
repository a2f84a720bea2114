#include "core/pdf/pdf_object.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

#include "core/encoding/hex.h"

namespace pramaan::pdf {
namespace {

const std::string kEmptyString;
const PdfObject::Array kEmptyArray;
const PdfObject::Dictionary kEmptyDictionary;

// Longest string or name token accepted: far above anything but an embedded file, which is
// a stream, not a string.
constexpr size_t kMaxTokenBytes = 16u << 20;

// Most entries a dictionary may have (keys are compared pairwise, so this bounds the work).
constexpr size_t kMaxDictionaryEntries = 4096;

bool IsRegular(char c) { return !IsPdfWhitespace(c) && !IsPdfDelimiter(c); }


}  // namespace

PdfObject PdfObject::Bool(bool value) {
  PdfObject o;
  o.type_ = Type::kBool;
  o.integer_ = value ? 1 : 0;
  return o;
}
PdfObject PdfObject::Integer(int64_t value) {
  PdfObject o;
  o.type_ = Type::kInteger;
  o.integer_ = value;
  return o;
}
PdfObject PdfObject::Real(double value) {
  PdfObject o;
  o.type_ = Type::kReal;
  o.real_ = value;
  return o;
}
PdfObject PdfObject::String(std::string bytes) {
  PdfObject o;
  o.type_ = Type::kString;
  o.text_ = std::move(bytes);
  return o;
}
PdfObject PdfObject::Name(std::string name) {
  PdfObject o;
  o.type_ = Type::kName;
  o.text_ = std::move(name);
  return o;
}
PdfObject PdfObject::MakeArray(Array items) {
  PdfObject o;
  o.type_ = Type::kArray;
  o.array_ = std::move(items);
  return o;
}
PdfObject PdfObject::MakeDictionary(Dictionary entries) {
  PdfObject o;
  o.type_ = Type::kDictionary;
  o.dictionary_ = std::move(entries);
  return o;
}
PdfObject PdfObject::Stream(Dictionary entries, std::string data) {
  PdfObject o;
  o.type_ = Type::kStream;
  o.dictionary_ = std::move(entries);
  o.data_ = std::move(data);
  return o;
}
PdfObject PdfObject::Reference(ObjectRef ref) {
  PdfObject o;
  o.type_ = Type::kReference;
  o.ref_ = ref;
  return o;
}

double PdfObject::number() const {
  if (type_ == Type::kInteger) return static_cast<double>(integer_);
  if (type_ == Type::kReal) return real_;
  return 0;
}

const std::string& PdfObject::text() const {
  return type_ == Type::kString || type_ == Type::kName ? text_ : kEmptyString;
}
const PdfObject::Array& PdfObject::array() const {
  return type_ == Type::kArray ? array_ : kEmptyArray;
}
const PdfObject::Dictionary& PdfObject::dictionary() const {
  return is_dictionary() ? dictionary_ : kEmptyDictionary;
}
const std::string& PdfObject::data() const {
  return type_ == Type::kStream ? data_ : kEmptyString;
}

const PdfObject* PdfObject::Find(std::string_view key) const {
  if (!is_dictionary()) return nullptr;
  for (const auto& [name, value] : dictionary_) {
    if (name == key) return &value;
  }
  return nullptr;
}

void PdfObject::Set(std::string_view key, PdfObject value) {
  if (!is_dictionary()) return;
  for (auto& [name, existing] : dictionary_) {
    if (name == key) {
      existing = std::move(value);
      return;
    }
  }
  dictionary_.emplace_back(std::string(key), std::move(value));
}

void PdfObject::Remove(std::string_view key) {
  if (!is_dictionary()) return;
  std::erase_if(dictionary_, [key](const auto& entry) { return entry.first == key; });
}

void PdfObject::Append(PdfObject value) {
  if (type_ == Type::kArray) array_.push_back(std::move(value));
}

void AppendName(std::string_view name, std::string* out) {
  out->push_back('/');
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x21 || byte > 0x7e || c == '#' || IsPdfDelimiter(c)) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out->push_back('#');
      out->push_back(kHex[byte >> 4]);
      out->push_back(kHex[byte & 15]);
    } else {
      out->push_back(c);
    }
  }
}

void AppendLiteralString(std::string_view bytes, std::string* out) {
  out->push_back('(');
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '(' || c == ')' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (byte < 0x20 || byte == 0x7f) {
      char octal[5];
      std::snprintf(octal, sizeof octal, "\\%03o", byte);
      out->append(octal);
    } else {
      out->push_back(c);
    }
  }
  out->push_back(')');
}

std::string PdfObject::Serialize() const {
  std::string out;
  SerializeTo(&out);
  return out;
}

void PdfObject::SerializeTo(std::string* out) const {
  switch (type_) {
    case Type::kNull:
      out->append("null");
      return;
    case Type::kBool:
      out->append(integer_ != 0 ? "true" : "false");
      return;
    case Type::kInteger:
      out->append(std::to_string(integer_));
      return;
    case Type::kReal: {
      // Fixed notation (PDF has no exponents) with 6 decimals; the largest double needs 309
      // digits before the point. A string_view over the buffer, not a std::string edited in
      // place: GCC 12 at -O3 reports a false -Wrestrict on assigning to the trimmed string.
      char buffer[400];
      const double value = std::isfinite(real_) ? real_ : 0.0;
      const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value,
                                              std::chars_format::fixed, 6);
      std::string_view text(buffer, error == std::errc() ? static_cast<size_t>(end - buffer) : 0);
      while (!text.empty() && text.back() == '0') text.remove_suffix(1);
      if (!text.empty() && text.back() == '.') text.remove_suffix(1);
      if (text.empty() || text == "-0") text = "0";
      out->append(text);
      return;
    }
    case Type::kString:
      AppendLiteralString(text_, out);
      return;
    case Type::kName:
      AppendName(text_, out);
      return;
    case Type::kArray:
      out->push_back('[');
      for (size_t i = 0; i < array_.size(); ++i) {
        if (i > 0) out->push_back(' ');
        array_[i].SerializeTo(out);
      }
      out->push_back(']');
      return;
    case Type::kDictionary:
    case Type::kStream:
      out->append("<<");
      for (const auto& [name, value] : dictionary_) {
        AppendName(name, out);
        out->push_back(' ');
        value.SerializeTo(out);
        out->push_back(' ');
      }
      out->append(">>");
      return;
    case Type::kReference:
      out->append(std::to_string(ref_.number));
      out->push_back(' ');
      out->append(std::to_string(ref_.generation));
      out->append(" R");
      return;
  }
}

// --- Parser ---

Error Parser::Malformed(std::string_view what) const {
  return InvalidInput("malformed PDF: " + std::string(what) + " at byte " +
                      std::to_string(position_));
}

void Parser::SkipWhitespace() {
  while (position_ < input_.size()) {
    const char c = input_[position_];
    if (IsPdfWhitespace(c)) {
      ++position_;
    } else if (c == '%') {
      while (position_ < input_.size() && input_[position_] != '\n' && input_[position_] != '\r') {
        ++position_;
      }
    } else {
      return;
    }
  }
}

std::string_view Parser::ReadKeyword() {
  SkipWhitespace();
  const size_t start = position_;
  while (position_ < input_.size() && IsRegular(input_[position_])) ++position_;
  return input_.substr(start, position_ - start);
}

bool Parser::ConsumeKeyword(std::string_view keyword) {
  const size_t saved = position_;
  if (ReadKeyword() == keyword) return true;
  position_ = saved;
  return false;
}

Result<uint64_t> Parser::ReadUnsigned() {
  SkipWhitespace();
  const size_t start = position_;
  uint64_t value = 0;
  while (position_ < input_.size() && input_[position_] >= '0' && input_[position_] <= '9') {
    if (position_ - start >= 18) return Malformed("number too long");
    value = value * 10 + static_cast<uint64_t>(input_[position_] - '0');
    ++position_;
  }
  if (position_ == start) return Malformed("expected a number");
  return value;
}

Result<PdfObject> Parser::ParseObject(int depth) {
  if (depth > kMaxObjectDepth) return Malformed("objects nested too deeply");
  SkipWhitespace();
  if (at_end()) return Malformed("unexpected end of data");
  const char c = input_[position_];
  switch (c) {
    case '(':
      return ParseLiteralString();
    case '/':
      return ParseName();
    case '[':
      return ParseArray(depth + 1);
    case '<':
      if (position_ + 1 < input_.size() && input_[position_ + 1] == '<') {
        return ParseDictionary(depth + 1);
      }
      return ParseHexString();
    default:
      break;
  }
  if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') return ParseNumberOrReference();
  const size_t start = position_;
  const std::string_view keyword = ReadKeyword();
  if (keyword == "null") return PdfObject::Null();
  if (keyword == "true") return PdfObject::Bool(true);
  if (keyword == "false") return PdfObject::Bool(false);
  position_ = start;
  return Malformed(keyword.empty() ? "unexpected delimiter" : "unexpected keyword");
}

Result<PdfObject> Parser::ParseNumberOrReference() {
  const size_t start = position_;
  while (position_ < input_.size() && IsRegular(input_[position_])) ++position_;
  const std::string_view token = input_.substr(start, position_ - start);
  if (token.size() > 64) return Malformed("number too long");
  const bool is_real = token.find('.') != std::string_view::npos;
  if (is_real) {
    // PDF reals have no exponent; from_chars would accept one, so check the characters.
    bool digits = false;
    for (size_t i = 0; i < token.size(); ++i) {
      const char d = token[i];
      if (d >= '0' && d <= '9') {
        digits = true;
      } else if (!(d == '.' || ((d == '+' || d == '-') && i == 0))) {
        return Malformed("bad number");
      }
    }
    if (!digits || std::count(token.begin(), token.end(), '.') != 1) return Malformed("bad number");
    std::string copy(token);
    if (copy[0] == '+') copy.erase(0, 1);
    double value = 0;
    const auto [end, ec] = std::from_chars(copy.data(), copy.data() + copy.size(), value);
    if (ec != std::errc() || end != copy.data() + copy.size()) return Malformed("bad number");
    return PdfObject::Real(value);
  }
  std::string_view digits = token;
  if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range && end == digits.data() + digits.size()) {
    // An integer past 64 bits reads as a real, as other readers do; the serializer writes a
    // large real in this form (fixed notation, no point when it has no fraction).
    double real = 0;
    const auto [real_end, real_ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), real);
    if (real_ec != std::errc() || real_end != digits.data() + digits.size()) {
      return Malformed("bad number");
    }
    return PdfObject::Real(real);
  }
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
    return Malformed("bad number");
  }
  // "N G R": an indirect reference. Look ahead without consuming on failure.
  if (value >= 0 && value <= UINT32_MAX && token[0] != '+' && token[0] != '-') {
    const size_t after_first = position_;
    SkipWhitespace();
    const size_t second_start = position_;
    while (position_ < input_.size() && input_[position_] >= '0' && input_[position_] <= '9') {
      ++position_;
    }
    const std::string_view second = input_.substr(second_start, position_ - second_start);
    if (!second.empty() && second.size() <= 5 &&
        (position_ >= input_.size() || !IsRegular(input_[position_]))) {
      SkipWhitespace();
      if (position_ < input_.size() && input_[position_] == 'R' &&
          (position_ + 1 >= input_.size() || !IsRegular(input_[position_ + 1]))) {
        ++position_;
        uint32_t generation = 0;
        std::from_chars(second.data(), second.data() + second.size(), generation);
        return PdfObject::Reference({static_cast<uint32_t>(value), generation});
      }
    }
    position_ = after_first;
  }
  return PdfObject::Integer(value);
}

Result<PdfObject> Parser::ParseLiteralString() {
  ++position_;  // '('
  std::string out;
  int nesting = 1;
  while (position_ < input_.size()) {
    if (out.size() > kMaxTokenBytes) return Malformed("string too long");
    const char c = input_[position_++];
    if (c == '\\') {
      if (position_ >= input_.size()) break;
      const char e = input_[position_++];
      switch (e) {
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case '\r':
          if (position_ < input_.size() && input_[position_] == '\n') ++position_;
          break;
        case '\n':
          break;
        default:
          if (e >= '0' && e <= '7') {
            int value = e - '0';
            for (int i = 0; i < 2 && position_ < input_.size() && input_[position_] >= '0' &&
                            input_[position_] <= '7';
                 ++i) {
              value = value * 8 + (input_[position_++] - '0');
            }
            out.push_back(static_cast<char>(value & 0xff));
          } else {
            out.push_back(e);  // \( \) \\ and unknown escapes stand for the character
          }
      }
    } else if (c == '(') {
      ++nesting;
      out.push_back(c);
    } else if (c == ')') {
      if (--nesting == 0) return PdfObject::String(std::move(out));
      out.push_back(c);
    } else {
      out.push_back(c);
    }
  }
  return Malformed("unterminated string");
}

Result<PdfObject> Parser::ParseHexString() {
  ++position_;  // '<'
  std::string out;
  int high = -1;
  while (position_ < input_.size()) {
    const char c = input_[position_++];
    if (c == '>') {
      if (high >= 0) out.push_back(static_cast<char>(high << 4));
      return PdfObject::String(std::move(out));
    }
    if (IsPdfWhitespace(c)) continue;
    const int v = HexDigitValue(c);
    if (v < 0) return Malformed("bad hex string");
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<char>((high << 4) | v));
      high = -1;
    }
    if (out.size() > kMaxTokenBytes) return Malformed("string too long");
  }
  return Malformed("unterminated hex string");
}

Result<PdfObject> Parser::ParseName() {
  ++position_;  // '/'
  std::string out;
  while (position_ < input_.size() && IsRegular(input_[position_])) {
    const char c = input_[position_++];
    if (c == '#') {
      if (position_ + 2 > input_.size()) {
        return Malformed("bad #xx escape in name");
      }
      const int h = HexDigitValue(input_[position_]);
      const int l = HexDigitValue(input_[position_ + 1]);
      if (h < 0 || l < 0) return Malformed("bad #xx escape in name");
      position_ += 2;
      out.push_back(static_cast<char>((h << 4) | l));
    } else {
      out.push_back(c);
    }
    if (out.size() > 4096) return Malformed("name too long");
  }
  return PdfObject::Name(std::move(out));
}

Result<PdfObject> Parser::ParseArray(int depth) {
  if (depth > kMaxObjectDepth) return Malformed("objects nested too deeply");
  ++position_;  // '['
  PdfObject::Array items;
  for (;;) {
    SkipWhitespace();
    if (at_end()) return Malformed("unterminated array");
    if (input_[position_] == ']') {
      ++position_;
      return PdfObject::MakeArray(std::move(items));
    }
    PRAMAAN_ASSIGN_OR_RETURN(PdfObject item, ParseObject(depth));
    items.push_back(std::move(item));
  }
}

Result<PdfObject> Parser::ParseDictionary(int depth) {
  if (depth > kMaxObjectDepth) return Malformed("objects nested too deeply");
  position_ += 2;  // '<<'
  PdfObject::Dictionary entries;
  for (;;) {
    SkipWhitespace();
    if (at_end()) return Malformed("unterminated dictionary");
    if (input_[position_] == '>') {
      if (position_ + 1 < input_.size() && input_[position_ + 1] == '>') {
        position_ += 2;
        return PdfObject::MakeDictionary(std::move(entries));
      }
      return Malformed("expected >>");
    }
    if (input_[position_] != '/') return Malformed("expected a name as dictionary key");
    PRAMAAN_ASSIGN_OR_RETURN(PdfObject key, ParseName());
    PRAMAAN_ASSIGN_OR_RETURN(PdfObject value, ParseObject(depth));
    // A later duplicate key replaces the earlier one, so lookups see one value.
    bool replaced = false;
    for (auto& [name, existing] : entries) {
      if (name == key.text()) {
        existing = std::move(value);
        replaced = true;
        break;
      }
    }
    if (!replaced) {
      if (entries.size() >= kMaxDictionaryEntries) return Malformed("dictionary too large");
      entries.emplace_back(key.text(), std::move(value));
    }
  }
}

}  // namespace pramaan::pdf
