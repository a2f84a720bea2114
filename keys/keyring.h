// The issuer's key ring: every signing key a did:web issuer has used, in order, with its
// history. The issuer signs with the one active key; its DID document lists them all, so what
// a retired key signed keeps verifying, and a key declared compromised carries the time from
// which its proofs are no longer trusted.
//
// Format (JSON, mode 0644: it holds public keys and file names, never a secret):
//   {"type": "PramaanKeyRing", "version": 1, "keys": [
//     {"id": "did:web:HOST#key-1", "file": "issuer.key", "publicKeyMultibase": "z6Mk...",
//      "added": "2026-01-05T09:00:00Z", "retired": "2026-07-01T09:00:00Z",
//      "compromised": {"since": "2026-06-20T00:00:00Z", "declared": "2026-07-02T11:00:00Z",
//                      "reason": "laptop stolen"}},
//     {"id": "did:web:HOST#key-2", "file": "key-2.key", "publicKeyMultibase": "z6Mk...",
//      "added": "2026-07-01T09:00:00Z"}]}
// "retired" and "compromised" are optional. Key files are named relative to the ring's own
// directory. Exactly one key is active (has no "retired"): the one that signs. Times are
// written as RFC 3339 UTC in whole seconds.
//
// The ring file is only ever replaced whole (a temporary file, fsync, rename), and changes go
// through an exclusive flock on it, so two rotations at once both land, one after the other.
#ifndef PRAMAAN_KEYS_KEYRING_H_
#define PRAMAAN_KEYS_KEYRING_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/ed25519.h"
#include "core/did/did_document.h"
#include "core/json/json.h"
#include "core/result.h"
#include "core/time/rfc3339.h"
#include "keys/ed25519_signer_sodium.h"
#include "keys/secret_bytes.h"

namespace pramaan {

// A key declared compromised: proofs it made at or after `since` are not trusted.
struct KeyCompromise {
  Timestamp since;
  Timestamp declared;  // when the operator declared it
  std::string reason;  // for people; never empty
};

struct KeyRingEntry {
  std::string id;              // verification method id, "DID#fragment"
  std::filesystem::path file;  // as written in the ring: relative to the ring's directory
  Ed25519PublicKey public_key;
  Timestamp added;
  std::optional<Timestamp> retired;  // unset: the active key
  std::optional<KeyCompromise> compromised;

  bool active() const { return !retired.has_value(); }
};

// A validated key ring (see Create for what "valid" means). Immutable: changes return a new
// ring.
class KeyRing {
 public:
  // Checks and wraps `keys`: at least one; every id is "DID#fragment" of one and the same DID
  // and appears once; no public key or file appears twice; every file is non-empty; exactly
  // one key is active and it is not compromised; no key is retired before it was added; every
  // compromise reason is non-empty. Fails with kInvalidInput naming the key at fault.
  static Result<KeyRing> Create(std::vector<KeyRingEntry> keys);

  // Reads the JSON form above. Unknown members are errors, like a misspelt setting. Fails with
  // kInvalidInput naming `source` and the member at fault, or as Create.
  static Result<KeyRing> FromJson(const Json& json, std::string_view source = "key ring");

  // Reads and checks a ring file. Fails with kNotFound if it does not exist, otherwise as
  // FromJson.
  static Result<KeyRing> Read(const std::filesystem::path& path);

  Json ToJson() const;

  const std::string& did() const { return did_; }
  const std::vector<KeyRingEntry>& keys() const { return keys_; }
  const KeyRingEntry& active() const { return keys_[active_]; }
  // The key with verification method id `id`, or nullptr.
  const KeyRingEntry* Find(std::string_view id) const;

  // The issuer's DID document: every key, in ring order, in verificationMethod,
  // assertionMethod and authentication (a retired key must keep verifying what it signed); a
  // compromised key carries "revoked" = its compromise's since.
  DidDocument ToDidDocument() const;

  // The number N of the next "#key-N": one more than the largest N any key id uses (1 when
  // none does).
  int NextKeyNumber() const;

  // The ring with `key` (id did()#key-`number`, file `file`) appended as the active key and
  // the current active key retired at `now`. Fails as Create (e.g. the id, file or public key
  // is already in the ring).
  Result<KeyRing> Rotated(int number, std::filesystem::path file, const Ed25519PublicKey& key,
                          Timestamp now) const;

  // The ring with key `id` declared compromised. Unchanged (and successful) when that key is
  // already declared compromised from the same time. Fails with kNotFound for an unknown id,
  // kInvalidInput for the active key (rotate first: the ring would have nothing trustworthy to
  // sign with), for a key already declared compromised from another time, or for an empty
  // reason.
  Result<KeyRing> WithCompromise(std::string_view id, KeyCompromise compromise) const;

 private:
  KeyRing(std::string did, std::vector<KeyRingEntry> keys, size_t active)
      : did_(std::move(did)), keys_(std::move(keys)), active_(active) {}

  std::string did_;
  std::vector<KeyRingEntry> keys_;
  size_t active_;
};

// The path of `entry`'s key file: its "file" resolved against the directory of the ring at
// `ring_path`.
std::filesystem::path KeyFilePath(const std::filesystem::path& ring_path,
                                  const KeyRingEntry& entry);

// Writes `ring` to a new file at `ring_path` (mode 0644), whole or not at all. Fails with
// kInvalidInput if the file already exists (a ring is never replaced this way), kNotFound if
// its directory does not exist, kInternal on I/O failure.
Status CreateKeyRingFile(const std::filesystem::path& ring_path, const KeyRing& ring);

// Loads the active key of `ring` (read from `ring_path`) as LoadKeyFile does, and checks that
// it is the key the ring lists. Fails as LoadKeyFile, or with kInvalidInput when the key file
// holds a different key than the ring's publicKeyMultibase.
Result<Ed25519SignerSodium> LoadActiveKey(const std::filesystem::path& ring_path,
                                          const KeyRing& ring, const SecretBytes* passphrase);

// What RotateKeyRingFile did.
struct KeyRotation {
  KeyRing ring;                        // the ring as written
  std::filesystem::path new_key_file;  // the new key's file (resolved)
};

// Rotates the ring at `ring_path` under its lock: generates a new Ed25519 key, writes it to
// "key-N.key" beside the ring (sealed when `passphrase` is non-null; N the next key number
// whose file does not exist yet; an existing file is never overwritten), appends it as the
// active key did#key-N added at `now`, retires the previous active key at `now`, and replaces
// the ring file. If the ring cannot be written, the new key file is removed again. Fails with
// kNotFound if the ring does not exist, as KeyRing::Read for a malformed ring, kInternal on
// I/O failure.
Result<KeyRotation> RotateKeyRingFile(const std::filesystem::path& ring_path,
                                      const SecretBytes* passphrase, Timestamp now);

enum class CompromiseOutcome {
  kRecorded,         // the ring file now records the compromise
  kAlreadyRecorded,  // it already did, from the same time; nothing was written
};

// Declares key `id` of the ring at `ring_path` compromised from `since` (declared at `now`),
// under the ring's lock. Fails as KeyRing::Read and KeyRing::WithCompromise, or kInternal on
// I/O failure.
Result<CompromiseOutcome> DeclareKeyCompromised(const std::filesystem::path& ring_path,
                                                std::string_view id, Timestamp since,
                                                std::string reason, Timestamp now);

}  // namespace pramaan

#endif  // PRAMAAN_KEYS_KEYRING_H_
