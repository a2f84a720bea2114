// Test helpers for store/: a private temporary directory, a raw SQLite connection for looking
// at (and tampering with) a registry file behind the registry's back, and sample credentials.
#ifndef PRAMAAN_TESTS_STORE_SQLITE_TEST_SUPPORT_H_
#define PRAMAAN_TESTS_STORE_SQLITE_TEST_SUPPORT_H_

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "store/registry.h"

namespace pramaan::store::testing {

// A private temporary directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "pramaan-store-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

inline void WriteBytes(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A plain SQLite connection, independent of the registry's. Failures fail the test.
class RawSqlite {
 public:
  explicit RawSqlite(const std::filesystem::path& path) {
    int rc =
        sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    EXPECT_EQ(rc, SQLITE_OK) << path;
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawSqlite() { sqlite3_close_v2(db_); }
  RawSqlite(const RawSqlite&) = delete;
  RawSqlite& operator=(const RawSqlite&) = delete;

  void Exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (message != nullptr ? message : "");
    sqlite3_free(message);
  }

  // The first column of the first row of `sql`, as text ("" when there is no row).
  std::string QueryText(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr);
    EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << sqlite3_errmsg(db_);
    std::string text;
    rc = sqlite3_step(statement);
    if (rc == SQLITE_ROW && sqlite3_column_text(statement, 0) != nullptr) {
      text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    EXPECT_TRUE(rc == SQLITE_ROW || rc == SQLITE_DONE) << sql << ": " << sqlite3_errmsg(db_);
    sqlite3_finalize(statement);
    return text;
  }
  int64_t QueryInt(const std::string& sql) { return std::stoll("0" + QueryText(sql)); }

 private:
  sqlite3* db_ = nullptr;
};

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
  return credential;
}

inline void ExpectSameCredential(const StoredCredential& actual, const StoredCredential& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.source_record_id, expected.source_record_id);
  EXPECT_EQ(actual.credential_json, expected.credential_json);
  EXPECT_EQ(actual.issued_at, expected.issued_at);
  EXPECT_EQ(actual.superseded_by, expected.superseded_by);
  EXPECT_EQ(actual.revocation_index, expected.revocation_index);
  EXPECT_EQ(actual.suspension_index, expected.suspension_index);
}

inline bool SameCredential(const StoredCredential& a, const StoredCredential& b) {
  return a.id == b.id && a.source_record_id == b.source_record_id &&
         a.credential_json == b.credential_json && a.issued_at == b.issued_at &&
         a.superseded_by == b.superseded_by && a.revocation_index == b.revocation_index &&
         a.suspension_index == b.suspension_index;
}

}  // namespace pramaan::store::testing

#endif  // PRAMAAN_TESTS_STORE_SQLITE_TEST_SUPPORT_H_
