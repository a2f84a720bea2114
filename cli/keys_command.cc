// pramaan keys generate|import|show
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "core/did/did_document.h"
#include "core/did/did_key.h"
#include "core/did/multikey.h"
#include "keys/key_file.h"

namespace pramaan::cli {
namespace {

constexpr const char* kKeysUsage =
    "usage:\n"
    "  pramaan keys generate --out FILE [--passphrase-env VAR]\n"
    "      create a new Ed25519 issuer key; the file is created 0600 and never overwritten;\n"
    "      with --passphrase-env the secret is sealed (Argon2id + XChaCha20-Poly1305) with the\n"
    "      passphrase held in environment variable VAR\n"
    "  pramaan keys import --secret-multibase Z...|- --out FILE [--passphrase-env VAR]\n"
    "      import a secretKeyMultibase (32-byte seed or 64-byte seed||public key); '-' reads it\n"
    "      from standard input, which keeps it out of the process list\n"
    "  pramaan keys show FILE [--did-web https://HOST[/PATH]]\n"
    "      print the public Multikey, did:key and verification method (never the secret);\n"
    "      with --did-web, print instead the did:web DID document to publish at\n"
    "      https://HOST/.well-known/did.json (or https://HOST/PATH/did.json)\n";

void PrintPublic(const Ed25519PublicKey& key) {
  const Json out = {{"publicKeyMultibase", EncodeEd25519Multikey(key)},
                    {"did", DidKeyFor(key)},
                    {"verificationMethod", DidKeyVerificationMethodFor(key)}};
  std::fputs(DumpJson(out, true).c_str(), stdout);
}

Result<std::unique_ptr<SecretBytes>> OptionalPassphrase(const Args& args) {
  if (!args.Has("passphrase-env")) return std::unique_ptr<SecretBytes>();
  PRAMAAN_ASSIGN_OR_RETURN(SecretBytes phrase, PassphraseFromEnv(args.Get("passphrase-env")));
  return std::make_unique<SecretBytes>(std::move(phrase));
}

}  // namespace

int RunKeys(int argc, char** argv) {
  auto args =
      Args::Parse(argc, argv, 3, {"out", "passphrase-env", "secret-multibase", "did-web"}, {});
  const std::string action = argc > 2 ? argv[2] : "";
  if (action == "--help" || action == "-h" || (args.ok() && args->help())) {
    std::fputs(kKeysUsage, stdout);
    return kExitOk;
  }
  if (!args.ok()) return UsageError(args.error().message());
  if (action == "generate" || action == "import") {
    if (!args->Has("out")) return UsageError("keys " + action + " needs --out FILE");
    if (!args->positionals().empty()) return UsageError("unexpected argument " + args->positionals()[0]);
    auto passphrase = OptionalPassphrase(*args);
    if (!passphrase.ok()) return Fail(passphrase.error());
    Result<Ed25519SignerSodium> key = Internal("unset");
    if (action == "generate") {
      key = Ed25519SignerSodium::Generate();
    } else {
      if (!args->Has("secret-multibase")) return UsageError("keys import needs --secret-multibase");
      std::string secret = args->Get("secret-multibase");
      if (secret == "-") {
        std::getline(std::cin, secret);
        while (!secret.empty() && (secret.back() == '\r' || secret.back() == ' ')) secret.pop_back();
      }
      key = ImportSecretKeyMultibase(secret);
    }
    if (!key.ok()) return Fail(key.error());
    if (Status s = WriteKeyFile(args->Get("out"), *key, passphrase->get()); !s.ok()) return Fail(s.error());
    PrintPublic(key->public_key());
    return kExitOk;
  }
  if (action == "show") {
    if (args->positionals().size() != 1) return UsageError("keys show needs exactly one FILE");
    auto key = ReadKeyFilePublicKey(args->positionals()[0]);
    if (!key.ok()) return Fail(key.error());
    if (args->Has("did-web")) {
      auto did = DidWebFromUrl(args->Get("did-web"));
      if (!did.ok()) return Fail(did.error());
      const DidDocument document =
          DidDocument::ForMethods(*did, {VerificationMethod{*did + "#key-1", *did, *key}});
      std::fputs(DumpJson(document.ToJson(), true).c_str(), stdout);
      return kExitOk;
    }
    PrintPublic(*key);
    return kExitOk;
  }
  return UsageError(action.empty() ? "keys needs an action: generate, import or show"
                                   : "unknown keys action \"" + action + "\"");
}

}  // namespace pramaan::cli
