#include "core/status/bitstring.h"

// zlib's z_stream takes `const Bytef* next_in` only with ZLIB_CONST; without it the input
// would need a const_cast.
#define ZLIB_CONST
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/encoding/base64.h"
#include "core/encoding/describe_char.h"

namespace pramaan {
namespace {

constexpr char kMultibaseBase64UrlPrefix = 'u';

// gzip adds at most 18 bytes of header and trailer, and deflate's stored blocks 5 bytes per
// 64 KiB, so no list within kMaxStatusListBytes compresses to more than this. Longer input is
// refused before any inflating.
constexpr uint64_t kMaxCompressedBytes = kMaxStatusListBytes + kMaxStatusListBytes / 256;

// inflate's first output buffer: a minimum-size list fits, and a larger one doubles from here.
constexpr std::size_t kInitialInflateBytes = 64 * 1024;

// windowBits for zlib's gzip wrapper (RFC 1952) rather than the zlib one (RFC 1950).
constexpr int kGzipWindowBits = 16 + MAX_WBITS;

constexpr uint8_t MaskOf(uint64_t index) { return static_cast<uint8_t>(0x80u >> (index % 8)); }

Error OutOfRange(uint64_t index, uint64_t size) {
  return InvalidInput("status list index " + std::to_string(index) + " is outside the list of " +
                      std::to_string(size) + " entries");
}

Error BadSize(uint64_t size_bits) {
  return InvalidInput("a status list has " + std::to_string(kMinStatusListBits) + " to " +
                      std::to_string(kMaxStatusListBits) +
                      " entries, a multiple of 8; this one would have " +
                      std::to_string(size_bits));
}

class InflateStream {
 public:
  InflateStream() { ok_ = inflateInit2(&stream_, kGzipWindowBits) == Z_OK; }
  ~InflateStream() {
    if (ok_) inflateEnd(&stream_);
  }
  InflateStream(const InflateStream&) = delete;
  InflateStream& operator=(const InflateStream&) = delete;

  bool ok() const { return ok_; }
  z_stream& get() { return stream_; }

 private:
  z_stream stream_{};
  bool ok_ = false;
};

class DeflateStream {
 public:
  DeflateStream() {
    ok_ = deflateInit2(&stream_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits,
                       /*memLevel=*/8, Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~DeflateStream() {
    if (ok_) deflateEnd(&stream_);
  }
  DeflateStream(const DeflateStream&) = delete;
  DeflateStream& operator=(const DeflateStream&) = delete;

  bool ok() const { return ok_; }
  z_stream& get() { return stream_; }

 private:
  z_stream stream_{};
  bool ok_ = false;
};

// Inflates one or more concatenated GZIP members, refusing output beyond kMaxStatusListBytes.
// The output buffer grows by doubling, and never beyond kMaxStatusListBytes + 1 bytes: filling
// that last byte proves the data is too large without inflating the rest.
Result<std::vector<uint8_t>> Gunzip(std::span<const uint8_t> compressed) {
  if (compressed.empty()) return InvalidInput("no GZIP data after the 'u' prefix");
  InflateStream inflater;
  if (!inflater.ok()) return Internal("zlib inflateInit2 failed (out of memory)");
  z_stream& stream = inflater.get();
  stream.next_in = compressed.data();
  stream.avail_in = static_cast<uInt>(compressed.size());  // <= kMaxCompressedBytes

  std::vector<uint8_t> out;
  std::size_t produced = 0;
  bool after_member = false;  // one member ended; what follows must be another
  while (true) {
    if (produced == out.size()) {
      if (out.size() > kMaxStatusListBytes) {
        return InvalidInput("GZIP data decompresses to more than " +
                            std::to_string(kMaxStatusListBytes) +
                            " bytes, the largest status list accepted");
      }
      out.resize(std::min<std::size_t>(std::max(out.size() * 2, kInitialInflateBytes),
                                       kMaxStatusListBytes + 1));
    }
    stream.next_out = out.data() + produced;
    stream.avail_out = static_cast<uInt>(out.size() - produced);
    const int rc = inflate(&stream, Z_NO_FLUSH);
    produced = out.size() - stream.avail_out;
    if (rc == Z_STREAM_END) {
      if (stream.avail_in == 0) break;
      if (inflateReset(&stream) != Z_OK) return Internal("zlib inflateReset failed");
      after_member = true;
      continue;
    }
    if (rc == Z_OK) {
      after_member = false;
      continue;
    }
    if (rc == Z_BUF_ERROR && stream.avail_out > 0) {
      return InvalidInput("GZIP data is truncated (it ends before the end of its member)");
    }
    if (rc == Z_BUF_ERROR) continue;  // the output buffer is full: grow it
    if (rc == Z_MEM_ERROR) return Internal("zlib inflate ran out of memory");
    const std::string detail = stream.msg != nullptr ? std::string(" (") + stream.msg + ")" : "";
    if (after_member) {
      return InvalidInput("bytes after the GZIP data are not another GZIP member" + detail);
    }
    return InvalidInput("not valid GZIP data" + detail);
  }
  if (produced > kMaxStatusListBytes) {
    return InvalidInput("GZIP data decompresses to more than " +
                        std::to_string(kMaxStatusListBytes) +
                        " bytes, the largest status list accepted");
  }
  out.resize(produced);
  return out;
}

}  // namespace

Result<Bitstring> Bitstring::Create(uint64_t size_bits) {
  if (size_bits < kMinStatusListBits || size_bits > kMaxStatusListBits || size_bits % 8 != 0) {
    return BadSize(size_bits);
  }
  return Bitstring(std::vector<uint8_t>(size_bits / 8, 0));
}

Result<Bitstring> Bitstring::FromBytes(std::vector<uint8_t> bytes) {
  if (bytes.size() < kMinStatusListBytes || bytes.size() > kMaxStatusListBytes) {
    return BadSize(static_cast<uint64_t>(bytes.size()) * 8);
  }
  return Bitstring(std::move(bytes));
}

Result<bool> Bitstring::Get(uint64_t index) const {
  if (index >= size()) return OutOfRange(index, size());
  return (bytes_[index / 8] & MaskOf(index)) != 0;
}

Status Bitstring::Set(uint64_t index) {
  if (index >= size()) return OutOfRange(index, size());
  bytes_[index / 8] |= MaskOf(index);
  return Status::Ok();
}

Status Bitstring::Clear(uint64_t index) {
  if (index >= size()) return OutOfRange(index, size());
  bytes_[index / 8] &= static_cast<uint8_t>(~MaskOf(index));
  return Status::Ok();
}

uint64_t Bitstring::CountSet() const {
  uint64_t count = 0;
  std::size_t i = 0;
  for (; i + 8 <= bytes_.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes_.data() + i, sizeof word);
    count += static_cast<uint64_t>(std::popcount(word));
  }
  for (; i < bytes_.size(); ++i) count += static_cast<uint64_t>(std::popcount(bytes_[i]));
  return count;
}

Result<std::string> EncodeStatusList(const Bitstring& bits) {
  DeflateStream deflater;
  if (!deflater.ok()) return Internal("zlib deflateInit2 failed (out of memory)");
  z_stream& stream = deflater.get();
  const std::span<const uint8_t> in = bits.bytes();  // <= kMaxStatusListBytes: fits a uInt
  // deflateBound is large enough for deflate to finish in one call (zlib.h).
  std::vector<uint8_t> out(deflateBound(&stream, static_cast<uLong>(in.size())));
  stream.next_in = in.data();
  stream.avail_in = static_cast<uInt>(in.size());
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) return Internal("zlib deflate failed");
  out.resize(out.size() - stream.avail_out);
  return kMultibaseBase64UrlPrefix + EncodeBase64UrlNoPad(out);
}

Result<Bitstring> DecodeStatusList(std::string_view encoded) {
  if (encoded.empty()) return InvalidInput("encodedList is empty");
  if (encoded.front() != kMultibaseBase64UrlPrefix) {
    return InvalidInput("encodedList must be multibase base64url (prefix 'u'), not prefix " +
                        internal::DescribeChar(encoded.front()));
  }
  const std::string_view payload = encoded.substr(1);
  if (payload.size() > (kMaxCompressedBytes * 4 + 2) / 3) {
    return InvalidInput("encodedList is " + std::to_string(encoded.size()) +
                        " characters long, more than a list of at most " +
                        std::to_string(kMaxStatusListBytes) + " bytes can need");
  }
  Result<std::vector<uint8_t>> compressed = DecodeBase64UrlNoPad(payload);
  if (!compressed.ok()) return compressed.error().WithContext("encodedList");
  Result<std::vector<uint8_t>> expanded = Gunzip(*compressed);
  if (!expanded.ok()) return expanded.error().WithContext("encodedList");
  if (expanded->size() < kMinStatusListBytes) {
    return InvalidInput("encodedList decompresses to " + std::to_string(expanded->size()) +
                        " bytes (" + std::to_string(expanded->size() * 8) +
                        " entries); a status list needs at least " +
                        std::to_string(kMinStatusListBytes) + " bytes (" +
                        std::to_string(kMinStatusListBits) + " entries)");
  }
  return Bitstring::FromBytes(std::move(expanded).value());
}

}  // namespace pramaan
