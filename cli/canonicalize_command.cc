// pramaan canonicalize --jcs FILE|-            JSON -> RFC 8785
// pramaan canonicalize --rdfc [--jsonld] FILE|-  N-Quads (or JSON-LD) -> RDFC-1.0 N-Quads
#include <cstdio>

#include "cli/cli.h"
#include "core/integrity/eddsa_rdfc_2022.h"
#include "core/json/jcs.h"
#include "core/rdf/nquads.h"
#include "core/rdf/rdfc10.h"

namespace pramaan::cli {
namespace {

Result<std::string> CanonicalRdf(const Args& args, const std::string& input,
                                 const std::string& text) {
  if (!args.Has("jsonld")) {
    PRAMAAN_ASSIGN_OR_RETURN(rdf::Dataset dataset, rdf::ParseNQuads(text));
    PRAMAAN_ASSIGN_OR_RETURN(rdf::CanonicalDataset canonical, rdf::CanonicalizeRdfc10(dataset));
    return std::move(canonical.nquads);
  }
  PRAMAAN_ASSIGN_OR_RETURN(Json document, ParseJson(text, input));
  ContextLoader contexts;
  DidResolver unused_resolver;
  PRAMAAN_RETURN_IF_ERROR(ApplyTrustOption(args, &contexts, &unused_resolver));
  jsonld::ExpansionDiagnostics diagnostics;
  PRAMAAN_ASSIGN_OR_RETURN(std::string canonical,
                           CanonicalizeJsonLd(document, contexts, &diagnostics));
  // Not an error here (this is a tool), but exactly what safe mode refuses to sign.
  for (const std::string& key : diagnostics.dropped_keys) {
    std::fprintf(stderr, "pramaan: warning: \"%s\" is not defined by any context and was dropped\n",
                 key.c_str());
  }
  for (const std::string& term : diagnostics.vocab_terms) {
    std::fprintf(stderr, "pramaan: warning: \"%s\" has a meaning only through @vocab\n",
                 term.c_str());
  }
  return canonical;
}

}  // namespace

int RunCanonicalize(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: pramaan canonicalize --jcs FILE|-\n"
      "       pramaan canonicalize --rdfc [--jsonld] [--config FILE] FILE|-\n"
      "  --jcs   print the RFC 8785 (JCS) canonical form of a JSON document (no final newline)\n"
      "  --rdfc  print the RDFC-1.0 canonical N-Quads of an N-Quads document, or with --jsonld\n"
      "          of a JSON-LD document (bundled contexts only, plus those --config trusts;\n"
      "          terms no context defines are reported on stderr)\n";
  auto args = Args::Parse(argc, argv, 2, {"config"}, {"jcs", "rdfc", "jsonld"});
  if (args.ok() && args->help()) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args.ok()) return UsageError(args.error().message());
  if (args->Has("jcs") == args->Has("rdfc")) return UsageError("canonicalize needs --jcs or --rdfc");
  if (args->Has("jsonld") && !args->Has("rdfc")) return UsageError("--jsonld goes with --rdfc");
  if (args->positionals().size() != 1) return UsageError("canonicalize needs one FILE or -");
  const std::string& input = args->positionals()[0];
  auto text = ReadInput(input);
  if (!text.ok()) return Fail(text.error());
  Result<std::string> canonical = Internal("unset");
  if (args->Has("rdfc")) {
    canonical = CanonicalRdf(*args, input, *text);
  } else {
    auto json = ParseJson(*text, input);
    canonical = json.ok() ? CanonicalizeJcs(*json) : Result<std::string>(json.error());
  }
  if (!canonical.ok()) return Fail(canonical.error().WithContext(input));
  std::fwrite(canonical->data(), 1, canonical->size(), stdout);
  return kExitOk;
}

}  // namespace pramaan::cli
