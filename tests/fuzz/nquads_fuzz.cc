// libFuzzer target: arbitrary bytes as N-Quads through the parser, RDFC-1.0 (with its work
// bound) and the serializer; a successful parse must also survive a serialize/parse round trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/rdf/nquads.h"
#include "core/rdf/rdfc10.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto dataset = pramaan::rdf::ParseNQuads(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!dataset.ok()) return 0;
  const std::string text = pramaan::rdf::SerializeNQuads(*dataset);
  auto again = pramaan::rdf::ParseNQuads(text);
  if (!again.ok() || *again != *dataset) std::abort();  // what we write, we must read back
  auto canonical = pramaan::rdf::CanonicalizeRdfc10(*dataset);
  (void)canonical;
  return 0;
}
