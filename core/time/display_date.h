// Dates as a person reads them on a certificate.
#ifndef PRAMAAN_CORE_TIME_DISPLAY_DATE_H_
#define PRAMAAN_CORE_TIME_DISPLAY_DATE_H_

#include <string>
#include <string_view>

namespace pramaan {

// Formats a calendar date "YYYY-MM-DD" or an RFC 3339 date-time as English day, month name and
// year without a leading zero: "2026-11-01" -> "1 November 2026". A date-time is shown by the
// calendar date it names in its own time zone (the digits as written, never shifted to UTC), so
// "2026-11-01T23:30:00-05:00" -> "1 November 2026". Returns "" when `date_or_datetime` is not a
// real date or a valid RFC 3339 date-time (the printed date of a certificate and the check of
// that printed date both call this, so they agree by construction).
std::string FormatDisplayDate(std::string_view date_or_datetime);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_TIME_DISPLAY_DATE_H_
