// IRI syntax helpers for JSON-LD: the forms the algorithms test for (absolute IRI, blank node
// identifier, keyword form) and reference resolution per RFC 3986 section 5.2.
#ifndef PRAMAAN_CORE_JSONLD_IRI_H_
#define PRAMAAN_CORE_JSONLD_IRI_H_

#include <string>
#include <string_view>

namespace pramaan::jsonld {

// True when `value` has the form of an absolute IRI: a scheme (RFC 3986 section 3.1: ALPHA
// *( ALPHA / DIGIT / "+" / "-" / "." )) followed by ":", and no whitespace or other
// character RFC 3987 never allows (space, <, >, ", {, }, |, \, ^, `, controls).
bool IsAbsoluteIri(std::string_view value);

// True when `value` is a blank node identifier ("_:" followed by anything).
inline bool IsBlankNodeId(std::string_view value) { return value.starts_with("_:"); }

// True when `value` matches the ABNF "@" 1*ALPHA, the form reserved for keywords (JSON-LD 1.1
// section 9.1), whether or not it is one.
bool HasKeywordForm(std::string_view value);

// True when `value` ends with an RFC 3986 gen-delim (":" / "/" / "?" / "#" / "[" / "]" / "@").
bool EndsWithGenDelim(std::string_view value);

// Resolves `reference` against `base` with the algorithm of RFC 3986 section 5.2 (5.2.2
// transform, 5.2.3 merge, 5.2.4 remove_dot_segments), and no normalization, as JSON-LD
// requires. `base` should be an absolute IRI; when it is not (empty, or without a scheme),
// `reference` is returned unchanged, since there is nothing to resolve it against. Never fails:
// any string is a reference for this purpose.
std::string ResolveIri(std::string_view base, std::string_view reference);

// RFC 3986 section 5.2.4: removes "." and ".." segments from `path`.
std::string RemoveDotSegments(std::string_view path);

}  // namespace pramaan::jsonld

#endif  // PRAMAAN_CORE_JSONLD_IRI_H_
