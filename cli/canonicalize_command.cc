// pramaan canonicalize --jcs FILE|-
#include <cstdio>

#include "cli/cli.h"
#include "core/json/jcs.h"

namespace pramaan::cli {

int RunCanonicalize(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: pramaan canonicalize --jcs FILE|-\n"
      "  print the RFC 8785 (JCS) canonical form of a JSON document, with no trailing newline\n"
      "  (--rdfc, RDF Dataset Canonicalization, is not implemented yet)\n";
  auto args = Args::Parse(argc, argv, 2, {}, {"jcs", "rdfc", "jsonld"});
  if (args.ok() && args->help()) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args.ok()) return UsageError(args.error().message());
  if (args->Has("rdfc")) return Fail(Unsupported("canonicalize --rdfc is not implemented yet"));
  if (!args->Has("jcs")) return UsageError("canonicalize needs --jcs");
  if (args->positionals().size() != 1) return UsageError("canonicalize needs one FILE or -");
  const std::string& input = args->positionals()[0];
  auto text = ReadInput(input);
  if (!text.ok()) return Fail(text.error());
  auto json = ParseJson(*text, input);
  if (!json.ok()) return Fail(json.error());
  auto canonical = CanonicalizeJcs(*json);
  if (!canonical.ok()) return Fail(canonical.error());
  std::fwrite(canonical->data(), 1, canonical->size(), stdout);
  return kExitOk;
}

}  // namespace pramaan::cli
