// The in-memory RFC 4180 reader: quoting, line ends, line numbers and the errors it names.
#include "core/csv/csv_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pramaan {
namespace {

using Rows = std::vector<std::vector<std::string>>;

CsvTable Parse(std::string_view text) {
  auto table = ParseCsv(text);
  EXPECT_TRUE(table.ok()) << table.error().message();
  return table.ok() ? *table : CsvTable();
}

std::string ErrorOf(std::string_view text) {
  auto table = ParseCsv(text);
  EXPECT_FALSE(table.ok()) << "parsed: " << std::string(text);
  if (table.ok()) return "";
  EXPECT_EQ(table.error().code(), ErrorCode::kInvalidInput);
  return table.error().message();
}

// ---------------------------------------------------------------------------------------------
// Reading.

TEST(CsvTable, ReadsHeaderRowsAndTheirLines) {
  const CsvTable table = Parse("a,b,c\n1,2,3\n4,5,6\n");
  EXPECT_EQ(table.header, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(table.rows, (Rows{{"1", "2", "3"}, {"4", "5", "6"}}));
  EXPECT_EQ(table.lines, (std::vector<int64_t>{2, 3}));
}

TEST(CsvTable, ReadsTheLastRowWithoutALineEnd) {
  const CsvTable table = Parse("a,b\n1,2");
  EXPECT_EQ(table.rows, (Rows{{"1", "2"}}));
}

TEST(CsvTable, ReadsEmptyCellsIncludingATrailingOne) {
  const CsvTable table = Parse("a,b,c\n,x,\n");
  EXPECT_EQ(table.rows, (Rows{{"", "x", ""}}));
}

TEST(CsvTable, TrimsHeaderNamesButNotCells) {
  const CsvTable table = Parse(" a , b\t\n 1 , 2 \n");
  EXPECT_EQ(table.header, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(table.rows, (Rows{{" 1 ", " 2 "}}));
}

TEST(CsvTable, ColumnFindsAHeaderName) {
  const CsvTable table = Parse("title,nqr_code\n");
  EXPECT_EQ(table.Column("title"), 0u);
  EXPECT_EQ(table.Column("nqr_code"), 1u);
  EXPECT_EQ(table.Column("sector"), std::nullopt);
  EXPECT_TRUE(table.rows.empty());
}

TEST(CsvTable, QuotedFieldsHoldCommasQuotesAndNewlines) {
  const CsvTable table = Parse(
      "a,b\n"
      "\"x, y\",\"say \"\"hi\"\"\"\n"
      "\"two\nlines\",\"\"\n"
      "last,row\n");
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_EQ(table.rows[0], (std::vector<std::string>{"x, y", "say \"hi\""}));
  EXPECT_EQ(table.rows[1], (std::vector<std::string>{"two\nlines", ""}));
  // The newline inside the quotes is counted: the row after starts on line 5.
  EXPECT_EQ(table.lines, (std::vector<int64_t>{2, 3, 5}));
}

TEST(CsvTable, ReadsCrLfLineEnds) {
  const CsvTable table = Parse("a,b\r\n1,\"2\"\r\n\"x\r\ny\",3\r\n");
  EXPECT_EQ(table.header, (std::vector<std::string>{"a", "b"}));
  // A CRLF inside quotes is kept as written.
  EXPECT_EQ(table.rows, (Rows{{"1", "2"}, {"x\r\ny", "3"}}));
  EXPECT_EQ(table.lines, (std::vector<int64_t>{2, 3}));
}

TEST(CsvTable, SkipsAByteOrderMark) {
  const CsvTable table = Parse("\xEF\xBB\xBFnqr_code,title\nA,B\n");
  EXPECT_EQ(table.header, (std::vector<std::string>{"nqr_code", "title"}));
  EXPECT_EQ(table.Column("nqr_code"), 0u);
}

TEST(CsvTable, SkipsBlankLinesAndKeepsCountingThem) {
  const CsvTable table = Parse("\n\na,b\n\n1,2\r\n\r\n3,4\n\n");
  EXPECT_EQ(table.header, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(table.rows, (Rows{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(table.lines, (std::vector<int64_t>{5, 7}));
}

TEST(CsvTable, SkipsRowsOfOnlyEmptyCells) {
  const CsvTable table = Parse("a,b,c\n1,2,3\n,,\n,,,,\n");
  EXPECT_EQ(table.rows, (Rows{{"1", "2", "3"}}));
}

TEST(CsvTable, KeepsUtf8Text) {
  const CsvTable table = Parse("title_hi\n\"प्रशासन, सहायक\"\n");
  EXPECT_EQ(table.rows, (Rows{{"प्रशासन, सहायक"}}));
}

// ---------------------------------------------------------------------------------------------
// Errors: each names its line.

TEST(CsvTable, FailsWithoutAHeader) {
  EXPECT_NE(ErrorOf("").find("no header"), std::string::npos);
  EXPECT_NE(ErrorOf("\xEF\xBB\xBF\n\r\n").find("no header"), std::string::npos);
}

TEST(CsvTable, FailsOnAnEmptyColumnName) {
  EXPECT_EQ(ErrorOf("a,,c\n1,2,3\n"), "line 1: column 2 of the header has no name");
  EXPECT_EQ(ErrorOf("a, \n"), "line 1: column 2 of the header has no name");
}

TEST(CsvTable, FailsOnADuplicateColumnName) {
  EXPECT_EQ(ErrorOf("\na,b, a\n"), "line 2: the header names column 1 \"a\" again as column 3");
}

// ---------------------------------------------------------------------------------------------
// Row problems (issue 17): each row is refused alone, and the rows around it are kept.

// "LINE: PROBLEM" for every refused row, in order.
std::vector<std::string> ProblemsOf(std::string_view text) {
  std::vector<std::string> problems;
  const CsvTable table = Parse(text);
  for (size_t i = 0; i < table.rows.size(); ++i) {
    if (!table.problems[i].empty()) {
      EXPECT_TRUE(table.rows[i].empty());
      problems.push_back(std::to_string(table.lines[i]) + ": " + table.problems[i]);
    }
  }
  return problems;
}

using Problems = std::vector<std::string>;

TEST(CsvTable, RefusesARowWithTooFewOrTooManyCellsAlone) {
  const CsvTable table = Parse("a,b,c\n1,2,3\n1,2\n4,5,6\n");
  EXPECT_EQ(table.rows, (Rows{{"1", "2", "3"}, {}, {"4", "5", "6"}}));
  EXPECT_EQ(ProblemsOf("a,b,c\n1,2,3\n1,2\n4,5,6\n"),
            (Problems{"3: the row has 2 cells but the header has 3 columns"}));
  EXPECT_EQ(ProblemsOf("a,b\n\"x\ny\",2,3\n5,6\n"),
            (Problems{"2: the row has 3 cells but the header has 2 columns"}));
}

TEST(CsvTable, AnUnterminatedQuoteRefusesFromItsLineToTheEndWithOneProblem) {
  const CsvTable table = Parse("a,b\n1,2\n3,\"open\n\nmore\n4,5\n");
  EXPECT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0], (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(ProblemsOf("a,b\n1,2\n3,\"open\n\nmore\n4,5\n"),
            (Problems{"3: a quoted cell is not closed before the end of the file"}));
}

TEST(CsvTable, RefusesAQuoteInsideAnUnquotedCellAlone) {
  EXPECT_EQ(ProblemsOf("a,b\n1,x\"y\n3,4\n"),
            (Problems{"2: a quote appears inside an unquoted cell (quote the whole cell)"}));
}

TEST(CsvTable, RefusesTextAfterAClosingQuoteAlone) {
  EXPECT_EQ(ProblemsOf("a,b\n\"x\"y,2\n\"x\" ,2\n3,4\n"),
            (Problems{"2: text follows the closing quote of a cell",
                      "3: text follows the closing quote of a cell"}));
}

TEST(CsvTable, RefusesALoneCarriageReturn) {
  EXPECT_EQ(ErrorOf("a,b\r1,2\r"), "line 1: a carriage return is not followed by a line feed");
  EXPECT_EQ(ProblemsOf("a,b\n1\r2,3\n4,5\n"),
            (Problems{"2: a carriage return is not followed by a line feed"}));
}

TEST(CsvTable, RefusesARowOfInvalidUtf8AloneNamingItsLine) {
  const CsvTable table = Parse("a,b\n1,2\n3,\xC3\x28\n5,6\n");
  EXPECT_EQ(table.rows, (Rows{{"1", "2"}, {}, {"5", "6"}}));
  EXPECT_EQ(ProblemsOf("a,b\n1,2\n3,\xC3\x28\n5,6\n"),
            (Problems{"3: cell 2 is not valid UTF-8 text or holds a NUL character"}));
  // An overlong encoding of '/', a surrogate, a stray continuation byte in the header.
  EXPECT_EQ(ProblemsOf("a\n\xC0\xAF\n").size(), 1u);
  EXPECT_EQ(ProblemsOf("a\n\xED\xA0\x80\n").size(), 1u);
  EXPECT_NE(ErrorOf("\x80"
                    "a\n")
                .find("line 1"),
            std::string::npos);
  // Inside quotes too, on the second line of a quoted cell: the row starts on line 2.
  EXPECT_EQ(ProblemsOf("a\n\"x\n\xFF\"\n"),
            (Problems{"2: cell 1 is not valid UTF-8 text or holds a NUL character"}));
}

TEST(CsvTable, RefusesARowWithANulCharacter) {
  EXPECT_EQ(ProblemsOf(std::string_view("a\nx\0y\nz\n", 8)),
            (Problems{"2: cell 1 is not valid UTF-8 text or holds a NUL character"}));
}

}  // namespace
}  // namespace pramaan
