# The registry on SQLite (issue 5): one test program, one test file per unit of store/.
pramaan_test(store_test store/sqlite_registry_test.cc pramaan_store PkgConfig::SQLITE3
             Threads::Threads)
target_sources(store_test PRIVATE store/sqlite_migrations_test.cc)
