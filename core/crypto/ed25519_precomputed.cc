#include "core/crypto/ed25519_precomputed.h"

#include <sodium.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "core/crypto/random.h"

// Written from the mathematics: RFC 8032 section 5.1 for encodings and the checks, twisted
// Edwards curves -x^2 + y^2 = 1 + d x^2 y^2 in extended coordinates with the addition and
// doubling formulas of Hisil, Wong, Carter and Dawson ("Twisted Edwards curves revisited",
// 2008), and arithmetic modulo p = 2^255 - 19 in five 51-bit limbs. For a = -1 and d not a
// square these formulas are complete, so points of small order and the identity need no
// special cases.
//
// Verification computes R' = [S]B - [h]A as a sum of table entries. A scalar below 2^253 is
// written in 64 signed radix-16 digits e_i in [-8, 8]; the tables hold (j 16^i) P for
// j = 1..8 and i = 0..63 as affine points, so [e]P is at most 64 mixed additions with no
// doubling. B's table is built once per process, A's once per key.

namespace pramaan {
namespace {

// __extension__ keeps -Wpedantic quiet about the (GCC and Clang) 128-bit integer type.
__extension__ typedef unsigned __int128 Uint128;

// ---- Field arithmetic modulo p = 2^255 - 19 ----

// value = v[0] + v[1] 2^51 + v[2] 2^102 + v[3] 2^153 + v[4] 2^204. Limbs may exceed 51 bits
// between carries. "Loose" below means every limb is under 2^51 + 2^17, which is what FeMul,
// FeSquare and FeCarry return.
struct Fe {
  uint64_t v[5];
};

constexpr uint64_t kLimbMask = (uint64_t{1} << 51) - 1;

constexpr Fe kFeZero = {{0, 0, 0, 0, 0}};
constexpr Fe kFeOne = {{1, 0, 0, 0, 0}};

constexpr uint64_t LoadLittleEndian64(const uint8_t* bytes) {
  uint64_t word = 0;
  for (int i = 7; i >= 0; --i) word = (word << 8) | bytes[i];
  return word;
}

// The low 255 bits of `bytes` (little-endian); the top bit, a sign bit in point encodings,
// is ignored. The result may be >= p when the encoding is not canonical.
constexpr Fe FeFromBytes(std::span<const uint8_t, 32> bytes) {
  const uint64_t w0 = LoadLittleEndian64(bytes.data());
  const uint64_t w1 = LoadLittleEndian64(bytes.data() + 8);
  const uint64_t w2 = LoadLittleEndian64(bytes.data() + 16);
  const uint64_t w3 = LoadLittleEndian64(bytes.data() + 24);
  return {{w0 & kLimbMask, ((w0 >> 51) | (w1 << 13)) & kLimbMask,
           ((w1 >> 38) | (w2 << 26)) & kLimbMask, ((w2 >> 25) | (w3 << 39)) & kLimbMask,
           (w3 >> 12) & kLimbMask}};
}

// Any limbs below 2^63 in; loose limbs out (limb 0 takes 19 times the carry out of limb 4,
// since 2^255 = 19 mod p).
constexpr Fe FeCarry(const Fe& a) {
  Fe r = a;
  for (int i = 0; i < 4; ++i) {
    r.v[i + 1] += r.v[i] >> 51;
    r.v[i] &= kLimbMask;
  }
  const uint64_t carry = r.v[4] >> 51;
  r.v[4] &= kLimbMask;
  r.v[0] += 19 * carry;
  return r;
}

// Limbs below 2^63 in total; no carry.
constexpr Fe FeAdd(const Fe& a, const Fe& b) {
  return {{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2], a.v[3] + b.v[3], a.v[4] + b.v[4]}};
}

// a - b computed as a + 4p - b so that no limb goes negative: `b` must be loose (any limb
// below 2^53 - 76 works); the result's limbs are below a's plus 2^53.
constexpr Fe FeSub(const Fe& a, const Fe& b) {
  constexpr uint64_t kFourP0 = 4 * ((uint64_t{1} << 51) - 19);
  constexpr uint64_t kFourP = 4 * ((uint64_t{1} << 51) - 1);
  return {{a.v[0] + kFourP0 - b.v[0], a.v[1] + kFourP - b.v[1], a.v[2] + kFourP - b.v[2],
           a.v[3] + kFourP - b.v[3], a.v[4] + kFourP - b.v[4]}};
}

constexpr Fe FeNeg(const Fe& a) { return FeCarry(FeSub(kFeZero, a)); }

// Carries five 128-bit column sums into loose limbs. Written for the columns FeMul and
// FeSquare make of limbs below 2^54: columns 0..3 below 2^115 and column 4, which has no
// wrapped products, below 2^111 even with the carry into it. The carry out of column 4 is
// then below 2^60, so 19 times it (folded into limb 0, as 2^255 = 19 mod p) fits 64 bits, and
// limb 1 receives less than 2^13 from limb 0.
[[gnu::always_inline]] constexpr Fe FeCarryWide(Uint128 t0, Uint128 t1, Uint128 t2, Uint128 t3,
                                                Uint128 t4) {
  t1 += static_cast<uint64_t>(t0 >> 51);
  t2 += static_cast<uint64_t>(t1 >> 51);
  t3 += static_cast<uint64_t>(t2 >> 51);
  t4 += static_cast<uint64_t>(t3 >> 51);
  const uint64_t low =
      (static_cast<uint64_t>(t0) & kLimbMask) + 19 * static_cast<uint64_t>(t4 >> 51);
  return {{low & kLimbMask, (static_cast<uint64_t>(t1) & kLimbMask) + (low >> 51),
           static_cast<uint64_t>(t2) & kLimbMask, static_cast<uint64_t>(t3) & kLimbMask,
           static_cast<uint64_t>(t4) & kLimbMask}};
}

// Limbs below 2^54 in (so each product term is below 19 * 2^108 and each column below
// 2^115); loose limbs out. Column k collects a_i b_j with i + j = k, plus 19 a_i b_j with
// i + j = k + 5.
[[gnu::always_inline]] constexpr Fe FeMul(const Fe& a, const Fe& b) {
  const uint64_t a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const uint64_t b0 = b.v[0], b1 = b.v[1], b2 = b.v[2], b3 = b.v[3], b4 = b.v[4];
  const uint64_t b1_19 = 19 * b1, b2_19 = 19 * b2, b3_19 = 19 * b3, b4_19 = 19 * b4;
  const Uint128 t0 = Uint128{a0} * b0 + Uint128{a1} * b4_19 + Uint128{a2} * b3_19 +
                     Uint128{a3} * b2_19 + Uint128{a4} * b1_19;
  const Uint128 t1 = Uint128{a0} * b1 + Uint128{a1} * b0 + Uint128{a2} * b4_19 +
                     Uint128{a3} * b3_19 + Uint128{a4} * b2_19;
  const Uint128 t2 = Uint128{a0} * b2 + Uint128{a1} * b1 + Uint128{a2} * b0 + Uint128{a3} * b4_19 +
                     Uint128{a4} * b3_19;
  const Uint128 t3 = Uint128{a0} * b3 + Uint128{a1} * b2 + Uint128{a2} * b1 + Uint128{a3} * b0 +
                     Uint128{a4} * b4_19;
  const Uint128 t4 =
      Uint128{a0} * b4 + Uint128{a1} * b3 + Uint128{a2} * b2 + Uint128{a3} * b1 + Uint128{a4} * b0;
  return FeCarryWide(t0, t1, t2, t3, t4);
}

// FeMul(a, a) with the symmetric products counted once and doubled.
[[gnu::always_inline]] constexpr Fe FeSquare(const Fe& a) {
  const uint64_t a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const uint64_t d0 = 2 * a0, d1 = 2 * a1, d2 = 2 * a2, d3 = 2 * a3;
  const uint64_t a3_19 = 19 * a3, a4_19 = 19 * a4;
  const Uint128 t0 = Uint128{a0} * a0 + Uint128{d1} * a4_19 + Uint128{d2} * a3_19;
  const Uint128 t1 = Uint128{d0} * a1 + Uint128{d2} * a4_19 + Uint128{a3} * a3_19;
  const Uint128 t2 = Uint128{d0} * a2 + Uint128{a1} * a1 + Uint128{d3} * a4_19;
  const Uint128 t3 = Uint128{d0} * a3 + Uint128{d1} * a2 + Uint128{a4} * a4_19;
  const Uint128 t4 = Uint128{d0} * a4 + Uint128{d1} * a3 + Uint128{a2} * a2;
  return FeCarryWide(t0, t1, t2, t3, t4);
}

Fe FeSquareTimes(Fe a, int times) {
  for (int i = 0; i < times; ++i) a = FeSquare(a);
  return a;
}

// The canonical little-endian encoding of `a` (value below p, top bit clear). Limbs below
// 2^63 in.
std::array<uint8_t, 32> FeToBytes(const Fe& a) {
  // Two carries leave every limb below 2^51, so the value is below 2^255: the second carry
  // out of limb 4 is nonzero only if limbs 1..4 all wrapped to zero, leaving limb 0 small.
  Fe r = FeCarry(FeCarry(a));
  // The value is now in [0, 2^255); it is >= p exactly when adding 19 reaches 2^255.
  uint64_t q = (r.v[0] + 19) >> 51;
  for (int i = 1; i < 5; ++i) q = (r.v[i] + q) >> 51;
  r.v[0] += 19 * q;
  for (int i = 0; i < 4; ++i) {
    r.v[i + 1] += r.v[i] >> 51;
    r.v[i] &= kLimbMask;
  }
  r.v[4] &= kLimbMask;  // drops the 2^255 that adding 19 produced when q = 1: r - p
  const uint64_t words[4] = {r.v[0] | (r.v[1] << 51), (r.v[1] >> 13) | (r.v[2] << 38),
                             (r.v[2] >> 26) | (r.v[3] << 25), (r.v[3] >> 39) | (r.v[4] << 12)};
  std::array<uint8_t, 32> bytes;
  for (int i = 0; i < 32; ++i) bytes[i] = static_cast<uint8_t>(words[i / 8] >> (8 * (i % 8)));
  return bytes;
}

bool FeEqual(const Fe& a, const Fe& b) { return FeToBytes(a) == FeToBytes(b); }

// "Negative" in RFC 8032's sense: the canonical value is odd.
bool FeIsNegative(const Fe& a) { return (FeToBytes(a)[0] & 1) != 0; }

// z^(2^250 - 1) and z^11: the shared start of the two exponentiations below (an addition
// chain of 250 squarings and 11 multiplications).
struct PowerChain {
  Fe z_11;
  Fe z_2_250_minus_1;
};

PowerChain RaiseTo2250Minus1(const Fe& z) {
  const Fe z_2 = FeSquare(z);
  const Fe z_9 = FeMul(FeSquareTimes(z_2, 2), z);
  const Fe z_11 = FeMul(z_9, z_2);
  const Fe z_2_5 = FeMul(FeSquare(z_11), z_9);  // z^(2^5 - 1) = z^31
  const Fe z_2_10 = FeMul(FeSquareTimes(z_2_5, 5), z_2_5);
  const Fe z_2_20 = FeMul(FeSquareTimes(z_2_10, 10), z_2_10);
  const Fe z_2_40 = FeMul(FeSquareTimes(z_2_20, 20), z_2_20);
  const Fe z_2_50 = FeMul(FeSquareTimes(z_2_40, 10), z_2_10);
  const Fe z_2_100 = FeMul(FeSquareTimes(z_2_50, 50), z_2_50);
  const Fe z_2_200 = FeMul(FeSquareTimes(z_2_100, 100), z_2_100);
  const Fe z_2_250 = FeMul(FeSquareTimes(z_2_200, 50), z_2_50);  // each z_2_k is z^(2^k - 1)
  return {z_11, z_2_250};
}

// z^(p - 2) = z^(2^255 - 21) = 1/z (and 0 for 0).
Fe FeInvert(const Fe& z) {
  const PowerChain chain = RaiseTo2250Minus1(z);
  return FeMul(FeSquareTimes(chain.z_2_250_minus_1, 5), chain.z_11);
}

// z^((p - 5) / 8) = z^(2^252 - 3), the power RFC 8032 section 5.1.3 uses for square roots.
Fe FePowPMinus5Over8(const Fe& z) {
  return FeMul(FeSquareTimes(RaiseTo2250Minus1(z).z_2_250_minus_1, 2), z);
}

// d = -121665/121666 and sqrt(-1) = 2^((p - 1)/4), little-endian.
constexpr std::array<uint8_t, 32> kDBytes = {
    0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75, 0xab, 0xd8, 0x41, 0x41, 0x4d, 0x0a, 0x70, 0x00,
    0x98, 0xe8, 0x79, 0x77, 0x79, 0x40, 0xc7, 0x8c, 0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c, 0x03, 0x52};
constexpr std::array<uint8_t, 32> kSqrtMinusOneBytes = {
    0xb0, 0xa0, 0x0e, 0x4a, 0x27, 0x1b, 0xee, 0xc4, 0x78, 0xe4, 0x2f, 0xad, 0x06, 0x18, 0x43, 0x2f,
    0xa7, 0xd7, 0xfb, 0x3d, 0x99, 0x00, 0x4d, 0x2b, 0x0b, 0xdf, 0xc1, 0x4f, 0x80, 0x24, 0x83, 0x2b};
constexpr Fe kD = FeFromBytes(kDBytes);
constexpr Fe kTwoD = FeCarry(FeAdd(kD, kD));
constexpr Fe kSqrtMinusOne = FeFromBytes(kSqrtMinusOneBytes);

// ---- Points ----

// (X : Y : Z : T) with x = X/Z, y = Y/Z and x y = T/Z; loose coordinates.
struct ExtendedPoint {
  Fe x, y, z, t;
};

constexpr ExtendedPoint kIdentity = {kFeZero, kFeOne, kFeOne, kFeZero};

// An affine point (x, y) kept as (y + x, y - x, 2 d x y) for mixed addition; loose limbs.
struct NielsPoint {
  Fe y_plus_x, y_minus_x, xy2d;
};

// p + q for an affine q, or p - q when kSubtract: the HWCD unified addition with Z2 = 1, 7
// multiplications. -q = (-x, y), whose y + x and y - x trade places and whose 2dxy changes
// sign.
template <bool kSubtract>
ExtendedPoint AddNiels(const ExtendedPoint& p, const NielsPoint& q) {
  const Fe a = FeMul(FeSub(p.y, p.x), kSubtract ? q.y_plus_x : q.y_minus_x);
  const Fe b = FeMul(FeAdd(p.y, p.x), kSubtract ? q.y_minus_x : q.y_plus_x);
  const Fe c = FeMul(p.t, q.xy2d);
  const Fe two_z = FeAdd(p.z, p.z);
  const Fe e = FeSub(b, a), h = FeAdd(b, a);
  const Fe f = kSubtract ? FeAdd(two_z, c) : FeSub(two_z, c);
  const Fe g = kSubtract ? FeSub(two_z, c) : FeAdd(two_z, c);
  return {FeMul(e, f), FeMul(g, h), FeMul(f, g), FeMul(e, h)};
}

// p + q, both projective (only while building tables): the same formula with Z2 and T2.
ExtendedPoint Add(const ExtendedPoint& p, const ExtendedPoint& q) {
  const Fe a = FeMul(FeSub(p.y, p.x), FeSub(q.y, q.x));
  const Fe b = FeMul(FeAdd(p.y, p.x), FeAdd(q.y, q.x));
  const Fe c = FeMul(FeMul(p.t, kTwoD), q.t);
  const Fe zz = FeMul(p.z, q.z);
  const Fe two_z = FeAdd(zz, zz);
  const Fe e = FeSub(b, a), f = FeSub(two_z, c), g = FeAdd(two_z, c), h = FeAdd(b, a);
  return {FeMul(e, f), FeMul(g, h), FeMul(f, g), FeMul(e, h)};
}

// 2p by HWCD doubling for a = -1, with the signs of E, F, G, H all flipped (their products
// are unchanged) so that no negation is needed: x3 = 2xy / (y^2 - x^2) and
// y3 = (y^2 + x^2) / (2 - y^2 + x^2).
ExtendedPoint Double(const ExtendedPoint& p) {
  const Fe xx = FeSquare(p.x);
  const Fe yy = FeSquare(p.y);
  const Fe zz = FeSquare(p.z);
  const Fe h = FeAdd(xx, yy);
  const Fe e = FeSub(h, FeSquare(FeAdd(p.x, p.y)));  // -2XY
  const Fe g = FeSub(xx, yy);
  const Fe f = FeAdd(FeAdd(zz, zz), g);
  return {FeMul(e, f), FeMul(g, h), FeMul(f, g), FeMul(e, h)};
}

// RFC 8032 section 5.1.2: y with the sign (parity) of x in the top bit.
std::array<uint8_t, 32> Encode(const ExtendedPoint& p) {
  const Fe z_inverse = FeInvert(p.z);
  std::array<uint8_t, 32> bytes = FeToBytes(FeMul(p.y, z_inverse));
  if (FeIsNegative(FeMul(p.x, z_inverse))) bytes[31] |= 0x80;
  return bytes;
}

// RFC 8032 section 5.1.3 steps 2-4 (the caller checks that y is canonical): recovers x from
// x^2 = (y^2 - 1) / (d y^2 + 1), or nullopt when that has no square root. x = 0 with the
// sign bit set is taken as x = 0, as libsodium does; it only arises for y = 1 and y = -1,
// which are blocked as small-order encodings before this is called.
std::optional<ExtendedPoint> Decode(std::span<const uint8_t, 32> bytes) {
  const Fe y = FeFromBytes(bytes);
  const Fe yy = FeSquare(y);
  const Fe u = FeCarry(FeSub(yy, kFeOne));
  const Fe v = FeCarry(FeAdd(FeMul(yy, kD), kFeOne));
  // Candidate root x = u v^3 (u v^7)^((p - 5)/8).
  const Fe v3 = FeMul(FeSquare(v), v);
  const Fe uv3 = FeMul(u, v3);
  Fe x = FeMul(uv3, FePowPMinus5Over8(FeMul(uv3, FeMul(v3, v))));
  const Fe vxx = FeMul(v, FeSquare(x));
  if (!FeEqual(vxx, u)) {
    if (!FeEqual(vxx, FeNeg(u))) return std::nullopt;
    x = FeMul(x, kSqrtMinusOne);
  }
  if (FeIsNegative(x) != ((bytes[31] >> 7) != 0)) x = FeNeg(x);
  return ExtendedPoint{x, FeCarry(y), kFeOne, FeMul(x, y)};
}

// The base point B: y = 4/5, x even.
constexpr std::array<uint8_t, 32> kBasePointBytes = {
    0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66};

// ---- Encodings libsodium refuses ----

// The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
constexpr std::array<uint8_t, 32> kOrderBytes = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};

// a < b, both 32-byte little-endian integers.
bool LessThan(std::span<const uint8_t, 32> a, const std::array<uint8_t, 32>& b) {
  for (int i = 31; i >= 0; --i) {
    if (a[i] != b[i]) return a[i] < b[i];
  }
  return false;
}

// S < L (libsodium's sc25519_is_canonical).
bool IsCanonicalScalar(std::span<const uint8_t, 32> s) { return LessThan(s, kOrderBytes); }

// The y of a point encoding, sign bit ignored, is below p (libsodium's ge25519_is_canonical).
bool IsCanonicalY(std::span<const uint8_t, 32> encoding) {
  constexpr std::array<uint8_t, 32> kP = {0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                          0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                          0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                          0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f};
  std::array<uint8_t, 32> y;
  std::copy(encoding.begin(), encoding.end(), y.begin());
  y[31] &= 0x7f;
  return LessThan(y, kP);
}

// The y coordinates of the eight points of order dividing 8 ((0, 1), (0, -1), (+-sqrt(-1), 0)
// and four points of order 8 with y = +-y8), written as 32 bytes with the sign bit clear,
// plus the two non-canonical forms y + p that fit in 255 bits (y = 0 and y = 1; for every
// other of these y, y + p >= 2^255).
constexpr std::array<uint8_t, 32> kSmallOrderY[] = {
    // 0: (+-sqrt(-1), 0), order 4.
    {},
    // 1: the identity.
    {0x01},
    // y8 = 2707385501144840649318225287225658788936804267575313519463743609750303402022, order 8.
    {0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4,
     0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6,
     0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05},
    // p - y8, order 8.
    {0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b,
     0x76, 0x0d, 0x10, 0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39,
     0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a},
    // p - 1: (0, -1), order 2.
    {0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
    // p, a non-canonical 0.
    {0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
    // p + 1, a non-canonical 1.
    {0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
};

// libsodium's ge25519_has_small_order: the encoding's y, with the sign bit ignored, is one of
// kSmallOrderY. That is 14 encodings, both signs of each, including x = 0 with the sign bit
// set, which does not decode under RFC 8032 but is blocked all the same.
bool HasSmallOrderEncoding(std::span<const uint8_t, 32> encoding) {
  for (const std::array<uint8_t, 32>& y : kSmallOrderY) {
    if (std::equal(y.begin(), y.begin() + 31, encoding.begin()) && (encoding[31] & 0x7f) == y[31]) {
      return true;
    }
  }
  return false;
}

// ---- Tables and scalars ----

constexpr int kWindows = 64;   // radix-16 digits of a scalar below 2^253, with a carry
constexpr int kMultiples = 8;  // digits lie in [-8, 8]

// entries[i][j] = (j + 1) 16^i P.
using MultiplesTable = std::array<std::array<NielsPoint, kMultiples>, kWindows>;

// Fills `table` with the multiples of `point`: projective multiples by additions and
// doublings, then one shared inversion (Montgomery's trick) to make them all affine.
void FillMultiplesTable(const ExtendedPoint& point, MultiplesTable& table) {
  constexpr int kCount = kWindows * kMultiples;
  std::vector<ExtendedPoint> multiples(kCount);
  ExtendedPoint window_base = point;  // 16^i P
  for (int i = 0; i < kWindows; ++i) {
    ExtendedPoint* row = &multiples[i * kMultiples];
    row[0] = window_base;
    row[1] = Double(window_base);
    for (int j = 2; j < kMultiples; ++j) row[j] = Add(row[j - 1], window_base);
    window_base = Double(row[kMultiples - 1]);  // 2 (8 16^i P)
  }
  // prefix[k] = z_0 z_1 ... z_k; none is zero since the formulas are complete.
  std::vector<Fe> prefix(kCount);
  prefix[0] = multiples[0].z;
  for (int k = 1; k < kCount; ++k) prefix[k] = FeMul(prefix[k - 1], multiples[k].z);
  Fe inverse = FeInvert(prefix[kCount - 1]);  // 1 / (z_0 ... z_k) for the current k
  for (int k = kCount - 1; k >= 0; --k) {
    Fe z_inverse = inverse;
    if (k > 0) {
      z_inverse = FeMul(inverse, prefix[k - 1]);
      inverse = FeMul(inverse, multiples[k].z);
    }
    const Fe x = FeMul(multiples[k].x, z_inverse);
    const Fe y = FeMul(multiples[k].y, z_inverse);
    table[k / kMultiples][k % kMultiples] = {FeCarry(FeAdd(y, x)), FeCarry(FeSub(y, x)),
                                             FeMul(FeMul(x, y), kTwoD)};
  }
}

const MultiplesTable& BasePointTable() {
  // Built on first use and kept for the life of the process (never destroyed, so no exit-time
  // destructor runs while another thread may be verifying).
  static const MultiplesTable* const table = [] {
    auto* base_table = new MultiplesTable;
    FillMultiplesTable(*Decode(kBasePointBytes), *base_table);
    return base_table;
  }();
  return *table;
}

// The 64 digits e_i in [-8, 8] with sum e_i 16^i = s, for s < 2^253 (so the top digit, with
// the last carry, is at most 2).
std::array<int8_t, kWindows> SignedRadix16(std::span<const uint8_t, 32> s) {
  std::array<int8_t, kWindows> digits;
  for (int i = 0; i < 32; ++i) {
    digits[2 * i] = static_cast<int8_t>(s[i] & 15);
    digits[2 * i + 1] = static_cast<int8_t>(s[i] >> 4);
  }
  int carry = 0;
  for (int i = 0; i < kWindows - 1; ++i) {
    const int digit = digits[i] + carry;  // in [0, 16]
    carry = (digit + 8) >> 4;             // 1 when digit >= 8
    digits[i] = static_cast<int8_t>(digit - (carry << 4));
  }
  digits[kWindows - 1] = static_cast<int8_t>(digits[kWindows - 1] + carry);
  return digits;
}

// acc + digit row[0], where row[j] = (j + 1) Q.
ExtendedPoint AddDigit(const ExtendedPoint& acc, const std::array<NielsPoint, kMultiples>& row,
                       int digit) {
  if (digit > 0) return AddNiels<false>(acc, row[digit - 1]);
  if (digit < 0) return AddNiels<true>(acc, row[-digit - 1]);
  return acc;
}

}  // namespace

struct Ed25519PrecomputedKey::Table {
  MultiplesTable multiples;
};

Ed25519PrecomputedKey::Ed25519PrecomputedKey(const std::array<uint8_t, 32>& public_key,
                                             std::unique_ptr<Table> table)
    : public_key_(public_key), table_(std::move(table)) {}

Ed25519PrecomputedKey::~Ed25519PrecomputedKey() = default;

std::unique_ptr<const Ed25519PrecomputedKey> Ed25519PrecomputedKey::Build(
    const std::array<uint8_t, 32>& public_key) {
  // libsodium's checks on the key, in its order: canonical y, not a blocked small-order
  // encoding, decodes. Nothing else: a key with a small-order component is used as it is.
  if (!IsCanonicalY(public_key) || HasSmallOrderEncoding(public_key)) return nullptr;
  const std::optional<ExtendedPoint> point = Decode(public_key);
  if (!point) return nullptr;
  EnsureSodiumInitialized();
  BasePointTable();  // so that the first Verify does not pay for it
  auto table = std::make_unique<Table>();
  FillMultiplesTable(*point, table->multiples);
  return std::unique_ptr<const Ed25519PrecomputedKey>(
      new Ed25519PrecomputedKey(public_key, std::move(table)));
}

bool Ed25519PrecomputedKey::Verify(std::span<const uint8_t, 64> signature,
                                   std::span<const uint8_t> message) const {
  const std::span<const uint8_t, 32> r = signature.first<32>();
  const std::span<const uint8_t, 32> s = signature.last<32>();
  if (!IsCanonicalScalar(s) || HasSmallOrderEncoding(r)) return false;

  // h = SHA-512(R || A || M) mod L, reduced as libsodium reduces it (the full h, not h mod 8
  // or 8h: with a key that has a small-order component the difference shows).
  std::array<uint8_t, crypto_hash_sha512_BYTES> digest;
  crypto_hash_sha512_state state;
  crypto_hash_sha512_init(&state);
  crypto_hash_sha512_update(&state, r.data(), r.size());
  crypto_hash_sha512_update(&state, public_key_.data(), public_key_.size());
  crypto_hash_sha512_update(&state, message.data(), message.size());
  crypto_hash_sha512_final(&state, digest.data());
  std::array<uint8_t, 32> h;
  crypto_core_ed25519_scalar_reduce(h.data(), digest.data());

  const std::array<int8_t, kWindows> s_digits = SignedRadix16(s);
  const std::array<int8_t, kWindows> h_digits = SignedRadix16(h);
  const MultiplesTable& base_table = BasePointTable();
  const MultiplesTable& key_table = table_->multiples;
  ExtendedPoint sum = kIdentity;  // [S]B - [h]A
  for (int i = 0; i < kWindows; ++i) {
    sum = AddDigit(sum, base_table[i], s_digits[i]);
    sum = AddDigit(sum, key_table[i], -h_digits[i]);
  }
  const std::array<uint8_t, 32> encoded = Encode(sum);
  return std::equal(encoded.begin(), encoded.end(), r.begin());
}

}  // namespace pramaan
