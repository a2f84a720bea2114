// Ed25519 verification of one signature over a 64-byte message (the size of an
// eddsa-rdfc-2022 proof's hash data) through Ed25519PublicKey::Verify, which is libsodium's
// crypto_sign_verify_detached: the floor under every proof check.
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <array>
#include <cstdint>

#include "core/crypto/ed25519.h"
#include "core/crypto/random.h"

namespace pramaan {
namespace {

struct SignedMessage {
  std::array<uint8_t, crypto_sign_PUBLICKEYBYTES> public_key;
  std::array<uint8_t, 64> message;
  std::array<uint8_t, crypto_sign_BYTES> signature;
};

// One fixed key and message, so every run measures the same work.
const SignedMessage& Fixture() {
  static const SignedMessage fixture = [] {
    EnsureSodiumInitialized();
    SignedMessage f;
    std::array<uint8_t, crypto_sign_SEEDBYTES> seed;
    std::array<uint8_t, crypto_sign_SECRETKEYBYTES> secret_key;
    for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<uint8_t>(7 * i + 1);
    for (std::size_t i = 0; i < f.message.size(); ++i) f.message[i] = static_cast<uint8_t>(i);
    crypto_sign_seed_keypair(f.public_key.data(), secret_key.data(), seed.data());
    crypto_sign_detached(f.signature.data(), nullptr, f.message.data(), f.message.size(),
                         secret_key.data());
    return f;
  }();
  return fixture;
}

void BM_Ed25519Verify(benchmark::State& state) {
  const SignedMessage& f = Fixture();
  const Result<Ed25519PublicKey> key = Ed25519PublicKey::FromBytes(f.public_key);
  for (auto _ : state) {
    const bool accepted = key->Verify(f.signature, f.message);
    benchmark::DoNotOptimize(accepted);
    if (!accepted) state.SkipWithError("libsodium refused the signature");
  }
}
BENCHMARK(BM_Ed25519Verify);

}  // namespace
}  // namespace pramaan
