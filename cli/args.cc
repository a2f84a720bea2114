#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/cli.h"
#include "issuer/config.h"

namespace pramaan::cli {

Result<Args> Args::Parse(int argc, char** argv, int first,
                         const std::set<std::string>& value_options,
                         const std::set<std::string>& flag_options) {
  Args args;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      args.help_ = true;
    } else if (arg.size() > 2 && arg.rfind("--", 0) == 0) {
      std::string name = arg.substr(2);
      std::string value;
      const size_t eq = name.find('=');
      const bool inline_value = eq != std::string::npos;
      if (inline_value) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      if (value_options.count(name)) {
        if (!inline_value) {
          if (i + 1 >= argc) return InvalidInput("option --" + name + " needs a value");
          value = argv[++i];
        }
        args.options_[name] = value;
        args.all_values_[name].push_back(value);
      } else if (flag_options.count(name) && !inline_value) {
        args.options_[name] = "";
      } else {
        return InvalidInput("unknown option --" + name);
      }
    } else {
      args.positionals_.push_back(arg);
    }
  }
  return args;
}

std::string Args::Get(const std::string& name, const std::string& fallback) const {
  const auto it = options_.find(name);
  return it == options_.end() ? fallback : it->second;
}

std::vector<std::string> Args::GetAll(const std::string& name) const {
  const auto it = all_values_.find(name);
  return it == all_values_.end() ? std::vector<std::string>() : it->second;
}

int Fail(const Error& error) {
  std::fprintf(stderr, "pramaan: %s\n", error.message().c_str());
  return error.code() == ErrorCode::kInternal ? kExitInternal : kExitUsage;
}

int UsageError(const std::string& message) {
  std::fprintf(stderr, "pramaan: %s (see --help)\n", message.c_str());
  return kExitUsage;
}

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

std::string DefaultActor() {
  for (const char* variable : {"SUDO_USER", "USER", "LOGNAME"}) {
    const char* name = std::getenv(variable);
    if (name != nullptr && *name != '\0') return std::string("cli:") + name;
  }
  if (const passwd* user = getpwuid(geteuid()); user != nullptr && user->pw_name != nullptr) {
    return std::string("cli:") + user->pw_name;
  }
  return "";
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

Status ApplyTrustOption(const Args& args, ContextLoader* contexts, DidResolver* resolver) {
  if (!args.Has("config")) return Status::Ok();
  PRAMAAN_ASSIGN_OR_RETURN(IssuerConfig config, LoadIssuerConfig(args.Get("config")));
  return ApplyTrust(config, contexts, resolver);
}

}  // namespace pramaan::cli
