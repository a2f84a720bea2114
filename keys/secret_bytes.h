// SecretBytes: the one type that holds private key material and passphrases.
//
// The bytes live in libsodium's guarded allocation (sodium_malloc: guard pages, mlock'd, so
// never swapped) and are wiped when the object dies. Reading them takes an explicit
// SecretAccess::Grant() at the call site, so every read of a secret can be found with grep.
#ifndef PRAMAAN_KEYS_SECRET_BYTES_H_
#define PRAMAAN_KEYS_SECRET_BYTES_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

#include "core/result.h"

namespace pramaan {

class SecretAccess {
 public:
  static SecretAccess Grant() { return SecretAccess(); }

 private:
  SecretAccess() = default;
};

class SecretBytes {
 public:
  // `size` zero bytes. Aborts (as libsodium does) if guarded memory cannot be allocated.
  explicit SecretBytes(std::size_t size);
  // Copies `bytes`; the caller remains responsible for wiping its own copy.
  explicit SecretBytes(std::span<const uint8_t> bytes);
  ~SecretBytes();

  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  std::size_t size() const { return size_; }
  std::span<const uint8_t> Reveal(SecretAccess) const { return {data_, size_}; }
  std::span<uint8_t> RevealMutable(SecretAccess) { return {data_, size_}; }

 private:
  uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

// Overwrites a string's bytes with zeros (for temporary copies of secrets, such as the text of
// a key file) in a way the compiler cannot optimise away.
void WipeString(std::string& text);

// Reads the environment variable `name` into guarded memory, then overwrites its text in the
// process environment and removes it, so that the secret lives in one place only (a server
// reads its tokens and keys once, at start). nullopt when the variable is unset or empty.
std::optional<SecretBytes> TakeSecretFromEnvironment(const char* name);

// Reads the whole file at `path` (a private key) straight into guarded memory, with no other
// copy in the heap. Fails with kNotFound when it does not exist, kPermissionDenied when it
// cannot be read, and kInvalidInput when it is larger than `max_bytes`.
Result<SecretBytes> ReadSecretFile(const std::filesystem::path& path, std::size_t max_bytes);

// Protects the secrets this process will hold: makes it undumpable (no core file, no ptrace by
// other users: PR_SET_DUMPABLE 0 and a core size limit of 0) and gives OpenSSL a secure heap,
// so the document-signing key it parses lives in locked memory kept out of dumps. Call once,
// first thing in main. Fails with kInternal naming the step that the kernel refused.
Status ProtectProcessSecrets();

}  // namespace pramaan

#endif  // PRAMAAN_KEYS_SECRET_BYTES_H_
