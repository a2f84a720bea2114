#include "issuer/credential_id.h"

#include <array>

#include "core/crypto/random.h"

namespace pramaan {
namespace {
// RFC 4648 base32 alphabet in lower case: URL-safe, case-insensitive once lowered, and never
// starting with '-' (which would read as an option on a command line).
constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
}  // namespace

std::string NewCredentialId() {
  std::array<uint8_t, kCredentialIdLength> bytes;
  FillRandom(bytes);
  std::string id(kCredentialIdLength, 'a');
  for (size_t i = 0; i < bytes.size(); ++i) id[i] = kAlphabet[bytes[i] & 31];  // 5 bits each
  return id;
}

bool IsCredentialId(std::string_view id) {
  if (id.size() != kCredentialIdLength) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) return false;
  }
  return true;
}

bool IsChosenCredentialId(std::string_view id) {
  if (id.size() < kMinChosenIdLength || id.size() > kMaxChosenIdLength) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) return false;
  }
  return true;
}

std::string NormalizeTypedCredentialId(std::string_view typed) {
  std::string id;
  id.reserve(typed.size());
  for (size_t i = 0; i < typed.size(); ++i) {
    const char c = typed[i];
    if (c == ' ' || c == '\t' || c == '-') continue;
    if (c == '%' && typed.substr(i, 3) == "%20") {
      i += 2;
      continue;
    }
    id += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return id;
}

}  // namespace pramaan
