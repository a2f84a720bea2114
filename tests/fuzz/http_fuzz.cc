// libFuzzer target: arbitrary bytes as HTTP/1.1 requests through Beast's request parser and
// api::Handle, both roles, over an in-memory registry (tests/fuzz/http_request_entry.h). Any
// crash, hang, leak or sanitizer report is a bug; error responses are expected and fine.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/http_request_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pramaan::fuzz::ServeHttpBytes(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
