// Tests for Ed25519PrecomputedKey: RFC 8032 vectors, and agreement with libsodium 1.0.18's
// crypto_sign_verify_detached on random signatures, their mutations, and signatures crafted
// so that only libsodium's encoding checks (small-order R, non-canonical S, the key's
// encoding) decide the verdict.
#include "core/crypto/ed25519_precomputed.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <memory>
#include <random>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/encoding/hex.h"
#include "core/result.h"

namespace pramaan {
namespace {

using PublicKey = std::array<uint8_t, 32>;
using Scalar = std::array<uint8_t, 32>;
using Signature = std::array<uint8_t, 64>;
using Bytes = std::vector<uint8_t>;

Bytes Hex(std::string_view text) {
  Result<Bytes> bytes = DecodeHex(text);
  EXPECT_TRUE(bytes.ok()) << text;
  return bytes.ok() ? *bytes : Bytes();
}

template <std::size_t N>
std::array<uint8_t, N> HexArray(std::string_view text) {
  const Bytes bytes = Hex(text);
  std::array<uint8_t, N> out{};
  EXPECT_EQ(bytes.size(), N) << text;
  std::copy_n(bytes.begin(), std::min(bytes.size(), N), out.begin());
  return out;
}

bool SodiumVerify(const Signature& signature, std::span<const uint8_t> message,
                  const PublicKey& public_key) {
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     public_key.data()) == 0;
}

// Verifies with both implementations, expects the same verdict and returns libsodium's.
bool ExpectSameVerdict(const Ed25519PrecomputedKey& key, const PublicKey& public_key,
                       const Signature& signature, std::span<const uint8_t> message,
                       std::string_view what) {
  const bool sodium = SodiumVerify(signature, message, public_key);
  EXPECT_EQ(key.Verify(signature, message), sodium)
      << what << ": key " << EncodeHex(public_key) << ", signature " << EncodeHex(signature)
      << ", message " << EncodeHex(message);
  return sodium;
}

// ---- Curve arithmetic through libsodium, for crafting keys and signatures ----

class TestRandom {
 public:
  explicit TestRandom(uint64_t seed) : engine_(seed) {}

  Bytes NextBytes(std::size_t count) {
    Bytes bytes(count);
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(engine_());
    return bytes;
  }
  template <std::size_t N>
  std::array<uint8_t, N> NextArray() {
    std::array<uint8_t, N> out;
    for (uint8_t& b : out) b = static_cast<uint8_t>(engine_());
    return out;
  }
  // Uniform modulo L (never zero in practice).
  Scalar NextScalar() {
    const std::array<uint8_t, 64> wide = NextArray<64>();
    Scalar scalar;
    crypto_core_ed25519_scalar_reduce(scalar.data(), wide.data());
    return scalar;
  }
  std::size_t Below(std::size_t bound) { return engine_() % bound; }

 private:
  std::mt19937_64 engine_;
};

PublicKey BaseMultiple(const Scalar& scalar) {
  PublicKey point;
  EXPECT_EQ(crypto_scalarmult_ed25519_base_noclamp(point.data(), scalar.data()), 0);
  return point;
}

// libsodium's point addition; it accepts any encoding that decodes, including points of small
// order and non-canonical y (taken mod p). Returns false when either does not decode.
bool AddPoints(const PublicKey& p, const PublicKey& q, PublicKey& sum) {
  return crypto_core_ed25519_add(sum.data(), p.data(), q.data()) == 0;
}

// SHA-512(R || A || M) mod L, as verification computes it.
Scalar Challenge(std::span<const uint8_t> r, const PublicKey& public_key,
                 std::span<const uint8_t> message) {
  std::array<uint8_t, 64> digest;
  crypto_hash_sha512_state state;
  crypto_hash_sha512_init(&state);
  crypto_hash_sha512_update(&state, r.data(), r.size());
  crypto_hash_sha512_update(&state, public_key.data(), public_key.size());
  crypto_hash_sha512_update(&state, message.data(), message.size());
  crypto_hash_sha512_final(&state, digest.data());
  Scalar h;
  crypto_core_ed25519_scalar_reduce(h.data(), digest.data());
  return h;
}

// r + h a mod L.
Scalar MulAdd(const Scalar& h, const Scalar& a, const Scalar& r) {
  Scalar ha, sum;
  crypto_core_ed25519_scalar_mul(ha.data(), h.data(), a.data());
  crypto_core_ed25519_scalar_add(sum.data(), r.data(), ha.data());
  return sum;
}

Signature Concat(const PublicKey& r, const Scalar& s) {
  Signature signature;
  std::copy(r.begin(), r.end(), signature.begin());
  std::copy(s.begin(), s.end(), signature.begin() + 32);
  return signature;
}

// A Schnorr signature by the secret scalar `a` under `public_key` (which need not be [a]B:
// for A = [a]B + T the equation is off by [h]T). R = [r]B for a random r.
Signature SignWithScalar(const Scalar& a, const PublicKey& public_key,
                         std::span<const uint8_t> message, TestRandom& random) {
  const Scalar r = random.NextScalar();
  const PublicKey big_r = BaseMultiple(r);
  return Concat(big_r, MulAdd(Challenge(big_r, public_key, message), a, r));
}

// T8, a point of order 8, x even; its y is the first order-8 value in libsodium's blocklist,
// 2707385501144840649318225287225658788936804267575313519463743609750303402022.
constexpr std::string_view kOrder8PointHex =
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05";

// [k]T8 for k = 0..7: all eight points of order dividing 8. Index k holds [k]T8.
std::vector<PublicKey> SmallOrderPoints() {
  const PublicKey t8 = HexArray<32>(kOrder8PointHex);
  std::vector<PublicKey> points = {HexArray<32>("01" + std::string(62, '0')), t8};
  for (int k = 2; k <= 8; ++k) {
    PublicKey next;
    EXPECT_TRUE(AddPoints(points.back(), t8, next));
    points.push_back(next);
  }
  EXPECT_EQ(points[8], points[0]) << "8 T8 is the identity";
  EXPECT_NE(points[4], points[0]) << "4 T8 is not";
  points.pop_back();
  return points;
}

// The encodings libsodium blocks as small-order, derived from the curve: the canonical
// encodings of the eight small-order points, each also with the sign bit flipped, and the
// non-canonical forms y + p of those y for which y + p < 2^255 (only y = 0 and y = 1), with
// either sign bit. 14 in all.
std::vector<PublicKey> BlockedSmallOrderEncodings() {
  std::set<PublicKey> encodings;
  for (const PublicKey& point : SmallOrderPoints()) {
    PublicKey y = point;
    y[31] &= 0x7f;
    std::vector<PublicKey> forms = {y};
    const bool below_19 =
        y[0] < 19 && std::all_of(y.begin() + 1, y.end(), [](uint8_t b) { return b == 0; });
    if (below_19) {  // y + p = (0xed + y) ff ... ff 7f
      PublicKey plus_p;
      plus_p.fill(0xff);
      plus_p[0] = static_cast<uint8_t>(0xed + y[0]);
      plus_p[31] = 0x7f;
      forms.push_back(plus_p);
    }
    for (PublicKey form : forms) {
      encodings.insert(form);
      form[31] |= 0x80;
      encodings.insert(form);
    }
  }
  return {encodings.begin(), encodings.end()};
}

// Every encoding whose y (sign bit aside) is in [p, 2^255): 19 values, either sign bit.
std::vector<PublicKey> NonCanonicalEncodings() {
  std::vector<PublicKey> encodings;
  for (int y = 0; y < 19; ++y) {
    for (uint8_t sign : {0x00, 0x80}) {
      PublicKey encoding;
      encoding.fill(0xff);
      encoding[0] = static_cast<uint8_t>(0xed + y);
      encoding[31] = static_cast<uint8_t>(0x7f | sign);
      encodings.push_back(encoding);
    }
  }
  return encodings;
}

// A key with a known secret scalar.
struct TestKey {
  Scalar secret;
  PublicKey public_key;
};

TestKey RandomKey(TestRandom& random) {
  TestKey key;
  key.secret = random.NextScalar();
  key.public_key = BaseMultiple(key.secret);
  return key;
}

// ---- RFC 8032 section 7.1 ----

struct Rfc8032Vector {
  std::string_view name;
  std::string_view secret_key;
  std::string_view public_key;
  std::string_view message;
  std::string_view signature;
};

const Rfc8032Vector kRfc8032Vectors[] = {
    {"TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
     "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    {"TEST 1024", "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
     "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
     "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98"
     "fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf73be84d8"
     "79de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
     "658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc"
     "1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4fe"
     "ba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
     "06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbef"
     "efd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7"
     "aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
     "85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2"
     "d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24"
     "554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
     "88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc"
     "2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b07"
     "07e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
     "b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51a"
     "ddd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2af58429e"
     "c96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
     "51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c"
     "42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8"
     "ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
     "f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08"
     "d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649"
     "de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
     "88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a3"
     "2ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e"
     "6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
     "b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b5"
     "0d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef1"
     "369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
     "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c"
     "0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00a0b9d0",
     "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350"
     "aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03"},
    {"TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
     "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"},
};

TEST(Ed25519PrecomputedKey, AcceptsRfc8032Section71Vectors) {
  for (const Rfc8032Vector& vector : kRfc8032Vectors) {
    SCOPED_TRACE(vector.name);
    const PublicKey public_key = HexArray<32>(vector.public_key);
    const Bytes message = Hex(vector.message);
    const Signature signature = HexArray<64>(vector.signature);
    // The transcription is right if libsodium derives the same key and signature.
    const std::array<uint8_t, 32> seed = HexArray<32>(vector.secret_key);
    std::array<uint8_t, crypto_sign_PUBLICKEYBYTES> derived_public_key;
    std::array<uint8_t, crypto_sign_SECRETKEYBYTES> secret_key;
    crypto_sign_seed_keypair(derived_public_key.data(), secret_key.data(), seed.data());
    ASSERT_EQ(derived_public_key, public_key);
    Signature derived_signature;
    crypto_sign_detached(derived_signature.data(), nullptr, message.data(), message.size(),
                         secret_key.data());
    ASSERT_EQ(derived_signature, signature);

    const std::unique_ptr<const Ed25519PrecomputedKey> key =
        Ed25519PrecomputedKey::Build(public_key);
    ASSERT_NE(key, nullptr);
    EXPECT_TRUE(key->Verify(signature, message));
  }
}

TEST(Ed25519PrecomputedKey, RefusesRfc8032VectorsWithAnyBitOfTheSignatureFlipped) {
  for (const Rfc8032Vector& vector : kRfc8032Vectors) {
    SCOPED_TRACE(vector.name);
    const PublicKey public_key = HexArray<32>(vector.public_key);
    const Bytes message = Hex(vector.message);
    const Signature signature = HexArray<64>(vector.signature);
    const std::unique_ptr<const Ed25519PrecomputedKey> key =
        Ed25519PrecomputedKey::Build(public_key);
    ASSERT_NE(key, nullptr);
    for (int bit = 0; bit < 512; ++bit) {
      Signature flipped = signature;
      flipped[bit / 8] ^= static_cast<uint8_t>(1 << (bit % 8));
      EXPECT_FALSE(key->Verify(flipped, message)) << "bit " << bit;
      EXPECT_FALSE(SodiumVerify(flipped, message, public_key)) << "bit " << bit;
    }
  }
}

TEST(Ed25519PrecomputedKey, RefusesRfc8032VectorsWithTheMessageChanged) {
  for (const Rfc8032Vector& vector : kRfc8032Vectors) {
    SCOPED_TRACE(vector.name);
    const PublicKey public_key = HexArray<32>(vector.public_key);
    const Signature signature = HexArray<64>(vector.signature);
    const std::unique_ptr<const Ed25519PrecomputedKey> key =
        Ed25519PrecomputedKey::Build(public_key);
    ASSERT_NE(key, nullptr);
    Bytes longer = Hex(vector.message);
    longer.push_back(0);
    EXPECT_FALSE(key->Verify(signature, longer));
    if (longer.size() > 1) {
      Bytes changed(longer.begin(), longer.end() - 1);
      changed.back() ^= 0x01;
      EXPECT_FALSE(key->Verify(signature, changed));
    }
  }
}

// ---- Agreement with libsodium ----

TEST(Ed25519PrecomputedKey, AgreesWithSodiumOnRandomSignaturesAndTheirMutations) {
  TestRandom random(20240611);
  const std::vector<PublicKey> small_order = BlockedSmallOrderEncodings();
  const std::vector<PublicKey> non_canonical = NonCanonicalEncodings();
  const std::size_t kMessageSizes[] = {0, 1, 2, 31, 32, 33, 63, 64, 65, 127, 128, 300};
  constexpr int kKeys = 180;
  int accepted = 0;
  for (int k = 0; k < kKeys; ++k) {
    const std::array<uint8_t, 32> seed = random.NextArray<32>();
    PublicKey public_key;
    std::array<uint8_t, crypto_sign_SECRETKEYBYTES> secret_key;
    crypto_sign_seed_keypair(public_key.data(), secret_key.data(), seed.data());
    const std::unique_ptr<const Ed25519PrecomputedKey> key =
        Ed25519PrecomputedKey::Build(public_key);
    ASSERT_NE(key, nullptr) << EncodeHex(public_key);

    for (std::size_t size : kMessageSizes) {
      const Bytes message = random.NextBytes(size);
      Signature signature;
      crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(),
                           secret_key.data());
      if (ExpectSameVerdict(*key, public_key, signature, message, "valid")) ++accepted;

      Signature bad = signature;
      bad[random.Below(32)] ^= static_cast<uint8_t>(1 << random.Below(8));
      ExpectSameVerdict(*key, public_key, bad, message, "bit flipped in R");

      bad = signature;
      bad[32 + random.Below(32)] ^= static_cast<uint8_t>(1 << random.Below(8));
      ExpectSameVerdict(*key, public_key, bad, message, "bit flipped in S");

      bad = signature;
      bad[31] ^= 0x80;
      ExpectSameVerdict(*key, public_key, bad, message, "sign of R flipped");

      Bytes changed = message;
      if (changed.empty()) {
        changed.push_back(static_cast<uint8_t>(random.Below(256)));
      } else {
        changed[random.Below(changed.size())] ^= static_cast<uint8_t>(1 << random.Below(8));
      }
      ExpectSameVerdict(*key, public_key, signature, changed, "message changed");

      // S + L and S + 15 L (the largest multiple that keeps S below 2^256): the same point,
      // refused as non-canonical.
      Scalar s;
      std::copy(signature.begin() + 32, signature.end(), s.begin());
      for (int multiple : {1, 15}) {
        Scalar s_plus = s;
        unsigned carry = 0;
        const Scalar order =
            HexArray<32>("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        for (int i = 0; i < 32; ++i) {
          carry += s_plus[i] + multiple * order[i];
          s_plus[i] = static_cast<uint8_t>(carry);
          carry >>= 8;
        }
        if (carry != 0) continue;
        bad = signature;
        std::copy(s_plus.begin(), s_plus.end(), bad.begin() + 32);
        EXPECT_FALSE(ExpectSameVerdict(*key, public_key, bad, message, "S + kL"));
      }

      // R replaced by each blocked small-order encoding, and by one non-canonical encoding.
      for (const PublicKey& r : small_order) {
        bad = signature;
        std::copy(r.begin(), r.end(), bad.begin());
        EXPECT_FALSE(ExpectSameVerdict(*key, public_key, bad, message, "small-order R"));
      }
      const PublicKey& r = non_canonical[random.Below(non_canonical.size())];
      bad = signature;
      std::copy(r.begin(), r.end(), bad.begin());
      EXPECT_FALSE(ExpectSameVerdict(*key, public_key, bad, message, "R with y >= p"));
    }
  }
  EXPECT_EQ(accepted, kKeys * static_cast<int>(std::size(kMessageSizes)));
}

TEST(Ed25519PrecomputedKey, DerivesTheFourteenBlockedSmallOrderEncodings) {
  const std::vector<PublicKey> encodings = BlockedSmallOrderEncodings();
  EXPECT_EQ(encodings.size(), 14u);
  // libsodium names these y values in its blocklist; check the derivation found them.
  const std::set<PublicKey> expected_y = {
      HexArray<32>("0000000000000000000000000000000000000000000000000000000000000000"),
      HexArray<32>("0100000000000000000000000000000000000000000000000000000000000000"),
      HexArray<32>("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
      HexArray<32>("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
      HexArray<32>("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
      HexArray<32>("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
      HexArray<32>("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
  };
  std::set<PublicKey> derived_y;
  for (PublicKey encoding : encodings) {
    encoding[31] &= 0x7f;
    derived_y.insert(encoding);
  }
  EXPECT_EQ(derived_y, expected_y);
}

// The signature equation holds for these, so only the small-order check refuses them: the
// key has a small-order component T8 (A = [a]B + T8) and S = h a, so that
// [S]B - [h]A = -[h]T8, and the message is chosen so that this is the point R encodes.
TEST(Ed25519PrecomputedKey, RefusesSmallOrderREvenWhenTheEquationHolds) {
  TestRandom random(7);
  const std::vector<PublicKey> torsion = SmallOrderPoints();  // torsion[k] = [k]T8
  const Scalar a = random.NextScalar();
  PublicKey public_key;
  ASSERT_TRUE(AddPoints(BaseMultiple(a), torsion[1], public_key));
  const std::unique_ptr<const Ed25519PrecomputedKey> key = Ed25519PrecomputedKey::Build(public_key);
  ASSERT_NE(key, nullptr);

  for (int k = 0; k < 8; ++k) {
    SCOPED_TRACE("R = [" + std::to_string(k) + "]T8");
    const PublicKey& r = torsion[k];
    // Find a message with -h = k mod 8 (h mod 8 is h's low three bits).
    for (int attempt = 0;; ++attempt) {
      ASSERT_LT(attempt, 1000);
      const Bytes message = random.NextBytes(16);
      const Scalar h = Challenge(r, public_key, message);
      if (((8 - (h[0] & 7)) & 7) != k) continue;
      const Signature signature = Concat(r, MulAdd(h, a, Scalar{}));
      EXPECT_FALSE(ExpectSameVerdict(*key, public_key, signature, message, "small-order R"));
      break;
    }
  }

  // Control: the same key with an ordinary R = [r]B is accepted exactly when [h]T8 = 0,
  // which shows the equation is computed with the full h.
  int accepted = 0;
  for (int i = 0; i < 64; ++i) {
    const Bytes message = random.NextBytes(static_cast<std::size_t>(i));
    const Signature signature = SignWithScalar(a, public_key, message, random);
    const Scalar h = Challenge(std::span(signature).first<32>(), public_key, message);
    const bool sodium = ExpectSameVerdict(*key, public_key, signature, message, "control");
    EXPECT_EQ(sodium, (h[0] & 7) == 0);
    accepted += sodium ? 1 : 0;
  }
  EXPECT_GT(accepted, 0);
  EXPECT_LT(accepted, 64);
}

TEST(Ed25519PrecomputedKey, RefusesIdentityREvenWhenTheEquationHolds) {
  TestRandom random(8);
  const TestKey signer = RandomKey(random);
  const std::unique_ptr<const Ed25519PrecomputedKey> key =
      Ed25519PrecomputedKey::Build(signer.public_key);
  ASSERT_NE(key, nullptr);
  // [h a]B - [h]A is the identity, whose encoding is 01 00 ... 00.
  const PublicKey identity = SmallOrderPoints()[0];
  for (int i = 0; i < 8; ++i) {
    const Bytes message = random.NextBytes(32);
    const Scalar h = Challenge(identity, signer.public_key, message);
    const Signature signature = Concat(identity, MulAdd(h, signer.secret, Scalar{}));
    EXPECT_FALSE(ExpectSameVerdict(*key, signer.public_key, signature, message, "identity R"));
  }
}

TEST(Ed25519PrecomputedKey, AgreesWithSodiumOnKeysWithASmallOrderComponent) {
  TestRandom random(9);
  const std::vector<PublicKey> torsion = SmallOrderPoints();
  for (int k = 1; k < 8; ++k) {  // orders 8, 4, 8, 2, 8, 4, 8
    SCOPED_TRACE("A = [a]B + [" + std::to_string(k) + "]T8");
    const Scalar a = random.NextScalar();
    PublicKey public_key;
    ASSERT_TRUE(AddPoints(BaseMultiple(a), torsion[k], public_key));
    const std::unique_ptr<const Ed25519PrecomputedKey> key =
        Ed25519PrecomputedKey::Build(public_key);
    ASSERT_NE(key, nullptr) << "libsodium verifies under such keys";
    int accepted = 0;
    for (int i = 0; i < 40; ++i) {
      const Bytes message = random.NextBytes(64);
      const Signature signature = SignWithScalar(a, public_key, message, random);
      accepted += ExpectSameVerdict(*key, public_key, signature, message, "mixed-order key");
    }
    EXPECT_GT(accepted, 0);
    EXPECT_LT(accepted, 40);
  }
}

TEST(Ed25519PrecomputedKey, RefusesSignatureByAnotherKey) {
  TestRandom random(10);
  const TestKey signer = RandomKey(random);
  const TestKey other = RandomKey(random);
  const std::unique_ptr<const Ed25519PrecomputedKey> key =
      Ed25519PrecomputedKey::Build(other.public_key);
  ASSERT_NE(key, nullptr);
  for (int i = 0; i < 16; ++i) {
    const Bytes message = random.NextBytes(64);
    const Signature signature = SignWithScalar(signer.secret, signer.public_key, message, random);
    ASSERT_TRUE(SodiumVerify(signature, message, signer.public_key));
    EXPECT_FALSE(key->Verify(signature, message));
    EXPECT_FALSE(SodiumVerify(signature, message, other.public_key));
  }
}

// ---- Which keys Build refuses ----

// For each key: Build refuses it, and libsodium refuses a signature under it that would hold
// for the identity (R = identity, S = 0) and an honest signature by another key.
void ExpectRefusedBySodiumAndBuild(const PublicKey& public_key, TestRandom& random) {
  EXPECT_EQ(Ed25519PrecomputedKey::Build(public_key), nullptr) << EncodeHex(public_key);
  const Bytes message = random.NextBytes(32);
  const PublicKey identity = SmallOrderPoints()[0];
  EXPECT_FALSE(SodiumVerify(Concat(identity, Scalar{}), message, public_key));
  const TestKey signer = RandomKey(random);
  EXPECT_FALSE(SodiumVerify(SignWithScalar(signer.secret, public_key, message, random), message,
                            public_key));
}

TEST(Ed25519PrecomputedKey, BuildRefusesSmallOrderKeys) {
  TestRandom random(11);
  for (const PublicKey& public_key : BlockedSmallOrderEncodings()) {
    ExpectRefusedBySodiumAndBuild(public_key, random);
  }
}

TEST(Ed25519PrecomputedKey, BuildRefusesNonCanonicalKeys) {
  TestRandom random(12);
  const PublicKey base = BaseMultiple(Scalar{1});
  int decodable = 0;
  for (const PublicKey& public_key : NonCanonicalEncodings()) {
    ExpectRefusedBySodiumAndBuild(public_key, random);
    PublicKey sum;
    decodable += AddPoints(public_key, base, sum) ? 1 : 0;
  }
  // Some of them are points (y mod p is on the curve), so the refusal is for the encoding.
  EXPECT_GT(decodable, 0);
}

TEST(Ed25519PrecomputedKey, BuildRefusesExactlyTheKeysSodiumCannotUse) {
  // libsodium uses a key when its y is canonical, it is not a blocked small-order encoding,
  // and it decodes; crypto_core_ed25519_add tells whether it decodes.
  TestRandom random(13);
  const std::set<PublicKey> small_order = [] {
    const std::vector<PublicKey> list = BlockedSmallOrderEncodings();
    return std::set<PublicKey>(list.begin(), list.end());
  }();
  const std::vector<PublicKey> non_canonical_list = NonCanonicalEncodings();
  const std::set<PublicKey> non_canonical(non_canonical_list.begin(), non_canonical_list.end());
  const PublicKey base = BaseMultiple(Scalar{1});
  int on_curve = 0, off_curve = 0;
  for (int i = 0; i < 400; ++i) {
    const PublicKey candidate = random.NextArray<32>();
    PublicKey sum;
    const bool decodes = AddPoints(candidate, base, sum);
    const bool usable =
        decodes && !small_order.contains(candidate) && !non_canonical.contains(candidate);
    EXPECT_EQ(Ed25519PrecomputedKey::Build(candidate) != nullptr, usable) << EncodeHex(candidate);
    (decodes ? on_curve : off_curve)++;
    if (!usable) ExpectRefusedBySodiumAndBuild(candidate, random);
  }
  EXPECT_GT(on_curve, 100);
  EXPECT_GT(off_curve, 100);
}

}  // namespace
}  // namespace pramaan
