#include "core/crypto/ed25519.h"

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "core/crypto/ed25519_precomputed.h"
#include "core/crypto/random.h"

namespace pramaan {
namespace {

// The keys given a table by KeepVerificationTable. Slots are filled once, in order, and never
// emptied, so a reader needs no lock: it reads the count (acquire) and then the slots below it.
class VerificationTables {
 public:
  static VerificationTables& Instance() {
    static VerificationTables* tables = new VerificationTables();  // never destroyed
    return *tables;
  }

  const Ed25519PrecomputedKey* Find(const std::array<uint8_t, kEd25519PublicKeySize>& key) const {
    const size_t count = count_.load(std::memory_order_acquire);
    for (size_t i = 0; i < count; ++i) {
      if (keys_[i] == key) return tables_[i].get();
    }
    return nullptr;
  }

  void Keep(const std::array<uint8_t, kEd25519PublicKeySize>& key) {
    std::lock_guard lock(mutex_);
    const size_t count = count_.load(std::memory_order_relaxed);
    if (count == kMaxKeysWithVerificationTables || Find(key) != nullptr) return;
    std::unique_ptr<const Ed25519PrecomputedKey> table = Ed25519PrecomputedKey::Build(key);
    if (!table) return;  // libsodium refuses every signature under it; so does Verify
    keys_[count] = key;
    tables_[count] = std::move(table);
    count_.store(count + 1, std::memory_order_release);
  }

 private:
  std::mutex mutex_;  // serializes Keep
  std::atomic<size_t> count_{0};
  std::array<std::array<uint8_t, kEd25519PublicKeySize>, kMaxKeysWithVerificationTables> keys_{};
  std::array<std::unique_ptr<const Ed25519PrecomputedKey>, kMaxKeysWithVerificationTables>
      tables_;
};

}  // namespace

Result<Ed25519PublicKey> Ed25519PublicKey::FromBytes(std::span<const uint8_t> bytes) {
  if (bytes.size() != kEd25519PublicKeySize) {
    return InvalidInput("an Ed25519 public key has 32 bytes, not " +
                        std::to_string(bytes.size()));
  }
  std::array<uint8_t, kEd25519PublicKeySize> copy;
  std::copy(bytes.begin(), bytes.end(), copy.begin());
  return Ed25519PublicKey(copy);
}

bool Ed25519PublicKey::Verify(std::span<const uint8_t> signature,
                              std::span<const uint8_t> message) const {
  if (signature.size() != kEd25519SignatureSize) return false;
  EnsureSodiumInitialized();
  if (const Ed25519PrecomputedKey* table = VerificationTables::Instance().Find(bytes_)) {
    return table->Verify(signature.first<kEd25519SignatureSize>(), message);
  }
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     bytes_.data()) == 0;
}

void Ed25519PublicKey::KeepVerificationTable() const {
  EnsureSodiumInitialized();
  VerificationTables::Instance().Keep(bytes_);
}

bool Ed25519PublicKey::HasVerificationTable() const {
  return VerificationTables::Instance().Find(bytes_) != nullptr;
}

}  // namespace pramaan
