#include "core/time/display_date.h"

#include <chrono>

#include "core/time/rfc3339.h"

namespace pramaan {

std::string FormatDisplayDate(std::string_view date_or_datetime) {
  static constexpr const char* kMonths[] = {"January", "February", "March",     "April",
                                            "May",     "June",     "July",      "August",
                                            "September", "October", "November", "December"};
  if (date_or_datetime.size() > 10 && !ParseRfc3339(date_or_datetime).ok()) return "";
  // The date part as written: ParseRfc3339 has checked the whole text, ParseDate checks it is a
  // real calendar date.
  const auto day = ParseDate(date_or_datetime.substr(0, 10));
  if (!day.ok()) return "";
  const std::chrono::year_month_day ymd(*day);
  return std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         kMonths[static_cast<unsigned>(ymd.month()) - 1] + " " +
         std::to_string(static_cast<int>(ymd.year()));
}

}  // namespace pramaan
