#include "store/registry_file_access.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

namespace pramaan::store {
namespace {

std::mutex access_mutex;
RegistryFileAccess& Access() {
  static RegistryFileAccess access;
  return access;
}

std::string ModeText(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

Result<gid_t> GroupId(const std::string& name) {
  std::vector<char> buffer(16384);
  group entry{};
  group* found = nullptr;
  const int rc = ::getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
  if (rc != 0 || found == nullptr) {
    return InvalidInput("registry_group \"" + name + "\" is not a group on this machine");
  }
  return found->gr_gid;
}

Status CreateRegistryFile(const std::filesystem::path& path, const RegistryFileAccess& access) {
  gid_t group = static_cast<gid_t>(-1);
  if (!access.group.empty()) {
    PRAMAAN_ASSIGN_OR_RETURN(group, GroupId(access.group));
  }
  const mode_t mode = access.group.empty() ? 0600 : 0640;
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return Status::Ok();  // another process made it first: checked below
    return Internal(path.string() + ": cannot create the registry: " + std::strerror(errno));
  }
  // open() applied the umask; set the mode exactly, and the group before anyone can read.
  Status result = Status::Ok();
  if (group != static_cast<gid_t>(-1) && ::fchown(fd, static_cast<uid_t>(-1), group) != 0) {
    result = PermissionDenied(path.string() + ": cannot give the registry to registry_group \"" +
                              access.group + "\": " + std::strerror(errno));
  } else if (::fchmod(fd, mode) != 0) {
    result = Internal(path.string() + ": cannot set the registry's mode: " + std::strerror(errno));
  }
  ::close(fd);
  if (!result.ok()) ::unlink(path.c_str());
  return result;
}

Status RefuseIfOthersRead(const std::filesystem::path& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) return Status::Ok();  // absent: SQLite reports it
  if ((info.st_mode & (S_IROTH | S_IWOTH)) == 0) return Status::Ok();
  return PermissionDenied(path.string() + " can be read by every user on this machine (mode " +
                          ModeText(info.st_mode) +
                          ") and holds personal data; run: chmod o-rw " + path.string() +
                          ", or set \"registry_others_may_read\": true in the configuration");
}

}  // namespace

void SetRegistryFileAccess(RegistryFileAccess access) {
  std::lock_guard lock(access_mutex);
  Access() = std::move(access);
}

RegistryFileAccess CurrentRegistryFileAccess() {
  std::lock_guard lock(access_mutex);
  return Access();
}

Status PrepareRegistryFile(const std::filesystem::path& path, bool create) {
  const RegistryFileAccess access = CurrentRegistryFileAccess();
  if (create) PRAMAAN_RETURN_IF_ERROR(CreateRegistryFile(path, access));
  if (access.others_may_read) return Status::Ok();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    PRAMAAN_RETURN_IF_ERROR(RefuseIfOthersRead(path.string() + suffix));
  }
  return Status::Ok();
}

}  // namespace pramaan::store
