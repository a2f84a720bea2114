#include "core/jsonld/to_rdf.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/json/jcs.h"

namespace pramaan::jsonld {
namespace {

constexpr const char* kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
constexpr const char* kRdfFirst = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
constexpr const char* kRdfRest = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
constexpr const char* kRdfNil = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
constexpr const char* kRdfValue = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value";
constexpr const char* kRdfLanguage = "http://www.w3.org/1999/02/22-rdf-syntax-ns#language";
constexpr const char* kRdfDirection = "http://www.w3.org/1999/02/22-rdf-syntax-ns#direction";
constexpr const char* kRdfJson = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON";
constexpr std::string_view kXsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean";
constexpr std::string_view kXsdInteger = "http://www.w3.org/2001/XMLSchema#integer";
constexpr std::string_view kXsdDouble = "http://www.w3.org/2001/XMLSchema#double";
constexpr std::string_view kI18nNamespace = "https://www.w3.org/ns/i18n#";

// The node map's key for the default graph (a keyword, so no IRI or blank node can clash).
constexpr std::string_view kDefaultGraphName = "@default";

// The node map's key for nodes whose @id is null. Starting with '@', it is neither an IRI nor
// a blank node, so nothing under it reaches the dataset.
constexpr std::string_view kNullNodeId = "@null";

// Expanding wraps every value of a parsed document in an array and a map, so an expanded
// document nests at most about twice as deep as kMaxJsonDepth; deeper input was built in
// code, and the walk below is recursive.
constexpr int kMaxExpandedDepth = 2 * kMaxJsonDepth + 8;

// Value lists and type lists up to this size are de-duplicated by a linear scan (a node has a
// handful of values per property); longer ones get a hash index so a hostile document with
// thousands of values in one property cannot make node map generation quadratic.
constexpr std::size_t kLinearScanValues = 16;

bool IsBlankNodeId(std::string_view id) { return id.size() >= 2 && id[0] == '_' && id[1] == ':'; }

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Decodes the UTF-8 sequence at text[*i] and advances *i past it; -1 when it is malformed.
std::int32_t DecodeUtf8(std::string_view text, std::size_t* i) {
  const auto lead = static_cast<unsigned char>(text[*i]);
  std::size_t length;
  std::int32_t code_point;
  std::int32_t minimum;
  if (lead < 0x80) {
    ++*i;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, code_point = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code_point = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code_point = lead & 0x07, minimum = 0x10000;
  } else {
    return -1;
  }
  if (text.size() - *i < length) return -1;
  for (std::size_t k = 1; k < length; ++k) {
    const auto continuation = static_cast<unsigned char>(text[*i + k]);
    if ((continuation & 0xC0) != 0x80) return -1;
    code_point = (code_point << 6) | (continuation & 0x3F);
  }
  if (code_point < minimum || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return -1;
  }
  *i += length;
  return code_point;
}

// RFC 3987 ucschar: the non-ASCII characters an IRI may hold anywhere.
bool IsUcsChar(std::int32_t c) {
  if ((c >= 0xA0 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFEF)) {
    return true;
  }
  // %x10000-1FFFD / %x20000-2FFFD / ... / %xE1000-EFFFD: each plane but its last two code
  // points, and plane 14 from E1000.
  if (c < 0x10000 || c > 0xEFFFD || (c & 0xFFFF) >= 0xFFFE) return false;
  return c < 0xE0000 || c >= 0xE1000;
}

// RFC 3987 iprivate, allowed in the query only.
bool IsIPrivate(std::int32_t c) {
  return (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xF0000 && c <= 0xFFFFD) ||
         (c >= 0x100000 && c <= 0x10FFFD);
}

bool IsHexDigit(char c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// What a byte may be in an IRI after the scheme.
enum class IriAsciiClass : std::uint8_t {
  kNever,      // controls, space, <>"{}|\^` and DEL
  kIPChar,     // iunreserved, sub-delims, ':' and '@': allowed anywhere
  kDelimiter,  // '%', '/', '?', '#', '[', ']': allowed depending on what follows or where
  kNonAscii,   // a byte of a UTF-8 sequence: decoded and checked as a code point
};

constexpr std::array<IriAsciiClass, 256> kIriAsciiClass = [] {
  std::array<IriAsciiClass, 256> classes{};  // all kNever
  for (int c = 0x80; c < 0x100; ++c) classes[c] = IriAsciiClass::kNonAscii;
  for (int c = 0; c < 128; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      classes[c] = IriAsciiClass::kIPChar;
    }
  }
  for (char c : std::string_view("-._~!$&'()*+,;=:@")) {
    classes[static_cast<unsigned char>(c)] = IriAsciiClass::kIPChar;
  }
  for (char c : std::string_view("%/?#[]")) {
    classes[static_cast<unsigned char>(c)] = IriAsciiClass::kDelimiter;
  }
  return classes;
}();

// 1 for the bytes of kIPChar, 0 for the others.
constexpr std::array<std::uint8_t, 256> kIsIPChar = [] {
  std::array<std::uint8_t, 256> is{};
  for (int c = 0; c < 256; ++c) is[c] = kIriAsciiClass[c] == IriAsciiClass::kIPChar ? 1 : 0;
  return is;
}();

// The position of the first byte at or after `i` that is not allowed anywhere (not kIPChar),
// or iri.size(). Four bytes at a time: most of an IRI is such bytes.
std::size_t SkipIPChars(std::string_view iri, std::size_t i) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(iri.data());
  const std::size_t size = iri.size();
  while (size - i >= 4 &&
         (kIsIPChar[bytes[i]] & kIsIPChar[bytes[i + 1]] & kIsIPChar[bytes[i + 2]] &
          kIsIPChar[bytes[i + 3]]) != 0) {
    i += 4;
  }
  while (i < size && kIsIPChar[bytes[i]] != 0) ++i;
  return i;
}

// A well-formed absolute IRI (RFC 3987): a scheme, then only the characters each part may
// hold (so no spaces, controls, <>"{}|\^`, stray '%', a second '#', or brackets outside the
// authority). Host, port and path segments are not parsed further: the check exists to keep
// what RDF cannot represent out of the dataset, as the algorithm's "well-formed" asks.
bool IsWellFormedIri(std::string_view iri) {
  if (iri.empty() || !IsAsciiAlpha(iri[0])) return false;
  std::size_t i = 1;
  while (i < iri.size() && (IsAsciiAlpha(iri[i]) || IsAsciiDigit(iri[i]) || iri[i] == '+' ||
                            iri[i] == '-' || iri[i] == '.')) {
    ++i;
  }
  if (i == iri.size() || iri[i] != ':') return false;
  ++i;
  enum class Part { kAuthority, kPath, kQuery, kFragment };
  Part part = Part::kPath;
  if (iri.substr(i).starts_with("//")) {
    part = Part::kAuthority;
    i += 2;
  }
  while (i < iri.size()) {
    i = SkipIPChars(iri, i);  // the common case
    if (i == iri.size()) break;
    const auto byte = static_cast<unsigned char>(iri[i]);
    if (byte >= 0x80) {
      const std::int32_t code_point = DecodeUtf8(iri, &i);
      if (code_point < 0) return false;
      if (!IsUcsChar(code_point) && !(part == Part::kQuery && IsIPrivate(code_point))) {
        return false;
      }
      continue;
    }
    switch (kIriAsciiClass[byte]) {
      case IriAsciiClass::kIPChar:
      case IriAsciiClass::kNonAscii:  // handled above
        break;
      case IriAsciiClass::kNever:
        return false;
      case IriAsciiClass::kDelimiter:
        switch (byte) {
          case '%':
            if (iri.size() - i < 3 || !IsHexDigit(iri[i + 1]) || !IsHexDigit(iri[i + 2])) {
              return false;
            }
            i += 2;
            break;
          case '/':
            if (part == Part::kAuthority) part = Part::kPath;
            break;
          case '?':
            if (part == Part::kAuthority || part == Part::kPath) part = Part::kQuery;
            break;
          case '#':
            if (part == Part::kFragment) return false;
            part = Part::kFragment;
            break;
          default:  // '[' and ']': IP literals only
            if (part != Part::kAuthority) return false;
            break;
        }
        break;
    }
    ++i;
  }
  return true;
}

// BCP 47 well-formedness as JSON-LD processors check it: alpha{1,8} ("-" alphanum{1,8})*.
bool IsWellFormedLanguageTag(std::string_view tag) {
  std::size_t i = 0;
  std::size_t run = 0;
  while (i < tag.size() && IsAsciiAlpha(tag[i])) ++i, ++run;
  if (run < 1 || run > 8) return false;
  while (i < tag.size()) {
    if (tag[i] != '-') return false;
    ++i;
    run = 0;
    while (i < tag.size() && (IsAsciiAlpha(tag[i]) || IsAsciiDigit(tag[i]))) ++i, ++run;
    if (run < 1 || run > 8) return false;
  }
  return true;
}

std::string ToLowerAscii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

// Canonical xsd:double (XML Schema 1.1): mantissa with one digit before the point and at
// least one after, "E", exponent without "+" or leading zeros: 1.1E0, 1.0E21, -1.2345E-7.
void AppendXsdDouble(double value, std::string* out) {
  // ECMAScript, whose number model JSON-LD assumes, prints negative zero as zero.
  if (value == 0) value = 0;
  char buffer[64];
  const auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  const std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
  const std::size_t e = text.find('e');
  const std::string_view mantissa = text.substr(0, e);
  std::string_view exponent = text.substr(e + 1);
  out->append(mantissa);
  if (mantissa.find('.') == std::string_view::npos) out->append(".0");
  out->push_back('E');
  if (exponent.front() == '-') out->push_back('-');
  if (exponent.front() == '-' || exponent.front() == '+') exponent.remove_prefix(1);
  while (exponent.size() > 1 && exponent.front() == '0') exponent.remove_prefix(1);
  out->append(exponent);
}

// Canonical xsd:integer of a JSON number known to have no fractional part.
void AppendXsdInteger(const Json& number, std::string* out) {
  char buffer[64];
  std::to_chars_result result{};
  if (number.is_number_unsigned()) {
    result = std::to_chars(buffer, buffer + sizeof buffer, number.get<std::uint64_t>());
  } else if (number.is_number_integer()) {
    result = std::to_chars(buffer, buffer + sizeof buffer, number.get<std::int64_t>());
  } else {
    double value = number.get<double>();
    if (value == 0) value = 0;  // "-0" is "0"
    // Below 1e21 every digit of the double's exact value is printed, as toFixed(0) does.
    result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 0);
  }
  out->append(buffer, result.ptr);
}

std::uint64_t Mix(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

std::uint64_t HashString(std::string_view text) { return std::hash<std::string_view>{}(text); }

// A hash consistent with JsonEquivalent: object members in any order, numbers by value.
// Beyond kMaxJsonDepth it stops descending (equal values still hash equal).
std::uint64_t HashJson(const Json& value, int depth) {
  if (depth > kMaxJsonDepth) return 0x5eed;
  switch (value.type()) {
    case Json::value_t::object: {
      std::uint64_t sum = 0x0b1ec7;
      for (auto it = value.begin(); it != value.end(); ++it) {
        sum += Mix(HashString(it.key()) * 31 + HashJson(it.value(), depth + 1));
      }
      return Mix(sum);
    }
    case Json::value_t::array: {
      std::uint64_t h = 0xa77a7;
      for (const Json& item : value) h = Mix(h * 31 + HashJson(item, depth + 1));
      return h;
    }
    case Json::value_t::string:
      return HashString(value.get_ref<const std::string&>());
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: {
      double number = value.get<double>();
      if (number == 0) number = 0;  // -0 == 0
      std::uint64_t bits;
      std::memcpy(&bits, &number, sizeof bits);
      return Mix(bits);
    }
    case Json::value_t::boolean:
      return value.get<bool>() ? 0x7 : 0x8;
    default:
      return 0x9;
  }
}

// "Equivalent" as node map generation compares values: maps with the same entries in any
// order, arrays in order, numbers by value. Values nested beyond kMaxJsonDepth compare unequal
// (they are only kept as duplicates; canonicalizing such an @json value fails later anyway).
bool JsonEquivalent(const Json& a, const Json& b, int depth) {
  if (depth > kMaxJsonDepth) return false;
  if (a.is_number() && b.is_number()) return a == b;
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      const auto other = b.find(it.key());
      if (other == b.end() || !JsonEquivalent(it.value(), *other, depth + 1)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!JsonEquivalent(a[i], b[i], depth + 1)) return false;
    }
    return true;
  }
  return a == b;
}

const char* TypeName(const Json& value) { return value.type_name(); }

Error NotExpanded(std::string_view code, std::string_view detail) {
  std::string message(code);
  message.append(": ");
  message.append(detail);
  message.append(" (the input must be an expanded JSON-LD document)");
  return InvalidInput(std::move(message));
}

// Issues "_:b0", "_:b1", ... and remembers which input label got which, so a label used twice
// in the input is relabelled consistently.
class BlankNodeIssuer {
 public:
  // Issued labels are kept in `text`, whose elements never move.
  explicit BlankNodeIssuer(std::deque<std::string>* text) : text_(text) {}

  // The label for `existing` (an input "_:x"), issuing the next one the first time.
  std::string_view Relabel(std::string_view existing) {
    const auto [it, inserted] = issued_.try_emplace(existing);
    if (inserted) it->second = Next();
    return it->second;
  }

  // A label never issued before.
  std::string_view Next() {
    std::string& label = text_->emplace_back("_:b");
    label.append(std::to_string(counter_++));
    return label;
  }

 private:
  // Keys view the input document; values view labels in text_.
  std::unordered_map<std::string_view, std::string_view> issued_;
  std::deque<std::string>* text_;
  std::size_t counter_ = 0;
};

// One entry of a node map value array. The node map views the input instead of copying it:
// value objects stay where they are, ids view input strings or issued labels.
struct Item {
  enum class Kind : std::uint8_t { kValue, kReference, kList };
  Kind kind = Kind::kValue;
  const Json* value = nullptr;              // kValue: the value object in the input
  std::string_view id;                      // kReference: the node's (relabelled) id
  const std::vector<Item>* list = nullptr;  // kList: the members, owned by the node map
};

Item ValueItem(const Json& value_object) {
  Item item;
  item.kind = Item::Kind::kValue;
  item.value = &value_object;
  return item;
}

Item ReferenceItem(std::string_view id) {
  Item item;
  item.kind = Item::Kind::kReference;
  item.id = id;
  return item;
}

Item ListItem(const std::vector<Item>* members) {
  Item item;
  item.kind = Item::Kind::kList;
  item.list = members;
  return item;
}

// Consistent with Equivalent.
std::uint64_t HashItem(const Item& item) {
  if (item.kind == Item::Kind::kReference) return Mix(HashString(item.id) ^ 0x1d1d1d1dULL);
  return HashJson(*item.value, 0);
}

bool Equivalent(const Item& a, const Item& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Item::Kind::kReference:
      return a.id == b.id;
    case Item::Kind::kValue:
      return JsonEquivalent(*a.value, *b.value, 0);
    case Item::Kind::kList:
      return false;  // every list object is a new list
  }
  return false;
}

// The values of one property of one node, in first-insertion order.
class ItemList {
 public:
  // Appends `item` (a value or a reference) unless an equivalent one is already there.
  void AddUnique(const Item& item) {
    if (!indexed_) {
      if (items_.size() < kLinearScanValues) {
        for (const Item& existing : items_) {
          if (Equivalent(existing, item)) return;
        }
        items_.push_back(item);
        return;
      }
      for (std::size_t i = 0; i < items_.size(); ++i) {
        if (items_[i].kind != Item::Kind::kList) index_.emplace(HashItem(items_[i]), i);
      }
      indexed_ = true;
    }
    const std::uint64_t hash = HashItem(item);
    const auto [begin, end] = index_.equal_range(hash);
    for (auto it = begin; it != end; ++it) {
      if (Equivalent(items_[it->second], item)) return;
    }
    index_.emplace(hash, items_.size());
    items_.push_back(item);
  }

  // Appends a list object (never de-duplicated).
  void Append(const Item& item) { items_.push_back(item); }

  const std::vector<Item>& items() const { return items_; }

 private:
  std::vector<Item> items_;
  bool indexed_ = false;
  std::unordered_multimap<std::uint64_t, std::size_t> index_;  // hash -> position in items_
};

struct Node {
  // Appends `type` unless already there.
  void AddType(std::string_view type) {
    if (!types_indexed) {
      if (types.size() < kLinearScanValues) {
        if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
        return;
      }
      type_index.insert(types.begin(), types.end());
      types_indexed = true;
    }
    if (type_index.insert(type).second) types.push_back(type);
  }

  std::vector<std::string_view> types;
  bool types_indexed = false;
  std::unordered_set<std::string_view> type_index;
  const Json* index = nullptr;
  // Ordered by code point (std::string_view compares bytes as unsigned char, and UTF-8 byte
  // order is code point order), as the algorithms iterate.
  std::map<std::string_view, ItemList> properties;
};

using Graph = std::map<std::string_view, Node>;
using NodeMap = std::map<std::string_view, Graph>;

// The arguments of one step of node map generation besides the element.
struct Frame {
  std::string_view graph_name;
  Graph* graph = nullptr;
  // The active subject: none, the node `subject_id` whose `property` values are `values`,
  // or, when `reverse`, the node `subject_id` that the element's node points back to.
  std::string_view subject_id;
  bool reverse = false;
  std::optional<std::string_view> property;  // the active property
  // The active property's values on the active subject (not when `reverse`), looked up once
  // per property rather than once per value.
  ItemList* values = nullptr;
  std::vector<Item>* list = nullptr;  // the list object values go into, if any
};

// Node Map Generation (JSON-LD 1.1 API section 7.2).
class NodeMapBuilder {
 public:
  explicit NodeMapBuilder(BlankNodeIssuer* issuer) : issuer_(issuer) {}

  // Runs the algorithm over a whole document, in the default graph.
  Status AddDocument(const Json& document) {
    Frame top;
    top.graph_name = kDefaultGraphName;
    top.graph = &graphs_[kDefaultGraphName];
    return Add(document, top, /*depth=*/0);
  }

  NodeMap& graphs() { return graphs_; }
  std::size_t estimated_quads() const { return estimated_quads_; }

 private:
  Status Add(const Json& element, const Frame& frame, int depth) {
    if (depth > kMaxExpandedDepth) {
      return Unsupported("JSON-LD document nested deeper than " +
                         std::to_string(kMaxExpandedDepth) + " levels");
    }
    if (element.is_array()) {
      for (const Json& item : element) PRAMAAN_RETURN_IF_ERROR(Add(item, frame, depth + 1));
      return Status::Ok();
    }
    if (!element.is_object()) {
      return NotExpanded("invalid value object",
                         std::string("found a ") + TypeName(element) + " where a map belongs");
    }

    // One pass over the keys: a node object has a handful, and comparing each with a
    // literal through Json::find costs a strlen and a compare per key and per lookup.
    const Json* value_member = nullptr;
    const Json* type_member = nullptr;
    const Json* list_member = nullptr;
    for (const auto& [key, member] : element.get_ref<const Json::object_t&>()) {
      const std::string_view name = key;
      if (name == "@value") {
        value_member = &member;
      } else if (name == "@type") {
        type_member = &member;
      } else if (name == "@list") {
        list_member = &member;
      }
    }
    if (value_member != nullptr) {
      // Step 3 for value objects: a blank-node datatype is relabelled (and later dropped as
      // not well-formed); issuing keeps the label sequence the specification's.
      if (type_member != nullptr && type_member->is_string() &&
          IsBlankNodeId(type_member->get_ref<const std::string&>())) {
        issuer_->Relabel(type_member->get_ref<const std::string&>());
      }
      AddToSubject(ValueItem(element), frame, /*unique=*/true);
      ++estimated_quads_;
      return Status::Ok();
    }

    if (list_member != nullptr) {
      std::vector<Item>* members = &lists_.emplace_back();
      Frame inner = frame;
      inner.list = members;
      PRAMAAN_RETURN_IF_ERROR(Add(*list_member, inner, depth + 1));
      estimated_quads_ += 2 * members->size() + 1;
      AddToSubject(ListItem(members), frame, /*unique=*/false);
      return Status::Ok();
    }

    return AddNodeObject(element, frame, depth);
  }

  // Puts `item` where the frame says values go: the list being built, or the active property
  // of the subject node (steps 4.1, 5.3, 6.6).
  static void AddToSubject(const Item& item, const Frame& frame, bool unique) {
    if (frame.list != nullptr) {
      frame.list->push_back(item);
    } else if (frame.values != nullptr) {
      if (unique) {
        frame.values->AddUnique(item);
      } else {
        frame.values->Append(item);
      }
    }
    // Otherwise a free-floating value or list, which expansion would have dropped.
  }

  Status AddNodeObject(const Json& element, const Frame& frame, int depth) {
    const Json* id_member = nullptr;
    const Json* type_member = nullptr;
    const Json* index_member = nullptr;
    const Json* reverse_member = nullptr;
    const Json* graph_member = nullptr;
    const Json* included_member = nullptr;
    bool properties_sorted = true;
    const std::string* previous_property = nullptr;
    for (auto it = element.begin(); it != element.end(); ++it) {
      const std::string& key = it.key();
      if (key.empty() || key[0] != '@') {
        if (previous_property != nullptr && !(*previous_property < key)) properties_sorted = false;
        previous_property = &key;
      } else if (key == "@id") {
        id_member = &it.value();
      } else if (key == "@type") {
        type_member = &it.value();
      } else if (key == "@index") {
        index_member = &it.value();
      } else if (key == "@reverse") {
        reverse_member = &it.value();
      } else if (key == "@graph") {
        graph_member = &it.value();
      } else if (key == "@included") {
        included_member = &it.value();
      }
      // Other keywords carry nothing the dataset holds (toRdf skips keyword properties).
    }

    // Step 3: blank-node types are relabelled before the node's own id.
    if (type_member != nullptr) {
      if (type_member->is_string()) {
        if (IsBlankNodeId(type_member->get_ref<const std::string&>())) {
          issuer_->Relabel(type_member->get_ref<const std::string&>());
        }
      } else if (type_member->is_array()) {
        for (const Json& type : *type_member) {
          if (!type.is_string()) {
            return NotExpanded("invalid type value", "an @type entry is not a string");
          }
          if (IsBlankNodeId(type.get_ref<const std::string&>())) {
            issuer_->Relabel(type.get_ref<const std::string&>());
          }
        }
      } else {
        return NotExpanded("invalid type value", "@type is neither a string nor an array");
      }
    }

    // Steps 6.1-6.4.
    std::string_view id;
    if (id_member != nullptr && id_member->is_null()) {
      // Expansion leaves "@id": null where an @id value looked like a keyword ("@ignoreMe").
      // Such a node is never well-formed; its triples and references to it are dropped.
      id = kNullNodeId;
    } else if (id_member != nullptr) {
      if (!id_member->is_string()) {
        return NotExpanded("invalid @id value", "@id is not a string");
      }
      id = id_member->get_ref<const std::string&>();
      if (IsBlankNodeId(id)) id = issuer_->Relabel(id);
    } else {
      id = issuer_->Next();
    }
    Node& node = (*frame.graph)[id];

    // Steps 6.5-6.6: link the node to the subject that refers to it.
    if (frame.reverse) {
      node.properties[*frame.property].AddUnique(ReferenceItem(frame.subject_id));
      ++estimated_quads_;
    } else if (frame.property) {
      AddToSubject(ReferenceItem(id), frame, /*unique=*/true);
      ++estimated_quads_;
    }

    // Step 6.7.
    if (type_member != nullptr) {
      const auto add_type = [&](const Json& type) {
        std::string_view name = type.get_ref<const std::string&>();
        if (IsBlankNodeId(name)) name = issuer_->Relabel(name);
        node.AddType(name);
        ++estimated_quads_;
      };
      if (type_member->is_string()) {
        add_type(*type_member);
      } else {
        for (const Json& type : *type_member) add_type(type);
      }
    }

    // Step 6.8.
    if (index_member != nullptr) {
      if (node.index != nullptr && !JsonEquivalent(*node.index, *index_member, 0)) {
        return InvalidInput("conflicting indexes: node " + std::string(id) +
                            " has two different @index values");
      }
      node.index = index_member;
    }

    // Step 6.9.
    if (reverse_member != nullptr) {
      if (!reverse_member->is_object()) {
        return NotExpanded("invalid @reverse value", "@reverse is not a map");
      }
      Frame referenced;
      referenced.graph_name = frame.graph_name;
      referenced.graph = frame.graph;
      referenced.subject_id = id;
      referenced.reverse = true;
      for (auto it = reverse_member->begin(); it != reverse_member->end(); ++it) {
        std::string_view property = it.key();
        // The specification passes the name on unchanged; relabelling it like every other
        // blank node keeps generalized RDF from mixing input labels with issued ones.
        if (IsBlankNodeId(property)) property = issuer_->Relabel(property);
        referenced.property = property;
        PRAMAAN_RETURN_IF_ERROR(Add(it.value(), referenced, depth + 1));
      }
    }

    // Step 6.10.
    if (graph_member != nullptr) {
      if (!graph_member->is_array() && !graph_member->is_object()) {
        return NotExpanded("invalid @graph value", "@graph is neither an array nor a map");
      }
      Frame named;
      named.graph_name = id;
      named.graph = &graphs_[id];
      PRAMAAN_RETURN_IF_ERROR(Add(*graph_member, named, depth + 1));
    }

    // Step 6.11.
    if (included_member != nullptr) {
      if (!included_member->is_array() && !included_member->is_object()) {
        return NotExpanded("invalid @included value", "@included is neither an array nor a map");
      }
      Frame included;
      included.graph_name = frame.graph_name;
      included.graph = frame.graph;
      PRAMAAN_RETURN_IF_ERROR(Add(*included_member, included, depth + 1));
    }

    // Step 6.12, in property order so blank node labels are issued as the spec says.
    // Documents usually list properties sorted already; only otherwise is a sorted copy of
    // the member pointers made.
    Frame self;
    self.graph_name = frame.graph_name;
    self.graph = frame.graph;
    self.subject_id = id;
    const auto add_property = [&](std::string_view property, const Json& value) -> Status {
      if (IsBlankNodeId(property)) property = issuer_->Relabel(property);
      self.property = property;
      self.values = &node.properties.try_emplace(property).first->second;
      return Add(value, self, depth + 1);
    };
    if (properties_sorted) {
      for (auto it = element.begin(); it != element.end(); ++it) {
        const std::string& key = it.key();
        if (!key.empty() && key[0] == '@') continue;
        PRAMAAN_RETURN_IF_ERROR(add_property(key, it.value()));
      }
    } else {
      std::vector<std::pair<std::string_view, const Json*>> properties;
      properties.reserve(element.size());
      for (auto it = element.begin(); it != element.end(); ++it) {
        const std::string& key = it.key();
        if (key.empty() || key[0] != '@') properties.emplace_back(key, &it.value());
      }
      std::sort(properties.begin(), properties.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      for (const auto& [key, value] : properties) {
        PRAMAAN_RETURN_IF_ERROR(add_property(key, *value));
      }
    }
    return Status::Ok();
  }

  BlankNodeIssuer* issuer_;
  NodeMap graphs_;
  // List objects; a list (not a vector) so pointers stay valid, and nothing is allocated for
  // the many documents without lists.
  std::list<std::vector<Item>> lists_;
  std::size_t estimated_quads_ = 0;
};

// Deserialize JSON-LD to RDF (section 8.1) over a node map, with Object to RDF (8.2) and
// List to RDF (8.3). List and compound-literal triples are emitted before the triple that
// refers to them; the order of quads in a dataset carries no meaning.
class DatasetWriter {
 public:
  // Quads go to `out`, viewing the expanded document and the strings they add to `text`.
  DatasetWriter(const ToRdfOptions& options, BlankNodeIssuer* issuer, rdf::DatasetView* out,
                std::deque<std::string>* text)
      : options_(options), issuer_(issuer), out_(out), text_(text) {}

  Status WriteGraph(std::string_view name, const Graph& graph) {
    if (name == kDefaultGraphName) {
      graph_ = rdf::TermView::DefaultGraph();
    } else {
      std::optional<rdf::TermView> term = NodeTerm(name);
      if (!term) return Status::Ok();  // a graph named by a relative IRI
      graph_ = *term;
    }
    for (const auto& [subject_id, node] : graph) {
      std::optional<rdf::TermView> subject = NodeTerm(subject_id);
      if (!subject) {
        if (!node.types.empty() || !node.properties.empty()) Skipped(subject_id);
        continue;
      }
      if (!node.types.empty()) {
        const rdf::TermView predicate = rdf::TermView::Iri(kRdfType);
        for (std::string_view type : node.types) {
          std::optional<rdf::TermView> object = NodeTerm(type);
          if (object) {
            Emit(*subject, predicate, *object);
          } else {
            Skipped(type);
          }
        }
      }
      for (const auto& [property, values] : node.properties) {
        if (property.empty() || property[0] == '@') continue;
        rdf::TermView predicate;
        if (IsBlankNodeId(property)) {
          if (!options_.produce_generalized_rdf) {
            Skipped(property);
            continue;
          }
          predicate = rdf::TermView::Blank(property.substr(2));
        } else if (WellFormed(property)) {
          predicate = rdf::TermView::Iri(property);
        } else {
          Skipped(property);
          continue;
        }
        for (const Item& item : values.items()) {
          PRAMAAN_ASSIGN_OR_RETURN(std::optional<rdf::TermView> object, ObjectToRdf(item));
          if (object) {
            Emit(*subject, predicate, *object);
          } else {
            Skipped(std::string(property) + " value");
          }
        }
      }
    }
    return Status::Ok();
  }

 private:
  // The term for a node id, or nothing when it is not well-formed.
  std::optional<rdf::TermView> NodeTerm(std::string_view id) {
    if (IsBlankNodeId(id)) return rdf::TermView::Blank(id.substr(2));
    if (WellFormed(id)) return rdf::TermView::Iri(id);
    return std::nullopt;
  }

  // IsWellFormedIri, remembering IRIs already found well-formed: predicates, types and
  // datatypes repeat from node to node, and checking one costs a table lookup per character
  // where finding it again costs a hash of its length and last bytes and one comparison.
  bool WellFormed(std::string_view iri) {
    if (iri.size() < sizeof(std::uint64_t)) return IsWellFormedIri(iri);
    std::uint64_t tail;
    std::memcpy(&tail, iri.data() + iri.size() - sizeof tail, sizeof tail);
    const std::size_t slot = Mix(tail ^ iri.size()) % kWellFormedSlots;
    if (well_formed_[slot] == iri) return true;
    if (!IsWellFormedIri(iri)) return false;
    well_formed_[slot] = iri;
    return true;
  }

  void Skipped(std::string_view what) {
    if (options_.skipped != nullptr) options_.skipped->emplace_back(what);
  }

  void Emit(const rdf::TermView& subject, const rdf::TermView& predicate,
            const rdf::TermView& object) {
    out_->push_back(rdf::QuadView{subject, predicate, object, graph_});
  }

  // Keeps `text` for as long as the quads that view it.
  std::string_view Keep(std::string text) { return text_->emplace_back(std::move(text)); }

  Result<std::optional<rdf::TermView>> ObjectToRdf(const Item& item) {
    switch (item.kind) {
      case Item::Kind::kReference:
        return NodeTerm(item.id);
      case Item::Kind::kList: {
        PRAMAAN_ASSIGN_OR_RETURN(rdf::TermView head, ListToRdf(*item.list));
        return std::optional<rdf::TermView>(std::move(head));
      }
      case Item::Kind::kValue:
        return ValueToRdf(*item.value);
    }
    return std::optional<rdf::TermView>();
  }

  Result<rdf::TermView> ListToRdf(const std::vector<Item>& members) {
    if (members.empty()) return rdf::TermView::Iri(kRdfNil);
    std::vector<std::string_view> labels;
    labels.reserve(members.size());
    for (std::size_t i = 0; i < members.size(); ++i) labels.push_back(issuer_->Next());
    const rdf::TermView first = rdf::TermView::Iri(kRdfFirst);
    const rdf::TermView rest = rdf::TermView::Iri(kRdfRest);
    for (std::size_t i = 0; i < members.size(); ++i) {
      const rdf::TermView subject = rdf::TermView::Blank(labels[i].substr(2));
      PRAMAAN_ASSIGN_OR_RETURN(std::optional<rdf::TermView> object, ObjectToRdf(members[i]));
      if (object) Emit(subject, first, *object);
      Emit(subject, rest,
           i + 1 < members.size() ? rdf::TermView::Blank(labels[i + 1].substr(2))
                                  : rdf::TermView::Iri(kRdfNil));
    }
    return rdf::TermView::Blank(labels[0].substr(2));
  }

  Result<std::optional<rdf::TermView>> ValueToRdf(const Json& item) {
    const Json* value = nullptr;
    const Json* type = nullptr;
    const Json* language = nullptr;
    const Json* direction = nullptr;
    for (auto it = item.begin(); it != item.end(); ++it) {
      const std::string& key = it.key();
      if (key == "@value") {
        value = &it.value();
      } else if (key == "@type") {
        type = &it.value();
      } else if (key == "@language") {
        language = &it.value();
      } else if (key == "@direction") {
        direction = &it.value();
      }
    }

    std::string_view datatype;  // empty: none given
    if (type != nullptr) {
      if (!type->is_string()) {
        return NotExpanded("invalid typed value", "a value object's @type is not a string");
      }
      datatype = type->get_ref<const std::string&>();
      if (datatype != "@json" && !WellFormed(datatype)) return std::optional<rdf::TermView>();
    }
    std::string_view language_tag;
    if (language != nullptr) {
      if (!language->is_string()) {
        return NotExpanded("invalid language-tagged string", "@language is not a string");
      }
      language_tag = language->get_ref<const std::string&>();
      if (!IsWellFormedLanguageTag(language_tag)) return std::optional<rdf::TermView>();
    }
    std::string_view direction_value;
    if (direction != nullptr) {
      if (!direction->is_string() || (direction->get_ref<const std::string&>() != "ltr" &&
                                      direction->get_ref<const std::string&>() != "rtl")) {
        return NotExpanded("invalid base direction", "@direction is neither \"ltr\" nor \"rtl\"");
      }
      direction_value = direction->get_ref<const std::string&>();
    }

    std::string_view lexical;
    std::string_view result_type;
    if (datatype == "@json") {
      Result<std::string> canonical = CanonicalizeJcs(*value);
      if (!canonical.ok()) {
        return InvalidInput("invalid JSON literal: " + canonical.error().message());
      }
      lexical = Keep(std::move(canonical).value());
      result_type = kRdfJson;
    } else if (value->is_boolean()) {
      lexical = value->get<bool>() ? "true" : "false";
      result_type = datatype.empty() ? kXsdBoolean : datatype;
    } else if (value->is_number()) {
      bool as_double = datatype == kXsdDouble;
      if (value->is_number_float()) {
        const double number = value->get<double>();
        if (!std::isfinite(number)) {
          return NotExpanded("invalid value object value", "a number is not finite");
        }
        as_double = as_double || std::fmod(number, 1.0) != 0 || std::fabs(number) >= 1e21;
      }
      std::string number;
      if (as_double) {
        AppendXsdDouble(value->get<double>(), &number);
        result_type = datatype.empty() ? kXsdDouble : datatype;
      } else {
        AppendXsdInteger(*value, &number);
        result_type = datatype.empty() ? kXsdInteger : datatype;
      }
      lexical = Keep(std::move(number));
    } else if (value->is_string()) {
      lexical = value->get_ref<const std::string&>();
      if (!datatype.empty()) {
        result_type = datatype;
      } else {
        result_type = language != nullptr ? rdf::kRdfLangString : rdf::kXsdString;
      }
    } else {
      return NotExpanded("invalid value object value",
                         std::string("@value is a ") + TypeName(*value));
    }

    if (direction != nullptr && options_.rdf_direction != RdfDirection::kNone) {
      const std::string_view lower_language = Keep(ToLowerAscii(language_tag));
      if (options_.rdf_direction == RdfDirection::kI18nDatatype) {
        std::string i18n_type(kI18nNamespace);
        i18n_type.append(lower_language);
        i18n_type.push_back('_');
        i18n_type.append(direction_value);
        return std::optional<rdf::TermView>(
            rdf::TermView::Literal(lexical, Keep(std::move(i18n_type))));
      }
      const std::string_view label = issuer_->Next();
      const rdf::TermView literal_node = rdf::TermView::Blank(label.substr(2));
      Emit(literal_node, rdf::TermView::Iri(kRdfValue),
           rdf::TermView::Literal(lexical, result_type == rdf::kRdfLangString
                                               ? std::string_view(rdf::kXsdString)
                                               : result_type));
      if (language != nullptr) {
        Emit(literal_node, rdf::TermView::Iri(kRdfLanguage),
             rdf::TermView::Literal(lower_language));
      }
      Emit(literal_node, rdf::TermView::Iri(kRdfDirection),
           rdf::TermView::Literal(direction_value));
      return std::optional<rdf::TermView>(literal_node);
    }
    if (result_type == rdf::kRdfLangString) {
      return std::optional<rdf::TermView>(
          rdf::TermView::Literal(lexical, result_type, language_tag));
    }
    return std::optional<rdf::TermView>(rdf::TermView::Literal(lexical, result_type));
  }

  static constexpr std::size_t kWellFormedSlots = 64;

  const ToRdfOptions& options_;
  BlankNodeIssuer* issuer_;
  rdf::DatasetView* out_;
  std::deque<std::string>* text_;
  rdf::TermView graph_;
  // Views of the expanded document (and of the strings kept in text_), which outlive the writer.
  std::array<std::string_view, kWellFormedSlots> well_formed_{};
};

}  // namespace

Status ExpandedToRdf(const Json& expanded, const ToRdfOptions& options,
                     ViewedDataset* out) {
  out->quads.clear();
  out->text.clear();
  BlankNodeIssuer issuer(&out->text);
  NodeMapBuilder builder(&issuer);
  PRAMAAN_RETURN_IF_ERROR(builder.AddDocument(expanded));
  out->quads.reserve(builder.estimated_quads());
  DatasetWriter writer(options, &issuer, &out->quads, &out->text);
  for (const auto& [name, graph] : builder.graphs()) {
    PRAMAAN_RETURN_IF_ERROR(writer.WriteGraph(name, graph));
  }
  return Status::Ok();
}

Result<rdf::Dataset> ExpandedToRdf(const Json& expanded, const ToRdfOptions& options) {
  ViewedDataset viewed;
  PRAMAAN_RETURN_IF_ERROR(ExpandedToRdf(expanded, options, &viewed));
  rdf::Dataset dataset;
  dataset.reserve(viewed.quads.size());
  for (const rdf::QuadView& quad : viewed.quads) dataset.push_back(rdf::Owned(quad));
  return dataset;
}

}  // namespace pramaan::jsonld
