// A test fixture for the PostgreSQL registry: each test gets a fresh schema (its own
// search_path) in the test run's database on the process's private server (postgres_server.h),
// dropped at the end of the test.
#ifndef PRAMAAN_TESTS_STORE_POSTGRES_TEST_SUPPORT_H_
#define PRAMAAN_TESTS_STORE_POSTGRES_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "tests/store/postgres_server.h"

namespace pramaan::store::testing {

class PostgresDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = pramaan::testing::PostgresServer::Shared();
    ASSERT_TRUE(server.ok()) << server.error().message();
    server_ = *server;
    auto schema = server_->CreateSchema();
    ASSERT_TRUE(schema.ok()) << schema.error().message();
    schema_ = *schema;
  }

  void TearDown() override {
    if (server_ == nullptr || schema_.empty()) return;
    Status dropped = server_->DropSchema(schema_);
    EXPECT_TRUE(dropped.ok()) << dropped.error().message();
  }

  // Runs `sql` as the superuser with this test's schema as the search path; the first column
  // of the first row.
  std::string Query(std::string_view sql) {
    auto result =
        server_->Query(database(), "SET search_path TO " + schema_ + "; " + std::string(sql));
    EXPECT_TRUE(result.ok()) << result.error().message();
    return result.ok() ? *result : "";
  }
  int64_t QueryInt(std::string_view sql) { return std::stoll("0" + Query(sql)); }

  pramaan::testing::PostgresServer& server() { return *server_; }
  // The URL of the registry's database with this test's schema as its search path.
  std::string url() const { return server_->SchemaUrl(schema_); }
  std::string database() const {
    return std::string(pramaan::testing::PostgresServer::kTestDatabase);
  }
  const std::string& schema() const { return schema_; }

 private:
  pramaan::testing::PostgresServer* server_ = nullptr;
  std::string schema_;
};

}  // namespace pramaan::store::testing

#endif  // PRAMAAN_TESTS_STORE_POSTGRES_TEST_SUPPORT_H_
