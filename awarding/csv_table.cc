#include "awarding/csv_table.h"

#include <utility>

#include "store/registry_checks.h"

namespace pramaan::awarding {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

Error AtLine(int64_t line, const std::string& problem) {
  return InvalidInput("line " + std::to_string(line) + ": " + problem);
}

// No byte of a multi-byte UTF-8 sequence is '\n', so checking line by line finds exactly the
// errors a check of the whole text would, and can say where they are. NUL is refused too:
// nothing read from a CSV should carry one into the store (IsStorableText).
Status CheckTextByLine(std::string_view text) {
  int64_t line = 1;
  size_t start = 0;
  for (;;) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (!store::IsStorableText(text.substr(start, end - start))) {
      return AtLine(line, "the text is not valid UTF-8 or holds a NUL character");
    }
    if (end == text.size()) return Status::Ok();
    start = end + 1;
    ++line;
  }
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Reads the rows of RFC 4180 text one at a time, counting lines (those inside quoted fields
// too, so that the line of every later row stays right).
class RowReader {
 public:
  explicit RowReader(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ >= text_.size(); }
  int64_t line() const { return line_; }

  // Reads the row at the current position into `cells` and moves past its line end.
  Status ReadRow(std::vector<std::string>& cells) {
    cells.clear();
    for (;;) {
      std::string cell;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        PRAMAAN_RETURN_IF_ERROR(ReadQuoted(cell));
      } else {
        PRAMAAN_RETURN_IF_ERROR(ReadUnquoted(cell));
      }
      cells.push_back(std::move(cell));
      if (pos_ >= text_.size()) return Status::Ok();
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      // The field ended at "\n" or "\r\n" (the readers stop nowhere else).
      if (text_[pos_] == '\r') ++pos_;
      ++pos_;
      ++line_;
      return Status::Ok();
    }
  }

 private:
  bool AtLineEnd(size_t at) const {
    return text_[at] == '\n' ||
           (text_[at] == '\r' && at + 1 < text_.size() && text_[at + 1] == '\n');
  }

  Status ReadQuoted(std::string& cell) {
    const int64_t opened_on = line_;
    ++pos_;  // the opening quote
    for (;;) {
      if (pos_ >= text_.size()) return AtLine(opened_on, "a quoted field is never closed");
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          cell += '"';
          pos_ += 2;
          continue;
        }
        ++pos_;  // the closing quote
        break;
      }
      if (c == '\n') ++line_;
      cell += c;
      ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] != ',' && !AtLineEnd(pos_)) {
      return AtLine(line_, "text follows the closing quote of a field");
    }
    return Status::Ok();
  }

  Status ReadUnquoted(std::string& cell) {
    const size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && !AtLineEnd(pos_)) {
      if (text_[pos_] == '"') {
        return AtLine(line_,
                      "a quote inside an unquoted field (quote the whole field and "
                      "double the quote)");
      }
      // A lone CR would otherwise end up inside a value: old Mac line ends or a damaged file.
      if (text_[pos_] == '\r')
        return AtLine(line_, "a carriage return not followed by a line feed");
      ++pos_;
    }
    cell.assign(text_.substr(start, pos_ - start));
    return Status::Ok();
  }

  std::string_view text_;
  size_t pos_ = 0;
  int64_t line_ = 1;
};

// " \"name\"" for a message, or "" when the name is too long to repeat.
std::string Shown(std::string_view name) {
  constexpr size_t kMaxShown = 64;
  return name.size() <= kMaxShown ? " \"" + std::string(name) + "\"" : "";
}

bool AllEmpty(const std::vector<std::string>& cells) {
  for (const std::string& cell : cells) {
    if (!cell.empty()) return false;
  }
  return true;
}

}  // namespace

std::optional<size_t> CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return std::nullopt;
}

Result<CsvTable> ParseCsv(std::string_view text) {
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  PRAMAAN_RETURN_IF_ERROR(CheckTextByLine(text));

  CsvTable table;
  RowReader reader(text);
  std::vector<std::string> cells;
  bool have_header = false;
  while (!reader.AtEnd()) {
    const int64_t line = reader.line();
    PRAMAAN_RETURN_IF_ERROR(reader.ReadRow(cells));
    // Blank lines, and the rows of bare commas spreadsheets write after the data, hold nothing.
    if (AllEmpty(cells)) continue;
    if (!have_header) {
      for (size_t i = 0; i < cells.size(); ++i) {
        std::string name(TrimSpaces(cells[i]));
        if (name.empty()) {
          return AtLine(line, "column " + std::to_string(i + 1) + " of the header has no name");
        }
        for (size_t j = 0; j < table.header.size(); ++j) {
          if (table.header[j] == name) {
            return AtLine(line, "the header names column " + std::to_string(j + 1) + Shown(name) +
                                    " again as column " + std::to_string(i + 1));
          }
        }
        table.header.push_back(std::move(name));
      }
      have_header = true;
      continue;
    }
    if (cells.size() != table.header.size()) {
      return AtLine(line, "the row has " + std::to_string(cells.size()) +
                              " cells but the header has " + std::to_string(table.header.size()) +
                              " columns");
    }
    table.rows.push_back(std::move(cells));
    table.lines.push_back(line);
    cells = {};
  }
  if (!have_header) return AtLine(1, "the text has no header row");
  return table;
}

}  // namespace pramaan::awarding
