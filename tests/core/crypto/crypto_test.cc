// Tests for core/crypto: SHA-256, random bytes, and Ed25519 verification through libsodium.
#include <gtest/gtest.h>
#include <sodium.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/ed25519.h"
#include "core/crypto/random.h"
#include "core/crypto/sha256.h"
#include "core/encoding/hex.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

using testing::ReadVector;


TEST(Sha256, MatchesFips180Vectors) {
  struct Case {
    std::string input;
    std::string digest_hex;
  };
  const std::vector<Case> cases = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {std::string(1000000, 'a'),
       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(EncodeHex(Sha256(c.input)), c.digest_hex) << "input of " << c.input.size();
  }
}

TEST(Sha256, SpanAndStringViewOverloadsAgree) {
  const std::string text = "Pramaan";
  const std::vector<uint8_t> bytes(text.begin(), text.end());
  EXPECT_EQ(Sha256(std::span<const uint8_t>(bytes)), Sha256(std::string_view(text)));
  EXPECT_EQ(Sha256(std::span<const uint8_t>()), Sha256(std::string_view()));
}

TEST(Sha256, CanonicalEddsaJcs2022DocumentHashesToPublishedDocHash) {
  const std::string canonical = ReadVector("vc-di-eddsa/eddsa-jcs-2022/canonDocJCS.txt");
  ASSERT_FALSE(canonical.empty());
  ASSERT_EQ(canonical.front(), '{');
  ASSERT_EQ(canonical.back(), '}');
  EXPECT_EQ(EncodeHex(Sha256(canonical)), ReadVector("vc-di-eddsa/eddsa-jcs-2022/docHashJCS.txt"));
}

TEST(Random, RandomBytesReturnsRequestedSize) {
  for (std::size_t size : {0u, 1u, 32u, 1000u}) {
    EXPECT_EQ(RandomBytes(size).size(), size);
  }
}

TEST(Random, TwoDrawsOf32BytesDiffer) {
  // Equal draws would have probability 2^-256: a failure means the generator is broken.
  EXPECT_NE(RandomBytes(32), RandomBytes(32));
}

TEST(Random, FillRandomOverwritesTheWholeBuffer) {
  // The chance that a given one of 64 bytes is still zero is 1/256 per draw; drawing until
  // every position has been non-zero at least once proves each byte is written.
  std::vector<bool> seen_non_zero(64, false);
  for (int draw = 0; draw < 64; ++draw) {
    std::vector<uint8_t> buffer(64, 0);
    FillRandom(buffer);
    for (std::size_t i = 0; i < buffer.size(); ++i) {
      if (buffer[i] != 0) seen_non_zero[i] = true;
    }
  }
  for (std::size_t i = 0; i < seen_non_zero.size(); ++i) {
    EXPECT_TRUE(seen_non_zero[i]) << "byte " << i << " never written";
  }
  FillRandom({});  // an empty span is allowed
}

TEST(Random, EnsureSodiumInitializedIsIdempotent) {
  EnsureSodiumInitialized();
  EnsureSodiumInitialized();
  EXPECT_EQ(RandomBytes(16).size(), 16u);
}

// A fresh key pair and a signature of `message` by it.
struct Signed {
  Ed25519PublicKey key;
  std::vector<uint8_t> signature;
};
Signed SignWithNewKey(const std::vector<uint8_t>& message) {
  EnsureSodiumInitialized();
  uint8_t public_key[crypto_sign_PUBLICKEYBYTES];
  uint8_t secret_key[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(public_key, secret_key);
  std::vector<uint8_t> signature(crypto_sign_BYTES);
  crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), secret_key);
  return {*Ed25519PublicKey::FromBytes(public_key), signature};
}

// Verify is libsodium's crypto_sign_verify_detached: it accepts the signature of the signed
// message under its own key, and nothing changed in signature, message or key.
TEST(Ed25519PublicKey, VerifyAcceptsOnlyTheSignedMessageUnderItsKey) {
  const std::vector<uint8_t> message(64, 0x5a);
  const Signed one = SignWithNewKey(message);
  const Signed other = SignWithNewKey(message);
  EXPECT_TRUE(one.key.Verify(one.signature, message));
  for (size_t byte : {0u, 5u, 31u, 32u, 63u}) {
    std::vector<uint8_t> altered = one.signature;
    altered[byte] ^= 0x10;
    EXPECT_FALSE(one.key.Verify(altered, message)) << "signature byte " << byte;
  }
  std::vector<uint8_t> other_message = message;
  other_message[0] ^= 1;
  EXPECT_FALSE(one.key.Verify(one.signature, other_message));
  EXPECT_FALSE(other.key.Verify(one.signature, message));
  const std::vector<uint8_t> short_signature(one.signature.begin(), one.signature.end() - 1);
  EXPECT_FALSE(one.key.Verify(short_signature, message));
}

}  // namespace
}  // namespace pramaan
