// The configuration file (JSON). Paths inside it are relative to the file's own directory.
//
//   {
//     "base_url": "https://pramaan.example.gov.in",          // required: ids and QR links
//     "issuer": {"name": "...", "id": "did:web:...", "url": "https://..."},  // id optional:
//                                                   // default is the signing key's did:key
//     "signing_key": {"file": "issuer.key", "passphrase_env": "VAR",       // env optional
//                     "verification_method": "did:web:...#key-1"},         // optional
//     "cryptosuite": "eddsa-rdfc-2022",                  // optional; or "eddsa-jcs-2022"
//     "contexts": {"https://example.org/ctx/v1": "ctx.jsonld"},            // trusted extras
//     "did_documents": ["did.json"],                                        // did:web documents
//     "certificates": {                                   // optional: PDF certificates
//       "signing_certificate": "doc-signing.crt.pem",    // PAdES signer (X.509, PEM)
//       "signing_key": "doc-signing.key.pem",            // its private key (PEM, mode 0600)
//       "trusted_certificates": ["ca.pem"]               // optional: more anchors for verify
//     }
//   }
//
// Config holds the path of the key, never the key, and the name of the variable holding the
// passphrase, never the passphrase.
#ifndef PRAMAAN_ISSUER_CONFIG_H_
#define PRAMAAN_ISSUER_CONFIG_H_

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/context/context_loader.h"
#include "core/did/did_resolver.h"
#include "core/integrity/data_integrity.h"
#include "core/result.h"
#include "issuer/credential_builder.h"
#include "keys/ed25519_signer_sodium.h"

namespace pramaan {

struct IssuerConfig {
  std::string base_url;
  IssuerProfile issuer;  // id may be empty: then the key's did:key
  std::filesystem::path signing_key;  // empty when the file names no key (verify-only use)
  std::string passphrase_env;
  std::string verification_method;
  Cryptosuite cryptosuite = kDefaultCryptosuite;
  std::vector<std::pair<std::string, std::filesystem::path>> contexts;
  std::vector<std::filesystem::path> did_documents;
  // PDF certificates: without a signing certificate, issuing writes credentials only.
  std::filesystem::path document_certificate;
  std::filesystem::path document_key;
  // Document-signing certificates `verify FILE.pdf` trusts: the signing certificate (when
  // configured) and trusted_certificates.
  std::vector<std::filesystem::path> trusted_document_certificates;
};

// Reads and checks a configuration file. Fails with kNotFound if it cannot be read, or
// kInvalidInput naming the file and the member at fault (unknown members are errors too, so a
// misspelt setting is never silently ignored).
Result<IssuerConfig> LoadIssuerConfig(const std::filesystem::path& path);

// Adds the configured contexts and DID documents to `contexts` and `resolver`.
Status ApplyTrust(const IssuerConfig& config, ContextLoader* contexts, DidResolver* resolver);

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
// rest. Fails as LoadKeyFile does, or with kInvalidInput when the config names no key or a
// verification method that is not the issuer's.
Result<std::unique_ptr<IssuerSetup>> LoadIssuerSetup(const IssuerConfig& config);

}  // namespace pramaan

#endif  // PRAMAAN_ISSUER_CONFIG_H_
