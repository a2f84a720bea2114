#include "core/jsonld/expand.h"

#include <algorithm>
#include <cstddef>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/json/json.h"
#include "core/jsonld/context.h"
#include "core/jsonld/iri.h"
#include "core/result.h"

namespace pramaan::jsonld {
namespace {

// The error codes of the JSON-LD 1.1 API (section 9.4.2), plus the two JSON-LD 1.0 codes that
// 1.1 replaced, so that JsonLdErrorCode recognizes any of them.
constexpr std::string_view kErrorCodes[] = {
    "colliding keywords",
    "conflicting indexes",
    "context overflow",
    "cyclic IRI mapping",
    "invalid @id value",
    "invalid @import value",
    "invalid @included value",
    "invalid @index value",
    "invalid @nest value",
    "invalid @prefix value",
    "invalid @propagate value",
    "invalid @protected value",
    "invalid @reverse value",
    "invalid @version value",
    "invalid base direction",
    "invalid base IRI",
    "invalid container mapping",
    "invalid context entry",
    "invalid context nullification",
    "invalid default language",
    "invalid IRI mapping",
    "invalid JSON literal",
    "invalid keyword alias",
    "invalid language map value",
    "invalid language mapping",
    "invalid language-tagged string",
    "invalid language-tagged value",
    "invalid local context",
    "invalid remote context",
    "invalid reverse property",
    "invalid reverse property map",
    "invalid reverse property value",
    "invalid scoped context",
    "invalid script element",
    "invalid set or list object",
    "invalid term definition",
    "invalid type mapping",
    "invalid type value",
    "invalid typed value",
    "invalid value object",
    "invalid value object value",
    "invalid vocab mapping",
    "IRI confused with prefix",
    "keyword redefinition",
    "loading document failed",
    "loading remote context failed",
    "multiple context link headers",
    "processing mode conflict",
    "protected term redefinition",
    "recursive context inclusion",
    "list of lists",
};

// Expansion recurses once per level of the input; ParseJson already refuses documents deeper
// than kMaxJsonDepth, and this refuses a deeper Json built in code, so the stack stays bounded.
constexpr int kMaxExpansionDepth = kMaxJsonDepth + 1;

using Property = std::optional<std::string_view>;

bool IsScalar(const Json& value) {
  return value.is_string() || value.is_number() || value.is_boolean();
}

bool Has(const Json& object, std::string_view key) {
  if (!object.is_object()) return false;
  for (const auto& member : object.get_ref<const Json::object_t&>()) {
    if (member.first == key) return true;
  }
  return false;
}

const Json* Find(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  for (const auto& member : object.get_ref<const Json::object_t&>()) {
    if (member.first == key) return &member.second;
  }
  return nullptr;
}

bool IsValueObject(const Json& value) { return Has(value, "@value"); }
bool IsListObject(const Json& value) { return Has(value, "@list"); }

// A map with @graph and, besides it, at most @id, @index and @context.
bool IsGraphObject(const Json& value) {
  if (!Has(value, "@graph")) return false;
  for (const auto& member : value.get_ref<const Json::object_t&>()) {
    const std::string& key = member.first;
    if (key != "@graph" && key != "@id" && key != "@index" && key != "@context") return false;
  }
  return true;
}

// `value` as an array: itself if it is one, [] for null, else a one-element array.
Json AsArray(Json value) {
  if (value.is_array()) return value;
  Json array = Json::array();
  if (!value.is_null()) array.push_back(std::move(value));
  return array;
}

// The entries of a node or value object while steps 13 and 14 build it. Json's ordered map
// finds a key by linear search, which would make a hostile node with thousands of distinct
// properties quadratic to expand; past a few dozen entries this keeps an index. Entries keep
// their order of insertion, as the document had them.
class NodeBuilder {
 public:
  Json* Find(std::string_view key) {
    if (!index_.empty()) {
      const auto it = index_.find(key);
      return it == index_.end() ? nullptr : &members_[it->second].second;
    }
    for (auto& member : members_) {
      if (member.first == key) return &member.second;
    }
    return nullptr;
  }
  bool Has(std::string_view key) { return Find(key) != nullptr; }

  // Room for `entries` entries, so a node of that many grows its storage once.
  void Reserve(std::size_t entries) { members_.reserve(entries); }

  // The value at `key`, created as null if absent. The reference is valid until the next call
  // that adds an entry.
  Json& Slot(std::string_view key) {
    if (Json* found = Find(key); found != nullptr) return *found;
    return Insert(std::string(key));
  }

  // "add value" with "as array" true: appends `value` (each of its items, if an array) to
  // the array at `key`, creating it.
  void Add(std::string_view key, Json value) { AddTo(Slot(key), std::move(value)); }
  // The same, taking the key when it is new instead of copying it (an expanded IRI).
  void Add(std::string&& key, Json value) {
    Json* slot = Find(key);
    AddTo(slot != nullptr ? *slot : Insert(std::move(key)), std::move(value));
  }

  // The @reverse map of the node, created (as the entry "@reverse") on first use.
  NodeBuilder& ReverseMap() {
    if (reverse_ == nullptr) {
      reverse_ = std::make_unique<NodeBuilder>();
      Slot("@reverse");
    }
    return *reverse_;
  }

  Json Build() && {
    Json object = Json::object();
    auto& out = object.get_ref<Json::object_t&>();
    out.reserve(members_.size());
    for (auto& [key, value] : members_) {
      if (reverse_ != nullptr && key == "@reverse") {
        out.emplace_back(std::move(key), std::move(*reverse_).Build());
      } else {
        out.emplace_back(std::move(key), std::move(value));
      }
    }
    return object;
  }

 private:
  static constexpr std::size_t kLinearSearchMembers = 24;

  // Appends the entry `key` (known to be absent) with a null value.
  Json& Insert(std::string&& key) {
    const bool moves = members_.size() == members_.capacity();
    members_.emplace_back(std::move(key), Json());
    if (!index_.empty() && !moves) {
      index_.emplace(members_.back().first, members_.size() - 1);
    } else if (members_.size() > kLinearSearchMembers) {
      // The keys the index views moved with the entries (or there is no index yet).
      index_.clear();
      for (std::size_t i = 0; i < members_.size(); ++i) index_.emplace(members_[i].first, i);
    }
    return members_.back().second;
  }

  static void AddTo(Json& slot, Json value) {
    if (slot.is_null()) {
      if (value.is_array()) {
        slot = std::move(value);
        return;
      }
      slot = Json::array();
    } else if (!slot.is_array()) {
      slot = AsArray(std::move(slot));
    }
    auto& items = slot.get_ref<Json::array_t&>();
    if (value.is_array()) {
      auto& source = value.get_ref<Json::array_t&>();
      items.reserve(items.size() + source.size());
      for (Json& item : source) items.push_back(std::move(item));
    } else {
      items.push_back(std::move(value));
    }
  }

  std::vector<std::pair<std::string, Json>> members_;
  // Key -> position in members_; the keys view members_' strings.
  std::unordered_map<std::string_view, std::size_t> index_;
  std::unique_ptr<NodeBuilder> reverse_;
};

const char* DirectionText(Direction direction) {
  return direction == Direction::kLtr ? "ltr" : "rtl";
}

// One run of the Expansion algorithm (section 5.1.2) over a document.
class Expansion {
 public:
  Expansion(ContextProcessor& contexts, std::string base_url, ExpansionDiagnostics* diagnostics)
      : contexts_(contexts),
        base_url_(std::move(base_url)),
        json_ld_10_(contexts.mode() == ProcessingMode::kJsonLd10),
        diagnostics_(diagnostics) {}

  // Makes expansion ignore the member `key` of `object` (the top-level input), as if absent.
  void Exclude(const Json* object, std::string_view key) {
    excluded_object_ = object;
    excluded_key_ = key;
  }

  Result<Json> Element(const ContextPtr& context, Property active_property, const Json& element,
                       bool from_map, int depth);

 private:
  // A step of the JSON Pointer to the value being expanded, kept only for diagnostics.
  struct PathStep {
    std::string_view key;
    std::size_t index = 0;
    bool is_index = false;
  };
  class PathGuard {
   public:
    PathGuard(Expansion& expansion, std::string_view key) : expansion_(expansion) {
      if (expansion_.diagnostics_ != nullptr) expansion_.path_.push_back({key, 0, false});
    }
    PathGuard(Expansion& expansion, std::size_t index) : expansion_(expansion) {
      if (expansion_.diagnostics_ != nullptr) expansion_.path_.push_back({{}, index, true});
    }
    ~PathGuard() {
      if (expansion_.diagnostics_ != nullptr) expansion_.path_.pop_back();
    }
    PathGuard(const PathGuard&) = delete;
    PathGuard& operator=(const PathGuard&) = delete;

   private:
    Expansion& expansion_;
  };

  Result<Json> Scalar(const ContextPtr& context, std::string_view active_property,
                      const Json& element);
  Result<Json> Array(const ContextPtr& context, Property active_property, const Json& element,
                     bool from_map, int depth);
  Result<Json> Object(const ContextPtr& active, Property active_property, const Json& element,
                      bool from_map, int depth);
  // Steps 13 and 14: expands the entries of `element` into `result`.
  Status Entries(const ContextPtr& context, const ContextPtr& type_scoped, Property active_property,
                 const Json& element, bool input_type_json, NodeBuilder& result, int depth);
  Status KeywordEntry(const ContextPtr& context, const ContextPtr& type_scoped,
                      Property active_property, std::string_view key, std::string keyword_text,
                      const Json& value, bool input_type_json, NodeBuilder& result,
                      std::vector<std::pair<std::string_view, const Json*>>& nests, int depth);
  Result<Json> LanguageMap(const ActiveContext& context, const TermDefinition& definition,
                           const Json& value);
  Result<Json> IndexMap(const ContextPtr& context, std::string_view key,
                        const TermDefinition& definition, const Json& value, int depth);
  // Value Expansion (section 5.3). Null when an @id-coerced string expands to nothing.
  Json ValueExpansion(const ActiveContext& context, std::string_view active_property,
                      const Json& value);

  // Diagnostics. Pointer() is the JSON Pointer of the value being expanded ("" for the
  // document itself); Where() says the same for a message.
  std::string Pointer() const;
  std::string Where() const {
    std::string pointer = Pointer();
    if (pointer.empty()) return "the top level";
    for (char& c : pointer) {
      // A message is one printable line whatever the keys hold.
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
    }
    return pointer;
  }
  void NoteDroppedKey(std::string_view key, std::string_view why);
  void NoteDroppedValue(std::string_view why);
  void NoteKey(std::string_view key, const ExpandedIri& iri);
  void NoteIriValue(std::string_view value, const ExpandedIri& iri, std::string_view what);

  // context.Find(term), remembering the last answer: expanding a member looks its key up in
  // the same context several times over (its IRI, its definition, the property-scoped context
  // and the value's coercion). A context's id is never reused and a frozen context never
  // changes, so a remembered answer for the same id and term is still right, and the context,
  // which the caller holds, still owns the definition it points to.
  const TermDefinition* Lookup(const ActiveContext& context, std::string_view term) {
    if (context.id != 0 && context.id == lookup_context_ && term == lookup_term_) {
      return lookup_result_;
    }
    const TermDefinition* definition = context.Find(term);
    lookup_context_ = context.id;
    lookup_term_.assign(term);
    lookup_result_ = definition;
    return definition;
  }
  // The keyword a key expands to, if any: IRI Expansion returns a keyword only for a keyword
  // itself or a term aliasing one, so this needs no string building.
  Keyword KeyKeyword(const ActiveContext& context, std::string_view key) {
    if (const Keyword keyword = KeywordOf(key); keyword != Keyword::kNotAKeyword) return keyword;
    const TermDefinition* definition = Lookup(context, key);
    return definition != nullptr ? definition->keyword : Keyword::kNotAKeyword;
  }

  // True for the member ExpandOptions::excluded_member of the top-level object.
  bool Excluded(const Json& object, std::string_view key) const {
    return &object == excluded_object_ && key == excluded_key_;
  }

  ContextProcessor& contexts_;
  const std::string base_url_;
  const bool json_ld_10_;
  ExpansionDiagnostics* const diagnostics_;
  std::vector<PathStep> path_;
  const Json* excluded_object_ = nullptr;
  std::string_view excluded_key_;
  std::uint64_t lookup_context_ = 0;
  std::string lookup_term_;
  const TermDefinition* lookup_result_ = nullptr;
};

std::string Expansion::Pointer() const {
  std::string pointer;
  for (const PathStep& step : path_) {
    pointer.push_back('/');
    if (step.is_index) {
      pointer.append(std::to_string(step.index));
      continue;
    }
    for (char c : step.key) {
      if (c == '~') {
        pointer.append("~0");
      } else if (c == '/') {
        pointer.append("~1");
      } else {
        pointer.push_back(c);
      }
    }
  }
  return pointer;
}

void Expansion::NoteDroppedKey(std::string_view key, std::string_view why) {
  if (diagnostics_ == nullptr) return;
  diagnostics_->dropped_keys.emplace_back(key);
  diagnostics_->messages.push_back("key " + QuoteForMessage(key) + " at " + Where() +
                                   " was dropped: " + std::string(why));
}

void Expansion::NoteDroppedValue(std::string_view why) {
  if (diagnostics_ == nullptr) return;
  diagnostics_->messages.push_back("the value at " + Where() + " was dropped: " + std::string(why));
  diagnostics_->dropped_values.push_back(Pointer());
}

void Expansion::NoteKey(std::string_view key, const ExpandedIri& iri) {
  if (diagnostics_ == nullptr) return;
  if (iri.origin == IriOrigin::kVocab) {
    diagnostics_->vocab_terms.emplace_back(key);
    diagnostics_->messages.push_back("key " + QuoteForMessage(key) + " at " + Where() +
                                     " is defined by no context; it expands only through "
                                     "@vocab to " +
                                     QuoteForMessage(iri.value));
  } else if (iri.origin == IriOrigin::kRelative) {
    diagnostics_->relative_iris.push_back(iri.value);
    diagnostics_->messages.push_back("key " + QuoteForMessage(key) + " at " + Where() +
                                     " expands to the relative IRI " + QuoteForMessage(iri.value));
  }
}

void Expansion::NoteIriValue(std::string_view value, const ExpandedIri& iri,
                             std::string_view what) {
  if (diagnostics_ == nullptr) return;
  if (iri.origin == IriOrigin::kVocab) {
    diagnostics_->vocab_terms.emplace_back(value);
    diagnostics_->messages.push_back(std::string(what) + " " + QuoteForMessage(value) + " at " +
                                     Where() +
                                     " is defined by no context; it expands only through "
                                     "@vocab to " +
                                     QuoteForMessage(iri.value));
  } else if (iri.origin == IriOrigin::kRelative) {
    diagnostics_->relative_iris.push_back(iri.value);
    diagnostics_->messages.push_back(std::string(what) + " " + QuoteForMessage(value) + " at " +
                                     Where() + " stays a relative IRI (there is no base IRI)");
  }
}

Result<Json> Expansion::Element(const ContextPtr& context, Property active_property,
                                const Json& element, bool from_map, int depth) {
  if (depth > kMaxExpansionDepth) {
    return JsonLdError("loading document failed", "the document nests deeper than " +
                                                      std::to_string(kMaxJsonDepth) + " levels");
  }
  if (element.is_null()) {
    if (active_property.has_value()) NoteDroppedValue("null");
    return Json();
  }
  if (element.is_array()) return Array(context, active_property, element, from_map, depth);
  if (element.is_object()) return Object(context, active_property, element, from_map, depth);
  if (!active_property.has_value() || *active_property == "@graph") {
    NoteDroppedValue("a value that is not the value of a property");
    return Json();
  }
  return Scalar(context, *active_property, element);
}

Result<Json> Expansion::Scalar(const ContextPtr& context, std::string_view active_property,
                               const Json& element) {
  // Step 4.2. The specification passes no "override protected" here, unlike step 8 for maps.
  // Property-scoped contexts may override protected terms (JSON-LD 1.1, "Protected Term
  // Definitions"), and doing so for scalars too keeps "verifiableCredential": "<IRI>" (whose
  // scoped context is null) from failing where the same property with an object does not.
  // The context is shared with every thread expanding documents, so it is not copied (an
  // atomic count on a cache line both cores write) unless a scoped context replaces it.
  if (const TermDefinition* definition = Lookup(*context, active_property);
      definition != nullptr && definition->context != nullptr) {
    PRAMAAN_ASSIGN_OR_RETURN(const ContextPtr scoped,
                             contexts_.ProcessScoped(context, *definition, true, true));
    return ValueExpansion(*scoped, active_property, element);
  }
  return ValueExpansion(*context, active_property, element);
}

Json Expansion::ValueExpansion(const ActiveContext& context, std::string_view active_property,
                               const Json& value) {
  const TermDefinition* definition = Lookup(context, active_property);
  const bool typed = definition != nullptr && definition->has_type;
  if (typed && value.is_string() && (definition->type == "@id" || definition->type == "@vocab")) {
    const std::string& text = value.get_ref<const std::string&>();
    const bool vocab = definition->type == "@vocab";
    ExpandedIri iri = ExpandIri(context, text, true, vocab);
    Json result = Json::object();
    if (iri.is_null()) {
      NoteDroppedValue("an IRI with the form of a keyword");
      result["@id"] = nullptr;  // as for "@id" itself: see KeywordEntry
      return result;
    }
    NoteIriValue(text, iri, "the IRI");
    result["@id"] = std::move(iri.value);
    return result;
  }
  Json result = Json::object();
  // Room for @value and its @type or @language, so adding the second does not reallocate.
  result.get_ref<Json::object_t&>().reserve(2);
  result["@value"] = value;
  if (typed && definition->type != "@id" && definition->type != "@vocab" &&
      definition->type != "@none") {
    result["@type"] = definition->type;
  } else if (value.is_string()) {
    const std::string* language = nullptr;
    if (definition != nullptr && definition->language_presence != Presence::kAbsent) {
      if (definition->language_presence == Presence::kSet) language = &definition->language;
    } else if (context.default_language.has_value()) {
      language = &*context.default_language;
    }
    Direction direction = context.default_direction;
    if (definition != nullptr && definition->direction_presence != Presence::kAbsent) {
      direction = definition->direction_presence == Presence::kSet ? definition->direction
                                                                   : Direction::kNone;
    }
    if (language != nullptr) result["@language"] = *language;
    if (direction != Direction::kNone) result["@direction"] = DirectionText(direction);
  }
  return result;
}

Result<Json> Expansion::Array(const ContextPtr& context, Property active_property,
                              const Json& element, bool from_map, int depth) {
  const TermDefinition* definition =
      active_property.has_value() ? Lookup(*context, *active_property) : nullptr;
  const bool list_container =
      definition != nullptr && (definition->container & kContainerList) != 0;
  Json result = Json::array();
  auto& items = result.get_ref<Json::array_t&>();
  items.reserve(element.size());
  std::size_t index = 0;
  for (const Json& item : element.get_ref<const Json::array_t&>()) {
    PathGuard guard(*this, index++);
    PRAMAAN_ASSIGN_OR_RETURN(Json expanded,
                             Element(context, active_property, item, from_map, depth + 1));
    if (list_container && expanded.is_array()) {
      Json list = Json::object();
      list["@list"] = std::move(expanded);
      expanded = std::move(list);
    }
    if (expanded.is_array()) {
      for (Json& value : expanded.get_ref<Json::array_t&>()) items.push_back(std::move(value));
    } else if (!expanded.is_null()) {
      items.push_back(std::move(expanded));
    }
  }
  return result;
}

Result<Json> Expansion::Object(const ContextPtr& active, Property active_property,
                               const Json& element, bool from_map, int depth) {
  const auto& members = element.get_ref<const Json::object_t&>();
  // The contexts are shared with every thread expanding documents: `context` points at the
  // one in force (`active`, the caller's, until a step replaces it) and the replacements are
  // held in `replaced` and `type_replaced`, so that the shared ones are not copied (an atomic
  // count on a cache line both cores write) for every node.
  ContextPtr replaced;
  const ContextPtr* context = &active;
  // Step 3: the property-scoped context comes from the context the property was found in,
  // the caller's.
  const ContextPtr& original = active;
  const TermDefinition* property_definition =
      active_property.has_value() ? Lookup(*original, *active_property) : nullptr;
  // Step 7.
  if ((*context)->previous != nullptr && !from_map) {
    bool keep = false;
    std::size_t counted = 0;
    const std::string* only_key = nullptr;
    for (const auto& member : members) {
      if (Excluded(element, member.first)) continue;
      ++counted;
      only_key = &member.first;
      if (KeyKeyword(**context, member.first) == Keyword::kValue) {
        keep = true;
        break;
      }
    }
    if (!keep && counted == 1 && KeyKeyword(**context, *only_key) == Keyword::kId) keep = true;
    if (!keep) context = &(*context)->previous;
  }
  // Step 8.
  if (property_definition != nullptr && property_definition->context != nullptr) {
    PRAMAAN_ASSIGN_OR_RETURN(replaced,
                             contexts_.ProcessScoped(*context, *property_definition, true, true));
    context = &replaced;
  }
  // Step 9.
  if (const Json* local = Find(element, "@context"); local != nullptr) {
    PathGuard guard(*this, "@context");
    PRAMAAN_ASSIGN_OR_RETURN(replaced, contexts_.ProcessLocal(*context, *local, base_url_));
    context = &replaced;
  }
  // Step 10. `type_scoped` stays this context: step 11 puts what replaces it elsewhere.
  const ContextPtr& type_scoped = *context;
  ContextPtr type_replaced;
  // Step 11: type-scoped contexts, in code point order of the keys and then of the types.
  std::vector<std::pair<std::string_view, const Json*>> type_entries;
  for (const auto& member : members) {
    if (Excluded(element, member.first)) continue;
    if (KeyKeyword(**context, member.first) == Keyword::kType) {
      type_entries.emplace_back(member.first, &member.second);
    }
  }
  if (type_entries.size() > 1) {
    std::sort(type_entries.begin(), type_entries.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  std::vector<std::string_view> types;
  for (const auto& [key, value] : type_entries) {
    types.clear();
    if (value->is_string()) {
      types.push_back(value->get_ref<const std::string&>());
    } else if (value->is_array()) {
      for (const Json& item : value->get_ref<const Json::array_t&>()) {
        if (item.is_string()) types.push_back(item.get_ref<const std::string&>());
      }
    }
    if (types.size() > 1) std::sort(types.begin(), types.end());
    for (std::string_view term : types) {
      const TermDefinition* definition = type_scoped->Find(term);
      if (definition != nullptr && definition->context != nullptr) {
        PRAMAAN_ASSIGN_OR_RETURN(ContextPtr next,
                                 contexts_.ProcessScoped(*context, *definition, false, false));
        type_replaced = std::move(next);
        context = &type_replaced;
      }
    }
  }
  // Step 12: only whether the input type is @json matters.
  bool input_type_json = false;
  if (!type_entries.empty()) {
    const Json& value = *type_entries.front().second;
    const Json* last = value.is_array() ? (value.empty() ? nullptr : &value.back()) : &value;
    if (last != nullptr && last->is_string()) {
      input_type_json =
          ExpandIri(*type_scoped, last->get_ref<const std::string&>(), false, true).value ==
          "@json";
    }
  }
  // Steps 13 and 14.
  NodeBuilder builder;
  builder.Reserve(members.size());  // each member adds at most one entry, but for @nest
  PRAMAAN_RETURN_IF_ERROR(
      Entries(*context, type_scoped, active_property, element, input_type_json, builder, depth));
  Json result = std::move(builder).Build();
  // Step 15.
  if (const Json* value = Find(result, "@value"); value != nullptr) {
    bool has_type = false;
    bool has_language_or_direction = false;
    for (const auto& member : result.get_ref<const Json::object_t&>()) {
      const std::string& key = member.first;
      if (key == "@type") {
        has_type = true;
      } else if (key == "@language" || key == "@direction") {
        has_language_or_direction = true;
      } else if (key != "@value" && key != "@index") {
        return JsonLdError("invalid value object",
                           "a value object has the entry " + QuoteForMessage(key));
      }
    }
    if (has_type && has_language_or_direction) {
      return JsonLdError("invalid value object",
                         "a value object has @type and @language or @direction");
    }
    const Json* type = Find(result, "@type");
    if (type != nullptr && *type == "@json") return result;
    if (value->is_null() || (value->is_array() && value->empty())) {
      NoteDroppedValue("a value object whose @value is null");
      return Json();
    }
    if (!value->is_string() && Has(result, "@language")) {
      return JsonLdError("invalid language-tagged value", "a value with @language is not a string");
    }
    if (type != nullptr &&
        !(type->is_string() && IsAbsoluteIri(type->get_ref<const std::string&>()))) {
      return JsonLdError("invalid typed value", "a value's @type is not an IRI");
    }
  } else if (Has(result, "@type")) {
    // Step 16.
    Json& type_value = result["@type"];
    if (!type_value.is_array()) type_value = AsArray(std::move(type_value));
  } else if (Has(result, "@set") || Has(result, "@list")) {
    // Step 17.
    const std::size_t size = result.size();
    if (size > 2 || (size == 2 && !Has(result, "@index"))) {
      return JsonLdError("invalid set or list object",
                         "a set or list object has entries other than @index");
    }
    if (Has(result, "@set")) {
      Json set = std::move(result["@set"]);
      result = std::move(set);
    }
  }
  // Step 18.
  if (result.is_object() && result.size() == 1 && Has(result, "@language")) {
    NoteDroppedValue("an object with only @language");
    return Json();
  }
  // Step 19.
  if (!active_property.has_value() || *active_property == "@graph") {
    if (result.is_object()) {
      if (result.empty()) return Json();
      if (Has(result, "@value") || Has(result, "@list")) {
        NoteDroppedValue("a value or list that is not the value of a property");
        return Json();
      }
      if (result.size() == 1 && Has(result, "@id")) {
        NoteDroppedValue("a node object with only @id, which states nothing");
        return Json();
      }
    }
  }
  return result;
}

Status Expansion::Entries(const ContextPtr& context, const ContextPtr& type_scoped,
                          Property active_property, const Json& element, bool input_type_json,
                          NodeBuilder& result, int depth) {
  std::vector<std::pair<std::string_view, const Json*>> nests;  // key, value
  for (const auto& [key, value] : element.get_ref<const Json::object_t&>()) {
    if (key == "@context" || Excluded(element, key)) continue;
    const TermDefinition* definition = Lookup(*context, key);
    ExpandedIri property = ExpandIri(*context, key, definition, false, true);
    if (property.is_null()) {
      NoteDroppedKey(key, "it maps to null or has the form of a keyword");
      continue;
    }
    if (property.origin == IriOrigin::kKeyword) {
      PRAMAAN_RETURN_IF_ERROR(KeywordEntry(context, type_scoped, active_property, key,
                                           std::move(property.value), value, input_type_json,
                                           result, nests, depth));
      continue;
    }
    if (property.value.find(':') == std::string::npos) {
      NoteDroppedKey(key, "no context defines it and there is no @vocab");
      continue;
    }
    NoteKey(key, property);
    PathGuard guard(*this, key);
    const std::uint8_t container = definition != nullptr ? definition->container : 0;
    Json expanded;
    if (definition != nullptr && definition->has_type && definition->type == "@json") {
      expanded = Json::object();
      expanded["@value"] = value;
      expanded["@type"] = "@json";
    } else if ((container & kContainerLanguage) != 0 && value.is_object()) {
      PRAMAAN_ASSIGN_OR_RETURN(expanded, LanguageMap(*context, *definition, value));
    } else if ((container & (kContainerIndex | kContainerType | kContainerId)) != 0 &&
               value.is_object()) {
      PRAMAAN_ASSIGN_OR_RETURN(expanded, IndexMap(context, key, *definition, value, depth));
    } else {
      PRAMAAN_ASSIGN_OR_RETURN(expanded, Element(context, key, value, false, depth + 1));
    }
    if (expanded.is_null()) continue;
    if ((container & kContainerList) != 0 && !IsListObject(expanded)) {
      Json list = Json::object();
      list["@list"] = AsArray(std::move(expanded));
      expanded = std::move(list);
    }
    if ((container & kContainerGraph) != 0 && (container & (kContainerId | kContainerIndex)) == 0) {
      Json graphs = Json::array();
      for (Json& item : AsArray(std::move(expanded))) {
        Json graph = Json::object();
        graph["@graph"] = AsArray(std::move(item));
        graphs.push_back(std::move(graph));
      }
      expanded = std::move(graphs);
    }
    if (definition != nullptr && definition->reverse) {
      NodeBuilder& reverse_map = result.ReverseMap();
      for (Json& item : AsArray(std::move(expanded))) {
        if (IsValueObject(item) || IsListObject(item)) {
          return JsonLdError(
              "invalid reverse property value",
              "reverse property " + QuoteForMessage(key) + " has a value or list as its value");
        }
        reverse_map.Add(property.value, std::move(item));
      }
    } else {
      result.Add(std::move(property.value), std::move(expanded));
    }
  }
  // Step 14.
  for (const auto& [nesting_key, nested] : nests) {
    PathGuard guard(*this, nesting_key);
    const bool is_array = nested->is_array();
    const std::size_t count = is_array ? nested->size() : 1;
    for (std::size_t i = 0; i < count; ++i) {
      const Json& nested_value = is_array ? (*nested)[i] : *nested;
      if (!nested_value.is_object()) {
        return JsonLdError("invalid @nest value",
                           "the value of " + QuoteForMessage(nesting_key) + " is not an object");
      }
      for (const auto& member : nested_value.get_ref<const Json::object_t&>()) {
        if (ExpandIri(*context, member.first, false, true).value == "@value") {
          return JsonLdError("invalid @nest value",
                             "a nested object has @value, at " + QuoteForMessage(nesting_key));
        }
      }
      // Candidate Correction 1: steps 3 and 8 again, for the nesting key's scoped context.
      ContextPtr nested_context = context;
      if (const TermDefinition* definition = context->Find(nesting_key);
          definition != nullptr && definition->context != nullptr) {
        PRAMAAN_ASSIGN_OR_RETURN(nested_context,
                                 contexts_.ProcessScoped(context, *definition, true, true));
      }
      PRAMAAN_RETURN_IF_ERROR(Entries(nested_context, type_scoped, nesting_key, nested_value,
                                      input_type_json, result, depth + 1));
    }
  }
  return Status::Ok();
}

Status Expansion::KeywordEntry(const ContextPtr& context, const ContextPtr& type_scoped,
                               Property active_property, std::string_view key,
                               std::string keyword_text, const Json& value, bool input_type_json,
                               NodeBuilder& result,
                               std::vector<std::pair<std::string_view, const Json*>>& nests,
                               int depth) {
  const Keyword keyword = KeywordOf(keyword_text);
  if (active_property.has_value() && *active_property == "@reverse") {
    return JsonLdError("invalid reverse property map",
                       "a reverse property map has the keyword " + QuoteForMessage(key));
  }
  if (result.Has(keyword_text) &&
      (json_ld_10_ || (keyword != Keyword::kIncluded && keyword != Keyword::kType))) {
    return JsonLdError("colliding keywords",
                       "two entries expand to " + QuoteForMessage(keyword_text));
  }
  PathGuard guard(*this, key);
  Json expanded;
  switch (keyword) {
    case Keyword::kId: {
      if (!value.is_string()) {
        return JsonLdError("invalid @id value", "@id is not a string");
      }
      const std::string& text = value.get_ref<const std::string&>();
      ExpandedIri iri = ExpandIri(*context, text, true, false);
      if (iri.is_null()) {
        // The suite (t0122, non-normative) and other processors keep "@id": null, which
        // deserializing to RDF then skips: an empty node here would become a blank node.
        NoteDroppedValue("an @id with the form of a keyword");
        result.Slot(keyword_text) = nullptr;
        return Status::Ok();
      }
      NoteIriValue(text, iri, "the @id");
      expanded = std::move(iri.value);
      break;
    }
    case Keyword::kType: {
      auto expand_type = [&](const std::string& text) -> Json {
        ExpandedIri iri = ExpandIri(*type_scoped, text, true, true);
        if (iri.is_null()) {
          NoteDroppedValue("a type with the form of a keyword");
          return Json();
        }
        NoteIriValue(text, iri, "the type");
        return Json(std::move(iri.value));
      };
      if (value.is_string()) {
        expanded = expand_type(value.get_ref<const std::string&>());
      } else if (value.is_array()) {
        expanded = Json::array();
        for (const Json& item : value.get_ref<const Json::array_t&>()) {
          if (!item.is_string()) {
            return JsonLdError("invalid type value", "@type has a value that is not a string");
          }
          Json type = expand_type(item.get_ref<const std::string&>());
          if (!type.is_null()) expanded.push_back(std::move(type));
        }
      } else {
        return JsonLdError("invalid type value", "@type is neither a string nor an array");
      }
      if (Json* existing = result.Find(keyword_text); existing != nullptr && !expanded.is_null()) {
        Json combined = AsArray(std::move(*existing));
        for (Json& type : AsArray(std::move(expanded))) {
          combined.push_back(std::move(type));
        }
        expanded = std::move(combined);
      }
      break;
    }
    case Keyword::kGraph: {
      PRAMAAN_ASSIGN_OR_RETURN(Json graph, Element(context, "@graph", value, false, depth + 1));
      expanded = AsArray(std::move(graph));
      break;
    }
    case Keyword::kIncluded: {
      if (json_ld_10_) {
        NoteDroppedKey(key, "@included needs JSON-LD 1.1");
        return Status::Ok();
      }
      // Step 13.4.6.2 passes null as the active property, which would silently drop a string,
      // value or list here (free-floating) before step 13.4.6.3 could reject it, as the suite
      // expects (in07 to in09). "@included" cannot be a term, so as the active property it
      // only keeps such values for that check.
      PRAMAAN_ASSIGN_OR_RETURN(Json included,
                               Element(context, "@included", value, false, depth + 1));
      expanded = AsArray(std::move(included));
      for (const Json& node : expanded.get_ref<const Json::array_t&>()) {
        if (!node.is_object() || Has(node, "@value") || Has(node, "@list") || Has(node, "@set")) {
          return JsonLdError("invalid @included value", "@included holds something not a node");
        }
      }
      if (Json* existing = result.Find(keyword_text); existing != nullptr) {
        Json combined = AsArray(std::move(*existing));
        for (Json& node : expanded.get_ref<Json::array_t&>()) combined.push_back(std::move(node));
        expanded = std::move(combined);
      }
      break;
    }
    case Keyword::kValue: {
      if (input_type_json) {
        if (json_ld_10_) {
          return JsonLdError("invalid value object value", "JSON literals need JSON-LD 1.1");
        }
        result.Slot(keyword_text) = value;
        return Status::Ok();
      }
      if (!value.is_null() && !IsScalar(value)) {
        return JsonLdError("invalid value object value",
                           "@value is neither a string, number, boolean nor null");
      }
      result.Slot(keyword_text) = value;
      return Status::Ok();
    }
    case Keyword::kLanguage: {
      if (!value.is_string()) {
        return JsonLdError("invalid language-tagged string", "@language is not a string");
      }
      expanded = ToLowerAscii(value.get_ref<const std::string&>());
      break;
    }
    case Keyword::kDirection: {
      if (json_ld_10_) {
        NoteDroppedKey(key, "@direction needs JSON-LD 1.1");
        return Status::Ok();
      }
      if (value != "ltr" && value != "rtl") {
        return JsonLdError("invalid base direction", "@direction is neither \"ltr\" nor \"rtl\"");
      }
      expanded = value;
      break;
    }
    case Keyword::kIndex: {
      if (!value.is_string()) return JsonLdError("invalid @index value", "@index is not a string");
      expanded = value;
      break;
    }
    case Keyword::kList: {
      if (!active_property.has_value() || *active_property == "@graph") {
        NoteDroppedValue("a list that is not the value of a property");
        return Status::Ok();
      }
      PRAMAAN_ASSIGN_OR_RETURN(Json list,
                               Element(context, active_property, value, false, depth + 1));
      expanded = AsArray(std::move(list));
      break;
    }
    case Keyword::kSet: {
      PRAMAAN_ASSIGN_OR_RETURN(expanded,
                               Element(context, active_property, value, false, depth + 1));
      break;
    }
    case Keyword::kReverse: {
      if (!value.is_object()) {
        return JsonLdError("invalid @reverse value", "@reverse is not an object");
      }
      PRAMAAN_ASSIGN_OR_RETURN(Json reversed,
                               Element(context, "@reverse", value, false, depth + 1));
      if (!reversed.is_object()) return Status::Ok();
      for (auto& [property, items] : reversed.get_ref<Json::object_t&>()) {
        if (property == "@reverse") {
          for (auto& [double_reversed, values] : items.get_ref<Json::object_t&>()) {
            result.Add(double_reversed, std::move(values));
          }
          continue;
        }
        NodeBuilder& reverse_map = result.ReverseMap();
        for (Json& item : AsArray(std::move(items))) {
          if (IsValueObject(item) || IsListObject(item)) {
            return JsonLdError("invalid reverse property value",
                               "a reverse property has a value or list as its value");
          }
          reverse_map.Add(property, std::move(item));
        }
      }
      return Status::Ok();
    }
    case Keyword::kNest:
      nests.emplace_back(key, &value);
      return Status::Ok();
    default:
      NoteDroppedKey(key, "the keyword has no meaning in a node or value object");
      return Status::Ok();
  }
  if (!expanded.is_null()) result.Slot(keyword_text) = std::move(expanded);
  return Status::Ok();
}

Result<Json> Expansion::LanguageMap(const ActiveContext& context, const TermDefinition& definition,
                                    const Json& value) {
  Direction direction = context.default_direction;
  if (definition.direction_presence != Presence::kAbsent) {
    direction =
        definition.direction_presence == Presence::kSet ? definition.direction : Direction::kNone;
  }
  Json expanded = Json::array();
  for (const auto& [language, language_value] : value.get_ref<const Json::object_t&>()) {
    PathGuard guard(*this, language);
    const bool is_none =
        language == "@none" || ExpandIri(context, language, false, true).value == "@none";
    const bool is_array = language_value.is_array();
    const std::size_t count = is_array ? language_value.size() : 1;
    for (std::size_t i = 0; i < count; ++i) {
      const Json& item = is_array ? language_value[i] : language_value;
      if (item.is_null()) {
        NoteDroppedValue("null in a language map");
        continue;
      }
      if (!item.is_string()) {
        return JsonLdError("invalid language map value", "language map entry " +
                                                             QuoteForMessage(language) +
                                                             " holds something other than strings");
      }
      Json entry = Json::object();
      entry["@value"] = item;
      if (!is_none) entry["@language"] = ToLowerAscii(language);
      if (direction != Direction::kNone) entry["@direction"] = DirectionText(direction);
      expanded.push_back(std::move(entry));
    }
  }
  return expanded;
}

Result<Json> Expansion::IndexMap(const ContextPtr& context, std::string_view key,
                                 const TermDefinition& definition, const Json& value, int depth) {
  const std::uint8_t container = definition.container;
  const std::string_view index_key =
      definition.has_index ? std::string_view(definition.index) : std::string_view("@index");
  Json expanded = Json::array();
  for (const auto& [index, index_value] : value.get_ref<const Json::object_t&>()) {
    PathGuard guard(*this, index);
    ContextPtr map_context = context;
    if ((container & (kContainerId | kContainerType)) != 0) {
      if (context->previous != nullptr) map_context = context->previous;
      if ((container & kContainerType) != 0) {
        if (const TermDefinition* index_definition = map_context->Find(index);
            index_definition != nullptr && index_definition->context != nullptr) {
          PRAMAAN_ASSIGN_OR_RETURN(
              map_context, contexts_.ProcessScoped(map_context, *index_definition, false, true));
        }
      }
    }
    ExpandedIri expanded_index = ExpandIri(*context, index, false, true);
    const bool index_is_none = expanded_index.value == "@none";
    PRAMAAN_ASSIGN_OR_RETURN(Json items, Element(map_context, key, index_value, true, depth + 1));
    for (Json& item : AsArray(std::move(items))) {
      if ((container & kContainerGraph) != 0 && !IsGraphObject(item)) {
        Json graph = Json::object();
        graph["@graph"] = AsArray(std::move(item));
        item = std::move(graph);
      }
      if ((container & kContainerIndex) != 0 && index_key != "@index" && !index_is_none) {
        Json re_expanded = ValueExpansion(*context, index_key, Json(index));
        ExpandedIri expanded_index_key = ExpandIri(*context, index_key, false, true);
        Json values = Json::array();
        if (!re_expanded.is_null()) values.push_back(std::move(re_expanded));
        if (const auto it = item.find(expanded_index_key.value); it != item.end()) {
          for (Json& existing : AsArray(std::move(*it))) {
            values.push_back(std::move(existing));
          }
        }
        item[expanded_index_key.value] = std::move(values);
        if (IsValueObject(item)) {
          return JsonLdError("invalid value object",
                             "a value in a property-valued index map is a value object");
        }
      } else if ((container & kContainerIndex) != 0 && !Has(item, "@index") && !index_is_none) {
        item["@index"] = index;
      } else if ((container & kContainerId) != 0 && !Has(item, "@id") && !index_is_none) {
        ExpandedIri id = ExpandIri(*context, index, true, false);
        NoteIriValue(index, id, "the @id");
        if (!id.is_null()) item["@id"] = std::move(id.value);
      } else if ((container & kContainerType) != 0 && !index_is_none) {
        NoteIriValue(index, expanded_index, "the type");
        Json types = Json::array();
        types.push_back(expanded_index.value);
        if (const auto it = item.find("@type"); it != item.end()) {
          for (Json& existing : AsArray(std::move(*it))) {
            types.push_back(std::move(existing));
          }
        }
        item["@type"] = std::move(types);
      }
      expanded.push_back(std::move(item));
    }
  }
  return expanded;
}

}  // namespace

std::string JsonLdErrorCode(const Error& error) {
  const std::string& message = error.message();
  const std::size_t colon = message.find(": ");
  if (colon == std::string::npos) return "";
  const std::string_view code(message.data(), colon);
  for (std::string_view known : kErrorCodes) {
    if (known == code) return std::string(code);
  }
  return "";
}

struct Expander::Impl {
  explicit Impl(const RemoteContextLoader& context_loader) : loader(context_loader) {}

  Result<Json> Expand(const Json& input, const ExpandOptions& options,
                      ExpansionDiagnostics* diagnostics) {
    ContextProcessor contexts(loader, cache, options.processing_mode);
    const std::string& document_url =
        options.document_url.empty() ? options.base : options.document_url;
    std::optional<std::string> base_iri;
    if (!options.base.empty()) {
      base_iri = options.base;
    } else if (!document_url.empty()) {
      base_iri = document_url;
    }
    std::optional<std::string> original_base;
    if (!document_url.empty()) original_base = document_url;
    ContextPtr context = contexts.Initial(base_iri, original_base);
    if (options.expand_context != nullptr) {
      const Json* local = options.expand_context;
      if (const Json* inner = Find(*local, "@context"); inner != nullptr) local = inner;
      PRAMAAN_ASSIGN_OR_RETURN(context, contexts.ProcessLocal(context, *local, document_url));
    }
    Expansion expansion(contexts, document_url, diagnostics);
    if (!options.excluded_member.empty() && input.is_object()) {
      expansion.Exclude(&input, options.excluded_member);
    }
    PRAMAAN_ASSIGN_OR_RETURN(Json expanded,
                             expansion.Element(context, std::nullopt, input, false, 0));
    if (expanded.is_object() && expanded.size() == 1 && Has(expanded, "@graph")) {
      Json graph = std::move(expanded["@graph"]);
      expanded = std::move(graph);
    }
    return AsArray(std::move(expanded));
  }

  const RemoteContextLoader& loader;
  ContextCache cache;
};

Expander::Expander(const RemoteContextLoader& loader) : impl_(std::make_unique<Impl>(loader)) {}

Expander::~Expander() = default;

Result<Json> Expander::Expand(const Json& input, const ExpandOptions& options,
                              ExpansionDiagnostics* diagnostics) const {
  if (diagnostics != nullptr) *diagnostics = ExpansionDiagnostics();
  try {
    return impl_->Expand(input, options, diagnostics);
  } catch (const std::bad_alloc&) {
    return Internal("out of memory while expanding JSON-LD");
  } catch (const std::exception& e) {
    // The algorithms check types before every access; this is a defence in depth.
    return Internal(std::string("JSON-LD expansion failed unexpectedly: ") + e.what());
  }
}

}  // namespace pramaan::jsonld
