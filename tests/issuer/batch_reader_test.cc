// The streaming batch reader: JSON Lines and CSV, record by record, in bounded memory.
#include "issuer/batch_reader.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "issuer/schema/record_schemas.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

namespace fs = std::filesystem;

class BatchReaderTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) const {
    return temp_dir_.Write(name, text).string();
  }

  // Every record of the file; fails the test if opening or reading fails.
  static std::vector<BatchRecord> ReadAll(const std::string& path,
                                          const BatchReaderOptions& options = {}) {
    std::vector<BatchRecord> records;
    auto reader = BatchReader::Open(path, options);
    EXPECT_TRUE(reader.ok()) << reader.error().message();
    if (!reader.ok()) return records;
    for (;;) {
      auto next = (*reader)->Next();
      EXPECT_TRUE(next.ok()) << next.error().message();
      if (!next.ok() || !next->has_value()) return records;
      records.push_back(std::move(**next));
    }
  }

  const testing::TempDir temp_dir_{"pramaan-batch"};
  const fs::path dir_ = temp_dir_.path();
};

std::string ErrorOf(const BatchRecord& record) {
  return record.record.ok() ? "(no error)" : record.record.error().message();
}

Json JsonOf(const BatchRecord& record) {
  EXPECT_TRUE(record.record.ok()) << record.where << ": " << ErrorOf(record);
  return record.record.ok() ? *record.record : Json();
}

// ---------------------------------------------------------------------------------------------
// Formats and opening.

TEST(BatchFormat, IsChosenByExtension) {
  EXPECT_EQ(*BatchFormatOf("a/batch.jsonl"), BatchFormat::kJsonLines);
  EXPECT_EQ(*BatchFormatOf("batch.NDJSON"), BatchFormat::kJsonLines);
  EXPECT_EQ(*BatchFormatOf("-"), BatchFormat::kJsonLines);
  EXPECT_EQ(*BatchFormatOf("batch.csv"), BatchFormat::kCsv);
  EXPECT_EQ(*BatchFormatOf("BATCH.CSV"), BatchFormat::kCsv);
}

TEST(BatchFormat, FailsForOtherExtensions) {
  for (const char* path : {"record.json", "batch.txt", "csv", "batch.csv.gz"}) {
    auto format = BatchFormatOf(path);
    ASSERT_FALSE(format.ok()) << path;
    EXPECT_EQ(format.error().code(), ErrorCode::kUnsupported) << path;
  }
}

TEST_F(BatchReaderTest, OpenFailsWithNotFoundForMissingFile) {
  auto reader = BatchReader::Open((dir_ / "missing.jsonl").string());
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().code(), ErrorCode::kNotFound);
}

TEST_F(BatchReaderTest, OpenFailsWithInvalidInputForDirectory) {
  fs::create_directory(dir_ / "batch.jsonl");
  auto reader = BatchReader::Open((dir_ / "batch.jsonl").string());
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().code(), ErrorCode::kInvalidInput);
}

// ---------------------------------------------------------------------------------------------
// JSON Lines.

TEST_F(BatchReaderTest, JsonLinesReadsOneRecordPerLineWithPositions) {
  const std::string first = R"({"source_record_id":"r1"})";
  const std::string second = R"({"source_record_id":"r2","n":2})";
  const std::string path = Write("b.jsonl", first + "\n" + second + "\n{\"x\":[1,2]}");
  const auto records = ReadAll(path);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(JsonOf(records[0]), Json::parse(first));
  EXPECT_EQ(JsonOf(records[1]), Json::parse(second));
  EXPECT_EQ(JsonOf(records[2]), Json::parse(R"({"x":[1,2]})"));  // no final newline
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[1].byte_offset, static_cast<std::int64_t>(first.size() + 1));
  EXPECT_EQ(records[1].where, path + ":2");
  EXPECT_EQ(records[2].line, 3);
}

TEST_F(BatchReaderTest, JsonLinesSkipsBlankLines) {
  const auto records = ReadAll(Write("b.jsonl", "\n{\"a\":1}\n   \n\t\n\r\n{\"a\":2}\n\n"));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].line, 2);
  EXPECT_EQ(records[1].line, 6);
  EXPECT_EQ(JsonOf(records[1])["a"], 2);
}

TEST_F(BatchReaderTest, JsonLinesAcceptsCrLf) {
  const auto records = ReadAll(Write("b.jsonl", "{\"a\":\"x\"}\r\n{\"a\":\"y\"}\r\n"));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(JsonOf(records[0])["a"], "x");
  EXPECT_EQ(JsonOf(records[1])["a"], "y");
  EXPECT_EQ(records[1].byte_offset, 11);
}

TEST_F(BatchReaderTest, JsonLinesSkipsByteOrderMark) {
  const auto records = ReadAll(Write("b.jsonl", "\xEF\xBB\xBF{\"a\":1}\n"));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(JsonOf(records[0])["a"], 1);
}

TEST_F(BatchReaderTest, JsonLinesEmptyFileHasNoRecords) {
  EXPECT_TRUE(ReadAll(Write("b.jsonl", "")).empty());
}

TEST_F(BatchReaderTest, JsonLinesReportsMalformedLineByNumberAndReadsOn) {
  const std::string path = Write("b.jsonl", "{\"a\":1}\n{\"a\":}\n{\"a\":3}\n");
  const auto records = ReadAll(path);
  ASSERT_EQ(records.size(), 3u);
  ASSERT_FALSE(records[1].record.ok());
  EXPECT_EQ(records[1].record.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ErrorOf(records[1]).rfind(path + ":2: ", 0), 0u) << ErrorOf(records[1]);
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(JsonOf(records[2])["a"], 3);
  EXPECT_EQ(records[2].line, 3);
}

TEST_F(BatchReaderTest, JsonLinesRejectsLinesThatAreNotObjects) {
  const std::string path = Write("b.jsonl", "[1,2]\n\"text\"\n42\nnull\n");
  const auto records = ReadAll(path);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(ErrorOf(records[0]), path + ":1: the record is array, not a JSON object");
  EXPECT_EQ(ErrorOf(records[1]), path + ":2: the record is string, not a JSON object");
  EXPECT_EQ(ErrorOf(records[2]), path + ":3: the record is number, not a JSON object");
  EXPECT_EQ(ErrorOf(records[3]), path + ":4: the record is null, not a JSON object");
}

// {"a":"xxx..."} of exactly `size` bytes.
std::string ObjectLine(std::size_t size) {
  const std::string frame = R"({"a":""})";
  return R"({"a":")" + std::string(size - frame.size(), 'x') + R"("})";
}

TEST_F(BatchReaderTest, JsonLinesAcceptsLineOfExactlyTheLimit) {
  const auto records = ReadAll(Write("b.jsonl", ObjectLine(kMaxRecordBytes) + "\n"));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].record.ok()) << ErrorOf(records[0]);
}

TEST_F(BatchReaderTest, JsonLinesRejectsOverlongLineInBoundedMemoryAndReadsOn) {
  const std::string huge = ObjectLine(5 << 20);
  const std::string path = Write(
      "b.jsonl", "{\"a\":1}\n" + huge + "\r\n" + ObjectLine(kMaxRecordBytes + 1) + "\n{\"a\":4}\n");
  auto reader = BatchReader::Open(path);
  ASSERT_TRUE(reader.ok());
  std::vector<BatchRecord> records;
  for (auto next = (*reader)->Next(); next.ok() && next->has_value(); next = (*reader)->Next()) {
    records.push_back(std::move(**next));
  }
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(ErrorOf(records[1]),
            path + ":2: the line is longer than 1048576 bytes and was skipped");
  EXPECT_FALSE(records[2].record.ok()) << "one byte over the limit is too long";
  EXPECT_EQ(JsonOf(records[3])["a"], 4);
  EXPECT_EQ(records[3].line, 4);
  EXPECT_EQ(records[3].byte_offset,
            static_cast<std::int64_t>(8 + huge.size() + 2 + kMaxRecordBytes + 2));
  EXPECT_LE((*reader)->peak_record_buffer_bytes(), kMaxRecordBytes);
  EXPECT_GE((*reader)->peak_record_buffer_bytes(), kMaxRecordBytes / 2)
      << "the reader should have buffered up to the limit";
}

TEST_F(BatchReaderTest, JsonLinesResumesAtARecordsPosition) {
  const std::string path = Write("b.jsonl", "{\"a\":1}\n\n{\"a\":2}\n{\"a\":3}\n");
  const auto all = ReadAll(path);
  ASSERT_EQ(all.size(), 3u);
  BatchReaderOptions options;
  options.resume_at = all[1].position();
  const auto resumed = ReadAll(path, options);
  ASSERT_EQ(resumed.size(), 2u);
  EXPECT_EQ(JsonOf(resumed[0])["a"], 2);
  EXPECT_EQ(resumed[0].line, 3);
  EXPECT_EQ(resumed[0].byte_offset, all[1].byte_offset);
  EXPECT_EQ(resumed[1].where, path + ":4");
}

TEST_F(BatchReaderTest, ResumeFailsPastTheEndOfTheFile) {
  const std::string path = Write("b.jsonl", "{\"a\":1}\n");
  BatchReaderOptions options;
  options.resume_at = ResumePoint{100, 5};
  auto reader = BatchReader::Open(path, options);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().code(), ErrorCode::kInvalidInput);
}

// Standard input from a pipe cannot seek: resuming reads and discards up to the offset.
TEST_F(BatchReaderTest, StdinPipeIsJsonLinesAndResumesByDiscarding) {
  const std::string text = "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n";
  int pipe_ends[2];
  ASSERT_EQ(::pipe(pipe_ends), 0);
  const int saved_stdin = ::dup(STDIN_FILENO);
  ASSERT_EQ(::dup2(pipe_ends[0], STDIN_FILENO), STDIN_FILENO);
  ::close(pipe_ends[0]);
  std::thread writer([&] {
    ASSERT_EQ(::write(pipe_ends[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
    ::close(pipe_ends[1]);
  });
  BatchReaderOptions options;
  options.resume_at = ResumePoint{8, 2};
  const auto records = ReadAll("-", options);
  writer.join();
  ::dup2(saved_stdin, STDIN_FILENO);
  ::close(saved_stdin);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].where, "stdin:2");
  EXPECT_EQ(JsonOf(records[0])["a"], 2);
  EXPECT_EQ(JsonOf(records[1])["a"], 3);
}

// ---------------------------------------------------------------------------------------------
// CSV with the compiled-in record schemas.

TEST_F(BatchReaderTest, CsvRowBuildsTheCourseCompletionExampleExactly) {
  const std::string path = Write(
      "b.csv",
      "record_type,source_record_id,learner.id,learner.name,learner.name_local,learner.email,"
      "learner.apaar_id,course.id,course.title,course.title_local,course.provider,"
      "course.language,course.hours,course.competencies,completion_date,score,template,language\n"
      "course_completion,igot-cc-2026-000001,igot-user-7781,Asha Verma,आशा वर्मा,"
      "asha@example.gov.in,123456789012,do_113945,Digital Governance Foundations,"
      "डिजिटल शासन की बुनियाद,Lal Bahadur Shastri National Academy of Administration,hi,12.5,"
      "\"[\"\"Digital literacy\"\", \"\"Citizen-centric service delivery\"\", "
      "\"\"Data protection\"\"]\",2026-11-01,87.5,course-completion,hi\n");
  const auto records = ReadAll(path);
  ASSERT_EQ(records.size(), 1u);
  const Json expected = testing::ReadJsonFile(testing::SourcePath("examples/completion.json"));
  EXPECT_EQ(JsonOf(records[0]), expected);
  EXPECT_EQ(DumpJson(JsonOf(records[0]), true), DumpJson(expected, true));
  EXPECT_TRUE(ValidateRecord(JsonOf(records[0])).ok());
}

TEST_F(BatchReaderTest, CsvRowBuildsTheQualificationExampleExactly) {
  const std::string path = Write(
      "b.csv",
      "record_type,source_record_id,learner.id,learner.name,learner.name_local,learner.email,"
      "learner.apaar_id,qualification.title,qualification.title_local,qualification.nqr_code,"
      "qualification.nsqf_level,qualification.credits,qualification.notional_hours,"
      "qualification.sector,qualification.version,assessment.agency,assessment.date,"
      "assessment.result,assessment.grade,assessment.marks,assessment.max_marks,"
      "awarding_body.name,awarding_body.ncvet_recognition_id,approvals.submitted_by,"
      "approvals.submitted_at,approvals.approved_by,approvals.approved_at,award_date,template,"
      "language\r\n"
      "ncvet_qualification,ncvet-award-2026-000417,sid-learner-20931,Sumitra Das,সুমিত্রা দাস,"
      "sumitra.das@example.org,987654321098,Public Service Delivery Associate,"
      "জনপরিষেবা প্রদান সহযোগী,QG-05-GE-01234-2024-V1.0-NCVET,5,12,360,Public Administration,"
      "1.0,Example Assessment Agency Pvt. Ltd.,2026-10-20,pass,A,78,100,"
      "Example Awarding Body for Public Administration,AB-EXAMPLE-0001,maker-officer-114,"
      "2026-11-03T10:15:00+05:30,checker-officer-027,2026-11-04T16:40:12Z,2026-11-05,"
      "ncvet-qualification,bn\r\n");
  const auto records = ReadAll(path);
  ASSERT_EQ(records.size(), 1u);
  const Json expected = testing::ReadJsonFile(testing::SourcePath("examples/qualification.json"));
  EXPECT_EQ(JsonOf(records[0]), expected);
  // "1.0" is a string in the schema (qualification.version): it must not become a number.
  EXPECT_EQ(DumpJson(JsonOf(records[0]), true), DumpJson(expected, true));
  EXPECT_TRUE(ValidateRecord(JsonOf(records[0])).ok());
}

TEST_F(BatchReaderTest, CsvQuotedCellsHoldCommasQuotesAndNewlines) {
  const std::string path = Write("b.csv",
                                 "record_type,learner.name,course.title\n"
                                 "course_completion,\"Verma, Asha \"\"AV\"\"\",\"Line one\n"
                                 "line two\r\nline three\"\n"
                                 "course_completion,Ravi,\"\"\n");
  const auto records = ReadAll(path);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(JsonOf(records[0])["learner"]["name"], "Verma, Asha \"AV\"");
  EXPECT_EQ(JsonOf(records[0])["course"]["title"], "Line one\nline two\r\nline three");
  EXPECT_EQ(records[0].line, 2);  // where the row starts
  EXPECT_EQ(records[1].line, 5);
  EXPECT_EQ(records[1].where, path + ":5");
  EXPECT_FALSE(JsonOf(records[1]).contains("course"));  // "" is an empty cell
}

TEST_F(BatchReaderTest, CsvAcceptsByteOrderMarkAndCrLf) {
  const auto records = ReadAll(Write("b.csv",
                                     "\xEF\xBB\xBFrecord_type,course.hours,learner.name\r\n"
                                     "course_completion,7,Asha\r\n"
                                     "course_completion,8,Ravi\r\n"));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(JsonOf(records[0]),
            Json::parse(R"({"record_type":"course_completion","course":{"hours":7},)"
                        R"("learner":{"name":"Asha"}})"));
  EXPECT_EQ(JsonOf(records[1])["learner"]["name"], "Ravi");
  EXPECT_EQ(records[1].line, 3);
}

TEST_F(BatchReaderTest, CsvEmptyCellsAreAbsentMembers) {
  const auto records = ReadAll(Write("b.csv",
                                     "record_type,learner.name,learner.email,score,course.id\n"
                                     "course_completion,Asha,,,\n"));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(JsonOf(records[0]),
            Json::parse(R"({"record_type":"course_completion","learner":{"name":"Asha"}})"));
}

TEST_F(BatchReaderTest, CsvSkipsBlankRows) {
  const auto records = ReadAll(Write("b.csv",
                                     "record_type,learner.name\n\n"
                                     "course_completion,Asha\n,\n\r\n"
                                     "course_completion,Ravi\n\n"));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].line, 3);
  EXPECT_EQ(records[1].line, 6);
}

TEST_F(BatchReaderTest, CsvReportsRowsWithTooManyOrTooFewCellsAndReadsOn) {
  const std::string path = Write("b.csv",
                                 "record_type,learner.name,learner.id\n"
                                 "course_completion,Asha,a1,extra\n"
                                 "course_completion,Ravi\n"
                                 "course_completion,Meena,m1\n");
  const auto records = ReadAll(path);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(ErrorOf(records[0]), path + ":2: the row has 4 cells; the header has 3 columns");
  EXPECT_EQ(ErrorOf(records[1]), path + ":3: the row has 2 cells; the header has 3 columns");
  EXPECT_EQ(JsonOf(records[2])["learner"]["id"], "m1");
}

TEST_F(BatchReaderTest, CsvReportsCellsThatAreNotTheDeclaredType) {
  const std::string path = Write("b.csv",
                                 "record_type,qualification.nsqf_level,course.hours\n"
                                 "ncvet_qualification,five,\n"
                                 "ncvet_qualification,5.5,\n"
                                 "course_completion,,12h\n"
                                 "ncvet_qualification,99999999999999999999,\n"
                                 "ncvet_qualification,-3,\n");
  const auto records = ReadAll(path);
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(ErrorOf(records[0]),
            path + ":2: column qualification.nsqf_level: \"five\" is not an integer");
  EXPECT_EQ(ErrorOf(records[1]),
            path + ":3: column qualification.nsqf_level: \"5.5\" is not an integer");
  EXPECT_EQ(ErrorOf(records[2]), path + ":4: column course.hours: \"12h\" is not a number");
  EXPECT_FALSE(records[3].record.ok()) << "beyond 64 bits";
  EXPECT_EQ(JsonOf(records[4])["qualification"]["nsqf_level"], -3);
}

TEST_F(BatchReaderTest, CsvReportsUnterminatedQuoteAtEndOfFile) {
  const std::string path = Write("b.csv",
                                 "record_type,learner.name\n"
                                 "course_completion,Asha\n"
                                 "course_completion,\"Ravi\nand the rest");
  const auto records = ReadAll(path);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(records[0].record.ok());
  EXPECT_EQ(ErrorOf(records[1]),
            path + ":3: a quoted cell is not closed before the end of the file");
}

TEST_F(BatchReaderTest, CsvReportsMisplacedQuotes) {
  const std::string path = Write("b.csv",
                                 "record_type,learner.name\n"
                                 "course_completion,As\"ha\n"
                                 "course_completion,\"Ravi\" Kumar\n"
                                 "course_completion,Meena\n");
  const auto records = ReadAll(path);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(ErrorOf(records[0]),
            path + ":2: a quote appears inside an unquoted cell (quote the whole cell)");
  EXPECT_EQ(ErrorOf(records[1]), path + ":3: text follows the closing quote of a cell");
  EXPECT_EQ(JsonOf(records[2])["learner"]["name"], "Meena");
}

// The one CSV reader (issue 17) refuses a CR outside quotes that is not a line end, as
// awarding's tables do; the row alone, not the batch.
TEST_F(BatchReaderTest, CsvRefusesALoneCarriageReturnInItsRowAlone) {
  const std::string path = Write("b.csv",
                                 "record_type,learner.name\n"
                                 "course_completion,As\rha\n"
                                 "course_completion,Meena\n");
  const auto records = ReadAll(path);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(ErrorOf(records[0]), path + ":2: a carriage return is not followed by a line feed");
  EXPECT_EQ(JsonOf(records[1])["learner"]["name"], "Meena");
}

TEST_F(BatchReaderTest, CsvReportsCellThatIsNotUtf8) {
  const std::string path = Write("b.csv", "record_type,learner.name\ncourse_completion,\xC3\x28\n");
  const auto records = ReadAll(path);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(ErrorOf(records[0]), path + ":2: column learner.name: the cell is not valid UTF-8");
}

TEST_F(BatchReaderTest, CsvRecordTypeErrorsAreWordedAsTheIssuerWordsThem) {
  const std::string path = Write("b.csv",
                                 "record_type,learner.name\n"
                                 "diploma,Asha\n"
                                 ",Ravi\n");
  const auto records = ReadAll(path);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(ErrorOf(records[0]),
            path + ":2: " + RecordKindOf(Json{{"record_type", "diploma"}}).error().message());
  EXPECT_EQ(ErrorOf(records[1]), path + ":3: " + RecordKindOf(Json::object()).error().message());
}

TEST_F(BatchReaderTest, CsvUndeclaredColumnIsAString) {
  const auto records =
      ReadAll(Write("b.csv", "record_type,learner.nickname\ncourse_completion,42\n"));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(JsonOf(records[0])["learner"]["nickname"], "42");
}

TEST_F(BatchReaderTest, CsvRejectsOverlongRowInBoundedMemoryAndReadsOn) {
  const std::string path = Write("b.csv",
                                 "record_type,learner.name\n"
                                 "course_completion,\"" +
                                     std::string(3 << 20, 'y') + "\"\ncourse_completion,Asha\n");
  auto reader = BatchReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.error().message();
  auto first = (*reader)->Next();
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ(ErrorOf(**first), path + ":2: the row is longer than 1048576 bytes and was skipped");
  auto second = (*reader)->Next();
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ(JsonOf(**second)["learner"]["name"], "Asha");
  EXPECT_EQ((*second)->line, 3);
  EXPECT_LE((*reader)->peak_record_buffer_bytes(), kMaxRecordBytes);
}

TEST_F(BatchReaderTest, CsvResumesAtARecordsPosition) {
  const std::string path = Write("b.csv",
                                 "record_type,learner.name\n"
                                 "course_completion,\"Asha\nVerma\"\n"
                                 "course_completion,Ravi\n"
                                 "course_completion,Meena\n");
  const auto all = ReadAll(path);
  ASSERT_EQ(all.size(), 3u);
  BatchReaderOptions options;
  options.resume_at = all[1].position();
  const auto resumed = ReadAll(path, options);
  ASSERT_EQ(resumed.size(), 2u);
  EXPECT_EQ(JsonOf(resumed[0])["learner"]["name"], "Ravi");
  EXPECT_EQ(resumed[0].line, 4);
  EXPECT_EQ(JsonOf(resumed[1])["learner"]["name"], "Meena");
}

TEST_F(BatchReaderTest, CsvResumeInsideTheHeaderFails) {
  const std::string path = Write("b.csv", "record_type,learner.name\ncourse_completion,Asha\n");
  BatchReaderOptions options;
  options.resume_at = ResumePoint{3, 1};
  auto reader = BatchReader::Open(path, options);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().code(), ErrorCode::kInvalidInput);
}

TEST_F(BatchReaderTest, CsvOpenFailsForBadHeaders) {
  const struct {
    const char* text;
    const char* problem;
  } cases[] = {
      {"", "is empty"},
      {"learner.name,learner.id\n", "has no record_type column"},
      {"record_type,learner.name,learner.name\n", "column learner.name appears twice"},
      {"record_type,learner,learner.name\n", "column learner names a member that column"},
      {"record_type,learner..name\n", "has an empty member name"},
      {"record_type,,learner.name\n", "column 2 of the header has no name"},
      {"record_type,\"learner\n", "not closed"},
  };
  for (const auto& bad : cases) {
    auto reader = BatchReader::Open(Write("b.csv", bad.text));
    ASSERT_FALSE(reader.ok()) << bad.text;
    EXPECT_EQ(reader.error().code(), ErrorCode::kInvalidInput) << bad.text;
    EXPECT_NE(reader.error().message().find(bad.problem), std::string::npos)
        << bad.text << " -> " << reader.error().message();
  }
}

// ---------------------------------------------------------------------------------------------
// CSV typing by a schema given by the caller.

std::shared_ptr<const CsvCellTypes> TestCellTypes() {
  const Json kind_a = Json::parse(R"({
    "type": "object",
    "properties": {
      "record_type": {"const": "a"},
      "count": {"type": "integer"},
      "ratio": {"type": "number"},
      "active": {"type": "boolean"},
      "tags": {"type": "array"},
      "extra": {"type": "object"},
      "either": {"type": ["integer", "string"]},
      "level": {"enum": [1, 2, 3]},
      "nested": {"$ref": "#/$defs/nested"},
      "code": {"type": "string"}
    },
    "$defs": {"nested": {"properties": {"flag": {"$ref": "#/$defs/flag"}}},
              "flag": {"type": "boolean"}}
  })");
  const Json kind_b = Json::parse(R"({"properties": {"count": {"type": "string"}}})");
  auto types = CsvCellTypes::Create({{"a", kind_a}, {"b", kind_b}});
  EXPECT_TRUE(types.ok());
  return std::make_shared<const CsvCellTypes>(std::move(types).value());
}

TEST_F(BatchReaderTest, CsvCellsAreTypedByTheSchemaOfTheRowsRecordType) {
  BatchReaderOptions options;
  options.cell_types = TestCellTypes();
  const std::string path =
      Write("b.csv",
            "record_type,count,ratio,active,tags,extra,either,level,nested.flag,code\n"
            "a,007,1e3,TRUE,\"[1,\"\"x\"\"]\",\"{\"\"k\"\":null}\",12,2,false,0012\n"
            "a,-4,2.25,false,[],{},twelve,,,\n"
            "a,,12,,,,,,,\n"
            "b,007,,,,,,,,\n");
  const auto records = ReadAll(path, options);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(DumpJson(JsonOf(records[0]), false),
            R"({"record_type":"a","count":7,"ratio":1000.0,"active":true,"tags":[1,"x"],)"
            R"("extra":{"k":null},"either":12,"level":2,"nested":{"flag":false},"code":"0012"})");
  EXPECT_EQ(DumpJson(JsonOf(records[1]), false),
            R"({"record_type":"a","count":-4,"ratio":2.25,"active":false,"tags":[],"extra":{},)"
            R"("either":"twelve"})");
  // An integral number is written as an integer, as the same text in JSON would be.
  EXPECT_EQ(DumpJson(JsonOf(records[2]), false), R"({"record_type":"a","ratio":12})");
  // The same column is a string for record type b.
  EXPECT_EQ(DumpJson(JsonOf(records[3]), false), R"({"record_type":"b","count":"007"})");
}

TEST_F(BatchReaderTest, CsvReportsCellsOfOtherDeclaredTypes) {
  BatchReaderOptions options;
  options.cell_types = TestCellTypes();
  const std::string path = Write("b.csv",
                                 "record_type,active,tags,ratio\n"
                                 "a,yes,,\n"
                                 "a,,{},\n"
                                 "a,,,inf\n");
  const auto records = ReadAll(path, options);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(ErrorOf(records[0]), path + ":2: column active: \"yes\" is not true or false");
  EXPECT_EQ(ErrorOf(records[1]), path + ":3: column tags: \"{}\" is not a JSON array");
  EXPECT_EQ(ErrorOf(records[2]), path + ":4: column ratio: \"inf\" is not a number");
}

TEST(CsvCellTypes, RecordSchemasDeclareTheTypesTheExamplesUse) {
  auto types = CsvCellTypes::FromRecordSchemas();
  ASSERT_TRUE(types.ok()) << types.error().message();
  EXPECT_EQ(types->RecordTypes(),
            (std::vector<std::string>{"course_completion", "ncvet_qualification"}));
  const auto type_of = [&](const char* kind, std::vector<std::string> path) {
    auto type = types->TypeOf(kind, path);
    EXPECT_TRUE(type.ok());
    return type.ok() ? *type : CellTypes{};
  };
  CellTypes integer, number, string, array, object;
  integer.integer = number.number = string.string = array.array = object.object = true;
  EXPECT_EQ(type_of("course_completion", {"course", "hours"}), number);
  EXPECT_EQ(type_of("course_completion", {"course", "competencies"}), array);
  EXPECT_EQ(type_of("course_completion", {"learner"}), object);
  EXPECT_EQ(type_of("course_completion", {"learner", "apaar_id"}), string);
  EXPECT_EQ(type_of("course_completion", {"language"}), string);     // from the enum
  EXPECT_EQ(type_of("course_completion", {"record_type"}), string);  // from the const
  EXPECT_EQ(type_of("ncvet_qualification", {"qualification", "nsqf_level"}), integer);
  EXPECT_EQ(type_of("ncvet_qualification", {"qualification", "version"}), string);
  EXPECT_EQ(type_of("ncvet_qualification", {"assessment", "marks"}), number);
  EXPECT_EQ(type_of("ncvet_qualification", {"course", "hours"}), string);  // not declared
  EXPECT_FALSE(types->TypeOf("diploma", {"course"}).ok());
}

// A request body (POST /records/batch) is read as the same file would be, larger than the
// read buffer so that it is refilled from memory, with positions and per-record errors alike.
TEST_F(BatchReaderTest, BytesInMemoryReadAsTheSameFile) {
  std::string jsonl = "\xEF\xBB\xBF";
  for (int i = 0; i < 3000; ++i) {
    jsonl += i == 1234 ? "{not json\n" : "{\"n\": " + std::to_string(i) + ", \"pad\": \"" +
                                             std::string(40, 'x') + "\"}\r\n";
  }
  ASSERT_GT(jsonl.size(), 2 * kBatchReadBufferBytes);
  const std::string csv = "record_type,learner.name\ncourse_completion,\"Verma, Asha\"\n\n"
                          "course_completion,Ravi\n";
  for (const auto& [text, format, file] :
       {std::tuple{jsonl, BatchFormat::kJsonLines, "a.jsonl"},
        std::tuple{csv, BatchFormat::kCsv, "a.csv"}}) {
    const auto from_file = ReadAll(Write(file, text));
    auto reader = BatchReader::FromBytes(text, "request", format);
    ASSERT_TRUE(reader.ok()) << reader.error().message();
    std::vector<BatchRecord> from_bytes;
    for (;;) {
      auto next = (*reader)->Next();
      ASSERT_TRUE(next.ok()) << next.error().message();
      if (!next->has_value()) break;
      from_bytes.push_back(std::move(**next));
    }
    ASSERT_EQ(from_bytes.size(), from_file.size()) << file;
    for (size_t i = 0; i < from_file.size(); ++i) {
      EXPECT_EQ(from_bytes[i].line, from_file[i].line);
      EXPECT_EQ(from_bytes[i].byte_offset, from_file[i].byte_offset);
      EXPECT_EQ(from_bytes[i].where, "request:" + std::to_string(from_file[i].line));
      ASSERT_EQ(from_bytes[i].record.ok(), from_file[i].record.ok()) << from_bytes[i].where;
      if (from_file[i].record.ok()) {
        EXPECT_EQ(*from_bytes[i].record, *from_file[i].record);
      }
    }
  }
  // A CSV body without a record_type column fails as the file does.
  EXPECT_FALSE(BatchReader::FromBytes("learner.name\nAsha\n", "request", BatchFormat::kCsv).ok());
}

TEST_F(BatchReaderTest, EstimatesTheRecordCountFromNonBlankLines) {
  EXPECT_EQ(EstimateRecordCount(Write("a.jsonl", "{}\n\n  \r\n{}\r\n{}")), 3);
  EXPECT_EQ(EstimateRecordCount(Write("b.csv", "record_type,learner.name\nx,a\ny,b\n")), 2);
  EXPECT_EQ(EstimateRecordCount(Write("c.jsonl", "")), 0);
  EXPECT_FALSE(EstimateRecordCount("-").has_value());
  EXPECT_FALSE(EstimateRecordCount(Write("d.txt", "{}\n")).has_value());
  EXPECT_FALSE(EstimateRecordCount("/no/such/batch.jsonl").has_value());
}

}  // namespace
}  // namespace pramaan
