#include "core/rdf/rdfc10.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/crypto/sha256.h"
#include "core/encoding/hex.h"
#include "core/rdf/nquads.h"

namespace pramaan::rdf {
namespace {

constexpr int32_t kNone = -1;

// Index of a component in QuadTemplate::nodes, and the letter Hash Related Blank Node uses.
enum Position : int { kSubject = 0, kObject = 1, kGraph = 2 };
constexpr char kPositionLetter[3] = {'s', 'o', 'g'};

// The RDFC-1.0 hash function: a digest as lower-case hex.
class HashFunction {
 public:
  static Result<HashFunction> Create(RdfcHashAlgorithm algorithm) {
    if (algorithm == RdfcHashAlgorithm::kSha256) return HashFunction(nullptr);
    // Fetched once and never freed, for the same reasons as in core/crypto/sha256.cc.
    static const EVP_MD* const sha384 = EVP_MD_fetch(nullptr, "SHA2-384", nullptr);
    if (sha384 == nullptr) return Unsupported("RDFC-1.0: OpenSSL cannot provide SHA-384");
    return HashFunction(sha384);
  }

  std::string Hex(std::string_view data) const {
    if (md_ == nullptr) return EncodeHex(Sha256(data));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &size, md_, nullptr) != 1) {
      // Only a failed allocation inside OpenSSL gets here; see core/crypto/sha256.h.
      std::fprintf(stderr, "pramaan: fatal: SHA-384 digest failed\n");
      ERR_print_errors_fp(stderr);
      std::abort();
    }
    return EncodeHex(std::span<const uint8_t>(digest, size));
  }

 private:
  explicit HashFunction(const EVP_MD* md) : md_(md) {}
  const EVP_MD* md_;  // null: SHA-256 through core/crypto
};

// A byte range of a buffer that may still grow (so no string_view).
struct Span {
  uint32_t begin = 0;
  uint32_t size = 0;
};

// A quad with at least one blank node, serialized once: the canonical text of its other
// parts, with the blank nodes left as holes to fill with whatever label a step needs.
struct QuadTemplate {
  Span subject;      // "<iri>", empty when the subject is a blank node
  Span middle;       // " <predicate> "
  Span object;       // the object, empty when it is a blank node
  Span graph;        // "<iri>", empty when the graph is blank or the default graph
  int32_t nodes[3];  // blank node index of subject, object, graph, or kNone
  bool has_graph;    // not the default graph
  uint32_t quad;     // index in the input dataset
};

// An identifier issuer (RDFC-1.0 section 4.5) over blank node indices. The canonical issuer
// is dense (every node is looked up often). Temporary issuers are copied for every
// permutation and usually hold a handful of nodes, searched linearly; past
// kLinearIssuerLimit they add a hash index, so a poison dataset cannot make each lookup cost
// as much as the issuer is long.
class TemporaryIssuer {
 public:
  // Returns the number issued to `node`, or kNone.
  int32_t Find(int32_t node) const {
    if (!index_.empty()) {
      const auto it = index_.find(node);
      return it == index_.end() ? kNone : it->second;
    }
    for (std::size_t i = 0; i < order_.size(); ++i) {
      if (order_[i] == node) return static_cast<int32_t>(i);
    }
    return kNone;
  }
  int32_t Issue(int32_t node) {
    const int32_t found = Find(node);
    if (found != kNone) return found;
    const auto number = static_cast<int32_t>(order_.size());
    order_.push_back(node);
    if (!index_.empty()) {
      index_.emplace(node, number);
    } else if (order_.size() > kLinearIssuerLimit) {
      for (std::size_t i = 0; i < order_.size(); ++i) {
        index_.emplace(order_[i], static_cast<int32_t>(i));
      }
    }
    return number;
  }
  std::size_t size() const { return order_.size(); }
  // Nodes in the order their identifiers were issued.
  const std::vector<int32_t>& order() const { return order_; }

 private:
  static constexpr std::size_t kLinearIssuerLimit = 32;
  std::vector<int32_t> order_;
  std::unordered_map<int32_t, int32_t> index_;  // node -> number, once there are many
};

class CanonicalIssuer {
 public:
  // Forgets every identifier; afterwards `node_count` nodes can be issued identifiers.
  void Reset(std::size_t node_count) {
    number_.assign(node_count, kNone);
    next_ = 0;
  }
  int32_t Find(int32_t node) const { return number_[node]; }
  void Issue(int32_t node) {
    if (number_[node] == kNone) number_[node] = next_++;
  }

 private:
  std::vector<int32_t> number_;
  int32_t next_ = 0;
};

void AppendNumber(int32_t number, std::string* out) {
  char digits[16];
  const auto end = std::to_chars(digits, digits + sizeof(digits), number).ptr;
  out->append(digits, end);
}

// Orders terms as their canonical serializations are told apart (not in their order): a
// language overrides the datatype, and a plain literal is an xsd:string. Returns <0, 0, >0.
int CompareTerms(const TermView& a, const TermView& b) {
  if (a.kind != b.kind) return a.kind < b.kind ? -1 : 1;
  if (const int c = a.value.compare(b.value); c != 0) return c;
  if (a.kind != TermKind::kLiteral) return 0;
  if (const int c = a.language.compare(b.language); c != 0) return c;
  return a.language.empty() ? a.datatype.compare(b.datatype) : 0;
}

int CompareQuads(const QuadView& a, const QuadView& b) {
  if (const int c = CompareTerms(a.subject, b.subject); c != 0) return c;
  if (const int c = CompareTerms(a.predicate, b.predicate); c != 0) return c;
  if (const int c = CompareTerms(a.object, b.object); c != 0) return c;
  return CompareTerms(a.graph, b.graph);
}

// Sorts `spans` with `less`, merging the ascending runs already present: canonical order is
// usually close to the input's (JSON-LD toRdf emits quads ordered by graph, subject and
// property, and the quads of one blank node stay in order), so this needs about n comparisons
// for such input and O(n log n) at worst. `buffer` and `bounds` are scratch space.
template <typename Less>
void SortByMergingRuns(std::vector<Span>* spans, std::vector<Span>* buffer,
                       std::vector<uint32_t>* bounds, const Less& less) {
  const auto n = static_cast<uint32_t>(spans->size());
  bounds->clear();
  bounds->push_back(0);
  for (uint32_t i = 1; i < n; ++i) {
    if (less((*spans)[i], (*spans)[i - 1])) bounds->push_back(i);
  }
  bounds->push_back(n);
  // bounds holds 0, the start of every run after the first, and n; each pass halves the runs.
  while (bounds->size() > 2) {
    buffer->resize(n);
    const auto at = [](std::vector<Span>* v, uint32_t i) { return v->begin() + i; };
    std::size_t out = 1;
    std::size_t k = 0;
    for (; k + 2 < bounds->size(); k += 2) {
      const uint32_t b0 = (*bounds)[k], b1 = (*bounds)[k + 1], b2 = (*bounds)[k + 2];
      std::merge(at(spans, b0), at(spans, b1), at(spans, b1), at(spans, b2), at(buffer, b0), less);
      (*bounds)[out++] = b2;
    }
    if (k + 1 < bounds->size()) {  // an odd run out
      const uint32_t b0 = (*bounds)[k], b1 = (*bounds)[k + 1];
      std::copy(at(spans, b0), at(spans, b1), at(buffer, b0));
      (*bounds)[out++] = b1;
    }
    bounds->resize(out);
    spans->swap(*buffer);
  }
}

struct NDegreeResult {
  std::string hash;
  TemporaryIssuer issuer;
};

// A line in a buffer and the template it was written from.
struct LineRef {
  Span text;
  uint32_t template_index;
};

// Every buffer one canonicalization needs. One per thread is kept between calls so that, in
// the steady state of signing or verifying credential after credential, canonicalization
// allocates only its result.
struct Workspace {
  // Buffers that grew beyond this are released after use instead of kept (a one-off huge
  // dataset should not pin its memory to the thread).
  static constexpr std::size_t kMaxRetainedBytes = std::size_t{1} << 20;

  std::vector<std::string_view> labels;                 // input label of each blank node, by index
  std::unordered_map<std::string_view, int32_t> index;  // label -> node, once there are many
  std::string arena;                                    // template texts
  std::vector<QuadTemplate> templates;                  // quads with blank nodes
  std::vector<char> dead;                               // by template: a repeat of an earlier quad
  std::vector<uint32_t> node_quads;                     // template indices, sliced per node as
  std::vector<uint32_t> node_quads_begin;               // [node_quads_begin[n], node_quads_end[n])
  std::vector<uint32_t> node_quads_end;
  std::vector<std::string> first_degree;      // by node
  std::vector<int32_t> by_hash;               // nodes sorted by first-degree hash
  std::vector<std::string> canonical_labels;  // "_:c14nN" by node
  std::string lines;                          // canonical lines, see line_spans
  std::vector<Span> line_spans;
  std::vector<Span> span_buffer;  // SortByMergingRuns
  std::vector<uint32_t> run_bounds;
  std::string scratch;  // HashFirstDegreeQuads
  std::string joined;
  std::vector<LineRef> scratch_lines;

  void Clear() {
    labels.clear();
    index.clear();
    arena.clear();
    templates.clear();
    dead.clear();
    node_quads.clear();
    node_quads_begin.clear();
    node_quads_end.clear();
    by_hash.clear();
    lines.clear();
    line_spans.clear();
    span_buffer.clear();
    run_bounds.clear();
    scratch.clear();
    joined.clear();
    scratch_lines.clear();
    // first_degree and canonical_labels keep their strings (and capacity); they are resized
    // and overwritten.
  }

  // Releases the big buffers that a large dataset grew.
  void TrimIfLarge() {
    const auto trim = [](auto& buffer) {
      using Buffer = std::remove_reference_t<decltype(buffer)>;
      if (buffer.capacity() * sizeof(typename Buffer::value_type) > kMaxRetainedBytes) {
        Buffer().swap(buffer);
      }
    };
    trim(arena);
    trim(lines);
    trim(scratch);
    trim(joined);
    trim(templates);
    trim(line_spans);
    trim(span_buffer);
    trim(node_quads);
    trim(scratch_lines);
    if (labels.capacity() * sizeof(std::string_view) > kMaxRetainedBytes) {
      decltype(labels)().swap(labels);
      decltype(index)().swap(index);
      decltype(dead)().swap(dead);
      decltype(node_quads_begin)().swap(node_quads_begin);
      decltype(node_quads_end)().swap(node_quads_end);
      decltype(first_degree)().swap(first_degree);
      decltype(by_hash)().swap(by_hash);
      decltype(canonical_labels)().swap(canonical_labels);
    }
  }
};

// Deepest recursion of Hash N-Degree Quads allowed, whatever the call bound: the depth follows
// chains of blank nodes with equal first-degree hashes (a cycle of n such nodes recurses n
// deep), and each level takes stack, which a server thread may have little of. No vector of
// the W3C test suite goes deeper than 7.
constexpr int kMaxHashNDegreeDepth = 256;

// The canonical lines and templates are addressed by 32-bit offsets.
constexpr uint64_t kMaxSerializedBytes = UINT32_MAX;

// An upper bound of the bytes of `dataset` in N-Quads, escapes included (at most 6 bytes per
// byte of a literal, "\u00XX") and with any blank node label as long as "_:c14n" and ten
// digits.
uint64_t SerializedSizeBound(const DatasetView& dataset) {
  uint64_t bytes = 0;
  const auto term_bytes = [](const TermView& term) -> uint64_t {
    return (term.kind == TermKind::kLiteral ? 6 * uint64_t{term.value.size()} : term.value.size()) +
           term.datatype.size() + term.language.size() + 24;
  };
  for (const QuadView& quad : dataset) {
    bytes += term_bytes(quad.subject) + term_bytes(quad.predicate) + term_bytes(quad.object) +
             term_bytes(quad.graph) + 8;
  }
  return bytes;
}

// Blank node labels are looked up by linear search while there are at most this many (faster
// than hashing for the handful a credential has), then through Workspace::index.
constexpr std::size_t kLinearLabelSearchLimit = 16;

class Canonicalizer {
 public:
  Canonicalizer(const DatasetView& dataset, const CanonicalizationOptions& options, HashFunction hash,
                Workspace& workspace)
      : dataset_(dataset), options_(options), hash_(hash), ws_(workspace) {}

  Result<CanonicalDataset> Run() {
    PRAMAAN_RETURN_IF_ERROR(Prepare());
    const std::size_t node_count = ws_.labels.size();
    canonical_.Reset(node_count);

    // Steps 3-4: first-degree hashes; nodes whose hash is unique get canonical identifiers
    // at once, in hash order.
    ws_.first_degree.resize(node_count);
    for (int32_t node = 0; node < static_cast<int32_t>(node_count); ++node) {
      HashFirstDegreeQuads(node, &ws_.first_degree[node]);
    }
    DropDuplicateQuadsFromNodeLists();
    const std::vector<std::string>& first_degree = ws_.first_degree;
    std::vector<int32_t>& by_hash = ws_.by_hash;
    by_hash.resize(node_count);
    std::iota(by_hash.begin(), by_hash.end(), 0);
    std::stable_sort(by_hash.begin(), by_hash.end(),
                     [&](int32_t a, int32_t b) { return first_degree[a] < first_degree[b]; });
    std::vector<std::span<const int32_t>> shared_hash_groups;
    for (std::size_t i = 0; i < by_hash.size();) {
      std::size_t end = i + 1;
      while (end < by_hash.size() && first_degree[by_hash[end]] == first_degree[by_hash[i]]) {
        ++end;
      }
      if (end - i == 1) {
        canonical_.Issue(by_hash[i]);
      } else {
        shared_hash_groups.emplace_back(by_hash.data() + i, end - i);
      }
      i = end;
    }

    // Step 5: blank nodes that share a first-degree hash, through Hash N-Degree Quads.
    for (std::span<const int32_t> group : shared_hash_groups) {
      std::vector<NDegreeResult> hash_path_list;
      for (int32_t node : group) {
        if (canonical_.Find(node) != kNone) continue;
        TemporaryIssuer temporary;
        temporary.Issue(node);
        PRAMAAN_ASSIGN_OR_RETURN(NDegreeResult result, HashNDegreeQuads(node, temporary, 1));
        hash_path_list.push_back(std::move(result));
      }
      std::stable_sort(
          hash_path_list.begin(), hash_path_list.end(),
          [](const NDegreeResult& a, const NDegreeResult& b) { return a.hash < b.hash; });
      for (const NDegreeResult& result : hash_path_list) {
        for (int32_t node : result.issuer.order()) canonical_.Issue(node);
      }
    }

    return Serialize();
  }

 private:
  // The index of the blank node `term` names (numbered in order of first appearance), or
  // kNone when it is not a blank node.
  int32_t NodeOf(const TermView& term) {
    if (term.kind != TermKind::kBlankNode) return kNone;
    const std::string_view label = term.value;
    std::vector<std::string_view>& labels = ws_.labels;
    if (labels.size() <= kLinearLabelSearchLimit) {
      for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] == label) return static_cast<int32_t>(i);
      }
      labels.push_back(label);
      if (labels.size() > kLinearLabelSearchLimit) {
        for (std::size_t i = 0; i < labels.size(); ++i) {
          ws_.index.emplace(labels[i], static_cast<int32_t>(i));
        }
      }
      return static_cast<int32_t>(labels.size() - 1);
    }
    const auto [it, inserted] = ws_.index.try_emplace(label, static_cast<int32_t>(labels.size()));
    if (inserted) labels.push_back(label);
    return it->second;
  }

  // Step 2 and the serialization work shared by all later steps: indexes the blank nodes,
  // builds the blank node to quads map, writes the lines of quads without blank nodes
  // (already final) and a template for every other quad.
  Status Prepare() {
    ws_.line_spans.reserve(dataset_.size());
    for (uint32_t q = 0; q < dataset_.size(); ++q) {
      const QuadView& quad = dataset_[q];
      PRAMAAN_RETURN_IF_ERROR(CheckQuad(quad, q));
      QuadTemplate t;
      t.nodes[kSubject] = NodeOf(quad.subject);
      t.nodes[kObject] = NodeOf(quad.object);
      t.nodes[kGraph] = NodeOf(quad.graph);
      if (t.nodes[kSubject] == kNone && t.nodes[kObject] == kNone && t.nodes[kGraph] == kNone) {
        const auto begin = static_cast<uint32_t>(ws_.lines.size());
        AppendNQuad(quad, &ws_.lines);
        ws_.line_spans.push_back({begin, static_cast<uint32_t>(ws_.lines.size() - begin)});
        continue;
      }
      t.has_graph = quad.graph.kind != TermKind::kDefaultGraph;
      t.quad = q;
      t.subject = AppendToArena(quad.subject);
      const auto begin = static_cast<uint32_t>(ws_.arena.size());
      ws_.arena.push_back(' ');
      AppendNQuadTerm(quad.predicate, &ws_.arena);
      ws_.arena.push_back(' ');
      t.middle = {begin, static_cast<uint32_t>(ws_.arena.size() - begin)};
      t.object = AppendToArena(quad.object);
      t.graph = AppendToArena(quad.graph);
      ws_.templates.push_back(t);
    }

    // The blank node to quads map, as one array of template indices sliced per node. A quad
    // that names a node twice is listed once for it.
    const std::size_t node_count = ws_.labels.size();
    std::vector<uint32_t>& begin = ws_.node_quads_begin;
    std::vector<uint32_t>& end = ws_.node_quads_end;
    begin.assign(node_count + 1, 0);
    const auto for_each_distinct_node = [](const QuadTemplate& t, auto&& visit) {
      for (int p = 0; p < 3; ++p) {
        const int32_t n = t.nodes[p];
        if (n == kNone) continue;
        if ((p >= 1 && t.nodes[0] == n) || (p == 2 && t.nodes[1] == n)) continue;
        visit(n);
      }
    };
    for (const QuadTemplate& t : ws_.templates) {
      for_each_distinct_node(t, [&](int32_t n) { ++begin[n + 1]; });
    }
    for (std::size_t n = 0; n < node_count; ++n) begin[n + 1] += begin[n];
    ws_.node_quads.resize(begin.back());
    end.assign(begin.begin(), begin.end() - 1);
    for (uint32_t i = 0; i < ws_.templates.size(); ++i) {
      for_each_distinct_node(ws_.templates[i], [&](int32_t n) { ws_.node_quads[end[n]++] = i; });
    }
    ws_.dead.assign(ws_.templates.size(), 0);
    return Status::Ok();
  }

  // A quad RDF allows: subject an IRI or blank node, predicate an IRI, object not a graph
  // placeholder, graph an IRI, a blank node or the default graph. (A blank node elsewhere
  // would escape relabeling.)
  static Status CheckQuad(const QuadView& quad, uint32_t index) {
    const char* problem = nullptr;
    if (quad.subject.kind != TermKind::kIri && quad.subject.kind != TermKind::kBlankNode) {
      problem = "its subject is neither an IRI nor a blank node";
    } else if (quad.predicate.kind != TermKind::kIri) {
      problem = "its predicate is not an IRI";
    } else if (quad.object.kind == TermKind::kDefaultGraph) {
      problem = "it has no object";
    } else if (quad.graph.kind == TermKind::kLiteral) {
      problem = "its graph name is a literal";
    }
    if (problem == nullptr) return Status::Ok();
    return InvalidInput("RDFC-1.0: quad " + std::to_string(index) + " is not RDF: " + problem);
  }

  Span AppendToArena(const TermView& term) {
    if (term.kind == TermKind::kBlankNode) return {};
    const auto begin = static_cast<uint32_t>(ws_.arena.size());
    AppendNQuadTerm(term, &ws_.arena);
    return {begin, static_cast<uint32_t>(ws_.arena.size() - begin)};
  }

  std::string_view ArenaText(Span span) const {
    return std::string_view(ws_.arena).substr(span.begin, span.size);
  }

  // Appends the canonical line of template `t`, with label(node) (which includes "_:") for
  // each blank node.
  template <typename Label>
  void AppendLine(const QuadTemplate& t, const Label& label, std::string* out) const {
    if (t.nodes[kSubject] != kNone) {
      out->append(label(t.nodes[kSubject]));
    } else {
      out->append(ArenaText(t.subject));
    }
    out->append(ArenaText(t.middle));
    if (t.nodes[kObject] != kNone) {
      out->append(label(t.nodes[kObject]));
    } else {
      out->append(ArenaText(t.object));
    }
    if (t.has_graph) {
      out->push_back(' ');
      if (t.nodes[kGraph] != kNone) {
        out->append(label(t.nodes[kGraph]));
      } else {
        out->append(ArenaText(t.graph));
      }
    }
    out->append(std::string_view(" .\n"));
  }

  std::span<const uint32_t> QuadsOf(int32_t node) const {
    return std::span<const uint32_t>(ws_.node_quads.data() + ws_.node_quads_begin[node],
                                     ws_.node_quads_end[node] - ws_.node_quads_begin[node]);
  }

  // Hash First Degree Quads (section 4.6): the node's quads with itself as _:a and every
  // other blank node as _:z, sorted, concatenated, hashed into *hash.
  //
  // The input is a set, but a Dataset may repeat a quad. Repeats of a quad are lines that
  // compare equal here for every node they contain, so this is where they are found, at no
  // cost when there are none: of equal quads all but the first are marked dead (the same
  // decision whichever node finds them) and left out of every hash.
  void HashFirstDegreeQuads(int32_t node, std::string* hash) {
    std::string& text = ws_.scratch;
    std::vector<LineRef>& lines = ws_.scratch_lines;
    text.clear();
    lines.clear();
    const auto label = [node](int32_t n) -> std::string_view { return n == node ? "_:a" : "_:z"; };
    for (uint32_t i : QuadsOf(node)) {
      const auto begin = static_cast<uint32_t>(text.size());
      AppendLine(ws_.templates[i], label, &text);
      lines.push_back({{begin, static_cast<uint32_t>(text.size() - begin)}, i});
    }
    const auto view = [&](const LineRef& line) {
      return std::string_view(text).substr(line.text.begin, line.text.size);
    };
    std::sort(lines.begin(), lines.end(),
              [&](const LineRef& a, const LineRef& b) { return view(a) < view(b); });
    for (std::size_t i = 0; i < lines.size();) {
      std::size_t end = i + 1;
      while (end < lines.size() && view(lines[end]) == view(lines[i])) ++end;
      if (end - i > 1) MarkRepeats(std::span<LineRef>(lines.data() + i, end - i));
      i = end;
    }
    std::string& joined = ws_.joined;
    joined.clear();
    for (const LineRef& line : lines) {
      if (!ws_.dead[line.template_index]) joined.append(view(line));
    }
    *hash = hash_.Hex(joined);
  }

  // Marks dead every quad among `equal_lines` (lines that read the same from one node) that
  // repeats one with a smaller index. Sorting keeps this O(k log k) in the run's length: a
  // node may have thousands of quads that all read "_:a <p> _:z .".
  void MarkRepeats(std::span<LineRef> equal_lines) {
    const auto quad_of = [&](const LineRef& line) -> const QuadView& {
      return dataset_[ws_.templates[line.template_index].quad];
    };
    std::sort(equal_lines.begin(), equal_lines.end(), [&](const LineRef& a, const LineRef& b) {
      const int c = CompareQuads(quad_of(a), quad_of(b));
      return c != 0 ? c < 0 : a.template_index < b.template_index;
    });
    for (std::size_t i = 1; i < equal_lines.size(); ++i) {
      if (CompareQuads(quad_of(equal_lines[i - 1]), quad_of(equal_lines[i])) == 0) {
        ws_.dead[equal_lines[i].template_index] = 1;
      }
    }
  }

  // Removes the repeats HashFirstDegreeQuads found from the blank node to quads map, so Hash
  // N-Degree Quads sees each quad once.
  void DropDuplicateQuadsFromNodeLists() {
    if (std::find(ws_.dead.begin(), ws_.dead.end(), 1) == ws_.dead.end()) return;
    for (std::size_t n = 0; n < ws_.labels.size(); ++n) {
      const auto begin = ws_.node_quads.begin() + ws_.node_quads_begin[n];
      const auto end = ws_.node_quads.begin() + ws_.node_quads_end[n];
      const auto kept = std::remove_if(begin, end, [&](uint32_t i) { return ws_.dead[i] != 0; });
      ws_.node_quads_end[n] = static_cast<uint32_t>(kept - ws_.node_quads.begin());
    }
  }

  // Appends "_:" and the canonical identifier of `node`, if it has one; returns whether it
  // had.
  bool AppendCanonical(int32_t node, std::string* out) const {
    const int32_t c = canonical_.Find(node);
    if (c == kNone) return false;
    out->append("_:c14n");
    AppendNumber(c, out);
    return true;
  }

  // Appends "_:" and the identifier the canonical issuer or else `issuer` gave `node`, if
  // any; returns whether there was one. The canonical identifier wins, as in every step.
  bool AppendIssued(int32_t node, const TemporaryIssuer& issuer, std::string* out) const {
    if (AppendCanonical(node, out)) return true;
    if (const int32_t b = issuer.Find(node); b != kNone) {
      out->append("_:b");
      AppendNumber(b, out);
      return true;
    }
    return false;
  }

  // Hash Related Blank Node (section 4.7).
  std::string HashRelatedBlankNode(int32_t related, const QuadTemplate& t, Position position,
                                   const TemporaryIssuer& issuer) const {
    std::string input(1, kPositionLetter[position]);
    if (position != kGraph) input.append(ArenaText(t.middle).substr(1, t.middle.size - 2));
    if (!AppendIssued(related, issuer, &input)) input.append(ws_.first_degree[related]);
    return hash_.Hex(input);
  }

  // Counts `steps` against options_.max_hash_n_degree_steps; fails once they are spent.
  Status Spend(std::size_t steps) {
    steps_ += steps;
    if (steps_ <= options_.max_hash_n_degree_steps) return Status::Ok();
    return InvalidInput("RDFC-1.0: the dataset needs more than " +
                        std::to_string(options_.max_hash_n_degree_steps) +
                        " steps of Hash N-Degree Quads (the work bound); it may be a poison "
                        "dataset built to make canonicalization exponential");
  }

  // Hash N-Degree Quads (section 4.8). `issuer` is the caller's; the result carries the
  // issuer of the chosen path (the caller's own when no node is related). `depth` counts the
  // calls on the stack, this one included.
  Result<NDegreeResult> HashNDegreeQuads(int32_t node, TemporaryIssuer issuer, int depth) {
    if (++n_degree_calls_ > options_.max_hash_n_degree_calls) {
      return InvalidInput("RDFC-1.0: the dataset needs more than " +
                          std::to_string(options_.max_hash_n_degree_calls) +
                          " calls of Hash N-Degree Quads (the work bound); it may be a poison "
                          "dataset built to make canonicalization exponential");
    }
    if (depth > kMaxHashNDegreeDepth) {
      return InvalidInput("RDFC-1.0: Hash N-Degree Quads would recurse deeper than " +
                          std::to_string(kMaxHashNDegreeDepth) +
                          " levels (the work bound); the dataset has a long chain of blank "
                          "nodes that first-degree hashes cannot tell apart");
    }
    // Steps 1-3: the related blank nodes, grouped by the hash of their relation to `node`
    // (the related hash to blank nodes map, as a list sorted by hash that keeps the order in
    // which nodes were found within a hash).
    std::vector<std::pair<std::string, int32_t>> related;
    for (uint32_t i : QuadsOf(node)) {
      const QuadTemplate& t = ws_.templates[i];
      for (Position position : {kSubject, kObject, kGraph}) {
        const int32_t r = t.nodes[position];
        if (r == kNone || r == node) continue;
        PRAMAAN_RETURN_IF_ERROR(Spend(1));
        related.emplace_back(HashRelatedBlankNode(r, t, position, issuer), r);
      }
    }
    std::stable_sort(related.begin(), related.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });

    // Steps 4-5.
    std::string data_to_hash;
    std::vector<std::size_t> permutation;
    std::vector<int32_t> recursion_list;
    for (std::size_t g = 0; g < related.size();) {
      std::size_t g_end = g + 1;
      while (g_end < related.size() && related[g_end].first == related[g].first) ++g_end;
      data_to_hash.append(related[g].first);
      std::string chosen_path;
      std::optional<TemporaryIssuer> chosen_issuer;
      // Every permutation of the group, as permutations of positions in lexicographic order.
      permutation.resize(g_end - g);
      std::iota(permutation.begin(), permutation.end(), g);
      do {
        PRAMAAN_RETURN_IF_ERROR(Spend(1 + issuer.size() + permutation.size()));
        TemporaryIssuer issuer_copy = issuer;
        std::string path;
        recursion_list.clear();
        // Steps 5.4.4.3 and 5.4.5.5: give up on a path that can no longer be the smallest.
        const auto beaten = [&] {
          return !chosen_path.empty() && path.size() >= chosen_path.size() && path > chosen_path;
        };
        bool pruned = false;
        for (std::size_t index : permutation) {
          const int32_t r = related[index].second;
          if (!AppendCanonical(r, &path)) {
            if (issuer_copy.Find(r) == kNone) recursion_list.push_back(r);
            path.append("_:b");
            AppendNumber(issuer_copy.Issue(r), &path);
          }
          if (beaten()) {
            pruned = true;
            break;
          }
        }
        if (!pruned) {
          for (int32_t r : recursion_list) {
            // The recursion extends the issuer it is given (identifiers are only ever added),
            // so hand it over rather than copy it; r keeps the number issued above.
            PRAMAAN_ASSIGN_OR_RETURN(NDegreeResult result,
                                     HashNDegreeQuads(r, std::move(issuer_copy), depth + 1));
            issuer_copy = std::move(result.issuer);
            path.append("_:b");
            AppendNumber(issuer_copy.Find(r), &path);
            path.push_back('<');
            path.append(result.hash);
            path.push_back('>');
            if (beaten()) {
              pruned = true;
              break;
            }
          }
        }
        if (!pruned && (chosen_path.empty() || path < chosen_path)) {
          chosen_path = std::move(path);
          chosen_issuer = std::move(issuer_copy);
        }
      } while (std::next_permutation(permutation.begin(), permutation.end()));
      data_to_hash.append(chosen_path);
      issuer = std::move(*chosen_issuer);
      g = g_end;
    }
    return NDegreeResult{hash_.Hex(data_to_hash), std::move(issuer)};
  }

  // Step 6 and the serialization: every quad with canonical labels, sorted, without repeats.
  CanonicalDataset Serialize() {
    CanonicalDataset result;
    std::vector<std::string>& labels = ws_.canonical_labels;
    labels.resize(ws_.labels.size());
    for (std::size_t n = 0; n < ws_.labels.size(); ++n) {
      labels[n].assign("_:c14n");
      AppendNumber(canonical_.Find(static_cast<int32_t>(n)), &labels[n]);
      result.issued.emplace(std::string(ws_.labels[n]), labels[n].substr(2));
    }
    const auto label = [&](int32_t n) -> std::string_view { return labels[n]; };
    for (const QuadTemplate& t : ws_.templates) {
      const auto begin = static_cast<uint32_t>(ws_.lines.size());
      AppendLine(t, label, &ws_.lines);
      ws_.line_spans.push_back({begin, static_cast<uint32_t>(ws_.lines.size() - begin)});
    }
    const std::string_view text(ws_.lines);
    const auto view = [&](Span s) { return text.substr(s.begin, s.size); };
    SortByMergingRuns(&ws_.line_spans, &ws_.span_buffer, &ws_.run_bounds,
                      [&](Span a, Span b) { return view(a) < view(b); });
    result.nquads.reserve(text.size());
    std::string_view previous;
    for (Span s : ws_.line_spans) {
      const std::string_view line = view(s);
      if (line == previous) continue;
      result.nquads.append(line);
      previous = line;
    }
    return result;
  }

  const DatasetView& dataset_;
  const CanonicalizationOptions& options_;
  const HashFunction hash_;
  Workspace& ws_;
  CanonicalIssuer canonical_;
  std::size_t n_degree_calls_ = 0;
  std::size_t steps_ = 0;
};

}  // namespace

Result<CanonicalDataset> CanonicalizeRdfc10(const DatasetView& dataset,
                                            const CanonicalizationOptions& options) {
  PRAMAAN_ASSIGN_OR_RETURN(HashFunction hash, HashFunction::Create(options.hash_algorithm));
  if (SerializedSizeBound(dataset) > kMaxSerializedBytes) {
    return InvalidInput(
        "RDFC-1.0: the dataset is too large to canonicalize (over 4 GiB as "
        "N-Quads)");
  }
  // Not re-entrant use: nothing below calls back into CanonicalizeRdfc10.
  thread_local Workspace workspace;
  workspace.Clear();
  Result<CanonicalDataset> result = Canonicalizer(dataset, options, hash, workspace).Run();
  workspace.Clear();  // drops the views into `dataset`
  workspace.TrimIfLarge();
  return result;
}

Result<CanonicalDataset> CanonicalizeRdfc10(const Dataset& dataset,
                                            const CanonicalizationOptions& options) {
  DatasetView view;
  view.reserve(dataset.size());
  for (const Quad& quad : dataset) view.push_back(ViewOf(quad));
  return CanonicalizeRdfc10(view, options);
}

}  // namespace pramaan::rdf
