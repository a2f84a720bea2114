#include "keys/keyring.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <set>
#include <utility>

#include "core/did/multikey.h"
#include "keys/key_file.h"

namespace pramaan {
namespace {

constexpr std::string_view kKeyRingType = "PramaanKeyRing";
constexpr std::string_view kKeyPrefix = "#key-";
// The ring holds no secret: anyone who may read the configuration may read it.
constexpr mode_t kKeyRingMode = 0644;

Status CheckMembers(const Json& object, const std::set<std::string>& allowed,
                    const std::string& where) {
  for (const auto& [name, value] : object.items()) {
    if (!allowed.count(name)) return InvalidInput(where + ": unknown member \"" + name + "\"");
  }
  return Status::Ok();
}

Result<std::string> StringMember(const Json& object, const char* name, const std::string& where) {
  const auto it = object.find(name);
  if (it == object.end()) return InvalidInput(where + ": \"" + name + "\" is required");
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    return InvalidInput(where + ": \"" + name + "\" must be a non-empty string");
  }
  return it->get<std::string>();
}

Result<Timestamp> TimeMember(const Json& object, const char* name, const std::string& where) {
  PRAMAAN_ASSIGN_OR_RETURN(std::string text, StringMember(object, name, where));
  auto time = ParseRfc3339(text);
  if (!time.ok()) return time.error().WithContext(where + ": \"" + name + "\"");
  return time;
}

Result<KeyRingEntry> EntryFromJson(const Json& key, const std::string& where) {
  if (!key.is_object()) return InvalidInput(where + " must be an object");
  PRAMAAN_RETURN_IF_ERROR(CheckMembers(
      key, {"id", "file", "publicKeyMultibase", "added", "retired", "compromised"}, where));
  PRAMAAN_ASSIGN_OR_RETURN(std::string id, StringMember(key, "id", where));
  PRAMAAN_ASSIGN_OR_RETURN(std::string file, StringMember(key, "file", where));
  PRAMAAN_ASSIGN_OR_RETURN(std::string multikey, StringMember(key, "publicKeyMultibase", where));
  auto public_key = DecodeEd25519Multikey(multikey);
  if (!public_key.ok()) return public_key.error().WithContext(where + ": publicKeyMultibase");
  PRAMAAN_ASSIGN_OR_RETURN(Timestamp added, TimeMember(key, "added", where));
  KeyRingEntry entry{std::move(id), std::move(file), *public_key,
                     added,         std::nullopt,    std::nullopt};
  if (key.contains("retired")) {
    PRAMAAN_ASSIGN_OR_RETURN(Timestamp retired, TimeMember(key, "retired", where));
    entry.retired = retired;
  }
  if (key.contains("compromised")) {
    const Json& compromised = key["compromised"];
    const std::string compromised_where = where + ": compromised";
    if (!compromised.is_object()) return InvalidInput(compromised_where + " must be an object");
    PRAMAAN_RETURN_IF_ERROR(
        CheckMembers(compromised, {"since", "declared", "reason"}, compromised_where));
    PRAMAAN_ASSIGN_OR_RETURN(Timestamp since, TimeMember(compromised, "since", compromised_where));
    PRAMAAN_ASSIGN_OR_RETURN(Timestamp declared,
                             TimeMember(compromised, "declared", compromised_where));
    PRAMAAN_ASSIGN_OR_RETURN(std::string reason,
                             StringMember(compromised, "reason", compromised_where));
    entry.compromised = KeyCompromise{since, declared, std::move(reason)};
  }
  return entry;
}

// N of an id ending in "#key-N" (N a positive decimal without leading zeros), else 0.
int KeyNumberOf(std::string_view id) {
  const size_t at = id.rfind(kKeyPrefix);
  if (at == std::string_view::npos) return 0;
  const std::string_view digits = id.substr(at + kKeyPrefix.size());
  if (digits.empty() || digits.size() > 6 || digits[0] == '0') return 0;
  int number = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
    number = number * 10 + (c - '0');
  }
  return number;
}

std::filesystem::path DirectoryOf(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

Result<std::string> ReadAll(int fd, const std::filesystem::path& path) {
  std::string text;
  char buffer[8192];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Internal("cannot read " + path.string() + ": " + std::strerror(errno));
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  return text;
}

Result<KeyRing> ParseRingText(const std::string& text, const std::filesystem::path& path) {
  PRAMAAN_ASSIGN_OR_RETURN(Json json, ParseJson(text, path.string()));
  return KeyRing::FromJson(json, path.string());
}

// An open ring file holding an exclusive flock; closing it releases the lock.
class LockedRingFile {
 public:
  // Opens and locks the ring at `path`. The lock is on the file's inode, and a change
  // replaces the file by rename, so a waiter that wakes holding the lock of a file that has
  // since been replaced lets go and locks the new one: whoever holds the lock holds the
  // current file.
  static Result<LockedRingFile> Acquire(const std::filesystem::path& path) {
    for (;;) {
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        if (errno == ENOENT) return NotFound("key ring " + path.string() + " does not exist");
        return Internal("cannot open key ring " + path.string() + ": " + std::strerror(errno));
      }
      int locked;
      do {
        locked = ::flock(fd, LOCK_EX);
      } while (locked != 0 && errno == EINTR);
      if (locked != 0) {
        const int error = errno;
        ::close(fd);
        return Internal("cannot lock key ring " + path.string() + ": " + std::strerror(error));
      }
      struct stat held;
      struct stat current;
      if (::fstat(fd, &held) == 0 && ::stat(path.c_str(), &current) == 0 &&
          held.st_dev == current.st_dev && held.st_ino == current.st_ino) {
        return LockedRingFile(fd);
      }
      ::close(fd);
    }
  }

  LockedRingFile(LockedRingFile&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  LockedRingFile& operator=(LockedRingFile&&) = delete;
  ~LockedRingFile() {
    if (fd_ >= 0) ::close(fd_);
  }

  int fd() const { return fd_; }

 private:
  explicit LockedRingFile(int fd) : fd_(fd) {}
  int fd_;
};

// Locks the ring at `path`, reads it, and replaces it with what `change` returns. Nothing is
// written when `change` fails or returns the ring unchanged. Returns the ring as it now is.
Result<KeyRing> UpdateRingFile(const std::filesystem::path& path,
                               const std::function<Result<KeyRing>(const KeyRing&)>& change) {
  PRAMAAN_ASSIGN_OR_RETURN(LockedRingFile locked, LockedRingFile::Acquire(path));
  PRAMAAN_ASSIGN_OR_RETURN(std::string text, ReadAll(locked.fd(), path));
  PRAMAAN_ASSIGN_OR_RETURN(KeyRing current, ParseRingText(text, path));
  PRAMAAN_ASSIGN_OR_RETURN(KeyRing changed, change(current));
  const Json json = changed.ToJson();
  if (json != current.ToJson()) {
    PRAMAAN_RETURN_IF_ERROR(ReplaceFile(path, DumpJson(json, true), kKeyRingMode));
  }
  return changed;
}

}  // namespace

Result<KeyRing> KeyRing::Create(std::vector<KeyRingEntry> keys) {
  if (keys.empty()) return InvalidInput("a key ring must list at least one key");
  const std::string& first_id = keys.front().id;
  const size_t hash = first_id.find('#');
  if (first_id.rfind("did:", 0) != 0 || hash == std::string::npos || hash + 1 == first_id.size()) {
    return InvalidInput("key ring: key id \"" + first_id + "\" is not a DID URL DID#fragment");
  }
  std::string did = first_id.substr(0, hash);
  std::set<std::string> ids;
  std::set<std::string> files;
  std::set<std::string> public_keys;
  std::optional<size_t> active;
  for (size_t i = 0; i < keys.size(); ++i) {
    const KeyRingEntry& key = keys[i];
    const std::string where = "key ring: key " + key.id;
    if (key.id.size() <= did.size() + 1 || key.id.rfind(did + "#", 0) != 0) {
      return InvalidInput("key ring: key id \"" + key.id + "\" is not a key of " + did +
                          " (DID#fragment); all keys of a ring belong to one DID");
    }
    if (!ids.insert(key.id).second) return InvalidInput(where + " is listed twice");
    if (key.file.empty()) return InvalidInput(where + " names no file");
    if (!files.insert(key.file.lexically_normal().string()).second) {
      return InvalidInput(where + ": file " + key.file.string() + " is used by another key");
    }
    if (!public_keys.insert(EncodeEd25519Multikey(key.public_key)).second) {
      return InvalidInput(where + " has the same public key as another key of the ring");
    }
    if (key.retired && *key.retired < key.added) {
      return InvalidInput(where + " is retired (" + FormatRfc3339(*key.retired) +
                          ") before it was added (" + FormatRfc3339(key.added) + ")");
    }
    if (key.compromised && key.compromised->reason.empty()) {
      return InvalidInput(where + ": a compromise needs a reason");
    }
    if (key.active()) {
      if (active) {
        return InvalidInput("key ring: both " + keys[*active].id + " and " + key.id +
                            " are active (not retired); exactly one key signs");
      }
      if (key.compromised) {
        return InvalidInput(where + " is active but declared compromised; rotate to a new key");
      }
      active = i;
    }
  }
  if (!active) return InvalidInput("key ring: every key is retired; exactly one must be active");
  return KeyRing(std::move(did), std::move(keys), *active);
}

Result<KeyRing> KeyRing::FromJson(const Json& json, std::string_view source) {
  const std::string where(source);
  if (!json.is_object()) return InvalidInput(where + ": a key ring must be a JSON object");
  PRAMAAN_RETURN_IF_ERROR(CheckMembers(json, {"type", "version", "keys"}, where));
  if (GetString(json, "type") != kKeyRingType) {
    return InvalidInput(where + ": \"type\" must be \"" + std::string(kKeyRingType) + "\"");
  }
  if (!json.contains("version") || json["version"] != 1) {
    return InvalidInput(where + ": \"version\" must be 1");
  }
  if (!json.contains("keys") || !json["keys"].is_array()) {
    return InvalidInput(where + ": \"keys\" must be an array");
  }
  std::vector<KeyRingEntry> keys;
  for (size_t i = 0; i < json["keys"].size(); ++i) {
    PRAMAAN_ASSIGN_OR_RETURN(
        KeyRingEntry entry,
        EntryFromJson(json["keys"][i], where + ": keys[" + std::to_string(i) + "]"));
    keys.push_back(std::move(entry));
  }
  auto ring = Create(std::move(keys));
  if (!ring.ok()) return ring.error().WithContext(where);
  return ring;
}

Result<KeyRing> KeyRing::Read(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("key ring " + path.string() + " does not exist");
    return Internal("cannot open key ring " + path.string() + ": " + std::strerror(errno));
  }
  auto text = ReadAll(fd, path);
  ::close(fd);
  if (!text.ok()) return text.error();
  return ParseRingText(*text, path);
}

Json KeyRing::ToJson() const {
  Json keys = Json::array();
  for (const KeyRingEntry& key : keys_) {
    Json entry = {{"id", key.id},
                  {"file", key.file.string()},
                  {"publicKeyMultibase", EncodeEd25519Multikey(key.public_key)},
                  {"added", FormatRfc3339(key.added)}};
    if (key.retired) entry["retired"] = FormatRfc3339(*key.retired);
    if (key.compromised) {
      entry["compromised"] = {{"since", FormatRfc3339(key.compromised->since)},
                              {"declared", FormatRfc3339(key.compromised->declared)},
                              {"reason", key.compromised->reason}};
    }
    keys.push_back(std::move(entry));
  }
  return Json{{"type", kKeyRingType}, {"version", 1}, {"keys", std::move(keys)}};
}

const KeyRingEntry* KeyRing::Find(std::string_view id) const {
  for (const KeyRingEntry& key : keys_) {
    if (key.id == id) return &key;
  }
  return nullptr;
}

DidDocument KeyRing::ToDidDocument() const {
  std::vector<VerificationMethod> methods;
  for (const KeyRingEntry& key : keys_) {
    methods.push_back(VerificationMethod{
        key.id, did_, key.public_key,
        key.compromised ? std::optional<Timestamp>(key.compromised->since) : std::nullopt});
  }
  return DidDocument::ForMethods(did_, std::move(methods));
}

int KeyRing::NextKeyNumber() const {
  int largest = 0;
  for (const KeyRingEntry& key : keys_) largest = std::max(largest, KeyNumberOf(key.id));
  return largest + 1;
}

Result<KeyRing> KeyRing::Rotated(int number, std::filesystem::path file,
                                 const Ed25519PublicKey& key, Timestamp now) const {
  std::vector<KeyRingEntry> keys = keys_;
  keys[active_].retired = now;
  keys.push_back(KeyRingEntry{did_ + std::string(kKeyPrefix) + std::to_string(number),
                              std::move(file), key, now, std::nullopt, std::nullopt});
  return Create(std::move(keys));
}

Result<KeyRing> KeyRing::WithCompromise(std::string_view id, KeyCompromise compromise) const {
  const KeyRingEntry* found = Find(id);
  if (found == nullptr) {
    std::string known;
    for (const KeyRingEntry& key : keys_) known += (known.empty() ? "" : ", ") + key.id;
    return NotFound("the key ring has no key " + std::string(id) + " (its keys: " + known + ")");
  }
  if (found->active()) {
    return InvalidInput(std::string(id) +
                        " is the active signing key: run `pramaan keys rotate` first, so the "
                        "issuer signs with a new key, then declare this one compromised");
  }
  if (compromise.reason.empty()) return InvalidInput("a compromise needs a reason");
  if (compromise.declared < compromise.since) {
    return InvalidInput("the compromise time " + FormatRfc3339(compromise.since) +
                        " is in the future (it is now " + FormatRfc3339(compromise.declared) +
                        "); give the time from which the key may have been in other hands");
  }
  if (found->compromised) {
    if (found->compromised->since == compromise.since) return *this;
    return InvalidInput(std::string(id) + " was already declared compromised from " +
                        FormatRfc3339(found->compromised->since) + " (on " +
                        FormatRfc3339(found->compromised->declared) +
                        "); a different time is refused, since verifiers may already rely on "
                        "the published one");
  }
  std::vector<KeyRingEntry> keys = keys_;
  for (KeyRingEntry& key : keys) {
    if (key.id == id) key.compromised = std::move(compromise);
  }
  return Create(std::move(keys));
}

std::filesystem::path KeyFilePath(const std::filesystem::path& ring_path,
                                  const KeyRingEntry& entry) {
  return DirectoryOf(ring_path) / entry.file;
}

Status CreateKeyRingFile(const std::filesystem::path& ring_path, const KeyRing& ring) {
  return WriteNewFile(ring_path, DumpJson(ring.ToJson(), true), kKeyRingMode);
}

Result<Ed25519SignerSodium> LoadActiveKey(const std::filesystem::path& ring_path,
                                          const KeyRing& ring, const SecretBytes* passphrase) {
  const KeyRingEntry& active = ring.active();
  const std::filesystem::path file = KeyFilePath(ring_path, active);
  PRAMAAN_ASSIGN_OR_RETURN(Ed25519SignerSodium signer, LoadKeyFile(file, passphrase));
  if (!(signer.public_key() == active.public_key)) {
    return InvalidInput("key ring " + ring_path.string() + ": the key file " + file.string() +
                        " of the active key " + active.id +
                        " holds a different key than the ring's publicKeyMultibase");
  }
  return signer;
}

Result<KeyRotation> RotateKeyRingFile(const std::filesystem::path& ring_path,
                                      const SecretBytes* passphrase, Timestamp now) {
  const std::filesystem::path directory = DirectoryOf(ring_path);
  std::filesystem::path created;  // the new key file, once written
  auto ring = UpdateRingFile(ring_path, [&](const KeyRing& current) -> Result<KeyRing> {
    // Under the lock no other rotation runs, so a number found free stays free; a file left
    // by someone else is skipped, never overwritten (WriteKeyFile would refuse it anyway).
    int number = current.NextKeyNumber();
    std::filesystem::path file;
    for (;; ++number) {
      file = "key-" + std::to_string(number) + ".key";
      const bool listed = std::any_of(current.keys().begin(), current.keys().end(),
                                      [&](const KeyRingEntry& key) { return key.file == file; });
      std::error_code ignored;
      if (!listed &&
          !std::filesystem::exists(std::filesystem::symlink_status(directory / file, ignored))) {
        break;
      }
    }
    const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
    PRAMAAN_RETURN_IF_ERROR(WriteKeyFile(directory / file, key, passphrase));
    created = directory / file;
    return current.Rotated(number, file, key.public_key(), now);
  });
  if (!ring.ok()) {
    // A key nobody will ever sign with must not lie around: remove it (we just made it).
    if (!created.empty()) ::unlink(created.c_str());
    return ring.error();
  }
  return KeyRotation{std::move(ring).value(), created};
}

Result<CompromiseOutcome> DeclareKeyCompromised(const std::filesystem::path& ring_path,
                                                std::string_view id, Timestamp since,
                                                std::string reason, Timestamp now) {
  bool already = false;
  auto ring = UpdateRingFile(ring_path, [&](const KeyRing& current) -> Result<KeyRing> {
    const KeyRingEntry* key = current.Find(id);
    already = key != nullptr && key->compromised && key->compromised->since == since;
    return current.WithCompromise(id, KeyCompromise{since, now, std::move(reason)});
  });
  if (!ring.ok()) return ring.error();
  return already ? CompromiseOutcome::kAlreadyRecorded : CompromiseOutcome::kRecorded;
}

}  // namespace pramaan
