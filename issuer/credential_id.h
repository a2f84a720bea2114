// Credential ids: short random strings that keep the QR code small.
#ifndef PRAMAAN_ISSUER_CREDENTIAL_ID_H_
#define PRAMAAN_ISSUER_CREDENTIAL_ID_H_

#include <string>
#include <string_view>

namespace pramaan {

inline constexpr std::size_t kCredentialIdLength = 20;

// 100 random bits as 20 lower-case base32 characters ([a-z2-7]): URL-safe, unguessable (over
// the 80 bits DESIGN.md asks for), easy to read out over a phone, short enough for a small QR.
std::string NewCredentialId();

// True for a string NewCredentialId could have returned.
bool IsCredentialId(std::string_view id);

}  // namespace pramaan

#endif  // PRAMAAN_ISSUER_CREDENTIAL_ID_H_
