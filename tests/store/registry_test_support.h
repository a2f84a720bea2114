// Test helpers for every registry backend: a private temporary directory (the one of
// tests/test_support.h), files' bytes, and sample credentials.
#ifndef PRAMAAN_TESTS_STORE_REGISTRY_TEST_SUPPORT_H_
#define PRAMAAN_TESTS_STORE_REGISTRY_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "store/registry.h"
#include "tests/test_support.h"

namespace pramaan::store::testing {

using pramaan::testing::TempDir;

inline std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// Owner-only, as a registry must be (store/registry_file_access.h).
inline void WriteBytes(const std::filesystem::path& path, std::string_view bytes) {
  {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  std::filesystem::permissions(path, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_write);
}

// Credential number `n`: every field derived from n, so a reader can check a row it was given.
inline StoredCredential SampleCredential(int n) {
  StoredCredential credential;
  std::string number = std::to_string(n);
  credential.id = "CRED" + std::string(16 - std::min<size_t>(16, number.size()), '0') + number;
  credential.source_record_id = "igot-cc-2026-" + number;
  credential.credential_json =
      R"({"id":"urn:uuid:)" + number + R"(","name":"Priya Sharma प्रिया शर्मा","n":)" + number + "}";
  credential.issued_at = "2026-11-20T09:00:00Z";
  credential.revocation_index = 2 * static_cast<int64_t>(n);
  credential.suspension_index = 2 * static_cast<int64_t>(n) + 1;
  credential.source_digest = std::string(64, "0123456789abcdef"[n % 16]);
  return credential;
}

// Registry calls that must succeed: a failure fails the test with the registry's message.
inline void PutOrFail(Registry& registry, const StoredCredential& credential) {
  Status put = registry.Put(credential);
  ASSERT_TRUE(put.ok()) << put.error().message();
}

inline std::optional<StoredCredential> GetOrFail(Registry& registry, std::string_view id) {
  auto got = registry.Get(id);
  EXPECT_TRUE(got.ok()) << got.error().message();
  return got.ok() ? *got : std::nullopt;
}

inline int64_t CountOrFail(Registry& registry) {
  auto count = registry.Count();
  EXPECT_TRUE(count.ok()) << count.error().message();
  return count.ok() ? *count : -1;
}

inline void ExpectSameCredential(const StoredCredential& actual, const StoredCredential& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.source_record_id, expected.source_record_id);
  EXPECT_EQ(actual.credential_json, expected.credential_json);
  EXPECT_EQ(actual.issued_at, expected.issued_at);
  EXPECT_EQ(actual.superseded_by, expected.superseded_by);
  EXPECT_EQ(actual.revocation_index, expected.revocation_index);
  EXPECT_EQ(actual.suspension_index, expected.suspension_index);
  EXPECT_EQ(actual.source_digest, expected.source_digest);
}

inline bool SameCredential(const StoredCredential& a, const StoredCredential& b) {
  return a.id == b.id && a.source_record_id == b.source_record_id &&
         a.credential_json == b.credential_json && a.issued_at == b.issued_at &&
         a.superseded_by == b.superseded_by && a.revocation_index == b.revocation_index &&
         a.suspension_index == b.suspension_index && a.source_digest == b.source_digest;
}

}  // namespace pramaan::store::testing

#endif  // PRAMAAN_TESTS_STORE_REGISTRY_TEST_SUPPORT_H_
