#include "api/bulk_entries.h"

#include <optional>
#include <utility>

#include "core/csv/csv_table.h"
#include "core/json/json.h"
#include "issuer/credential_id.h"

namespace pramaan::api {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// Adds `entry`, trimmed, unless it is empty; fails past kMaxBulkEntries.
Status Add(std::string_view entry, std::vector<std::string>* entries) {
  entry = Trim(entry);
  if (entry.empty()) return Status::Ok();
  if (entries->size() == kMaxBulkEntries) {
    return TooLarge("a list may hold at most " + std::to_string(kMaxBulkEntries) +
                    " certificates");
  }
  entries->emplace_back(entry);
  return Status::Ok();
}

Status AddLines(std::string_view text, std::vector<std::string>* entries) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    PRAMAAN_RETURN_IF_ERROR(Add(text.substr(0, end), entries));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return Status::Ok();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> FormField(std::string_view body, std::string_view name) {
  while (!body.empty()) {
    const std::size_t amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      std::string value;
      const std::string_view raw = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '+') {
          value += ' ';
        } else if (raw[i] == '%' && i + 2 < raw.size() &&
                   HexValue(raw[i + 1]) >= 0 && HexValue(raw[i + 2]) >= 0) {
          value += static_cast<char>(HexValue(raw[i + 1]) * 16 + HexValue(raw[i + 2]));
          i += 2;
        } else {
          value += raw[i];
        }
      }
      return value;
    }
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return std::nullopt;
}


Result<std::vector<std::string>> ReadBulkEntries(std::string_view body,
                                                  std::string_view media_type) {
  std::vector<std::string> entries;
  if (media_type == "application/json") {
    PRAMAAN_ASSIGN_OR_RETURN(const Json list, ParseJson(body, "the list"));
    if (!list.is_array()) return InvalidInput("the list must be a JSON array of strings");
    for (const Json& item : list) {
      if (!item.is_string()) return InvalidInput("the list must be a JSON array of strings");
      PRAMAAN_RETURN_IF_ERROR(Add(item.get_ref<const std::string&>(), &entries));
    }
  } else if (media_type == "text/csv") {
    PRAMAAN_ASSIGN_OR_RETURN(const CsvTable table, ParseCsv(body));
    std::optional<std::size_t> named;
    for (const char* name : {"url", "number", "id", "certificate"}) {
      if (const auto found = table.Column(name)) named = found;
    }
    const std::size_t column = named.value_or(0);
    // A list without a header: its first line is already a certificate.
    if (!named && !table.header.empty() &&
        (IsChosenCredentialId(BulkEntryId(table.header[0])) ||
         table.header[0].find("/v/") != std::string::npos)) {
      PRAMAAN_RETURN_IF_ERROR(Add(table.header[0], &entries));
    }
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
      if (!table.problems[i].empty()) {
        return InvalidInput("line " + std::to_string(table.lines[i]) + ": " + table.problems[i]);
      }
      PRAMAAN_RETURN_IF_ERROR(Add(table.rows[i][column], &entries));
    }
  } else if (media_type == "text/plain") {
    PRAMAAN_RETURN_IF_ERROR(AddLines(body, &entries));
  } else if (media_type == "application/x-www-form-urlencoded") {
    const std::optional<std::string> field = FormField(body, "entries");
    if (!field) return InvalidInput("the form must have an entries field");
    PRAMAAN_RETURN_IF_ERROR(AddLines(*field, &entries));
  } else {
    return InvalidInput("the list must be sent as application/json, text/csv, text/plain or "
                        "application/x-www-form-urlencoded");
  }
  if (entries.empty()) return InvalidInput("the list names no certificate");
  return entries;
}

std::string BulkEntryId(std::string_view entry) {
  for (const std::string_view marker : {std::string_view("/v/"), std::string_view("/credentials/")}) {
    if (const std::size_t at = entry.rfind(marker); at != std::string_view::npos) {
      entry = entry.substr(at + marker.size());
      entry = entry.substr(0, entry.find_first_of("?#/"));
      if (entry.ends_with(".pdf")) entry.remove_suffix(4);
      break;
    }
  }
  return NormalizeTypedCredentialId(entry);
}

}  // namespace pramaan::api
