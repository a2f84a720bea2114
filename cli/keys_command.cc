// pramaan keys generate|import|show|certificate|rotate|compromise|list
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
#include "core/time/clock.h"
#include "issuer/certificate/development_certificate.h"
#include "issuer/config.h"
#include "keys/key_file.h"
#include "keys/keyring.h"

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
    "      Production document-signing certificates come from a CA.\n"
    "  pramaan keys rotate --config FILE [--passphrase-env VAR]\n"
    "      start signing with a new key (did:web issuers): writes key-N.key beside the key\n"
    "      ring (sealed with VAR's passphrase, default the configuration's passphrase_env),\n"
    "      adds it to the ring as DID#key-N and retires the previous key, which stays in the\n"
    "      DID document so what it signed keeps verifying. A configuration that names a key\n"
    "      file is first moved to a ring, keyring.json beside it (the file is rewritten).\n"
    "      Prints the new key and DID document as JSON; restart `pramaan serve` afterwards\n"
    "  pramaan keys compromise --config FILE --key DID#key-N|#key-N --since RFC3339\n"
    "                          --reason TEXT\n"
    "      declare a retired key compromised from a time: proofs it made from then on fail\n"
    "      verification (its DID document entry gets \"revoked\"). Prints the DID document\n"
    "  pramaan keys list --config FILE\n"
    "      the issuer's keys, oldest first: id, file, added, retired or active, compromise\n";

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

// --- keys rotate / compromise / list: the issuer's key ring ---

Result<std::unique_ptr<SecretBytes>> PassphraseFrom(const std::string& variable) {
  if (variable.empty()) return std::unique_ptr<SecretBytes>();
  PRAMAAN_ASSIGN_OR_RETURN(SecretBytes phrase, PassphraseFromEnv(variable));
  return std::make_unique<SecretBytes>(std::move(phrase));
}

int RunKeysRotate(const Args& args) {
  if (!args.Has("config")) return UsageError("keys rotate needs --config FILE");
  if (!args.positionals().empty()) {
    return UsageError("unexpected argument " + args.positionals()[0]);
  }
  const std::filesystem::path config_path = args.Get("config");
  auto config = LoadCommandConfig(config_path);
  if (!config.ok()) return Fail(config.error());
  if (config->issuer.id.rfind("did:web:", 0) != 0) {
    return Fail(InvalidInput(config_path.string() +
                             ": keys rotate needs a did:web issuer (issuer.id); a did:key names "
                             "one key and cannot rotate"));
  }
  if (config->signing_key.empty() && config->keyring.empty()) {
    return Fail(InvalidInput(config_path.string() + " names no signing_key"));
  }
  if (args.Has("passphrase-env") && args.Get("passphrase-env").empty()) {
    return UsageError("--passphrase-env needs the name of an environment variable");
  }
  // Check the passphrase before changing anything.
  const std::string variable = args.Get("passphrase-env", config->passphrase_env);
  auto passphrase = PassphraseFrom(variable);
  if (!passphrase.ok()) return Fail(passphrase.error());
  const Timestamp now = SystemClock().Now();

  if (config->keyring.empty()) {
    auto ring_path = ConvertConfigToKeyRing(config_path, now);
    if (!ring_path.ok()) return Fail(ring_path.error());
    std::fprintf(stderr,
                 "pramaan: moved the signing key %s into the key ring %s; %s now names the ring\n",
                 config->signing_key.c_str(), ring_path->c_str(), config_path.c_str());
    config = LoadCommandConfig(config_path);
    if (!config.ok()) return Fail(config.error());
  }
  auto rotation = RotateKeyRingFile(config->keyring, passphrase->get(), now);
  if (!rotation.ok()) return Fail(rotation.error());
  if (variable != config->passphrase_env) {
    // Whoever loads the configuration next must open the new key with this passphrase.
    if (Status s = SetConfigPassphraseEnv(config_path, variable); !s.ok()) return Fail(s.error());
    std::fprintf(stderr, "pramaan: %s: signing_key.passphrase_env is now %s\n",
                 config_path.c_str(), variable.c_str());
  }
  const KeyRing& ring = rotation->ring;
  const KeyRingEntry& active = ring.active();
  const KeyRingEntry& previous = ring.keys()[ring.keys().size() - 2];
  std::fprintf(stderr,
               "pramaan: new signing key %s in %s%s; %s is retired and stays in the DID "
               "document\n"
               "pramaan: restart `pramaan serve` so it signs with the new key and serves the new "
               "DID document, and copy %s and %s to every machine that signs\n",
               active.id.c_str(), rotation->new_key_file.c_str(),
               passphrase->get() != nullptr ? " (sealed)" : "", previous.id.c_str(),
               config->keyring.c_str(), rotation->new_key_file.c_str());
  const Json out = {{"verificationMethod", active.id},
                    {"file", rotation->new_key_file.string()},
                    {"publicKeyMultibase", EncodeEd25519Multikey(active.public_key)},
                    {"didDocument", ring.ToDidDocument().ToJson()}};
  std::fputs(DumpJson(out, true).c_str(), stdout);
  return kExitOk;
}

int RunKeysCompromise(const Args& args) {
  for (const char* option : {"config", "key", "since", "reason"}) {
    if (!args.Has(option)) {
      return UsageError(std::string("keys compromise needs --") + option +
                        " (--config FILE --key DID#key-N --since RFC3339 --reason TEXT)");
    }
  }
  if (!args.positionals().empty()) {
    return UsageError("unexpected argument " + args.positionals()[0]);
  }
  auto since = ParseRfc3339(args.Get("since"));
  if (!since.ok()) return UsageError("--since: " + since.error().message());
  if (args.Get("reason").empty()) return UsageError("--reason must not be empty");
  auto config = LoadCommandConfig(args.Get("config"));
  if (!config.ok()) return Fail(config.error());
  if (config->keyring.empty()) {
    return Fail(InvalidInput(args.Get("config") +
                             " names a key file, not a key ring, so its only key is the one it "
                             "signs with: run `pramaan keys rotate` first"));
  }
  std::string id = args.Get("key");
  if (id.starts_with("#")) id = config->issuer.id + id;
  auto outcome = DeclareKeyCompromised(config->keyring, id, *since, args.Get("reason"),
                                       SystemClock().Now());
  if (!outcome.ok()) return Fail(outcome.error());
  auto ring = KeyRing::Read(config->keyring);
  if (!ring.ok()) return Fail(ring.error());
  const std::string from = FormatRfc3339(*since);
  if (*outcome == CompromiseOutcome::kAlreadyRecorded) {
    std::fprintf(stderr, "pramaan: %s was already declared compromised from %s; nothing changed\n",
                 id.c_str(), from.c_str());
  } else {
    std::fprintf(stderr,
                 "pramaan: %s is declared compromised from %s: proofs it made from then on fail "
                 "verification. Restart `pramaan serve` so it serves the updated DID document\n",
                 id.c_str(), from.c_str());
  }
  std::fputs(DumpJson(ring->ToDidDocument().ToJson(), true).c_str(), stdout);
  return kExitOk;
}

int RunKeysList(const Args& args) {
  if (!args.Has("config")) return UsageError("keys list needs --config FILE");
  if (!args.positionals().empty()) {
    return UsageError("unexpected argument " + args.positionals()[0]);
  }
  auto config = LoadCommandConfig(args.Get("config"));
  if (!config.ok()) return Fail(config.error());
  if (config->keyring.empty()) {
    if (config->signing_key.empty()) {
      return Fail(InvalidInput(args.Get("config") + " names no signing_key"));
    }
    auto key = ReadKeyFilePublicKey(config->signing_key);
    if (!key.ok()) return Fail(key.error());
    // The id LoadIssuerSetup signs under.
    std::string id = config->verification_method;
    if (id.empty()) {
      id = config->issuer.id.empty() || config->issuer.id.starts_with("did:key:")
               ? DidKeyVerificationMethodFor(*key)
               : config->issuer.id + "#key-1";
    }
    std::printf("%s\t%s\tactive (signing_key.file: no key ring, so no history)\n", id.c_str(),
                config->signing_key.c_str());
    return kExitOk;
  }
  auto ring = KeyRing::Read(config->keyring);
  if (!ring.ok()) return Fail(ring.error());
  for (const KeyRingEntry& key : ring->keys()) {
    std::string line = key.id + "\t" + key.file.string() + "\tadded " + FormatRfc3339(key.added);
    line += key.retired ? "\tretired " + FormatRfc3339(*key.retired) : "\tactive";
    if (key.compromised) {
      line += "\tcompromised since " + FormatRfc3339(key.compromised->since) + " (declared " +
              FormatRfc3339(key.compromised->declared) + "): " + key.compromised->reason;
    }
    std::printf("%s\n", line.c_str());
  }
  return kExitOk;
}

}  // namespace

int RunKeys(int argc, char** argv) {
  auto args =
      Args::Parse(argc, argv, 3,
                  {"out", "passphrase-env", "secret-multibase", "did-web", "out-cert", "out-key",
                   "subject", "days", "config", "key", "since", "reason"},
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
  if (action == "rotate") return RunKeysRotate(*args);
  if (action == "compromise") return RunKeysCompromise(*args);
  if (action == "list") return RunKeysList(*args);
  return UsageError(action.empty() ? "keys needs an action: generate, import, show, certificate, "
                                     "rotate, compromise or list"
                                   : "unknown keys action \"" + action + "\"");
}

}  // namespace pramaan::cli
