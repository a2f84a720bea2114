#include "core/jsonld/iri.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace pramaan::jsonld {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Characters RFC 3987 excludes from every part of an IRI (they must be percent-encoded), so
// a string holding one cannot have the form of an IRI.
bool IsExcludedFromIri(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte <= 0x20 || byte == 0x7F) return true;
  switch (c) {
    case '<':
    case '>':
    case '"':
    case '{':
    case '}':
    case '|':
    case '\\':
    case '^':
    case '`':
      return true;
    default:
      return false;
  }
}

// Length of the scheme of `value` (RFC 3986 section 3.1), or 0 if it does not start with a
// scheme followed by ':'.
std::size_t SchemeLength(std::string_view value) {
  if (value.empty() || !IsAlpha(value[0])) return 0;
  for (std::size_t i = 1; i < value.size(); ++i) {
    const char c = value[i];
    if (c == ':') return i;
    if (!IsAlpha(c) && !IsDigit(c) && c != '+' && c != '-' && c != '.') return 0;
  }
  return 0;
}

// The five components of RFC 3986 section 3; absent components are distinguished from empty
// ones, as the resolution algorithm requires ("?" alone is an empty query, not none).
struct IriParts {
  std::string_view scheme;
  std::string_view authority;
  std::string_view path;
  std::string_view query;
  std::string_view fragment;
  bool has_scheme = false;
  bool has_authority = false;
  bool has_query = false;
  bool has_fragment = false;
};

// Splits `value` with the regular expression of RFC 3986 appendix B, which accepts any string.
IriParts Split(std::string_view value) {
  IriParts parts;
  if (const std::size_t scheme = SchemeLength(value); scheme > 0) {
    parts.scheme = value.substr(0, scheme);
    parts.has_scheme = true;
    value.remove_prefix(scheme + 1);
  }
  if (const std::size_t hash = value.find('#'); hash != std::string_view::npos) {
    parts.fragment = value.substr(hash + 1);
    parts.has_fragment = true;
    value = value.substr(0, hash);
  }
  if (const std::size_t question = value.find('?'); question != std::string_view::npos) {
    parts.query = value.substr(question + 1);
    parts.has_query = true;
    value = value.substr(0, question);
  }
  if (value.starts_with("//")) {
    value.remove_prefix(2);
    const std::size_t slash = value.find('/');
    parts.authority = value.substr(0, slash);
    parts.has_authority = true;
    value = slash == std::string_view::npos ? std::string_view() : value.substr(slash);
  }
  parts.path = value;
  return parts;
}

// RFC 3986 section 5.2.3.
std::string Merge(const IriParts& base, std::string_view reference_path) {
  std::string merged;
  if (base.has_authority && base.path.empty()) {
    merged.reserve(reference_path.size() + 1);
    merged.push_back('/');
  } else {
    const std::size_t slash = base.path.rfind('/');
    if (slash != std::string_view::npos) merged.assign(base.path.substr(0, slash + 1));
  }
  merged.append(reference_path);
  return merged;
}

// RFC 3986 section 5.3.
std::string Recompose(std::string_view scheme, bool has_authority, std::string_view authority,
                      std::string_view path, bool has_query, std::string_view query,
                      bool has_fragment, std::string_view fragment) {
  std::string out;
  out.reserve(scheme.size() + authority.size() + path.size() + query.size() + fragment.size() + 6);
  out.append(scheme).push_back(':');
  if (has_authority) out.append("//").append(authority);
  out.append(path);
  if (has_query) out.append("?").append(query);
  if (has_fragment) out.append("#").append(fragment);
  return out;
}

}  // namespace

bool IsAbsoluteIri(std::string_view value) {
  if (SchemeLength(value) == 0) return false;
  for (char c : value) {
    if (IsExcludedFromIri(c)) return false;
  }
  return true;
}

bool HasKeywordForm(std::string_view value) {
  if (value.size() < 2 || value[0] != '@') return false;
  for (std::size_t i = 1; i < value.size(); ++i) {
    if (!IsAlpha(value[i])) return false;
  }
  return true;
}

bool EndsWithGenDelim(std::string_view value) {
  if (value.empty()) return false;
  switch (value.back()) {
    case ':':
    case '/':
    case '?':
    case '#':
    case '[':
    case ']':
    case '@':
      return true;
    default:
      return false;
  }
}

std::string RemoveDotSegments(std::string_view input) {
  // The output buffer of section 5.2.4; each step moves one segment from input to output or
  // drops one, so the loop runs at most once per character of the input.
  std::string output;
  output.reserve(input.size());
  while (!input.empty()) {
    if (input.starts_with("../")) {  // A
      input.remove_prefix(3);
    } else if (input.starts_with("./")) {
      input.remove_prefix(2);
    } else if (input.starts_with("/./")) {  // B
      input.remove_prefix(2);
    } else if (input == "/.") {
      input = "/";
    } else if (input.starts_with("/../")) {  // C
      input.remove_prefix(3);
      const std::size_t slash = output.rfind('/');
      output.resize(slash == std::string::npos ? 0 : slash);
    } else if (input == "/..") {
      input = "/";
      const std::size_t slash = output.rfind('/');
      output.resize(slash == std::string::npos ? 0 : slash);
    } else if (input == "." || input == "..") {  // D
      input = std::string_view();
    } else {  // E: the first segment, with its leading "/" if any, up to the next "/"
      const std::size_t next = input.find('/', input[0] == '/' ? 1 : 0);
      const std::size_t length = next == std::string_view::npos ? input.size() : next;
      output.append(input.substr(0, length));
      input.remove_prefix(length);
    }
  }
  return output;
}

std::string ResolveIri(std::string_view base, std::string_view reference) {
  const IriParts b = Split(base);
  if (!b.has_scheme) return std::string(reference);
  const IriParts r = Split(reference);
  // Section 5.2.2, strict form: a reference with a scheme is taken as it is (but for dots).
  if (r.has_scheme) {
    return Recompose(r.scheme, r.has_authority, r.authority, RemoveDotSegments(r.path), r.has_query,
                     r.query, r.has_fragment, r.fragment);
  }
  if (r.has_authority) {
    return Recompose(b.scheme, true, r.authority, RemoveDotSegments(r.path), r.has_query, r.query,
                     r.has_fragment, r.fragment);
  }
  if (r.path.empty()) {
    const bool has_query = r.has_query || b.has_query;
    return Recompose(b.scheme, b.has_authority, b.authority, b.path, has_query,
                     r.has_query ? r.query : b.query, r.has_fragment, r.fragment);
  }
  const std::string path =
      r.path.front() == '/' ? RemoveDotSegments(r.path) : RemoveDotSegments(Merge(b, r.path));
  return Recompose(b.scheme, b.has_authority, b.authority, path, r.has_query, r.query,
                   r.has_fragment, r.fragment);
}

}  // namespace pramaan::jsonld
