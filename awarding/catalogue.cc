#include "awarding/catalogue.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <map>
#include <optional>
#include <utility>

#include "core/csv/csv_table.h"
#include "core/json/jcs.h"
#include "core/time/rfc3339.h"
#include "store/registry_checks.h"

namespace pramaan::awarding {
namespace {

// The limits of the NCVET qualification record schema (schemas/ncvet-qualification.schema.json),
// so that every catalogue entry can be awarded through it.
constexpr size_t kMaxNqrCodeLength = 64;
constexpr size_t kMaxVersionLength = 32;
constexpr size_t kMaxTitleCharacters = 300;
constexpr size_t kMaxSectorCharacters = 200;
// 240 credits, the schema's maximum, at 30 hours each.
constexpr int kMaxNotionalHours = 7200;
// How far given credits may be from hours / 30 (and credits * 30 from a whole number): decimal
// credits such as 0.1 are not exact in binary.
constexpr double kCreditsTolerance = 1e-9;
// Values quoted in messages are cut here, so that a hostile megabyte never reaches a log line.
constexpr size_t kMaxShownBytes = 40;

constexpr std::string_view kExampleNqrCode = "QG-05-GE-01234-2024-V1.0-NCVET";
constexpr std::string_view kMembers[] = {"nqr_code",       "title",       "title_hi", "nsqf_level",
                                         "notional_hours", "credits",     "sector",   "version",
                                         "valid_from",     "valid_until", "active"};
constexpr std::string_view kMemberList =
    "nqr_code, title, title_hi, nsqf_level, notional_hours, credits, sector, version, "
    "valid_from, valid_until, active";

bool IsPrintableText(std::string_view text) {
  if (!store::IsStorableText(text)) return false;
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

// `text` quoted for a message when it is short printable text; its first bytes when it is
// long; only its size when it is not printable.
std::string Shown(std::string_view text) {
  if (!IsPrintableText(text)) {
    return "(" + std::to_string(text.size()) + " bytes, not printable text)";
  }
  if (text.size() <= kMaxShownBytes) return "\"" + std::string(text) + "\"";
  size_t cut = kMaxShownBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;  // whole characters
  return "\"" + std::string(text.substr(0, cut)) + "...\" (" + std::to_string(text.size()) +
         " bytes)";
}

// "a string", "an array", "null": what a JSON value is, for messages.
std::string KindOf(const Json& value) {
  if (value.is_null()) return "null";
  const std::string name = value.type_name();
  return (name == "array" || name == "object" ? "an " : "a ") + name;
}

std::string ShownNumber(double value) { return FormatEcmaScriptNumber(value); }

// A cursor for the two small patterns below; std::regex would be slow and heavy for them.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool Literal(std::string_view literal) {
    if (!text_.substr(pos_).starts_with(literal)) return false;
    pos_ += literal.size();
    return true;
  }
  bool Exactly(size_t count, bool (*is)(char)) {
    for (size_t i = 0; i < count; ++i) {
      if (pos_ >= text_.size() || !is(text_[pos_])) return false;
      ++pos_;
    }
    return true;
  }
  // Reads as many characters of the class as there are; true when that is at least one.
  bool OneOrMore(bool (*is)(char)) {
    const size_t start = pos_;
    while (pos_ < text_.size() && is(text_[pos_])) ++pos_;
    return pos_ > start;
  }
  bool AtEnd() const { return pos_ == text_.size(); }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsUpperOrDigit(char c) { return IsUpper(c) || IsDigit(c); }

// ^QG-[0-9]{2}-[A-Z]{2}-[0-9]{5}-[0-9]{4}-V[0-9]+(\.[0-9]+)?(-[A-Z0-9]+)*$. Reading greedily
// is exact: no part can end with a character the next part starts with.
bool IsNqrCode(std::string_view code) {
  Scanner s(code);
  if (!(s.Literal("QG-") && s.Exactly(2, IsDigit) && s.Literal("-") && s.Exactly(2, IsUpper) &&
        s.Literal("-") && s.Exactly(5, IsDigit) && s.Literal("-") && s.Exactly(4, IsDigit) &&
        s.Literal("-V") && s.OneOrMore(IsDigit))) {
    return false;
  }
  if (s.Literal(".") && !s.OneOrMore(IsDigit)) return false;
  while (s.Literal("-")) {
    if (!s.OneOrMore(IsUpperOrDigit)) return false;
  }
  return s.AtEnd();
}

// ^[0-9]+(\.[0-9]+)*$
bool IsVersion(std::string_view version) {
  Scanner s(version);
  if (!s.OneOrMore(IsDigit)) return false;
  while (s.Literal(".")) {
    if (!s.OneOrMore(IsDigit)) return false;
  }
  return s.AtEnd();
}

// Characters (code points) of valid UTF-8: the bytes that are not continuation bytes.
size_t CharacterCount(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// In valid UTF-8, U+0900..U+097F is exactly E0 A4 xx and E0 A5 xx (E0 only ever leads).
bool HasDevanagari(std::string_view text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const auto next = static_cast<unsigned char>(text[i + 1]);
    if (lead == 0xE0 && (next == 0xA4 || next == 0xA5)) return true;
  }
  return false;
}

Status CheckText(const std::string& field, std::string_view value, size_t max_characters) {
  if (value.empty()) return InvalidInput(field + " is empty");
  if (!store::IsStorableText(value)) {
    return InvalidInput(field + " is not valid UTF-8 text without NUL characters");
  }
  if (CharacterCount(value) > max_characters) {
    return InvalidInput(field + " is longer than " + std::to_string(max_characters) +
                        " characters");
  }
  return Status::Ok();
}

bool IsDate(std::string_view text) { return text.size() == 10 && ParseDate(text).ok(); }

Status CheckDate(const std::string& field, std::string_view value) {
  if (!IsDate(value)) {
    return InvalidInput(field + " " + Shown(value) +
                        " is not a calendar date of the form YYYY-MM-DD");
  }
  return Status::Ok();
}

// Credits as JSON: "12" rather than "12.0" when whole (credits are at most 240, so exact).
Json CreditsJson(double credits) {
  if (credits == std::floor(credits) && std::fabs(credits) < 1e15) {
    return static_cast<int64_t>(credits);
  }
  return credits;
}

std::string WithPlace(std::string_view place, const std::string& message) {
  return place.empty() ? message : std::string(place) + ": " + message;
}

// ---------------------------------------------------------------------------------------------
// Reading JSON members.

const Json* Member(const Json& object, std::string_view name) {
  auto it = object.find(std::string(name));
  return it == object.end() ? nullptr : &*it;
}

Result<std::string> StringMember(const Json& object, std::string_view name) {
  const Json* value = Member(object, name);
  if (value == nullptr) return InvalidInput(std::string(name) + " is missing");
  if (!value->is_string()) {
    return InvalidInput(std::string(name) + " must be a string, not " + KindOf(*value));
  }
  return value->get<std::string>();
}

// A JSON number that is a whole number fitting an int (5 and 5.0 alike, as JSON Schema's
// "integer" reads them). The rules of the entry check its range.
Result<int> IntMember(const Json& value, std::string_view name) {
  const std::string field(name);
  if (!value.is_number()) {
    return InvalidInput(field + " must be a whole number, not " + KindOf(value));
  }
  const double number = value.get<double>();
  if (number != std::floor(number)) {
    return InvalidInput(field + " " + DumpJson(value, false) + " is not a whole number");
  }
  bool fits;
  if (value.is_number_unsigned()) {
    fits = value.get<uint64_t>() <= static_cast<uint64_t>(INT_MAX);
  } else if (value.is_number_integer()) {
    fits = value.get<int64_t>() >= INT_MIN && value.get<int64_t>() <= INT_MAX;
  } else {
    fits = number >= INT_MIN && number <= INT_MAX;
  }
  if (!fits) return InvalidInput(field + " " + DumpJson(value, false) + " is out of range");
  return value.is_number_float() ? static_cast<int>(number) : value.get<int>();
}

// ---------------------------------------------------------------------------------------------
// Reading CSV cells into the JSON members QualificationFromJson reads.

// The whole cell as a decimal integer: no sign other than '-', no spaces, nothing after it.
Result<Json> IntegerCell(const std::string& column, const std::string& cell) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (error == std::errc::result_out_of_range) {
    return InvalidInput(column + " " + Shown(cell) + " is out of range");
  }
  if (error != std::errc() || end != cell.data() + cell.size()) {
    return InvalidInput(column + " " + Shown(cell) + " is not a whole number");
  }
  return Json(value);
}

// The whole cell as a finite decimal number (from_chars also reads "inf" and "nan").
Result<Json> NumberCell(const std::string& column, const std::string& cell) {
  double value = 0;
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (error != std::errc() || end != cell.data() + cell.size() || !std::isfinite(value)) {
    return InvalidInput(column + " " + Shown(cell) + " is not a number");
  }
  return Json(value);
}

Result<Json> BoolCell(const std::string& column, const std::string& cell) {
  std::string lower = cell;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (lower == "true" || lower == "yes" || lower == "1") return Json(true);
  if (lower == "false" || lower == "no" || lower == "0") return Json(false);
  return InvalidInput(column + " " + Shown(cell) + " is not true/false, yes/no or 1/0");
}

// The JSON object of one CSV row. Empty cells of numbers and of active are left out (absent);
// empty text cells stay empty, so an empty valid_until is open and the rules name the others.
Result<Json> RowToJson(const CsvTable& table, const std::vector<std::string>& row) {
  Json object = Json::object();
  for (size_t i = 0; i < row.size(); ++i) {
    const std::string& column = table.header[i];
    const std::string& cell = row[i];
    if (column == "nsqf_level" || column == "notional_hours") {
      if (cell.empty()) continue;
      PRAMAAN_ASSIGN_OR_RETURN(object[column], IntegerCell(column, cell));
    } else if (column == "credits") {
      if (cell.empty()) continue;
      PRAMAAN_ASSIGN_OR_RETURN(object[column], NumberCell(column, cell));
    } else if (column == "active") {
      if (cell.empty()) continue;
      PRAMAAN_ASSIGN_OR_RETURN(object[column], BoolCell(column, cell));
    } else {
      object[column] = cell;
    }
  }
  return object;
}

// ---------------------------------------------------------------------------------------------
// The two formats.

// Remembers where each nqr_code was first seen; a second sighting fails the whole file, since
// which of the two entries is meant cannot be guessed.
class DuplicateCodes {
 public:
  Status Add(const std::string& code, const std::string& where) {
    if (code.empty()) return Status::Ok();
    auto [it, inserted] = first_seen_.emplace(code, where);
    if (inserted) return Status::Ok();
    return InvalidInput(where + ": nqr_code " + Shown(code) + " is listed again (first at " +
                        it->second + ")");
  }

 private:
  std::map<std::string, std::string> first_seen_;
};

Result<std::vector<CatalogueEntry>> ParseJsonCatalogue(std::string_view text,
                                                       std::string_view name) {
  const std::string source = name.empty() ? "catalogue" : std::string(name);
  PRAMAAN_ASSIGN_OR_RETURN(Json document, ParseJson(text, source));
  const Json* list = &document;
  if (document.is_object()) {
    list = Member(document, "qualifications");
    if (list == nullptr || document.size() != 1) {
      return InvalidInput(WithPlace(name,
                                    "a catalogue object must have exactly one member, "
                                    "\"qualifications\""));
    }
  }
  if (!list->is_array()) {
    return InvalidInput(WithPlace(name,
                                  "a catalogue must be a JSON array of qualifications "
                                  "or {\"qualifications\": [...]}"));
  }
  std::vector<CatalogueEntry> entries;
  DuplicateCodes codes;
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& item = (*list)[i];
    std::string where =
        (name.empty() ? "" : std::string(name) + " ") + "entry " + std::to_string(i + 1);
    if (item.is_object()) {
      if (const Json* code = Member(item, "nqr_code"); code != nullptr && code->is_string()) {
        PRAMAAN_RETURN_IF_ERROR(codes.Add(code->get<std::string>(), where));
      }
    }
    Result<Qualification> qualification = QualificationFromJson(item);
    entries.push_back(CatalogueEntry{std::move(where), std::move(qualification)});
  }
  return entries;
}

Result<std::vector<CatalogueEntry>> ParseCsvCatalogue(std::string_view text,
                                                      std::string_view name) {
  Result<CsvTable> parsed = ParseCsv(text);
  if (!parsed.ok()) {
    return name.empty() ? parsed.error() : parsed.error().WithContext(std::string(name));
  }
  const CsvTable& table = *parsed;
  // A misspelt column would silently drop its data from every row: refuse the file instead.
  for (const std::string& column : table.header) {
    if (std::find(std::begin(kMembers), std::end(kMembers), column) == std::end(kMembers)) {
      return InvalidInput(WithPlace(name, "the header names an unknown column " + Shown(column) +
                                              " (the columns are " + std::string(kMemberList) +
                                              ")"));
    }
  }
  for (std::string_view required :
       {"nqr_code", "title", "title_hi", "nsqf_level", "sector", "version", "valid_from"}) {
    if (!table.Column(required)) {
      return InvalidInput(
          WithPlace(name, "the header has no column \"" + std::string(required) + "\""));
    }
  }
  if (!table.Column("notional_hours") && !table.Column("credits")) {
    return InvalidInput(
        WithPlace(name, "the header has neither a notional_hours nor a credits column"));
  }

  const std::optional<size_t> code_column = table.Column("nqr_code");
  std::vector<CatalogueEntry> entries;
  DuplicateCodes codes;
  for (size_t i = 0; i < table.rows.size(); ++i) {
    const std::vector<std::string>& row = table.rows[i];
    std::string where =
        (name.empty() ? "line " : std::string(name) + ":") + std::to_string(table.lines[i]);
    if (!table.problems[i].empty()) {  // refused alone, as a row with a bad value would be
      entries.push_back(CatalogueEntry{std::move(where), InvalidInput(table.problems[i])});
      continue;
    }
    PRAMAAN_RETURN_IF_ERROR(codes.Add(row[*code_column], where));
    Result<Json> object = RowToJson(table, row);
    Result<Qualification> qualification =
        object.ok() ? QualificationFromJson(*object) : Result<Qualification>(object.error());
    entries.push_back(CatalogueEntry{std::move(where), std::move(qualification)});
  }
  return entries;
}

}  // namespace

double CreditsForHours(int notional_hours) {
  return static_cast<double>(notional_hours) / kNotionalHoursPerCredit;
}

Status ValidateQualification(const Qualification& q) {
  if (q.nqr_code.empty()) return InvalidInput("nqr_code is empty");
  if (q.nqr_code.size() > kMaxNqrCodeLength) {
    return InvalidInput("nqr_code " + Shown(q.nqr_code) + " is longer than " +
                        std::to_string(kMaxNqrCodeLength) + " characters");
  }
  if (!IsNqrCode(q.nqr_code)) {
    return InvalidInput("nqr_code " + Shown(q.nqr_code) + " is not an NQR code (" +
                        std::string(kExampleNqrCode) + ")");
  }
  if (q.nsqf_level < 1 || q.nsqf_level > 8) {
    return InvalidInput("nsqf_level " + std::to_string(q.nsqf_level) + " is outside 1-8");
  }
  const int code_level = (q.nqr_code[3] - '0') * 10 + (q.nqr_code[4] - '0');
  if (code_level != q.nsqf_level) {
    return InvalidInput("nsqf_level " + std::to_string(q.nsqf_level) + " differs from the level " +
                        q.nqr_code.substr(3, 2) + " in the NQR code");
  }
  PRAMAAN_RETURN_IF_ERROR(CheckText("title", q.title, kMaxTitleCharacters));
  PRAMAAN_RETURN_IF_ERROR(CheckText("title_hi", q.title_hi, kMaxTitleCharacters));
  // An English title pasted into both columns is the mistake this catches.
  if (!HasDevanagari(q.title_hi)) {
    return InvalidInput("title_hi has no Devanagari letter (U+0900-U+097F)");
  }
  PRAMAAN_RETURN_IF_ERROR(CheckText("sector", q.sector, kMaxSectorCharacters));
  if (q.version.size() > kMaxVersionLength) {
    return InvalidInput("version is longer than " + std::to_string(kMaxVersionLength) +
                        " characters");
  }
  if (!IsVersion(q.version)) {
    return InvalidInput("version " + Shown(q.version) + " is not digits and dots (like 1.0)");
  }
  if (q.notional_hours <= 0) {
    return InvalidInput("notional_hours " + std::to_string(q.notional_hours) + " is not positive");
  }
  if (q.notional_hours > kMaxNotionalHours) {
    return InvalidInput("notional_hours " + std::to_string(q.notional_hours) + " is more than " +
                        std::to_string(kMaxNotionalHours) + " (240 credits)");
  }
  // Credits are computed (CreditsForHours), never typed in, so they must match exactly.
  if (q.credits != CreditsForHours(q.notional_hours)) {
    return InvalidInput("credits " + ShownNumber(q.credits) + " is not notional_hours / 30 (" +
                        ShownNumber(CreditsForHours(q.notional_hours)) + ")");
  }
  if (q.valid_from.empty()) return InvalidInput("valid_from is empty");
  PRAMAAN_RETURN_IF_ERROR(CheckDate("valid_from", q.valid_from));
  if (!q.valid_until.empty()) {
    PRAMAAN_RETURN_IF_ERROR(CheckDate("valid_until", q.valid_until));
    // Both are YYYY-MM-DD dates, so string order is date order.
    if (q.valid_until < q.valid_from) {
      return InvalidInput("valid_until " + q.valid_until + " is before valid_from " + q.valid_from);
    }
  }
  return Status::Ok();
}

bool IsAwardable(const Qualification& qualification, std::string_view date, std::string* why) {
  auto refuse = [why](std::string reason) {
    if (why != nullptr) *why = std::move(reason);
    return false;
  };
  const std::string subject = "the qualification " + Shown(qualification.nqr_code);
  if (Status valid = ValidateQualification(qualification); !valid.ok()) {
    return refuse(subject + " is not a valid catalogue entry: " + valid.error().message());
  }
  if (!qualification.active) return refuse(subject + " was retired");
  if (!IsDate(date)) return refuse("the award date " + Shown(date) + " is not a calendar date");
  if (date < qualification.valid_from) {
    return refuse(subject + " is valid from " + qualification.valid_from);
  }
  if (!qualification.valid_until.empty() && date > qualification.valid_until) {
    return refuse(subject + " expired on " + qualification.valid_until);
  }
  if (why != nullptr) why->clear();
  return true;
}

Json QualificationToJson(const Qualification& q) {
  Json json = Json::object();
  json["nqr_code"] = q.nqr_code;
  json["title"] = q.title;
  json["title_hi"] = q.title_hi;
  json["nsqf_level"] = q.nsqf_level;
  json["notional_hours"] = q.notional_hours;
  json["credits"] = CreditsJson(q.credits);
  json["sector"] = q.sector;
  json["version"] = q.version;
  json["valid_from"] = q.valid_from;
  if (!q.valid_until.empty()) json["valid_until"] = q.valid_until;
  json["active"] = q.active;
  return json;
}

Result<Qualification> QualificationFromJson(const Json& json) {
  if (!json.is_object()) {
    return InvalidInput("a catalogue entry must be a JSON object, not " + KindOf(json));
  }
  for (const auto& [key, value] : json.items()) {
    if (std::find(std::begin(kMembers), std::end(kMembers), key) == std::end(kMembers)) {
      return InvalidInput("unknown member " + Shown(key) + " (the members are " +
                          std::string(kMemberList) + ")");
    }
  }
  Qualification q;
  PRAMAAN_ASSIGN_OR_RETURN(q.nqr_code, StringMember(json, "nqr_code"));
  PRAMAAN_ASSIGN_OR_RETURN(q.title, StringMember(json, "title"));
  PRAMAAN_ASSIGN_OR_RETURN(q.title_hi, StringMember(json, "title_hi"));
  const Json* level = Member(json, "nsqf_level");
  if (level == nullptr) return InvalidInput("nsqf_level is missing");
  PRAMAAN_ASSIGN_OR_RETURN(q.nsqf_level, IntMember(*level, "nsqf_level"));

  const Json* hours = Member(json, "notional_hours");
  const Json* credits = Member(json, "credits");
  if (hours == nullptr && credits == nullptr) {
    return InvalidInput("notional_hours is missing (give notional_hours or credits)");
  }
  std::optional<double> given_credits;
  if (credits != nullptr) {
    if (!credits->is_number()) {
      return InvalidInput("credits must be a number, not " + KindOf(*credits));
    }
    given_credits = credits->get<double>();
  }
  if (hours != nullptr) {
    PRAMAAN_ASSIGN_OR_RETURN(q.notional_hours, IntMember(*hours, "notional_hours"));
    if (given_credits &&
        !(std::fabs(*given_credits - CreditsForHours(q.notional_hours)) <= kCreditsTolerance)) {
      return InvalidInput("credits " + ShownNumber(*given_credits) +
                          " is not notional_hours / 30 (" +
                          ShownNumber(CreditsForHours(q.notional_hours)) + ")");
    }
  } else {
    const double from_credits = *given_credits * kNotionalHoursPerCredit;
    if (!(from_credits > 0)) {
      return InvalidInput("credits " + ShownNumber(*given_credits) + " is not positive");
    }
    if (from_credits > kMaxNotionalHours + kCreditsTolerance) {
      return InvalidInput("credits " + ShownNumber(*given_credits) + " is more than 240");
    }
    const double whole = std::round(from_credits);
    if (std::fabs(from_credits - whole) > kCreditsTolerance) {
      return InvalidInput("credits " + ShownNumber(*given_credits) +
                          " is not a whole number of notional hours (" + ShownNumber(from_credits) +
                          ")");
    }
    q.notional_hours = static_cast<int>(whole);
  }
  q.credits = CreditsForHours(q.notional_hours);

  PRAMAAN_ASSIGN_OR_RETURN(q.sector, StringMember(json, "sector"));
  PRAMAAN_ASSIGN_OR_RETURN(q.version, StringMember(json, "version"));
  PRAMAAN_ASSIGN_OR_RETURN(q.valid_from, StringMember(json, "valid_from"));
  if (const Json* until = Member(json, "valid_until"); until != nullptr && !until->is_null()) {
    PRAMAAN_ASSIGN_OR_RETURN(q.valid_until, StringMember(json, "valid_until"));
  }
  if (const Json* active = Member(json, "active"); active != nullptr) {
    if (!active->is_boolean()) {
      return InvalidInput("active must be true or false, not " + KindOf(*active));
    }
    q.active = active->get<bool>();
  }
  PRAMAAN_RETURN_IF_ERROR(ValidateQualification(q));
  return q;
}

Result<std::vector<CatalogueEntry>> ParseCatalogue(std::string_view text, CatalogueFormat format,
                                                   std::string_view name) {
  switch (format) {
    case CatalogueFormat::kJson:
      return ParseJsonCatalogue(text, name);
    case CatalogueFormat::kCsv:
      return ParseCsvCatalogue(text, name);
  }
  return InvalidInput("unknown catalogue format");
}

Status ValidateApaarId(std::string_view apaar_id) {
  if (apaar_id.size() == 12 && std::all_of(apaar_id.begin(), apaar_id.end(), IsDigit)) {
    return Status::Ok();
  }
  return InvalidInput("apaar_id " + Shown(apaar_id) + " is not 12 digits");
}

}  // namespace pramaan::awarding
