// Ed25519 verification of one signature over a 64-byte message (the size of an
// eddsa-rdfc-2022 proof's hash data): libsodium's crypto_sign_verify_detached against
// Ed25519PrecomputedKey::Verify, and what building the precomputed key costs. Run them in one
// invocation so that the ratio comes from one machine state.
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <array>
#include <cstdint>
#include <memory>

#include "core/crypto/ed25519_precomputed.h"
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

void BM_SodiumVerify(benchmark::State& state) {
  const SignedMessage& f = Fixture();
  for (auto _ : state) {
    const int result = crypto_sign_verify_detached(f.signature.data(), f.message.data(),
                                                   f.message.size(), f.public_key.data());
    benchmark::DoNotOptimize(result);
    if (result != 0) state.SkipWithError("libsodium refused the signature");
  }
}
BENCHMARK(BM_SodiumVerify);

void BM_PrecomputedVerify(benchmark::State& state) {
  const SignedMessage& f = Fixture();
  const std::unique_ptr<const Ed25519PrecomputedKey> key =
      Ed25519PrecomputedKey::Build(f.public_key);
  if (key == nullptr) {
    state.SkipWithError("Build refused the key");
    return;
  }
  for (auto _ : state) {
    const bool accepted = key->Verify(f.signature, f.message);
    benchmark::DoNotOptimize(accepted);
    if (!accepted) state.SkipWithError("Verify refused the signature");
  }
}
BENCHMARK(BM_PrecomputedVerify);

// The key's own table only: the base point's table is built by the first Build in the
// process, which the first iteration (or BM_PrecomputedVerify) has already paid for.
void BM_PrecomputedBuild(benchmark::State& state) {
  const SignedMessage& f = Fixture();
  benchmark::DoNotOptimize(Ed25519PrecomputedKey::Build(f.public_key));
  for (auto _ : state) {
    std::unique_ptr<const Ed25519PrecomputedKey> key = Ed25519PrecomputedKey::Build(f.public_key);
    benchmark::DoNotOptimize(key.get());
  }
}
BENCHMARK(BM_PrecomputedBuild);

}  // namespace
}  // namespace pramaan
