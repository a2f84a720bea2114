// The verification report: a verdict and the named checks behind it.
//
// Check ids are stable (tools and the public page rely on them), in this order:
//   "schema"        the credential has the shape the data model requires;
//   "proof"         every proof's signature verifies;
//   "issuer"        every proof was made with a key the issuer controls, not declared
//                   compromised at the proof's `created`; and, where a registry can attest,
//                   a proof by a key declared compromised counts only for a credential the
//                   registry holds byte for byte;
//   "trust"         the issuer is one this verifier trusts (not checked without a trust list);
//   "validity"      now is within validFrom / validUntil and no proof has expired;
//   "status"        not revoked or suspended (not checked offline);
//   "supersession"  not replaced by another credential (not checked without a registry).
// A PDF adds its own checks before these (verifier/pdf_verifier.h).
#ifndef PRAMAAN_VERIFIER_REPORT_H_
#define PRAMAAN_VERIFIER_REPORT_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json/json.h"

namespace pramaan {

// What a failed check found, when the verdict's state depends on it (verifier/verdict.h).
// Static strings only.
namespace finding {
inline constexpr std::string_view kRevoked = "revoked";
inline constexpr std::string_view kSuspended = "suspended";
inline constexpr std::string_view kUnavailable = "unavailable";  // could not be checked
}  // namespace finding

struct Check {
  Check() = default;
  Check(std::string id_in, bool passed_in, std::string detail_in, bool checked_in = true,
        std::string_view finding_in = {})
      : id(std::move(id_in)),
        passed(passed_in),
        detail(std::move(detail_in)),
        checked(checked_in),
        finding(finding_in) {}

  std::string id;
  bool passed = false;
  std::string detail;  // what was found, for a person
  // False when the check was not made (no trust list, offline, no registry): it then neither
  // passes nor fails the verdict, and `passed` is false.
  bool checked = true;
  std::string_view finding;  // for a failed check, see namespace finding; else empty
};

class VerificationReport {
 public:
  void Add(std::string id, bool passed, std::string detail) {
    checks_.push_back({std::move(id), passed, std::move(detail)});
  }
  void Add(Check check) { checks_.push_back(std::move(check)); }
  // Makes room for `count` checks in all (saves reallocations on hot paths).
  void Reserve(size_t count) { checks_.reserve(count); }
  // Adds a check that was not made, saying why in `detail`.
  void AddNotChecked(std::string id, std::string detail) {
    checks_.push_back({std::move(id), false, std::move(detail), false});
  }

  // True when at least one check was made and every check made passed; checks not made are
  // ignored.
  bool verified() const;
  const std::vector<Check>& checks() const { return checks_; }
  // The check with `id`, or nullptr.
  const Check* Find(std::string_view id) const;

  // {"verified": bool, "checks": [{"id", "passed", "detail"}...]}; a check not made also has
  // "checked": false.
  Json ToJson() const;
  // One check as JSON, as in ToJson.
  static Json CheckToJson(const Check& check);
  // Appends CheckToJson(check) as compact JSON text to `out` (as DumpJson would write it,
  // without building a Json value: the page path appends three per request).
  static void AppendCheckJson(const Check& check, std::string* out);
  // "VALID" or "INVALID" followed by one line per check ("ok", "FAIL", or "--" when not made).
  std::string ToText() const;

 private:
  std::vector<Check> checks_;
};

}  // namespace pramaan

#endif  // PRAMAAN_VERIFIER_REPORT_H_
