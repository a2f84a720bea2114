# The verification server (issue 5): end-to-end tests that start the real build/pramaan
# binary on an ephemeral loopback port and talk HTTP to it, and unit tests of the handler's
# pure parts. `ctest -R api` runs both.
pramaan_test(api_server_test api/server_test.cc pramaan_api pramaan_keys)
add_dependencies(api_server_test pramaan)
pramaan_test(api_handler_test api/handler_test.cc pramaan_api pramaan_keys)
# The DigiLocker Pull URI and Pull Doc APIs, with fake services.
pramaan_test(digilocker_test api/digilocker_test.cc pramaan_api pramaan_keys)
# Key rotation and compromise (keys rotate / compromise / list) end to end: the real binary
# issues, rotates, verifies, and serves the DID document with the key history.
pramaan_test(key_rotation_test api/key_rotation_test.cc pramaan_core)
add_dependencies(key_rotation_test pramaan)
# Two servers on one PostgreSQL registry (issue 6): it starts a private PostgreSQL (installing
# Debian's package when missing), like store_test.
pramaan_test(shared_registry_test api/shared_registry_test.cc pramaan_test_postgres pramaan_core)
add_dependencies(shared_registry_test pramaan)
set_tests_properties(shared_registry_test PROPERTIES TIMEOUT 300)
# The NCVET awarding workflow and DigiLocker (issue 7) end to end: the real binary and server,
# users with their own tokens, the catalogue, results, maker-checker approval, award.
pramaan_test(awarding_server_test api/awarding_server_test.cc pramaan_store pramaan_core
             OpenSSL::Crypto)
add_dependencies(awarding_server_test pramaan)
set_tests_properties(awarding_server_test PROPERTIES TIMEOUT 300)
# The roles (DESIGN.md, "Security contexts") end to end: `serve --role public` from a folder
# with no key beside `serve --role issuer`, on one SQLite registry.
pramaan_test(roles_test api/roles_test.cc pramaan_keys pramaan_core)
add_dependencies(roles_test pramaan)
set_tests_properties(roles_test PROPERTIES TIMEOUT 300)
# What a core dump of a running server would hold (issue 17): the real binary with every kind
# of secret, its limits, environment and dumpable memory read through /proc.
pramaan_test(process_secrets_test api/process_secrets_test.cc pramaan_core OpenSSL::Crypto)
add_dependencies(process_secrets_test pramaan)
# Status list URLs through Boost.URL (issue 17), IPv6 loopback fetch included.
pramaan_test(remote_url_test api/remote_url_test.cc pramaan_api)
# The HTTP request fuzzer's seeds and past crashes, replayed through the entry point the
# libFuzzer target (tests/fuzz/http_fuzz.cc) calls.
pramaan_test(http_fuzz_replay_test fuzz/http_replay_test.cc pramaan_api pramaan_keys)
target_sources(http_fuzz_replay_test PRIVATE fuzz/http_request_entry.cc)
# multipart/form-data bodies (a PDF uploaded from the verification page's form).
pramaan_test(multipart_test api/multipart_test.cc pramaan_api)
