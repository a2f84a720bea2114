// libFuzzer target: arbitrary bytes as the XML body of a DigiLocker Pull URI or Pull Doc
// request (api/digilocker.h), read with expat before any signature or HMAC is checked.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/digilocker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  (void)pramaan::api::digilocker::ParsePullUriRequest(xml);
  (void)pramaan::api::digilocker::ParsePullDocRequest(xml);
  return 0;
}
