// PDF objects (ISO 32000-1 section 7.3) and a strict, bounded parser for them.
//
// The parser reads untrusted bytes: every recursion is bounded by kMaxObjectDepth, every
// length is checked against the input, and any malformed token is an error (kInvalidInput),
// never a crash or an unbounded allocation.
#ifndef PRAMAAN_CORE_PDF_PDF_OBJECT_H_
#define PRAMAAN_CORE_PDF_PDF_OBJECT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace pramaan::pdf {

// Deepest nesting of arrays and dictionaries accepted: real documents use fewer than ten.
inline constexpr int kMaxObjectDepth = 64;

// An indirect reference "N G R".
struct ObjectRef {
  uint32_t number = 0;
  uint32_t generation = 0;
  friend bool operator==(const ObjectRef&, const ObjectRef&) = default;
};

// One PDF object. Streams are dictionaries with data: `data()` is the raw (still encoded)
// stream body, a copy owned by the object.
class PdfObject {
 public:
  enum class Type { kNull, kBool, kInteger, kReal, kString, kName, kArray, kDictionary, kStream,
                    kReference };
  using Array = std::vector<PdfObject>;
  using Dictionary = std::vector<std::pair<std::string, PdfObject>>;

  PdfObject() = default;
  static PdfObject Null() { return PdfObject(); }
  static PdfObject Bool(bool value);
  static PdfObject Integer(int64_t value);
  static PdfObject Real(double value);
  // A string's bytes after escapes (literal) or hex digits (hex) are decoded.
  static PdfObject String(std::string bytes);
  // A name without the slash, #xx escapes decoded.
  static PdfObject Name(std::string name);
  static PdfObject MakeArray(Array items);
  static PdfObject MakeDictionary(Dictionary entries);
  static PdfObject Stream(Dictionary entries, std::string data);
  static PdfObject Reference(ObjectRef ref);

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_bool() const { return type_ == Type::kBool; }
  bool is_integer() const { return type_ == Type::kInteger; }
  bool is_number() const { return type_ == Type::kInteger || type_ == Type::kReal; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_name() const { return type_ == Type::kName; }
  bool is_array() const { return type_ == Type::kArray; }
  // True for dictionaries and streams (a stream has a dictionary).
  bool is_dictionary() const { return type_ == Type::kDictionary || type_ == Type::kStream; }
  bool is_stream() const { return type_ == Type::kStream; }
  bool is_reference() const { return type_ == Type::kReference; }

  // Accessors return a neutral value (false, 0, "", empty) for an object of another type, so
  // hostile documents can be read without checks at every step; test the type first where it
  // matters.
  bool bool_value() const { return type_ == Type::kBool && integer_ != 0; }
  int64_t integer() const { return type_ == Type::kInteger ? integer_ : 0; }
  double number() const;
  // The bytes of a string or the text of a name.
  const std::string& text() const;
  bool IsName(std::string_view name) const { return type_ == Type::kName && text_ == name; }
  const Array& array() const;
  const Dictionary& dictionary() const;
  const std::string& data() const;  // a stream's raw body
  ObjectRef reference() const { return ref_; }

  // The dictionary entry `key` (no slash), or nullptr (also for a non-dictionary).
  const PdfObject* Find(std::string_view key) const;
  // Sets or replaces the entry `key` of a dictionary or stream (no effect on other types).
  void Set(std::string_view key, PdfObject value);
  // Removes the entry `key` if present.
  void Remove(std::string_view key);
  // Appends to an array (no effect on other types).
  void Append(PdfObject value);

  // Serializes the object as PDF syntax (a stream only as its dictionary: the caller writes
  // the body). Strings are written as literal strings with escapes, names with #xx escapes,
  // reals with up to 6 decimals.
  std::string Serialize() const;
  void SerializeTo(std::string* out) const;

 private:
  Type type_ = Type::kNull;
  int64_t integer_ = 0;
  double real_ = 0;
  std::string text_;
  Array array_;
  Dictionary dictionary_;
  std::string data_;
  ObjectRef ref_;
};

// Appends `name` as a PDF name token ("/" and #xx escapes for delimiters, whitespace, '#'
// and bytes outside 0x21..0x7e).
void AppendName(std::string_view name, std::string* out);
// Appends `bytes` as a PDF literal string "(...)" with (, ) and \ escaped and control bytes
// written as octal escapes.
void AppendLiteralString(std::string_view bytes, std::string* out);

// A cursor over PDF bytes that reads tokens and objects. It never reads outside `input`, which
// must outlive the parser (it keeps a view).
class Parser {
 public:
  explicit Parser(std::string_view input, size_t position = 0)
      : input_(input), position_(position) {}

  size_t position() const { return position_; }
  void set_position(size_t position) { position_ = position < input_.size() ? position : input_.size(); }
  bool at_end() const { return position_ >= input_.size(); }

  // Skips whitespace and comments.
  void SkipWhitespace();
  // Reads one object (no streams: "stream" is left for the caller). Indirect references
  // "N G R" are recognised. Fails with kInvalidInput on malformed syntax or nesting deeper
  // than kMaxObjectDepth.
  Result<PdfObject> ParseObject(int depth = 0);
  // Reads a keyword (a run of regular characters) after whitespace; "" at the end or before
  // a delimiter.
  std::string_view ReadKeyword();
  // Reads an unsigned decimal integer after whitespace.
  Result<uint64_t> ReadUnsigned();
  // True (and consumes it) when the next token is exactly `keyword`.
  bool ConsumeKeyword(std::string_view keyword);

 private:
  Result<PdfObject> ParseNumberOrReference();
  Result<PdfObject> ParseLiteralString();
  Result<PdfObject> ParseHexString();
  Result<PdfObject> ParseName();
  Result<PdfObject> ParseArray(int depth);
  Result<PdfObject> ParseDictionary(int depth);
  Error Malformed(std::string_view what) const;

  std::string_view input_;
  size_t position_;
};

inline bool IsPdfWhitespace(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}
inline bool IsPdfDelimiter(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}

}  // namespace pramaan::pdf

#endif  // PRAMAAN_CORE_PDF_PDF_OBJECT_H_
