// The body of POST /v/bulk: an employer's list of certificates, as numbers printed on them or
// as the verification URLs their QR codes hold (issue 19).
#ifndef PRAMAAN_API_BULK_ENTRIES_H_
#define PRAMAAN_API_BULK_ENTRIES_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pramaan::api {

// At most this many entries in one request.
inline constexpr std::size_t kMaxBulkEntries = 1000;

// The entries of a list, in order, each trimmed of spaces; empty ones are dropped. By
// `media_type` (the Content-Type without parameters):
//   application/json                   an array of strings;
//   text/csv                           a table (core/csv/csv_table.h): the column
//                                      "certificate", "id", "number" or "url", else the first
//                                      (whose header is an entry too when it names a
//                                      certificate: a list without a header); a row the CSV
//                                      reader refuses fails the request;
//   text/plain                         one entry per line;
//   application/x-www-form-urlencoded  the form's "entries" field, one entry per line.
// Fails with kInvalidInput (one sentence naming what is wrong) for anything else, for more
// than kMaxBulkEntries entries (kTooLarge), or for none.
Result<std::vector<std::string>> ReadBulkEntries(std::string_view body,
                                                  std::string_view media_type);

// The value of field `name` in application/x-www-form-urlencoded text (a form body or a URL
// query), percent-decoded, '+' read as a space; a malformed escape is kept as written.
// Nullopt when the field is absent.
std::optional<std::string> FormField(std::string_view form, std::string_view name);

// The certificate id an entry names, as NormalizeTypedCredentialId makes a typed one: for a
// URL, the path segment after "/v/" or "/credentials/" (without a query, a fragment or
// ".pdf"). The result may still be no id (the caller checks).
std::string BulkEntryId(std::string_view entry);

}  // namespace pramaan::api

#endif  // PRAMAAN_API_BULK_ENTRIES_H_
