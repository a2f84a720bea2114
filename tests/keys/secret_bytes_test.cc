// Tests for how secrets are held (issue 17, item 4): the process that holds them cannot be
// dumped, tokens leave the environment when read, and key files go straight into guarded
// memory.
#include "keys/secret_bytes.h"

#include <gtest/gtest.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include "tests/test_support.h"

namespace pramaan {
namespace {

using testing::TempDir;

void WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string_view AsText(const SecretBytes& secret) {
  auto bytes = secret.Reveal(SecretAccess::Grant());
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Runs `body` in a forked child (so that the test process itself stays dumpable) and returns
// its exit code: 0 when every expectation in the child held.
template <typename Body>
int InChild(Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

TEST(ProtectProcessSecrets, MakesTheProcessUndumpableWithNoCoreFile) {
  const int code = InChild([] {
    rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
    ::setrlimit(RLIMIT_CORE, &unlimited);  // as a shell with `ulimit -c unlimited`
    if (::prctl(PR_GET_DUMPABLE) != 1) return 10;
    if (!ProtectProcessSecrets().ok()) return 11;
    if (::prctl(PR_GET_DUMPABLE) != 0) return 12;
    rlimit core{};
    ::getrlimit(RLIMIT_CORE, &core);
    if (core.rlim_cur != 0 || core.rlim_max != 0) return 13;
    if (CRYPTO_secure_malloc_initialized() != 1) return 14;
    return 0;
  });
  EXPECT_EQ(code, 0) << "10: not dumpable before; 11: failed; 12: still dumpable; "
                        "13: core limit not 0; 14: no OpenSSL secure heap";
}

TEST(TakeSecretFromEnvironment, TakesTheValueAndWipesTheEnvironment) {
  const char* kName = "PRAMAAN_TEST_SECRET_TOKEN";
  ASSERT_EQ(::setenv(kName, "s3cret-token-value", 1), 0);
  char* text = std::getenv(kName);
  ASSERT_NE(text, nullptr);
  const std::size_t length = std::strlen(text);
  std::optional<SecretBytes> secret = TakeSecretFromEnvironment(kName);
  ASSERT_TRUE(secret.has_value());
  EXPECT_EQ(AsText(*secret), "s3cret-token-value");
  EXPECT_EQ(std::getenv(kName), nullptr);
  // glibc keeps setenv's string after unsetenv, so the old text can still be read: zeros.
  EXPECT_EQ(std::string(text, length), std::string(length, '\0'));
}

TEST(TakeSecretFromEnvironment, UnsetOrEmptyIsNothing) {
  const char* kName = "PRAMAAN_TEST_SECRET_EMPTY";
  ::unsetenv(kName);
  EXPECT_FALSE(TakeSecretFromEnvironment(kName).has_value());
  ASSERT_EQ(::setenv(kName, "", 1), 0);
  EXPECT_FALSE(TakeSecretFromEnvironment(kName).has_value());
  ::unsetenv(kName);
}

TEST(ReadSecretFile, ReadsTheWholeFile) {
  TempDir dir;
  const std::filesystem::path path = dir.path() / "key.pem";
  const std::string text(10000, 'k');
  WriteText(path, text);
  auto secret = ReadSecretFile(path, 1 << 20);
  ASSERT_TRUE(secret.ok()) << secret.error().message();
  EXPECT_EQ(AsText(*secret), text);
}

TEST(ReadSecretFile, RefusesMissingAndOversizedFiles) {
  TempDir dir;
  auto missing = ReadSecretFile(dir.path() / "absent.pem", 100);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message().find("absent.pem"), std::string::npos);
  WriteText(dir.path() / "big.pem", std::string(101, 'x'));
  auto big = ReadSecretFile(dir.path() / "big.pem", 100);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code(), ErrorCode::kInvalidInput);
  auto directory = ReadSecretFile(dir.path(), 100);
  EXPECT_FALSE(directory.ok());
}

}  // namespace
}  // namespace pramaan
