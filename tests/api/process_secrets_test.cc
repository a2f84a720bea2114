// What a core dump of a running server would hold (issue 17, item 4). The real binary serves
// with an API token, a platform token, a link key, an Ed25519 signing key and a
// document-signing key. Then:
//   - the kernel would write no core file (core limit 0) and the process is not dumpable;
//   - its environment no longer holds the tokens or the link key;
//   - every mapping a core dump would include (readable, not marked "dd" in smaps) is free of
//     the token, the link key, the key PEM's text and the private scalar it encodes.
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "tests/api/server_test_support.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

constexpr const char* kToken = "api-token-7f3c9a1e55d04b2b9e61";
constexpr const char* kLinkKey = "link-key-0c4d8e2f6a1b3957";
constexpr const char* kPlatformToken = "platform-token-5b8e1d0c93a7f264";

std::string ReadProc(pid_t pid, const std::string& name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The bytes of every mapping a core dump would hold: readable, and without the "dd" (do not
// dump) flag that sodium_malloc and OpenSSL's secure heap set.
std::string DumpableMemory(pid_t pid) {
  std::istringstream smaps(ReadProc(pid, "smaps"));
  std::ifstream mem("/proc/" + std::to_string(pid) + "/mem", std::ios::binary);
  std::string memory;
  std::string line;
  unsigned long start = 0, end = 0;
  bool readable = false;
  while (std::getline(smaps, line)) {
    unsigned long a = 0, b = 0;
    char perms[5] = {0};
    if (std::sscanf(line.c_str(), "%lx-%lx %4s", &a, &b, perms) == 3 && line.find('-') < 17) {
      start = a;
      end = b;
      readable = perms[0] == 'r';
      continue;
    }
    if (!line.starts_with("VmFlags:")) continue;
    const bool dont_dump = (line + " ").find(" dd ") != std::string::npos;
    if (!readable || dont_dump || line.find(" io ") != std::string::npos) continue;
    if (end - start > (512ul << 20)) continue;  // reserved, untouched address space
    std::string region(end - start, '\0');
    mem.clear();
    mem.seekg(static_cast<std::streamoff>(start));
    mem.read(region.data(), static_cast<std::streamsize>(region.size()));
    region.resize(static_cast<size_t>(mem.gcount()));
    memory += region;
  }
  return memory;
}

// The private scalar of the EC key in `pem_path`, big-endian, as OpenSSL would hold it.
std::string PrivateScalar(const std::filesystem::path& pem_path) {
  FILE* file = std::fopen(pem_path.c_str(), "r");
  if (file == nullptr) return "";
  EVP_PKEY* key = PEM_read_PrivateKey(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  if (key == nullptr) return "";
  BIGNUM* scalar = nullptr;
  std::string bytes;
  if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &scalar) == 1) {
    bytes.resize(static_cast<size_t>(BN_num_bytes(scalar)));
    BN_bn2bin(scalar, reinterpret_cast<unsigned char*>(bytes.data()));
    BN_clear_free(scalar);
  }
  EVP_PKEY_free(key);
  return bytes;
}

// The longest base64 line of the key PEM: any copy of the file's text would contain it.
std::string PemBodyLine(const std::filesystem::path& pem_path) {
  std::istringstream text(testing::ReadFile(pem_path));
  std::string line, longest;
  while (std::getline(text, line)) {
    if (!line.starts_with("-----") && line.size() > longest.size()) longest = line;
  }
  return longest;
}

TEST(ProcessSecrets, ARunningServerHoldsItsSecretsOnlyWhereNoDumpReaches) {
  testing::TempDir dir("pramaan-secrets");
  const std::filesystem::path d = dir.path();
  const std::string binary = PRAMAAN_BINARY;
  ASSERT_EQ(std::system((binary + " keys generate --out " + (d / "issuer.key").string() +
                         " >/dev/null").c_str()), 0);
  ASSERT_EQ(std::system((binary + " keys certificate --out-cert " + (d / "signer.crt.pem").string() +
                         " --out-key " + (d / "signer.key.pem").string() +
                         " --subject \"CN=Secrets Test,O=Test\" >/dev/null").c_str()), 0);
  std::ofstream(d / "pramaan.json") << R"({"base_url": "https://pramaan.example",
    "issuer": {"name": "Test Issuer"}, "signing_key": {"file": "issuer.key"},
    "certificates": {"signing_certificate": "signer.crt.pem", "signing_key": "signer.key.pem"}})";
  const std::string scalar = PrivateScalar(d / "signer.key.pem");
  ASSERT_GE(scalar.size(), 30u);
  const std::string pem_line = PemBodyLine(d / "signer.key.pem");
  ASSERT_GE(pem_line.size(), 40u);

  testing::ServeOptions options;
  options.config = (d / "pramaan.json").string();
  options.extra_args = {"--registry", (d / "registry.sqlite").string()};
  options.environment = {std::string("PRAMAAN_API_TOKEN=") + kToken,
                         std::string("PRAMAAN_LINK_KEY=") + kLinkKey,
                         std::string("PRAMAAN_PLATFORM_TOKEN=") + kPlatformToken};
  options.stderr_path = d / "server.stderr";
  const testing::ServerProcess server = testing::StartServer(options);
  ASSERT_GT(server.pid, 0);
  ASSERT_NE(server.port, 0) << testing::ReadFile(d / "server.stderr");

  const std::string limits = ReadProc(server.pid, "limits");
  const size_t core = limits.find("Max core file size");
  ASSERT_NE(core, std::string::npos);
  std::istringstream core_line(limits.substr(core + std::string("Max core file size").size()));
  std::string soft, hard;
  core_line >> soft >> hard;
  EXPECT_EQ(soft, "0");
  EXPECT_EQ(hard, "0");

  const std::string environment = ReadProc(server.pid, "environ");
  EXPECT_EQ(environment.find(kToken), std::string::npos);
  EXPECT_EQ(environment.find(kLinkKey), std::string::npos);
  EXPECT_EQ(environment.find(kPlatformToken), std::string::npos);

#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer's allocator reserves terabytes in many mappings and keeps freed blocks in
  // quarantine: a scan of it measures the sanitizer, not what the shipped build would dump.
  // The ordinary build scans; this build still checks the core limit and the environment.
  EXPECT_EQ(testing::StopServer(server.pid), 0);
  GTEST_SKIP() << "the memory scan runs in the build without sanitizers";
#endif
  const std::string memory = DumpableMemory(server.pid);
  EXPECT_GT(memory.size(), 1u << 20);  // the scan did read the process:
  EXPECT_NE(memory.find("Test Issuer"), std::string::npos);  // it finds what is not secret
  EXPECT_EQ(memory.find(kToken), std::string::npos) << "the API token";
  EXPECT_EQ(memory.find(kLinkKey), std::string::npos) << "the link key";
  EXPECT_EQ(memory.find(kPlatformToken), std::string::npos) << "the platform token";
  EXPECT_EQ(memory.find(pem_line), std::string::npos) << "the document-signing key's PEM text";
  EXPECT_EQ(memory.find(scalar), std::string::npos) << "the document-signing private scalar";

  EXPECT_EQ(testing::StopServer(server.pid), 0);
}

}  // namespace
}  // namespace pramaan
