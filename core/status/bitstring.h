// The bitstring of a W3C Bitstring Status List v1.0, and its encodedList form.
//
// A status list is a string of bits, one per credential (statusSize 1, the only size Pramaan
// issues or reads). Index 0 is the left-most bit: the most significant bit of the first byte;
// index size()-1 is the least significant bit of the last byte (spec section 2.2 and the
// figure in section 7.1). encodedList is "u" (multibase base64url, no padding) followed by
// the GZIP (RFC 1952) compression of those bytes.
#ifndef PRAMAAN_CORE_STATUS_BITSTRING_H_
#define PRAMAAN_CORE_STATUS_BITSTRING_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace pramaan {

// The smallest list the spec allows: 16 KB uncompressed, 131,072 entries ("herd privacy": a
// verifier fetching the list learns little about which credential it is checking).
inline constexpr uint64_t kMinStatusListBytes = 16 * 1024;
inline constexpr uint64_t kMinStatusListBits = kMinStatusListBytes * 8;

// The largest list Pramaan builds or decodes: 16 MiB, 134,217,728 entries (more than all the
// platform's 7.7 crore completions). Decoding stops at this size, so a small encodedList that
// inflates to gigabytes (a "gzip bomb") costs at most 16 MiB of memory.
inline constexpr uint64_t kMaxStatusListBytes = 16 * 1024 * 1024;
inline constexpr uint64_t kMaxStatusListBits = kMaxStatusListBytes * 8;

// A status list bitstring of size() bits, kMinStatusListBits <= size() <= kMaxStatusListBits,
// size() a multiple of 8 (it is stored, encoded and published as whole bytes). An instance
// always satisfies these bounds: it is made only by Create or FromBytes. Copyable, movable;
// not thread-safe for concurrent writes.
class Bitstring {
 public:
  // A list of `size_bits` bits, all 0. Fails with kInvalidInput when size_bits is below
  // kMinStatusListBits, above kMaxStatusListBits or not a multiple of 8.
  static Result<Bitstring> Create(uint64_t size_bits);

  // The list whose bits are `bytes` (index 0 = most significant bit of bytes[0]). Fails with
  // kInvalidInput when there are fewer than kMinStatusListBytes or more than
  // kMaxStatusListBytes bytes.
  static Result<Bitstring> FromBytes(std::vector<uint8_t> bytes);

  // Number of bits (entries).
  uint64_t size() const { return static_cast<uint64_t>(bytes_.size()) * 8; }

  // The bit at `index`. Fails with kInvalidInput when index >= size() (the spec's RANGE_ERROR).
  Result<bool> Get(uint64_t index) const;

  // Sets the bit at `index` to 1 (Set) or 0 (Clear). Fail with kInvalidInput, changing
  // nothing, when index >= size().
  Status Set(uint64_t index);
  Status Clear(uint64_t index);

  // Number of bits that are 1.
  uint64_t CountSet() const;

  // The bytes, most significant bit first; size() / 8 of them.
  std::span<const uint8_t> bytes() const { return bytes_; }

  bool operator==(const Bitstring&) const = default;

 private:
  explicit Bitstring(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}

  std::vector<uint8_t> bytes_;
};

// The encodedList of `bits` (the spec's Bitstring Generation Algorithm, step 3): "u" +
// base64url (no padding) of the GZIP member zlib writes at its default level, with no file
// name and modification time 0, so the same bits always encode to the same text (the spec's
// all-zero example list is reproduced byte for byte). Fails with kInternal only when zlib
// does (it runs out of memory).
Result<std::string> EncodeStatusList(const Bitstring& bits);

// Decodes an encodedList (the spec's Bitstring Expansion Algorithm). Fails with kInvalidInput,
// with a message starting "encodedList", when `encoded`
//  - is empty or does not start with "u" (e.g. base58btc "z..." or plain base64url);
//  - is not strict unpadded base64url after the "u" (see DecodeBase64UrlNoPad);
//  - is not GZIP data (bad header, corrupt deflate data, CRC-32 or length mismatch), is
//    truncated, or has bytes after its last GZIP member that are not another member;
//  - decompresses to more than kMaxStatusListBytes (decompression stops there), or to fewer
//    than kMinStatusListBytes (the spec's STATUS_LIST_LENGTH_ERROR).
// Concatenated GZIP members are decompressed as one stream, as RFC 1952 and gunzip do.
Result<Bitstring> DecodeStatusList(std::string_view encoded);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_STATUS_BITSTRING_H_
