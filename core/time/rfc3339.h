// RFC 3339 timestamps (the XML Schema dateTimeStamp profile the VC data model uses).
#ifndef PRAMAAN_CORE_TIME_RFC3339_H_
#define PRAMAAN_CORE_TIME_RFC3339_H_

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pramaan {

// Seconds since the Unix epoch, UTC. Fractions of a second are not kept: no check we make
// depends on them.
using Timestamp = std::chrono::sys_seconds;

// Parses "YYYY-MM-DDThh:mm:ss[.fraction](Z|+hh:mm|-hh:mm)". The time zone is required (a
// timestamp without one is ambiguous) and the date must exist. The fraction is dropped
// (rounded toward the past). Fails with kInvalidInput naming the text.
Result<Timestamp> ParseRfc3339(std::string_view text);

// Formats as "YYYY-MM-DDThh:mm:ssZ".
std::string FormatRfc3339(Timestamp time);

// Parses a calendar date "YYYY-MM-DD" (a real date). Fails with kInvalidInput.
Result<std::chrono::sys_days> ParseDate(std::string_view text);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_TIME_RFC3339_H_
