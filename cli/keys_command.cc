// pramaan keys generate|import|show|certificate
#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>

#include "core/crypto/openssl_error.h"
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

constexpr int kMaxCertificateDays = 3650;  // ten years: longer is a sign of a typo

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};


// Parses "CN=...,O=...,C=IN" into `name`. Values may not contain commas or equals signs.
Status ParseSubject(const std::string& text, X509_NAME* name) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string part = text.substr(start, end - start);
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    const size_t equals = part.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 >= part.size()) {
      return InvalidInput("--subject must be like \"CN=Name,O=Organisation\"; bad part \"" + part + "\"");
    }
    const std::string field = part.substr(0, equals);
    const std::string value = part.substr(equals + 1);
    if (X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                   0) != 1) {
      ERR_clear_error();
      return InvalidInput("--subject: unknown or invalid attribute \"" + field + "\"");
    }
    start = end + 1;
  }
  return Status::Ok();
}

Status AddExtension(X509* certificate, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (extension == nullptr) return Internal(std::string("cannot make extension ") + value + ": " + OpenSslError());
  const int added = X509_add_ext(certificate, extension, -1);
  X509_EXTENSION_free(extension);
  if (added != 1) return Internal("cannot add an extension: " + OpenSslError());
  return Status::Ok();
}

Result<std::string> BioText(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  if (length <= 0) return Internal("empty PEM output");
  return std::string(data, static_cast<size_t>(length));
}

// Writes `bytes` to a new file at `path` with `mode`, through a temporary file and link(), so
// the file appears whole or not at all and an existing file is never replaced.
Status WriteNewFile(const std::filesystem::path& path, const std::string& bytes, mode_t mode) {
  const std::filesystem::path directory =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string temp = (directory / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());  // created 0600
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("directory " + directory.string() + " does not exist");
    return Internal("cannot create a file in " + directory.string() + ": " + std::strerror(errno));
  }
  bool ok = ::fchmod(fd, mode) == 0;
  for (size_t done = 0; ok && done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ok = false;
    else done += static_cast<size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(temp.c_str());
    return Internal("cannot write " + path.string());
  }
  if (::link(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    if (error == EEXIST) return InvalidInput(path.string() + " already exists; it is never overwritten");
    return Internal("cannot create " + path.string() + ": " + std::strerror(error));
  }
  ::unlink(temp.c_str());
  if (const int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Status::Ok();
}

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
    if (text.empty() || *end != '\0' || value < 1 || value > kMaxCertificateDays) {
      return UsageError("--days must be a whole number from 1 to " + std::to_string(kMaxCertificateDays));
    }
    days = static_cast<int>(value);
  }
  for (const auto& path : {certificate_path, key_path}) {
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(path, ec))) {
      return Fail(InvalidInput(path.string() + " already exists; it is never overwritten"));
    }
  }

  std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_EC_gen("P-256"));
  std::unique_ptr<X509, X509Free> certificate(X509_new());
  if (key == nullptr || certificate == nullptr) return Fail(Internal("cannot make a P-256 key: " + OpenSslError()));
  X509* x = certificate.get();
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return Fail(Internal("no randomness: " + OpenSslError()));
  serial[0] &= 0x7f;  // a positive INTEGER
  serial[0] |= 0x01;  // of full length
  BIGNUM* serial_number = BN_bin2bn(serial, sizeof serial, nullptr);
  const bool serial_ok = serial_number != nullptr &&
                         BN_to_ASN1_INTEGER(serial_number, X509_get_serialNumber(x)) != nullptr;
  BN_free(serial_number);
  if (!serial_ok || X509_set_version(x, 2) != 1 ||
      X509_gmtime_adj(X509_getm_notBefore(x), 0) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(x), 86400L * days) == nullptr ||
      X509_set_pubkey(x, key.get()) != 1) {
    return Fail(Internal("cannot fill in the certificate: " + OpenSslError()));
  }
  if (Status s = ParseSubject(args.Get("subject", "CN=Pramaan Development Document Signer"),
                              X509_get_subject_name(x));
      !s.ok()) {
    return Fail(s.error());
  }
  if (X509_set_issuer_name(x, X509_get_subject_name(x)) != 1) return Fail(Internal(OpenSslError()));
  // id-kp-documentSigning (RFC 9336) by number: OpenSSL 3.0 has no name for it.
  for (const auto& [nid, value] :
       {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
        std::pair{NID_key_usage, "critical,digitalSignature,nonRepudiation"},
        std::pair{NID_ext_key_usage, "emailProtection,1.3.6.1.5.5.7.3.36"},
        std::pair{NID_subject_key_identifier, "hash"}}) {
    if (Status s = AddExtension(x, nid, value); !s.ok()) return Fail(s.error());
  }
  if (X509_sign(x, key.get(), EVP_sha256()) <= 0) return Fail(Internal("cannot sign the certificate: " + OpenSslError()));

  std::unique_ptr<BIO, BioFree> key_bio(BIO_new(BIO_s_secmem()));
  std::unique_ptr<BIO, BioFree> certificate_bio(BIO_new(BIO_s_mem()));
  if (key_bio == nullptr || certificate_bio == nullptr ||
      PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
      PEM_write_bio_X509(certificate_bio.get(), x) != 1) {
    return Fail(Internal("cannot encode PEM: " + OpenSslError()));
  }
  auto key_pem = BioText(key_bio.get());
  auto certificate_pem = BioText(certificate_bio.get());
  if (!key_pem.ok()) return Fail(key_pem.error());
  if (!certificate_pem.ok()) return Fail(certificate_pem.error());
  Status written = WriteNewFile(key_path, *key_pem, 0600);
  OPENSSL_cleanse(key_pem->data(), key_pem->size());
  if (!written.ok()) return Fail(written.error());
  if (Status s = WriteNewFile(certificate_path, *certificate_pem, 0644); !s.ok()) {
    ::unlink(key_path.c_str());  // no key without its certificate
    return Fail(s.error());
  }
  std::fputs(certificate_pem->c_str(), stdout);
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
