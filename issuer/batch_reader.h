// Reading a batch of issuance records one at a time, in constant memory.
//
// A batch is JSON Lines (one record object per line) or CSV (a header row of dotted member
// paths, then one record per row). The reader holds one 64 KiB read buffer and at most one
// record of kMaxRecordBytes, whatever the size of the file, so a batch of millions of records
// or a hostile line of gigabytes costs the same memory as a small one.
//
// A problem with one record (bad JSON, a cell that is not the declared type, a line that is too
// long) is reported in that record's BatchRecord and reading goes on with the next; only a
// failing read of the file itself stops the batch.
#ifndef PRAMAAN_ISSUER_BATCH_READER_H_
#define PRAMAAN_ISSUER_BATCH_READER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json/json.h"
#include "core/result.h"

namespace pramaan {

// The longest record the reader holds: a JSON Lines line, or the decoded cells of one CSV row.
// Real records are about 1 KiB; a megabyte leaves room for long names and competency lists
// while keeping a hostile line from taking the process's memory.
inline constexpr std::size_t kMaxRecordBytes = 1 << 20;

// Bytes read from the file at a time.
inline constexpr std::size_t kBatchReadBufferBytes = 64 << 10;

enum class BatchFormat {
  kJsonLines,  // .jsonl, .ndjson, and "-" (stdin)
  kCsv,        // .csv
};

// Returns the format named by `path`'s extension (case-insensitive), kJsonLines for "-".
// Fails with kUnsupported for any other name, listing the extensions accepted.
Result<BatchFormat> BatchFormatOf(std::string_view path);

// About how many records the batch file at `path` holds, for a progress line's percentage and
// ETA: its non-blank lines, less the header for CSV (a quoted cell spanning lines counts
// more). Reads the file once in constant memory. nullopt for "-" (standard input can be read
// only once) or a file that cannot be read.
std::optional<std::int64_t> EstimateRecordCount(const std::string& path);

// Where a record starts: enough to start reading again there after the process was killed.
struct ResumePoint {
  std::int64_t byte_offset = 0;  // from the start of the file (a UTF-8 BOM included)
  std::int64_t line = 1;         // 1-based line number of that byte
};

// One record of the batch, or why that record could not be read.
struct BatchRecord {
  std::string where;         // "<name>:<line>", e.g. "batch.csv:12"
  std::int64_t line;         // 1-based line where the record starts (a CSV row may span lines)
  std::int64_t byte_offset;  // where the record's first byte is in the file
  // The record, always a JSON object; or kInvalidInput with one sentence that begins with
  // `where` ("batch.csv:12: column course.hours: \"twelve\" is not a number").
  Result<Json> record;

  ResumePoint position() const { return {byte_offset, line}; }
};

// The JSON type a CSV cell is converted to, as a set: a schema may declare several types
// ("type": ["integer", "string"]), and the cell then takes the first of them, in the order
// of the members below, that it parses as. kString accepts every cell.
struct CellTypes {
  bool integer = false;  // optional '-', then decimal digits, within 64 bits
  bool number = false;   // an integer as above, or a finite decimal like 12.5 or 1e3
  bool boolean = false;  // true or false, in any letter case (spreadsheets write TRUE)
  bool array = false;    // a JSON array, written as JSON: ["a", "b"]
  bool object = false;   // a JSON object, written as JSON
  bool string = false;   // the cell's text as it is

  bool operator==(const CellTypes&) const = default;
};

// The member of every record that names its kind and so its schema; the CSV header must have a
// column of that name. It is what RecordKindOf (issuer/schema/record_schemas.h) reads.
inline constexpr std::string_view kRecordTypeMember = "record_type";

// For CSV: what type each column's cells have, per record kind, from the kinds' JSON Schemas.
//
// A column name is a dotted path of member names ("learner.name"). The path is followed
// through the schema's "properties", resolving local "$ref"s ("#/$defs/NAME"), to the schema
// of the member, whose "type" gives the cell's type. Without "type", the JSON types of the
// values of "const" or "enum" give it ({"enum": ["pass"]} is a string). A path the schema
// does not declare, or a member whose schema says neither, is a string: the record is then
// typed as well as it can be, and validation against the schema names what is wrong with it.
class CsvCellTypes {
 public:
  // From the record schemas compiled into the issuer (schemas/*.schema.json): each schema's
  // "properties.record_type.const" names its kind. Fails with kInternal if one does not parse
  // or has no such const, which is a bug in the build, not bad input.
  static Result<CsvCellTypes> FromRecordSchemas();

  // From `schemas`, keyed by the record_type value each applies to. Fails with kInvalidInput
  // if there is no schema, or one is not a JSON object.
  static Result<CsvCellTypes> Create(std::map<std::string, Json, std::less<>> schemas);

  // The type of the member at `path` (split at '.') in records whose record_type is
  // `record_type`. Fails with kInvalidInput, in the words RecordKindOf uses, when `record_type`
  // is empty or names no schema.
  Result<CellTypes> TypeOf(std::string_view record_type,
                           const std::vector<std::string>& path) const;

  // The record_type values there is a schema for, in order.
  std::vector<std::string> RecordTypes() const;

 private:
  explicit CsvCellTypes(std::map<std::string, Json, std::less<>> schemas)
      : schemas_(std::move(schemas)) {}
  std::map<std::string, Json, std::less<>> schemas_;
};

struct BatchReaderOptions {
  // The format; when absent, from the path's extension (BatchFormatOf).
  std::optional<BatchFormat> format;
  // Start reading at this record instead of at the beginning: a ResumePoint from a BatchRecord
  // of an earlier reading of the same file. For CSV the header is still read from the start
  // first. A regular file is seeked; a pipe is read and discarded up to the offset (constant
  // memory, but it takes the time of reading those bytes).
  std::optional<ResumePoint> resume_at;
  // The column types for CSV; when null, FromRecordSchemas().
  std::shared_ptr<const CsvCellTypes> cell_types;
};

class BatchReader {
 public:
  virtual ~BatchReader() = default;

  // Opens `path` ("-" is standard input, shown as "stdin" in `where`); for CSV, also reads
  // the header row. Fails with
  //   kNotFound / kPermission if the file cannot be opened (kInternal for other system errors);
  //   kUnsupported for an unknown extension (see BatchFormatOf);
  //   kInvalidInput for a directory; for a CSV header that is missing, malformed, names a
  //     column twice or both as a member and inside it ("learner" and "learner.name"), or has
  //     no record_type column; for a resume point that is negative, inside the CSV header or
  //     past the end of the file.
  static Result<std::unique_ptr<BatchReader>> Open(const std::string& path,
                                                   const BatchReaderOptions& options = {});

  // Reads a batch already in memory (a request body) as Open reads a file of `format`
  // (options.format is ignored), naming it `name` in each record's `where` ("request:12").
  // `bytes` must outlive the reader. Fails as Open does for a bad CSV header.
  static Result<std::unique_ptr<BatchReader>> FromBytes(std::string_view bytes,
                                                        const std::string& name,
                                                        BatchFormat format,
                                                        const BatchReaderOptions& options = {});

  // Returns the next record, or nullopt at the end of the file. Fails (kInternal) only when
  // reading the file fails; every problem with a record's contents is in its `record`.
  // JSON Lines: lines that are empty or only spaces and tabs are skipped; a CR before the LF
  // is dropped. CSV (RFC 4180, LF or CRLF): rows whose cells are all empty are skipped; an
  // empty cell leaves its member out of the record; members appear in column order.
  virtual Result<std::optional<BatchRecord>> Next() = 0;

  // The largest number of bytes held for one record so far (its buffer's capacity, which never
  // exceeds kMaxRecordBytes). For tests and for the curious: it is the proof of bounded memory.
  virtual std::size_t peak_record_buffer_bytes() const = 0;
};

}  // namespace pramaan

#endif  // PRAMAAN_ISSUER_BATCH_READER_H_
