// multipart/form-data request bodies (RFC 7578, with the body syntax of RFC 2046 section
// 5.1.1): how an HTML form (`<form method=post enctype=multipart/form-data>`) uploads a file,
// such as a certificate's PDF for the public verification page.
#ifndef PRAMAAN_API_MULTIPART_H_
#define PRAMAAN_API_MULTIPART_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pramaan::api {

// At most this many parts in one body: a form has a file and a few fields, and each part
// costs a header parse.
inline constexpr std::size_t kMaxMultipartParts = 16;

// At most this many bytes of headers in one part (browsers send two short lines).
inline constexpr std::size_t kMaxMultipartHeaderBytes = 8 * 1024;

// One part of a form.
struct MultipartPart {
  std::string name;          // Content-Disposition: form-data; name="..."
  std::string filename;      // its filename="..." when present, else ""
  std::string content_type;  // the part's Content-Type, lower-cased, without parameters;
                             // "" when absent
  std::string_view body;     // the part's bytes, exactly as sent: a view into the `body`
                             // given to ParseMultipartFormData, valid as long as it is
};

// The parts of `body`, in order. `content_type` is the request's whole Content-Type header
// value, e.g. `multipart/form-data; boundary=----WebKitFormBoundaryAbc`: the media type and
// parameter names in any case, the boundary (1 to 70 characters of RFC 2046's set) as a token
// or a quoted string.
//
// Lines end in CRLF. A preamble before the first boundary and an epilogue after the closing
// one are ignored, and so are a part's headers other than Content-Disposition (which must be
// "form-data" with a name; quoted values may hold backslash escapes; filename* is ignored)
// and Content-Type. The boundary text counts only as a whole delimiter: CRLF, "--", the
// boundary, then optional spaces or tabs and CRLF (or "--" for the closing one), so no part's
// body holds "\r\n--" followed by the boundary.
//
// Fails with kInvalidInput (one sentence naming what is wrong) for another media type, a
// missing or malformed boundary, a part without a name, a body without its opening or closing
// boundary or without parts; with kTooLarge for more than kMaxMultipartParts parts or a part
// with more than kMaxMultipartHeaderBytes of headers. Time is linear in the size of `body`.
Result<std::vector<MultipartPart>> ParseMultipartFormData(std::string_view body,
                                                          std::string_view content_type);

}  // namespace pramaan::api

#endif  // PRAMAAN_API_MULTIPART_H_
