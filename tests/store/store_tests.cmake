# The registry (issue 5): one test program, one test file per unit of store/. The Registry
# contract and the awarding store run against SQLite and against a private PostgreSQL server the
# tests start.

# The private PostgreSQL server of the tests, for every test program that needs one.
add_library(pramaan_test_postgres STATIC store/postgres_server.cc)
target_include_directories(pramaan_test_postgres PUBLIC ${PRAMAAN_ROOT})
target_link_libraries(pramaan_test_postgres PUBLIC pramaan_core PkgConfig::LIBPQ)
target_compile_definitions(pramaan_test_postgres PRIVATE PRAMAAN_SOURCE_DIR="${PRAMAAN_ROOT}")

pramaan_test(store_test store/registry_contract_test.cc pramaan_store pramaan_test_postgres
             PkgConfig::SQLITE3 Threads::Threads)
target_sources(store_test PRIVATE
  store/registry_test.cc
  store/sqlite_registry_test.cc
  store/sqlite_migrations_test.cc
  store/postgres_registry_test.cc
  store/postgres_migrations_test.cc
  store/status_lists_test.cc
  store/supersession_index_test.cc
  store/awarding_store_test.cc)
# Starting the server (initdb) takes a few seconds; the suite stays well under a minute.
set_tests_properties(store_test PROPERTIES TIMEOUT 300)

# Who may read a SQLite registry (issue 17): its own program, since the rule is process-wide.
pramaan_test(registry_file_access_test store/registry_file_access_test.cc pramaan_store)
