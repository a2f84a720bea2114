// JSON-LD 1.1 context processing and expansion (W3C JSON-LD 1.1 Processing Algorithms and
// API, sections 4.1-4.3 and 5.1-5.2), with contexts only from a loader that never fetches.
#ifndef PRAMAAN_CORE_JSONLD_EXPAND_H_
#define PRAMAAN_CORE_JSONLD_EXPAND_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/json/json.h"
#include "core/result.h"

namespace pramaan::jsonld {

// Supplies remote context documents by URL. Pramaan's implementation serves only bundled and
// operator-added contexts (core/context/context_loader.h); the test suite maps its URLs to
// files. Implementations must be safe to call from several threads.
class RemoteContextLoader {
 public:
  virtual ~RemoteContextLoader() = default;
  // Returns the whole document served at `url` (normally an object with "@context"); the
  // pointer stays valid as long as the loader. Fails (any code) when there is none.
  virtual Result<const Json*> Load(std::string_view url) const = 0;
};

enum class ProcessingMode { kJsonLd10, kJsonLd11 };

struct ExpandOptions {
  std::string base;                      // the document's base IRI; "" for none
  const Json* expand_context = nullptr;  // a context applied before the document's own
  ProcessingMode processing_mode = ProcessingMode::kJsonLd11;
  // Where the document was loaded from (the API's documentUrl), when that differs from `base`:
  // relative context URLs in the document resolve against it, and "@context": null resets the
  // base IRI to it. "" means the same as `base`.
  std::string document_url;
  // A member of the top-level object that expansion ignores, as if the document did not have
  // it: how a verifier expands a secured document without its "proof" and without copying it.
  // Must not be "@context". "" for none.
  std::string_view excluded_member;
};

// What expansion silently did that a signature must not hide ("safe mode" decides with it).
// Each finding is recorded once per occurrence, in document order.
struct ExpansionDiagnostics {
  // Keys that expanded to nothing: no term definition and no @vocab, a term defined as null, a
  // key with the form of a keyword, or a keyword with no meaning where it stands.
  std::vector<std::string> dropped_keys;
  // Keys, @type values and "@type": "@vocab" values whose IRI came from @vocab, not from a term
  // definition (e.g. through the "undefined-terms" context's @vocab).
  std::vector<std::string> vocab_terms;
  // Expanded IRIs left relative (no base IRI, no @vocab): of @id, @type, keys, coerced values.
  std::vector<std::string> relative_iris;
  // Values removed (a null, a value object with a null @value, a free-floating value or list,
  // a node with only @id at the top level, an @id with the form of a keyword), each as the JSON
  // Pointer (RFC 6901) of the value in the input.
  std::vector<std::string> dropped_values;
  // One sentence per finding above, naming where it is as a JSON Pointer into the input, e.g.
  // 'key "colour" at /credentialSubject was dropped: no context defines it and there is no
  // @vocab'.
  std::vector<std::string> messages;

  // True when expansion dropped nothing and expanded nothing through @vocab or to a relative
  // IRI: the expanded form then says everything the document says.
  bool empty() const {
    return dropped_keys.empty() && vocab_terms.empty() && relative_iris.empty() &&
           dropped_values.empty();
  }
};

// Errors: every failure is kInvalidInput (or the loader's error for a missing context) whose
// message starts with the JSON-LD error code of the specification followed by ": ", e.g.
// "invalid IRI mapping: ...", "loading remote context failed: ...". JsonLdErrorCode()
// returns that code, or "" for an error that has none (kInternal: out of memory, or a bug).
std::string JsonLdErrorCode(const Error& error);

class Expander {
 public:
  // `loader` must outlive the expander. Processed contexts are cached inside the expander,
  // keyed by the active context they apply to and by the context's URL, the identity of a
  // term's scoped context, or (for a document's own @context, which does not outlive the call)
  // its serialized text; so expanding many documents that share contexts processes each
  // context once. The cache is bounded
  // (it starts over when full), and the context processing of one call is bounded too: a
  // hostile context fails with "context overflow" instead of exhausting time or stack.
  // Thread-safe: one expander may serve every thread.
  explicit Expander(const RemoteContextLoader& loader);
  ~Expander();

  // Expands `input` (JSON-LD 1.1 Expansion algorithm, then the API's final steps: a top-level
  // @graph-only object is unwrapped, null becomes [], the result is always an array).
  // `diagnostics`, when given, is cleared and then receives what was dropped or
  // vocabulary-expanded. Keys are visited in document order (the API's `ordered` is false).
  // Language tags are lower-cased, as the test suite and most processors do. An @id (or
  // @id-coerced value) with the form of a keyword, such as "@ignoreMe", expands to
  // "@id": null, as the suite expects; deserializing to RDF skips it. Never throws.
  Result<Json> Expand(const Json& input, const ExpandOptions& options,
                      ExpansionDiagnostics* diagnostics = nullptr) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pramaan::jsonld

#endif  // PRAMAAN_CORE_JSONLD_EXPAND_H_
