// The configuration file (JSON). Paths inside it are relative to the file's own directory.
//
//   {
//     "base_url": "https://pramaan.example.gov.in",          // required: ids and QR links
//     "context_url": "https://cdn.example.gov.in/pramaan/v1", // optional: where Pramaan's
//                     // context is published; default {base_url}/contexts/pramaan/v1
//     "issuer": {"name": "...", "id": "did:web:...", "url": "https://..."},  // id optional:
//                                                   // default is the signing key's did:key
//               // optional "contact": "mailto:..." (or https:, tel:): where the verification
//               // page sends employers with questions; default "url"
//     "signing_key": {"file": "issuer.key", "passphrase_env": "VAR",       // env optional
//                     "verification_method": "did:web:...#key-1"},         // optional
//       // or, for a did:web issuer whose key rotates (keys/keyring.h; `pramaan keys rotate`):
//     "signing_key": {"keyring": "keyring.json", "passphrase_env": "VAR"},
//     "cryptosuite": "eddsa-rdfc-2022",                  // optional; or "eddsa-jcs-2022"
//     "contexts": {"https://example.org/ctx/v1": "ctx.jsonld"},            // trusted extras
//     "did_documents": ["did.json"],                                        // did:web documents
//     "certificates": {                                   // optional: PDF certificates
//       "signing_certificate": "doc-signing.crt.pem",    // PAdES signer (X.509, PEM)
//       "signing_key": "doc-signing.key.pem",            // its private key (PEM, mode 0600)
//       "trusted_certificates": ["ca.pem"]               // optional: more anchors for verify
//     },
//     "registry_group": "pramaan-public",   // optional: a SQLite registry is created 0640 for
//                                           // this group (a public role on the same machine)
//     "registry_others_may_read": false,    // optional: open a world-readable registry anyway
//     "console": {"idle_timeout_s": 1800}    // optional: the awarding console's sessions end
//                                           // after this long unused (60 to 86400 s)
//   }
//
// Config holds the path of the key, never the key, and the name of the variable holding the
// passphrase, never the passphrase.
#ifndef PRAMAAN_ISSUER_CONFIG_H_
#define PRAMAAN_ISSUER_CONFIG_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/context/context_loader.h"
#include "core/did/did_resolver.h"
#include "core/integrity/data_integrity.h"
#include "core/result.h"
#include "core/time/rfc3339.h"
#include "issuer/credential_builder.h"
#include "keys/ed25519_signer_sodium.h"

namespace pramaan {

// The awarding workflow (awarding/workflow.h) and its DigiLocker integration, when the
// configuration has an "awarding" section.
struct AwardingSettings {
  std::string body_name;             // the awarding body named in every award
  std::string ncvet_recognition_id;  // its NCVET recognition id ("" when not given)
  // DigiLocker (api/digilocker.h): enabled when issuer_id is set. The shared HMAC key is read
  // from the environment variable digilocker_key_env, never from the file.
  std::string digilocker_issuer_id;
  std::string digilocker_doc_type;
  std::string digilocker_key_env;
  // awarding.digilocker.max_skew_s: how far (seconds, either way) a DigiLocker request's ts
  // may be from now; its txn is remembered as long (api/digilocker.h). 1 to 3600.
  int64_t digilocker_max_skew_s = 300;
};

struct IssuerConfig {
  std::string base_url;
  // Where this deployment publishes Pramaan's context, byte for byte as `pramaan serve` does
  // at {base_url}/contexts/pramaan/v1; empty: there. Issued credentials name it and pin it by
  // digest (PublishedContextUrl).
  std::string context_url;
  IssuerProfile issuer;  // id may be empty: then the key's did:key
  // Where a person checking a certificate reaches the issuer ("issuer": {"contact"}): an
  // https:, http:, mailto: or tel: URL, or "" (the pages then offer issuer.url). Not written
  // into credentials.
  std::string issuer_contact;
  // At most one of signing_key and keyring is set; neither when the file names no key
  // (verify-only use).
  std::filesystem::path signing_key;
  std::filesystem::path keyring;  // only with a did:web issuer.id
  std::string passphrase_env;
  std::string verification_method;  // only with signing_key
  Cryptosuite cryptosuite = kDefaultCryptosuite;
  std::vector<std::pair<std::string, std::filesystem::path>> contexts;
  std::vector<std::filesystem::path> did_documents;
  // PDF certificates: without a signing certificate, issuing writes credentials only.
  std::filesystem::path document_certificate;
  std::filesystem::path document_key;
  // Document-signing certificates `verify FILE.pdf` trusts: the signing certificate (when
  // configured) and trusted_certificates.
  std::vector<std::filesystem::path> trusted_document_certificates;
  // Other issuers (DIDs) whose credentials verify as trusted ("trusted_issuers"); the
  // configuration's own issuer is always trusted (TrustedIssuerDids).
  std::vector<std::string> trusted_issuers;
  std::optional<AwardingSettings> awarding;
  // Who may read a SQLite registry (store/registry_file_access.h).
  std::string registry_group;
  bool registry_others_may_read = false;
  // console.idle_timeout_s: an awarding console session unused this long is ended.
  int64_t console_idle_timeout_s = 1800;
};

// Reads and checks a configuration file. Fails with kNotFound if it cannot be read, or
// kInvalidInput naming the file and the member at fault (unknown members are errors too, so a
// misspelt setting is never silently ignored).
Result<IssuerConfig> LoadIssuerConfig(const std::filesystem::path& path);

// The issuers a verifier with this configuration trusts: its own issuer (issuer.id, or the
// did:key of signing_key when no id is configured; neither when it names no key) followed by
// trusted_issuers. Reads only the public key of signing_key. Fails as ReadKeyFilePublicKey
// does.
Result<std::vector<std::string>> TrustedIssuerDids(const IssuerConfig& config);

// The URL issued credentials name for Pramaan's context: config.context_url, or
// {base_url}/contexts/pramaan/v1 when it is not set.
std::string PublishedContextUrl(const IssuerConfig& config);

// Adds the configured contexts and DID documents to `contexts` and `resolver`; with a
// keyring, also the issuer's DID document built from it (public keys only: no key is loaded).
// Fails as the files it reads do, or with kInvalidInput when the keyring belongs to another
// DID than issuer.id or did_documents also lists the issuer's own document (with a keyring,
// the keyring is the one source of that document).
Status ApplyTrust(const IssuerConfig& config, ContextLoader* contexts, DidResolver* resolver);

// What verifying and publishing need, with no private key: the public role's whole setup
// (`pramaan serve --role public`). It has no signer, so code holding only this cannot sign.
struct VerifierSetup {
  std::string base_url;
  IssuerProfile issuer;  // id filled in
  std::string contact;   // IssuerConfig::issuer_contact
  // DigiLocker is configured (awarding.digilocker.issuer_id): a learner can pull their
  // qualification's certificate into it, which their page says.
  bool digilocker = false;
  // The document-signing certificates an uploaded certificate PDF may be signed with
  // (IssuerConfig::trusted_document_certificates), each file's PEM or DER bytes.
  std::vector<std::string> document_certificates;
  ContextLoader contexts;
  DidResolver resolver;  // knows the issuer's DID document
  Json did_document;     // the issuer's DID document (for did:web, to publish)
};

// Builds the public setup from a configuration without loading any private key: the issuer's
// DID document comes from the key ring (public keys only), from did_documents, or for a
// did:key issuer from the DID itself. A configuration that names a key file but no issuer.id
// gets the file's did:key from its public part (no passphrase is read). Fails as ApplyTrust
// does, or with kInvalidInput when the issuer's DID cannot be known (no issuer.id and no key
// file) or, for a did:web issuer, neither a key ring nor did_documents nor a key file gives
// its document.
Result<std::unique_ptr<VerifierSetup>> LoadVerifierSetup(const IssuerConfig& config);

// What issuing needs, assembled from a configuration: the loaded key, the issuer's identity
// and verification method, and a resolver that knows the issuer's own DID document.
struct IssuerSetup {
  IssuerConfig config;
  std::unique_ptr<Ed25519SignerSodium> signer;
  IssuerProfile issuer;  // id filled in
  ProofOptions proof;    // cryptosuite and verification method; created is set per signature
  ContextLoader contexts;
  DidResolver resolver;
  Json did_document;     // the issuer's DID document (for did:web, to publish)
};

// Loads the key (with the passphrase from config.passphrase_env when set) and derives the
// rest. With a keyring, signs with its active key under that key's id, and did_document lists
// every key of the ring (KeyRing::ToDidDocument). Fails as LoadKeyFile or LoadActiveKey do,
// as ApplyTrust does, or with kInvalidInput when the config names no key or a verification
// method that is not the issuer's.
Result<std::unique_ptr<IssuerSetup>> LoadIssuerSetup(const IssuerConfig& config);

// The key ring file `pramaan keys rotate` creates beside a configuration that names a key
// file.
inline constexpr const char* kDefaultKeyRingFile = "keyring.json";

// Moves the configuration at `config_path`, whose signing_key names a key file, to a key
// ring: creates kDefaultKeyRingFile beside it holding that key (id: the configured
// verification_method, or issuer.id#key-1; added `now`) and rewrites the configuration's
// signing_key to {"keyring": ..., "passphrase_env": ...} (atomically, keeping every other
// setting and the file's permissions). A did_documents entry that is the issuer's own document
// is dropped when it lists just that key. Safe to run again after a crash, or alongside
// another run: an existing ring that already holds the configured key is used as it is.
// Returns the ring's path. Fails with kInvalidInput when the issuer is not did:web, the
// configuration already uses a keyring, an existing ring does not hold the configured key, or
// the issuer's own did_documents entry lists other keys; as the files read and written do.
Result<std::filesystem::path> ConvertConfigToKeyRing(const std::filesystem::path& config_path,
                                                     Timestamp now);

// Sets signing_key.passphrase_env in the configuration at `config_path` to `variable` (atomic
// rewrite, as above). Fails as reading or writing the file does, or with kInvalidInput when
// the file has no signing_key object.
Status SetConfigPassphraseEnv(const std::filesystem::path& config_path,
                              const std::string& variable);

}  // namespace pramaan

#endif  // PRAMAAN_ISSUER_CONFIG_H_
