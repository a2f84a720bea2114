// The one CSV reader (RFC 4180): batches of millions of records stream through it from a file
// (issuer/batch_reader.h), awarding catalogues and result submissions from memory
// (core/csv/csv_table.h). A state machine fed one byte at a time, so a row may be split across
// reads anywhere, even inside a quoted CR LF.
//
// Fields are separated by ',' and rows by LF or CR LF; a field may be quoted with '"' ("" inside
// quotes is one quote; quoted fields may span lines and keep their line ends as written). Each
// row is judged alone: a quote inside an unquoted field, text after a closing quote or a CR
// not followed by LF outside quotes makes that row's error() and the next row starts clean.
// A quote never closed swallows the rest of the text into one row, whose error says so: one
// error from the line it opens on to the end.
#ifndef PRAMAAN_CORE_CSV_CSV_ROW_PARSER_H_
#define PRAMAAN_CORE_CSV_CSV_ROW_PARSER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/bounded_buffer.h"

namespace pramaan {

inline constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

class CsvRowParser {
 public:
  // Keeps the boundaries of at most `max_cells` cells (further cells are only counted, so a
  // row of a million commas costs no memory) and at most `max_row_bytes` of decoded text
  // (past it, too_long()).
  CsvRowParser(std::size_t max_cells, std::size_t max_row_bytes);

  // Forgets the row read; call before feeding the next one.
  void Reset();
  // Feeds one byte; returns true when it ended the row.
  bool Feed(char byte);
  // Ends the row at the end of the input. Returns false if there was no row at all.
  bool Finish();

  std::size_t cell_count() const { return cell_count_; }
  // The decoded text of cell `index` (< min(cell_count(), max_cells)).
  std::string_view Cell(std::size_t index) const;
  bool AllCellsEmpty() const { return cells_.size() == 0; }
  bool too_long() const { return too_long_; }
  // What is wrong with the row's quoting or line ends, or nullopt.
  const std::optional<std::string>& error() const { return error_; }
  std::size_t peak() const { return cells_.peak(); }

 private:
  enum class State { kCellStart, kUnquoted, kQuoted, kQuoteInQuoted };

  bool Unquoted(char byte);
  bool Separator(char byte);
  void LoneCarriageReturn();
  void Keep(char byte);
  void EndCell();
  bool EndRow();
  void Fail(std::string message);

  std::size_t max_cells_;
  BoundedBuffer cells_;
  std::vector<std::size_t> cell_ends_;
  std::size_t cell_count_ = 0;
  State state_ = State::kCellStart;
  bool pending_cr_ = false;
  bool started_ = false;
  bool too_long_ = false;
  std::optional<std::string> error_;
};

// Whether `text` is valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF)
// without a NUL character: what a CSV cell must be before anything stores it.
bool IsCsvText(std::string_view text);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_CSV_CSV_ROW_PARSER_H_
