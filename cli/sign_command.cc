// pramaan sign: add a Data Integrity proof to any unsigned credential.
#include <cstdio>
#include <memory>

#include "cli/cli.h"
#include "core/credential/credential.h"
#include "core/did/did_key.h"
#include "core/integrity/data_integrity.h"
#include "core/time/clock.h"
#include "keys/key_file.h"

namespace pramaan::cli {

int RunSign(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: pramaan sign --key FILE [--passphrase-env VAR]\n"
      "                    [--cryptosuite eddsa-rdfc-2022|eddsa-jcs-2022]\n"
      "                    [--verification-method URL] [--created RFC3339] [--config FILE]\n"
      "                    [IN|-]\n"
      "  add a DataIntegrityProof to the credential in IN (default: standard input) and print\n"
      "  the signed credential. A credential that already has proofs gets a proof set.\n"
      "  --verification-method  defaults to the key's did:key method\n"
      "  --created              defaults to now\n"
      "  --config               trust the extra contexts that configuration names\n";
  auto args = Args::Parse(argc, argv, 2,
                          {"key", "passphrase-env", "cryptosuite", "verification-method",
                           "created", "config"},
                          {});
  if (args.ok() && args->help()) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args.ok()) return UsageError(args.error().message());
  if (!args->Has("key")) return UsageError("sign needs --key FILE");
  if (args->positionals().size() > 1) return UsageError("sign takes one input");
  const std::string input = args->positionals().empty() ? "-" : args->positionals()[0];

  ProofOptions options;
  auto suite = CryptosuiteFromName(args->Get("cryptosuite", std::string(CryptosuiteName(kDefaultCryptosuite))));
  if (!suite.ok()) return Fail(suite.error());
  options.cryptosuite = *suite;
  options.created = args->Get("created", FormatRfc3339(SystemClock().Now()));
  if (!ParseRfc3339(options.created).ok()) {
    return UsageError("--created \"" + options.created + "\" is not an RFC 3339 date-time");
  }

  ContextLoader contexts;
  DidResolver resolver;
  if (Status s = ApplyTrustOption(*args, &contexts, &resolver); !s.ok()) return Fail(s.error());

  // Check the input completely before touching the key.
  auto text = ReadInput(input);
  if (!text.ok()) return Fail(text.error());
  auto credential = ParseJson(*text, input);
  if (!credential.ok()) return Fail(credential.error());
  if (Status s = contexts.CheckDocumentContexts(*credential); !s.ok()) return Fail(s.error());
  auto header = ReadCredentialHeader(*credential);
  if (!header.ok()) return Fail(header.error().WithContext(input));

  std::unique_ptr<SecretBytes> passphrase;
  if (args->Has("passphrase-env")) {
    auto phrase = PassphraseFromEnv(args->Get("passphrase-env"));
    if (!phrase.ok()) return Fail(phrase.error());
    passphrase = std::make_unique<SecretBytes>(std::move(phrase).value());
  }
  auto key = LoadKeyFile(args->Get("key"), passphrase.get());
  if (!key.ok()) return Fail(key.error());
  options.verification_method =
      args->Get("verification-method", DidKeyVerificationMethodFor(key->public_key()));

  const std::string& method = options.verification_method;
  if (method.substr(0, method.find('#')) != header->issuer_id) {
    std::fprintf(stderr,
                 "pramaan: warning: the issuer %s does not control %s, so verifiers will "
                 "report the credential invalid (issuer check)\n",
                 header->issuer_id.c_str(), method.c_str());
  }
  auto signed_credential = AddProof(std::move(credential).value(), options, *key, contexts);
  if (!signed_credential.ok()) return Fail(signed_credential.error());
  std::fputs(DumpJson(*signed_credential, true).c_str(), stdout);
  return kExitOk;
}

}  // namespace pramaan::cli
