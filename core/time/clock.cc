#include "core/time/clock.h"

namespace pramaan {

Timestamp SystemClock::Now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace pramaan
