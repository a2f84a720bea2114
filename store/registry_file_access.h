// Who may read a SQLite registry's files. They hold personal data (names, APAAR ids, marks),
// so a registry is created readable by its owner only (0600), or by one group as well (0640)
// when the configuration names a "registry_group" for a public role on the same machine; its
// -wal and -shm files take the same mode (SQLite copies the database file's). A registry that
// every user can read is refused unless the configuration says "registry_others_may_read".
//
// The setting is process-wide: a command sets it once, from its configuration, before it
// opens a registry. PostgreSQL registries are guarded by database roles instead
// (docs/SECURITY.md).
#ifndef PRAMAAN_STORE_REGISTRY_FILE_ACCESS_H_
#define PRAMAAN_STORE_REGISTRY_FILE_ACCESS_H_

#include <filesystem>
#include <string>

#include "core/result.h"

namespace pramaan::store {

struct RegistryFileAccess {
  std::string group;             // "": owner only (0600); else that group reads too (0640)
  bool others_may_read = false;  // open a registry every user can read (refused otherwise)
};

void SetRegistryFileAccess(RegistryFileAccess access);
RegistryFileAccess CurrentRegistryFileAccess();

// Creates the registry file at `path` with the mode above when it does not exist (`create`),
// and refuses it, with kPermission naming the file, its mode and the fix, when it or its -wal
// or -shm can be read by every user and that is not allowed. Fails with kInvalidInput when
// the configured group does not exist, kInternal when the file cannot be created.
Status PrepareRegistryFile(const std::filesystem::path& path, bool create);

}  // namespace pramaan::store

#endif  // PRAMAAN_STORE_REGISTRY_FILE_ACCESS_H_
