#include "core/json/jcs.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace pramaan {
namespace {

using Member = Json::object_t::value_type;

// Integers of at most this magnitude are exact doubles, so their ECMAScript form is their
// decimal digits and they can skip the double round trip.
constexpr std::int64_t kMaxExactInteger = std::int64_t{1} << 53;

// Length of the well-formed UTF-8 sequence (Unicode Table 3-7: no overlong forms, no
// surrogates, nothing above U+10FFFF) starting at bytes[0], or 0 if there is none.
std::size_t Utf8SequenceLength(const unsigned char* bytes, std::size_t available) {
  const unsigned char lead = bytes[0];
  if (lead < 0x80) return 1;
  std::size_t length;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead < 0xC2) {
    return 0;  // continuation byte or overlong two-byte form
  } else if (lead < 0xE0) {
    length = 2;
  } else if (lead < 0xF0) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // overlong
    if (lead == 0xED) second_max = 0x9F;  // UTF-16 surrogates
  } else if (lead < 0xF5) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // overlong
    if (lead == 0xF4) second_max = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (available < length) return 0;
  if (bytes[1] < second_min || bytes[1] > second_max) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if ((bytes[i] & 0xC0) != 0x80) return 0;
  }
  return length;
}

Error InvalidUtf8(std::string_view text, std::size_t offset) {
  static constexpr char kHexDigits[] = "0123456789abcdef";
  const auto byte = static_cast<unsigned char>(text[offset]);
  std::string message = "cannot canonicalize a string that is not valid UTF-8 (byte 0x";
  message.push_back(kHexDigits[byte >> 4]);
  message.push_back(kHexDigits[byte & 0xF]);
  message.append(" at offset ").append(std::to_string(offset)).append(")");
  return InvalidInput(std::move(message));
}

// Appends `text` as a JSON string the way ECMAScript JSON.stringify writes it, copying runs
// of bytes that need no escape in one append.
Status AppendString(std::string_view text, std::string* out) {
  static constexpr char kHexDigits[] = "0123456789abcdef";
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  out->push_back('"');
  std::size_t run_start = 0;
  std::size_t i = 0;
  while (i < size) {
    const unsigned char c = bytes[i];
    if (c >= 0x80) {
      const std::size_t length = Utf8SequenceLength(bytes + i, size - i);
      if (length == 0) return InvalidUtf8(text, i);
      i += length;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out->append(text.data() + run_start, i - run_start);
    out->push_back('\\');
    switch (c) {
      case '"':
        out->push_back('"');
        break;
      case '\\':
        out->push_back('\\');
        break;
      case '\b':
        out->push_back('b');
        break;
      case '\t':
        out->push_back('t');
        break;
      case '\n':
        out->push_back('n');
        break;
      case '\f':
        out->push_back('f');
        break;
      case '\r':
        out->push_back('r');
        break;
      default:
        out->append("u00");
        out->push_back(kHexDigits[c >> 4]);
        out->push_back(kHexDigits[c & 0xF]);
        break;
    }
    ++i;
    run_start = i;
  }
  out->append(text.data() + run_start, size - run_start);
  out->push_back('"');
  return Status::Ok();
}

// Orders UTF-8 names as their UTF-16 code unit sequences would order, without converting.
// UTF-8 byte order is code point order, and UTF-16 order agrees except that U+E000..U+FFFF
// (lead bytes 0xEE, 0xEF) sort after the surrogate pairs of U+10000.. (lead bytes
// 0xF0..0xF4). Equal prefixes leave both names at the same position within a sequence, so
// at the first differing byte either both are continuation bytes of one lead (byte order
// holds) or both are lead bytes, where only that one swap applies. The order is a total order
// even on invalid UTF-8, so sorting is always well defined.
bool Utf16Less(const std::string& a, const std::string& b) {
  const std::size_t common = std::min(a.size(), b.size());
  const auto* x = reinterpret_cast<const unsigned char*>(a.data());
  const auto* y = reinterpret_cast<const unsigned char*>(b.data());
  std::size_t i = 0;
  while (i < common && x[i] == y[i]) ++i;
  if (i == common) return a.size() < b.size();
  const bool x_upper_bmp = x[i] == 0xEE || x[i] == 0xEF;
  const bool y_upper_bmp = y[i] == 0xEE || y[i] == 0xEF;
  if (x_upper_bmp != y_upper_bmp && x[i] >= 0xEE && y[i] >= 0xEE) return y_upper_bmp;
  return x[i] < y[i];
}

void AppendEcmaScriptNumber(double value, std::string* out) {
  if (std::isnan(value)) {
    out->append("NaN");
    return;
  }
  if (value == 0) {  // both +0 and -0
    out->push_back('0');
    return;
  }
  if (value < 0) {
    out->push_back('-');
    value = -value;
  }
  if (std::isinf(value)) {
    out->append("Infinity");
    return;
  }

  // std::to_chars without a precision gives the shortest digits that round-trip, choosing
  // the closest (then even) candidate: the s, k of ES2019 7.1.12.1 step 5. Scientific form
  // "d[.ddd]e±xx" hands us the digits and the exponent separately.
  char buffer[32];
  const std::to_chars_result printed =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  const char* end = printed.ptr;
  char digits[20];
  int k = 0;
  const char* p = buffer;
  digits[k++] = *p++;
  if (*p == '.') {
    for (++p; *p != 'e'; ++p) digits[k++] = *p;
  }
  ++p;  // 'e'
  const bool negative_exponent = *p++ == '-';
  int exponent = 0;
  for (; p < end; ++p) exponent = exponent * 10 + (*p - '0');
  if (negative_exponent) exponent = -exponent;
  const int n = exponent + 1;  // value = 0.digits * 10^n

  if (k <= n && n <= 21) {
    out->append(digits, k);
    out->append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out->append(digits, n);
    out->push_back('.');
    out->append(digits + n, k - n);
  } else if (-6 < n && n <= 0) {
    out->append("0.");
    out->append(static_cast<std::size_t>(-n), '0');
    out->append(digits, k);
  } else {
    out->push_back(digits[0]);
    if (k > 1) {
      out->push_back('.');
      out->append(digits + 1, k - 1);
    }
    out->push_back('e');
    out->push_back(n - 1 < 0 ? '-' : '+');
    char exponent_digits[8];
    const std::to_chars_result written = std::to_chars(
        exponent_digits, exponent_digits + sizeof(exponent_digits), n - 1 < 0 ? 1 - n : n - 1);
    out->append(exponent_digits, written.ptr);
  }
}

template <typename Integer>
void AppendInteger(Integer value, std::string* out) {
  char buffer[24];
  const std::to_chars_result written = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, written.ptr);
}

// Writes one value tree into one output string. The member pointer scratch space is shared
// by all objects of the tree: each object sorts its own segment at the end, and nested objects
// push theirs beyond it and truncate back, so a whole document needs no per-object allocation.
class JcsWriter {
 public:
  explicit JcsWriter(std::string* out) : out_(out) {}

  // `depth` is the number of containers enclosing `value`.
  Status Write(const Json& value, int depth) {
    switch (value.type()) {
      case Json::value_t::null:
        out_->append("null");
        return Status::Ok();
      case Json::value_t::boolean:
        out_->append(*value.get_ptr<const Json::boolean_t*>() ? "true" : "false");
        return Status::Ok();
      case Json::value_t::number_integer: {
        const Json::number_integer_t number = *value.get_ptr<const Json::number_integer_t*>();
        if (number >= -kMaxExactInteger && number <= kMaxExactInteger) {
          AppendInteger(number, out_);
        } else {
          AppendEcmaScriptNumber(static_cast<double>(number), out_);
        }
        return Status::Ok();
      }
      case Json::value_t::number_unsigned: {
        const Json::number_unsigned_t number = *value.get_ptr<const Json::number_unsigned_t*>();
        if (number <= static_cast<std::uint64_t>(kMaxExactInteger)) {
          AppendInteger(number, out_);
        } else {
          AppendEcmaScriptNumber(static_cast<double>(number), out_);
        }
        return Status::Ok();
      }
      case Json::value_t::number_float: {
        const double number = *value.get_ptr<const Json::number_float_t*>();
        if (!std::isfinite(number)) {
          return InvalidInput("cannot canonicalize NaN or Infinity: JSON has no form for them");
        }
        AppendEcmaScriptNumber(number, out_);
        return Status::Ok();
      }
      case Json::value_t::string:
        return AppendString(*value.get_ptr<const Json::string_t*>(), out_);
      case Json::value_t::array:
        return WriteArray(*value.get_ptr<const Json::array_t*>(), depth + 1);
      case Json::value_t::object:
        return WriteObject(*value.get_ptr<const Json::object_t*>(), depth + 1);
      case Json::value_t::binary:
      case Json::value_t::discarded:
        break;
    }
    return InvalidInput("cannot canonicalize a binary or discarded value: JSON has no form");
  }

  // Writes `object` without its member named `skipped` (if any).
  Status WriteObjectWithout(const Json::object_t& object, std::string_view skipped) {
    return WriteObject(object, 1, skipped);
  }

 private:
  static Status CheckDepth(int depth) {
    if (depth > kMaxJsonDepth) {
      return InvalidInput("cannot canonicalize JSON nested deeper than " +
                          std::to_string(kMaxJsonDepth) + " levels");
    }
    return Status::Ok();
  }

  Status WriteArray(const Json::array_t& array, int depth) {
    PRAMAAN_RETURN_IF_ERROR(CheckDepth(depth));
    out_->push_back('[');
    bool first = true;
    for (const Json& element : array) {
      if (!first) out_->push_back(',');
      first = false;
      PRAMAAN_RETURN_IF_ERROR(Write(element, depth));
    }
    out_->push_back(']');
    return Status::Ok();
  }

  Status WriteObject(const Json::object_t& object, int depth, std::string_view skipped = {}) {
    PRAMAAN_RETURN_IF_ERROR(CheckDepth(depth));
    const std::size_t base = members_.size();
    for (const Member& member : object) {
      if (skipped.empty() || member.first != skipped) members_.push_back(&member);
    }
    const std::size_t count = members_.size() - base;
    if (count > 1) {
      std::sort(members_.begin() + static_cast<std::ptrdiff_t>(base), members_.end(),
                [](const Member* a, const Member* b) { return Utf16Less(a->first, b->first); });
    }
    out_->push_back('{');
    Status status;
    for (std::size_t i = 0; i < count && status.ok(); ++i) {
      if (i > 0) out_->push_back(',');
      // Indexed, not iterated: nested objects may grow (reallocate) members_.
      const Member* member = members_[base + i];
      status = AppendString(member->first, out_);
      if (!status.ok()) break;
      out_->push_back(':');
      status = Write(member->second, depth);
    }
    members_.resize(base);
    if (!status.ok()) return status;
    out_->push_back('}');
    return Status::Ok();
  }

  std::string* out_;
  std::vector<const Member*> members_;
};

}  // namespace

Status AppendJcs(const Json& value, std::string* out) {
  JcsWriter writer(out);
  return writer.Write(value, 0);
}

Status AppendJcsWithoutMember(const Json& object, std::string_view member, std::string* out) {
  if (!object.is_object()) return InvalidInput("only an object can be canonicalized without a member");
  JcsWriter writer(out);
  return writer.WriteObjectWithout(*object.get_ptr<const Json::object_t*>(), member);
}

Result<std::string> CanonicalizeJcs(const Json& value) {
  std::string out;
  PRAMAAN_RETURN_IF_ERROR(AppendJcs(value, &out));
  return out;
}

std::string FormatEcmaScriptNumber(double value) {
  std::string out;
  AppendEcmaScriptNumber(value, &out);
  return out;
}

}  // namespace pramaan
