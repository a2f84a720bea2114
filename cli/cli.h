// The `pramaan` command: a thin layer over the libraries. Each subcommand is one function.
#ifndef PRAMAAN_CLI_CLI_H_
#define PRAMAAN_CLI_CLI_H_

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/context/context_loader.h"
#include "core/did/did_resolver.h"
#include "core/io/files.h"
#include "core/result.h"
#include "issuer/config.h"

namespace pramaan::cli {

// Exit codes (DESIGN.md): 0 success / valid, 1 checked and invalid, 2 usage or input error,
// 3 internal error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

// Parsed command-line arguments: options (--name value, or --flag) and positionals.
class Args {
 public:
  // Parses argv[first..]. `value_options` take a value, `flag_options` do not. Fails with
  // kInvalidInput on an unknown option or a missing value.
  static Result<Args> Parse(int argc, char** argv, int first,
                            const std::set<std::string>& value_options,
                            const std::set<std::string>& flag_options);

  bool Has(const std::string& name) const { return options_.count(name) > 0; }
  // The option's value (the last one, when given more than once), or `fallback` when absent.
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  // Every value of a repeatable option, in the order given; empty when absent.
  std::vector<std::string> GetAll(const std::string& name) const;
  const std::vector<std::string>& positionals() const { return positionals_; }
  bool help() const { return help_; }

 private:
  std::map<std::string, std::string> options_;
  std::map<std::string, std::vector<std::string>> all_values_;
  std::vector<std::string> positionals_;
  bool help_ = false;
};

// Prints "pramaan: <message>" to stderr and returns the exit code for the error's kind.
int Fail(const Error& error);
// Prints a usage error and returns kExitUsage.
int UsageError(const std::string& message);

// With --config FILE among `args`, adds the contexts and DID documents that configuration
// trusts to `contexts` and `resolver`; without it, does nothing.
Status ApplyTrustOption(const Args& args, ContextLoader* contexts, DidResolver* resolver);

// LoadIssuerConfig, then the configuration's registry_group and registry_others_may_read
// become the process's rule for SQLite registry files (store/registry_file_access.h). Every
// command reads its --config through this.
Result<IssuerConfig> LoadCommandConfig(const std::filesystem::path& path);

int RunKeys(int argc, char** argv);
int RunSign(int argc, char** argv);
int RunVerify(int argc, char** argv);
int RunCanonicalize(int argc, char** argv);
int RunIssue(int argc, char** argv);
int RunBench(int argc, char** argv);
int RunDemo(int argc, char** argv);
int RunServe(int argc, char** argv);
int RunStatus(int argc, char** argv);
int RunLink(int argc, char** argv);
int RunAward(int argc, char** argv);

// Who acts when a command that records an actor is given no --actor: "cli:" and the login
// name (SUDO_USER, USER, LOGNAME, or the effective user's), or "" when none is known.
std::string DefaultActor();

}  // namespace pramaan::cli

#endif  // PRAMAAN_CLI_CLI_H_
