// Status list URLs read through Boost.URL (issue 17): IPv6 literals, ports, user information,
// schemes; and a real fetch from an IPv6 loopback listener.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "api/remote_status.h"

namespace pramaan::api {
namespace {

TEST(ParseFetchUrl, ReadsAnIpv6LiteralWithItsPort) {
  auto url = ParseFetchUrl("https://[::1]:8443/status/3?x=1#frag");
  ASSERT_TRUE(url.ok()) << url.error().message();
  EXPECT_TRUE(url->https);
  EXPECT_EQ(url->host, "::1");
  EXPECT_TRUE(url->host_is_address);
  EXPECT_EQ(url->port, "8443");
  EXPECT_EQ(url->host_header, "[::1]:8443");
  EXPECT_EQ(url->target, "/status/3?x=1");
}

TEST(ParseFetchUrl, DefaultsThePortAndThePath) {
  auto url = ParseFetchUrl("https://status.example.gov.in");
  ASSERT_TRUE(url.ok()) << url.error().message();
  EXPECT_EQ(url->host, "status.example.gov.in");
  EXPECT_FALSE(url->host_is_address);
  EXPECT_EQ(url->port, "443");
  EXPECT_EQ(url->target, "/");
  auto empty_port = ParseFetchUrl("https://status.example:/lists/1");
  ASSERT_TRUE(empty_port.ok()) << empty_port.error().message();
  EXPECT_EQ(empty_port->port, "443");
}

TEST(ParseFetchUrl, RefusesWhatItMustNotFetch) {
  auto credentials = ParseFetchUrl("https://user:pw@status.example/1");
  ASSERT_FALSE(credentials.ok());
  EXPECT_NE(credentials.error().message().find("credentials"), std::string::npos);
  auto plain = ParseFetchUrl("http://status.example/1");
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.error().code(), ErrorCode::kUnsupported);
  EXPECT_FALSE(ParseFetchUrl("ftp://status.example/1").ok());
  EXPECT_FALSE(ParseFetchUrl("https://[::1/1").ok());
  EXPECT_FALSE(ParseFetchUrl("not a url").ok());
  EXPECT_TRUE(ParseFetchUrl("http://[::1]:80/").ok());  // plain http to the loopback
  EXPECT_TRUE(ParseFetchUrl("http://localhost:8080/").ok());
}

// A one-shot HTTP server on [::1] that answers every request with `body` and records what
// it was asked.
TEST(FetchUrl, FetchesFromAnIpv6Loopback) {
  const int listener = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_addr = in6addr_loopback;
  if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(listener);
    GTEST_SKIP() << "this machine has no IPv6 loopback to bind (::1)";
  }
  ASSERT_EQ(::listen(listener, 1), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const int port = ntohs(address.sin6_port);
  std::string request;
  std::thread server([&] {
    const int connection = ::accept(listener, nullptr, nullptr);
    if (connection < 0) return;
    char buffer[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::read(connection, buffer, sizeof buffer);
      if (n <= 0) break;
      request.append(buffer, static_cast<size_t>(n));
    }
    const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";
    (void)!::write(connection, answer.data(), answer.size());
    ::close(connection);
  });
  auto body = FetchUrl("http://[::1]:" + std::to_string(port) + "/status/7", 1024,
                       std::chrono::seconds(5));
  server.join();
  ::close(listener);
  ASSERT_TRUE(body.ok()) << body.error().message();
  EXPECT_EQ(*body, "hello");
  EXPECT_TRUE(request.starts_with("GET /status/7 HTTP/1.1\r\n")) << request;
  EXPECT_NE(request.find("Host: [::1]:" + std::to_string(port) + "\r\n"), std::string::npos)
      << request;
}

}  // namespace
}  // namespace pramaan::api
