// pramaan keys generate|import|show|certificate
#include <openssl/crypto.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "core/did/did_document.h"
#include "core/did/did_key.h"
#include "core/did/multikey.h"
#include "issuer/certificate/development_certificate.h"
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
    "      https://HOST/.well-known/did.json (or https://HOST/PATH/did.json)\n"
    "  pramaan keys certificate --out-cert FILE --out-key FILE [--subject \"CN=...,O=...\"]\n"
    "                           [--days N]\n"
    "      create a self-signed ECDSA P-256 document-signing certificate for development (PDF\n"
    "      signatures; keyUsage digitalSignature+nonRepudiation, extendedKeyUsage\n"
    "      emailProtection and documentSigning 1.3.6.1.5.5.7.3.36); the PEM key file is\n"
    "      created 0600 and neither file is ever overwritten; default subject\n"
    "      \"CN=Pramaan Development Document Signer\", default 365 days (at most 3650).\n"
    "      Production document-signing certificates come from a CA.\n";

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


// --- keys certificate: a self-signed document-signing certificate for development ---

int RunKeysCertificate(const Args& args) {
  if (!args.Has("out-cert") || !args.Has("out-key")) {
    return UsageError("keys certificate needs --out-cert FILE and --out-key FILE");
  }
  if (!args.positionals().empty()) return UsageError("unexpected argument " + args.positionals()[0]);
  const std::filesystem::path certificate_path = args.Get("out-cert");
  const std::filesystem::path key_path = args.Get("out-key");
  if (certificate_path == key_path) return UsageError("--out-cert and --out-key must differ");
  int days = 365;
  if (args.Has("days")) {
    const std::string text = args.Get("days");
    char* end = nullptr;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || value < 1 || value > certificate::kMaxDevelopmentCertificateDays) {
      return UsageError("--days must be a whole number from 1 to " + std::to_string(certificate::kMaxDevelopmentCertificateDays));
    }
    days = static_cast<int>(value);
  }
  for (const auto& path : {certificate_path, key_path}) {
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(path, ec))) {
      return Fail(InvalidInput(path.string() + " already exists; it is never overwritten"));
    }
  }

  auto made = certificate::MakeDevelopmentCertificate(
      args.Get("subject", std::string(certificate::kDefaultDevelopmentSubject)), days);
  if (!made.ok()) return Fail(made.error().WithContext("--subject"));
  Status written = WriteNewFile(key_path, made->key_pem, 0600);
  OPENSSL_cleanse(made->key_pem.data(), made->key_pem.size());
  if (!written.ok()) return Fail(written.error());
  if (Status s = WriteNewFile(certificate_path, made->certificate_pem, 0644); !s.ok()) {
    ::unlink(key_path.c_str());  // no key without its certificate
    return Fail(s.error());
  }
  std::fputs(made->certificate_pem.c_str(), stdout);
  return kExitOk;
}

}  // namespace

int RunKeys(int argc, char** argv) {
  auto args =
      Args::Parse(argc, argv, 3,
                  {"out", "passphrase-env", "secret-multibase", "did-web", "out-cert", "out-key",
                   "subject", "days"},
                  {});
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
  if (action == "certificate") return RunKeysCertificate(*args);
  return UsageError(action.empty() ? "keys needs an action: generate, import, show or certificate"
                                   : "unknown keys action \"" + action + "\"");
}

}  // namespace pramaan::cli
