#include "keys/key_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "core/crypto/random.h"
#include "core/did/multikey.h"
#include "core/encoding/base58.h"
#include "core/encoding/multibase.h"
#include "core/json/json.h"

namespace pramaan {
namespace {

constexpr std::string_view kKeyFileType = "PramaanEd25519Key";
constexpr std::string_view kSealedProtection = "argon2id-xchacha20poly1305";

// Wipes a vector that held secret bytes.
void WipeVector(std::vector<uint8_t>& bytes) {
  if (!bytes.empty()) sodium_memzero(bytes.data(), bytes.size());
  bytes.clear();
}

Result<std::string> ReadWholeFile(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("key file " + path.string() + " does not exist");
    return PermissionDenied("cannot open key file " + path.string() + ": " + std::strerror(errno));
  }
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return Internal("cannot read key file " + path.string());
    }
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  sodium_memzero(buffer, sizeof buffer);
  ::close(fd);
  return text;
}

Status WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Internal(std::string("write failed: ") + std::strerror(errno));
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

std::filesystem::path DirectoryOf(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

// Writes `bytes` to a new temporary file beside `path` with permissions `mode`, synced to
// disk, and returns its name; the caller links or renames it into place.
Result<std::string> WriteTemporaryFile(const std::filesystem::path& path, std::string_view bytes,
                                       mode_t mode) {
  const std::filesystem::path directory = DirectoryOf(path);
  std::string temp = (directory / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());  // created 0600
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("directory " + directory.string() + " does not exist");
    return Internal("cannot create a file in " + directory.string() + ": " + std::strerror(errno));
  }
  Status written = mode == 0600 || ::fchmod(fd, mode) == 0
                       ? WriteAll(fd, bytes)
                       : Internal(std::string("fchmod failed: ") + std::strerror(errno));
  if (written.ok() && ::fsync(fd) != 0) written = Internal("fsync failed");
  ::close(fd);
  if (!written.ok()) {
    ::unlink(temp.c_str());
    return written.error();
  }
  return temp;
}

// Makes a new name in the directory of `path` durable (best effort: some file systems refuse).
void SyncDirectoryOf(const std::filesystem::path& path) {
  if (const int dir_fd = ::open(DirectoryOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

// Moves the value of "secretKeyMultibase" out of `text` into `secret` and overwrites it in
// place, so the secret never reaches the JSON parser (whose token buffer grows by copying and
// would leave pieces of it in freed memory). Returns false when the member is absent. The
// value is base58, so it never contains an escape; a backslash makes it malformed.
bool LiftPlainSecret(std::string& text, std::unique_ptr<SecretBytes>* secret) {
  constexpr std::string_view kMember = "\"secretKeyMultibase\"";
  size_t at = text.find(kMember);
  if (at == std::string::npos) return false;
  at += kMember.size();
  while (at < text.size() && (text[at] == ' ' || text[at] == '\n' || text[at] == '\r' ||
                              text[at] == '\t' || text[at] == ':')) {
    ++at;
  }
  if (at >= text.size() || text[at] != '"') return false;
  const size_t start = at + 1;
  const size_t end = text.find_first_of("\"\\", start);
  if (end == std::string::npos || text[end] != '"') return false;
  *secret = std::make_unique<SecretBytes>(
      std::span(reinterpret_cast<const uint8_t*>(text.data() + start), end - start));
  sodium_memzero(text.data() + start, end - start);
  std::fill(text.begin() + static_cast<std::ptrdiff_t>(start),
            text.begin() + static_cast<std::ptrdiff_t>(end), 'x');
  return true;
}

// Parses a key file's text (wiping it). A plaintext secret is returned in `secret`, never in
// the Json.
Result<Json> ParseKeyFile(const std::filesystem::path& path, std::string& text,
                          std::unique_ptr<SecretBytes>* secret) {
  LiftPlainSecret(text, secret);
  auto parsed = ParseJson(text, path.string());
  WipeString(text);
  if (!parsed.ok()) return parsed.error();
  Json& doc = *parsed;
  if (!doc.is_object() || GetString(doc, "type") != kKeyFileType || !doc.contains("version") ||
      doc["version"] != 1 || !doc.contains("publicKeyMultibase") ||
      !doc["publicKeyMultibase"].is_string() || !doc.contains("secret") ||
      !doc["secret"].is_object()) {
    return InvalidInput(path.string() + " is not a Pramaan key file");
  }
  return std::move(parsed).value();
}

// Derives the sealing key from the passphrase with Argon2id.
Result<SecretBytes> DeriveSealingKey(const SecretBytes& passphrase, std::span<const uint8_t> salt,
                                     unsigned long long opslimit, size_t memlimit) {
  SecretBytes key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  const auto phrase = passphrase.Reveal(SecretAccess::Grant());
  if (crypto_pwhash(key.RevealMutable(SecretAccess::Grant()).data(), key.size(),
                    reinterpret_cast<const char*>(phrase.data()), phrase.size(), salt.data(),
                    opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Internal("Argon2id key derivation ran out of memory");
  }
  return key;
}

bool LimitsAreReadable(SealingLimits limits) {
  return limits.opslimit >= crypto_pwhash_OPSLIMIT_MIN &&
         limits.opslimit <= crypto_pwhash_OPSLIMIT_SENSITIVE &&
         limits.memlimit >= crypto_pwhash_MEMLIMIT_MIN &&
         limits.memlimit <= crypto_pwhash_MEMLIMIT_SENSITIVE;
}

// UTF-8 code points: every byte that is not a continuation byte starts one.
size_t CharacterCount(std::span<const uint8_t> text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](uint8_t byte) { return (byte & 0xC0) != 0x80; }));
}

}  // namespace

SealingLimits DefaultSealingLimits() {
  return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}

Status WriteKeyFile(const std::filesystem::path& path, const Ed25519SignerSodium& key,
                    const SecretBytes* passphrase) {
  return WriteKeyFileWithLimits(path, key, passphrase, DefaultSealingLimits());
}

Status WriteKeyFileWithLimits(const std::filesystem::path& path, const Ed25519SignerSodium& key,
                              const SecretBytes* passphrase, SealingLimits limits) {
  EnsureSodiumInitialized();
  const bool sealed = passphrase != nullptr && passphrase->size() > 0;
  if (sealed) {
    if (const size_t characters = CharacterCount(passphrase->Reveal(SecretAccess::Grant()));
        characters < kMinPassphraseCharacters) {
      return InvalidInput("the passphrase is " + std::to_string(characters) +
                          " characters long; a key file needs a passphrase of at least " +
                          std::to_string(kMinPassphraseCharacters) + " characters");
    }
    if (!LimitsAreReadable(limits)) {
      return InvalidInput("the Argon2id limits are outside libsodium's MIN to SENSITIVE range");
    }
  }
  const std::string public_multibase = EncodeEd25519Multikey(key.public_key());
  const SecretBytes seed = key.ExportSeed();
  // The file text is assembled by hand in a buffer reserved up front: growing a string copies
  // it and leaves the old bytes in freed memory, which must not happen to a secret.
  std::string text;
  text.reserve(1024);
  text += "{\n  \"type\": \"";
  text += kKeyFileType;
  text += "\",\n  \"version\": 1,\n  \"publicKeyMultibase\": \"";
  text += public_multibase;
  text += "\",\n  \"secret\": {\n    \"protection\": \"";
  if (sealed) {
    std::vector<uint8_t> salt = RandomBytes(crypto_pwhash_SALTBYTES);
    std::vector<uint8_t> nonce = RandomBytes(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    const unsigned long long opslimit = limits.opslimit;
    const size_t memlimit = limits.memlimit;
    PRAMAAN_ASSIGN_OR_RETURN(SecretBytes sealing_key,
                             DeriveSealingKey(*passphrase, salt, opslimit, memlimit));
    std::vector<uint8_t> ciphertext(seed.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned long long ciphertext_len = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        ciphertext.data(), &ciphertext_len, seed.Reveal(SecretAccess::Grant()).data(), seed.size(),
        reinterpret_cast<const uint8_t*>(public_multibase.data()), public_multibase.size(),
        nullptr, nonce.data(), sealing_key.Reveal(SecretAccess::Grant()).data());
    ciphertext.resize(ciphertext_len);
    text += kSealedProtection;
    text += "\",\n    \"opslimit\": " + std::to_string(opslimit);
    text += ",\n    \"memlimit\": " + std::to_string(memlimit);
    text += ",\n    \"salt\": \"" + EncodeMultibaseBase64Url(salt);
    text += "\",\n    \"nonce\": \"" + EncodeMultibaseBase64Url(nonce);
    text += "\",\n    \"ciphertext\": \"" + EncodeMultibaseBase64Url(ciphertext);
  } else {
    uint8_t prefixed[2 + kEd25519SeedSize];
    prefixed[0] = kEd25519PrivateMulticodec[0];
    prefixed[1] = kEd25519PrivateMulticodec[1];
    std::memcpy(prefixed + 2, seed.Reveal(SecretAccess::Grant()).data(), seed.size());
    std::string encoded = EncodeBase58Btc(prefixed);
    sodium_memzero(prefixed, sizeof prefixed);
    text += "none\",\n    \"secretKeyMultibase\": \"z";
    text += encoded;
    WipeString(encoded);
  }
  text += "\"\n  }\n}\n";

  Status written = WriteNewFile(path, text, 0600);
  WipeString(text);
  return written;
}

Status WriteNewFile(const std::filesystem::path& path, std::string_view bytes, mode_t mode) {
  PRAMAAN_ASSIGN_OR_RETURN(std::string temp, WriteTemporaryFile(path, bytes, mode));
  // link() refuses to replace an existing file, so an existing file is never overwritten.
  if (::link(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    if (error == EEXIST) return InvalidInput(path.string() + " already exists; it is never overwritten");
    return Internal("cannot create " + path.string() + ": " + std::strerror(error));
  }
  ::unlink(temp.c_str());
  SyncDirectoryOf(path);
  return Status::Ok();
}

Status ReplaceFile(const std::filesystem::path& path, std::string_view bytes, mode_t mode) {
  PRAMAAN_ASSIGN_OR_RETURN(std::string temp, WriteTemporaryFile(path, bytes, mode));
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    return Internal("cannot replace " + path.string() + ": " + std::strerror(error));
  }
  SyncDirectoryOf(path);
  return Status::Ok();
}

Result<Ed25519PublicKey> ReadKeyFilePublicKey(const std::filesystem::path& path) {
  PRAMAAN_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  std::unique_ptr<SecretBytes> unused_secret;
  PRAMAAN_ASSIGN_OR_RETURN(Json doc, ParseKeyFile(path, text, &unused_secret));
  auto key = DecodeEd25519Multikey(doc["publicKeyMultibase"].get<std::string>());
  if (!key.ok()) return key.error().WithContext(path.string());
  return key;
}

Result<Ed25519SignerSodium> LoadKeyFile(const std::filesystem::path& path,
                                        const SecretBytes* passphrase) {
  EnsureSodiumInitialized();
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    return NotFound("key file " + path.string() + " does not exist");
  }
  if (!S_ISREG(info.st_mode)) return InvalidInput(path.string() + " is not a regular file");
  if ((info.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    return PermissionDenied("key file " + path.string() + " is accessible by other users (mode " +
                            mode + "); run: chmod 600 " + path.string());
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  std::unique_ptr<SecretBytes> plain_secret;
  PRAMAAN_ASSIGN_OR_RETURN(Json doc, ParseKeyFile(path, text, &plain_secret));
  const std::string public_multibase = doc["publicKeyMultibase"].get<std::string>();
  auto expected_public = DecodeEd25519Multikey(public_multibase);
  if (!expected_public.ok()) return expected_public.error().WithContext(path.string());
  Json& secret = doc["secret"];
  const std::string protection = GetString(secret, "protection");

  Result<Ed25519SignerSodium> signer = Internal("unset");
  if (protection == "none") {
    if (plain_secret == nullptr) return InvalidInput(path.string() + " has no secretKeyMultibase");
    signer = ImportSecretKeyMultibase(*plain_secret);
  } else if (protection == kSealedProtection) {
    if (passphrase == nullptr) {
      return PermissionDenied("key file " + path.string() +
                              " is sealed with a passphrase; name the variable that holds it "
                              "with --passphrase-env");
    }
    const auto field = [&](const char* name) -> Result<std::vector<uint8_t>> {
      if (!secret.contains(name) || !secret[name].is_string()) {
        return InvalidInput(path.string() + " lacks secret." + name);
      }
      return DecodeMultibase(secret[name].get<std::string>());
    };
    PRAMAAN_ASSIGN_OR_RETURN(std::vector<uint8_t> salt, field("salt"));
    PRAMAAN_ASSIGN_OR_RETURN(std::vector<uint8_t> nonce, field("nonce"));
    PRAMAAN_ASSIGN_OR_RETURN(std::vector<uint8_t> ciphertext, field("ciphertext"));
    const auto unsigned_field = [&](const char* name) -> unsigned long long {
      return secret.contains(name) && secret[name].is_number_unsigned()
                 ? secret[name].get<unsigned long long>()
                 : 0;
    };
    const unsigned long long opslimit = unsigned_field("opslimit");
    const size_t memlimit = static_cast<size_t>(unsigned_field("memlimit"));
    if (salt.size() != crypto_pwhash_SALTBYTES ||
        nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
        ciphertext.size() != kEd25519SeedSize + crypto_aead_xchacha20poly1305_ietf_ABYTES ||
        !LimitsAreReadable({opslimit, memlimit})) {
      return InvalidInput(path.string() + " has malformed sealing parameters");
    }
    PRAMAAN_ASSIGN_OR_RETURN(SecretBytes sealing_key,
                             DeriveSealingKey(*passphrase, salt, opslimit, memlimit));
    SecretBytes seed(kEd25519SeedSize);
    unsigned long long seed_len = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            seed.RevealMutable(SecretAccess::Grant()).data(), &seed_len, nullptr,
            ciphertext.data(), ciphertext.size(),
            reinterpret_cast<const uint8_t*>(public_multibase.data()), public_multibase.size(),
            nonce.data(), sealing_key.Reveal(SecretAccess::Grant()).data()) != 0 ||
        seed_len != kEd25519SeedSize) {
      return PermissionDenied("wrong passphrase for key file " + path.string() +
                              " (or the file was altered)");
    }
    signer = Ed25519SignerSodium::FromSeed(seed);
  } else {
    return InvalidInput(path.string() + " has an unknown secret protection \"" + protection + "\"");
  }
  if (!signer.ok()) return signer.error().WithContext(path.string());
  if (!(signer->public_key() == *expected_public)) {
    return InvalidInput("key file " + path.string() +
                        ": the public key does not match the secret key");
  }
  return signer;
}

Result<Ed25519SignerSodium> ImportSecretKeyMultibase(std::string& text) {
  const SecretBytes secret(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  WipeString(text);
  return ImportSecretKeyMultibase(secret);
}

Result<Ed25519SignerSodium> ImportSecretKeyMultibase(const SecretBytes& text) {
  const auto chars = text.Reveal(SecretAccess::Grant());
  auto decoded = DecodeMultibase(
      std::string_view(reinterpret_cast<const char*>(chars.data()), chars.size()));
  if (!decoded.ok()) return InvalidInput("secretKeyMultibase is not valid multibase");
  std::vector<uint8_t>& bytes = *decoded;
  const bool prefixed = bytes.size() >= 2 && bytes[0] == kEd25519PrivateMulticodec[0] &&
                        bytes[1] == kEd25519PrivateMulticodec[1];
  const size_t length = prefixed ? bytes.size() - 2 : 0;
  if (!prefixed || (length != 32 && length != 64)) {
    WipeVector(bytes);
    return InvalidInput(
        "secretKeyMultibase must be an Ed25519 private Multikey (prefix 0x8026) holding a "
        "32-byte seed or a 64-byte seed and public key");
  }
  SecretBytes seed(std::span<const uint8_t>(bytes).subspan(2, kEd25519SeedSize));
  std::vector<uint8_t> public_half;
  if (length == 64) public_half.assign(bytes.begin() + 34, bytes.end());
  WipeVector(bytes);
  auto signer = Ed25519SignerSodium::FromSeed(seed);
  if (!signer.ok()) return signer.error();
  if (!public_half.empty() &&
      !std::equal(public_half.begin(), public_half.end(), signer->public_key().bytes().begin())) {
    return InvalidInput("secretKeyMultibase: the public half does not match the seed");
  }
  return signer;
}

Result<SecretBytes> PassphraseFromEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') {
    return InvalidInput("environment variable " + name + " (the passphrase) is not set or empty");
  }
  return SecretBytes(std::span(reinterpret_cast<const uint8_t*>(value), std::strlen(value)));
}

}  // namespace pramaan
