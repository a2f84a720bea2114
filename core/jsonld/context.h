// Internal to core/jsonld: active contexts, term definitions, the Context Processing and
// Create Term Definition algorithms (JSON-LD 1.1 API sections 4.1 and 4.2), IRI Expansion
// (section 5.2), and the cache of processed contexts. Expander (expand.h) is the public face.
#ifndef PRAMAAN_CORE_JSONLD_CONTEXT_H_
#define PRAMAAN_CORE_JSONLD_CONTEXT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/json/json.h"
#include "core/jsonld/expand.h"
#include "core/result.h"

namespace pramaan::jsonld {

// The JSON-LD 1.1 keywords (JSON-LD 1.1 section 1.7), for switching on without comparing
// strings.
enum class Keyword : std::uint8_t {
  kNotAKeyword,
  kBase,
  kContainer,
  kContext,
  kDirection,
  kGraph,
  kId,
  kImport,
  kIncluded,
  kIndex,
  kJson,
  kLanguage,
  kList,
  kNest,
  kNone,
  kPrefix,
  kPropagate,
  kProtected,
  kReverse,
  kSet,
  kType,
  kValue,
  kVersion,
  kVocab,
};

// The keyword `value` spells, or Keyword::kNotAKeyword.
Keyword KeywordOf(std::string_view value);
inline bool IsKeyword(std::string_view value) { return KeywordOf(value) != Keyword::kNotAKeyword; }

// `value` with ASCII letters lower-cased (language tags are compared and emitted that way).
std::string ToLowerAscii(std::string_view value);

// `value` as a JSON string for an error or diagnostic message: non-ASCII escaped, shortened
// to 80 bytes (with "..."), so hostile input cannot make a message huge or unprintable.
std::string QuoteForMessage(std::string_view value);

// Makes the error of the specification's `code` (e.g. "invalid IRI mapping"): kInvalidInput
// with the message "<code>: <detail>".
Error JsonLdError(std::string_view code, std::string_view detail);

// Container mapping entries, as bits.
enum ContainerBits : std::uint8_t {
  kContainerList = 1 << 0,
  kContainerSet = 1 << 1,
  kContainerGraph = 1 << 2,
  kContainerId = 1 << 3,
  kContainerIndex = 1 << 4,
  kContainerLanguage = 1 << 5,
  kContainerType = 1 << 6,
};

// Whether an optional mapping is absent, explicitly null, or set.
enum class Presence : std::uint8_t { kAbsent, kNull, kSet };

enum class Direction : std::uint8_t { kNone, kLtr, kRtl };

struct TermDefinition {
  std::string iri;        // the IRI mapping: an IRI, blank node identifier or keyword
  bool iri_null = false;  // "@id": null: the term is defined but maps to nothing
  Keyword keyword = Keyword::kNotAKeyword;  // KeywordOf(iri): set for keyword aliases
  bool prefix = false;
  bool is_protected = false;
  bool reverse = false;
  bool has_type = false;
  std::string type;  // type mapping: an IRI, "@id", "@json", "@none" or "@vocab"
  Presence language_presence = Presence::kAbsent;
  std::string language;  // lower case, when language_presence is kSet
  Presence direction_presence = Presence::kAbsent;
  Direction direction = Direction::kNone;
  std::uint8_t container = 0;  // ContainerBits
  bool has_index = false;
  std::string index;  // index mapping (property-valued index), unexpanded
  bool has_nest = false;
  std::string nest;
  // The scoped context (its "@context" value, which may be JSON null), or null when the term
  // has none. Shared by the copies of this definition that cloned contexts hold: its address
  // identifies the scoped context in the cache.
  std::shared_ptr<const Json> context;
  std::string base_url;  // base URL for the scoped context

  // Equal in every respect the protected-term check compares (all but `is_protected`).
  bool SameAs(const TermDefinition& other) const;
};

// Hash and equality that let unordered maps keyed by std::string be searched with a
// std::string_view without building a string.
// The term definitions of an active context. Expansion looks a term up several times per
// member of every node, so this is an open-addressing table: a probe reads only an array of
// 8-byte slots (part of the hash and an entry number) and touches an entry only when the hash
// matches. A removed term keeps its entry, marked dead, so probes never meet a hole and
// defining the term again reuses it.
class TermMap {
 public:
  const TermDefinition* Find(std::string_view term) const {
    if (slots_.empty()) return nullptr;
    const std::uint64_t hash = Hash(term);
    const std::uint32_t tag = Tag(hash);
    for (std::size_t i = hash & Mask();; i = (i + 1) & Mask()) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) return nullptr;
      if (static_cast<std::uint32_t>(slot >> 32) != tag) continue;
      const Entry& entry = entries_[static_cast<std::uint32_t>(slot) - 1];
      if (entry.term == term) return entry.live ? &entry.definition : nullptr;
    }
  }

  // Removes `term` and returns its definition, if it had one.
  std::optional<TermDefinition> Extract(std::string_view term);

  void InsertOrAssign(std::string_view term, TermDefinition definition);

  // The number of terms defined.
  std::size_t size() const { return live_; }

  // Whether `predicate` holds for any defined term's definition.
  template <typename Predicate>
  bool AnyOf(Predicate predicate) const {
    for (const Entry& entry : entries_) {
      if (entry.live && predicate(entry.definition)) return true;
    }
    return false;
  }

 private:
  struct Entry {
    std::string term;
    TermDefinition definition;
    bool live = true;
  };

  static std::uint64_t Hash(std::string_view term) { return std::hash<std::string_view>()(term); }
  // Never 0, so a used slot is never 0.
  static std::uint32_t Tag(std::uint64_t hash) {
    return static_cast<std::uint32_t>(hash >> 32) | 1u;
  }
  std::size_t Mask() const { return slots_.size() - 1; }
  // The slot index holding `term`, or of the empty slot where it would go.
  std::size_t Probe(std::string_view term, std::uint64_t hash) const;
  void Grow();

  std::vector<Entry> entries_;
  std::vector<std::uint64_t> slots_;  // tag << 32 | (entry index + 1); 0 when empty
  std::size_t live_ = 0;
};

struct ActiveContext;
// Processed contexts are immutable once built, so they are shared between documents, threads
// and cache entries without copying.
using ContextPtr = std::shared_ptr<const ActiveContext>;

struct ActiveContext {
  TermMap terms;
  std::optional<std::string> base;              // base IRI; nullopt when null
  std::optional<std::string> original_base;     // original base URL
  std::optional<std::string> vocab;             // vocabulary mapping
  std::optional<std::string> default_language;  // lower case
  Direction default_direction = Direction::kNone;
  ContextPtr previous;  // set when a non-propagated (type-scoped) context was applied
  ProcessingMode mode = ProcessingMode::kJsonLd11;
  // Identifies this context in cache keys: unique for the life of the process (never reused,
  // unlike an address), assigned when the context is frozen.
  std::uint64_t id = 0;

  const TermDefinition* Find(std::string_view term) const {
    return terms.Find(term);
  }
  bool HasProtectedTerms() const;
};

// Where the result of IRI expansion came from; expansion diagnostics are built on it.
enum class IriOrigin : std::uint8_t {
  kNull,        // expands to nothing (a term mapped to null, or the form of a keyword)
  kKeyword,     // a keyword, or an alias of one
  kTerm,        // a term definition's IRI mapping
  kCompactIri,  // prefix:suffix with a defined prefix
  kAbsolute,    // already an absolute IRI
  kBlankNode,   // a blank node identifier
  kVocab,       // the vocabulary mapping concatenated with the value: no definition at all
  kResolved,    // resolved against the base IRI
  kRelative,    // left as it was, not an absolute IRI (no base, or neither flag)
};

struct ExpandedIri {
  std::string value;  // empty when origin is kNull
  IriOrigin origin = IriOrigin::kNull;
  bool is_null() const { return origin == IriOrigin::kNull; }
};

// IRI Expansion (section 5.2) against a finished active context: never defines terms and
// never fails.
ExpandedIri ExpandIri(const ActiveContext& context, std::string_view value, bool document_relative,
                      bool vocab);

// The same, for a caller that has already looked `value` up: `definition` must be
// context.Find(value).
ExpandedIri ExpandIri(const ActiveContext& context, std::string_view value,
                      const TermDefinition* definition, bool document_relative, bool vocab);

// Processed contexts, keyed by the context they were applied to and what was applied (a
// remote context URL, the serialized text of a document's own @context, or the identity of a
// term's scoped context). Thread-safe. Holds at most kMaxEntries; when full it starts over,
// which bounds memory against documents that each carry a different context.
class ContextCache {
 public:
  static constexpr std::size_t kMaxEntries = 4096;

  struct Key {
    std::uint64_t context_id = 0;
    std::uint8_t flags = 0;
    const void* node = nullptr;
    std::string text;
    bool operator==(const Key& other) const {
      return context_id == other.context_id && flags == other.flags && node == other.node &&
             text == other.text;
    }
  };

  struct KeyHash {
    std::size_t operator()(const Key& key) const;
  };

  // The context cached under `key`, or null. The pointer returned counts its references on a
  // block of the calling thread's own (ThreadFront in context.cc), not on the one the cache and
  // every other thread share.
  ContextPtr Find(const Key& key) const;
  // Caches `value` under `key` unless another thread did first; returns the cached context.
  // `keep_alive` (may be null) is held as long as the entry, so a node address in `key`
  // cannot be reused while the entry exists.
  ContextPtr Insert(Key key, ContextPtr value, std::shared_ptr<const Json> keep_alive);

  // The empty active context for a base IRI, original base URL and processing mode.
  ContextPtr Initial(const std::optional<std::string>& base,
                     const std::optional<std::string>& original_base, ProcessingMode mode);

 private:
  struct Entry {
    ContextPtr value;
    std::shared_ptr<const Json> keep_alive;
  };
  mutable std::shared_mutex mutex_;
  std::unordered_map<Key, Entry, KeyHash> entries_;
  std::map<std::tuple<std::optional<std::string>, std::optional<std::string>, ProcessingMode>,
           ContextPtr>
      initial_;
};

// Runs the Context Processing algorithm for one Expand call: holds the per-call work budget
// that bounds what a hostile context can make it do, and uses the shared cache.
class ContextProcessor {
 public:
  ContextProcessor(const RemoteContextLoader& loader, ContextCache& cache, ProcessingMode mode)
      : loader_(loader), cache_(cache), mode_(mode) {}

  ProcessingMode mode() const { return mode_; }

  // The empty active context of a document.
  ContextPtr Initial(const std::optional<std::string>& base,
                     const std::optional<std::string>& original_base) {
    return cache_.Initial(base, original_base, mode_);
  }

  // Applies a document's own "@context" value (`local`), resolving relative context URLs
  // against `base_url`. Fails with a JSON-LD error.
  Result<ContextPtr> ProcessLocal(const ContextPtr& active, const Json& local,
                                  std::string_view base_url);

  // Applies the scoped context of `definition` (which must have one): type-scoped contexts
  // pass propagate = false, property-scoped ones override_protected = true.
  Result<ContextPtr> ProcessScoped(const ContextPtr& active, const TermDefinition& definition,
                                   bool override_protected, bool propagate);

 private:
  friend class TermDefiner;

  struct Flags {
    bool override_protected = false;
    bool propagate = true;
    bool validate_scoped = true;
  };

  // The Context Processing algorithm (section 4.1.2). `active_ptr` is `active` when the
  // caller holds it shared (it is then used for cache keys and as a previous context), or null
  // while validating a scoped context against a context still being built.
  Result<ContextPtr> Process(const ActiveContext& active, const ContextPtr& active_ptr,
                             const Json& local, std::string_view base_url,
                             std::vector<std::string> remote, Flags flags, int depth);
  // Step 5.2: dereferences and applies the remote context `url` (already resolved and pushed
  // onto `remote`).
  Result<ContextPtr> ProcessRemote(const ActiveContext& active, const ContextPtr& active_ptr,
                                   const std::string& url, const std::vector<std::string>& remote,
                                   bool validate_scoped, int depth);
  // Steps 5.5 to 5.13: applies one context definition (a map) to a copy of `active`.
  Result<ContextPtr> ApplyDefinition(const ActiveContext& active, const Json& definition,
                                     std::string_view base_url,
                                     const std::vector<std::string>& remote,
                                     bool override_protected, int depth);
  // Charges `units` of work (term definitions created or copied) against the budget.
  Status Charge(std::size_t units);

  const RemoteContextLoader& loader_;
  ContextCache& cache_;
  ProcessingMode mode_;
  std::size_t work_done_ = 0;
};

}  // namespace pramaan::jsonld

#endif  // PRAMAAN_CORE_JSONLD_CONTEXT_H_
