// The one entry point that the HTTP request fuzzer (tests/fuzz/http_fuzz.cc) and its replay
// test in the ordinary build (tests/fuzz/http_replay_test.cc) both call: raw bytes as one or
// more pipelined HTTP/1.1 requests through the parser and the handler the server uses, without
// sockets.
#ifndef PRAMAAN_TESTS_FUZZ_HTTP_REQUEST_ENTRY_H_
#define PRAMAAN_TESTS_FUZZ_HTTP_REQUEST_ENTRY_H_

#include <string_view>

namespace pramaan::fuzz {

// The bearer token the entry's issuer role accepts, so that seeds can reach the issuer routes.
inline constexpr std::string_view kFuzzApiToken = "fuzz-token-0123456789";
// The learning platform's token (POST /records, /records/batch) in the seeds.
inline constexpr std::string_view kFuzzPlatformToken = "fuzz-platform-0123456789";

// Parses `bytes` with Beast's request parser under the server's header and body limits
// (api/server.h) and answers every complete request with api::Handle over a fresh in-memory
// registry (both roles: a generated key, the issuance service, status lists), serializing each
// response. Returns how many requests were answered. Aborts (a crash for the fuzzer) when a
// response breaks HTTP: a status outside 100-599 or a body whose length its header misstates.
int ServeHttpBytes(std::string_view bytes);

}  // namespace pramaan::fuzz

#endif  // PRAMAAN_TESTS_FUZZ_HTTP_REQUEST_ENTRY_H_
