// Tests for core/crypto: SHA-256 and random bytes.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace
}  // namespace pramaan
