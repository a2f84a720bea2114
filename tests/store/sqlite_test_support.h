// Test helpers for the SQLite registry: a raw SQLite connection for looking at (and tampering
// with) a registry file behind the registry's back, with the helpers of every backend.
#ifndef PRAMAAN_TESTS_STORE_SQLITE_TEST_SUPPORT_H_
#define PRAMAAN_TESTS_STORE_SQLITE_TEST_SUPPORT_H_

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "tests/store/registry_test_support.h"

namespace pramaan::store::testing {

// A plain SQLite connection, independent of the registry's. Failures fail the test.
class RawSqlite {
 public:
  // A file it creates is owner-only, as a registry must be (store/registry_file_access.h).
  explicit RawSqlite(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path)) WriteBytes(path, "");
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

  // The steps of SQLite's plan for `sql` (EXPLAIN QUERY PLAN's details), joined by "; ".
  std::string QueryPlan(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    const std::string explain = "EXPLAIN QUERY PLAN " + sql;
    int rc = sqlite3_prepare_v2(db_, explain.c_str(), -1, &statement, nullptr);
    EXPECT_EQ(rc, SQLITE_OK) << explain << ": " << sqlite3_errmsg(db_);
    std::string plan;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      if (!plan.empty()) plan += "; ";
      plan += reinterpret_cast<const char*>(sqlite3_column_text(statement, 3));
    }
    sqlite3_finalize(statement);
    return plan;
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace pramaan::store::testing

#endif  // PRAMAAN_TESTS_STORE_SQLITE_TEST_SUPPORT_H_
