// What the verdict needs from outside the credential: whom this verifier trusts, and where
// status, supersession and provenance come from. Small interfaces: the registry, fetched
// status lists, or nothing (offline) implement them (api/registry_sources.h,
// api/status_lists.h, api/remote_status.h).
#ifndef PRAMAAN_VERIFIER_SOURCES_H_
#define PRAMAAN_VERIFIER_SOURCES_H_

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json/json.h"
#include "core/result.h"

namespace pramaan {

// The issuers (DIDs) a verifier trusts. Empty: there is no trust list, and the "trust" check
// is reported as not checked.
class TrustedIssuers {
 public:
  TrustedIssuers() = default;
  explicit TrustedIssuers(std::vector<std::string> dids);

  // Adds `did` (a duplicate or an empty string is ignored).
  void Add(std::string did);
  bool empty() const { return dids_.empty(); }
  bool Contains(std::string_view did) const {
    return std::binary_search(dids_.begin(), dids_.end(), did, std::less<>());
  }
  const std::vector<std::string>& dids() const { return dids_; }  // sorted

 private:
  std::vector<std::string> dids_;
};

// What a status source knows about a credential's revocation and suspension.
struct StatusFinding {
  enum class Kind {
    kClear,      // neither revoked nor suspended
    kRevoked,
    kSuspended,  // (revocation wins when both are set)
  };
  Kind kind = Kind::kClear;
  // When the source knows them (a registry does; a fetched list knows only the bit): why,
  // when (RFC 3339) and by whom the status was set. Empty otherwise.
  std::string reason;
  std::string reason_code;  // one of store::kStatusReasonCodes, or "" (see store::StatusEvent)
  std::string at;
  std::string actor;
  // How it was found, for a person (e.g. "status lists fetched and verified"); may be empty.
  std::string how;
  // What entries of other purposes say, for a person: a "message" entry's status and the
  // statusMessage for it ("message status 0x1: accepted"). They do not decide validity.
  std::vector<std::string> notes;
};

// Says whether a credential is revoked or suspended. Implementations must be thread-safe.
class StatusSource {
 public:
  virtual ~StatusSource() = default;
  // The finding for `credential`, which has a credentialStatus member. Fails when the status
  // cannot be checked (a list cannot be read or does not verify, an entry names a list wrongly,
  // the registry is down): the "status" check then fails with "cannot be checked: ...".
  virtual Result<StatusFinding> Check(const Json& credential) const = 0;
};

// The credential that replaced another.
struct Successor {
  std::string id;   // its short id in the registry
  std::string url;  // its id (a URL), for a person
};

// Says whether a credential was replaced by a newer one. Implementations must be thread-safe.
class SupersessionSource {
 public:
  virtual ~SupersessionSource() = default;
  // The successor of `credential` (identified by its "id"), or nullopt when none replaced it
  // or the source does not hold it. Fails when the source cannot be read: the
  // "supersession" check is then reported as not checked.
  virtual Result<std::optional<Successor>> ReplacedBy(const Json& credential) const = 0;
};

// The credentials an issuer's registry holds. Implementations must be thread-safe.
class IssuedCredentials {
 public:
  virtual ~IssuedCredentials() = default;
  // Empty when the registry holds exactly `credential` (byte for byte, as JSON values) under
  // its id; otherwise why not, for a person ("not a credential of this registry", "not in
  // this registry", "not the credential this registry holds under its id").
  virtual std::string WhyNotHeld(const Json& credential) const = 0;
};

// Everything optional: a null member means that source is absent (see each check).
struct VerdictSources {
  const TrustedIssuers* trusted = nullptr;           // null or empty: "trust" not checked
  const StatusSource* status = nullptr;              // null: "status" not checked (offline)
  const SupersessionSource* supersession = nullptr;  // null: "supersession" not checked
  const IssuedCredentials* issued = nullptr;         // null: no provenance in "issuer"
};

}  // namespace pramaan

#endif  // PRAMAAN_VERIFIER_SOURCES_H_
