#include "core/jsonld/context.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/json/json.h"
#include "core/json/json_text.h"
#include "core/jsonld/iri.h"
#include "core/result.h"

namespace pramaan::jsonld {
namespace {

// How many remote contexts may be nested inside each other (the "processor defined limit" of
// step 5.2.3). Bundled contexts nest two or three deep; a cycle reaches the limit quickly.
constexpr std::size_t kMaxRemoteContexts = 32;

// How deeply context processing may recurse (remote contexts, scoped contexts validated inside
// scoped contexts): bounds the stack whatever the contexts say.
constexpr int kMaxContextDepth = 64;

// How long a chain of term definitions depending on each other ("a": "b:x", "b": "c:y", ...)
// may be: bounds the stack of the mutually recursive Create Term Definition and IRI Expansion.
constexpr int kMaxTermNesting = 128;

// Term definitions one Expand call may create or copy while processing contexts. The
// credentials v2 and Open Badges 3.0.3 contexts together cost under two thousand the first
// time (measured), a large vocabulary context a few thousand; the budget stops a hostile
// context (say, thousands of terms each with a scoped context, each of which clones the active
// context to validate it) from turning quadratic work into a denial of service: it is spent
// in well under a tenth of a second.
constexpr std::size_t kMaxContextWork = std::size_t{1} << 19;

// A document's own @context is cached by its text only up to this size, so the cache cannot
// be made to hold large strings.
constexpr std::size_t kMaxCachedContextText = 8192;

// Cache key flags: what was applied, and the options that change the result.
constexpr std::uint8_t kKeyRemote = 1 << 0;
constexpr std::uint8_t kKeyLocal = 1 << 1;
constexpr std::uint8_t kKeyScoped = 1 << 2;
constexpr std::uint8_t kKeyOverrideProtected = 1 << 3;
constexpr std::uint8_t kKeyNoPropagate = 1 << 4;

std::uint64_t NextContextId() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

std::string Quote(std::string_view value) { return QuoteForMessage(value); }

std::string Describe(const Json& value) {
  if (value.is_string()) return Quote(value.get_ref<const std::string&>());
  std::string text = value.dump(-1, ' ', true, Json::error_handler_t::replace);
  return text.size() > 80 ? text.substr(0, 80) + "..." : text;
}

const Json* Member(const Json& object, std::string_view name) {
  const auto& members = object.get_ref<const Json::object_t&>();
  for (const auto& member : members) {
    if (member.first == name) return &member.second;
  }
  return nullptr;
}

// Steps 6 to 9 of IRI Expansion, once step 4 and 5 (terms) have been ruled out.
ExpandedIri ExpandIriAfterTerms(const ActiveContext& context, std::string_view value,
                                bool document_relative, bool vocab) {
  if (const std::size_t colon = value.find(':', 1); colon != std::string_view::npos) {
    const std::string_view prefix = value.substr(0, colon);
    const std::string_view suffix = value.substr(colon + 1);
    if (prefix == "_") return {std::string(value), IriOrigin::kBlankNode};
    if (suffix.starts_with("//")) {
      return {std::string(value),
              IsAbsoluteIri(value) ? IriOrigin::kAbsolute : IriOrigin::kRelative};
    }
    if (const TermDefinition* definition = context.Find(prefix);
        definition != nullptr && !definition->iri_null && definition->prefix) {
      std::string iri;
      iri.reserve(definition->iri.size() + suffix.size());
      iri.append(definition->iri).append(suffix);
      return {std::move(iri), IriOrigin::kCompactIri};
    }
    if (IsAbsoluteIri(value)) return {std::string(value), IriOrigin::kAbsolute};
  }
  if (vocab && context.vocab.has_value()) {
    std::string iri;
    iri.reserve(context.vocab->size() + value.size());
    iri.append(*context.vocab).append(value);
    return {std::move(iri), IriOrigin::kVocab};
  }
  if (document_relative && context.base.has_value()) {
    std::string iri = ResolveIri(*context.base, value);
    const IriOrigin origin = IsAbsoluteIri(iri) ? IriOrigin::kResolved : IriOrigin::kRelative;
    return {std::move(iri), origin};
  }
  return {std::string(value), IsBlankNodeId(value) ? IriOrigin::kBlankNode : IriOrigin::kRelative};
}

bool SameContext(const std::shared_ptr<const Json>& a, const std::shared_ptr<const Json>& b) {
  if (a == b) return true;
  if (a == nullptr || b == nullptr) return false;
  return *a == *b;
}

// The container keywords of a term definition's @container value, or nullopt when the value
// is not one of the forms step 19.1 of Create Term Definition allows.
std::optional<std::uint8_t> ParseContainer(const Json& value) {
  auto bit_of = [](const Json& item) -> std::uint8_t {
    if (!item.is_string()) return 0;
    switch (KeywordOf(item.get_ref<const std::string&>())) {
      case Keyword::kList:
        return kContainerList;
      case Keyword::kSet:
        return kContainerSet;
      case Keyword::kGraph:
        return kContainerGraph;
      case Keyword::kId:
        return kContainerId;
      case Keyword::kIndex:
        return kContainerIndex;
      case Keyword::kLanguage:
        return kContainerLanguage;
      case Keyword::kType:
        return kContainerType;
      default:
        return 0;
    }
  };
  if (!value.is_array()) {
    const std::uint8_t bit = bit_of(value);
    if (bit == 0) return std::nullopt;
    return bit;
  }
  std::uint8_t bits = 0;
  int count = 0;
  for (const Json& item : value) {
    const std::uint8_t bit = bit_of(item);
    if (bit == 0 || (bits & bit) != 0) return std::nullopt;
    bits |= bit;
    ++count;
  }
  if (count == 0) return std::nullopt;
  if (count == 1) return bits;
  const auto only = [bits](std::uint8_t allowed) { return (bits & ~allowed) == 0; };
  const bool has_graph = (bits & kContainerGraph) != 0;
  const bool has_id = (bits & kContainerId) != 0;
  const bool has_index = (bits & kContainerIndex) != 0;
  if (has_graph && (has_id != has_index) &&
      only(kContainerGraph | kContainerId | kContainerIndex | kContainerSet)) {
    return bits;
  }
  if ((bits & kContainerSet) != 0 && only(kContainerSet | kContainerIndex | kContainerGraph |
                                          kContainerId | kContainerType | kContainerLanguage)) {
    return bits;
  }
  return std::nullopt;
}

}  // namespace

Keyword KeywordOf(std::string_view value) {
  if (value.size() < 3 || value[0] != '@') return Keyword::kNotAKeyword;
  const std::string_view name = value.substr(1);
  switch (name[0]) {
    case 'b':
      if (name == "base") return Keyword::kBase;
      break;
    case 'c':
      if (name == "container") return Keyword::kContainer;
      if (name == "context") return Keyword::kContext;
      break;
    case 'd':
      if (name == "direction") return Keyword::kDirection;
      break;
    case 'g':
      if (name == "graph") return Keyword::kGraph;
      break;
    case 'i':
      if (name == "id") return Keyword::kId;
      if (name == "import") return Keyword::kImport;
      if (name == "included") return Keyword::kIncluded;
      if (name == "index") return Keyword::kIndex;
      break;
    case 'j':
      if (name == "json") return Keyword::kJson;
      break;
    case 'l':
      if (name == "language") return Keyword::kLanguage;
      if (name == "list") return Keyword::kList;
      break;
    case 'n':
      if (name == "nest") return Keyword::kNest;
      if (name == "none") return Keyword::kNone;
      break;
    case 'p':
      if (name == "prefix") return Keyword::kPrefix;
      if (name == "propagate") return Keyword::kPropagate;
      if (name == "protected") return Keyword::kProtected;
      break;
    case 'r':
      if (name == "reverse") return Keyword::kReverse;
      break;
    case 's':
      if (name == "set") return Keyword::kSet;
      break;
    case 't':
      if (name == "type") return Keyword::kType;
      break;
    case 'v':
      if (name == "value") return Keyword::kValue;
      if (name == "version") return Keyword::kVersion;
      if (name == "vocab") return Keyword::kVocab;
      break;
    default:
      break;
  }
  return Keyword::kNotAKeyword;
}

std::string ToLowerAscii(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string QuoteForMessage(std::string_view value) {
  constexpr std::size_t kMaxShown = 80;
  std::string shown(value.substr(0, kMaxShown));
  std::string quoted = Json(std::move(shown)).dump(-1, ' ', true, Json::error_handler_t::replace);
  if (value.size() > kMaxShown) quoted.append("...");
  return quoted;
}

Error JsonLdError(std::string_view code, std::string_view detail) {
  std::string message(code);
  message.append(": ").append(detail);
  return InvalidInput(std::move(message));
}

bool TermDefinition::SameAs(const TermDefinition& other) const {
  return iri == other.iri && iri_null == other.iri_null && prefix == other.prefix &&
         reverse == other.reverse && has_type == other.has_type && type == other.type &&
         language_presence == other.language_presence && language == other.language &&
         direction_presence == other.direction_presence && direction == other.direction &&
         container == other.container && has_index == other.has_index && index == other.index &&
         has_nest == other.has_nest && nest == other.nest && SameContext(context, other.context);
}

std::size_t TermMap::Probe(std::string_view term, std::uint64_t hash) const {
  const std::uint32_t tag = Tag(hash);
  for (std::size_t i = hash & Mask();; i = (i + 1) & Mask()) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) return i;
    if (static_cast<std::uint32_t>(slot >> 32) == tag &&
        entries_[static_cast<std::uint32_t>(slot) - 1].term == term) {
      return i;
    }
  }
}

std::optional<TermDefinition> TermMap::Extract(std::string_view term) {
  if (slots_.empty()) return std::nullopt;
  const std::uint64_t slot = slots_[Probe(term, Hash(term))];
  if (slot == 0) return std::nullopt;
  Entry& entry = entries_[static_cast<std::uint32_t>(slot) - 1];
  if (!entry.live) return std::nullopt;
  entry.live = false;
  --live_;
  return std::move(entry.definition);
}

void TermMap::InsertOrAssign(std::string_view term, TermDefinition definition) {
  // At most half full, so probes stay short.
  if ((entries_.size() + 1) * 2 > slots_.size()) Grow();
  const std::uint64_t hash = Hash(term);
  const std::size_t index = Probe(term, hash);
  if (slots_[index] != 0) {
    Entry& entry = entries_[static_cast<std::uint32_t>(slots_[index]) - 1];
    if (!entry.live) ++live_;
    entry.definition = std::move(definition);
    entry.live = true;
    return;
  }
  entries_.push_back(Entry{std::string(term), std::move(definition), true});
  ++live_;
  slots_[index] = static_cast<std::uint64_t>(Tag(hash)) << 32 | entries_.size();
}

void TermMap::Grow() {
  slots_.assign(std::max<std::size_t>(16, slots_.size() * 2), 0);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const std::uint64_t hash = Hash(entries_[i].term);
    std::size_t at = hash & Mask();
    while (slots_[at] != 0) at = (at + 1) & Mask();
    slots_[at] = static_cast<std::uint64_t>(Tag(hash)) << 32 | (i + 1);
  }
}

bool ActiveContext::HasProtectedTerms() const {
  return terms.AnyOf([](const TermDefinition& definition) { return definition.is_protected; });
}

ExpandedIri ExpandIri(const ActiveContext& context, std::string_view value, bool document_relative,
                      bool vocab) {
  if (!value.empty() && value[0] == '@') {
    if (IsKeyword(value)) return {std::string(value), IriOrigin::kKeyword};
    if (HasKeywordForm(value)) return {};
  }
  return ExpandIri(context, value, context.Find(value), document_relative, vocab);
}

ExpandedIri ExpandIri(const ActiveContext& context, std::string_view value,
                      const TermDefinition* definition, bool document_relative, bool vocab) {
  if (!value.empty() && value[0] == '@') {
    if (IsKeyword(value)) return {std::string(value), IriOrigin::kKeyword};
    if (HasKeywordForm(value)) return {};
  }
  if (definition != nullptr) {
    if (definition->keyword != Keyword::kNotAKeyword) {
      return {definition->iri, IriOrigin::kKeyword};
    }
    if (vocab) {
      if (definition->iri_null) return {};
      return {definition->iri, IriOrigin::kTerm};
    }
  }
  return ExpandIriAfterTerms(context, value, document_relative, vocab);
}

// ---------------------------------------------------------------------------------------------
// ContextCache

std::size_t ContextCache::KeyHash::operator()(const Key& key) const {
  std::size_t hash = std::hash<std::string_view>()(key.text);
  hash ^= std::hash<std::uint64_t>()(key.context_id) + 0x9e3779b97f4a7c15ULL + (hash << 6) +
          (hash >> 2);
  hash ^= std::hash<const void*>()(key.node) + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2);
  hash ^= key.flags;
  return hash;
}

namespace {

// A thread's own references to the contexts it found in caches. Copying the ContextPtr a cache
// holds counts on a control block every thread shares: an atomic add on a cache line both
// cores write, for every node expanded. Copies of the pointers handed out from here count on
// a block of this thread's own, which holds the shared pointer. A key names one processed
// context for good (context ids are never reused, and each entry keeps alive the scoped
// context its key's node points to), so entries cannot go stale, whichever cache they came
// from; the front starts over when full.
class ThreadFront {
 public:
  static constexpr std::size_t kMaxEntries = 512;

  ContextPtr Find(const ContextCache::Key& key) const {
    const auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second;
  }

  ContextPtr Insert(const ContextCache::Key& key, ContextPtr shared,
                    std::shared_ptr<const Json> keep_alive) {
    if (entries_.size() >= kMaxEntries) entries_.clear();
    auto held = std::make_shared<Held>(Held{std::move(shared), std::move(keep_alive)});
    const ActiveContext* context = held->context.get();
    ContextPtr own(std::move(held), context);  // aliases the shared one, counts on `held`
    entries_.emplace(key, own);
    return own;
  }

 private:
  struct Held {
    ContextPtr context;
    std::shared_ptr<const Json> keep_alive;
  };
  std::unordered_map<ContextCache::Key, ContextPtr, ContextCache::KeyHash> entries_;
};

ThreadFront& Front() {
  thread_local ThreadFront front;
  return front;
}

}  // namespace

ContextPtr ContextCache::Find(const Key& key) const {
  ThreadFront& front = Front();
  if (ContextPtr own = front.Find(key); own != nullptr) return own;
  ContextPtr shared;
  std::shared_ptr<const Json> keep_alive;
  {
    std::shared_lock lock(mutex_);
    const auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    shared = it->second.value;
    keep_alive = it->second.keep_alive;
  }
  return front.Insert(key, std::move(shared), std::move(keep_alive));
}

ContextPtr ContextCache::Insert(Key key, ContextPtr value, std::shared_ptr<const Json> keep_alive) {
  std::unique_lock lock(mutex_);
  if (const auto it = entries_.find(key); it != entries_.end()) return it->second.value;
  // Starting over drops only the cache's references: contexts in use stay alive with their
  // users, and their ids are never reused, so no stale entry can be found again.
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_.emplace(std::move(key), Entry{value, std::move(keep_alive)});
  return value;
}

ContextPtr ContextCache::Initial(const std::optional<std::string>& base,
                                 const std::optional<std::string>& original_base,
                                 ProcessingMode mode) {
  auto key = std::make_tuple(base, original_base, mode);
  {
    std::shared_lock lock(mutex_);
    if (const auto it = initial_.find(key); it != initial_.end()) return it->second;
  }
  auto context = std::make_shared<ActiveContext>();
  context->base = base;
  context->original_base = original_base;
  context->mode = mode;
  context->id = NextContextId();
  std::unique_lock lock(mutex_);
  if (initial_.size() >= kMaxEntries) initial_.clear();
  return initial_.emplace(std::move(key), std::move(context)).first->second;
}

// ---------------------------------------------------------------------------------------------
// Create Term Definition (section 4.2), for every term of one context definition.

class TermDefiner {
 public:
  TermDefiner(ContextProcessor& processor, ActiveContext& result, const Json& local,
              std::string_view base_url, bool protected_default, bool override_protected,
              const std::vector<std::string>& remote, int depth)
      : processor_(processor),
        result_(result),
        base_url_(base_url),
        protected_default_(protected_default),
        override_protected_(override_protected),
        remote_(remote),
        depth_(depth) {
    const auto& members = local.get_ref<const Json::object_t&>();
    entries_.reserve(members.size());
    for (const auto& member : members) entries_.emplace(member.first, &member.second);
  }

  // Defines `term` from the local context, first defining the terms it depends on.
  Status Define(std::string_view term, int nesting);

 private:
  const Json* LocalEntry(std::string_view key) const {
    const auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second;
  }
  bool IsDefined(std::string_view key) const {
    const auto it = defined_.find(key);
    return it != defined_.end() && it->second;
  }
  // IRI Expansion with the local context: defines terms the value depends on first.
  Result<ExpandedIri> Expand(std::string_view value, bool document_relative, bool vocab,
                             int nesting);
  Status DefineUnchecked(std::string_view term, int nesting);

  ContextProcessor& processor_;
  ActiveContext& result_;
  std::string_view base_url_;
  bool protected_default_;
  bool override_protected_;
  const std::vector<std::string>& remote_;
  int depth_;
  std::unordered_map<std::string_view, const Json*> entries_;
  std::unordered_map<std::string_view, bool> defined_;
};

Result<ExpandedIri> TermDefiner::Expand(std::string_view value, bool document_relative, bool vocab,
                                        int nesting) {
  if (!value.empty() && value[0] == '@') {
    if (IsKeyword(value)) return ExpandedIri{std::string(value), IriOrigin::kKeyword};
    if (HasKeywordForm(value)) return ExpandedIri{};
  }
  if (LocalEntry(value) != nullptr && !IsDefined(value)) {
    PRAMAAN_RETURN_IF_ERROR(Define(value, nesting + 1));
  }
  if (const TermDefinition* definition = result_.Find(value); definition != nullptr) {
    if (definition->keyword != Keyword::kNotAKeyword) {
      return ExpandedIri{definition->iri, IriOrigin::kKeyword};
    }
    if (vocab) {
      if (definition->iri_null) return ExpandedIri{};
      return ExpandedIri{definition->iri, IriOrigin::kTerm};
    }
  }
  if (const std::size_t colon = value.find(':', 1); colon != std::string_view::npos) {
    const std::string_view prefix = value.substr(0, colon);
    if (prefix != "_" && !value.substr(colon + 1).starts_with("//") &&
        LocalEntry(prefix) != nullptr && !IsDefined(prefix)) {
      PRAMAAN_RETURN_IF_ERROR(Define(prefix, nesting + 1));
    }
  }
  return ExpandIriAfterTerms(result_, value, document_relative, vocab);
}

Status TermDefiner::Define(std::string_view term, int nesting) {
  if (nesting > kMaxTermNesting) {
    return JsonLdError("context overflow", "term definitions depend on each other more than " +
                                               std::to_string(kMaxTermNesting) + " levels deep");
  }
  if (const auto it = defined_.find(term); it != defined_.end()) {
    if (it->second) return Status::Ok();
    return JsonLdError("cyclic IRI mapping", "term " + Quote(term) + " depends on itself");
  }
  PRAMAAN_RETURN_IF_ERROR(processor_.Charge(1));
  return DefineUnchecked(term, nesting);
}

Status TermDefiner::DefineUnchecked(std::string_view term, int nesting) {
  const bool json_ld_10 = processor_.mode() == ProcessingMode::kJsonLd10;
  // Step 2.
  if (term.empty()) return JsonLdError("invalid term definition", "the empty term");
  defined_[term] = false;
  const Json& raw = *LocalEntry(term);
  // Steps 4 and 5.
  if (term == "@type") {
    if (json_ld_10) {
      return JsonLdError("keyword redefinition", "@type cannot be redefined in JSON-LD 1.0");
    }
    bool valid = raw.is_object() && !raw.empty();
    if (valid) {
      for (const auto& [key, member] : raw.get_ref<const Json::object_t&>()) {
        if (key == "@container") {
          valid = valid && member == "@set";
        } else if (key != "@protected") {
          valid = false;
        }
      }
    }
    if (!valid) {
      return JsonLdError("keyword redefinition",
                         "@type may only be given @container: @set and @protected");
    }
  } else if (IsKeyword(term)) {
    return JsonLdError("keyword redefinition", "keyword " + Quote(term) + " cannot be redefined");
  } else if (HasKeywordForm(term)) {
    // Reserved for future keywords: ignored (the specification suggests a warning).
    defined_[term] = true;
    return Status::Ok();
  }
  // Step 6.
  std::optional<TermDefinition> previous;
  previous = result_.terms.Extract(term);
  // Steps 7 to 9.
  Json synthesized;
  const Json* value = &raw;
  bool simple_term = false;
  if (raw.is_null() || raw.is_string()) {
    synthesized = Json::object();
    synthesized["@id"] = raw;
    value = &synthesized;
    simple_term = raw.is_string();
  } else if (!raw.is_object()) {
    return JsonLdError("invalid term definition",
                       "term " + Quote(term) + " is defined by " + Describe(raw));
  }
  const Json& definition_value = *value;
  const Json* id = Member(definition_value, "@id");
  const Json* reverse = Member(definition_value, "@reverse");
  const Json* type = Member(definition_value, "@type");
  const Json* container = Member(definition_value, "@container");

  // Step 10.
  TermDefinition definition;
  definition.is_protected = protected_default_;
  // Step 11.
  if (const Json* is_protected = Member(definition_value, "@protected"); is_protected != nullptr) {
    if (json_ld_10) {
      return JsonLdError("invalid term definition", "@protected needs JSON-LD 1.1");
    }
    if (!is_protected->is_boolean()) {
      return JsonLdError("invalid @protected value",
                         "@protected of term " + Quote(term) + " is " + Describe(*is_protected));
    }
    definition.is_protected = is_protected->get<bool>();
  }
  // Step 12.
  if (type != nullptr) {
    if (!type->is_string()) {
      return JsonLdError("invalid type mapping",
                         "@type of term " + Quote(term) + " is " + Describe(*type));
    }
    PRAMAAN_ASSIGN_OR_RETURN(ExpandedIri expanded,
                             Expand(type->get_ref<const std::string&>(), false, true, nesting));
    const Keyword keyword = KeywordOf(expanded.value);
    if (json_ld_10 && (keyword == Keyword::kJson || keyword == Keyword::kNone)) {
      return JsonLdError("invalid type mapping", expanded.value + " needs JSON-LD 1.1");
    }
    const bool allowed_keyword = keyword == Keyword::kId || keyword == Keyword::kJson ||
                                 keyword == Keyword::kNone || keyword == Keyword::kVocab;
    if (expanded.is_null() || (!allowed_keyword && !IsAbsoluteIri(expanded.value))) {
      return JsonLdError("invalid type mapping", "@type of term " + Quote(term) + " is " +
                                                     Describe(*type) +
                                                     ", not an IRI, @id, @json, @none or @vocab");
    }
    definition.has_type = true;
    definition.type = std::move(expanded.value);
  }
  if (reverse != nullptr) {
    // Step 13.
    if (id != nullptr || Member(definition_value, "@nest") != nullptr) {
      return JsonLdError("invalid reverse property",
                         "reverse term " + Quote(term) + " has @id or @nest");
    }
    if (!reverse->is_string()) {
      return JsonLdError("invalid IRI mapping",
                         "@reverse of term " + Quote(term) + " is " + Describe(*reverse));
    }
    const std::string& reverse_iri = reverse->get_ref<const std::string&>();
    if (HasKeywordForm(reverse_iri)) {
      defined_[term] = true;
      return Status::Ok();
    }
    PRAMAAN_ASSIGN_OR_RETURN(ExpandedIri expanded, Expand(reverse_iri, false, true, nesting));
    if (expanded.is_null() || !(IsAbsoluteIri(expanded.value) || IsBlankNodeId(expanded.value))) {
      return JsonLdError("invalid IRI mapping", "@reverse of term " + Quote(term) + " is " +
                                                    Describe(*reverse) + ", not an IRI");
    }
    definition.iri = std::move(expanded.value);
    if (container != nullptr && !container->is_null()) {
      if (*container != "@set" && *container != "@index") {
        return JsonLdError("invalid reverse property",
                           "reverse term " + Quote(term) + " has @container " +
                               Describe(*container) + "; only @set and @index are allowed");
      }
    }
    definition.reverse = true;
  } else if (id != nullptr && !(id->is_string() && id->get_ref<const std::string&>() == term)) {
    // Step 14.
    if (id->is_null()) {
      definition.iri_null = true;
    } else {
      if (!id->is_string()) {
        return JsonLdError("invalid IRI mapping",
                           "@id of term " + Quote(term) + " is " + Describe(*id));
      }
      const std::string& id_value = id->get_ref<const std::string&>();
      if (!IsKeyword(id_value) && HasKeywordForm(id_value)) {
        defined_[term] = true;
        return Status::Ok();
      }
      PRAMAAN_ASSIGN_OR_RETURN(ExpandedIri expanded, Expand(id_value, false, true, nesting));
      if (expanded.is_null() || !(expanded.origin == IriOrigin::kKeyword ||
                                  IsAbsoluteIri(expanded.value) || IsBlankNodeId(expanded.value))) {
        return JsonLdError("invalid IRI mapping", "term " + Quote(term) + " maps to " +
                                                      Describe(*id) +
                                                      ", not an IRI, blank node or keyword");
      }
      if (expanded.value == "@context") {
        return JsonLdError("invalid keyword alias", "term " + Quote(term) + " aliases @context");
      }
      definition.iri = std::move(expanded.value);
      const std::size_t colon = term.find(':', 1);
      const bool inner_colon = colon != std::string_view::npos && colon + 1 < term.size();
      const bool has_slash = term.find('/') != std::string_view::npos;
      if (inner_colon || has_slash) {
        defined_[term] = true;
        PRAMAAN_ASSIGN_OR_RETURN(ExpandedIri as_iri, Expand(term, false, true, nesting));
        if (as_iri.value != definition.iri) {
          return JsonLdError("invalid IRI mapping", "term " + Quote(term) +
                                                        " has the form of an IRI but maps to " +
                                                        Quote(definition.iri));
        }
      }
      if (term.find(':') == std::string_view::npos && !has_slash && simple_term &&
          (EndsWithGenDelim(definition.iri) || IsBlankNodeId(definition.iri))) {
        definition.prefix = true;
      }
    }
  } else if (const std::size_t colon = term.find(':', 1); colon != std::string_view::npos) {
    // Step 15.
    const std::string_view prefix = term.substr(0, colon);
    const std::string_view suffix = term.substr(colon + 1);
    const bool compact = prefix != "_" && !suffix.starts_with("//");
    if (compact && LocalEntry(prefix) != nullptr) {
      PRAMAAN_RETURN_IF_ERROR(Define(prefix, nesting + 1));
    }
    const TermDefinition* prefix_definition = compact ? result_.Find(prefix) : nullptr;
    if (prefix_definition != nullptr && !prefix_definition->iri_null) {
      definition.iri = prefix_definition->iri;
      definition.iri.append(suffix);
    } else {
      definition.iri = std::string(term);
    }
  } else if (term.find('/') != std::string_view::npos) {
    // Step 16. Expanding the term must not try to define the term itself again (which would
    // be reported as a cyclic IRI mapping); as in step 14.2.4.1, mark it defined first.
    defined_[term] = true;
    PRAMAAN_ASSIGN_OR_RETURN(ExpandedIri expanded, Expand(term, false, true, nesting));
    if (!IsAbsoluteIri(expanded.value)) {
      return JsonLdError("invalid IRI mapping",
                         "term " + Quote(term) + " is a relative IRI reference");
    }
    definition.iri = std::move(expanded.value);
  } else if (term == "@type") {
    // Step 17.
    definition.iri = "@type";
  } else if (result_.vocab.has_value()) {
    // Step 18.
    definition.iri = *result_.vocab;
    definition.iri.append(term);
  } else {
    return JsonLdError("invalid IRI mapping",
                       "term " + Quote(term) + " has no @id and there is no @vocab");
  }
  if (!definition.iri_null) definition.keyword = KeywordOf(definition.iri);

  // Step 19: @container.
  if (container != nullptr && !(definition.reverse && container->is_null())) {
    const std::optional<std::uint8_t> bits = ParseContainer(*container);
    if (!bits.has_value()) {
      return JsonLdError("invalid container mapping",
                         "@container of term " + Quote(term) + " is " + Describe(*container));
    }
    if (json_ld_10 && (!container->is_string() ||
                       (*bits & (kContainerGraph | kContainerId | kContainerType)) != 0)) {
      return JsonLdError("invalid container mapping",
                         "@container " + Describe(*container) + " needs JSON-LD 1.1");
    }
    definition.container = *bits;
    if ((*bits & kContainerType) != 0) {
      if (!definition.has_type) {
        definition.has_type = true;
        definition.type = "@id";
      } else if (definition.type != "@id" && definition.type != "@vocab") {
        return JsonLdError("invalid type mapping",
                           "type map term " + Quote(term) + " has @type " + Quote(definition.type));
      }
    }
  }
  // @index.
  if (const Json* index = Member(definition_value, "@index"); index != nullptr) {
    if (json_ld_10 || (definition.container & kContainerIndex) == 0) {
      return JsonLdError("invalid term definition",
                         "term " + Quote(term) + " has @index without an @index container");
    }
    if (!index->is_string()) {
      return JsonLdError("invalid term definition",
                         "@index of term " + Quote(term) + " is " + Describe(*index));
    }
    PRAMAAN_ASSIGN_OR_RETURN(ExpandedIri expanded,
                             Expand(index->get_ref<const std::string&>(), false, true, nesting));
    if (expanded.origin == IriOrigin::kKeyword || !IsAbsoluteIri(expanded.value)) {
      return JsonLdError("invalid term definition",
                         "@index of term " + Quote(term) + " does not expand to an IRI");
    }
    definition.has_index = true;
    definition.index = index->get<std::string>();
  }
  // @context: validated now, processed again when used.
  if (const Json* scoped = Member(definition_value, "@context"); scoped != nullptr) {
    if (json_ld_10) {
      return JsonLdError("invalid term definition", "scoped contexts need JSON-LD 1.1");
    }
    ContextProcessor::Flags flags;
    flags.override_protected = true;
    flags.validate_scoped = false;
    Result<ContextPtr> validated =
        processor_.Process(result_, nullptr, *scoped, base_url_, remote_, flags, depth_ + 1);
    if (!validated.ok()) {
      const Error& inner = validated.error();
      if (inner.message().starts_with("context overflow")) return inner;
      return Error(inner.code(), "invalid scoped context: the context of term " + Quote(term) +
                                     ": " + inner.message());
    }
    definition.context = std::make_shared<const Json>(*scoped);
    definition.base_url = std::string(base_url_);
  }
  // @language and @direction, unless the term is typed.
  if (const Json* language = Member(definition_value, "@language");
      language != nullptr && type == nullptr) {
    if (language->is_null()) {
      definition.language_presence = Presence::kNull;
    } else if (language->is_string()) {
      definition.language_presence = Presence::kSet;
      definition.language = ToLowerAscii(language->get_ref<const std::string&>());
    } else {
      return JsonLdError("invalid language mapping",
                         "@language of term " + Quote(term) + " is " + Describe(*language));
    }
  }
  if (const Json* direction = Member(definition_value, "@direction");
      direction != nullptr && type == nullptr) {
    if (direction->is_null()) {
      definition.direction_presence = Presence::kNull;
    } else if (*direction == "ltr" || *direction == "rtl") {
      definition.direction_presence = Presence::kSet;
      definition.direction = *direction == "ltr" ? Direction::kLtr : Direction::kRtl;
    } else {
      return JsonLdError("invalid base direction",
                         "@direction of term " + Quote(term) + " is " + Describe(*direction));
    }
  }
  // @nest.
  if (const Json* nest = Member(definition_value, "@nest"); nest != nullptr) {
    if (json_ld_10) return JsonLdError("invalid term definition", "@nest needs JSON-LD 1.1");
    if (!nest->is_string() || (IsKeyword(nest->get_ref<const std::string&>()) &&
                               nest->get_ref<const std::string&>() != "@nest")) {
      return JsonLdError("invalid @nest value",
                         "@nest of term " + Quote(term) + " is " + Describe(*nest));
    }
    definition.has_nest = true;
    definition.nest = nest->get<std::string>();
  }
  // @prefix.
  if (const Json* prefix = Member(definition_value, "@prefix"); prefix != nullptr) {
    if (json_ld_10 || term.find(':') != std::string_view::npos ||
        term.find('/') != std::string_view::npos) {
      return JsonLdError("invalid term definition", "term " + Quote(term) + " cannot have @prefix");
    }
    if (!prefix->is_boolean()) {
      return JsonLdError("invalid @prefix value",
                         "@prefix of term " + Quote(term) + " is " + Describe(*prefix));
    }
    definition.prefix = prefix->get<bool>();
    if (definition.prefix && definition.keyword != Keyword::kNotAKeyword) {
      return JsonLdError("invalid term definition",
                         "keyword alias " + Quote(term) + " cannot be a prefix");
    }
  }
  // No other entries.
  for (const auto& [key, unused] : definition_value.get_ref<const Json::object_t&>()) {
    switch (KeywordOf(key)) {
      case Keyword::kId:
      case Keyword::kReverse:
      case Keyword::kContainer:
      case Keyword::kContext:
      case Keyword::kDirection:
      case Keyword::kIndex:
      case Keyword::kLanguage:
      case Keyword::kNest:
      case Keyword::kPrefix:
      case Keyword::kProtected:
      case Keyword::kType:
        break;
      default:
        return JsonLdError("invalid term definition",
                           "term " + Quote(term) + " has the entry " + Quote(key));
    }
  }
  // Protected terms.
  if (!override_protected_ && previous.has_value() && previous->is_protected) {
    if (!definition.SameAs(*previous)) {
      return JsonLdError("protected term redefinition", "term " + Quote(term) + " is protected");
    }
    definition = std::move(*previous);
  }
  result_.terms.InsertOrAssign(term, std::move(definition));
  defined_[term] = true;
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// ContextProcessor

Status ContextProcessor::Charge(std::size_t units) {
  work_done_ += units;
  if (work_done_ > kMaxContextWork) {
    return JsonLdError("context overflow",
                       "processing the contexts of one document took more than " +
                           std::to_string(kMaxContextWork) + " term definitions");
  }
  return Status::Ok();
}

namespace {

// The cache key text for a local context that is one URL or an array of URLs (what every
// credential has), built without serializing it: a byte JSON text never starts with, then
// each string with its length. False for any other context.
bool UrlListKeyText(const Json& local, std::string* out) {
  if (local.is_string()) {
    out->push_back('\x01');
    AppendSizeBytes(local.get_ref<const std::string&>().size(), out);
    out->append(local.get_ref<const std::string&>());
    return true;
  }
  if (!local.is_array()) return false;
  for (const Json& item : local.get_ref<const Json::array_t&>()) {
    if (!item.is_string()) return false;
  }
  out->push_back('\x02');
  AppendSizeBytes(local.size(), out);
  for (const Json& item : local.get_ref<const Json::array_t&>()) {
    AppendSizeBytes(item.get_ref<const std::string&>().size(), out);
    out->append(item.get_ref<const std::string&>());
  }
  return true;
}

}  // namespace

Result<ContextPtr> ContextProcessor::ProcessLocal(const ContextPtr& active, const Json& local,
                                                  std::string_view base_url) {
  ContextCache::Key key;
  bool cacheable = false;
  try {
    if (!UrlListKeyText(local, &key.text)) key.text = local.dump();
    cacheable = key.text.size() <= kMaxCachedContextText;
  } catch (const std::exception&) {
    // A string built in code with invalid UTF-8 cannot be serialized; process it uncached.
  }
  if (cacheable) {
    key.text.push_back('\n');
    key.text.append(base_url);
    key.context_id = active->id;
    key.flags = kKeyLocal;
    if (ContextPtr cached = cache_.Find(key); cached != nullptr) return cached;
  }
  PRAMAAN_ASSIGN_OR_RETURN(ContextPtr result,
                           Process(*active, active, local, base_url, {}, Flags{}, 0));
  if (!cacheable) return result;
  return cache_.Insert(std::move(key), std::move(result), nullptr);
}

Result<ContextPtr> ContextProcessor::ProcessScoped(const ContextPtr& active,
                                                   const TermDefinition& definition,
                                                   bool override_protected, bool propagate) {
  ContextCache::Key key;
  key.context_id = active->id;
  key.node = definition.context.get();
  key.flags = kKeyScoped | (override_protected ? kKeyOverrideProtected : 0) |
              (propagate ? 0 : kKeyNoPropagate);
  if (ContextPtr cached = cache_.Find(key); cached != nullptr) return cached;
  Flags flags;
  flags.override_protected = override_protected;
  flags.propagate = propagate;
  PRAMAAN_ASSIGN_OR_RETURN(ContextPtr result, Process(*active, active, *definition.context,
                                                      definition.base_url, {}, flags, 0));
  return cache_.Insert(std::move(key), std::move(result), definition.context);
}

Result<ContextPtr> ContextProcessor::Process(const ActiveContext& active,
                                             const ContextPtr& active_ptr, const Json& local,
                                             std::string_view base_url,
                                             std::vector<std::string> remote, Flags flags,
                                             int depth) {
  if (depth > kMaxContextDepth) {
    return JsonLdError("context overflow",
                       "contexts nested more than " + std::to_string(kMaxContextDepth) + " deep");
  }
  // Step 2.
  bool propagate = flags.propagate;
  if (local.is_object()) {
    if (const Json* value = Member(local, "@propagate"); value != nullptr && value->is_boolean()) {
      propagate = value->get<bool>();
    }
  }
  // A shared handle on `active`, made only when one is needed and the caller had none.
  ContextPtr current = active_ptr;
  const ActiveContext* current_context = &active;
  auto shared_current = [&]() -> Result<ContextPtr> {
    if (current == nullptr) {
      PRAMAAN_RETURN_IF_ERROR(Charge(current_context->terms.size()));
      current = std::make_shared<const ActiveContext>(*current_context);
    }
    return current;
  };
  // Step 3.
  if (!propagate && active.previous == nullptr) {
    PRAMAAN_RETURN_IF_ERROR(Charge(active.terms.size()));
    auto copy = std::make_shared<ActiveContext>(active);
    PRAMAAN_ASSIGN_OR_RETURN(copy->previous, shared_current());
    copy->id = NextContextId();
    current = std::move(copy);
    current_context = current.get();
  }
  const Json::array_t* items = local.is_array() ? &local.get_ref<const Json::array_t&>() : nullptr;
  const std::size_t count = items != nullptr ? items->size() : 1;
  for (std::size_t i = 0; i < count; ++i) {
    const Json& item = items != nullptr ? (*items)[i] : local;
    if (item.is_null()) {
      // Step 5.1.
      if (!flags.override_protected && current_context->HasProtectedTerms()) {
        return JsonLdError("invalid context nullification",
                           "a context with protected terms cannot be set to null");
      }
      if (propagate) {
        current = Initial(current_context->original_base, current_context->original_base);
      } else {
        auto fresh = std::make_shared<ActiveContext>();
        fresh->base = current_context->original_base;
        fresh->original_base = current_context->original_base;
        fresh->mode = mode_;
        PRAMAAN_ASSIGN_OR_RETURN(fresh->previous, shared_current());
        fresh->id = NextContextId();
        current = std::move(fresh);
      }
      current_context = current.get();
    } else if (item.is_string()) {
      // Step 5.2.
      const std::string& reference = item.get_ref<const std::string&>();
      std::string url = ResolveIri(base_url, reference);
      if (!IsAbsoluteIri(url)) {
        return JsonLdError("loading document failed",
                           "context reference " + Quote(reference) + " is not an absolute IRI");
      }
      if (!flags.validate_scoped && std::find(remote.begin(), remote.end(), url) != remote.end()) {
        continue;
      }
      if (remote.size() >= kMaxRemoteContexts) {
        return JsonLdError("context overflow", "more than " + std::to_string(kMaxRemoteContexts) +
                                                   " remote contexts nested, at " + Quote(url));
      }
      remote.push_back(url);
      PRAMAAN_ASSIGN_OR_RETURN(current, ProcessRemote(*current_context, current, url, remote,
                                                      flags.validate_scoped, depth));
      current_context = current.get();
    } else if (item.is_object()) {
      PRAMAAN_ASSIGN_OR_RETURN(current, ApplyDefinition(*current_context, item, base_url, remote,
                                                        flags.override_protected, depth));
      current_context = current.get();
    } else {
      return JsonLdError("invalid local context",
                         "a context must be null, a string or an object, not " + Describe(item));
    }
  }
  return shared_current();
}

Result<ContextPtr> ContextProcessor::ProcessRemote(const ActiveContext& active,
                                                   const ContextPtr& active_ptr,
                                                   const std::string& url,
                                                   const std::vector<std::string>& remote,
                                                   bool validate_scoped, int depth) {
  // While validating a scoped context the result depends on which contexts enclose it (step
  // 5.2.2 skips repeats), and is discarded anyway: only complete processing is cached.
  const bool cacheable = validate_scoped && active_ptr != nullptr && active.id != 0;
  ContextCache::Key key;
  if (cacheable) {
    key.context_id = active.id;
    key.flags = kKeyRemote;
    key.text = url;
    if (ContextPtr cached = cache_.Find(key); cached != nullptr) return cached;
  }
  Result<const Json*> document = loader_.Load(url);
  if (!document.ok()) {
    return Error(document.error().code(),
                 "loading remote context failed: " + url + ": " + document.error().message());
  }
  const Json* context_document = document.value();
  if (context_document == nullptr || !context_document->is_object() ||
      Member(*context_document, "@context") == nullptr) {
    return JsonLdError("invalid remote context",
                       "the document at " + url + " is not an object with @context");
  }
  Flags flags;
  flags.validate_scoped = validate_scoped;
  PRAMAAN_ASSIGN_OR_RETURN(ContextPtr result,
                           Process(active, active_ptr, *Member(*context_document, "@context"), url,
                                   remote, flags, depth + 1));
  if (!cacheable) return result;
  return cache_.Insert(std::move(key), std::move(result), nullptr);
}

Result<ContextPtr> ContextProcessor::ApplyDefinition(const ActiveContext& active,
                                                     const Json& definition,
                                                     std::string_view base_url,
                                                     const std::vector<std::string>& remote,
                                                     bool override_protected, int depth) {
  const bool json_ld_10 = mode_ == ProcessingMode::kJsonLd10;
  PRAMAAN_RETURN_IF_ERROR(Charge(active.terms.size() + 1));
  auto result = std::make_shared<ActiveContext>(active);
  result->id = 0;
  const Json* context = &definition;
  Json merged;
  // Step 5.5.
  if (const Json* version = Member(*context, "@version"); version != nullptr) {
    if (!version->is_number() || version->get<double>() != 1.1) {
      return JsonLdError("invalid @version value", "@version is " + Describe(*version));
    }
    if (json_ld_10) {
      return JsonLdError("processing mode conflict",
                         "@version 1.1 while processing as JSON-LD 1.0");
    }
  }
  // Step 5.6.
  if (const Json* import = Member(*context, "@import"); import != nullptr) {
    if (json_ld_10) return JsonLdError("invalid context entry", "@import needs JSON-LD 1.1");
    if (!import->is_string()) {
      return JsonLdError("invalid @import value", "@import is " + Describe(*import));
    }
    const std::string url = ResolveIri(base_url, import->get_ref<const std::string&>());
    Result<const Json*> document = loader_.Load(url);
    if (!document.ok()) {
      return Error(document.error().code(),
                   "loading remote context failed: " + url + ": " + document.error().message());
    }
    const Json* imported_document = document.value();
    const Json* imported = imported_document != nullptr && imported_document->is_object()
                               ? Member(*imported_document, "@context")
                               : nullptr;
    if (imported == nullptr || !imported->is_object()) {
      return JsonLdError("invalid remote context",
                         "the document at " + url + " has no @context object to import");
    }
    if (Member(*imported, "@import") != nullptr) {
      return JsonLdError("invalid context entry",
                         "the context imported from " + url + " itself has @import");
    }
    PRAMAAN_RETURN_IF_ERROR(Charge(imported->size()));
    merged = *imported;
    for (const auto& [key, value] : definition.get_ref<const Json::object_t&>()) {
      merged[key] = value;
    }
    context = &merged;
  }
  // Step 5.7.
  if (const Json* base = Member(*context, "@base"); base != nullptr && remote.empty()) {
    if (base->is_null()) {
      result->base.reset();
    } else if (base->is_string() && IsAbsoluteIri(base->get_ref<const std::string&>())) {
      result->base = base->get<std::string>();
    } else if (base->is_string() && result->base.has_value()) {
      result->base = ResolveIri(*result->base, base->get_ref<const std::string&>());
    } else {
      return JsonLdError("invalid base IRI", "@base is " + Describe(*base));
    }
  }
  // Step 5.8.
  if (const Json* vocab = Member(*context, "@vocab"); vocab != nullptr) {
    if (vocab->is_null()) {
      result->vocab.reset();
    } else if (vocab->is_string()) {
      const std::string& value = vocab->get_ref<const std::string&>();
      if (json_ld_10 && !(IsAbsoluteIri(value) || IsBlankNodeId(value))) {
        return JsonLdError("invalid vocab mapping",
                           "@vocab " + Quote(value) + " must be absolute in JSON-LD 1.0");
      }
      ExpandedIri expanded = ExpandIri(*result, value, true, true);
      if (expanded.is_null() || expanded.origin == IriOrigin::kKeyword) {
        return JsonLdError("invalid vocab mapping", "@vocab is " + Quote(value));
      }
      result->vocab = std::move(expanded.value);
    } else {
      return JsonLdError("invalid vocab mapping", "@vocab is " + Describe(*vocab));
    }
  }
  // Step 5.9.
  if (const Json* language = Member(*context, "@language"); language != nullptr) {
    if (language->is_null()) {
      result->default_language.reset();
    } else if (language->is_string()) {
      result->default_language = ToLowerAscii(language->get_ref<const std::string&>());
    } else {
      return JsonLdError("invalid default language", "@language is " + Describe(*language));
    }
  }
  // Step 5.10.
  if (const Json* direction = Member(*context, "@direction"); direction != nullptr) {
    if (json_ld_10) return JsonLdError("invalid context entry", "@direction needs JSON-LD 1.1");
    if (direction->is_null()) {
      result->default_direction = Direction::kNone;
    } else if (*direction == "ltr" || *direction == "rtl") {
      result->default_direction = *direction == "ltr" ? Direction::kLtr : Direction::kRtl;
    } else {
      return JsonLdError("invalid base direction", "@direction is " + Describe(*direction));
    }
  }
  // Step 5.11.
  if (const Json* propagate = Member(*context, "@propagate"); propagate != nullptr) {
    if (json_ld_10) return JsonLdError("invalid context entry", "@propagate needs JSON-LD 1.1");
    if (!propagate->is_boolean()) {
      return JsonLdError("invalid @propagate value", "@propagate is " + Describe(*propagate));
    }
  }
  bool protected_default = false;
  if (const Json* is_protected = Member(*context, "@protected"); is_protected != nullptr) {
    if (json_ld_10) return JsonLdError("invalid context entry", "@protected needs JSON-LD 1.1");
    if (!is_protected->is_boolean()) {
      return JsonLdError("invalid @protected value", "@protected is " + Describe(*is_protected));
    }
    protected_default = is_protected->get<bool>();
  }
  // Steps 5.12 and 5.13.
  TermDefiner definer(*this, *result, *context, base_url, protected_default, override_protected,
                      remote, depth);
  for (const auto& [key, value] : context->get_ref<const Json::object_t&>()) {
    switch (KeywordOf(key)) {
      case Keyword::kBase:
      case Keyword::kDirection:
      case Keyword::kImport:
      case Keyword::kLanguage:
      case Keyword::kPropagate:
      case Keyword::kProtected:
      case Keyword::kVersion:
      case Keyword::kVocab:
        continue;
      default:
        break;
    }
    PRAMAAN_RETURN_IF_ERROR(definer.Define(key, 0));
  }
  result->id = NextContextId();
  return ContextPtr(std::move(result));
}

}  // namespace pramaan::jsonld
