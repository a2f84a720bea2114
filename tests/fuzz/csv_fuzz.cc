// libFuzzer target: arbitrary bytes as CSV through the project's one CSV reader, as awarding
// reads a catalogue or a result submission (core/csv/csv_table.h) and as a batch streams it
// (core/csv/csv_row_parser.h). Besides sanitizer reports, it checks the table's promises: one
// line and one problem entry per row, rows without a problem as wide as the header, lines
// increasing, cells valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/csv/csv_table.h"
#include "core/csv/csv_row_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto table = pramaan::ParseCsv(text);
  if (table.ok()) {
    if (table->rows.size() != table->lines.size() ||
        table->rows.size() != table->problems.size()) {
      std::abort();
    }
    for (size_t i = 0; i < table->rows.size(); ++i) {
      if (i > 0 && table->lines[i] <= table->lines[i - 1]) std::abort();
      if (table->problems[i].empty() != (table->rows[i].size() == table->header.size())) {
        if (!(table->problems[i].empty() && table->header.empty())) std::abort();
      }
      for (const auto& cell : table->rows[i]) {
        if (!pramaan::IsCsvText(cell)) std::abort();
      }
    }
  }
  // The streaming parser with small bounds: every row ends, nothing is kept past them.
  pramaan::CsvRowParser parser(8, 64);
  parser.Reset();
  for (const char byte : text) {
    if (parser.Feed(byte)) {
      if (parser.peak() > 64) std::abort();
      parser.Reset();
    }
  }
  parser.Finish();
  return 0;
}
