// Small pieces every route file of the handler uses: a response in our shape, and the bearer
// token of a request. Internal to api/.
#ifndef PRAMAAN_API_HTTP_COMMON_H_
#define PRAMAAN_API_HTTP_COMMON_H_

#include <cctype>
#include <string>
#include <string_view>
#include <utility>

#include "api/handler.h"

namespace pramaan::api {

// A response to `request` with `body`: our Server header, the request's keep-alive, the length.
inline HttpResponse MakeResponse(const HttpRequest& request, http::status status,
                                 std::string_view content_type, std::string body) {
  HttpResponse response(status, request.version());
  response.set(http::field::server, "pramaan");
  response.set(http::field::content_type, content_type);
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

// The bearer token of the request ("Authorization: Bearer X", the scheme in any case), or ""
// when there is none.
inline std::string_view BearerToken(const HttpRequest& request) {
  const auto header = request[http::field::authorization];
  const std::string_view value(header.data(), header.size());
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size()) return {};
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) return {};
  }
  return value.substr(kScheme.size());
}

}  // namespace pramaan::api

#endif  // PRAMAAN_API_HTTP_COMMON_H_
