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

// Ids a caller may choose (options.credentialId, the short id of a credential brought to be
// signed): 16 to 32 characters of the same alphabet as ours, ^[a-z2-7]{16,32}$, so that an id
// typed from a printout can be normalized (NormalizeTypedCredentialId) and found.
inline constexpr std::size_t kMinChosenIdLength = 16;
inline constexpr std::size_t kMaxChosenIdLength = 32;
bool IsChosenCredentialId(std::string_view id);

// An id as a person types or pastes it, made comparable: lower-cased, with spaces, tabs and
// dashes (also as %20) removed. Anything else is kept as it is, so a string that is no id stays
// no id.
std::string NormalizeTypedCredentialId(std::string_view typed);

}  // namespace pramaan

#endif  // PRAMAAN_ISSUER_CREDENTIAL_ID_H_
