#include "core/rdf/nquads.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "core/encoding/hex.h"

namespace pramaan::rdf {
namespace {

constexpr char kUpperHex[] = "0123456789ABCDEF";
constexpr std::string_view kXsdStringView = kXsdString;  // compares lengths first

// Decodes the UTF-8 sequence at text[pos]; returns its length and sets *code_point, or returns
// 0 when the bytes there are not well-formed UTF-8 (overlong forms, surrogates and code points
// above U+10FFFF included).
std::size_t DecodeUtf8(std::string_view text, std::size_t pos, char32_t* code_point) {
  const auto byte = [&](std::size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t b0 = byte(pos);
  if (b0 < 0x80) {
    *code_point = b0;
    return 1;
  }
  std::size_t length;
  char32_t cp;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (text.size() - pos < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    const uint8_t b = byte(pos + i);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  *code_point = cp;
  return length;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsAsciiAlpha(char32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }

// PN_CHARS_BASE of the N-Quads grammar.
bool IsPnCharsBase(char32_t c) {
  return IsAsciiAlpha(c) || (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) ||
         (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) ||
         (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
         (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
         (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0xEFFFF);
}

// PN_CHARS_U (which in N-Triples and N-Quads includes ':').
bool IsPnCharsU(char32_t c) { return IsPnCharsBase(c) || c == '_' || c == ':'; }

bool IsPnChars(char32_t c) {
  return IsPnCharsU(c) || c == '-' || IsAsciiDigit(c) || c == 0xB7 || (c >= 0x300 && c <= 0x36F) ||
         (c >= 0x203F && c <= 0x2040);
}

// Code points IRIREF excludes: controls, space and <>"{}|^`\.
constexpr bool IsForbiddenInIri(char32_t c) {
  return c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
         c == '^' || c == '`' || c == '\\';
}

// RFC 3987 scheme ":" at the start, i.e. the IRI is absolute.
bool HasScheme(std::string_view iri) {
  if (iri.empty() || !IsAsciiAlpha(static_cast<unsigned char>(iri[0]))) return false;
  for (std::size_t i = 1; i < iri.size(); ++i) {
    const char c = iri[i];
    if (c == ':') return true;
    if (!IsAsciiAlpha(static_cast<unsigned char>(c)) &&
        !IsAsciiDigit(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return false;
}

// Bytes that end a run of ordinary characters in an IRI: '>', '\\' and every byte of an
// ASCII character IRIREF excludes (bytes of non-ASCII characters are ordinary).
constexpr auto kIriStop = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x80; ++c) table[c] = IsForbiddenInIri(static_cast<char32_t>(c));
  table['>'] = true;
  return table;
}();

// Bytes that end a run of ordinary characters in a literal.
constexpr auto kLiteralStop = [] {
  std::array<bool, 256> table{};
  table['"'] = table['\\'] = table['\n'] = table['\r'] = true;
  return table;
}();


// A recursive-descent reader over one document. Positions are byte offsets into `text_`;
// `line_` and `line_start_` follow them so that errors can name line and column.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<Dataset> Parse() {
    PRAMAAN_RETURN_IF_ERROR(CheckUtf8());
    Dataset dataset;
    while (true) {
      SkipBlankLinesAndComments();
      if (AtEnd()) break;
      Quad quad;
      PRAMAAN_RETURN_IF_ERROR(ParseStatement(&quad));
      dataset.push_back(std::move(quad));
    }
    return dataset;
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  bool AtEol() const { return !AtEnd() && (text_[pos_] == '\n' || text_[pos_] == '\r'); }

  Error FailAt(std::size_t pos, const std::string& problem) const {
    return InvalidInput("N-Quads line " + std::to_string(line_) + ", column " +
                        std::to_string(pos - line_start_ + 1) + ": " + problem);
  }
  Error Fail(const std::string& problem) const { return FailAt(pos_, problem); }

  // Consumes one line break (LF, CRLF or CR) at pos_.
  void ConsumeEol() {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
    line_start_ = pos_;
  }

  // Validates the whole document once, so the term readers can copy non-ASCII bytes as they
  // are and decode them without re-checking.
  Status CheckUtf8() const {
    std::size_t i = 0;
    while (i < text_.size()) {
      // Skip ASCII eight bytes at a time.
      uint64_t word;
      if (text_.size() - i >= sizeof(word)) {
        std::memcpy(&word, text_.data() + i, sizeof(word));
        if ((word & 0x8080808080808080ULL) == 0) {
          i += sizeof(word);
          continue;
        }
      }
      if (static_cast<uint8_t>(text_[i]) < 0x80) {
        ++i;
        continue;
      }
      char32_t cp;
      const std::size_t length = DecodeUtf8(text_, i, &cp);
      if (length == 0) return FailAtOffset(i, "invalid UTF-8");
      i += length;
    }
    return Status::Ok();
  }

  // Like FailAt, for an offset anywhere in the document (the line is counted afresh).
  Error FailAtOffset(std::size_t pos, const std::string& problem) const {
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < pos; ++i) {
      const char c = text_[i];
      if (c == '\n' || (c == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n'))) {
        ++line;
        line_start = i + 1;
      }
    }
    return InvalidInput("N-Quads line " + std::to_string(line) + ", column " +
                        std::to_string(pos - line_start + 1) + ": " + problem);
  }

  void SkipSpaces() {
    while (!AtEnd() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }

  // A comment runs to the end of the line (the line break is not part of it).
  void SkipComment() {
    while (!AtEnd() && !AtEol()) ++pos_;
  }

  void SkipBlankLinesAndComments() {
    while (true) {
      SkipSpaces();
      if (Peek() == '#') SkipComment();
      if (!AtEol()) return;
      ConsumeEol();
    }
  }

  Status ParseStatement(Quad* quad) {
    switch (Peek()) {
      case '<':
        quad->subject.kind = TermKind::kIri;
        PRAMAAN_RETURN_IF_ERROR(ParseIri(&quad->subject.value));
        break;
      case '_':
        quad->subject.kind = TermKind::kBlankNode;
        PRAMAAN_RETURN_IF_ERROR(ParseBlankNode(&quad->subject.value));
        break;
      default:
        return Fail("expected an IRI or a blank node as subject");
    }
    SkipSpaces();
    if (Peek() != '<') return Fail("expected an IRI as predicate");
    quad->predicate.kind = TermKind::kIri;
    PRAMAAN_RETURN_IF_ERROR(ParseIri(&quad->predicate.value));
    SkipSpaces();
    switch (Peek()) {
      case '<':
        quad->object.kind = TermKind::kIri;
        PRAMAAN_RETURN_IF_ERROR(ParseIri(&quad->object.value));
        break;
      case '_':
        quad->object.kind = TermKind::kBlankNode;
        PRAMAAN_RETURN_IF_ERROR(ParseBlankNode(&quad->object.value));
        break;
      case '"':
        PRAMAAN_RETURN_IF_ERROR(ParseLiteral(&quad->object));
        break;
      default:
        return Fail("expected an IRI, a blank node or a literal as object");
    }
    SkipSpaces();
    switch (Peek()) {
      case '<':
        quad->graph.kind = TermKind::kIri;
        PRAMAAN_RETURN_IF_ERROR(ParseIri(&quad->graph.value));
        break;
      case '_':
        quad->graph.kind = TermKind::kBlankNode;
        PRAMAAN_RETURN_IF_ERROR(ParseBlankNode(&quad->graph.value));
        break;
      default:
        quad->graph = Term::DefaultGraph();
        break;
    }
    SkipSpaces();
    if (Peek() != '.') {
      return Fail(quad->graph.kind == TermKind::kDefaultGraph
                      ? "expected a graph name or '.' after the object"
                      : "expected '.' after the graph name");
    }
    ++pos_;
    SkipSpaces();
    if (Peek() == '#') SkipComment();
    if (!AtEnd() && !AtEol()) return Fail("expected the end of the line after '.'");
    return Status::Ok();
  }

  // Reads the hex digits of \uXXXX or \UXXXXXXXX (pos_ at the 'u' or 'U') into *code_point.
  Status ParseUchar(char32_t* code_point) {
    const std::size_t start = pos_ - 1;  // the backslash
    const std::size_t digits = text_[pos_] == 'u' ? 4 : 8;
    ++pos_;
    char32_t cp = 0;
    for (std::size_t i = 0; i < digits; ++i) {
      const int value = AtEnd() ? -1 : HexDigitValue(text_[pos_]);
      if (value < 0)
        return Fail("expected a hex digit in a \\" + std::string(1, text_[start + 1]) + " escape");
      cp = (cp << 4) | static_cast<char32_t>(value);
      ++pos_;
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return FailAt(start, "escape " + std::string(text_.substr(start, pos_ - start)) +
                               " is not a Unicode scalar value");
    }
    *code_point = cp;
    return Status::Ok();
  }

  Status ParseIri(std::string* out) {
    const std::size_t start = pos_;
    ++pos_;  // '<'
    out->clear();
    while (true) {
      if (AtEnd() || AtEol()) return FailAt(start, "unterminated IRI");
      const std::size_t run = pos_;
      // Copy a run of ordinary bytes at once; non-ASCII bytes were validated by CheckUtf8.
      while (!AtEnd() && !kIriStop[static_cast<uint8_t>(text_[pos_])]) ++pos_;
      out->append(text_.substr(run, pos_ - run));
      if (AtEnd()) return FailAt(start, "unterminated IRI");
      const char c = text_[pos_];
      if (c == '>') {
        ++pos_;
        break;
      }
      if (c == '\\') {
        ++pos_;
        if (Peek() != 'u' && Peek() != 'U') {
          return FailAt(pos_ - 1, "only \\u and \\U escapes are allowed in IRIs");
        }
        const std::size_t escape = pos_ - 1;
        char32_t cp;
        PRAMAAN_RETURN_IF_ERROR(ParseUchar(&cp));
        if (IsForbiddenInIri(cp)) {
          return FailAt(escape, "escape " + std::string(text_.substr(escape, pos_ - escape)) +
                                    " names a character that IRIs may not contain");
        }
        AppendUtf8(cp, out);
        continue;
      }
      if (AtEol()) return FailAt(start, "unterminated IRI");
      return Fail(c == ' ' ? "space in IRI" : "character not allowed in an IRI");
    }
    if (!HasScheme(*out)) return FailAt(start, "IRI <" + *out + "> is not absolute");
    return Status::Ok();
  }

  Status ParseBlankNode(std::string* out) {
    const std::size_t start = pos_;
    if (text_.substr(pos_, 2) != "_:") return Fail("expected \"_:\" to start a blank node label");
    pos_ += 2;
    char32_t cp;
    if (AtEnd() || DecodeUtf8(text_, pos_, &cp) == 0 || !(IsPnCharsU(cp) || IsAsciiDigit(cp))) {
      return Fail("blank node label is empty or starts with a character it may not");
    }
    // Dots may occur inside a label but not at its end, so remember the end of the label as of
    // the last non-dot character.
    std::size_t end = pos_;
    while (!AtEnd()) {
      const std::size_t length = DecodeUtf8(text_, pos_, &cp);
      if (cp == '.') {
        pos_ += length;
        continue;
      }
      if (!IsPnChars(cp)) break;
      pos_ += length;
      end = pos_;
    }
    pos_ = end;
    out->assign(text_.substr(start + 2, end - start - 2));
    return Status::Ok();
  }

  Status ParseLiteral(Term* term) {
    const std::size_t start = pos_;
    ++pos_;  // '"'
    term->kind = TermKind::kLiteral;
    std::string& value = term->value;
    value.clear();
    while (true) {
      const std::size_t run = pos_;
      while (!AtEnd() && !kLiteralStop[static_cast<uint8_t>(text_[pos_])]) ++pos_;
      value.append(text_.substr(run, pos_ - run));
      if (AtEnd() || AtEol()) return FailAt(start, "unterminated literal");
      if (text_[pos_] == '"') {
        ++pos_;
        break;
      }
      ++pos_;  // backslash
      const char e = Peek();
      switch (e) {
        case 't':
          value.push_back('\t');
          break;
        case 'b':
          value.push_back('\b');
          break;
        case 'n':
          value.push_back('\n');
          break;
        case 'r':
          value.push_back('\r');
          break;
        case 'f':
          value.push_back('\f');
          break;
        case '"':
          value.push_back('"');
          break;
        case '\'':
          value.push_back('\'');
          break;
        case '\\':
          value.push_back('\\');
          break;
        case 'u':
        case 'U': {
          char32_t cp;
          PRAMAAN_RETURN_IF_ERROR(ParseUchar(&cp));
          AppendUtf8(cp, &value);
          continue;
        }
        default:
          return FailAt(pos_ - 1, "unknown escape in literal");
      }
      ++pos_;
    }
    term->datatype = kXsdString;
    term->language.clear();
    SkipSpaces();
    if (Peek() == '@') {
      const std::size_t tag = ++pos_;
      while (IsAsciiAlpha(static_cast<unsigned char>(Peek()))) ++pos_;
      if (pos_ == tag) return FailAt(tag - 1, "language tag must start with a letter");
      while (Peek() == '-') {
        const std::size_t subtag = ++pos_;
        while (IsAsciiAlpha(static_cast<unsigned char>(Peek())) ||
               IsAsciiDigit(static_cast<unsigned char>(Peek()))) {
          ++pos_;
        }
        if (pos_ == subtag) return FailAt(subtag - 1, "empty language subtag");
      }
      term->language.assign(text_.substr(tag, pos_ - tag));
      term->datatype = kRdfLangString;
    } else if (Peek() == '^') {
      if (text_.substr(pos_, 2) != "^^") return Fail("expected \"^^\" before a datatype");
      pos_ += 2;
      SkipSpaces();
      if (Peek() != '<') return Fail("expected a datatype IRI after \"^^\"");
      PRAMAAN_RETURN_IF_ERROR(ParseIri(&term->datatype));
    }
    return Status::Ok();
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t line_start_ = 0;
};

// For each byte: whether a canonical literal escapes it.
constexpr auto kNeedsEscape = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  table['"'] = table['\\'] = table[0x7F] = true;
  return table;
}();

void AppendEscapedLiteral(std::string_view value, std::string* out) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (!kNeedsEscape[c]) continue;
    out->append(value.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '\b':
        out->append("\\b");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      default: {
        const char escape[6] = {'\\', 'u', '0', '0', kUpperHex[c >> 4], kUpperHex[c & 0xF]};
        out->append(escape, sizeof(escape));
        break;
      }
    }
  }
  out->append(value.data() + run, value.size() - run);
}

}  // namespace

Result<Dataset> ParseNQuads(std::string_view text) { return Parser(text).Parse(); }

void AppendNQuadTerm(const TermView& term, std::string* out) {
  switch (term.kind) {
    case TermKind::kIri:
      out->push_back('<');
      out->append(term.value);
      out->push_back('>');
      return;
    case TermKind::kBlankNode:
      out->append("_:");
      out->append(term.value);
      return;
    case TermKind::kLiteral:
      out->push_back('"');
      AppendEscapedLiteral(term.value, out);
      out->push_back('"');
      if (!term.language.empty()) {
        out->push_back('@');
        out->append(term.language);
      } else if (term.datatype != kXsdStringView) {
        out->append("^^<");
        out->append(term.datatype);
        out->push_back('>');
      }
      return;
    case TermKind::kDefaultGraph:
      return;
  }
}

void AppendNQuad(const QuadView& quad, std::string* out) {
  AppendNQuadTerm(quad.subject, out);
  out->push_back(' ');
  AppendNQuadTerm(quad.predicate, out);
  out->push_back(' ');
  AppendNQuadTerm(quad.object, out);
  if (quad.graph.kind != TermKind::kDefaultGraph) {
    out->push_back(' ');
    AppendNQuadTerm(quad.graph, out);
  }
  out->append(std::string_view(" .\n"));
}

std::string SerializeNQuads(const Dataset& dataset) {
  std::string out;
  for (const Quad& quad : dataset) AppendNQuad(quad, &out);
  return out;
}

}  // namespace pramaan::rdf
