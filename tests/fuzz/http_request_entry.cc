#include "tests/fuzz/http_request_entry.h"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>

#include "api/handler.h"
#include "api/memory_registry.h"
#include "api/metrics.h"
#include "api/server.h"
#include "api/status_lists.h"
#include "api/verified_cache.h"
#include "core/did/did_key.h"
#include "core/time/clock.h"
#include "core/time/rfc3339.h"
#include "issuer/config.h"
#include "issuer/issuance_service.h"
#include "keys/ed25519_signer_sodium.h"
#include "keys/secret_bytes.h"
#include "store/status_lists.h"
#include "store/supersession_index.h"

namespace pramaan::fuzz {
namespace {

namespace http = boost::beast::http;
constexpr const char* kBaseUrl = "https://fuzz.example";
// Requests answered per input at most: pipelining more shows nothing new and costs time.
constexpr int kMaxRequestsPerInput = 8;

// What stays the same across inputs: the keys and setups (generating a key per input would
// be most of the time spent).
struct Fixed {
  Fixed() {
    issuer.signer = std::make_unique<Ed25519SignerSodium>(Ed25519SignerSodium::Generate());
    issuer.config.base_url = kBaseUrl;
    issuer.issuer = {DidKeyFor(issuer.signer->public_key()), "Fuzz Issuer", ""};
    issuer.config.issuer = issuer.issuer;
    issuer.proof.verification_method =
        DidKeyVerificationMethodFor(issuer.signer->public_key());
    verifier.base_url = kBaseUrl;
    verifier.issuer = issuer.issuer;
  }
  IssuerSetup issuer;
  VerifierSetup verifier;
  const FixedClock clock{*ParseRfc3339("2026-12-01T00:00:00Z")};
  const SecretBytes token{std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(kFuzzApiToken.data()), kFuzzApiToken.size())};
  const SecretBytes platform_token{std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(kFuzzPlatformToken.data()), kFuzzPlatformToken.size())};
  const SecretBytes link_key{
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>("fuzz-link-key"), 13)};
};

const Fixed& GetFixed() {
  static const Fixed* fixed = new Fixed();
  return *fixed;
}

}  // namespace

int ServeHttpBytes(std::string_view bytes) {
  const Fixed& fixed = GetFixed();
  // A fresh registry per input, so that one input cannot change what the next one sees.
  api::MemoryRegistry registry;
  api::Metrics metrics;
  api::VerifiedCache cache(8);
  store::StatusBits bits(registry);
  api::RegistryStatusChecker status(bits, kBaseUrl, &registry);
  store::SupersessionIndex supersession(registry);
  IssuanceService issuance(fixed.issuer, fixed.clock, registry,
                           IssuanceServiceOptions{/*allocate_status=*/true, nullptr});
  const TrustedIssuers trusted({fixed.issuer.issuer.id});
  api::ApiServices services;
  services.verifier = &fixed.verifier;
  services.setup = &fixed.issuer;
  services.issuance = &issuance;
  services.registry = &registry;
  services.clock = &fixed.clock;
  services.metrics = &metrics;
  services.api_token = &fixed.token;
  services.platform_token = &fixed.platform_token;
  services.link_key = &fixed.link_key;
  services.trusted_issuers = &trusted;
  services.status_lists = &status;
  services.status_bits = &bits;
  services.verified_cache = &cache;
  services.supersession = &supersession;

  int answered = 0;
  while (!bytes.empty() && answered < kMaxRequestsPerInput) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(api::kMaxHeaderBytes));
    parser.body_limit(api::kMaxBodyBytes);
    parser.eager(true);
    boost::system::error_code ec;
    const size_t used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec == http::error::need_more) {
      // The bytes end inside the request: as when the client closes its side.
      parser.put_eof(ec);
    }
    if (ec || !parser.is_done()) break;
    bytes.remove_prefix(used);
    const api::HttpRequest& request = parser.get();
    (void)api::IsCostlyRequest(request);
    api::HandledRequest handled = api::Handle(request, services);
    const unsigned code = handled.response.result_int();
    if (code < 100 || code > 599) std::abort();
    const auto length = handled.response.find(http::field::content_length);
    if (length != handled.response.end() &&
        std::string_view(length->value().data(), length->value().size()) !=
            std::to_string(handled.response.body().size())) {
      std::abort();
    }
    std::ostringstream wire;
    wire << handled.response;
    ++answered;
    if (used == 0) break;
  }
  return answered;
}

}  // namespace pramaan::fuzz
