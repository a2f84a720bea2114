// SecretBytes: the one type that holds private key material and passphrases.
//
// The bytes live in libsodium's guarded allocation (sodium_malloc: guard pages, mlock'd, so
// never swapped) and are wiped when the object dies. Reading them takes an explicit
// SecretAccess::Grant() at the call site, so every read of a secret can be found with grep.
#ifndef PRAMAAN_KEYS_SECRET_BYTES_H_
#define PRAMAAN_KEYS_SECRET_BYTES_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

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

}  // namespace pramaan

#endif  // PRAMAAN_KEYS_SECRET_BYTES_H_
