// FormatDisplayDate (core/time/display_date.h): the date printed on certificates and checked
// by the PDF verifier.
#include "core/time/display_date.h"

#include <gtest/gtest.h>

namespace pramaan {
namespace {

TEST(FormatDisplayDate, FormatsCalendarDates) {
  EXPECT_EQ(FormatDisplayDate("2026-11-01"), "1 November 2026");
  EXPECT_EQ(FormatDisplayDate("2026-01-31"), "31 January 2026");
  EXPECT_EQ(FormatDisplayDate("2024-02-29"), "29 February 2024");
  EXPECT_EQ(FormatDisplayDate("0999-12-09"), "9 December 999");
}

TEST(FormatDisplayDate, UsesTheDateAsWrittenInADateTime) {
  EXPECT_EQ(FormatDisplayDate("2026-11-22T13:33:35Z"), "22 November 2026");
  EXPECT_EQ(FormatDisplayDate("2026-11-01T23:30:00-05:00"), "1 November 2026");
  EXPECT_EQ(FormatDisplayDate("2026-11-01T00:10:00.123+05:30"), "1 November 2026");
}

TEST(FormatDisplayDate, ReturnsEmptyForUnparsableText) {
  for (const char* bad : {"", "2026", "2026-13-01", "2026-02-30", "2023-02-29", "01-11-2026",
                          "2026-11-01T", "2026-11-01T25:00:00Z", "2026-11-01T10:00:00",
                          "2026-11-01 10:00:00Z", "2026-11-01x", "yesterday"}) {
    EXPECT_EQ(FormatDisplayDate(bad), "") << bad;
  }
}

}  // namespace
}  // namespace pramaan
