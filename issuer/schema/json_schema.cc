#include "issuer/schema/json_schema.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

// GCC 12 with -fsanitize=address reports a false -Wmaybe-uninitialized inside libstdc++'s regex
// compiler (std::function in _State); the warning is silenced for that header only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop
#else
#include <regex>
#endif

namespace pramaan {
namespace {

constexpr std::string_view kDraft202012 = "https://json-schema.org/draft/2020-12/schema";
constexpr std::string_view kDefsRefPrefix = "#/$defs/";

// libstdc++'s std::regex matcher recurses for every character it consumes (about 160 bytes of
// stack each when optimised, 1 KiB under AddressSanitizer), so a long string exhausts the stack.
// Every patterned field we accept is far shorter; a longer string fails the pattern unsearched.
constexpr std::size_t kMaxPatternInputBytes = 1024;

enum TypeBit : unsigned {
  kNullType = 1u << 0,
  kBooleanType = 1u << 1,
  kObjectType = 1u << 2,
  kArrayType = 1u << 3,
  kNumberType = 1u << 4,
  kStringType = 1u << 5,
  kIntegerType = 1u << 6,
};

struct TypeName {
  std::string_view name;
  unsigned bit;
  std::string_view phrase;  // as in "must be <phrase>"
};

// In the order a message lists them: "must be a string or null".
constexpr TypeName kTypeNames[] = {
    {"string", kStringType, "a string"},  {"integer", kIntegerType, "an integer"},
    {"number", kNumberType, "a number"},  {"boolean", kBooleanType, "a boolean"},
    {"object", kObjectType, "an object"}, {"array", kArrayType, "an array"},
    {"null", kNullType, "null"},
};

// JSON Schema counts 3.0 as an integer: the type is about the value, not its spelling.
bool IsIntegral(const Json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  const double d = value.get<double>();
  return std::isfinite(d) && std::floor(d) == d;
}

bool HasType(const Json& value, unsigned bit) {
  switch (bit) {
    case kNullType:
      return value.is_null();
    case kBooleanType:
      return value.is_boolean();
    case kObjectType:
      return value.is_object();
    case kArrayType:
      return value.is_array();
    case kNumberType:
      return value.is_number();
    case kStringType:
      return value.is_string();
    case kIntegerType:
      return IsIntegral(value);
    default:
      return false;
  }
}

bool HasAnyType(const Json& value, unsigned types) {
  for (const TypeName& type : kTypeNames) {
    if ((types & type.bit) != 0 && HasType(value, type.bit)) return true;
  }
  return false;
}

// "a string", "a string or null", "an object, an array or null".
std::string DescribeTypes(unsigned types) {
  std::vector<std::string_view> phrases;
  for (const TypeName& type : kTypeNames) {
    if ((types & type.bit) != 0) phrases.push_back(type.phrase);
  }
  std::string out;
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    if (i > 0) out += (i + 1 == phrases.size()) ? " or " : ", ";
    out += phrases[i];
  }
  return out;
}

// Numbers as a person would write them: 8, not 8.0; 12.5 as 12.5.
std::string FormatNumber(const Json& number) {
  if (number.is_number_float()) {
    const double d = number.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 1e15) {
      return std::to_string(static_cast<std::int64_t>(d));
    }
  }
  return number.dump();
}

// A value as it appears in a message: strings without quotes, anything else as JSON.
std::string Display(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return FormatNumber(value);
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void AppendCanonicalNumber(const Json& value, std::string& out) {
  out += 'n';
  if (value.is_number_unsigned()) {
    out += std::to_string(value.get<std::uint64_t>());
  } else if (value.is_number_integer()) {
    out += std::to_string(value.get<std::int64_t>());
  } else {
    const double d = value.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.2e18) {
      out += std::to_string(static_cast<std::int64_t>(d));
    } else {
      out += Json(d).dump();
    }
  }
}

// An injective encoding under JSON Schema's equality: numbers compare by value (1 == 1.0)
// and objects ignore member order, which Json's own operator== (ordered_json) does not.
// Length prefixes keep it unambiguous for any bytes, including invalid UTF-8.
void AppendCanonical(const Json& value, std::string& out) {
  switch (value.type()) {
    case Json::value_t::object: {
      std::vector<std::pair<const std::string*, const Json*>> members;
      for (auto it = value.begin(); it != value.end(); ++it) {
        members.emplace_back(&it.key(), &it.value());
      }
      std::sort(members.begin(), members.end(),
                [](const auto& a, const auto& b) { return *a.first < *b.first; });
      out += 'o' + std::to_string(members.size()) + ':';
      for (const auto& [key, member] : members) {
        out += std::to_string(key->size()) + ':' + *key;
        AppendCanonical(*member, out);
      }
      return;
    }
    case Json::value_t::array:
      out += 'a' + std::to_string(value.size()) + ':';
      for (const Json& item : value) AppendCanonical(item, out);
      return;
    case Json::value_t::string: {
      const auto& s = value.get_ref<const std::string&>();
      out += 's' + std::to_string(s.size()) + ':' + s;
      return;
    }
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      AppendCanonicalNumber(value, out);
      return;
    case Json::value_t::boolean:
      out += value.get<bool>() ? "t" : "f";
      return;
    default:
      out += 'z';  // null (and the never-parsed discarded/binary kinds)
      return;
  }
}

std::string Canonical(const Json& value) {
  std::string out;
  AppendCanonical(value, out);
  return out;
}

std::size_t CountCodePoints(std::string_view s) {
  std::size_t count = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool ReadDigits(std::string_view s, std::size_t pos, std::size_t count, int* out) {
  if (pos + count > s.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  *out = value;
  return true;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (month == 2 && IsLeapYear(year)) ? 29 : kDays[month - 1];
}

// RFC 3339 full-date at the start of `s`: YYYY-MM-DD naming a day that exists.
bool IsFullDate(std::string_view s) {
  int year = 0;
  int month = 0;
  int day = 0;
  return s.size() >= 10 && ReadDigits(s, 0, 4, &year) && s[4] == '-' &&
         ReadDigits(s, 5, 2, &month) && s[7] == '-' && ReadDigits(s, 8, 2, &day) && month >= 1 &&
         month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

bool IsDate(std::string_view s) { return s.size() == 10 && IsFullDate(s); }

// RFC 3339 date-time with an upper-case 'T', seconds, optional fraction and a required zone
// ('Z' or ±hh:mm). Second 60 is refused: no system we take records from emits leap seconds,
// and core/time parses timestamps without them.
bool IsDateTime(std::string_view s) {
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!IsFullDate(s) || s.size() < 20 || s[10] != 'T' || !ReadDigits(s, 11, 2, &hour) ||
      s[13] != ':' || !ReadDigits(s, 14, 2, &minute) || s[16] != ':' ||
      !ReadDigits(s, 17, 2, &second) || hour > 23 || minute > 59 || second > 59) {
    return false;
  }
  std::size_t pos = 19;
  if (s[pos] == '.') {
    const std::size_t digits_start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == digits_start) return false;
  }
  if (pos < s.size() && s[pos] == 'Z') return pos + 1 == s.size();
  int offset_hour = 0;
  int offset_minute = 0;
  return pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') &&
         ReadDigits(s, pos + 1, 2, &offset_hour) && s[pos + 3] == ':' &&
         ReadDigits(s, pos + 4, 2, &offset_minute) && offset_hour <= 23 && offset_minute <= 59;
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A pragmatic address check rather than full RFC 5321: a dot-atom local part (no quoted
// strings) and a host name with at least two labels whose last label has a letter (no IP
// literals). ASCII only; internationalised addresses would be format "idn-email".
bool IsEmail(std::string_view s) {
  if (s.size() > 254) return false;
  const std::size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  const std::string_view local = s.substr(0, at);
  const std::string_view domain = s.substr(at + 1);
  constexpr std::string_view kLocalSpecials = "!#$%&'*+/=?^_`{|}~-";
  char previous = '.';  // so a leading dot is refused
  for (const char c : local) {
    if (c == '.') {
      if (previous == '.') return false;
    } else if (!IsAsciiAlnum(c) && kLocalSpecials.find(c) == std::string_view::npos) {
      return false;
    }
    previous = c;
  }
  if (previous == '.') return false;
  if (domain.empty() || domain.size() > 253) return false;
  std::size_t labels = 0;
  bool last_label_has_letter = false;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = std::min(domain.find('.', start), domain.size());
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    last_label_has_letter = false;
    for (const char c : label) {
      if (!IsAsciiAlnum(c) && c != '-') return false;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) last_label_has_letter = true;
    }
    ++labels;
    if (end == domain.size()) break;
    start = end + 1;
  }
  return labels >= 2 && last_label_has_letter;
}

bool IsPlainMemberName(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return IsAsciiAlnum(c) || c == '_' || c == '-' || c == '$'; });
}

// "learner.name"; a name that would read ambiguously is bracketed: learner["first name"].
std::string MemberPath(const std::string& parent, const std::string& name) {
  if (IsPlainMemberName(name)) return parent.empty() ? name : parent + "." + name;
  return parent + "[" + Json(name).dump(-1, ' ', false, Json::error_handler_t::replace) + "]";
}

std::string ItemPath(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

// One JSON Pointer reference token (RFC 6901).
std::string EscapePointerToken(std::string_view token) {
  std::string out;
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> UnescapePointerToken(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '/') return std::nullopt;  // deeper than one level
    if (token[i] != '~') {
      out += token[i];
    } else if (i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[++i] == '0' ? '~' : '/';
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::optional<std::size_t> AsCount(const Json& value) {
  if (!IsIntegral(value)) return std::nullopt;
  const double d = value.get<double>();
  if (d < 0 || d > 1e15) return std::nullopt;
  return static_cast<std::size_t>(d);
}

std::string CountOf(std::size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

// "must be 1 to 200 characters long", "must have at most 50 items", "must not be empty".
std::string SizeMessage(std::optional<std::size_t> min, std::optional<std::size_t> max,
                        std::string_view verb, std::string_view noun, std::string_view suffix) {
  const std::string lead = "must " + std::string(verb) + " ";
  if (min && max) {
    if (*min == *max) return lead + "exactly " + CountOf(*max, noun) + std::string(suffix);
    return lead + std::to_string(*min) + " to " + CountOf(*max, noun) + std::string(suffix);
  }
  if (min) {
    if (*min == 1) return "must not be empty";
    return lead + "at least " + CountOf(*min, noun) + std::string(suffix);
  }
  return lead + "at most " + CountOf(max.value_or(0), noun) + std::string(suffix);
}

bool IsMultipleOf(double value, double divisor) {
  const double quotient = value / divisor;
  if (!std::isfinite(quotient)) return false;
  // Decimal divisors such as 0.1 are not exact in binary: allow rounding noise.
  return std::fabs(quotient - std::round(quotient)) <= 1e-9 * std::max(1.0, std::fabs(quotient));
}

Error SchemaError(const std::string& location, const std::string& problem) {
  return InvalidInput("schema " + location + ": " + problem);
}

// A violation with the instance position it was found at, so they can be put in document
// order whichever keyword found them.
struct Found {
  std::vector<std::size_t> position;
  SchemaViolation violation;
};

struct Walk {
  std::string path;
  std::vector<std::size_t> position;
  std::vector<Found>* found;

  void Add(std::string message) const { AddAt(path, std::move(message)); }
  void AddAt(std::string at, std::string message) const {
    found->push_back(Found{position, SchemaViolation{std::move(at), std::move(message)}});
  }
};

}  // namespace

struct JsonSchema::Node {
  enum class Format { kNone, kDate, kDateTime, kEmail };

  struct Bound {
    double value;
    std::string text;
    bool exclusive;
  };

  class Compiler;

  std::string location;                // JSON Pointer of this schema within the root: "#/..."
  std::optional<bool> boolean_schema;  // set for the schemas `true` and `false`
  unsigned types = 0;                  // TypeBit set; 0 when "type" is absent

  bool has_enum = false;
  std::vector<Json> enum_values;
  std::unordered_set<std::string> enum_keys;  // Canonical() of each value
  std::optional<Json> const_value;
  std::string const_key;

  std::map<std::string, std::unique_ptr<Node>, std::less<>> properties;
  std::vector<std::string> required;
  std::unique_ptr<Node> additional_properties;

  std::unique_ptr<Node> items;
  std::optional<std::size_t> min_items;
  std::optional<std::size_t> max_items;
  bool unique_items = false;

  std::optional<std::size_t> min_length;
  std::optional<std::size_t> max_length;
  std::optional<std::regex> pattern;
  std::string pattern_source;
  Format format = Format::kNone;

  std::optional<Json> minimum;
  std::optional<Json> maximum;
  std::optional<Json> exclusive_minimum;
  std::optional<Json> exclusive_maximum;
  std::optional<Bound> lower;  // the stricter of minimum and exclusiveMinimum
  std::optional<Bound> upper;  // the stricter of maximum and exclusiveMaximum
  std::optional<Json> multiple_of;

  std::vector<std::unique_ptr<Node>> all_of;
  std::vector<std::unique_ptr<Node>> any_of;
  std::vector<std::unique_ptr<Node>> one_of;
  std::unique_ptr<Node> not_schema;
  std::unique_ptr<Node> if_schema;
  std::unique_ptr<Node> then_schema;
  std::unique_ptr<Node> else_schema;

  std::map<std::string, std::unique_ptr<Node>, std::less<>> defs;
  std::string ref;
  std::string ref_location;
  const Node* ref_target = nullptr;  // owned by the root's `defs`

  void Validate(const Json& instance, Walk& walk) const;
  bool Matches(const Json& instance) const;

 private:
  void ValidateNumber(const Json& instance, const Walk& walk) const;
  void ValidateString(const std::string& instance, const Walk& walk) const;
  void ValidateArray(const Json& instance, Walk& walk) const;
  void ValidateObject(const Json& instance, Walk& walk) const;
  std::string TypeMessage() const;
  std::string RangeMessage() const;
  std::string FormatMessage() const;
};

// Builds the Node tree, then resolves $ref and refuses $ref cycles that would loop forever.
class JsonSchema::Node::Compiler {
 public:
  Result<std::unique_ptr<Node>> Compile(const Json& schema, const std::string& pointer,
                                        bool is_root);
  Status ResolveRefs(const Node& root);
  Status RefuseInPlaceCycles() const;

 private:
  Status CompileKeyword(Node& node, const std::string& key, const Json& value,
                        const std::string& pointer, bool is_root);
  Status CompileSchemaArray(const Json& value, const std::string& pointer,
                            std::vector<std::unique_ptr<Node>>& out);
  Status CompileSchemaMap(const Json& value, const std::string& pointer,
                          std::map<std::string, std::unique_ptr<Node>, std::less<>>& out);
  const Node* InPlaceCycleFrom(const Node& node, std::unordered_map<const Node*, int>& state) const;
  static std::optional<Bound> StricterBound(const std::optional<Json>& inclusive,
                                            const std::optional<Json>& exclusive, bool is_lower);

  std::vector<Node*> nodes_;
};

// The stricter of an inclusive and an exclusive bound (both apply, so only it matters).
std::optional<JsonSchema::Node::Bound> JsonSchema::Node::Compiler::StricterBound(
    const std::optional<Json>& inclusive, const std::optional<Json>& exclusive, bool is_lower) {
  std::optional<JsonSchema::Node::Bound> bound;
  if (inclusive) bound = {inclusive->get<double>(), FormatNumber(*inclusive), false};
  if (exclusive) {
    const double value = exclusive->get<double>();
    const bool stricter = !bound || (is_lower ? value >= bound->value : value <= bound->value);
    if (stricter) bound = {value, FormatNumber(*exclusive), true};
  }
  return bound;
}

Result<std::unique_ptr<JsonSchema::Node>> JsonSchema::Node::Compiler::Compile(
    const Json& schema, const std::string& pointer, bool is_root) {
  auto node = std::make_unique<Node>();
  node->location = pointer;
  nodes_.push_back(node.get());
  if (schema.is_boolean()) {
    node->boolean_schema = schema.get<bool>();
    return node;
  }
  if (!schema.is_object()) return SchemaError(pointer, "must be an object or a boolean");
  for (auto it = schema.begin(); it != schema.end(); ++it) {
    PRAMAAN_RETURN_IF_ERROR(CompileKeyword(*node, it.key(), it.value(),
                                           pointer + "/" + EscapePointerToken(it.key()), is_root));
  }
  node->lower = StricterBound(node->minimum, node->exclusive_minimum, true);
  node->upper = StricterBound(node->maximum, node->exclusive_maximum, false);
  return node;
}

Status JsonSchema::Node::Compiler::CompileSchemaArray(const Json& value,
                                                      const std::string& pointer,
                                                      std::vector<std::unique_ptr<Node>>& out) {
  if (!value.is_array() || value.empty()) {
    return SchemaError(pointer, "must be a non-empty array of schemas");
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    PRAMAAN_ASSIGN_OR_RETURN(auto child,
                             Compile(value[i], pointer + "/" + std::to_string(i), false));
    out.push_back(std::move(child));
  }
  return Status::Ok();
}

Status JsonSchema::Node::Compiler::CompileSchemaMap(
    const Json& value, const std::string& pointer,
    std::map<std::string, std::unique_ptr<Node>, std::less<>>& out) {
  if (!value.is_object()) return SchemaError(pointer, "must be an object of schemas");
  for (auto it = value.begin(); it != value.end(); ++it) {
    PRAMAAN_ASSIGN_OR_RETURN(
        auto child, Compile(it.value(), pointer + "/" + EscapePointerToken(it.key()), false));
    out[it.key()] = std::move(child);
  }
  return Status::Ok();
}

Status JsonSchema::Node::Compiler::CompileKeyword(Node& node, const std::string& key,
                                                  const Json& value, const std::string& pointer,
                                                  bool is_root) {
  auto count = [&](std::optional<std::size_t>& out) -> Status {
    out = AsCount(value);
    if (!out) return SchemaError(pointer, "must be a non-negative integer");
    return Status::Ok();
  };
  auto number = [&](std::optional<Json>& out) -> Status {
    if (!value.is_number() || !std::isfinite(value.get<double>())) {
      return SchemaError(pointer, "must be a number");
    }
    out = value;
    return Status::Ok();
  };
  auto subschema = [&](std::unique_ptr<Node>& out) -> Status {
    PRAMAAN_ASSIGN_OR_RETURN(out, Compile(value, pointer, false));
    return Status::Ok();
  };

  if (key == "$schema") {
    if (!is_root) return SchemaError(pointer, "$schema is only supported at the root");
    if (!value.is_string() || (value.get<std::string>() != kDraft202012 &&
                               value.get<std::string>() != std::string(kDraft202012) + "#")) {
      return SchemaError(pointer, "must be \"" + std::string(kDraft202012) + "\"");
    }
    return Status::Ok();
  }
  if (key == "$id") {
    // A nested $id would change what "#" means for the $refs below it.
    if (!is_root) return SchemaError(pointer, "$id is only supported at the root");
    if (!value.is_string()) return SchemaError(pointer, "must be a string");
    return Status::Ok();
  }
  if (key == "$comment" || key == "title" || key == "description") {
    if (!value.is_string()) return SchemaError(pointer, "must be a string");
    return Status::Ok();
  }
  if (key == "default") return Status::Ok();
  if (key == "examples") {
    if (!value.is_array()) return SchemaError(pointer, "must be an array");
    return Status::Ok();
  }
  if (key == "$defs") return CompileSchemaMap(value, pointer, node.defs);
  if (key == "$ref") {
    if (!value.is_string()) return SchemaError(pointer, "must be a string");
    node.ref = value.get<std::string>();
    node.ref_location = pointer;
    return Status::Ok();
  }
  if (key == "type") {
    std::vector<Json> names;
    if (value.is_string()) {
      names.push_back(value);
    } else if (value.is_array() && !value.empty()) {
      names.assign(value.begin(), value.end());
    } else {
      return SchemaError(pointer, "must be a type name or a non-empty array of type names");
    }
    for (const Json& name : names) {
      const TypeName* found = nullptr;
      for (const TypeName& type : kTypeNames) {
        if (name.is_string() && name.get<std::string>() == type.name) found = &type;
      }
      if (found == nullptr) return SchemaError(pointer, "unknown type " + Display(name));
      if ((node.types & found->bit) != 0) return SchemaError(pointer, "repeats a type");
      node.types |= found->bit;
    }
    return Status::Ok();
  }
  if (key == "enum") {
    if (!value.is_array() || value.empty()) {
      return SchemaError(pointer, "must be a non-empty array");
    }
    node.has_enum = true;
    for (const Json& item : value) {
      node.enum_values.push_back(item);
      node.enum_keys.insert(Canonical(item));
    }
    return Status::Ok();
  }
  if (key == "const") {
    node.const_value = value;
    node.const_key = Canonical(value);
    return Status::Ok();
  }
  if (key == "properties") return CompileSchemaMap(value, pointer, node.properties);
  if (key == "required") {
    if (!value.is_array()) return SchemaError(pointer, "must be an array of member names");
    for (const Json& name : value) {
      if (!name.is_string()) return SchemaError(pointer, "must be an array of member names");
      if (std::find(node.required.begin(), node.required.end(), name.get<std::string>()) !=
          node.required.end()) {
        return SchemaError(pointer, "repeats " + name.get<std::string>());
      }
      node.required.push_back(name.get<std::string>());
    }
    return Status::Ok();
  }
  if (key == "additionalProperties") return subschema(node.additional_properties);
  if (key == "items") {
    if (value.is_array()) {
      return SchemaError(pointer,
                         "must be a schema (the array form is prefixItems in draft 2020-12, "
                         "which is not supported)");
    }
    return subschema(node.items);
  }
  if (key == "minItems") return count(node.min_items);
  if (key == "maxItems") return count(node.max_items);
  if (key == "uniqueItems") {
    if (!value.is_boolean()) return SchemaError(pointer, "must be a boolean");
    node.unique_items = value.get<bool>();
    return Status::Ok();
  }
  if (key == "minLength") return count(node.min_length);
  if (key == "maxLength") return count(node.max_length);
  if (key == "pattern") {
    if (!value.is_string()) return SchemaError(pointer, "must be a string");
    node.pattern_source = value.get<std::string>();
    try {
      node.pattern.emplace(node.pattern_source, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return SchemaError(pointer,
                         "invalid pattern " + node.pattern_source + " (" + e.what() + ")");
    }
    return Status::Ok();
  }
  if (key == "minimum") return number(node.minimum);
  if (key == "maximum") return number(node.maximum);
  if (key == "exclusiveMinimum") return number(node.exclusive_minimum);
  if (key == "exclusiveMaximum") return number(node.exclusive_maximum);
  if (key == "multipleOf") {
    PRAMAAN_RETURN_IF_ERROR(number(node.multiple_of));
    if (node.multiple_of->get<double>() <= 0) {
      return SchemaError(pointer, "must be greater than 0");
    }
    return Status::Ok();
  }
  if (key == "format") {
    if (value == "date") {
      node.format = Format::kDate;
    } else if (value == "date-time") {
      node.format = Format::kDateTime;
    } else if (value == "email") {
      node.format = Format::kEmail;
    } else {
      // Refused rather than ignored, so no schema appears to check a format that is not checked.
      return SchemaError(pointer, "unsupported format " + Display(value) +
                                       " (supported: date, date-time, email)");
    }
    return Status::Ok();
  }
  if (key == "allOf") return CompileSchemaArray(value, pointer, node.all_of);
  if (key == "anyOf") return CompileSchemaArray(value, pointer, node.any_of);
  if (key == "oneOf") return CompileSchemaArray(value, pointer, node.one_of);
  if (key == "not") return subschema(node.not_schema);
  if (key == "if") return subschema(node.if_schema);
  if (key == "then") return subschema(node.then_schema);
  if (key == "else") return subschema(node.else_schema);
  const std::string parent = pointer.substr(0, pointer.rfind('/'));
  return SchemaError(parent, "unsupported keyword \"" + key + "\"");
}

Status JsonSchema::Node::Compiler::ResolveRefs(const Node& root) {
  for (Node* node : nodes_) {
    if (node->ref.empty()) continue;
    const std::string_view target = node->ref;
    std::optional<std::string> name;
    if (target.substr(0, kDefsRefPrefix.size()) == kDefsRefPrefix) {
      name = UnescapePointerToken(target.substr(kDefsRefPrefix.size()));
    }
    const auto it = name ? root.defs.find(*name) : root.defs.end();
    if (it == root.defs.end()) {
      return SchemaError(node->ref_location,
                         "cannot resolve $ref " + node->ref +
                             " (only #/$defs/NAME naming a definition at the root is supported)");
    }
    node->ref_target = it->second.get();
  }
  return Status::Ok();
}

// A schema that reaches itself again through $ref without descending into a property or an
// item (directly, or through allOf, anyOf, oneOf, not or if/then/else) would recurse forever
// on any instance. Returns the schema that closes such a cycle, or nullptr.
// state: absent = unvisited, 1 = on the current path, 2 = done.
const JsonSchema::Node* JsonSchema::Node::Compiler::InPlaceCycleFrom(
    const Node& node, std::unordered_map<const Node*, int>& state) const {
  auto [it, inserted] = state.emplace(&node, 1);
  if (!inserted) return it->second == 1 ? &node : nullptr;
  std::vector<const Node*> next;
  if (node.ref_target != nullptr) next.push_back(node.ref_target);
  for (const auto* group : {&node.all_of, &node.any_of, &node.one_of}) {
    for (const auto& child : *group) next.push_back(child.get());
  }
  for (const auto* child :
       {&node.not_schema, &node.if_schema, &node.then_schema, &node.else_schema}) {
    if (*child) next.push_back(child->get());
  }
  for (const Node* child : next) {
    if (const Node* closing = InPlaceCycleFrom(*child, state)) return closing;
  }
  state[&node] = 2;
  return nullptr;
}

Status JsonSchema::Node::Compiler::RefuseInPlaceCycles() const {
  std::unordered_map<const Node*, int> state;
  for (const Node* node : nodes_) {
    if (const Node* closing = InPlaceCycleFrom(*node, state)) {
      return SchemaError(closing->location,
                         "$ref cycle that never descends into a property or an item");
    }
  }
  return Status::Ok();
}

std::string JsonSchema::Node::RangeMessage() const {
  const std::string noun =
      ((types & kIntegerType) != 0 && (types & kNumberType) == 0) ? "an integer" : "a number";
  if (lower && upper && !lower->exclusive && !upper->exclusive) {
    return "must be " + noun + " from " + lower->text + " to " + upper->text;
  }
  std::string message = "must be " + noun;
  if (lower) message += (lower->exclusive ? " greater than " : " of at least ") + lower->text;
  if (lower && upper) message += " and";
  if (upper) message += (upper->exclusive ? " less than " : " at most ") + upper->text;
  return message;
}

std::string JsonSchema::Node::TypeMessage() const {
  const bool numeric_only = (types & ~(kIntegerType | kNumberType)) == 0;
  if (numeric_only && (lower || upper)) return RangeMessage();
  return "must be " + DescribeTypes(types);
}

std::string JsonSchema::Node::FormatMessage() const {
  switch (format) {
    case Format::kDate:
      return "must be a date written YYYY-MM-DD";
    case Format::kDateTime:
      return "must be a date and time written YYYY-MM-DDThh:mm:ss with Z or an offset";
    case Format::kEmail:
      return "must be an email address";
    case Format::kNone:
      break;
  }
  return "";
}

void JsonSchema::Node::ValidateNumber(const Json& instance, const Walk& walk) const {
  const double value = instance.get<double>();
  if (!std::isfinite(value)) {
    walk.Add("must be a finite number");
    return;
  }
  const bool below = lower && (lower->exclusive ? value <= lower->value : value < lower->value);
  const bool above = upper && (upper->exclusive ? value >= upper->value : value > upper->value);
  if (below || above) walk.Add(RangeMessage());
  if (multiple_of && !IsMultipleOf(value, multiple_of->get<double>())) {
    walk.Add("must be a multiple of " + FormatNumber(*multiple_of));
  }
}

void JsonSchema::Node::ValidateString(const std::string& instance, const Walk& walk) const {
  const std::size_t length = CountCodePoints(instance);
  const bool too_long = max_length && length > *max_length;
  if ((min_length && length < *min_length) || too_long) {
    walk.Add(SizeMessage(min_length, max_length, "be", "character", " long"));
  }
  // A string already too long is not searched: it is invalid either way, and searching long
  // input is what std::regex does worst.
  if (pattern && !too_long) {
    bool matched = false;
    if (instance.size() <= kMaxPatternInputBytes) {
      try {
        matched = std::regex_search(instance, *pattern);
      } catch (const std::regex_error&) {
        matched = false;  // complexity or stack limit: treat as no match
      }
    }
    if (!matched) walk.Add("must match the pattern " + pattern_source);
  }
  bool format_ok = true;
  switch (format) {
    case Format::kDate:
      format_ok = IsDate(instance);
      break;
    case Format::kDateTime:
      format_ok = IsDateTime(instance);
      break;
    case Format::kEmail:
      format_ok = IsEmail(instance);
      break;
    case Format::kNone:
      break;
  }
  if (!format_ok) walk.Add(FormatMessage());
}

void JsonSchema::Node::ValidateArray(const Json& instance, Walk& walk) const {
  const std::size_t size = instance.size();
  if ((min_items && size < *min_items) || (max_items && size > *max_items)) {
    walk.Add(SizeMessage(min_items, max_items, "have", "item", ""));
  }
  if (unique_items) {
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < size; ++i) {
      const auto [it, inserted] = seen.emplace(Canonical(instance[i]), i);
      if (!inserted) {
        walk.Add("must not contain duplicates (items [" + std::to_string(it->second) + "] and [" +
                 std::to_string(i) + "] are equal)");
        break;
      }
    }
  }
  if (items) {
    const std::string parent = walk.path;
    for (std::size_t i = 0; i < size; ++i) {
      walk.path = ItemPath(parent, i);
      walk.position.push_back(i);
      items->Validate(instance[i], walk);
      walk.position.pop_back();
    }
    walk.path = parent;
  }
}

void JsonSchema::Node::ValidateObject(const Json& instance, Walk& walk) const {
  // A missing member is a fault of the object, so it is reported at the object's position.
  for (const std::string& name : required) {
    if (!instance.contains(name)) walk.AddAt(MemberPath(walk.path, name), "is required");
  }
  const std::string parent = walk.path;
  std::size_t index = 0;
  for (auto it = instance.begin(); it != instance.end(); ++it, ++index) {
    walk.path = MemberPath(parent, it.key());
    walk.position.push_back(index);
    const auto property = properties.find(it.key());
    if (property != properties.end()) {
      property->second->Validate(it.value(), walk);
    } else if (additional_properties) {
      if (additional_properties->boolean_schema == false) {
        walk.Add("is not allowed (unknown field)");
      } else {
        additional_properties->Validate(it.value(), walk);
      }
    }
    walk.position.pop_back();
  }
  walk.path = parent;
}

void JsonSchema::Node::Validate(const Json& instance, Walk& walk) const {
  if (boolean_schema) {
    if (!*boolean_schema) walk.Add("is not allowed");
    return;
  }
  if (ref_target != nullptr) ref_target->Validate(instance, walk);

  const bool type_ok = types == 0 || HasAnyType(instance, types);
  if (!type_ok) walk.Add(TypeMessage());
  if (has_enum && enum_keys.count(Canonical(instance)) == 0) {
    std::string message = "must be one of: ";
    for (std::size_t i = 0; i < enum_values.size(); ++i) {
      if (i > 0) message += ", ";
      message += Display(enum_values[i]);
    }
    walk.Add(std::move(message));
  }
  if (const_value && Canonical(instance) != const_key) walk.Add("must be " + Display(*const_value));

  // Once the type is wrong, the keywords for that type have nothing useful to add.
  if (type_ok) {
    if (instance.is_number()) {
      ValidateNumber(instance, walk);
    } else if (instance.is_string()) {
      ValidateString(instance.get_ref<const std::string&>(), walk);
    } else if (instance.is_array()) {
      ValidateArray(instance, walk);
    } else if (instance.is_object()) {
      ValidateObject(instance, walk);
    }
  }

  for (const auto& schema : all_of) schema->Validate(instance, walk);
  if (!any_of.empty() && std::none_of(any_of.begin(), any_of.end(), [&](const auto& schema) {
        return schema->Matches(instance);
      })) {
    walk.Add("must match at least one of the schemas in anyOf");
  }
  if (!one_of.empty()) {
    const auto matches = std::count_if(one_of.begin(), one_of.end(), [&](const auto& schema) {
      return schema->Matches(instance);
    });
    if (matches != 1) {
      walk.Add("must match exactly one of the schemas in oneOf (matches " +
               std::to_string(matches) + ")");
    }
  }
  if (not_schema && not_schema->Matches(instance)) walk.Add("must not match the schema in not");
  if (if_schema) {
    const Node* branch = if_schema->Matches(instance) ? then_schema.get() : else_schema.get();
    if (branch != nullptr) branch->Validate(instance, walk);
  }
}

bool JsonSchema::Node::Matches(const Json& instance) const {
  std::vector<Found> found;
  Walk walk{"", {}, &found};
  Validate(instance, walk);
  return found.empty();
}

Result<JsonSchema> JsonSchema::Create(const Json& schema) {
  Node::Compiler compiler;
  PRAMAAN_ASSIGN_OR_RETURN(std::unique_ptr<Node> root, compiler.Compile(schema, "#", true));
  PRAMAAN_RETURN_IF_ERROR(compiler.ResolveRefs(*root));
  PRAMAAN_RETURN_IF_ERROR(compiler.RefuseInPlaceCycles());
  return JsonSchema(std::shared_ptr<const Node>(std::move(root)));
}

std::vector<SchemaViolation> JsonSchema::Validate(const Json& instance) const {
  std::vector<Found> found;
  Walk walk{"", {}, &found};
  root_->Validate(instance, walk);
  std::stable_sort(found.begin(), found.end(),
                   [](const Found& a, const Found& b) { return a.position < b.position; });
  std::vector<SchemaViolation> violations;
  for (Found& f : found) {
    const bool repeat = !violations.empty() && violations.back().path == f.violation.path &&
                        violations.back().message == f.violation.message;
    if (!repeat) violations.push_back(std::move(f.violation));
  }
  return violations;
}

Status JsonSchema::Check(const Json& instance) const {
  const std::vector<SchemaViolation> violations = Validate(instance);
  if (violations.empty()) return Status::Ok();
  const SchemaViolation& first = violations.front();
  return InvalidInput((first.path.empty() ? "record" : first.path) + " " + first.message);
}

}  // namespace pramaan
