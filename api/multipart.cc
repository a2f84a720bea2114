#include "api/multipart.h"

#include <algorithm>
#include <optional>
#include <span>
#include <utility>

namespace pramaan::api {
namespace {

constexpr std::string_view kCrlf = "\r\n";

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = LowerAscii(c);
  return lower;
}

// `lower` is in lower case already.
bool EqualsIgnoreCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (LowerAscii(text[i]) != lower[i]) return false;
  }
  return true;
}

// RFC 9110's tchar: what a header or parameter name is made of.
bool IsTokenChar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 2046's bchars.
bool IsBoundaryChar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// A parameter a caller wants from a header value; `name` in lower case.
struct Parameter {
  std::string_view name;
  std::optional<std::string> value;
};

// Reads `*(";" name "=" (token | quoted-string))` (what follows a header value's type) and
// fills the `wanted` parameters it names; others are checked for syntax and dropped, so a long
// list costs linear time. `what` names the header for errors. Unquoted values are read up to
// the next ';' or space, more loosely than RFC 2045's token, as clients send boundaries
// holding '=' or '/' unquoted.
Status ReadParameters(std::string_view text, const std::string& what, std::span<Parameter> wanted) {
  const auto malformed = [&what] { return InvalidInput(what + " has a malformed parameter"); };
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != ';') return malformed();
    ++i;
    while (i < text.size() && IsSpace(text[i])) ++i;
    if (i == text.size() || text[i] == ';') continue;  // an empty parameter
    const std::size_t name_start = i;
    while (i < text.size() && IsTokenChar(text[i])) ++i;
    if (i == name_start || i == text.size() || text[i] != '=') return malformed();
    const std::string_view name = text.substr(name_start, i - name_start);
    ++i;
    Parameter* target = nullptr;
    for (Parameter& parameter : wanted) {
      if (EqualsIgnoreCase(name, parameter.name)) target = &parameter;
    }
    if (target != nullptr && target->value) {
      return InvalidInput(what + " names the parameter " + std::string(target->name) + " twice");
    }
    std::string value;
    if (i < text.size() && text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < text.size()) {
        char c = text[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\') {
          if (i == text.size()) break;
          c = text[i++];
        }
        if (target != nullptr) value += c;
      }
      if (!closed) return malformed();
    } else {
      const std::size_t value_start = i;
      while (i < text.size() && text[i] != ';' && text[i] != '"' && !IsSpace(text[i])) ++i;
      if (i == value_start) return malformed();
      if (target != nullptr) value = text.substr(value_start, i - value_start);
    }
    while (i < text.size() && IsSpace(text[i])) ++i;
    if (target != nullptr) target->value = std::move(value);
  }
  return Status::Ok();
}

Result<std::string> ReadBoundary(std::string_view content_type) {
  const std::size_t type_end = std::min(content_type.find(';'), content_type.size());
  if (!EqualsIgnoreCase(TrimSpaces(content_type.substr(0, type_end)), "multipart/form-data")) {
    return InvalidInput("the request's Content-Type must be multipart/form-data");
  }
  Parameter wanted[] = {{"boundary", std::nullopt}};
  PRAMAAN_RETURN_IF_ERROR(
      ReadParameters(content_type.substr(type_end), "the request's Content-Type", wanted));
  if (!wanted[0].value) return InvalidInput("the request's Content-Type has no boundary parameter");
  const std::string& boundary = *wanted[0].value;
  if (boundary.empty() || boundary.size() > 70) {
    return InvalidInput("the multipart boundary must be 1 to 70 characters long");
  }
  for (const char c : boundary) {
    if (!IsBoundaryChar(c)) {
      return InvalidInput(
          "the multipart boundary may hold only letters, digits, spaces and '()+_,-./:=?");
    }
  }
  if (boundary.back() == ' ') return InvalidInput("the multipart boundary must not end in a space");
  return boundary;
}

// One part: the text between the CRLF that ends a boundary line and the next delimiter.
// `number` counts from 1, for errors.
Result<MultipartPart> ReadPart(std::string_view part, std::size_t number) {
  const std::string where = "part " + std::to_string(number) + " of the multipart body";
  std::string_view headers;
  std::string_view content;
  if (part.starts_with(kCrlf)) {  // no headers at all
    content = part.substr(kCrlf.size());
  } else if (const std::size_t blank =
                 part.substr(0, kMaxMultipartHeaderBytes + 2).find("\r\n\r\n");
             blank != std::string_view::npos) {
    headers = part.substr(0, blank + 2);
    content = part.substr(blank + 4);
  } else if (part.size() > kMaxMultipartHeaderBytes) {
    return TooLarge(where + " has more than " + std::to_string(kMaxMultipartHeaderBytes) +
                    " bytes of headers");
  } else if (part.ends_with(kCrlf)) {  // headers and no body: the delimiter's CRLF ends them
    headers = part;
    content = part.substr(part.size());
  } else {
    return InvalidInput(where + " has no blank line after its headers");
  }

  std::optional<std::string> disposition;
  std::optional<std::string> type;
  std::string* continued = nullptr;  // the header a folded line continues, if one we read
  bool any_header = false;
  while (!headers.empty()) {
    const std::size_t end = headers.find(kCrlf);
    const std::string_view line = headers.substr(0, end);
    headers.remove_prefix(end == std::string_view::npos ? headers.size() : end + kCrlf.size());
    for (const char c : line) {
      const auto byte = static_cast<unsigned char>(c);
      if ((byte < 0x20 && c != '\t') || byte == 0x7f) {
        return InvalidInput(where + " has a control character in its headers");
      }
    }
    if (!line.empty() && IsSpace(line.front())) {  // RFC 5322 folding
      if (!any_header) return InvalidInput(where + " has a malformed header line");
      if (continued != nullptr) *continued += ' ' + std::string(TrimSpaces(line));
      continue;
    }
    const std::size_t colon = line.find(':');
    const std::string_view name = line.substr(0, colon);
    bool valid_name = colon != std::string_view::npos && !name.empty();
    for (const char c : name) valid_name = valid_name && IsTokenChar(c);
    if (!valid_name) return InvalidInput(where + " has a malformed header line");
    any_header = true;
    continued = nullptr;
    std::optional<std::string>* target = nullptr;
    if (EqualsIgnoreCase(name, "content-disposition")) target = &disposition;
    if (EqualsIgnoreCase(name, "content-type")) target = &type;
    if (target == nullptr) continue;
    if (target->has_value()) {
      return InvalidInput(where + " has two " + std::string(name) + " headers");
    }
    *target = std::string(TrimSpaces(line.substr(colon + 1)));
    continued = &**target;
  }

  if (!disposition) return InvalidInput(where + " has no Content-Disposition header");
  const std::string_view value = *disposition;
  const std::size_t kind_end = std::min(value.find(';'), value.size());
  if (!EqualsIgnoreCase(TrimSpaces(value.substr(0, kind_end)), "form-data")) {
    return InvalidInput("the Content-Disposition of " + where + " is not form-data");
  }
  Parameter wanted[] = {{"name", std::nullopt}, {"filename", std::nullopt}};
  PRAMAAN_RETURN_IF_ERROR(
      ReadParameters(value.substr(kind_end), "the Content-Disposition of " + where, wanted));
  if (!wanted[0].value) {
    return InvalidInput("the Content-Disposition of " + where + " has no name parameter");
  }
  MultipartPart result;
  result.name = std::move(*wanted[0].value);
  result.filename = std::move(wanted[1].value).value_or("");
  if (type) {
    const std::string_view media_type = *type;
    result.content_type = LowerAscii(TrimSpaces(media_type.substr(0, media_type.find(';'))));
  }
  result.body = content;
  return result;
}

}  // namespace

Result<std::vector<MultipartPart>> ParseMultipartFormData(std::string_view body,
                                                          std::string_view content_type) {
  PRAMAAN_ASSIGN_OR_RETURN(const std::string boundary, ReadBoundary(content_type));
  const std::string dash_boundary = "--" + boundary;
  // A delimiter begins a line: the CRLF before it belongs to it, not to the part it ends.
  const std::string delimiter = std::string(kCrlf) + dash_boundary;
  const std::string closing = "\"" + dash_boundary + "--\"";

  // `at` is always just past a dash-boundary, the first one possibly after a preamble.
  std::size_t at = dash_boundary.size();
  if (!body.starts_with(dash_boundary)) {
    const std::size_t first = body.find(delimiter);
    if (first == std::string_view::npos) {
      return InvalidInput("the multipart body has no boundary \"" + dash_boundary + "\"");
    }
    at = first + delimiter.size();
  }
  std::vector<MultipartPart> parts;
  while (true) {
    if (body.substr(at).starts_with("--")) {  // the closing delimiter; the rest is epilogue
      if (parts.empty()) return InvalidInput("the multipart body holds no parts");
      return parts;
    }
    while (at < body.size() && IsSpace(body[at])) ++at;  // transport padding
    if (at == body.size()) {
      return InvalidInput("the multipart body has no closing boundary " + closing);
    }
    if (!body.substr(at).starts_with(kCrlf)) {
      return InvalidInput("the multipart boundary \"" + dash_boundary +
                          "\" is followed by something other than a line break or \"--\"");
    }
    if (parts.size() == kMaxMultipartParts) {
      return TooLarge("a multipart body may hold at most " + std::to_string(kMaxMultipartParts) +
                      " parts");
    }
    // Searching from the boundary line's own CRLF finds an immediately following delimiter
    // (an empty part); each byte is searched once, since the next search starts past this
    // delimiter.
    const std::size_t end = body.find(delimiter, at);
    if (end == std::string_view::npos) {
      return InvalidInput("the multipart body has no closing boundary " + closing);
    }
    std::string_view part = body.substr(at, end - at);
    if (!part.empty()) part.remove_prefix(kCrlf.size());
    PRAMAAN_ASSIGN_OR_RETURN(MultipartPart parsed, ReadPart(part, parts.size() + 1));
    parts.push_back(std::move(parsed));
    at = end + delimiter.size();
  }
}

}  // namespace pramaan::api
