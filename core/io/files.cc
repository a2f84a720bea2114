#include "core/io/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace pramaan {

Result<std::string> ReadInput(const std::string& path_or_dash) {
  std::string text;
  if (path_or_dash == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path_or_dash, std::ios::binary);
    if (!in) return NotFound("cannot read " + path_or_dash);
    std::stringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
  }
  if (text.size() > kMaxInputBytes) {
    return InvalidInput(path_or_dash + " is larger than " + std::to_string(kMaxInputBytes >> 20) +
                        " MiB");
  }
  return text;
}

namespace {

// Writes all of `bytes` to `fd`; false (errno set) on failure.
bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// The fast way for a new file: an unnamed file in the directory (O_TMPFILE), given its name
// only once whole. One update of the directory instead of two (create, then rename), which
// matters when workers fill one directory with a million files, and a crash leaves nothing
// behind. False when the file system cannot (no O_TMPFILE, no /proc) or `path` already
// exists: then the caller writes it the portable way.
bool LinkWholeFile(const std::filesystem::path& directory, const std::filesystem::path& path,
                   std::string_view bytes, bool sync) {
  const int fd = ::open(directory.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  bool linked = ::fchmod(fd, 0644) == 0 && WriteAll(fd, bytes) && (!sync || ::fsync(fd) == 0);
  if (linked) {
    const std::string self = "/proc/self/fd/" + std::to_string(fd);
    linked = ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0;
  }
  ::close(fd);  // an unlinked file's space is freed here
  return linked;
}

}  // namespace

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view bytes,
                           bool sync) {
  const std::filesystem::path directory =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  if (LinkWholeFile(directory, path, bytes, sync)) return Status::Ok();
  std::string temp = (directory / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return Internal("cannot create a file in " + directory.string() + ": " + std::strerror(errno));
  ::fchmod(fd, 0644);
  if (!WriteAll(fd, bytes)) {
    const int error = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return Internal("cannot write " + path.string() + ": " + std::strerror(error));
  }
  if ((sync && ::fsync(fd) != 0) || ::close(fd) != 0) {
    ::unlink(temp.c_str());
    return Internal("cannot write " + path.string());
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    ::unlink(temp.c_str());
    return Internal("cannot rename into " + path.string() + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace pramaan
