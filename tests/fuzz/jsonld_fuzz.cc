// libFuzzer target: arbitrary bytes as a JSON-LD document through the strict JSON parser,
// expansion with the bundled contexts, deserialization to RDF and RDFC-1.0 — the whole path
// a credential from outside takes before its signature is checked. Any crash, hang, leak or
// sanitizer report is a bug; errors are expected and fine.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/context/context_loader.h"
#include "core/integrity/eddsa_rdfc_2022.h"
#include "core/json/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pramaan::ContextLoader& contexts = pramaan::ContextLoader::Bundled();
  auto document = pramaan::ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!document.ok()) return 0;
  pramaan::jsonld::ExpansionDiagnostics diagnostics;
  auto canonical = pramaan::CanonicalizeJsonLd(*document, contexts, &diagnostics);
  (void)canonical;
  return 0;
}
