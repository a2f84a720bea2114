// Issuer key files: an Ed25519 key, optionally sealed with a passphrase.
//
// Format (JSON, mode 0600):
//   {"type": "PramaanEd25519Key", "version": 1, "publicKeyMultibase": "z6Mk...",
//    "secret": {"protection": "none", "secretKeyMultibase": "z3u2..."}}
// or, sealed:
//    "secret": {"protection": "argon2id-xchacha20poly1305", "opslimit": N, "memlimit": N,
//               "salt": "u...", "nonce": "u...", "ciphertext": "u..."}
// The sealed secret is the 32-byte seed encrypted with XChaCha20-Poly1305 under a key derived
// from the passphrase by Argon2id; the public key is the associated data, so a file whose
// public key was swapped fails to open. The file records the Argon2id limits it was sealed
// with, so a file keeps opening when the limits for new files are raised: files written
// before issue 17 carry libsodium's INTERACTIVE limits (2 passes, 64 MiB), new ones
// kSealingLimits (MODERATE: 3 passes, 256 MiB, about 0.7 s a derivation).
#ifndef PRAMAAN_KEYS_KEY_FILE_H_
#define PRAMAAN_KEYS_KEY_FILE_H_

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "core/crypto/ed25519.h"
#include "core/result.h"
#include "keys/ed25519_signer_sodium.h"
#include "keys/secret_bytes.h"

namespace pramaan {

// The shortest passphrase a new sealed file accepts, in characters (UTF-8 code points). A
// shorter one is refused when writing; files sealed earlier with a shorter one still open.
inline constexpr size_t kMinPassphraseCharacters = 12;

// Argon2id limits (libsodium crypto_pwhash opslimit and memlimit).
struct SealingLimits {
  unsigned long long opslimit = 0;
  size_t memlimit = 0;
};
// What new sealed files are written with: libsodium's MODERATE limits
// (crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE).
SealingLimits DefaultSealingLimits();

// Writes `key` to `path`, created with mode 0600 and moved into place atomically, so a crash
// leaves either no file or a whole one. Sealed when `passphrase` is non-null (and non-empty).
// Fails with kInvalidInput if `path` already exists (a key is never overwritten), kNotFound if
// its directory does not exist, kInternal on I/O failure. A sealed file is written with
// DefaultSealingLimits(); kInvalidInput, writing nothing, when the passphrase is shorter than
// kMinPassphraseCharacters.
Status WriteKeyFile(const std::filesystem::path& path, const Ed25519SignerSodium& key,
                    const SecretBytes* passphrase);

// WriteKeyFile with the Argon2id limits given, for tests (which cannot spend 0.7 s a
// derivation) and to reproduce files of earlier versions; production code calls WriteKeyFile.
// kInvalidInput when the limits are outside what LoadKeyFile accepts (libsodium's MIN to
// SENSITIVE).
Status WriteKeyFileWithLimits(const std::filesystem::path& path, const Ed25519SignerSodium& key,
                              const SecretBytes* passphrase, SealingLimits limits);

// Writes `bytes` to a new file at `path` with permissions `mode`, through a temporary file
// in the same directory and link(), so the file appears whole or not at all, and an existing
// file is never replaced (kInvalidInput "already exists"). kNotFound when the directory does
// not exist.
Status WriteNewFile(const std::filesystem::path& path, std::string_view bytes, mode_t mode);

// Writes `bytes` to `path` with permissions `mode`, replacing any file there atomically: a
// temporary file in the same directory, fsync, rename(), fsync of the directory, so a reader
// or a crash sees the old file or the whole new one. kNotFound when the directory does not
// exist, kInternal on I/O failure. Not for key files, which are never replaced.
Status ReplaceFile(const std::filesystem::path& path, std::string_view bytes, mode_t mode);

// Reads only the public key; needs no passphrase and does not check permissions.
Result<Ed25519PublicKey> ReadKeyFilePublicKey(const std::filesystem::path& path);

// Loads the signing key. Fails with kPermission if the file is readable or writable by group
// or others, if it is sealed and `passphrase` is null, or if the passphrase is wrong;
// kNotFound if it does not exist; kInvalidInput if it is malformed. Every temporary copy of
// the secret is wiped before returning.
Result<Ed25519SignerSodium> LoadKeyFile(const std::filesystem::path& path,
                                        const SecretBytes* passphrase);

// Parses a secretKeyMultibase (multicodec ed25519-priv 0x1300) holding either the 32-byte seed
// or the 64-byte seed||public-key form; in the latter the public half must match the seed.
// Wipes `text` in all cases. Fails with kInvalidInput naming what is wrong.
Result<Ed25519SignerSodium> ImportSecretKeyMultibase(std::string& text);

// As above, from text already held as a secret (left untouched).
Result<Ed25519SignerSodium> ImportSecretKeyMultibase(const SecretBytes& text);

// Reads a passphrase from the environment variable `name`. Fails with kInvalidInput if the
// variable is unset or empty.
Result<SecretBytes> PassphraseFromEnv(const std::string& name);

}  // namespace pramaan

#endif  // PRAMAAN_KEYS_KEY_FILE_H_
