// A test fixture for the PostgreSQL registry: each test gets a fresh schema (its own
// search_path) in the test run's database on the process's private server (postgres_server.h),
// dropped at the end of the test.
#ifndef PRAMAAN_TESTS_STORE_POSTGRES_TEST_SUPPORT_H_
#define PRAMAAN_TESTS_STORE_POSTGRES_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/result.h"
#include "tests/store/postgres_server.h"

namespace pramaan::store::testing {

// A fresh schema in the test run's database on the process's private server, dropped (and
// checked to drop) when this goes away.
class TestSchema {
 public:
  TestSchema() = default;
  TestSchema(const TestSchema&) = delete;
  TestSchema& operator=(const TestSchema&) = delete;
  ~TestSchema() {
    if (server_ == nullptr || name_.empty()) return;
    Status dropped = server_->DropSchema(name_);
    EXPECT_TRUE(dropped.ok()) << dropped.error().message();
  }

  // Starts the shared server if need be and makes the schema.
  Status Create() {
    PRAMAAN_ASSIGN_OR_RETURN(server_, pramaan::testing::PostgresServer::Shared());
    PRAMAAN_ASSIGN_OR_RETURN(name_, server_->CreateSchema());
    return Status::Ok();
  }

  pramaan::testing::PostgresServer& server() const { return *server_; }
  const std::string& name() const { return name_; }
  // The URL of the test database with this schema as its search path.
  std::string url() const { return server_->SchemaUrl(name_); }

 private:
  pramaan::testing::PostgresServer* server_ = nullptr;
  std::string name_;
};

class PostgresDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Status created = schema_.Create();
    ASSERT_TRUE(created.ok()) << created.error().message();
  }

  // Runs `sql` as the superuser with this test's schema as the search path; the first column
  // of the first row.
  std::string Query(std::string_view sql) {
    auto result =
        schema_.server().Query(database(), "SET search_path TO " + schema_.name() + "; " + std::string(sql));
    EXPECT_TRUE(result.ok()) << result.error().message();
    return result.ok() ? *result : "";
  }
  int64_t QueryInt(std::string_view sql) { return std::stoll("0" + Query(sql)); }

  pramaan::testing::PostgresServer& server() { return schema_.server(); }
  // The URL of the registry's database with this test's schema as its search path.
  std::string url() const { return schema_.url(); }
  std::string database() const {
    return std::string(pramaan::testing::PostgresServer::kTestDatabase);
  }
  const std::string& schema() const { return schema_.name(); }

 private:
  TestSchema schema_;
};

}  // namespace pramaan::store::testing

#endif  // PRAMAAN_TESTS_STORE_POSTGRES_TEST_SUPPORT_H_
