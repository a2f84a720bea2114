// libFuzzer target: arbitrary bytes as the body of POST /v/bulk (api/bulk_entries.h), under
// each media type it takes; the first byte picks the type. Besides sanitizer reports, it
// checks the reader's promises: at most kMaxBulkEntries entries, none empty or with a space
// at either end, and every entry's id normalized (lower case, no spaces or dashes).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/bulk_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr std::string_view kTypes[] = {"application/json", "text/csv", "text/plain",
                                                "application/x-www-form-urlencoded"};
  const std::string_view type = kTypes[data[0] % 4];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  auto entries = pramaan::api::ReadBulkEntries(body, type);
  if (!entries.ok()) return 0;
  if (entries->empty() || entries->size() > pramaan::api::kMaxBulkEntries) std::abort();
  for (const auto& entry : *entries) {
    if (entry.empty() || entry.front() == ' ' || entry.back() == ' ') std::abort();
    for (const char c : pramaan::api::BulkEntryId(entry)) {
      if ((c >= 'A' && c <= 'Z') || c == ' ' || c == '-') std::abort();
    }
  }
  return 0;
}
