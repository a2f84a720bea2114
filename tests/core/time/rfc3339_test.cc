// Tests for core/time/rfc3339.h and core/time/clock.h.
#include "core/time/rfc3339.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time/clock.h"

namespace pramaan {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

// The UTC instant y-m-d h:mi:s.
Timestamp Utc(int y, unsigned m, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return Timestamp(sys_days(year_month_day{year(y), std::chrono::month(m), std::chrono::day(d)})) +
         hours(h) + minutes(mi) + seconds(s);
}

struct ValidCase {
  std::string text;
  Timestamp expected;
};

TEST(ParseRfc3339, AcceptsValidTimestampsAndConvertsToUtc) {
  const std::vector<ValidCase> cases = {
      {"1970-01-01T00:00:00Z", Timestamp(seconds(0))},
      {"2024-01-01T00:00:00Z", Utc(2024, 1, 1)},
      {"2026-11-22T10:30:00Z", Utc(2026, 11, 22, 10, 30, 0)},
      {"2026-11-22t10:30:00z", Utc(2026, 11, 22, 10, 30, 0)},  // RFC 3339 allows lower case
      {"2023-12-31T23:59:59Z", Utc(2023, 12, 31, 23, 59, 59)},
      // India Standard Time is 5 h 30 min ahead of UTC.
      {"2024-03-15T10:00:00+05:30", Utc(2024, 3, 15, 4, 30, 0)},
      {"2024-01-01T05:29:59+05:30", Utc(2023, 12, 31, 23, 59, 59)},  // crosses the year back
      {"2024-03-15T10:00:00-04:00", Utc(2024, 3, 15, 14, 0, 0)},
      {"2023-12-31T22:00:00-03:00", Utc(2024, 1, 1, 1, 0, 0)},  // crosses the year forward
      {"2024-03-15T10:00:00+00:00", Utc(2024, 3, 15, 10, 0, 0)},
      {"2024-03-15T10:00:00-00:00", Utc(2024, 3, 15, 10, 0, 0)},
      // The fraction is dropped, never rounded up.
      {"2024-03-15T10:00:00.999999Z", Utc(2024, 3, 15, 10, 0, 0)},
      {"2024-03-15T10:00:00.5+05:30", Utc(2024, 3, 15, 4, 30, 0)},
      {"2024-03-15T10:00:00.0Z", Utc(2024, 3, 15, 10, 0, 0)},
      // Leap years.
      {"2024-02-29T12:00:00Z", Utc(2024, 2, 29, 12, 0, 0)},
      {"2000-02-29T00:00:00Z", Utc(2000, 2, 29)},
      // A leap second is valid RFC 3339 and reads as the next second.
      {"2016-12-31T23:59:60Z", Utc(2017, 1, 1)},
  };
  for (const ValidCase& c : cases) {
    const Result<Timestamp> parsed = ParseRfc3339(c.text);
    ASSERT_TRUE(parsed.ok()) << c.text << ": " << parsed.error().message();
    EXPECT_EQ(*parsed, c.expected) << c.text;
  }
}

TEST(ParseRfc3339, RejectsInvalidTimestamps) {
  const std::vector<std::string> cases = {
      "",
      "2024-03-15",                  // a date alone
      "2024-03-15T10:00:00",         // no time zone
      "2024-03-15T10:00:00.123",     // no time zone after a fraction
      "2024-03-15 10:00:00Z",        // space instead of T
      "2024-03-15T10:00Z",           // no seconds
      "2024-03-15T10:00:00.Z",       // empty fraction
      "2023-02-29T00:00:00Z",        // 2023 is not a leap year
      "1900-02-29T00:00:00Z",        // nor is 1900
      "2024-04-31T00:00:00Z",        // April has 30 days
      "2024-13-01T00:00:00Z",        // month 13
      "2024-00-10T00:00:00Z",        // month 0
      "2024-01-00T00:00:00Z",        // day 0
      "2024-03-15T24:00:00Z",        // hour 24
      "2024-03-15T10:60:00Z",        // minute 60
      "2024-03-15T10:00:61Z",        // second 61
      "2024-03-15T10:00:00+05",      // truncated offset
      "2024-03-15T10:00:00+0530",    // offset without colon
      "2024-03-15T10:00:00+24:00",   // offset hour 24
      "2024-03-15T10:00:00+05:60",   // offset minute 60
      "2024-03-15T10:00:00ZZ",       // trailing characters
      "2024-03-15T10:00:00Z ",       // trailing space
      " 2024-03-15T10:00:00Z",       // leading space
      "24-03-15T10:00:00Z",          // two-digit year
      "2024/03/15T10:00:00Z",        // wrong date separators
      "2024-03-15T10-00-00Z",        // wrong time separators
      "2024-3-15T10:00:00Z",         // unpadded month
      "2024-03-15T1a:00:00Z",        // non-digit
      "2024-03-15T10:00:00UTC",      // zone name
  };
  for (const std::string& text : cases) {
    const Result<Timestamp> parsed = ParseRfc3339(text);
    ASSERT_FALSE(parsed.ok()) << "accepted \"" << text << "\"";
    EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidInput) << text;
    EXPECT_NE(parsed.error().message().find(text), std::string::npos)
        << "message does not name the text: " << parsed.error().message();
  }
}

TEST(FormatRfc3339, FormatsInUtcWithSecondPrecision) {
  EXPECT_EQ(FormatRfc3339(Timestamp(seconds(0))), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(Utc(2024, 2, 29, 4, 5, 6)), "2024-02-29T04:05:06Z");
  EXPECT_EQ(FormatRfc3339(Utc(1969, 12, 31, 23, 59, 59)), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatRfc3339(Utc(9999, 12, 31, 23, 59, 59)), "9999-12-31T23:59:59Z");
}

TEST(FormatRfc3339, RoundTripsThroughParse) {
  const std::vector<Timestamp> times = {
      Timestamp(seconds(0)),          Utc(2000, 2, 29, 12, 0, 0), Utc(2024, 12, 31, 23, 59, 59),
      Utc(2026, 11, 22, 10, 30, 0),   Utc(1950, 6, 1, 1, 2, 3),   Utc(2099, 1, 1, 0, 0, 1),
      Timestamp(seconds(1700000000)),
  };
  for (const Timestamp& t : times) {
    const std::string text = FormatRfc3339(t);
    const Result<Timestamp> parsed = ParseRfc3339(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.error().message();
    EXPECT_EQ(*parsed, t) << text;
  }
  // And text in canonical form survives parse then format unchanged.
  for (const std::string text : {"2024-03-15T04:30:00Z", "1999-12-31T23:59:59Z"}) {
    const Result<Timestamp> parsed = ParseRfc3339(text);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_EQ(FormatRfc3339(*parsed), text);
  }
}

TEST(FormatRfc3339, NormalizesAnOffsetToUtc) {
  const Result<Timestamp> parsed = ParseRfc3339("2024-03-15T10:00:00.75+05:30");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_EQ(FormatRfc3339(*parsed), "2024-03-15T04:30:00Z");
}

TEST(ParseDate, AcceptsRealDates) {
  const std::vector<std::pair<std::string, sys_days>> cases = {
      {"1970-01-01", sys_days(days(0))},
      {"2024-02-29", sys_days(year_month_day{year(2024), std::chrono::February, std::chrono::day(29)})},
      {"2000-02-29", sys_days(year_month_day{year(2000), std::chrono::February, std::chrono::day(29)})},
      {"2026-12-31", sys_days(year_month_day{year(2026), std::chrono::December, std::chrono::day(31)})},
  };
  for (const auto& [text, expected] : cases) {
    const Result<sys_days> parsed = ParseDate(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.error().message();
    EXPECT_EQ(*parsed, expected) << text;
  }
}

TEST(ParseDate, RejectsMalformedOrNonexistentDates) {
  const std::vector<std::string> cases = {
      "",           "2024-02-3",  "2024-02-300", "2023-02-29", "1900-02-29",
      "2024-06-31", "2024-13-01", "2024-00-01",  "2024-01-00", "2024/01/01",
      "2024-01-01T00:00:00Z",     "20240101",    "abcd-ef-gh", " 2024-01-01",
  };
  for (const std::string& text : cases) {
    const Result<sys_days> parsed = ParseDate(text);
    ASSERT_FALSE(parsed.ok()) << "accepted \"" << text << "\"";
    EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidInput) << text;
  }
}

TEST(FixedClock, AlwaysReturnsTheTimeItWasGiven) {
  const Timestamp fixed = Utc(2026, 11, 22, 10, 30, 0);
  const FixedClock clock(fixed);
  const Clock& as_clock = clock;
  EXPECT_EQ(as_clock.Now(), fixed);
  EXPECT_EQ(as_clock.Now(), fixed);
}

TEST(SystemClock, ReturnsTheCurrentTimeToTheSecond) {
  const Timestamp before =
      std::chrono::floor<seconds>(std::chrono::system_clock::now());
  const Timestamp now = SystemClock().Now();
  const Timestamp after =
      std::chrono::floor<seconds>(std::chrono::system_clock::now());
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
}

}  // namespace
}  // namespace pramaan
