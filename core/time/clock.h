// The clock is injected: verification and issuance ask a Clock for "now", so tests can fix it.
#ifndef PRAMAAN_CORE_TIME_CLOCK_H_
#define PRAMAAN_CORE_TIME_CLOCK_H_

#include "core/time/rfc3339.h"

namespace pramaan {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// The system's real-time clock.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

// Always returns the time it was given.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Timestamp now) : now_(now) {}
  Timestamp Now() const override { return now_; }

 private:
  Timestamp now_;
};

}  // namespace pramaan

#endif  // PRAMAAN_CORE_TIME_CLOCK_H_
