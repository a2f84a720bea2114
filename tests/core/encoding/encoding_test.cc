// Tests for core/encoding: base58btc, base64 / base64url, hex and multibase.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/encoding/base58.h"
#include "core/encoding/base64.h"
#include "core/encoding/hex.h"
#include "core/encoding/multibase.h"
#include "core/result.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

using testing::ReadVector;

std::vector<uint8_t> Bytes(std::string_view text) { return {text.begin(), text.end()}; }

std::vector<uint8_t> FromHex(std::string_view hex) {
  Result<std::vector<uint8_t>> bytes = DecodeHex(hex);
  EXPECT_TRUE(bytes.ok()) << hex;
  return bytes.ok() ? bytes.value() : std::vector<uint8_t>{};
}


// Deterministic pseudo-random bytes for round-trip tests (no dependency on core/crypto).
std::vector<uint8_t> PseudoRandomBytes(std::size_t count, uint32_t seed) {
  std::vector<uint8_t> out(count);
  uint32_t state = seed * 2654435761u + 1;
  for (uint8_t& b : out) {
    state = state * 1664525u + 1013904223u;
    b = static_cast<uint8_t>(state >> 24);
  }
  return out;
}

constexpr char kSignatureVectors[] = "vc-di-eddsa/eddsa-jcs-2022";

// ---------------------------------------------------------------------------------------------
// base58btc

struct Base58Case {
  std::vector<uint8_t> bytes;
  std::string text;
};

TEST(Base58Btc, KnownVectorsEncodeAndDecode) {
  const std::vector<Base58Case> cases = {
      {{}, ""},
      {{0}, "1"},
      {{0, 0}, "11"},
      {{0, 0, 1}, "112"},
      {Bytes("Hello World!"), "2NEpo7TZRRrLZSi2U"},
      {FromHex("0000287fb4cd"), "11233QC4"},  // draft-msporny-base58 leading-zero example
      {Bytes("The quick brown fox jumps over the lazy dog."),
       "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z"},
      {std::vector<uint8_t>(64, 0xff),
       "67rpwLCuS5DGA8KGZXKsVQ7dnPb9goRLoKfgGbLfQg9WoLUgNY77E2jT11fem3coV9nAkguBACzrU1iyZM4B8roQ"},
  };
  for (const Base58Case& c : cases) {
    EXPECT_EQ(EncodeBase58Btc(c.bytes), c.text);
    Result<std::vector<uint8_t>> decoded = DecodeBase58Btc(c.text);
    ASSERT_TRUE(decoded.ok()) << c.text << ": " << decoded.error().message();
    EXPECT_EQ(decoded.value(), c.bytes) << c.text;
  }
}

TEST(Base58Btc, Ed25519MultikeyDecodesToMulticodecPrefixedKeyAndReencodesIdentically) {
  const std::string multikey = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
  Result<std::vector<uint8_t>> decoded = DecodeBase58Btc(std::string_view(multikey).substr(1));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message();
  ASSERT_EQ(decoded->size(), 34u);
  EXPECT_EQ((*decoded)[0], 0xed);
  EXPECT_EQ((*decoded)[1], 0x01);
  EXPECT_EQ("z" + EncodeBase58Btc(*decoded), multikey);
}

TEST(Base58Btc, PublishedEddsaJcs2022SignatureDecodesToPublishedHex) {
  const std::string proof_value =
      "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX";
  ASSERT_EQ(ReadVector(std::string(kSignatureVectors) + "/sigBTC58JCS.txt"), proof_value);
  const std::vector<uint8_t> expected =
      FromHex(ReadVector(std::string(kSignatureVectors) + "/sigHexJCS.txt"));
  ASSERT_EQ(expected.size(), 64u);

  Result<std::vector<uint8_t>> decoded = DecodeBase58Btc(std::string_view(proof_value).substr(1));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message();
  EXPECT_EQ(decoded.value(), expected);
  EXPECT_EQ("z" + EncodeBase58Btc(expected), proof_value);
}

// The textbook definition: repeatedly divide the big-endian number by 58. Slow and obviously
// right, so the optimised encoder can be checked against it.
std::string ReferenceBase58(const std::vector<uint8_t>& bytes) {
  static constexpr std::string_view kAlphabet =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  std::size_t zeros = 0;
  while (zeros < bytes.size() && bytes[zeros] == 0) ++zeros;
  std::vector<uint8_t> number(bytes.begin() + static_cast<std::ptrdiff_t>(zeros), bytes.end());
  std::string reversed;
  while (!number.empty()) {
    uint32_t remainder = 0;
    std::vector<uint8_t> quotient;
    for (uint8_t b : number) {
      const uint32_t value = remainder * 256 + b;
      if (!quotient.empty() || value / 58 != 0)
        quotient.push_back(static_cast<uint8_t>(value / 58));
      remainder = value % 58;
    }
    reversed.push_back(kAlphabet[remainder]);
    number = std::move(quotient);
  }
  return std::string(zeros, '1') + std::string(reversed.rbegin(), reversed.rend());
}

TEST(Base58Btc, MatchesTextbookReferenceAcrossSizesIncludingLargeInputs) {
  // Sizes run past the point where the implementation moves its limbs from stack to heap.
  for (std::size_t size = 0; size <= 400; size += (size < 80 ? 1 : 7)) {
    const std::vector<uint8_t> bytes = PseudoRandomBytes(size, static_cast<uint32_t>(size) + 7);
    const std::string expected = ReferenceBase58(bytes);
    EXPECT_EQ(EncodeBase58Btc(bytes), expected) << "size " << size;
    Result<std::vector<uint8_t>> decoded = DecodeBase58Btc(expected);
    ASSERT_TRUE(decoded.ok()) << "size " << size;
    EXPECT_EQ(decoded.value(), bytes) << "size " << size;
  }
}

TEST(Base58Btc, RoundTripsPseudoRandomInputsWithAndWithoutLeadingZeros) {
  for (std::size_t size = 0; size <= 80; ++size) {
    for (std::size_t leading_zeros : {0u, 1u, 3u}) {
      std::vector<uint8_t> bytes = PseudoRandomBytes(size, static_cast<uint32_t>(size));
      for (std::size_t i = 0; i < leading_zeros && i < bytes.size(); ++i) bytes[i] = 0;
      if (leading_zeros == 0 && !bytes.empty() && bytes[0] == 0) bytes[0] = 1;
      const std::string text = EncodeBase58Btc(bytes);
      Result<std::vector<uint8_t>> decoded = DecodeBase58Btc(text);
      ASSERT_TRUE(decoded.ok()) << text;
      EXPECT_EQ(decoded.value(), bytes) << text;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// base64 and base64url

struct Base64Case {
  std::string bytes;
  std::string padded;
  std::string url_no_pad;
};

TEST(Base64, Rfc4648Section10VectorsEncodeAndDecode) {
  const std::vector<Base64Case> cases = {
      {"", "", ""},
      {"f", "Zg==", "Zg"},
      {"fo", "Zm8=", "Zm8"},
      {"foo", "Zm9v", "Zm9v"},
      {"foob", "Zm9vYg==", "Zm9vYg"},
      {"fooba", "Zm9vYmE=", "Zm9vYmE"},
      {"foobar", "Zm9vYmFy", "Zm9vYmFy"},
  };
  for (const Base64Case& c : cases) {
    EXPECT_EQ(EncodeBase64(Bytes(c.bytes)), c.padded);
    EXPECT_EQ(EncodeBase64UrlNoPad(Bytes(c.bytes)), c.url_no_pad);

    Result<std::vector<uint8_t>> padded = DecodeBase64(c.padded);
    ASSERT_TRUE(padded.ok()) << c.padded << ": " << padded.error().message();
    EXPECT_EQ(padded.value(), Bytes(c.bytes));
    Result<std::vector<uint8_t>> url = DecodeBase64UrlNoPad(c.url_no_pad);
    ASSERT_TRUE(url.ok()) << c.url_no_pad << ": " << url.error().message();
    EXPECT_EQ(url.value(), Bytes(c.bytes));
  }
}

TEST(Base64, UrlAlphabetUsesDashAndUnderscoreWhereStandardUsesPlusAndSlash) {
  struct Case {
    std::vector<uint8_t> bytes;
    std::string padded;
    std::string url_no_pad;
  };
  const std::vector<Case> cases = {
      {{0xfb, 0xff}, "+/8=", "-_8"},
      {{0xfb, 0xef, 0xbe}, "++++", "----"},
      {{0xff, 0xff, 0xff}, "////", "____"},
      {{0x3e, 0x3f, 0xff, 0xfe}, "Pj///g==", "Pj___g"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(EncodeBase64(c.bytes), c.padded);
    EXPECT_EQ(EncodeBase64UrlNoPad(c.bytes), c.url_no_pad);
    Result<std::vector<uint8_t>> padded = DecodeBase64(c.padded);
    ASSERT_TRUE(padded.ok()) << c.padded;
    EXPECT_EQ(padded.value(), c.bytes);
    Result<std::vector<uint8_t>> url = DecodeBase64UrlNoPad(c.url_no_pad);
    ASSERT_TRUE(url.ok()) << c.url_no_pad;
    EXPECT_EQ(url.value(), c.bytes);
  }
}

TEST(Base64, RoundTripsEveryByteValueAndEveryTailLength) {
  for (std::size_t size = 0; size <= 260; ++size) {
    std::vector<uint8_t> bytes(size);
    for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(255 - i);
    Result<std::vector<uint8_t>> padded = DecodeBase64(EncodeBase64(bytes));
    ASSERT_TRUE(padded.ok());
    EXPECT_EQ(padded.value(), bytes);
    Result<std::vector<uint8_t>> url = DecodeBase64UrlNoPad(EncodeBase64UrlNoPad(bytes));
    ASSERT_TRUE(url.ok());
    EXPECT_EQ(url.value(), bytes);
  }
}

// ---------------------------------------------------------------------------------------------
// hex

TEST(Hex, EncodesLowerCaseAndDecodesEitherCase) {
  const std::vector<uint8_t> bytes = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
  EXPECT_EQ(EncodeHex(bytes), "00017f80abff");
  EXPECT_EQ(EncodeHex({}), "");
  for (std::string_view text : {"00017f80abff", "00017F80ABFF", "00017f80ABff"}) {
    Result<std::vector<uint8_t>> decoded = DecodeHex(text);
    ASSERT_TRUE(decoded.ok()) << text;
    EXPECT_EQ(decoded.value(), bytes) << text;
  }
  Result<std::vector<uint8_t>> empty = DecodeHex("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

// ---------------------------------------------------------------------------------------------
// multibase

TEST(Multibase, EncodesWithPrefixAndDecodesBothSupportedBases) {
  const std::vector<uint8_t> bytes = Bytes("Hello World!");
  EXPECT_EQ(EncodeMultibaseBase58Btc(bytes), "z2NEpo7TZRRrLZSi2U");
  EXPECT_EQ(EncodeMultibaseBase64Url(bytes), "uSGVsbG8gV29ybGQh");
  for (std::string_view text : {"z2NEpo7TZRRrLZSi2U", "uSGVsbG8gV29ybGQh"}) {
    Result<std::vector<uint8_t>> decoded = DecodeMultibase(text);
    ASSERT_TRUE(decoded.ok()) << text << ": " << decoded.error().message();
    EXPECT_EQ(decoded.value(), bytes) << text;
  }
  const std::vector<uint8_t> url_chars = {0xfb, 0xff};
  EXPECT_EQ(EncodeMultibaseBase64Url(url_chars), "u-_8");
  Result<std::vector<uint8_t>> decoded = DecodeMultibase("u-_8");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded.value(), url_chars);
}

TEST(Multibase, PrefixAloneDecodesToNoBytes) {
  for (std::string_view text : {"z", "u"}) {
    Result<std::vector<uint8_t>> decoded = DecodeMultibase(text);
    ASSERT_TRUE(decoded.ok()) << text;
    EXPECT_TRUE(decoded->empty()) << text;
  }
}

// ---------------------------------------------------------------------------------------------
// Negative cases: every decoder fails with kInvalidInput and says what was wrong.

struct RejectCase {
  const char* description;
  std::string text;
  std::string expected_in_message;
};

void ExpectAllRejected(const std::vector<RejectCase>& cases,
                       Result<std::vector<uint8_t>> (*decode)(std::string_view)) {
  for (const RejectCase& c : cases) {
    SCOPED_TRACE(c.description);
    Result<std::vector<uint8_t>> decoded = decode(c.text);
    ASSERT_FALSE(decoded.ok()) << "accepted \"" << c.text << "\"";
    EXPECT_EQ(decoded.error().code(), ErrorCode::kInvalidInput);
    EXPECT_NE(decoded.error().message().find(c.expected_in_message), std::string::npos)
        << "message \"" << decoded.error().message() << "\" lacks \"" << c.expected_in_message
        << "\"";
  }
}

TEST(EncodingRejects, Base58CharactersOutsideTheAlphabet) {
  ExpectAllRejected(
      {
          {"zero", "2NEp0", "'0' at offset 4"},
          {"capital O", "O2NE", "'O' at offset 0"},
          {"capital I", "2I", "'I' at offset 1"},
          {"lower-case l", "l", "'l' at offset 0"},
          {"plus", "2NE+", "'+'"},
          {"space", "2NE po", "byte 0x20 at offset 3"},
          {"trailing newline", "2NEpo\n", "byte 0x0a"},
          {"non-ASCII (UTF-8 e-acute)", "2NE\xc3\xa9", "byte 0xc3 at offset 3"},
          {"NUL", std::string("2N\0E", 4), "byte 0x00 at offset 2"},
      },
      &DecodeBase58Btc);
}

TEST(EncodingRejects, Base64InvalidCharactersBadPaddingAndTrailingBits) {
  ExpectAllRejected(
      {
          {"url-safe dash", "-_8=", "'-' at offset 0"},
          {"space", "Zm9 v", "length"},
          {"space in a full group", "Zm 9", "byte 0x20 at offset 2"},
          {"non-ASCII", "Zm9\xff", "byte 0xff"},
          {"missing padding", "Zg", "not a multiple of 4"},
          {"missing one pad", "Zg=", "not a multiple of 4"},
          {"three pads", "Z===", "padding"},
          {"only pads", "====", "padding"},
          {"pad in the middle", "Zg==Zm8=", "'=' at offset 2"},
          {"pad then data", "Zm=v", "'=' at offset 2"},
          {"non-zero trailing bits, one byte", "Zh==", "trailing bits"},
          {"non-zero trailing bits, two bytes", "Zm9=", "trailing bits"},
      },
      &DecodeBase64);
}

TEST(EncodingRejects, Base64UrlInvalidCharactersPaddingAndTrailingBits) {
  ExpectAllRejected(
      {
          {"standard plus", "+_8", "'+' at offset 0"},
          {"standard slash", "-/8", "'/' at offset 1"},
          {"any padding", "Zg==", "'=' at offset 2"},
          {"impossible length", "Zm9vY", "length 5"},
          {"non-zero trailing bits", "Zh", "trailing bits"},
          {"non-ASCII", "Zm\x80v", "byte 0x80"},
      },
      &DecodeBase64UrlNoPad);
}

TEST(EncodingRejects, HexOddLengthAndNonHexDigits) {
  ExpectAllRejected(
      {
          {"odd length", "abc", "odd length 3"},
          {"g", "0g", "'g' at offset 1"},
          {"0x prefix", "0x00", "'x' at offset 1"},
          {"space", "00 1", "byte 0x20 at offset 2"},
      },
      &DecodeHex);
}

TEST(EncodingRejects, MultibaseEmptyUnknownPrefixAndBadPayload) {
  ExpectAllRejected(
      {
          {"empty", "", "empty"},
          {"base16 prefix", "f00", "unsupported prefix 'f'"},
          {"base58flickr prefix", "Z2NEpo", "unsupported prefix 'Z'"},
          {"padded base64url prefix", "USGVsbG8=", "unsupported prefix 'U'"},
          {"padded base64 prefix", "MSGVsbG8=", "unsupported prefix 'M'"},
          {"no prefix on base58", "2NEpo7TZRRrLZSi2U", "unsupported prefix '2'"},
          {"base58 payload with 0", "z2NE0", "'0'"},
          {"base64url payload with padding", "uSGVsbG8h=", "'='"},
      },
      &DecodeMultibase);
}

}  // namespace
}  // namespace pramaan
