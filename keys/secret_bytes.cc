#include "keys/secret_bytes.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sodium.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "core/crypto/random.h"

namespace pramaan {

SecretBytes::SecretBytes(std::size_t size) : size_(size) {
  EnsureSodiumInitialized();
  data_ = static_cast<uint8_t*>(sodium_malloc(size == 0 ? 1 : size));
  if (data_ == nullptr) std::abort();
  sodium_memzero(data_, size == 0 ? 1 : size);
}

SecretBytes::SecretBytes(std::span<const uint8_t> bytes) : SecretBytes(bytes.size()) {
  if (!bytes.empty()) std::memcpy(data_, bytes.data(), bytes.size());
}

SecretBytes::~SecretBytes() {
  if (data_ != nullptr) sodium_free(data_);  // sodium_free wipes before releasing
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) sodium_free(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void WipeString(std::string& text) {
  if (!text.empty()) sodium_memzero(text.data(), text.size());
  text.clear();
}

std::optional<SecretBytes> TakeSecretFromEnvironment(const char* name) {
  char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  const std::size_t length = std::strlen(value);
  SecretBytes secret(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(value), length));
  // The text getenv points at is the environment block itself (or setenv's copy): wipe it in
  // place, then drop the variable so that /proc/PID/environ and children see nothing.
  sodium_memzero(value, length);
  ::unsetenv(name);
  return secret;
}

Result<SecretBytes> ReadSecretFile(const std::filesystem::path& path, std::size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound(path.string() + " does not exist");
    return PermissionDenied("cannot read " + path.string() + ": " + std::strerror(errno));
  }
  struct stat info;
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return InvalidInput(path.string() + " is not a regular file");
  }
  if (static_cast<std::size_t>(info.st_size) > max_bytes) {
    ::close(fd);
    return InvalidInput(path.string() + " is larger than " + std::to_string(max_bytes) +
                        " bytes");
  }
  SecretBytes bytes(static_cast<std::size_t>(info.st_size));
  std::span<uint8_t> into = bytes.RevealMutable(SecretAccess::Grant());
  std::size_t done = 0;
  while (done < into.size()) {
    const ssize_t got = ::read(fd, into.data() + done, into.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      const int saved = errno;
      ::close(fd);
      return PermissionDenied("cannot read " + path.string() + ": " +
                              (got == 0 ? "it shrank while being read" : std::strerror(saved)));
    }
    done += static_cast<std::size_t>(got);
  }
  ::close(fd);
  return bytes;
}

Status ProtectProcessSecrets() {
  const rlimit no_core{0, 0};
  if (::setrlimit(RLIMIT_CORE, &no_core) != 0) {
    return Internal(std::string("cannot set the core file size limit to 0: ") +
                    std::strerror(errno));
  }
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    return Internal(std::string("cannot make the process undumpable: ") + std::strerror(errno));
  }
  // OpenSSL keeps private keys it parses (PEM_read_bio_PrivateKey) in its secure heap when
  // one exists: mlock'd, MADV_DONTDUMP, wiped on free. 64 KiB holds a few P-256/RSA keys.
  if (CRYPTO_secure_malloc_initialized() == 0 && CRYPTO_secure_malloc_init(64 * 1024, 32) == 0) {
    return Internal("cannot create OpenSSL's secure heap (is RLIMIT_MEMLOCK below 64 KiB?)");
  }
  return Status::Ok();
}

}  // namespace pramaan
