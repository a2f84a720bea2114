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
#include "store/registry_file_access.h"
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

Result<IssuerConfig> LoadCommandConfig(const std::filesystem::path& path) {
  PRAMAAN_ASSIGN_OR_RETURN(IssuerConfig config, LoadIssuerConfig(path));
  store::SetRegistryFileAccess({config.registry_group, config.registry_others_may_read});
  return config;
}

Status ApplyTrustOption(const Args& args, ContextLoader* contexts, DidResolver* resolver) {
  if (!args.Has("config")) return Status::Ok();
  PRAMAAN_ASSIGN_OR_RETURN(IssuerConfig config, LoadCommandConfig(args.Get("config")));
  return ApplyTrust(config, contexts, resolver);
}

}  // namespace pramaan::cli
