#include "core/time/rfc3339.h"

#include <cstdio>

namespace pramaan {
namespace {

// Reads exactly `width` ASCII digits at text[pos]; returns -1 if any is not a digit.
int ReadDigits(std::string_view text, size_t pos, size_t width) {
  if (pos + width > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

Result<std::chrono::sys_days> ParseDatePrefix(std::string_view text, std::string_view whole) {
  const int year = ReadDigits(text, 0, 4);
  const int month = ReadDigits(text, 5, 2);
  const int day = ReadDigits(text, 8, 2);
  if (text.size() < 10 || year < 0 || month < 0 || day < 0 || text[4] != '-' || text[7] != '-') {
    return InvalidInput("\"" + std::string(whole) + "\" is not a date of the form YYYY-MM-DD");
  }
  const std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month),
                                        std::chrono::day(day)};
  if (!ymd.ok()) return InvalidInput("\"" + std::string(whole) + "\" is not a calendar date");
  return std::chrono::sys_days(ymd);
}

}  // namespace

Result<std::chrono::sys_days> ParseDate(std::string_view text) {
  if (text.size() != 10) {
    return InvalidInput("\"" + std::string(text) + "\" is not a date of the form YYYY-MM-DD");
  }
  return ParseDatePrefix(text, text);
}

Result<Timestamp> ParseRfc3339(std::string_view text) {
  const auto bad = [&] {
    return InvalidInput("\"" + std::string(text) +
                        "\" is not an RFC 3339 date-time with a time zone "
                        "(like 2026-11-22T10:30:00Z)");
  };
  if (text.size() < 20) return bad();
  auto day = ParseDatePrefix(text, text);
  if (!day.ok()) return day.error();
  if (text[10] != 'T' && text[10] != 't') return bad();
  const int hour = ReadDigits(text, 11, 2);
  const int minute = ReadDigits(text, 14, 2);
  const int second = ReadDigits(text, 17, 2);
  if (hour < 0 || minute < 0 || second < 0 || text[13] != ':' || text[16] != ':') return bad();
  // A leap second (60) is valid RFC 3339; it is read as the next second.
  if (hour > 23 || minute > 59 || second > 60) return bad();
  size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const size_t digits_start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == digits_start) return bad();
  }
  if (pos >= text.size()) return bad();
  int offset_minutes = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int oh = ReadDigits(text, pos + 1, 2);
    const int om = ReadDigits(text, pos + 4, 2);
    if (oh < 0 || om < 0 || text[pos + 3] != ':' || oh > 23 || om > 59) return bad();
    offset_minutes = (oh * 60 + om) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad();
  }
  if (pos != text.size()) return bad();
  return Timestamp(*day) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second) - std::chrono::minutes(offset_minutes);
}

std::string FormatRfc3339(Timestamp time) {
  const auto day = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(time - day);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buffer;
}

}  // namespace pramaan
