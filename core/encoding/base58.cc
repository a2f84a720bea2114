#include "core/encoding/base58.h"
#include "core/encoding/describe_char.h"

#include <array>
#include <bit>
#include <cstdio>
#include <string>

namespace pramaan {

using internal::DescribeChar;
namespace {

constexpr std::string_view kAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

// Maps every byte to its digit value, or -1 for bytes outside the alphabet, so decoding
// needs one table load per character and rejects non-ASCII bytes for free.
constexpr std::array<int8_t, 256> MakeDigitTable() {
  std::array<int8_t, 256> table{};
  table.fill(-1);
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
  }
  return table;
}
constexpr std::array<int8_t, 256> kDigitOf = MakeDigitTable();

// The textbook conversion multiplies a big number by 256 (or 58) and adds one byte (or
// digit) at a time, which costs one dependent division per (byte, digit) pair: ~2,800 for a
// 64-byte signature. Working in wide limbs does the same arithmetic with ~20x fewer steps:
// encoding keeps the number in base 58^5 and feeds it 4 bytes at a time; decoding keeps it in
// base 2^32 and feeds it 5 digits at a time. Every product fits in 64 bits:
// (58^5 - 1) * 2^32 + carry < 2^62, and (2^32 - 1) * 58^5 + carry < 2^62.
constexpr uint64_t kDigitsPerLimb = 5;
constexpr uint64_t kBase58Limb = 58ull * 58 * 58 * 58 * 58;  // 656,356,768 < 2^32
constexpr std::size_t kBytesPerStep = 4;
constexpr std::size_t kDigitsPerStep = 5;

// Limb storage: inputs the size of keys and signatures stay on the stack, larger ones use
// the heap. Only limbs below the current length are ever read, so no initialisation needed.
class LimbBuffer {
 public:
  explicit LimbBuffer(std::size_t capacity) {
    if (capacity > stack_.size()) {
      heap_.resize(capacity);
      data_ = heap_.data();
    }
  }
  uint32_t* data() { return data_; }

 private:
  std::array<uint32_t, 64> stack_;
  std::vector<uint32_t> heap_;
  uint32_t* data_ = stack_.data();
};

}  // namespace

std::string EncodeBase58Btc(std::span<const uint8_t> bytes) {
  std::size_t zeros = 0;
  while (zeros < bytes.size() && bytes[zeros] == 0) ++zeros;
  const std::span<const uint8_t> rest = bytes.subspan(zeros);

  // A limb holds log2(58^5) > 29.2 bits, so rest.size() * 8 / 29.2 < rest.size() / 3 + 1.
  LimbBuffer buffer(rest.size() / 3 + 1);
  uint32_t* limbs = buffer.data();  // little-endian: limbs[0] is least significant
  std::size_t length = 0;

  // The first step takes the odd bytes so every later step takes exactly kBytesPerStep.
  std::size_t step = rest.size() % kBytesPerStep;
  if (step == 0) step = kBytesPerStep;
  for (std::size_t pos = 0; pos < rest.size(); pos += step, step = kBytesPerStep) {
    uint64_t carry = 0;
    for (std::size_t k = 0; k < step; ++k) carry = (carry << 8) | rest[pos + k];
    const uint64_t multiplier = uint64_t{1} << (8 * step);
    for (std::size_t i = 0; i < length; ++i) {
      carry += limbs[i] * multiplier;
      limbs[i] = static_cast<uint32_t>(carry % kBase58Limb);
      carry /= kBase58Limb;
    }
    for (; carry != 0; carry /= kBase58Limb) {
      limbs[length++] = static_cast<uint32_t>(carry % kBase58Limb);
    }
  }

  // Every limb but the top one contributes exactly five digits (with leading '1's for
  // zero digits); the top one contributes only its significant digits.
  std::size_t top_digits = 0;
  for (uint32_t v = length == 0 ? 0 : limbs[length - 1]; v != 0; v /= 58) ++top_digits;
  const std::size_t size = zeros + (length == 0 ? 0 : (length - 1) * kDigitsPerLimb + top_digits);
  std::string out(size, kAlphabet[0]);
  std::size_t write = size;
  for (std::size_t i = 0; i + 1 < length; ++i) {
    uint32_t v = limbs[i];
    for (uint64_t d = 0; d < kDigitsPerLimb; ++d, v /= 58) out[--write] = kAlphabet[v % 58];
  }
  if (length != 0) {
    for (uint32_t v = limbs[length - 1]; v != 0; v /= 58) out[--write] = kAlphabet[v % 58];
  }
  return out;
}

Result<std::vector<uint8_t>> DecodeBase58Btc(std::string_view text) {
  // Validate every character before doing any arithmetic, so the error names the first bad
  // character.
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (kDigitOf[static_cast<unsigned char>(text[i])] < 0) {
      return InvalidInput("base58btc: invalid character " + DescribeChar(text[i]) + " at offset " +
                          std::to_string(i));
    }
  }

  std::size_t ones = 0;
  while (ones < text.size() && text[ones] == kAlphabet[0]) ++ones;
  const std::string_view rest = text.substr(ones);

  // A digit holds log2(58) < 5.86 bits, so rest.size() * 5.86 / 32 < rest.size() / 5 + 1.
  LimbBuffer buffer(rest.size() / 5 + 1);
  uint32_t* limbs = buffer.data();  // little-endian base 2^32
  std::size_t length = 0;

  std::size_t step = rest.size() % kDigitsPerStep;
  if (step == 0) step = kDigitsPerStep;
  for (std::size_t pos = 0; pos < rest.size(); pos += step, step = kDigitsPerStep) {
    uint64_t carry = 0;
    uint64_t multiplier = 1;
    for (std::size_t k = 0; k < step; ++k) {
      carry = carry * 58 + static_cast<uint64_t>(kDigitOf[static_cast<uint8_t>(rest[pos + k])]);
      multiplier *= 58;
    }
    for (std::size_t i = 0; i < length; ++i) {
      carry += limbs[i] * multiplier;
      limbs[i] = static_cast<uint32_t>(carry);
      carry >>= 32;
    }
    for (; carry != 0; carry >>= 32) limbs[length++] = static_cast<uint32_t>(carry);
  }

  // Lower limbs give four bytes each; the top limb only its significant bytes, so that
  // leading zero bytes come from the leading '1's alone.
  const std::size_t top_bytes =
      length == 0 ? 0 : (static_cast<std::size_t>(std::bit_width(limbs[length - 1])) + 7) / 8;
  const std::size_t size = ones + (length == 0 ? 0 : (length - 1) * 4 + top_bytes);
  std::vector<uint8_t> out(size, 0);
  std::size_t write = size;
  for (std::size_t i = 0; i + 1 < length; ++i) {
    for (uint32_t v = limbs[i], k = 0; k < 4; ++k, v >>= 8) {
      out[--write] = static_cast<uint8_t>(v);
    }
  }
  if (length != 0) {
    for (uint32_t v = limbs[length - 1]; v != 0; v >>= 8) out[--write] = static_cast<uint8_t>(v);
  }
  return out;
}

}  // namespace pramaan
