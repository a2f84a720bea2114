#include "core/json/json.h"

#include "core/json/fast_parser.h"
#include "core/json/json_text.h"

#include <sodium.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <iterator>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/crypto/random.h"

namespace pramaan {
namespace {

// Objects up to this size are checked for duplicate names by a linear scan (cheaper than
// hashing for the small objects credentials are made of); larger ones switch to a hash set so
// a hostile document with many members cannot make parsing quadratic.
constexpr std::size_t kLinearScanMembers = 32;

// Longest member name or token quoted verbatim in an error message.
constexpr std::size_t kMaxQuotedBytes = 64;

// A char iterator that records how far nlohmann's lexer has read. nlohmann's SAX interface
// reports no position for keys or container starts, and its lexer reads exactly one byte per
// get() (it never reads ahead past a string's closing quote), so the furthest byte read tells
// us where the event's token ended.
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* position, const char** furthest)
      : position_(position), furthest_(furthest) {}

  reference operator*() const { return *position_; }
  CountingIterator& operator++() {
    ++position_;
    *furthest_ = position_;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const CountingIterator& other) const { return position_ == other.position_; }
  bool operator!=(const CountingIterator& other) const { return position_ != other.position_; }

 private:
  const char* position_;
  const char** furthest_;
};

// Appends `bytes` for a one-line message: printable ASCII as is, anything else as \xNN so a
// message never carries invalid UTF-8 or control characters from hostile input.
void AppendPrintable(std::string_view bytes, std::string* out) {
  static constexpr char kHexDigits[] = "0123456789ABCDEF";
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F) {
      out->push_back(c);
    } else {
      out->append("\\x");
      out->push_back(kHexDigits[byte >> 4]);
      out->push_back(kHexDigits[byte & 0xF]);
    }
  }
}

// Renders a decoded member name as a quoted JSON string, shortened to kMaxQuotedBytes.
std::string QuoteName(const std::string& name) {
  std::string shown = name.size() > kMaxQuotedBytes ? name.substr(0, kMaxQuotedBytes) : name;
  // ensure_ascii keeps the message printable whatever the name contains; replace tolerates
  // a multi-byte character cut by the shortening above.
  std::string quoted = Json(std::move(shown)).dump(-1, ' ', true, Json::error_handler_t::replace);
  if (name.size() > kMaxQuotedBytes) quoted.append("...");
  return quoted;
}

// nlohmann's what() reads "[json.exception.parse_error.101] parse error at line 1, column 4:
// syntax error while parsing value - invalid literal; last read: 'tru'". Keeps the part after
// the location (we report a byte offset instead), with the last-read token shortened to its
// final kMaxQuotedBytes bytes (where the error is) and made printable.
std::string DescribeNlohmannError(const std::string& what, const std::string& last_token) {
  std::string_view detail = what;
  if (!detail.empty() && detail.front() == '[') {
    const std::size_t close = detail.find("] ");
    if (close != std::string_view::npos) detail.remove_prefix(close + 2);
  }
  if (detail.starts_with("parse error")) {
    const std::size_t colon = detail.find(": ");
    if (colon != std::string_view::npos) detail.remove_prefix(colon + 2);
  }
  std::string out;
  const std::size_t token_at = detail.rfind(last_token);
  if (last_token.size() > kMaxQuotedBytes && token_at != std::string_view::npos) {
    AppendPrintable(detail.substr(0, token_at), &out);
    out.append("...");
    AppendPrintable(std::string_view(last_token).substr(last_token.size() - kMaxQuotedBytes), &out);
    AppendPrintable(detail.substr(token_at + last_token.size()), &out);
  } else {
    AppendPrintable(detail, &out);
  }
  return out;
}

// Builds an ordered_json from SAX events like nlohmann's own DOM parser, and additionally
// rejects duplicate member names and excessive nesting, which nlohmann does not.
class StrictJsonBuilder {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  StrictJsonBuilder(std::string_view text, std::string_view source, const char** furthest,
                    Json* root)
      : text_(text), source_(source), furthest_(furthest), root_(root) {}

  bool null() { return AddValue(Json(nullptr)); }
  bool boolean(bool value) { return AddValue(Json(value)); }
  bool number_integer(number_integer_t value) { return AddValue(Json(value)); }
  bool number_unsigned(number_unsigned_t value) { return AddValue(Json(value)); }
  bool number_float(number_float_t value, const string_t& /*raw*/) { return AddValue(Json(value)); }
  bool string(string_t& value) { return AddValue(Json(std::move(value))); }
  bool binary(binary_t& /*value*/) {
    // Only the binary formats (CBOR, MessagePack, ...) produce these; JSON text never does.
    return Fail("unexpected binary value", ConsumedBytes());
  }

  bool start_object(std::size_t /*size*/) { return StartContainer(Json::object()); }
  bool start_array(std::size_t /*size*/) { return StartContainer(Json::array()); }
  bool end_object() { return EndContainer(); }
  bool end_array() { return EndContainer(); }

  bool key(string_t& name) {
    Frame& frame = stack_.back();
    Json::object_t& object = frame.value->get_ref<Json::object_t&>();
    if (IsDuplicate(frame, object, name)) {
      return Fail("duplicate member name " + QuoteName(name), NameStart());
    }
    // Appends through the vector base of ordered_map: its own operator[] and emplace search
    // linearly for an existing name, which IsDuplicate has already ruled out.
    object.emplace_back(name, nullptr);
    pending_member_ = &object.back().second;
    return true;
  }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error) {
    // nlohmann counts bytes read including the offending one; report that byte's offset. A
    // number that overflows a double (out_of_range.406) is only detected once the token after
    // it has been read, so report where the number starts.
    constexpr int kNumberOverflowId = 406;
    std::size_t offset = position > 0 ? position - 1 : 0;
    if (error.id == kNumberOverflowId && position >= last_token.size()) {
      offset = position - last_token.size();
    }
    return Fail("invalid JSON (" + DescribeNlohmannError(error.what(), last_token) + ")",
                offset < text_.size() ? offset : text_.size());
  }

  // The failure recorded by the handler that stopped the parse, if any.
  const Error* error() const { return error_.get(); }

 private:
  struct Frame {
    Json* value;
    // Names seen so far, built once an object outgrows kLinearScanMembers.
    std::unique_ptr<std::unordered_set<std::string>> names;
  };

  std::size_t ConsumedBytes() const { return static_cast<std::size_t>(*furthest_ - text_.data()); }

  // Offset of the opening quote of the member name just read. The lexer has consumed exactly
  // through its closing quote; walk back to the first quote not escaped by an odd run of
  // backslashes (UTF-8 continuation bytes never equal '"' or '\\').
  std::size_t NameStart() const {
    std::size_t i = ConsumedBytes() - 1;  // the closing quote
    while (i > 0) {
      --i;
      if (text_[i] != '"') continue;
      std::size_t backslashes = 0;
      while (backslashes < i && text_[i - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return i;
    }
    return i;
  }

  bool IsDuplicate(Frame& frame, const Json::object_t& object, const std::string& name) {
    if (frame.names != nullptr) return !frame.names->insert(name).second;
    for (const auto& member : object) {
      if (member.first == name) return true;
    }
    if (object.size() + 1 > kLinearScanMembers) {
      frame.names = std::make_unique<std::unordered_set<std::string>>();
      frame.names->reserve(2 * kLinearScanMembers);
      for (const auto& member : object) frame.names->insert(member.first);
      frame.names->insert(name);
    }
    return false;
  }

  // Places `value` where the grammar says it goes and returns where it now lives.
  Json* Place(Json&& value) {
    if (stack_.empty()) {
      *root_ = std::move(value);
      return root_;
    }
    Json* parent = stack_.back().value;
    if (parent->is_array()) {
      Json::array_t& array = parent->get_ref<Json::array_t&>();
      array.push_back(std::move(value));
      return &array.back();
    }
    *pending_member_ = std::move(value);
    return pending_member_;
  }

  bool AddValue(Json&& value) {
    Place(std::move(value));
    return true;
  }

  // Containers are pushed by pointer into their parent; the parent's storage does not grow
  // while a child is open, so the pointer stays valid until EndContainer pops it.
  bool StartContainer(Json&& empty) {
    if (stack_.size() >= static_cast<std::size_t>(kMaxJsonDepth)) {
      return Fail("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                  ConsumedBytes() - 1);
    }
    stack_.push_back(Frame{Place(std::move(empty)), nullptr});
    return true;
  }

  bool EndContainer() {
    stack_.pop_back();
    return true;
  }

  bool Fail(const std::string& what, std::size_t offset) {
    std::string message(source_);
    message.append(": ").append(what).append(" at byte ").append(std::to_string(offset));
    error_ = std::make_unique<Error>(InvalidInput(std::move(message)));
    return false;
  }

  std::string_view text_;
  std::string_view source_;
  const char** furthest_;
  Json* root_;
  std::vector<Frame> stack_;
  Json* pending_member_ = nullptr;
  std::unique_ptr<Error> error_;
};


// Arrays up to this size are searched for equal elements pair by pair, as before hashing was
// added: cheaper for the short arrays credentials hold.
constexpr std::size_t kPairwiseElements = 16;

// Appends bytes that are the same for any two values Json's operator== calls equal (but one
// pair, see FirstRepeatedElement): numbers by their value as a double (operator== compares an
// integer with a float that way; -0 and 0 are equal), objects member by member in order
// (ordered_json compares them in order). Beyond kMaxJsonDepth it stops descending: equal
// values still give equal bytes.
void AppendHashInput(const Json& value, int depth, std::string* out) {
  if (depth > kMaxJsonDepth) {
    out->push_back('z');
    return;
  }
  switch (value.type()) {
    case Json::value_t::null:
      out->push_back('n');
      return;
    case Json::value_t::boolean:
      out->push_back(value.get<bool>() ? 't' : 'f');
      return;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: {
      double number = value.get<double>();
      if (number == 0) number = 0;  // -0 == 0
      out->push_back('d');
      out->append(reinterpret_cast<const char*>(&number), sizeof number);
      return;
    }
    case Json::value_t::string: {
      const std::string& text = value.get_ref<const std::string&>();
      out->push_back('s');
      AppendSizeBytes(text.size(), out);
      out->append(text);
      return;
    }
    case Json::value_t::array:
      out->push_back('a');
      AppendSizeBytes(value.size(), out);
      for (const Json& item : value.get_ref<const Json::array_t&>()) {
        AppendHashInput(item, depth + 1, out);
      }
      return;
    case Json::value_t::object:
      out->push_back('o');
      AppendSizeBytes(value.size(), out);
      for (const auto& [key, member] : value.get_ref<const Json::object_t&>()) {
        AppendSizeBytes(key.size(), out);
        out->append(key);
        AppendHashInput(member, depth + 1, out);
      }
      return;
    default:  // binary and discarded values: never in a parsed document
      out->push_back('x');
      return;
  }
}

// SipHash-2-4 (libsodium's crypto_shorthash) under a key drawn once per process, so that
// which inputs collide cannot be known in advance.
std::uint64_t KeyedHash(std::string_view bytes) {
  static const auto* const key = [] {
    EnsureSodiumInitialized();
    auto* bytes_of_key = new unsigned char[crypto_shorthash_KEYBYTES];  // never freed
    randombytes_buf(bytes_of_key, crypto_shorthash_KEYBYTES);
    return bytes_of_key;
  }();
  unsigned char digest[crypto_shorthash_BYTES];
  crypto_shorthash(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                   key);
  std::uint64_t hash;
  std::memcpy(&hash, digest, sizeof hash);
  return hash;
}

// Equal, with the cheap rejections first: most pairs differ in type or size.
bool ElementsEqual(const Json& a, const Json& b) {
  return a.type() == b.type() && a.size() == b.size() && a == b;
}

}  // namespace

Result<Json> ParseJson(std::string_view text, std::string_view source) {
  Json fast;
  try {
    if (json_internal::FastParseJson(text, &fast)) return fast;
  } catch (const std::bad_alloc&) {
    return Internal(std::string(source) + ": out of memory while parsing JSON");
  }
  return json_internal::FullParseJson(text, source);
}

Result<Json> json_internal::FullParseJson(std::string_view text, std::string_view source) {
  const char* furthest = text.data();
  Json root;
  StrictJsonBuilder builder(text, source, &furthest, &root);
  try {
    const bool ok = Json::sax_parse(CountingIterator(text.data(), &furthest),
                                    CountingIterator(text.data() + text.size(), &furthest),
                                    &builder, Json::input_format_t::json,
                                    /*strict=*/true, /*ignore_comments=*/false);
    if (builder.error() != nullptr) return *builder.error();
    if (!ok) return Internal(std::string(source) + ": JSON parser stopped without a reason");
    // nlohmann's lexer takes a NUL byte for the end of input, so "{}\0{}" parses as "{}".
    // NUL is never valid JSON (raw control characters are rejected inside strings), so one
    // left after a successful parse is trailing content.
    if (const void* nul = std::memchr(text.data(), '\0', text.size()); nul != nullptr) {
      const auto offset = static_cast<const char*>(nul) - text.data();
      return InvalidInput(std::string(source) + ": invalid JSON (unexpected NUL byte) at byte " +
                          std::to_string(offset));
    }
  } catch (const std::bad_alloc&) {
    return Internal(std::string(source) + ": out of memory while parsing JSON");
  } catch (const std::exception& e) {
    // The SAX path reports errors through parse_error(); this is a defence in depth.
    std::string message(source);
    message.append(": invalid JSON (");
    AppendPrintable(e.what(), &message);
    message.append(")");
    return InvalidInput(std::move(message));
  }
  return root;
}

std::string DumpJson(const Json& value, bool pretty) {
  const int indent = pretty ? 2 : -1;
  std::string out;
  try {
    out = value.dump(indent, ' ', /*ensure_ascii=*/false, Json::error_handler_t::strict);
  } catch (const Json::exception&) {
    // Only a string built in code (not by ParseJson) can hold invalid UTF-8; print U+FFFD for
    // the bad bytes rather than fail, since callers print for people, not for signatures.
    out = value.dump(indent, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
  }
  if (pretty) out.push_back('\n');
  return out;
}

std::string GetString(const Json& object, std::string_view name, std::string_view fallback) {
  if (!object.is_object()) return std::string(fallback);
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::string(fallback);
  return it->get<std::string>();
}

}  // namespace pramaan

namespace pramaan {

std::optional<std::size_t> FirstRepeatedElement(const Json& array) {
  return FirstRepeatedElement(array, [](const Json&) { return true; });
}

std::optional<std::size_t> FirstRepeatedElement(const Json& array,
                                                bool (*considered)(const Json&)) {
  if (!array.is_array() || array.size() < 2) return std::nullopt;
  const auto& items = array.get_ref<const Json::array_t&>();
  std::vector<std::size_t> positions;
  positions.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (considered(items[i])) positions.push_back(i);
  }
  const std::size_t n = items.size();
  if (positions.size() <= kPairwiseElements) {
    for (std::size_t a = 0; a < positions.size(); ++a) {
      for (std::size_t b = a + 1; b < positions.size(); ++b) {
        if (ElementsEqual(items[positions[a]], items[positions[b]])) return positions[a];
      }
    }
    return std::nullopt;
  }
  // Sorted by (hash, position): equal elements sit in one run, in their order in the array.
  std::vector<std::pair<std::uint64_t, std::size_t>> keyed;
  keyed.reserve(positions.size());
  std::string scratch;
  for (const std::size_t i : positions) {
    scratch.clear();
    AppendHashInput(items[i], 0, &scratch);
    keyed.emplace_back(KeyedHash(scratch), i);
  }
  const std::size_t runs = keyed.size();
  std::sort(keyed.begin(), keyed.end());
  std::size_t first = n;  // the answer so far; n for none
  for (std::size_t run = 0; run < runs;) {
    std::size_t end = run + 1;
    while (end < runs && keyed[end].first == keyed[run].first) ++end;
    // Within the run, each later element against the earlier ones that could still improve
    // the answer. Unequal elements share a run only by a hash collision (or, for integers
    // beyond 2^53, by rounding to the same double), so this is short.
    for (std::size_t j = run + 1; j < end; ++j) {
      for (std::size_t i = run; i < j && keyed[i].second < first; ++i) {
        if (ElementsEqual(items[keyed[i].second], items[keyed[j].second])) {
          first = keyed[i].second;
          break;
        }
      }
    }
    run = end;
  }
  if (first == n) return std::nullopt;
  return first;
}

}  // namespace pramaan
