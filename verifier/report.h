// The verification report: a verdict and the named checks behind it.
//
// Check ids are stable (tools and the public page rely on them): "schema" (the credential has
// the shape the data model requires), "proof" (every proof's signature verifies), "issuer"
// (every proof was made with a key the issuer controls), "validity" (now is within validFrom /
// validUntil and no proof has expired).
#ifndef PRAMAAN_VERIFIER_REPORT_H_
#define PRAMAAN_VERIFIER_REPORT_H_

#include <string>
#include <vector>

#include "core/json/json.h"

namespace pramaan {

struct Check {
  std::string id;
  bool passed = false;
  std::string detail;  // what was found, for a person
};

class VerificationReport {
 public:
  void Add(std::string id, bool passed, std::string detail) {
    checks_.push_back({std::move(id), passed, std::move(detail)});
  }

  // True when there is at least one check and every check passed.
  bool verified() const;
  const std::vector<Check>& checks() const { return checks_; }
  // The check with `id`, or nullptr.
  const Check* Find(const std::string& id) const;

  // {"verified": bool, "checks": [{"id", "passed", "detail"}...]}
  Json ToJson() const;
  // "VALID" or "INVALID" followed by one line per check.
  std::string ToText() const;

 private:
  std::vector<Check> checks_;
};

}  // namespace pramaan

#endif  // PRAMAAN_VERIFIER_REPORT_H_
