#include "core/csv/csv_row_parser.h"

#include <utility>

#include "core/encoding/utf8.h"

namespace pramaan {

CsvRowParser::CsvRowParser(std::size_t max_cells, std::size_t max_row_bytes)
    : max_cells_(max_cells), cells_(max_row_bytes) {}

void CsvRowParser::Reset() {
  cells_.Clear();
  cell_ends_.clear();
  cell_count_ = 0;
  state_ = State::kCellStart;
  pending_cr_ = false;
  started_ = false;
  too_long_ = false;
  error_.reset();
}

bool CsvRowParser::Feed(char byte) {
  started_ = true;
  if (pending_cr_) {
    pending_cr_ = false;
    if (byte == '\n') return EndRow();
    LoneCarriageReturn();
  }
  switch (state_) {
    case State::kCellStart:
      if (byte == '"') {
        state_ = State::kQuoted;
        return false;
      }
      state_ = State::kUnquoted;
      return Unquoted(byte);
    case State::kUnquoted:
      return Unquoted(byte);
    case State::kQuoted:
      if (byte == '"') {
        state_ = State::kQuoteInQuoted;
      } else {
        Keep(byte);
      }
      return false;
    case State::kQuoteInQuoted:
      if (byte == '"') {  // a doubled quote stands for one
        Keep('"');
        state_ = State::kQuoted;
        return false;
      }
      if (byte == ',' || byte == '\n' || byte == '\r') return Separator(byte);
      Fail("text follows the closing quote of a cell");
      state_ = State::kUnquoted;
      return Unquoted(byte);
  }
  return false;
}

bool CsvRowParser::Finish() {
  if (!started_) return false;
  if (state_ == State::kQuoted) {
    Fail("a quoted cell is not closed before the end of the file");
  }
  if (pending_cr_) {
    pending_cr_ = false;
    LoneCarriageReturn();
  }
  EndRow();
  return true;
}

std::string_view CsvRowParser::Cell(std::size_t index) const {
  const std::size_t begin = index == 0 ? 0 : cell_ends_[index - 1];
  return cells_.View(begin, cell_ends_[index]);
}

bool CsvRowParser::Unquoted(char byte) {
  if (byte == ',' || byte == '\n' || byte == '\r') return Separator(byte);
  if (byte == '"') Fail("a quote appears inside an unquoted cell (quote the whole cell)");
  Keep(byte);
  return false;
}

// A comma, LF or CR outside quotes.
bool CsvRowParser::Separator(char byte) {
  if (byte == ',') {
    EndCell();
    state_ = State::kCellStart;
    return false;
  }
  if (byte == '\n') return EndRow();
  pending_cr_ = true;  // a line end if LF follows
  return false;
}

// A CR outside quotes that does not start CR LF: an old Mac line end or a damaged file. It
// would otherwise end up inside a value.
void CsvRowParser::LoneCarriageReturn() {
  Fail("a carriage return is not followed by a line feed");
  state_ = State::kUnquoted;
}

void CsvRowParser::Keep(char byte) {
  if (!too_long_ && !cells_.Append(byte)) too_long_ = true;
}

void CsvRowParser::EndCell() {
  if (cell_count_ < max_cells_) cell_ends_.push_back(cells_.size());
  ++cell_count_;
}

bool CsvRowParser::EndRow() {
  EndCell();
  return true;
}

void CsvRowParser::Fail(std::string message) {
  if (!error_) error_ = std::move(message);
}

bool IsCsvText(std::string_view text) {
  return text.find('\0') == std::string_view::npos && IsValidUtf8(text);
}

}  // namespace pramaan
