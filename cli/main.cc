#include <cstdio>
#include <cstring>
#include <string>

#include "cli/cli.h"
#include "keys/secret_bytes.h"

namespace {

constexpr const char* kUsage =
    "pramaan: signed, verifiable certificates (W3C Verifiable Credentials, Open Badges 3.0)\n"
    "\n"
    "usage: pramaan COMMAND [options]\n"
    "\n"
    "  keys generate|import|show   manage the issuer's Ed25519 key;\n"
    "       rotate|compromise|list its history (did:web): new keys, compromised ones\n"
    "  sign                        sign an unsigned credential\n"
    "  verify                      verify a credential\n"
    "  canonicalize --jcs          print the RFC 8785 canonical form of JSON\n"
    "  issue                       records -> signed Open Badges credentials\n"
    "  status                      revoke, suspend or unsuspend a credential; its history\n"
    "  link                        a learner's signed link to their certificate's page\n"
    "  award                       NCVET awarding: catalogue, results, approval, award\n"
    "  bench sign|verify           measure signing or verification speed\n"
    "  serve                       the verification server and W3C VC API\n"
    "  demo                        dev key, sample records issued and verified\n"
    "\n"
    "Every command has --help. Exit codes: 0 success/valid, 1 invalid, 2 usage or input\n"
    "error, 3 internal error.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace pramaan::cli;
  // Before any secret is read: no core dump or foreign ptrace may copy a key, token or
  // passphrase out of this process (issue 17).
  if (pramaan::Status protect = pramaan::ProtectProcessSecrets(); !protect.ok()) {
    std::fprintf(stderr, "pramaan: %s\n", protect.error().message().c_str());
    return kExitInternal;
  }
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? kExitUsage : kExitOk;
  }
  const std::string command = argv[1];
  if (command == "keys") return RunKeys(argc, argv);
  if (command == "sign") return RunSign(argc, argv);
  if (command == "verify") return RunVerify(argc, argv);
  if (command == "canonicalize") return RunCanonicalize(argc, argv);
  if (command == "issue") return RunIssue(argc, argv);
  if (command == "bench") return RunBench(argc, argv);
  if (command == "demo") return RunDemo(argc, argv);
  if (command == "serve") return RunServe(argc, argv);
  if (command == "status") return RunStatus(argc, argv);
  if (command == "link") return RunLink(argc, argv);
  if (command == "award") return RunAward(argc, argv);
  return UsageError("unknown command \"" + command + "\"");
}
