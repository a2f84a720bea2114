// CSV text held in memory (an HTTP body, a catalogue file) as a table: a header row, then rows
// of cells, each judged alone. It reads through the project's one CSV reader
// (core/csv/csv_row_parser.h), as batches do (issuer/batch_reader.h).
#ifndef PRAMAAN_CORE_CSV_CSV_TABLE_H_
#define PRAMAAN_CORE_CSV_CSV_TABLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pramaan {

struct CsvTable {
  std::vector<std::string> header;             // the first row, each name trimmed of spaces
  std::vector<std::vector<std::string>> rows;  // each as long as the header, or empty
  std::vector<int64_t> lines;                  // the 1-based line each row starts on
  // Why each row was refused ("" when it was not): its cells are then empty. One sentence.
  std::vector<std::string> problems;

  // The index of column `name` in the header, or nullopt.
  std::optional<size_t> Column(std::string_view name) const;
};

// Parses `text`: a UTF-8 BOM at the start is skipped; blank lines are skipped, and so are rows
// whose cells are all empty (",,," which spreadsheets write after the data). The header is the
// first row that is not skipped; cells other than the header's are kept as written (not
// trimmed). A row is refused alone (its `problems` entry) when it has a different number of
// cells than the header, is not valid UTF-8 or holds a NUL, has a quote inside an unquoted
// cell, text after a closing quote, or a CR not followed by LF outside quotes; a quote never
// closed refuses its row, which runs from the line it opens on to the end, with one problem.
// Fails with kInvalidInput, one sentence starting "line N: ", only for the header: none, a
// duplicate or empty column name, or one of the row problems above in the header itself.
Result<CsvTable> ParseCsv(std::string_view text);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_CSV_CSV_TABLE_H_
