// The awarding staff's console (issue 21), served by the issuer role under /console: HTML in
// English and Hindi, usable without JavaScript. A user signs in with their own awarding token;
// the session lives in the registry (awarding::Workflow::SignIn), its secret in a cookie that
// scripts cannot read (HttpOnly), sent to this site alone (SameSite=Strict) and, under TLS,
// only over TLS (Secure). Every form that changes something carries the session's CSRF token
// (Workflow::CsrfToken), and a form without it, or with another session's, is refused.
//
//   GET  /console            the sign-in form, or the signed-in user's home: who they are and
//                            the batches they may see (a submitter's agency's; an approver's
//                            queue first)
//   POST /console/sign-in    token=...: the session cookie and 303 to /console; a wrong token
//                            401 with the form again; past kConsoleSignInsPerMinute attempts a
//                            minute from one address, 429 with Retry-After
//   POST /console/sign-out   csrf=...: the session ended, the cookie cleared, 303 to /console
#ifndef PRAMAAN_API_CONSOLE_ROUTES_H_
#define PRAMAAN_API_CONSOLE_ROUTES_H_

#include <chrono>
#include <optional>
#include <string_view>

#include "api/handler.h"

namespace pramaan::api {

// Sign-in attempts a client address may make a minute (failed or not): enough for a person who
// mistypes, too few to guess a 32-byte token.
inline constexpr double kConsoleSignInsPerMinute = 5;
// A session unused this long is ended (console.idle_timeout_s; 30 minutes).
inline constexpr std::chrono::seconds kConsoleIdleTimeout{1800};
// The cookie that holds the session's secret.
inline constexpr std::string_view kConsoleCookie = "pramaan_console";

// The response when `path` is a console route, else nullopt. `client` is the peer address.
std::optional<HandledRequest> HandleConsole(const HttpRequest& request, std::string_view path,
                                            const ApiServices& services,
                                            std::string_view client);

}  // namespace pramaan::api

#endif  // PRAMAAN_API_CONSOLE_ROUTES_H_
