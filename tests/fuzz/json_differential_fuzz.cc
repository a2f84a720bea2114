// libFuzzer target: the fast JSON parser against the strict one (core/json/fast_parser.h).
// Whatever the fast path accepts, the strict parse must accept and build the same value: the
// same members in the same order, the same number types. Whatever the strict parse refuses,
// the fast path must refuse. (The fast path may leave rare forms to the strict one.) A
// difference aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/json/fast_parser.h"
#include "core/json/json.h"

namespace {

// Equal values with equal types all the way down (nlohmann's == calls 1 and 1.0 equal).
bool SameValue(const pramaan::Json& a, const pramaan::Json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto x = a.begin(), y = b.begin(); x != a.end(); ++x, ++y) {
      if (x.key() != y.key() || !SameValue(x.value(), y.value())) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!SameValue(a[i], b[i])) return false;
    }
    return true;
  }
  return a.dump() == b.dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  pramaan::Json fast;
  const bool fast_accepted = pramaan::json_internal::FastParseJson(text, &fast);
  const auto full = pramaan::json_internal::FullParseJson(text, "fuzz");
  if (fast_accepted && !full.ok()) {
    std::fprintf(stderr, "the fast parser accepted what the strict one refuses: %s\n",
                 full.error().message().c_str());
    std::abort();
  }
  if (fast_accepted && !SameValue(fast, *full)) {
    std::fprintf(stderr, "the parsers built different values:\n%s\n%s\n", fast.dump().c_str(),
                 full->dump().c_str());
    std::abort();
  }
  return 0;
}
