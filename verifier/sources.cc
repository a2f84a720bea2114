#include "verifier/sources.h"

namespace pramaan {

TrustedIssuers::TrustedIssuers(std::vector<std::string> dids) {
  for (std::string& did : dids) Add(std::move(did));
}

void TrustedIssuers::Add(std::string did) {
  if (did.empty()) return;
  const auto at = std::lower_bound(dids_.begin(), dids_.end(), did);
  if (at != dids_.end() && *at == did) return;
  dids_.insert(at, std::move(did));
}

}  // namespace pramaan
