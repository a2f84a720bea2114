// libFuzzer target: arbitrary bytes as a multipart/form-data body (api/multipart.h). The first
// byte picks the Content-Type (so seeds stay readable, '0' to '3'):
//   '0'  a fixed Chromium-style boundary, the rest the body;
//   '1'  the boundary is the fuzzer's, up to the first '\n', given unquoted (the line may add
//        parameters or quote it itself); the rest the body;
//   '2'  the same, given as a quoted string (with '"' and '\' escaped);
//   '3'  the whole Content-Type value is the fuzzer's, up to the first '\n'.
// Besides sanitizer reports, it checks the parser's promises: at most kMaxMultipartParts
// parts, every part's body a view inside the input, and (when the boundary is known here) no
// part's body holding "\r\n--" followed by the boundary.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view rest = input.substr(1);
  std::string content_type;
  std::string boundary;  // "" when only the parser knows it
  if (input[0] % 4 == 0) {
    boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    content_type = "multipart/form-data; boundary=" + boundary;
  } else {
    const std::size_t line_end = rest.find('\n');
    const std::string_view line = rest.substr(0, line_end);
    rest = line_end == std::string_view::npos ? std::string_view() : rest.substr(line_end + 1);
    if (input[0] % 4 == 1) {
      content_type = "multipart/form-data; boundary=" + std::string(line);
      // An unquoted boundary ends at ';', a space or a tab (the line may add parameters); a
      // line that opens a quoted string of its own leaves the boundary to the parser.
      if (!line.starts_with('"')) boundary = line.substr(0, line.find_first_of("; \t"));
    } else if (input[0] % 4 == 2) {
      boundary = line;
      content_type = "multipart/form-data; boundary=\"";
      for (const char c : line) {
        if (c == '"' || c == '\\') content_type += '\\';
        content_type += c;
      }
      content_type += '"';
    } else {
      content_type = line;
    }
  }
  const std::string_view body = rest;
  auto parts = pramaan::api::ParseMultipartFormData(body, content_type);
  if (!parts.ok()) {
    if (parts.error().message().empty()) std::abort();
    return 0;
  }
  if (parts->empty() || parts->size() > pramaan::api::kMaxMultipartParts) std::abort();
  const std::string delimiter = "\r\n--" + boundary;
  for (const auto& part : *parts) {
    if (part.body.data() < body.data() ||
        part.body.data() + part.body.size() > body.data() + body.size()) {
      std::abort();
    }
    if (!boundary.empty() && part.body.find(delimiter) != std::string_view::npos) std::abort();
    for (const char c : part.content_type) {
      if (c >= 'A' && c <= 'Z') std::abort();
    }
  }
  return 0;
}
