// A small RFC 4180 CSV reader for text held in memory (an HTTP body, a catalogue file): a
// header row, then rows of cells. Batches of millions of records use issuer/batch_reader.h,
// which streams from a file; catalogues and result submissions are small enough to hold.
#ifndef PRAMAAN_AWARDING_CSV_TABLE_H_
#define PRAMAAN_AWARDING_CSV_TABLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pramaan::awarding {

struct CsvTable {
  std::vector<std::string> header;             // the first row, each name trimmed of spaces
  std::vector<std::vector<std::string>> rows;  // each as long as the header
  std::vector<int64_t> lines;                  // the 1-based line each row starts on

  // The index of column `name` in the header, or nullopt.
  std::optional<size_t> Column(std::string_view name) const;
};

// Parses `text`: fields separated by ',', rows by LF or CRLF, fields optionally quoted with
// '"' ("" inside quotes is one quote; quoted fields may span lines and keep their line ends
// as written); a UTF-8 BOM at the start is skipped; blank lines are skipped, and so are rows
// whose cells are all empty (",,," which spreadsheets write after the data). The header is the
// first row that is not skipped. Cells other than the header's are kept as written (not
// trimmed). The text must be valid UTF-8 without NUL characters. Fails with kInvalidInput, one
// sentence starting "line N: ": no header, a duplicate or empty column name, a row with a
// different number of cells than the header, an unterminated quote (the line it opens on), a
// quote inside an unquoted field, text after a closing quote, a CR not followed by LF outside
// quotes, text that is not UTF-8 or holds a NUL.
Result<CsvTable> ParseCsv(std::string_view text);

}  // namespace pramaan::awarding

#endif  // PRAMAAN_AWARDING_CSV_TABLE_H_
