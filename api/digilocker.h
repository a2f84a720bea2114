// DigiLocker issuer integration: the two APIs an issuer implements for DigiLocker (India's
// document wallet) to call, per the DigiLocker "Issuer API Specification" (v1.12, Sept 2022;
// the API Setu OpenAPI description of the same APIs is issuer.yaml, version 3.0.0):
//
//   Pull URI Request: a learner searches our repository by their details (DocType, APAAR id
//     in a UDF search parameter, full name); we answer with the URI of their certificate,
//     {IssuerId}-{DocType}-{DocId}, and its content (PDF and XML data).
//   Pull Doc Request: DigiLocker fetches the document a URI names. (Version 1.13 of the
//     specification, May 2024, drops this API; DigiLocker keeps what Pull URI returned.)
//
// Requests and responses are XML. Every request carries `x-digilocker-hmac`: in the words of
// the specification, DigiLocker computes the HMAC of the HTTP request body with SHA-256 and the
// API key the issuer configured in the Partner Portal as the key, and sends it in Base64. A
// request without it, or with a wrong one, is refused before its body is read as XML; so is
// a request carrying the header twice.
//
// The HMAC covers the body, not the moment it was sent, so a captured request could be sent
// again. Against that (issue 17), a request's `ts` must be within Settings::max_skew of now
// (awarding.digilocker.max_skew_s, default 300 s) and its `txn` must not have been seen within
// that window: every accepted transaction is remembered until its ts is too old to be
// accepted again. The memory is per process (TransactionLog): two issuer processes behind one
// address do not share it.
//
// This file is pure: bytes in, bytes out. The handler (api/handler.cc) routes
// POST /digilocker/pull-uri and POST /digilocker/pull-doc here.
#ifndef PRAMAAN_API_DIGILOCKER_H_
#define PRAMAAN_API_DIGILOCKER_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/json/json.h"
#include "core/result.h"
#include "core/time/clock.h"
#include "keys/secret_bytes.h"

namespace pramaan::api::digilocker {

// The HTTP header DigiLocker signs requests with.
inline constexpr std::string_view kHmacHeader = "x-digilocker-hmac";

// Largest request body parsed: the server's own body limit. A request is a few hundred bytes,
// plus the learner's Aadhaar photograph (base64 JPEG, tens of KB) when the issuer opts for it.
inline constexpr std::size_t kMaxRequestBytes = 256 * 1024;

// How far a request's ts may be from now, either way, unless configured otherwise
// (awarding.digilocker.max_skew_s): DigiLocker stamps a request as it sends it, so a few
// seconds of delay and clock drift are expected, and 5 minutes is generous for both.
inline constexpr std::chrono::seconds kDefaultMaxSkew{300};
// The most transactions remembered at once. Only requests with a good HMAC are remembered, so
// only DigiLocker (or a holder of the key) can fill it: 100,000 in a 10-minute window is over
// 160 requests a second. Past it, requests are answered 503 until entries expire (a replay is
// never let through to make room). About 200 bytes an entry: 20 MB at most.
inline constexpr std::size_t kMaxRememberedTransactions = 100000;
// Longest txn accepted (bytes): DigiLocker's are a few dozen characters.
inline constexpr std::size_t kMaxTxnBytes = 128;

// The transactions accepted within the replay window, each until the time it expires. Bounded
// (capacity) and thread-safe. Per process: nothing is shared with other processes or kept
// across a restart (a restart within the window forgets; the ts check still bounds a replay
// to the window).
class TransactionLog {
 public:
  explicit TransactionLog(std::size_t capacity = kMaxRememberedTransactions)
      : capacity_(capacity) {}

  enum class Outcome {
    kNew,       // recorded now
    kReplayed,  // already recorded and not yet expired at `now`: refuse the request
    kFull,      // `capacity` unexpired entries: nothing recorded, refuse the request
  };
  // Forgets the entries expired at `now` (expiry <= now), then records `key` until `expires`
  // unless it is still recorded.
  Outcome Record(const std::string& key, Timestamp expires, Timestamp now);
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::size_t capacity_;
  std::unordered_map<std::string, Timestamp> expiry_;   // key -> when it expires
  std::multimap<Timestamp, std::string> by_expiry_;     // the same, oldest expiry first
};

// What the awarding body registered with DigiLocker.
struct Settings {
  std::string issuer_id;  // e.g. "in.gov.example.awarding" (DigiLocker's issuer id)
  std::string doc_type;   // e.g. "NCVQC": the document type code of our qualification certificates
  SecretBytes api_key;    // the shared HMAC key
  std::chrono::seconds max_skew = kDefaultMaxSkew;  // how far ts may be from now
  // The transactions seen; each Settings has its own unless one is shared on purpose.
  std::shared_ptr<TransactionLog> transactions = std::make_shared<TransactionLog>();
};

// base64(HMAC-SHA256(key, body)), standard alphabet with padding: what the specification says
// `x-digilocker-hmac` carries.
std::string ComputeHmac(std::string_view body, const SecretBytes& key);
// Whether `header` is the HMAC of `body` under `key`, compared in constant time. Accepts
// ComputeHmac(body, key) and also the base64 of the HMAC's 64 lower-case hex digits, which is
// what an HMAC "converted to Base64" is when the HMAC is computed by PHP's hash_hmac (issuer
// implementations in the wild accept that form from DigiLocker). Both need the key. False for
// an empty key (then nothing is accepted) and for an empty header.
bool CheckHmac(std::string_view body, std::string_view header, const SecretBytes& key);

// The attributes both requests carry on their root element.
struct RequestEnvelope {
  std::string ver, ts, txn, org_id;
  std::string format;  // "xml", "pdf", "both" or "" (absent: read as "both", see HandlePullUri)
};

// <PullURIRequest ver ts txn orgId keyhash format><DocDetails><DocType/><DigiLockerId/><UID/>
// <FullName/><DOB/><Photo/><UDF1/>...</DocDetails></PullURIRequest>
// Element values are trimmed of surrounding whitespace; attribute values are kept as sent.
struct PullUriRequest : RequestEnvelope {
  std::string doc_type, digilocker_id, uid, full_name, dob;
  std::map<std::string, std::string> udf;  // "UDF1" -> value, ...
};

// <PullDocRequest ver ts txn orgId format><DocDetails><URI/><DigiLockerId/></DocDetails>
// </PullDocRequest>
struct PullDocRequest : RequestEnvelope {
  std::string uri, digilocker_id;
};

// Parse the requests (the root may carry a namespace; prefixes are ignored). Fail with
// kInvalidInput naming what is wrong: a body over kMaxRequestBytes, XML that is not well-formed
// UTF-8, a DOCTYPE or entity declaration (refused outright: no entity is ever expanded and
// nothing is ever fetched), another root element, a missing ver/ts/txn attribute or DocDetails
// element, a missing DocType (Pull URI) or URI (Pull Doc), a format other than xml, pdf or
// both, an element given twice, or an element that should hold text holding elements.
Result<PullUriRequest> ParsePullUriRequest(std::string_view xml);
Result<PullDocRequest> ParsePullDocRequest(std::string_view xml);

// A document URI: {issuer_id}-{doc_type}-{doc_id}. The issuer id may itself contain '-', so
// parsing takes the issuer id and doc type we expect and checks the prefix.
std::string FormatUri(std::string_view issuer_id, std::string_view doc_type,
                      std::string_view doc_id);
// The doc_id of `uri`, or nullopt when it is not {issuer_id}-{doc_type}-{id}, id being 1 to 64
// of [A-Za-z0-9_-] (our credential ids, and ids given through the API, are such).
std::optional<std::string> DocIdOf(std::string_view uri, std::string_view issuer_id,
                                   std::string_view doc_type);

// A qualification the awarding body awarded: what the Pull URI search matches against.
struct AwardedDocument {
  std::string credential_id;  // the short credential id: the URI's DocId
  std::string nqr_code;
  std::string learner_name;  // in English, as on the certificate
};

// Where the documents come from (the awarding store and the registry); every function is
// required and must be thread-safe. An error from any of them makes the handler answer 500.
struct Services {
  const Settings* settings = nullptr;
  const Clock* clock = nullptr;  // "now" for the ts check
  // Every qualification awarded to the learner with this APAAR id, oldest first.
  std::function<Result<std::vector<AwardedDocument>>(std::string_view apaar_id)> find_awards;
  // The signed credential stored under a short id, or nullopt.
  std::function<Result<std::optional<Json>>(std::string_view credential_id)> credential;
  // The signed certificate PDF of a credential.
  std::function<Result<std::string>(const Json& credential, const std::string& credential_id)>
      render_pdf;
};

struct Response {
  unsigned status = 200;
  std::string content_type;  // "application/xml" (the problem cases too: DigiLocker reads XML)
  std::string body;
};

// The values of a request's x-digilocker-hmac headers, in the order sent.
using HmacHeaders = std::vector<std::string_view>;

// POST /digilocker/pull-uri. In this order: 400 when the request carries x-digilocker-hmac
// more than once (a good and a bad one must not pass as "one of them is good"); 401 when the
// HMAC is missing or wrong; 400 when the body is not a Pull URI request, its ts is not an
// RFC 3339 time with a zone, or its txn is empty or longer than kMaxTxnBytes; 401 when ts is
// more than settings.max_skew from now, or the txn was accepted before within that window;
// 503 when kMaxRememberedTransactions unexpired transactions are remembered; 500 when a
// service fails or is missing; otherwise 200 with a PullURIResponse echoing ts
// and txn in ResponseStatus, and DocDetails echoing the search parameters (DocType,
// DigiLockerId, UID, FullName, DOB, UDF1..n). ResponseStatus is 1 when exactly one document
// matches, and DocDetails then adds IssuedTo (the learner's name), the URI, DocContent (base64
// PDF) and DataContent (base64 CertificateDataXml) as `format` asks: "pdf" only DocContent,
// "xml" only DataContent, "both" or absent both (the specification's versions disagree on
// what an absent format means, PDF or XML, and v1.12 makes DataContent mandatory; both
// satisfies every reading). ResponseStatus is 0 when no single document matches: wrong
// DocType, UDF1 not a 12-digit APAAR id, no award for it, no FullName or one that does not
// match the award's learner name (trimmed, inner whitespace collapsed, ASCII case and '.'
// ignored), or several awards and no NQR code in UDF2 to choose among them. A 0 never says
// which of these it was, so the answer does not reveal whether an award exists.
Response HandlePullUri(std::string_view body, const HmacHeaders& hmac, const Services& services);
// POST /digilocker/pull-doc: as above (the same refusals; its transactions are remembered
// apart from Pull URI's), for the document the URI names; ResponseStatus 0 (HTTP 200, as the
// specification defines no other answer) when the URI is not one of ours or names no stored
// credential.
Response HandlePullDoc(std::string_view body, const HmacHeaders& hmac, const Services& services);

// The XML certificate data (DataContent before base64) of a signed qualification credential,
// shaped like DigiLocker's certificate XML (<Certificate><IssuedBy/><IssuedTo/>
// <CertificateData/></Certificate>): learner, qualification (title, NQR code, NSQF level,
// credits), awarding body, dates, the credential id and its verification URL
// ({base}/v/{short id} for an id {base}/credentials/{short id}). Reads the credential
// defensively: a missing or mistyped member leaves its attribute out. Never fails.
std::string CertificateDataXml(const Json& credential);

}  // namespace pramaan::api::digilocker

#endif  // PRAMAAN_API_DIGILOCKER_H_
