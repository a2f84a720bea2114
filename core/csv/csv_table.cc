#include "core/csv/csv_table.h"

#include <utility>

#include "core/csv/csv_row_parser.h"

namespace pramaan {
namespace {

// A catalogue or a result submission row is a few hundred bytes.
constexpr size_t kMaxRowBytes = 1 << 20;
constexpr size_t kMaxCells = 1024;

Error AtLine(int64_t line, const std::string& problem) {
  return InvalidInput("line " + std::to_string(line) + ": " + problem);
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// " \"name\"" for a message, or "" when the name is too long to repeat.
std::string Shown(std::string_view name) {
  constexpr size_t kMaxShown = 64;
  return name.size() <= kMaxShown ? " \"" + std::string(name) + "\"" : "";
}

// What is wrong with the row the parser holds, whatever its length ("" when nothing).
std::string RowProblem(const CsvRowParser& parser) {
  if (parser.error()) return *parser.error();
  if (parser.too_long()) {
    return "the row is longer than " + std::to_string(kMaxRowBytes) + " bytes";
  }
  if (parser.cell_count() > kMaxCells) {
    return "the row has more than " + std::to_string(kMaxCells) + " cells";
  }
  for (size_t i = 0; i < parser.cell_count(); ++i) {
    if (!IsCsvText(parser.Cell(i))) {
      return "cell " + std::to_string(i + 1) +
             " is not valid UTF-8 text or holds a NUL character";
    }
  }
  return "";
}

// Reads the rows of `text` one at a time, counting lines (those inside quoted cells too, so
// that the line of every later row stays right).
class TextRows {
 public:
  explicit TextRows(std::string_view text) : text_(text), parser_(kMaxCells + 1, kMaxRowBytes) {}

  // Reads the next row into the parser; false at the end of the text.
  bool Next() {
    parser_.Reset();
    row_line_ = line_;
    while (pos_ < text_.size()) {
      const char byte = text_[pos_++];
      if (byte == '\n') ++line_;
      if (parser_.Feed(byte)) return true;
    }
    return parser_.Finish();
  }

  const CsvRowParser& row() const { return parser_; }
  int64_t row_line() const { return row_line_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  int64_t row_line_ = 1;
  CsvRowParser parser_;
};

Status ReadHeader(const CsvRowParser& row, int64_t line, std::vector<std::string>* header) {
  if (std::string problem = RowProblem(row); !problem.empty()) return AtLine(line, problem);
  for (size_t i = 0; i < row.cell_count(); ++i) {
    std::string name(TrimSpaces(row.Cell(i)));
    if (name.empty()) {
      return AtLine(line, "column " + std::to_string(i + 1) + " of the header has no name");
    }
    for (size_t j = 0; j < header->size(); ++j) {
      if ((*header)[j] == name) {
        return AtLine(line, "the header names column " + std::to_string(j + 1) + Shown(name) +
                                " again as column " + std::to_string(i + 1));
      }
    }
    header->push_back(std::move(name));
  }
  return Status::Ok();
}

}  // namespace

std::optional<size_t> CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return std::nullopt;
}

Result<CsvTable> ParseCsv(std::string_view text) {
  if (text.starts_with(kUtf8ByteOrderMark)) text.remove_prefix(kUtf8ByteOrderMark.size());
  CsvTable table;
  TextRows rows(text);
  bool have_header = false;
  while (rows.Next()) {
    const CsvRowParser& row = rows.row();
    const int64_t line = rows.row_line();
    // Blank lines, and the rows of bare commas spreadsheets write after the data, hold nothing.
    if (!row.error() && !row.too_long() && row.AllCellsEmpty()) continue;
    if (!have_header) {
      PRAMAAN_RETURN_IF_ERROR(ReadHeader(row, line, &table.header));
      have_header = true;
      continue;
    }
    std::string problem = RowProblem(row);
    if (problem.empty() && row.cell_count() != table.header.size()) {
      problem = "the row has " + std::to_string(row.cell_count()) + " cells but the header has " +
                std::to_string(table.header.size()) + " columns";
    }
    std::vector<std::string> cells;
    if (problem.empty()) {
      for (size_t i = 0; i < row.cell_count(); ++i) cells.emplace_back(row.Cell(i));
    }
    table.rows.push_back(std::move(cells));
    table.lines.push_back(line);
    table.problems.push_back(std::move(problem));
  }
  if (!have_header) return AtLine(1, "the text has no header row");
  return table;
}

}  // namespace pramaan
