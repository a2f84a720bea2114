// The awarding staff's console (issue 21), served by the issuer role under /console: HTML in
// English and Hindi, usable without JavaScript. A user signs in with their own awarding token;
// the session lives in the registry (awarding::Workflow::SignIn), its secret in a cookie that
// scripts cannot read (HttpOnly), sent to this site alone (SameSite=Strict) and, under TLS,
// only over TLS (Secure). Every form that changes something carries the session's CSRF token
// (Workflow::CsrfToken), and a form without it, or with another session's, is refused.
//
//   GET  /console            the sign-in form, or the signed-in user's home: a submitter's
//                            upload form and agency's batches (sent back first), an approver's
//                            review queue, an administrator's batches ready to award
//   POST /console/sign-in    token=...: the session cookie and 303 to /console; a wrong token
//                            401 with the form again; past kConsoleSignInsPerMinute attempts a
//                            minute from one address, 429 with Retry-After
//   POST /console/sign-out   csrf=...: the session ended, the cookie cleared, 303 to /console
//   POST /console/submit     submitter, multipart: the results file ("results", CSV or JSON);
//                            201 with each refused row's line and reason, 422 when none passed
//   GET  /console/batches/{id}           the batch as a table, with the steps the user may
//                                        take (approve, send back, award, resubmit)
//   POST /console/batches/{id}/approve   approver, not the submitter: reason (optional)
//   POST /console/batches/{id}/send-back approver, not the submitter: reason (required)
//   POST /console/batches/{id}/award     administrator: starts the award (AwardRunner); the
//                                        batch page shows its progress and refreshes itself
//   GET  /console/batches/{id}/log       the batch's audit log
//   GET  /console/catalogue              the qualifications (any user)
//   POST /console/catalogue/import       administrator, multipart: "catalogue", CSV or JSON
//   POST /console/catalogue/{nqr}/retire administrator: reason (required)
//   GET  /console/users                  administrator: the users
//   POST /console/users                  administrator: name, role_submitter, role_approver,
//                                        role_administrator, agency; 201 shows the token once
//   POST /console/users/{name}/disable   administrator
//   POST /console/users/{name}/token     administrator: a new token, shown once
// Every POST but sign-in needs the session's CSRF token (field "csrf"), else 403 and nothing
// done. Not signed in (or the session idle longer than console.idle_timeout_s): any page but
// /console answers 303 to it. A step the workflow refuses answers its page again with the
// reason: 403 (role, own batch), 404, 409 (state), 422 (input).
#ifndef PRAMAAN_API_CONSOLE_ROUTES_H_
#define PRAMAAN_API_CONSOLE_ROUTES_H_

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>
#include <optional>
#include <string_view>

#include "api/handler.h"
#include "core/time/clock.h"

namespace pramaan::api {

// Sign-in attempts a client address may make a minute (failed or not): enough for a person who
// mistypes, too few to guess a 32-byte token.
inline constexpr double kConsoleSignInsPerMinute = 5;
// The cookie that holds the session's secret.
inline constexpr std::string_view kConsoleCookie = "pramaan_console";

// The most a console upload (results or catalogue file) may hold: 10,000 results as JSON
// (kMaxResultsPerBatch) fit. Only a signed-in user's upload gets it; anything else keeps the
// server's body limit.
inline constexpr std::size_t kMaxConsoleUploadBytes = 4 * 1024 * 1024;

// The console sessions that made a request to this server lately: the SHA-256 of each one's
// secret and when it was last used here. The body limit of an upload is decided from it on the
// connection's thread, where a registry read could stall every other connection. At most
// kMaxRemembered; past that the oldest half is forgotten (their uploads then keep the server's
// body limit until their next page).
class RecentConsoleSessions {
 public:
  static constexpr size_t kMaxRemembered = 10000;
  void Saw(std::string_view secret, Timestamp at);
  void Forget(std::string_view secret);
  // Whether the session whose secret is `secret` was used here at `since` or later.
  bool SeenSince(std::string_view secret, Timestamp since) const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Timestamp> seen_;
};

// The body limit of a request whose header is `header`: kMaxConsoleUploadBytes for an upload
// to /console/submit or /console/catalogue/import with the cookie of a session used on this
// server within the idle timeout (ApiServices::console_sessions_seen), else `limit`.
std::size_t ConsoleBodyLimit(const HttpRequest& header, const ApiServices& services,
                             std::size_t limit);

// Whether `target` is under /console (a refusal before routing is then a page, not JSON).
bool IsConsoleTarget(std::string_view target);

// The page answering a console request whose body was larger than `limit` bytes (413).
HttpResponse ConsoleBodyTooLarge(std::size_t limit);

// The response when `path` is a console route, else nullopt. `client` is the peer address.
std::optional<HandledRequest> HandleConsole(const HttpRequest& request, std::string_view path,
                                            const ApiServices& services,
                                            std::string_view client);

}  // namespace pramaan::api

#endif  // PRAMAAN_API_CONSOLE_ROUTES_H_
