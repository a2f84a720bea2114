// Tests for core/status: the Bitstring Status List v1.0 bitstring, its encodedList codec, the
// random free-index picker, credentialStatus entries and the status list credential.
#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/context/context_loader.h"
#include "core/crypto/random.h"
#include "core/encoding/base64.h"
#include "core/encoding/multibase.h"
#include "core/json/json.h"
#include "core/jsonld/expand.h"
#include "core/result.h"
#include "core/status/bitstring.h"
#include "core/status/free_index.h"
#include "core/status/status_entry.h"
#include "core/status/status_list_credential.h"
#include "core/time/rfc3339.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

using testing::At;
using testing::ReadJsonFile;
using testing::VectorPath;

constexpr char kSpecExamples[] = "bitstring-status-list/spec-examples/";
// The encodedList of the spec's examples 3 and 5: 131,072 zero bits.
constexpr char kSpecEncodedList[] =
    "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";

Json SpecExample(const std::string& name) {
  return ReadJsonFile(VectorPath(std::string(kSpecExamples) + name));
}

Bitstring MakeList(uint64_t size_bits) {
  Result<Bitstring> bits = Bitstring::Create(size_bits);
  EXPECT_TRUE(bits.ok()) << (bits.ok() ? "" : bits.error().message());
  return std::move(bits).value();
}

Bitstring ListOfBytes(std::vector<uint8_t> bytes) {
  Result<Bitstring> bits = Bitstring::FromBytes(std::move(bytes));
  EXPECT_TRUE(bits.ok()) << (bits.ok() ? "" : bits.error().message());
  return std::move(bits).value();
}

bool BitAt(const Bitstring& bits, uint64_t index) {
  Result<bool> bit = bits.Get(index);
  EXPECT_TRUE(bit.ok()) << index;
  return bit.ok() && *bit;
}

void SetBit(Bitstring& bits, uint64_t index) { ASSERT_TRUE(bits.Set(index).ok()) << index; }

std::string Encode(const Bitstring& bits) {
  Result<std::string> encoded = EncodeStatusList(bits);
  EXPECT_TRUE(encoded.ok()) << (encoded.ok() ? "" : encoded.error().message());
  return encoded.ok() ? *encoded : "";
}

// Compresses with zlib directly (not through the code under test). `window_bits` 31 writes a
// GZIP member, 15 a zlib stream. `repeat` feeds `data` that many times, so large inputs need
// no large buffer.
std::vector<uint8_t> Compress(std::span<const uint8_t> data, int repeat = 1,
                              int window_bits = 16 + MAX_WBITS) {
  z_stream stream{};
  EXPECT_EQ(
      deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY),
      Z_OK);
  std::vector<uint8_t> out;
  std::vector<uint8_t> chunk(64 * 1024);
  for (int i = 0; i < repeat; ++i) {
    const int flush = i + 1 == repeat ? Z_FINISH : Z_NO_FLUSH;
    stream.next_in = const_cast<Bytef*>(data.data());
    stream.avail_in = static_cast<uInt>(data.size());
    int rc;
    do {
      stream.next_out = chunk.data();
      stream.avail_out = static_cast<uInt>(chunk.size());
      rc = deflate(&stream, flush);
      out.insert(out.end(), chunk.data(), chunk.data() + (chunk.size() - stream.avail_out));
    } while (stream.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
  }
  deflateEnd(&stream);
  return out;
}

std::string EncodedListOf(std::span<const uint8_t> compressed) {
  return "u" + EncodeBase64UrlNoPad(compressed);
}

// A RandomSource that always returns zero bytes: UniformBelow then always returns 0.
class ZeroRandomSource final : public RandomSource {
 public:
  void Fill(std::span<uint8_t> out) override {
    for (uint8_t& b : out) b = 0;
  }
};

// ---------------------------------------------------------------------------------------------
// Bitstring

TEST(Bitstring, CreateGivesAllZeroBitsOfTheRequestedSize) {
  Bitstring bits = MakeList(kMinStatusListBits);
  EXPECT_EQ(bits.size(), 131072u);
  EXPECT_EQ(bits.bytes().size(), 16384u);
  EXPECT_EQ(bits.CountSet(), 0u);
  EXPECT_EQ(MakeList(kMinStatusListBits + 8).size(), kMinStatusListBits + 8);
  EXPECT_EQ(MakeList(kMaxStatusListBits).size(), kMaxStatusListBits);
}

TEST(Bitstring, CreateFailsOnSizesTheSpecOrTheLimitRefuse) {
  for (uint64_t size :
       {uint64_t{0}, uint64_t{8}, kMinStatusListBits - 8, kMinStatusListBits + 1,
        kMinStatusListBits + 7, kMaxStatusListBits + 8, std::numeric_limits<uint64_t>::max()}) {
    Result<Bitstring> bits = Bitstring::Create(size);
    ASSERT_FALSE(bits.ok()) << size;
    EXPECT_EQ(bits.error().code(), ErrorCode::kInvalidInput);
    EXPECT_NE(bits.error().message().find("131072"), std::string::npos) << bits.error().message();
  }
}

TEST(Bitstring, FromBytesFailsOutsideTheSizeBounds) {
  EXPECT_FALSE(Bitstring::FromBytes(std::vector<uint8_t>(kMinStatusListBytes - 1)).ok());
  EXPECT_FALSE(Bitstring::FromBytes({}).ok());
  EXPECT_TRUE(Bitstring::FromBytes(std::vector<uint8_t>(kMinStatusListBytes)).ok());
}

TEST(Bitstring, IndexZeroIsTheMostSignificantBitOfTheFirstByte) {
  Bitstring bits = MakeList(kMinStatusListBits);
  SetBit(bits, 0);
  EXPECT_EQ(bits.bytes()[0], 0x80);
  SetBit(bits, 7);
  EXPECT_EQ(bits.bytes()[0], 0x81);
  SetBit(bits, 9);
  EXPECT_EQ(bits.bytes()[1], 0x40);
}

TEST(Bitstring, LastIndexIsTheLeastSignificantBitOfTheLastByte) {
  Bitstring bits = MakeList(kMinStatusListBits);
  SetBit(bits, kMinStatusListBits - 1);
  EXPECT_EQ(bits.bytes().back(), 0x01);
  SetBit(bits, kMinStatusListBits - 8);
  EXPECT_EQ(bits.bytes().back(), 0x81);
  EXPECT_EQ(bits.CountSet(), 2u);
}

TEST(Bitstring, FromBytesReadsBitsMostSignificantFirst) {
  std::vector<uint8_t> bytes(kMinStatusListBytes, 0);
  bytes[0] = 0x80;
  bytes[2] = 0x10;  // index 16 + 3
  bytes.back() = 0x01;
  Bitstring bits = ListOfBytes(bytes);
  EXPECT_TRUE(BitAt(bits, 0));
  EXPECT_FALSE(BitAt(bits, 1));
  EXPECT_FALSE(BitAt(bits, 7));
  EXPECT_TRUE(BitAt(bits, 19));
  EXPECT_TRUE(BitAt(bits, kMinStatusListBits - 1));
  EXPECT_FALSE(BitAt(bits, kMinStatusListBits - 2));
  EXPECT_EQ(bits.CountSet(), 3u);
}

TEST(Bitstring, ClearUndoesSet) {
  Bitstring bits = MakeList(kMinStatusListBits);
  SetBit(bits, 12345);
  SetBit(bits, 12346);
  ASSERT_TRUE(bits.Clear(12345).ok());
  EXPECT_FALSE(BitAt(bits, 12345));
  EXPECT_TRUE(BitAt(bits, 12346));
  ASSERT_TRUE(bits.Clear(12345).ok());  // clearing a 0 bit is fine
  EXPECT_EQ(bits.CountSet(), 1u);
}

TEST(Bitstring, GetSetAndClearFailBeyondTheList) {
  Bitstring bits = MakeList(kMinStatusListBits);
  const Bitstring before = bits;
  for (uint64_t index :
       {kMinStatusListBits, kMinStatusListBits + 1, std::numeric_limits<uint64_t>::max()}) {
    Result<bool> bit = bits.Get(index);
    ASSERT_FALSE(bit.ok());
    EXPECT_EQ(bit.error().code(), ErrorCode::kInvalidInput);
    EXPECT_NE(bit.error().message().find("outside the list"), std::string::npos);
    EXPECT_FALSE(bits.Set(index).ok());
    EXPECT_FALSE(bits.Clear(index).ok());
  }
  EXPECT_EQ(bits, before);
}

// ---------------------------------------------------------------------------------------------
// encodedList

TEST(StatusListCodec, RoundTripsRandomBitPatterns) {
  SodiumRandomSource random;
  // Sizes: the minimum, one byte more, a 1,000,000-entry list. Densities: one bit in
  // 2^shift set, from sparse (typical revocation lists) to half.
  for (uint64_t size : {kMinStatusListBits, kMinStatusListBits + 8, uint64_t{1000000}}) {
    for (int shift : {12, 6, 1}) {
      Bitstring bits = MakeList(size);
      for (uint64_t i = 0; i < size; ++i) {
        if (UniformBelow(random, uint64_t{1} << shift) == 0) SetBit(bits, i);
      }
      const std::string encoded = Encode(bits);
      ASSERT_EQ(encoded.front(), 'u');
      Result<Bitstring> decoded = DecodeStatusList(encoded);
      ASSERT_TRUE(decoded.ok()) << decoded.error().message();
      EXPECT_EQ(*decoded, bits) << "size " << size << ", density 2^-" << shift;
    }
  }
}

TEST(StatusListCodec, RoundTripsRandomBytes) {
  // Incompressible content: deflate falls back to stored blocks.
  Bitstring bits = ListOfBytes(RandomBytes(kMinStatusListBytes * 3));
  Result<Bitstring> decoded = DecodeStatusList(Encode(bits));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message();
  EXPECT_EQ(*decoded, bits);
}

TEST(StatusListCodec, EncodesAnEmptyMinimumListExactlyAsTheSpecExample) {
  EXPECT_EQ(Encode(MakeList(kMinStatusListBits)), kSpecEncodedList);
}

TEST(StatusListCodec, EncodingIsDeterministic) {
  Bitstring bits = MakeList(kMinStatusListBits);
  SetBit(bits, 94567);
  EXPECT_EQ(Encode(bits), Encode(bits));
}

TEST(StatusListCodec, DecodesTheSpecExamplesEncodedLists) {
  for (const char* name :
       {"example3-BitstringStatusListCredential.json", "example5-status-list-vc.json"}) {
    const Json example = SpecExample(name);
    const std::string encoded = example["credentialSubject"]["encodedList"].get<std::string>();
    Result<Bitstring> bits = DecodeStatusList(encoded);
    ASSERT_TRUE(bits.ok()) << name << ": " << bits.error().message();
    // 16 KB, the minimum: indexes 0 to 131,071 (spec section 7.1).
    EXPECT_EQ(bits->size(), 131072u) << name;
    EXPECT_EQ(bits->CountSet(), 0u) << name;
    // Examples 1 and 4 point at index 94567 of this list (status/3) for revocation: the
    // credential they describe is not revoked.
    EXPECT_FALSE(BitAt(*bits, 94567)) << name;
    EXPECT_FALSE(BitAt(*bits, 0)) << name;
    EXPECT_FALSE(BitAt(*bits, 131071)) << name;
  }
}

TEST(StatusListCodec, DecodeMapsTheFirstAndLastBytesToTheFirstAndLastIndexes) {
  // Compressed by zlib directly, so this checks the decoder against the spec's layout, not
  // against our own encoder.
  std::vector<uint8_t> bytes(kMinStatusListBytes, 0);
  bytes.front() = 0x80;  // index 0
  bytes.back() = 0x01;   // index 131071
  Result<Bitstring> bits = DecodeStatusList(EncodedListOf(Compress(bytes)));
  ASSERT_TRUE(bits.ok()) << bits.error().message();
  EXPECT_TRUE(BitAt(*bits, 0));
  EXPECT_FALSE(BitAt(*bits, 1));
  EXPECT_FALSE(BitAt(*bits, 131070));
  EXPECT_TRUE(BitAt(*bits, 131071));
  EXPECT_EQ(bits->CountSet(), 2u);
}

TEST(StatusListCodec, DecodesConcatenatedGzipMembersAsOneList) {
  const std::vector<uint8_t> half(kMinStatusListBytes / 2, 0xF0);
  std::vector<uint8_t> compressed = Compress(half);
  const std::vector<uint8_t> second = Compress(half);
  compressed.insert(compressed.end(), second.begin(), second.end());
  Result<Bitstring> bits = DecodeStatusList(EncodedListOf(compressed));
  ASSERT_TRUE(bits.ok()) << bits.error().message();
  EXPECT_EQ(bits->size(), kMinStatusListBits);
  EXPECT_EQ(bits->CountSet(), kMinStatusListBits / 2);
}

TEST(StatusListCodec, DecodesAListOfExactlyTheLargestSize) {
  const std::vector<uint8_t> mib(1024 * 1024, 0);
  Result<Bitstring> bits = DecodeStatusList(EncodedListOf(Compress(mib, 16)));
  ASSERT_TRUE(bits.ok()) << bits.error().message();
  EXPECT_EQ(bits->size(), kMaxStatusListBits);
}

struct DecodeFailure {
  std::string name;
  std::string encoded;
  std::string message_part;  // the error message must contain this
};

std::vector<DecodeFailure> DecodeFailures() {
  const std::vector<uint8_t> zeros(kMinStatusListBytes, 0);
  const std::vector<uint8_t> gzip = Compress(zeros);
  const std::string good = EncodedListOf(gzip);

  std::vector<DecodeFailure> cases;
  cases.push_back({"empty", "", "empty"});
  cases.push_back({"base58btc multibase", EncodeMultibaseBase58Btc(gzip), "prefix 'u'"});
  cases.push_back({"base64url without the multibase prefix", good.substr(1), "prefix 'u'"});
  cases.push_back({"padded base64", "u" + EncodeBase64(gzip), "base64url"});
  std::string bad_char = good;
  bad_char[10] = '*';
  cases.push_back({"a character outside base64url", bad_char, "base64url"});
  std::string plus = good;
  plus[12] = '+';
  cases.push_back({"standard base64's '+'", plus, "base64url"});
  cases.push_back({"prefix alone", "u", "no GZIP data"});
  cases.push_back({"a zlib stream, not GZIP",
                   EncodedListOf(Compress(zeros, 1, /*window_bits=*/MAX_WBITS)),
                   "not valid GZIP data"});
  cases.push_back({"not compressed at all", EncodedListOf(zeros), "not valid GZIP data"});
  cases.push_back({"truncated GZIP",
                   EncodedListOf(std::span<const uint8_t>(gzip).first(gzip.size() - 10)),
                   "truncated"});
  cases.push_back(
      {"GZIP header only", EncodedListOf(std::span<const uint8_t>(gzip).first(10)), "truncated"});
  std::vector<uint8_t> bad_crc = gzip;
  bad_crc[bad_crc.size() - 8] ^= 0x01;  // the CRC-32 in the trailer
  cases.push_back({"wrong CRC-32", EncodedListOf(bad_crc), "not valid GZIP data"});
  std::vector<uint8_t> bad_length = gzip;
  bad_length[bad_length.size() - 4] ^= 0x01;  // ISIZE in the trailer
  cases.push_back(
      {"wrong length in the trailer", EncodedListOf(bad_length), "not valid GZIP data"});
  std::vector<uint8_t> trailing = gzip;
  trailing.insert(trailing.end(), {0x00, 0x00, 0x00, 0x00});
  cases.push_back(
      {"bytes after the GZIP member", EncodedListOf(trailing), "not another GZIP member"});
  const std::vector<uint8_t> small(kMinStatusListBytes - 1, 0);
  cases.push_back({"16,383 bytes: below the spec's 16 KB", EncodedListOf(Compress(small)),
                   "at least 16384 bytes"});
  const std::vector<uint8_t> tiny(1, 0);
  cases.push_back({"one byte", EncodedListOf(Compress(tiny)), "at least 16384 bytes"});
  const std::vector<uint8_t> one_more(kMaxStatusListBytes + 1, 0);
  cases.push_back({"one byte over the largest list", EncodedListOf(Compress(one_more)),
                   "more than 16777216 bytes"});
  return cases;
}

TEST(StatusListCodec, DecodeFailsWithAClearErrorOnBadInput) {
  for (const DecodeFailure& c : DecodeFailures()) {
    Result<Bitstring> bits = DecodeStatusList(c.encoded);
    ASSERT_FALSE(bits.ok()) << c.name;
    EXPECT_EQ(bits.error().code(), ErrorCode::kInvalidInput) << c.name;
    EXPECT_EQ(bits.error().message().rfind("encodedList", 0), 0u)
        << c.name << ": " << bits.error().message();
    EXPECT_NE(bits.error().message().find(c.message_part), std::string::npos)
        << c.name << ": " << bits.error().message();
  }
}

TEST(StatusListCodec, DecodeFailsOnAGzipBombWithoutInflatingIt) {
  // 100 MB of zeros compress to about 100 KB.
  const std::vector<uint8_t> mib(1024 * 1024, 0);
  const std::vector<uint8_t> bomb = Compress(mib, 100);
  ASSERT_LT(bomb.size(), 200u * 1024);
  const auto start = std::chrono::steady_clock::now();
  Result<Bitstring> bits = DecodeStatusList(EncodedListOf(bomb));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(bits.ok());
  EXPECT_EQ(bits.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(bits.error().message().find("more than 16777216 bytes"), std::string::npos)
      << bits.error().message();
  // Inflating all 100 MB would take several times longer than stopping at 16 MiB; this
  // bound is loose so a slow machine does not fail it.
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST(StatusListCodec, DecodeFailsOnAnEncodedListLongerThanAnyListNeeds) {
  // More base64url than the largest list's GZIP form, however incompressible, can need.
  const std::string huge = "u" + std::string(kMaxStatusListBytes * 2, 'A');
  Result<Bitstring> bits = DecodeStatusList(huge);
  ASSERT_FALSE(bits.ok());
  EXPECT_NE(bits.error().message().find("characters long"), std::string::npos)
      << bits.error().message();
}

// ---------------------------------------------------------------------------------------------
// Free indexes

TEST(UniformBelow, IsZeroForAZeroSourceAndForABoundOfOne) {
  ZeroRandomSource zero;
  EXPECT_EQ(UniformBelow(zero, 131072), 0u);
  EXPECT_EQ(UniformBelow(zero, 3), 0u);
  SodiumRandomSource random;
  for (int i = 0; i < 100; ++i) EXPECT_EQ(UniformBelow(random, 1), 0u);
}

TEST(UniformBelow, StaysBelowTheBound) {
  SodiumRandomSource random;
  for (uint64_t bound : {uint64_t{2}, uint64_t{3}, uint64_t{1000}, kMaxStatusListBits,
                         std::numeric_limits<uint64_t>::max()}) {
    for (int i = 0; i < 1000; ++i) EXPECT_LT(UniformBelow(random, bound), bound);
  }
}

TEST(PickFreeIndex, NeverReturnsAUsedIndex) {
  SodiumRandomSource random;
  // Half the list used, at random.
  Bitstring used = ListOfBytes(RandomBytes(kMinStatusListBytes));
  for (int i = 0; i < 5000; ++i) {
    Result<uint64_t> index = PickFreeIndex(used, random);
    ASSERT_TRUE(index.ok()) << index.error().message();
    ASSERT_FALSE(BitAt(used, *index)) << *index;
    SetBit(used, *index);
  }
}

TEST(PickFreeIndex, FillsAListCompletelyThenFails) {
  SodiumRandomSource random;
  // All used but 300 scattered indexes: every pick must come from those 300, each once.
  Bitstring used = ListOfBytes(std::vector<uint8_t>(kMinStatusListBytes, 0xFF));
  std::set<uint64_t> free;
  while (free.size() < 300) free.insert(UniformBelow(random, kMinStatusListBits));
  for (uint64_t index : free) ASSERT_TRUE(used.Clear(index).ok());
  std::set<uint64_t> picked;
  for (std::size_t i = 0; i < free.size(); ++i) {
    Result<uint64_t> index = PickFreeIndex(used, random);
    ASSERT_TRUE(index.ok()) << index.error().message();
    ASSERT_TRUE(free.count(*index)) << *index;
    picked.insert(*index);
    SetBit(used, *index);
  }
  EXPECT_EQ(picked, free);
  Result<uint64_t> full = PickFreeIndex(used, random);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(full.error().message().find("full"), std::string::npos) << full.error().message();
}

TEST(PickFreeIndex, FailsOnAFullList) {
  SodiumRandomSource random;
  Bitstring used = ListOfBytes(std::vector<uint8_t>(kMinStatusListBytes, 0xFF));
  Result<uint64_t> index = PickFreeIndex(used, random);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(index.error().message().find("all 131072 indexes are in use"), std::string::npos)
      << index.error().message();
}

TEST(PickFreeIndex, FindsTheOnlyFreeIndexAtEitherEnd) {
  SodiumRandomSource random;
  for (uint64_t only : {uint64_t{0}, uint64_t{7}, uint64_t{64}, kMinStatusListBits - 1}) {
    Bitstring used = ListOfBytes(std::vector<uint8_t>(kMinStatusListBytes, 0xFF));
    ASSERT_TRUE(used.Clear(only).ok());
    Result<uint64_t> index = PickFreeIndex(used, random);
    ASSERT_TRUE(index.ok()) << index.error().message();
    EXPECT_EQ(*index, only);
  }
}

TEST(PickFreeIndex, WithAZeroSourceFallsBackToTheFirstFreeIndex) {
  // A zero source probes index 0 every time; when it is used, the exact selection with rank 0
  // must give the first free index in list order.
  ZeroRandomSource zero;
  Bitstring used = MakeList(kMinStatusListBits);
  Result<uint64_t> first = PickFreeIndex(used, zero);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, 0u);
  for (uint64_t i = 0; i < 75; ++i) SetBit(used, i);
  Result<uint64_t> next = PickFreeIndex(used, zero);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, 75u);
}

TEST(PickFreeIndex, SpreadsUniformlyAndNotInIssuanceOrder) {
  SodiumRandomSource random;
  Bitstring used = MakeList(kMinStatusListBits);
  constexpr int kPicks = 32000;
  constexpr int kBuckets = 16;
  std::vector<int> counts(kBuckets, 0);
  int ascending_neighbours = 0;
  uint64_t previous = 0;
  for (int i = 0; i < kPicks; ++i) {
    Result<uint64_t> index = PickFreeIndex(used, random);
    ASSERT_TRUE(index.ok());
    SetBit(used, *index);
    ++counts[*index * kBuckets / kMinStatusListBits];
    if (i > 0 && *index == previous + 1) ++ascending_neighbours;
    previous = *index;
  }
  // Pearson's chi-square over 16 equal buckets (15 degrees of freedom): 59 is exceeded with
  // probability about 1e-6 by a uniform picker, and by far by a sequential or clustered one.
  const double expected = static_cast<double>(kPicks) / kBuckets;
  double chi_square = 0;
  for (int c : counts) chi_square += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi_square, 59.0);
  // A sequential allocator would make nearly every pick follow the previous one; a uniform one
  // does so with probability about 1/131072 per pick.
  EXPECT_LT(ascending_neighbours, 5);
}

TEST(PickFreeIndex, IsUniformAmongTheFewFreeIndexesOfANearlyFullList) {
  SodiumRandomSource random;
  Bitstring used = ListOfBytes(std::vector<uint8_t>(kMinStatusListBytes, 0xFF));
  const std::vector<uint64_t> free = {3, 70000, 131071};
  for (uint64_t index : free) ASSERT_TRUE(used.Clear(index).ok());
  std::map<uint64_t, int> counts;
  for (int i = 0; i < 3000; ++i) {
    Result<uint64_t> index = PickFreeIndex(used, random);  // `used` unchanged: same odds
    ASSERT_TRUE(index.ok());
    ++counts[*index];
  }
  ASSERT_EQ(counts.size(), 3u);
  for (uint64_t index : free) {
    // Expected 1000, standard deviation about 26: [800, 1200] is more than 7 of them.
    EXPECT_GT(counts[index], 800) << index;
    EXPECT_LT(counts[index], 1200) << index;
  }
}

// ---------------------------------------------------------------------------------------------
// credentialStatus entries

TEST(StatusEntry, ReadsTheSpecExampleWithRevocationAndSuspensionEntries) {
  Result<CredentialStatusEntries> status = ReadCredentialStatus(
      SpecExample("example1-credential-with-revocation-and-suspension-entries.json"));
  ASSERT_TRUE(status.ok()) << status.error().message();
  EXPECT_TRUE(status->skipped_types.empty());
  ASSERT_EQ(status->entries.size(), 2u);
  const BitstringStatusListEntry revocation{
      .id = "https://example.com/credentials/status/3#94567",
      .status_purpose = "revocation",
      .status_list_index = 94567,
      .status_list_credential = "https://example.com/credentials/status/3",
      .status_size = 1,
      .status_messages = {},
      .status_references = {}};
  const BitstringStatusListEntry suspension{
      .id = "https://example.com/credentials/status/4#23452",
      .status_purpose = "suspension",
      .status_list_index = 23452,
      .status_list_credential = "https://example.com/credentials/status/4",
      .status_size = 1,
      .status_messages = {},
      .status_references = {}};
  EXPECT_EQ(status->entries[0], revocation);
  EXPECT_EQ(status->entries[1], suspension);
}

TEST(StatusEntry, ReadsTheSpecExampleWithOneEntryObject) {
  Result<CredentialStatusEntries> status =
      ReadCredentialStatus(SpecExample("example4-revocable-vc.json"));
  ASSERT_TRUE(status.ok()) << status.error().message();
  ASSERT_EQ(status->entries.size(), 1u);
  EXPECT_EQ(status->entries[0].status_purpose, kStatusPurposeRevocation);
  EXPECT_EQ(status->entries[0].status_list_index, 94567u);
  EXPECT_EQ(status->entries[0].status_list_credential, "https://example.com/credentials/status/3");
}

TEST(StatusEntry, NoCredentialStatusGivesNoEntries) {
  Json credential = SpecExample("example4-revocable-vc.json");
  credential.erase("credentialStatus");
  Result<CredentialStatusEntries> status = ReadCredentialStatus(credential);
  ASSERT_TRUE(status.ok());
  EXPECT_TRUE(status->entries.empty());
  EXPECT_TRUE(status->skipped_types.empty());
}

Json GoodEntry() {
  return Json::parse(R"({
    "id": "https://pramaan.example/status/r1#5",
    "type": "BitstringStatusListEntry",
    "statusPurpose": "revocation",
    "statusListIndex": "5",
    "statusListCredential": "https://pramaan.example/status/r1"
  })");
}

TEST(StatusEntry, SkipsAndReportsEntriesOfOtherTypes) {
  Json credential = SpecExample("example4-revocable-vc.json");
  Json other = GoodEntry();
  other["type"] = "StatusList2021Entry";
  Json several = GoodEntry();
  several["type"] = Json::array({"ExampleStatus", "OtherStatus"});
  Json typed_array = GoodEntry();
  typed_array["type"] = Json::array({"BitstringStatusListEntry"});
  credential["credentialStatus"] = Json::array({other, GoodEntry(), several, typed_array});
  Result<CredentialStatusEntries> status = ReadCredentialStatus(credential);
  ASSERT_TRUE(status.ok()) << status.error().message();
  EXPECT_EQ(status->entries.size(), 2u);
  EXPECT_EQ(status->skipped_types,
            (std::vector<std::string>{"StatusList2021Entry", "ExampleStatus, OtherStatus"}));
}

TEST(StatusEntry, AcceptsOptionalMembersTheSpecAllows) {
  Json entry = GoodEntry();
  entry.erase("id");
  entry["statusSize"] = 1;
  entry["statusMessage"] = Json::parse(
      R"([{"status": "0x0", "message": "valid"}, {"status": "0x1", "message": "revoked"}])");
  entry["statusReference"] = "https://pramaan.example/status-reference";
  Result<BitstringStatusListEntry> parsed = ParseBitstringStatusListEntry(entry);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_EQ(parsed->id, "");
  EXPECT_EQ(parsed->status_size, 1u);
  entry["statusPurpose"] = "a purpose of our own";
  parsed = ParseBitstringStatusListEntry(entry);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_EQ(parsed->status_purpose, "a purpose of our own");
}

TEST(StatusListIndex, ParsesDecimalStrings) {
  const std::vector<std::pair<std::string, uint64_t>> cases = {
      {"0", 0},
      {"94567", 94567},
      {"007", 7},
      {"18446744073709551615", std::numeric_limits<uint64_t>::max()},
  };
  for (const auto& [text, value] : cases) {
    Result<uint64_t> parsed = ParseStatusListIndex(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.error().message();
    EXPECT_EQ(*parsed, value) << text;
  }
}

TEST(StatusListIndex, FailsOnNegativesNonDigitsAndOverflow) {
  for (const std::string text :
       {"", "-1", "-0", "+1", " 1", "1 ", "1e3", "0x10", "1.0", "1,000", "٣",
        "18446744073709551616", "99999999999999999999", "100000000000000000000000"}) {
    Result<uint64_t> parsed = ParseStatusListIndex(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidInput) << text;
    EXPECT_NE(parsed.error().message().find("statusListIndex"), std::string::npos);
  }
  EXPECT_NE(ParseStatusListIndex("18446744073709551616").error().message().find("too large"),
            std::string::npos);
}

struct EntryFailure {
  std::string name;
  Json entry;
  ErrorCode code;
  std::string message_part;
};

std::vector<EntryFailure> EntryFailures() {
  std::vector<EntryFailure> cases;
  auto with = [](const char* name, Json value) {
    Json e = GoodEntry();
    e[name] = std::move(value);
    return e;
  };
  auto without = [](const char* name) {
    Json e = GoodEntry();
    e.erase(name);
    return e;
  };
  const ErrorCode kBad = ErrorCode::kInvalidInput;
  cases.push_back({"index as a JSON number", with("statusListIndex", 5), kBad, "string"});
  cases.push_back({"negative index", with("statusListIndex", "-5"), kBad, "non-negative"});
  cases.push_back(
      {"index overflow", with("statusListIndex", "18446744073709551616"), kBad, "too large"});
  cases.push_back({"no index", without("statusListIndex"), kBad, "statusListIndex is required"});
  cases.push_back({"no purpose", without("statusPurpose"), kBad, "statusPurpose is required"});
  cases.push_back({"purpose not a string", with("statusPurpose", Json::array({"revocation"})), kBad,
                   "statusPurpose must be a string"});
  cases.push_back({"empty purpose", with("statusPurpose", ""), kBad, "statusPurpose is empty"});
  cases.push_back(
      {"no list URL", without("statusListCredential"), kBad, "statusListCredential is required"});
  cases.push_back(
      {"relative list URL", with("statusListCredential", "/status/r1"), kBad, "absolute URL"});
  cases.push_back({"id is the list URL", with("id", "https://pramaan.example/status/r1"), kBad,
                   "must not be the URL of the status list"});
  cases.push_back({"id not a string", with("id", 5), kBad, "id must be"});
  cases.push_back({"statusSize 2 without statusMessage", with("statusSize", 2), kBad,
                   "statusMessage is required when statusSize is above 1"});
  cases.push_back({"statusSize 17", with("statusSize", 17), ErrorCode::kUnsupported,
                   "statuses of up to 16 bits"});
  cases.push_back({"statusMessage status beyond the size",
                   with("statusMessage", Json::parse(R"([{"status": "0x0", "message": "a"},
                        {"status": "0x2", "message": "b"}])")),
                   kBad, "must be 0x0 to 0x1"});
  cases.push_back({"statusMessage status not hexadecimal",
                   with("statusMessage", Json::parse(R"([{"status": "0", "message": "a"},
                        {"status": "0x1", "message": "b"}])")),
                   kBad, "must be 0x0 to 0x1"});
  cases.push_back({"statusMessage status twice",
                   with("statusMessage", Json::parse(R"([{"status": "0x1", "message": "a"},
                        {"status": "0x1", "message": "b"}])")),
                   kBad, "gives status 0x1 twice"});
  cases.push_back({"statusReference not a URL", with("statusReference", "see the dictionary"),
                   kBad, "statusReference must be a URL"});
  cases.push_back({"statusReference a number", with("statusReference", Json::array({3})), kBad,
                   "statusReference must be a URL"});
  cases.push_back({"statusSize 0", with("statusSize", 0), kBad, "greater than 0"});
  cases.push_back({"statusSize -1", with("statusSize", -1), kBad, "greater than 0"});
  cases.push_back({"statusSize as a string", with("statusSize", "1"), kBad, "greater than 0"});
  cases.push_back({"statusSize 1.5", with("statusSize", 1.5), kBad, "greater than 0"});
  cases.push_back({"statusMessage of 3 entries",
                   with("statusMessage", Json::parse(R"([{"status": "0x0", "message": "a"},
                        {"status": "0x1", "message": "b"}, {"status": "0x2", "message": "c"}])")),
                   kBad, "statusMessage"});
  cases.push_back({"statusMessage without message",
                   with("statusMessage",
                        Json::parse(R"([{"status": "0x0"}, {"status": "0x1", "message": "b"}])")),
                   kBad, "statusMessage"});
  cases.push_back({"no type", without("type"), kBad, "type is required"});
  cases.push_back({"type a number", with("type", 3), kBad, "type must be"});
  return cases;
}

TEST(StatusEntry, ReadCredentialStatusFailsOnBadEntriesNamingTheField) {
  for (const EntryFailure& c : EntryFailures()) {
    Json credential = SpecExample("example4-revocable-vc.json");
    credential["credentialStatus"] = Json::array({GoodEntry(), c.entry});
    Result<CredentialStatusEntries> status = ReadCredentialStatus(credential);
    ASSERT_FALSE(status.ok()) << c.name;
    EXPECT_EQ(status.error().code(), c.code) << c.name << ": " << status.error().message();
    EXPECT_EQ(status.error().message().rfind("credentialStatus[1]: ", 0), 0u)
        << c.name << ": " << status.error().message();
    EXPECT_NE(status.error().message().find(c.message_part), std::string::npos)
        << c.name << ": " << status.error().message();
  }
}

// Bitstring Status List 1.0 section 2.1: statusSize, statusMessage and statusReference.
TEST(StatusEntry, BitstringStatusList_ReadsTheSpecsTwoBitMessageEntry) {
  // Example 2 of the spec (its file elides members with "...", so it is rebuilt here).
  const Json entry = Json::parse(R"({
    "id": "https://example.com/credentials/status/8#492847",
    "type": "BitstringStatusListEntry",
    "statusPurpose": "message",
    "statusListIndex": "492847",
    "statusSize": 2,
    "statusListCredential": "https://example.com/credentials/status/8",
    "statusMessage": [
      {"status": "0x0", "message": "pending_review"},
      {"status": "0x1", "message": "accepted"},
      {"status": "0x2", "message": "rejected"},
      {"status": "0x3", "message": "undefined"}
    ],
    "statusReference": "https://example.org/status-dictionary/"
  })");
  Result<BitstringStatusListEntry> parsed = ParseBitstringStatusListEntry(entry);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_EQ(parsed->status_size, 2u);
  ASSERT_EQ(parsed->status_messages.size(), 4u);
  EXPECT_EQ(parsed->MessageFor(0), "pending_review");
  EXPECT_EQ(parsed->MessageFor(1), "accepted");
  EXPECT_EQ(parsed->MessageFor(3), "undefined");
  EXPECT_EQ(parsed->status_references,
            std::vector<std::string>{"https://example.org/status-dictionary/"});
  // Upper-case hexadecimal reads the same; the messages may come in any order.
  Json reordered = entry;
  reordered["statusMessage"] = Json::parse(R"([{"status": "0X3", "message": "undefined"},
      {"status": "0x2", "message": "rejected"}, {"status": "0x0", "message": "pending_review"},
      {"status": "0x1", "message": "accepted"}])");
  Result<BitstringStatusListEntry> again = ParseBitstringStatusListEntry(reordered);
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(again->MessageFor(2), "rejected");
  EXPECT_EQ(again->MessageFor(3), "undefined");
  // Four messages for two bits, not two.
  Json short_messages = entry;
  short_messages["statusMessage"].erase(3);
  EXPECT_FALSE(ParseBitstringStatusListEntry(short_messages).ok());
}

TEST(StatusEntry, ReadCredentialStatusFailsOnAStatusThatIsNotObjects) {
  Json credential = SpecExample("example4-revocable-vc.json");
  credential["credentialStatus"] = "https://pramaan.example/status/r1";
  Result<CredentialStatusEntries> status = ReadCredentialStatus(credential);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message().find("object or an array"), std::string::npos);
  credential["credentialStatus"] = Json::array({GoodEntry(), "not an object"});
  status = ReadCredentialStatus(credential);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(), "credentialStatus[1] must be an object");
  Json single = GoodEntry();
  single["statusListIndex"] = "x";
  credential["credentialStatus"] = single;
  status = ReadCredentialStatus(credential);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message().rfind("credentialStatus: statusListIndex", 0), 0u)
      << status.error().message();
}

// ---------------------------------------------------------------------------------------------
// The status list credential

StatusListCredentialOptions Options() {
  return StatusListCredentialOptions{.id = "https://pramaan.example/status/r1",
                                     .issuer = "did:web:pramaan.example",
                                     .valid_from = At("2025-06-01T00:00:00Z"),
                                     .valid_until = At("2025-06-02T00:00:00Z"),
                                     .status_purpose = "revocation",
                                     .ttl_ms = 300000};
}

BitstringStatusListEntry EntryFor(uint64_t index, std::string purpose = "revocation") {
  return BitstringStatusListEntry{.id = "",
                                  .status_purpose = std::move(purpose),
                                  .status_list_index = index,
                                  .status_list_credential = "https://pramaan.example/status/r1",
                                  .status_size = 1,
      .status_messages = {},
      .status_references = {}};
}

Json BuildOrDie(const StatusListCredentialOptions& options, const Bitstring& bits) {
  Result<Json> credential = BuildStatusListCredential(options, bits);
  EXPECT_TRUE(credential.ok()) << (credential.ok() ? "" : credential.error().message());
  return credential.ok() ? *credential : Json();
}

TEST(StatusListCredential, BuildsTheShapeTheSpecDescribes) {
  Bitstring bits = MakeList(kMinStatusListBits);
  const Json credential = BuildOrDie(Options(), bits);
  const Json expected = Json::parse(std::string(R"({
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "id": "https://pramaan.example/status/r1",
    "type": ["VerifiableCredential", "BitstringStatusListCredential"],
    "issuer": "did:web:pramaan.example",
    "validFrom": "2025-06-01T00:00:00Z",
    "validUntil": "2025-06-02T00:00:00Z",
    "credentialSubject": {
      "id": "https://pramaan.example/status/r1#list",
      "type": "BitstringStatusList",
      "statusPurpose": "revocation",
      "encodedList": ")") + kSpecEncodedList +
                                    R"(",
      "ttl": 300000
    }
  })");
  EXPECT_EQ(credential, expected) << DumpJson(credential, true);
  EXPECT_EQ(DumpJson(credential, false), DumpJson(expected, false));  // member order too
}

TEST(StatusListCredential, BuiltCredentialNeedsNoContextButVc2) {
  // Safe mode: every term must be defined by the one context, nothing dropped by expansion.
  Bitstring bits = MakeList(kMinStatusListBits);
  const Json credential = BuildOrDie(Options(), bits);
  jsonld::ExpansionDiagnostics diagnostics;
  Result<Json> expanded = ContextLoader::Bundled().expander().Expand(credential, {}, &diagnostics);
  ASSERT_TRUE(expanded.ok()) << expanded.error().message();
  EXPECT_TRUE(diagnostics.empty()) << (diagnostics.messages.empty() ? "" : diagnostics.messages[0]);
}

TEST(StatusListCredential, ReadsBackWhatWasBuilt) {
  SodiumRandomSource random;
  Bitstring bits = MakeList(kMinStatusListBits * 2);
  std::set<uint64_t> revoked;
  while (revoked.size() < 500) revoked.insert(UniformBelow(random, bits.size()));
  for (uint64_t index : revoked) SetBit(bits, index);

  Result<StatusListView> view = ReadStatusListCredential(BuildOrDie(Options(), bits));
  ASSERT_TRUE(view.ok()) << view.error().message();
  EXPECT_EQ(view->id, "https://pramaan.example/status/r1");
  EXPECT_EQ(view->issuer_id, "did:web:pramaan.example");
  EXPECT_EQ(view->list_id, "https://pramaan.example/status/r1#list");
  EXPECT_EQ(view->status_purposes, std::vector<std::string>{"revocation"});
  EXPECT_EQ(view->valid_from, At("2025-06-01T00:00:00Z"));
  EXPECT_EQ(view->valid_until, At("2025-06-02T00:00:00Z"));
  EXPECT_EQ(view->ttl_ms, std::optional<uint64_t>(300000));
  EXPECT_EQ(view->bits, bits);

  for (uint64_t index : {*revoked.begin(), *revoked.rbegin()}) {
    Result<bool> status = LookUpEntryStatus(*view, EntryFor(index));
    ASSERT_TRUE(status.ok()) << status.error().message();
    EXPECT_TRUE(*status) << index;
  }
  uint64_t unrevoked = 0;
  while (revoked.count(unrevoked)) ++unrevoked;
  Result<bool> status = LookUpEntryStatus(*view, EntryFor(unrevoked));
  ASSERT_TRUE(status.ok()) << status.error().message();
  EXPECT_FALSE(*status);
}

TEST(StatusListCredential, BuildsWithoutTheOptionalMembers) {
  StatusListCredentialOptions options = Options();
  options.valid_until.reset();
  options.ttl_ms.reset();
  const Json credential = BuildOrDie(options, MakeList(kMinStatusListBits));
  EXPECT_FALSE(credential.contains("validUntil"));
  EXPECT_FALSE(credential["credentialSubject"].contains("ttl"));
  Result<StatusListView> view = ReadStatusListCredential(credential);
  ASSERT_TRUE(view.ok()) << view.error().message();
  EXPECT_FALSE(view->valid_until.has_value());
  EXPECT_FALSE(view->ttl_ms.has_value());
}

TEST(StatusListCredential, BuildFailsOnBadOptions) {
  const Bitstring bits = MakeList(kMinStatusListBits);
  std::vector<std::pair<std::string, StatusListCredentialOptions>> cases;
  StatusListCredentialOptions o = Options();
  o.id = "https://pramaan.example/status/r1#frag";
  cases.push_back({"id with a fragment", o});
  o = Options();
  o.id = "/status/r1";
  cases.push_back({"relative id", o});
  o = Options();
  o.issuer = "pramaan";
  cases.push_back({"issuer not a URL", o});
  o = Options();
  o.status_purpose = "";
  cases.push_back({"empty purpose", o});
  o = Options();
  o.valid_until = o.valid_from;
  cases.push_back({"validUntil equal to validFrom", o});
  o = Options();
  o.valid_until = At("2025-05-01T00:00:00Z");
  cases.push_back({"validUntil before validFrom", o});
  for (const auto& [name, options] : cases) {
    Result<Json> credential = BuildStatusListCredential(options, bits);
    ASSERT_FALSE(credential.ok()) << name;
    EXPECT_EQ(credential.error().code(), ErrorCode::kInvalidInput) << name;
  }
}

TEST(StatusListCredential, ReadsTheSpecExamplesAndFindsExample4NotRevoked) {
  const Json entry_credential = SpecExample("example4-revocable-vc.json");
  Result<CredentialStatusEntries> entries = ReadCredentialStatus(entry_credential);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->entries.size(), 1u);
  for (const char* name :
       {"example3-BitstringStatusListCredential.json", "example5-status-list-vc.json"}) {
    Result<StatusListView> view = ReadStatusListCredential(SpecExample(name));
    ASSERT_TRUE(view.ok()) << name << ": " << view.error().message();
    EXPECT_EQ(view->id, "https://example.com/credentials/status/3");
    EXPECT_EQ(view->issuer_id, "did:example:12345");
    EXPECT_EQ(view->list_id, "https://example.com/status/3#list");
    EXPECT_EQ(view->status_purposes, std::vector<std::string>{"revocation"});
    EXPECT_EQ(view->valid_from, At("2021-04-05T14:27:40Z"));
    EXPECT_FALSE(view->valid_until.has_value());
    EXPECT_EQ(view->bits.size(), 131072u);
    Result<bool> revoked = LookUpEntryStatus(*view, entries->entries[0]);
    ASSERT_TRUE(revoked.ok()) << revoked.error().message();
    EXPECT_FALSE(*revoked) << name;
  }
}

TEST(StatusListCredential, LookUpFailsOnAnotherListsEntry) {
  // Example 1's suspension entry points at status/4, not the status/3 list of example 3.
  Result<StatusListView> view =
      ReadStatusListCredential(SpecExample("example3-BitstringStatusListCredential.json"));
  ASSERT_TRUE(view.ok());
  Result<CredentialStatusEntries> entries = ReadCredentialStatus(
      SpecExample("example1-credential-with-revocation-and-suspension-entries.json"));
  ASSERT_TRUE(entries.ok());
  Result<bool> status = LookUpEntryStatus(*view, entries->entries[1]);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(status.error().message().find("https://example.com/credentials/status/4"),
            std::string::npos)
      << status.error().message();
}

TEST(StatusListCredential, LookUpFailsWhenThePurposeDiffers) {
  Result<StatusListView> view =
      ReadStatusListCredential(BuildOrDie(Options(), MakeList(kMinStatusListBits)));
  ASSERT_TRUE(view.ok());
  Result<bool> status = LookUpEntryStatus(*view, EntryFor(5, "suspension"));
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message().find("\"suspension\" is not a purpose of the status list"),
            std::string::npos)
      << status.error().message();
}

TEST(StatusListCredential, LookUpFailsOnAnIndexBeyondTheList) {
  Result<StatusListView> view =
      ReadStatusListCredential(BuildOrDie(Options(), MakeList(kMinStatusListBits)));
  ASSERT_TRUE(view.ok());
  Result<bool> last = LookUpEntryStatus(*view, EntryFor(kMinStatusListBits - 1));
  ASSERT_TRUE(last.ok());
  Result<bool> status = LookUpEntryStatus(*view, EntryFor(kMinStatusListBits));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(status.error().message().find("outside the list of 131072 entries"), std::string::npos)
      << status.error().message();
}

// Bitstring Status List 1.0 section 3.2: an entry of statusSize n reads n bits from
// statusListIndex * n, the first the most significant; a list that gives a statusSize holds
// entries of that size only.
TEST(StatusListCredential, BitstringStatusList_LooksUpMultiBitStatusesMostSignificantBitFirst) {
  Bitstring bits = MakeList(kMinStatusListBits);
  SetBit(bits, 10);  // index 5 of 2 bits: 0b10
  SetBit(bits, 13);  // index 6 of 2 bits: 0b01
  Result<StatusListView> view = ReadStatusListCredential(BuildOrDie(Options(), bits));
  ASSERT_TRUE(view.ok());
  BitstringStatusListEntry entry = EntryFor(5);
  entry.status_size = 2;
  const std::vector<std::pair<uint64_t, uint64_t>> expected = {{0, 0}, {5, 2}, {6, 1}, {7, 0}};
  for (const auto& [index, value] : expected) {
    entry.status_list_index = index;
    Result<uint64_t> found = LookUpEntryValue(*view, entry);
    ASSERT_TRUE(found.ok()) << found.error().message();
    EXPECT_EQ(*found, value) << index;
    EXPECT_EQ(*LookUpEntryStatus(*view, entry), value != 0) << index;
  }
  entry.status_list_index = kMinStatusListBits / 2 - 1;
  EXPECT_TRUE(LookUpEntryValue(*view, entry).ok());
  entry.status_list_index = kMinStatusListBits / 2;
  Result<uint64_t> beyond = LookUpEntryValue(*view, entry);
  ASSERT_FALSE(beyond.ok());
  EXPECT_NE(beyond.error().message().find("beyond the status list"), std::string::npos)
      << beyond.error().message();
  // A list that says its statuses are 1 bit does not answer for a 2-bit entry.
  Json sized = BuildOrDie(Options(), bits);
  sized["credentialSubject"]["statusSize"] = 1;
  Result<StatusListView> one_bit = ReadStatusListCredential(sized);
  ASSERT_TRUE(one_bit.ok()) << one_bit.error().message();
  entry.status_list_index = 5;
  Result<uint64_t> other_size = LookUpEntryValue(*one_bit, entry);
  ASSERT_FALSE(other_size.ok());
  EXPECT_EQ(other_size.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(other_size.error().message().find("is not the status list's 1"), std::string::npos)
      << other_size.error().message();
}

TEST(StatusListCredential, AListWithSeveralPurposesServesEach) {
  Bitstring bits = MakeList(kMinStatusListBits);
  SetBit(bits, 9);
  Json credential = BuildOrDie(Options(), bits);
  credential["credentialSubject"]["statusPurpose"] = Json::array({"revocation", "suspension"});
  Result<StatusListView> view = ReadStatusListCredential(credential);
  ASSERT_TRUE(view.ok()) << view.error().message();
  for (const char* purpose : {"revocation", "suspension"}) {
    Result<bool> status = LookUpEntryStatus(*view, EntryFor(9, purpose));
    ASSERT_TRUE(status.ok()) << status.error().message();
    EXPECT_TRUE(*status);
  }
}

TEST(StatusListCredential, ReadFailsOnMalformedListCredentials) {
  const Json good = BuildOrDie(Options(), MakeList(kMinStatusListBits));
  struct Case {
    std::string name;
    Json credential;
    ErrorCode code;
    std::string message_part;
  };
  std::vector<Case> cases;
  auto edit = [&](auto change) {
    Json c = good;
    change(c);
    return c;
  };
  const ErrorCode kBad = ErrorCode::kInvalidInput;
  cases.push_back({"VC 1.1 context", edit([](Json& c) {
                     c["@context"] = Json::array({std::string(kCredentialsV1Context)});
                     c["issuanceDate"] = "2025-06-01T00:00:00Z";
                   }),
                   kBad, "the first @context must be https://www.w3.org/ns/credentials/v2"});
  cases.push_back({"not a list credential",
                   edit([](Json& c) { c["type"] = Json::array({"VerifiableCredential"}); }), kBad,
                   "type must include BitstringStatusListCredential"});
  cases.push_back({"no issuer", edit([](Json& c) { c.erase("issuer"); }), kBad, "issuer"});
  cases.push_back(
      {"bad validUntil", edit([](Json& c) { c["validUntil"] = "tomorrow"; }), kBad, "validUntil"});
  cases.push_back({"subject an array", edit([](Json& c) {
                     c["credentialSubject"] = Json::array({c["credentialSubject"]});
                   }),
                   kBad, "credentialSubject must be one object"});
  cases.push_back({"subject of another type",
                   edit([](Json& c) { c["credentialSubject"]["type"] = "StatusList2021"; }), kBad,
                   "credentialSubject.type must be BitstringStatusList"});
  cases.push_back({"no purpose",
                   edit([](Json& c) { c["credentialSubject"].erase("statusPurpose"); }), kBad,
                   "statusPurpose is required"});
  cases.push_back({"empty purpose array",
                   edit([](Json& c) { c["credentialSubject"]["statusPurpose"] = Json::array(); }),
                   kBad, "statusPurpose is an empty array"});
  cases.push_back({"no encodedList",
                   edit([](Json& c) { c["credentialSubject"].erase("encodedList"); }), kBad,
                   "encodedList is required"});
  cases.push_back({"encodedList base58",
                   edit([](Json& c) { c["credentialSubject"]["encodedList"] = "z1111"; }), kBad,
                   "prefix 'u'"});
  cases.push_back({"negative ttl", edit([](Json& c) { c["credentialSubject"]["ttl"] = -1; }), kBad,
                   "ttl must be a non-negative integer"});
  cases.push_back({"ttl a string", edit([](Json& c) { c["credentialSubject"]["ttl"] = "300000"; }),
                   kBad, "ttl must be a non-negative integer"});
  cases.push_back({"statusSize 0", edit([](Json& c) { c["credentialSubject"]["statusSize"] = 0; }),
                   kBad, "statusSize must be an integer from 1 to 16"});
  cases.push_back({"statusSize 17", edit([](Json& c) { c["credentialSubject"]["statusSize"] = 17; }),
                   kBad, "statusSize must be an integer from 1 to 16"});
  for (const Case& c : cases) {
    Result<StatusListView> view = ReadStatusListCredential(c.credential);
    ASSERT_FALSE(view.ok()) << c.name;
    EXPECT_EQ(view.error().code(), c.code) << c.name << ": " << view.error().message();
    EXPECT_EQ(view.error().message().rfind("status list credential: ", 0), 0u)
        << c.name << ": " << view.error().message();
    EXPECT_NE(view.error().message().find(c.message_part), std::string::npos)
        << c.name << ": " << view.error().message();
  }
}

}  // namespace
}  // namespace pramaan
