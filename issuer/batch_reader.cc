#include "issuer/batch_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <set>
#include <utility>

#include "core/csv/csv_row_parser.h"
#include "core/encoding/utf8.h"
#include "core/io/bounded_buffer.h"
#include "issuer/schema/record_schemas.h"

namespace pramaan {
namespace {

// A CSV record has about 30 columns; far more is a file that is not a record batch.
constexpr std::size_t kMaxColumns = 1024;
// A $ref chain longer than this is a loop; our schemas use one level.
constexpr int kMaxRefDepth = 32;
// Cell values quoted in error messages are cut to this many bytes: enough to recognise.
constexpr std::size_t kMaxQuotedCellBytes = 40;

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// ---------------------------------------------------------------------------------------------
// Reading bytes.

// Owns a file descriptor; standard input is borrowed, not closed.
class FileDescriptor {
 public:
  FileDescriptor(int fd, bool owned) : fd_(fd), owned_(owned) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (owned_) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
  bool owned_;
};

// A file read through one fixed buffer, with the file offset of every byte known.
class ByteSource {
 public:
  ByteSource(std::unique_ptr<FileDescriptor> fd, std::string name)
      : fd_(std::move(fd)), name_(std::move(name)), buffer_(kBatchReadBufferBytes) {}
  // Bytes already in memory (a request body), which must outlive the source.
  ByteSource(std::string_view bytes, std::string name)
      : memory_(bytes), name_(std::move(name)), buffer_(kBatchReadBufferBytes) {}

  // The buffered bytes not yet consumed, reading more when none are left; empty at the end of
  // the file.
  Result<std::string_view> Available() {
    if (start_ == end_) PRAMAAN_RETURN_IF_ERROR(Refill());
    return std::string_view(buffer_.data() + start_, end_ - start_);
  }

  // At least `count` (<= the buffer size) unconsumed bytes, or all that are left in the file.
  Result<std::string_view> Peek(std::size_t count) {
    while (end_ - start_ < count && !at_end_) PRAMAAN_RETURN_IF_ERROR(Refill());
    return std::string_view(buffer_.data() + start_, end_ - start_);
  }

  void Consume(std::size_t count) { start_ += count; }

  std::int64_t offset() const { return buffer_offset_ + static_cast<std::int64_t>(start_); }

  // Moves to `target` (>= offset()): seeks a regular file; reads and discards from a pipe.
  // Fails with kInvalidInput if the file ends before `target`.
  Status SkipTo(std::int64_t target) {
    struct stat info;
    if (fd_ == nullptr) {
      if (target > static_cast<std::int64_t>(memory_.size())) return PastEnd(target);
      memory_read_ = static_cast<std::size_t>(target);
      buffer_offset_ = target;
      start_ = end_ = 0;
      at_end_ = false;
      return Status::Ok();
    }
    if (::fstat(fd_->get(), &info) == 0 && S_ISREG(info.st_mode)) {
      if (target > info.st_size) return PastEnd(target);
      if (::lseek(fd_->get(), static_cast<off_t>(target), SEEK_SET) != target) {
        return Internal("cannot seek in " + name_ + ": " + std::strerror(errno));
      }
      buffer_offset_ = target;
      start_ = end_ = 0;
      at_end_ = false;
      return Status::Ok();
    }
    while (offset() < target) {
      PRAMAAN_ASSIGN_OR_RETURN(const std::string_view bytes, Available());
      if (bytes.empty()) return PastEnd(target);
      const auto wanted = static_cast<std::size_t>(target - offset());
      Consume(std::min(wanted, bytes.size()));
    }
    return Status::Ok();
  }

 private:
  // Moves the unconsumed bytes to the front and reads after them.
  Status Refill() {
    if (at_end_) return Status::Ok();
    if (start_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + start_, end_ - start_);
      buffer_offset_ += static_cast<std::int64_t>(start_);
      end_ -= start_;
      start_ = 0;
    }
    if (end_ == buffer_.size()) return Status::Ok();  // full: the caller has all it can get
    if (fd_ == nullptr) {
      const std::size_t count = std::min(buffer_.size() - end_, memory_.size() - memory_read_);
      std::memcpy(buffer_.data() + end_, memory_.data() + memory_read_, count);
      memory_read_ += count;
      end_ += count;
      at_end_ = count == 0;
      return Status::Ok();
    }
    for (;;) {
      const ssize_t count = ::read(fd_->get(), buffer_.data() + end_, buffer_.size() - end_);
      if (count > 0) {
        end_ += static_cast<std::size_t>(count);
        return Status::Ok();
      }
      if (count == 0) {
        at_end_ = true;
        return Status::Ok();
      }
      if (errno != EINTR) {
        return Internal("cannot read " + name_ + ": " + std::strerror(errno));
      }
    }
  }

  Error PastEnd(std::int64_t target) const {
    return InvalidInput("cannot resume " + name_ + " at byte " + std::to_string(target) +
                        ": the file is shorter");
  }

  std::unique_ptr<FileDescriptor> fd_;  // null when reading `memory_`
  std::string_view memory_;
  std::size_t memory_read_ = 0;  // bytes of memory_ copied into the buffer so far
  std::string name_;
  std::vector<char> buffer_;
  std::size_t start_ = 0;           // first unconsumed byte
  std::size_t end_ = 0;             // one past the last buffered byte
  std::int64_t buffer_offset_ = 0;  // file offset of buffer_[0]
  bool at_end_ = false;
};

Result<std::unique_ptr<ByteSource>> OpenSource(const std::string& path, const std::string& name) {
  if (path == "-") {
    return std::make_unique<ByteSource>(std::make_unique<FileDescriptor>(STDIN_FILENO, false),
                                        name);
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    const std::string message = "cannot open " + path + ": " + std::strerror(error);
    if (error == ENOENT) return NotFound(message);
    if (error == EACCES || error == EPERM) return PermissionDenied(message);
    return Internal(message);
  }
  auto owned = std::make_unique<FileDescriptor>(fd, true);
  struct stat info;
  // A directory opens for reading on Linux; only the first read would fail, less clearly.
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    return InvalidInput("cannot read " + path + ": it is a directory");
  }
  return std::make_unique<ByteSource>(std::move(owned), name);
}

// Skips a UTF-8 byte order mark at the start of the file, which spreadsheets write.
Status SkipBom(ByteSource& source) {
  PRAMAAN_ASSIGN_OR_RETURN(std::string_view start, source.Peek(kUtf8ByteOrderMark.size()));
  if (start.substr(0, kUtf8ByteOrderMark.size()) == kUtf8ByteOrderMark) source.Consume(kUtf8ByteOrderMark.size());
  return Status::Ok();
}

std::string Where(const std::string& name, std::int64_t line) {
  return name + ":" + std::to_string(line);
}

std::string TooLong(std::string_view what) {
  return "the " + std::string(what) + " is longer than " + std::to_string(kMaxRecordBytes) +
         " bytes and was skipped";
}

// ---------------------------------------------------------------------------------------------
// JSON Lines.

// Only spaces and tabs, before the CR of a CR LF.
bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

class JsonLinesReader final : public BatchReader {
 public:
  JsonLinesReader(std::unique_ptr<ByteSource> source, std::string name, std::int64_t line)
      : source_(std::move(source)), name_(std::move(name)), line_(line) {}

  Result<std::optional<BatchRecord>> Next() override {
    for (;;) {
      const std::int64_t start_offset = source_->offset();
      const std::int64_t start_line = line_;
      PRAMAAN_ASSIGN_OR_RETURN(const bool read, ReadLine());
      if (!read) return std::optional<BatchRecord>();
      ++line_;
      if (!too_long_ && IsBlank(line_bytes_.view())) continue;
      const std::string where = Where(name_, start_line);
      return std::optional<BatchRecord>(
          BatchRecord{where, start_line, start_offset, ParseLine(where)});
    }
  }

  std::size_t peak_record_buffer_bytes() const override { return line_bytes_.peak(); }

 private:
  // Reads one line into line_bytes_ (without its CR LF), or as much of it as fits, setting
  // too_long_. Returns false at the end of the file when there was no line left.
  Result<bool> ReadLine() {
    line_bytes_.Clear();
    too_long_ = false;
    bool any = false;
    for (;;) {
      PRAMAAN_ASSIGN_OR_RETURN(const std::string_view bytes, source_->Available());
      if (bytes.empty()) break;
      any = true;
      const std::size_t newline = bytes.find('\n');
      const std::string_view part = bytes.substr(0, newline);
      if (!too_long_ && !line_bytes_.Append(part)) too_long_ = true;
      if (newline == std::string_view::npos) {
        source_->Consume(bytes.size());
        continue;
      }
      source_->Consume(newline + 1);
      break;
    }
    return any;
  }

  Result<Json> ParseLine(const std::string& where) const {
    if (too_long_) return InvalidInput(where + ": " + TooLong("line"));
    std::string_view text = line_bytes_.view();
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    PRAMAAN_ASSIGN_OR_RETURN(Json record, ParseJson(text, where));
    if (!record.is_object()) {
      return InvalidInput(where + ": the record is " + std::string(record.type_name()) +
                          ", not a JSON object");
    }
    return record;
  }

  std::unique_ptr<ByteSource> source_;
  std::string name_;
  std::int64_t line_;
  BoundedBuffer line_bytes_{kMaxRecordBytes};
  bool too_long_ = false;
};

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180), through the one row parser (core/csv/csv_row_parser.h).

// Feeds `parser` until its row ends or the file does. Returns false if the file had no row
// left. Counts the LFs consumed into `line`.
Result<bool> ReadRow(ByteSource& source, CsvRowParser& parser, std::int64_t& line) {
  parser.Reset();
  for (;;) {
    PRAMAAN_ASSIGN_OR_RETURN(const std::string_view bytes, source.Available());
    if (bytes.empty()) return parser.Finish();
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      if (bytes[i] == '\n') ++line;
      if (parser.Feed(bytes[i])) {
        source.Consume(i + 1);
        return true;
      }
    }
    source.Consume(bytes.size());
  }
}

std::string QuoteCell(std::string_view cell) {
  if (cell.size() <= kMaxQuotedCellBytes) return "\"" + std::string(cell) + "\"";
  std::size_t cut = kMaxQuotedCellBytes;
  // Back up to the start of a UTF-8 character so the message stays valid text.
  while (cut > 0 && (static_cast<unsigned char>(cell[cut]) & 0xC0) == 0x80) --cut;
  return "\"" + std::string(cell.substr(0, cut)) + "...\"";
}


std::optional<Json> ParseInteger(std::string_view text) {
  const char* end = text.data() + text.size();
  if (!text.empty() && text.front() != '-') {
    std::uint64_t value = 0;
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error == std::errc() && stop == end) return Json(value);
    return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error == std::errc() && stop == end) return Json(value);
  return std::nullopt;
}

// An integral number is kept as an integer, as ParseJson would read the same text.
std::optional<Json> ParseNumber(std::string_view text) {
  if (std::optional<Json> integer = ParseInteger(text)) return integer;
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end || !std::isfinite(value)) return std::nullopt;
  return Json(value);
}

std::optional<Json> ParseBoolean(std::string_view text) {
  const std::string lower = ToLower(text);
  if (lower == "true") return Json(true);
  if (lower == "false") return Json(false);
  return std::nullopt;
}

std::string Describe(const CellTypes& types) {
  std::vector<std::string> names;
  if (types.integer) names.push_back("an integer");
  if (types.number) names.push_back("a number");
  if (types.boolean) names.push_back("true or false");
  if (types.array) names.push_back("a JSON array");
  if (types.object) names.push_back("a JSON object");
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) text += (i == 0 ? "" : " or ") + names[i];
  return text;
}

// The cell's value as the first of `types` it parses as (see CellTypes).
Result<Json> ConvertCell(std::string_view cell, const CellTypes& types) {
  if (!IsValidUtf8(cell)) return InvalidInput("the cell is not valid UTF-8");
  if (types.integer) {
    if (std::optional<Json> value = ParseInteger(cell)) return *value;
  }
  if (types.number) {
    if (std::optional<Json> value = ParseNumber(cell)) return *value;
  }
  if (types.boolean) {
    if (std::optional<Json> value = ParseBoolean(cell)) return *value;
  }
  std::string json_problem;
  if (types.array || types.object) {
    Result<Json> value = ParseJson(cell, "the cell");
    if (value.ok() &&
        ((types.array && value->is_array()) || (types.object && value->is_object()))) {
      return std::move(value).value();
    }
    if (!value.ok()) json_problem = " (" + value.error().message() + ")";
  }
  if (types.string) return Json(std::string(cell));
  return InvalidInput(QuoteCell(cell) + " is not " + Describe(types) + json_problem);
}

// A column of the header: its name and the member path it names.
struct Column {
  std::string name;
  std::vector<std::string> path;
};

Result<std::vector<std::string>> SplitPath(std::string_view name) {
  std::vector<std::string> path;
  std::size_t begin = 0;
  for (;;) {
    const std::size_t dot = name.find('.', begin);
    const std::string_view segment = name.substr(begin, dot - begin);
    if (segment.empty()) {
      return InvalidInput("column \"" + std::string(name) + "\" has an empty member name");
    }
    path.emplace_back(segment);
    if (dot == std::string_view::npos) return path;
    begin = dot + 1;
  }
}

std::string_view TrimSpaces(std::string_view text) {
  const std::size_t first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

// Checks that no column names a member that another column is inside of ("learner" and
// "learner.name"): the record could not hold both.
Status CheckPrefixes(const std::vector<Column>& columns) {
  std::set<std::string> names;
  for (const Column& column : columns) {
    if (!names.insert(column.name).second) {
      return InvalidInput("column " + column.name + " appears twice");
    }
  }
  for (const Column& column : columns) {
    std::string prefix;
    for (std::size_t i = 0; i + 1 < column.path.size(); ++i) {
      prefix += (i == 0 ? "" : ".") + column.path[i];
      if (names.count(prefix) != 0) {
        return InvalidInput("column " + prefix + " names a member that column " + column.name +
                            " is inside of");
      }
    }
  }
  return Status::Ok();
}

Result<std::vector<Column>> ParseHeader(const CsvRowParser& parser) {
  if (parser.error()) return InvalidInput(*parser.error());
  if (parser.too_long()) return InvalidInput(TooLong("header row"));
  if (parser.cell_count() > kMaxColumns) {
    return InvalidInput("the header has more than " + std::to_string(kMaxColumns) + " columns");
  }
  std::vector<Column> columns;
  for (std::size_t i = 0; i < parser.cell_count(); ++i) {
    const std::string_view name = TrimSpaces(parser.Cell(i));
    if (name.empty()) {
      return InvalidInput("column " + std::to_string(i + 1) + " of the header has no name");
    }
    PRAMAAN_ASSIGN_OR_RETURN(std::vector<std::string> path, SplitPath(name));
    columns.push_back(Column{std::string(name), std::move(path)});
  }
  PRAMAAN_RETURN_IF_ERROR(CheckPrefixes(columns));
  return columns;
}

class CsvReader final : public BatchReader {
 public:
  // Reads the header and works out every column's type for every record kind.
  static Result<std::unique_ptr<BatchReader>> Create(std::unique_ptr<ByteSource> source,
                                                     std::string name,
                                                     std::shared_ptr<const CsvCellTypes> types) {
    std::unique_ptr<CsvReader> reader(
        new CsvReader(std::move(source), std::move(name), std::move(types)));
    PRAMAAN_RETURN_IF_ERROR(reader->ReadHeader());
    return std::unique_ptr<BatchReader>(std::move(reader));
  }

  // Moves to a record start after the header (see BatchReaderOptions::resume_at).
  Status ResumeAt(const ResumePoint& point) {
    if (point.byte_offset < source_->offset()) {
      return InvalidInput("cannot resume " + name_ + " at byte " +
                          std::to_string(point.byte_offset) + ": that is inside the header");
    }
    PRAMAAN_RETURN_IF_ERROR(source_->SkipTo(point.byte_offset));
    line_ = point.line;
    return Status::Ok();
  }

  Result<std::optional<BatchRecord>> Next() override {
    for (;;) {
      const std::int64_t start_offset = source_->offset();
      const std::int64_t start_line = line_;
      PRAMAAN_ASSIGN_OR_RETURN(const bool read, ReadRow(*source_, parser_, line_));
      if (!read) return std::optional<BatchRecord>();
      if (IsBlankRow()) continue;
      const std::string where = Where(name_, start_line);
      Result<Json> record = RowRecord();
      if (!record.ok()) record = record.error().WithContext(where);
      return std::optional<BatchRecord>(
          BatchRecord{where, start_line, start_offset, std::move(record)});
    }
  }

  std::size_t peak_record_buffer_bytes() const override { return parser_.peak(); }

 private:
  CsvReader(std::unique_ptr<ByteSource> source, std::string name,
            std::shared_ptr<const CsvCellTypes> types)
      : source_(std::move(source)),
        name_(std::move(name)),
        types_(std::move(types)),
        parser_(kMaxColumns + 1, kMaxRecordBytes) {}

  Status ReadHeader() {
    PRAMAAN_RETURN_IF_ERROR(SkipBom(*source_));
    PRAMAAN_ASSIGN_OR_RETURN(const bool read, ReadRow(*source_, parser_, line_));
    if (!read) return InvalidInput(name_ + " is empty: its first row must name the columns");
    Result<std::vector<Column>> columns = ParseHeader(parser_);
    if (!columns.ok()) return columns.error().WithContext(Where(name_, 1));
    columns_ = std::move(columns).value();
    return TypeColumns();
  }

  Status TypeColumns() {
    const auto kind = std::find_if(columns_.begin(), columns_.end(), [](const Column& column) {
      return column.name == kRecordTypeMember;
    });
    if (kind == columns_.end()) {
      return InvalidInput(Where(name_, 1) + ": the header has no " +
                          std::string(kRecordTypeMember) +
                          " column, which names each row's kind of record");
    }
    record_type_column_ = static_cast<std::size_t>(kind - columns_.begin());
    for (const std::string& record_type : types_->RecordTypes()) {
      std::vector<CellTypes>& types = column_types_[record_type];
      for (const Column& column : columns_) {
        PRAMAAN_ASSIGN_OR_RETURN(const CellTypes type, types_->TypeOf(record_type, column.path));
        types.push_back(type);
      }
    }
    return Status::Ok();
  }

  // A row with no text in any cell: an empty line, or the ",,," spreadsheets leave behind.
  bool IsBlankRow() const {
    return !parser_.error() && !parser_.too_long() && parser_.AllCellsEmpty();
  }

  Result<Json> RowRecord() const {
    if (parser_.error()) return InvalidInput(*parser_.error());
    if (parser_.too_long()) return InvalidInput(TooLong("row"));
    if (parser_.cell_count() != columns_.size()) {
      return InvalidInput("the row has " + std::to_string(parser_.cell_count()) +
                          " cells; the header has " + std::to_string(columns_.size()) + " columns");
    }
    const std::string_view record_type = parser_.Cell(record_type_column_);
    const auto types = column_types_.find(record_type);
    if (types == column_types_.end()) {
      // TypeOf words the error as RecordKindOf does.
      return types_->TypeOf(record_type, {}).error();
    }
    Json record = Json::object();
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      const std::string_view cell = parser_.Cell(i);
      if (cell.empty()) continue;  // an empty cell is an absent member
      Result<Json> value = ConvertCell(cell, types->second[i]);
      if (!value.ok()) return value.error().WithContext("column " + columns_[i].name);
      Insert(record, columns_[i].path, std::move(value).value());
    }
    return record;
  }

  // Sets the member at `path`, making the objects on the way. CheckPrefixes guarantees every
  // object on the way is an object (or not there yet), so operator[] cannot throw.
  static void Insert(Json& record, const std::vector<std::string>& path, Json value) {
    Json* node = &record;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) node = &(*node)[path[i]];
    (*node)[path.back()] = std::move(value);
  }

  std::unique_ptr<ByteSource> source_;
  std::string name_;
  std::shared_ptr<const CsvCellTypes> types_;
  CsvRowParser parser_;
  std::int64_t line_ = 1;
  std::vector<Column> columns_;
  std::size_t record_type_column_ = 0;
  std::map<std::string, std::vector<CellTypes>, std::less<>> column_types_;
};

// ---------------------------------------------------------------------------------------------
// Cell types from a schema.

// Follows local "$ref"s ("#/$defs/NAME") from `node`; returns null if one does not resolve.
const Json* Resolve(const Json& root, const Json* node) {
  for (int depth = 0; depth < kMaxRefDepth; ++depth) {
    if (!node->is_object()) return nullptr;
    const auto ref = node->find("$ref");
    if (ref == node->end()) return node;
    if (!ref->is_string()) return nullptr;
    constexpr std::string_view kDefs = "#/$defs/";
    const std::string& target = ref->get_ref<const std::string&>();
    if (target.rfind(kDefs, 0) != 0) return nullptr;
    const auto defs = root.find("$defs");
    if (defs == root.end() || !defs->is_object()) return nullptr;
    const auto found = defs->find(target.substr(kDefs.size()));
    if (found == defs->end()) return nullptr;
    node = &*found;
  }
  return nullptr;
}

void AddJsonType(const Json& value, CellTypes& types) {
  if (value.is_number_integer()) types.integer = true;
  if (value.is_number_float()) types.number = true;
  if (value.is_boolean()) types.boolean = true;
  if (value.is_array()) types.array = true;
  if (value.is_object()) types.object = true;
  if (value.is_string()) types.string = true;
}

void AddTypeName(const Json& name, CellTypes& types) {
  if (!name.is_string()) return;
  const std::string& text = name.get_ref<const std::string&>();
  if (text == "integer") types.integer = true;
  if (text == "number") types.number = true;
  if (text == "boolean") types.boolean = true;
  if (text == "array") types.array = true;
  if (text == "object") types.object = true;
  if (text == "string") types.string = true;
}

// The types a member whose schema is `node` can have: from "type", else "const" or "enum".
CellTypes TypesOfSchema(const Json& node) {
  CellTypes types;
  if (const auto type = node.find("type"); type != node.end()) {
    if (type->is_array()) {
      for (const Json& name : *type) AddTypeName(name, types);
    } else {
      AddTypeName(*type, types);
    }
  } else if (const auto constant = node.find("const"); constant != node.end()) {
    AddJsonType(*constant, types);
  } else if (const auto values = node.find("enum"); values != node.end() && values->is_array()) {
    for (const Json& value : *values) AddJsonType(value, types);
  }
  if (types == CellTypes{}) types.string = true;  // nothing said (or only "null")
  return types;
}

// The value of "properties.record_type.const" in a record schema, or "" if it has none.
std::string RecordTypeConst(const Json& schema) {
  const auto properties = schema.find("properties");
  if (properties == schema.end() || !properties->is_object()) return "";
  const auto member = properties->find(std::string(kRecordTypeMember));
  if (member == properties->end() || !member->is_object()) return "";
  return GetString(*member, "const");
}

CellTypes StringOnly() {
  CellTypes types;
  types.string = true;
  return types;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public interface.

Result<BatchFormat> BatchFormatOf(std::string_view path) {
  if (path == "-") return BatchFormat::kJsonLines;
  const std::string lower = ToLower(path);
  if (EndsWith(lower, ".jsonl") || EndsWith(lower, ".ndjson")) return BatchFormat::kJsonLines;
  if (EndsWith(lower, ".csv")) return BatchFormat::kCsv;
  return Unsupported("cannot tell the format of " + std::string(path) +
                     ": a batch is .jsonl or .ndjson (JSON Lines), .csv, or - (JSON Lines on "
                     "standard input)");
}

std::optional<std::int64_t> EstimateRecordCount(const std::string& path) {
  if (path == "-") return std::nullopt;
  const Result<BatchFormat> format = BatchFormatOf(path);
  if (!format.ok()) return std::nullopt;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::vector<char> buffer(kBatchReadBufferBytes);
  std::int64_t lines = 0;
  bool blank = true;  // the current line has only spaces, tabs and CRs so far
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; ++i) {
      const char c = buffer[static_cast<std::size_t>(i)];
      if (c == '\n') {
        lines += blank ? 0 : 1;
        blank = true;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        blank = false;
      }
    }
  }
  ::close(fd);
  lines += blank ? 0 : 1;
  if (*format == BatchFormat::kCsv && lines > 0) --lines;
  return lines;
}

Result<CsvCellTypes> CsvCellTypes::FromRecordSchemas() {
  const internal::EmbeddedFileSet files = internal::RecordSchemaFiles();
  std::map<std::string, Json, std::less<>> schemas;
  for (std::size_t i = 0; i < files.count; ++i) {
    const std::string name(files.files[i].name);
    Result<Json> schema = ParseJson(files.files[i].bytes, name);
    if (!schema.ok()) return Internal("embedded schema " + schema.error().message());
    const std::string kind = RecordTypeConst(*schema);
    if (kind.empty()) {
      return Internal("embedded schema " + name + " has no properties.record_type.const");
    }
    schemas.emplace(kind, std::move(schema).value());
  }
  return Create(std::move(schemas));
}

Result<CsvCellTypes> CsvCellTypes::Create(std::map<std::string, Json, std::less<>> schemas) {
  if (schemas.empty()) return InvalidInput("there are no record schemas to type CSV cells by");
  for (const auto& [record_type, schema] : schemas) {
    if (!schema.is_object()) {
      return InvalidInput("the schema for record_type " + record_type + " is not an object");
    }
  }
  return CsvCellTypes(std::move(schemas));
}

Result<CellTypes> CsvCellTypes::TypeOf(std::string_view record_type,
                                       const std::vector<std::string>& path) const {
  const auto schema = schemas_.find(record_type);
  if (schema == schemas_.end()) {
    if (record_type.empty()) return InvalidInput(std::string(kRecordTypeMember) + " is required");
    std::string known;
    for (const std::string& name : RecordTypes()) known += (known.empty() ? "" : ", ") + name;
    return InvalidInput(std::string(kRecordTypeMember) + " must be one of: " + known);
  }
  const Json& root = schema->second;
  const Json* node = &root;
  for (const std::string& member : path) {
    node = Resolve(root, node);
    if (node == nullptr) return StringOnly();
    const auto properties = node->find("properties");
    if (properties == node->end() || !properties->is_object()) return StringOnly();
    const auto found = properties->find(member);
    if (found == properties->end()) return StringOnly();
    node = &*found;
  }
  node = Resolve(root, node);
  return node == nullptr ? StringOnly() : TypesOfSchema(*node);
}

std::vector<std::string> CsvCellTypes::RecordTypes() const {
  std::vector<std::string> names;
  for (const auto& entry : schemas_) names.push_back(entry.first);
  return names;
}

namespace {

// A reader of `source`, as Open describes.
Result<std::unique_ptr<BatchReader>> ReaderOf(std::unique_ptr<ByteSource> source,
                                              const std::string& name, BatchFormat format,
                                              const BatchReaderOptions& options) {
  if (options.resume_at && (options.resume_at->byte_offset < 0 || options.resume_at->line < 1)) {
    return InvalidInput("a resume point needs a byte offset >= 0 and a line >= 1");
  }
  if (format == BatchFormat::kJsonLines) {
    std::int64_t line = 1;
    if (options.resume_at) {
      PRAMAAN_RETURN_IF_ERROR(source->SkipTo(options.resume_at->byte_offset));
      line = options.resume_at->line;
    }
    if (source->offset() == 0) PRAMAAN_RETURN_IF_ERROR(SkipBom(*source));
    return std::unique_ptr<BatchReader>(
        std::make_unique<JsonLinesReader>(std::move(source), name, line));
  }

  std::shared_ptr<const CsvCellTypes> types = options.cell_types;
  if (!types) {
    PRAMAAN_ASSIGN_OR_RETURN(CsvCellTypes compiled, CsvCellTypes::FromRecordSchemas());
    types = std::make_shared<const CsvCellTypes>(std::move(compiled));
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> reader,
                           CsvReader::Create(std::move(source), name, std::move(types)));
  if (options.resume_at) {
    PRAMAAN_RETURN_IF_ERROR(static_cast<CsvReader&>(*reader).ResumeAt(*options.resume_at));
  }
  return reader;
}

}  // namespace

Result<std::unique_ptr<BatchReader>> BatchReader::Open(const std::string& path,
                                                       const BatchReaderOptions& options) {
  BatchFormat format = BatchFormat::kJsonLines;
  if (options.format) {
    format = *options.format;
  } else {
    PRAMAAN_ASSIGN_OR_RETURN(format, BatchFormatOf(path));
  }
  const std::string name = path == "-" ? "stdin" : path;
  PRAMAAN_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source, OpenSource(path, name));
  return ReaderOf(std::move(source), name, format, options);
}

Result<std::unique_ptr<BatchReader>> BatchReader::FromBytes(std::string_view bytes,
                                                            const std::string& name,
                                                            BatchFormat format,
                                                            const BatchReaderOptions& options) {
  return ReaderOf(std::make_unique<ByteSource>(bytes, name), name, format, options);
}

}  // namespace pramaan
