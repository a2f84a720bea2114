#include "api/digilocker.h"

#include <expat.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <set>
#include <span>
#include <utility>

#include "api/signed_link.h"
#include "core/encoding/base64.h"
#include "core/json/jcs.h"
#include "core/time/rfc3339.h"

namespace pramaan::api::digilocker {
namespace {

constexpr std::string_view kXmlDeclaration =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";
constexpr std::string_view kContentType = "application/xml";
// The specification's sample responses declare this namespace on the root; we do the same.
constexpr std::string_view kTempuriNamespace = "http://tempuri.org/";
// A request nests three levels and holds a dozen elements; these bound a hostile one.
constexpr std::size_t kMaxDepth = 8;
constexpr std::size_t kMaxElements = 512;
// Longest doc id accepted in a URI: the handler's limit for credential ids in paths.
constexpr std::size_t kMaxDocIdLength = 64;
// APAAR ids are 12 digits.
constexpr std::size_t kApaarIdLength = 12;
constexpr std::size_t kSha256Bytes = 32;

std::span<const uint8_t> Bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsAsciiSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return AsciiLower(x) == AsciiLower(y);
         });
}

// ---------------------------------------------------------------------------------------------
// HMAC

std::array<uint8_t, kSha256Bytes> HmacSha256(std::string_view body, const SecretBytes& key) {
  const std::span<const uint8_t> secret = key.Reveal(SecretAccess::Grant());
  static constexpr uint8_t kNoKey = 0;  // OpenSSL wants a pointer even for an empty key
  std::array<uint8_t, kSha256Bytes> mac{};
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), secret.empty() ? &kNoKey : secret.data(), static_cast<int>(secret.size()),
       Bytes(body).data(), body.size(), mac.data(), &mac_size);
  return mac;
}

// ---------------------------------------------------------------------------------------------
// Reading XML: expat builds a small tree. Expat checks well-formedness and UTF-8 and never does
// I/O; we stop it at the first DOCTYPE or entity declaration, so the only entities it knows are
// XML's five predefined ones and character references, and an undeclared one is an error.

struct XmlElement {
  std::string name;  // without a namespace prefix
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<XmlElement> children;
  std::string text;  // the character data directly inside, concatenated
};

struct ParseState {
  XML_Parser parser = nullptr;
  XmlElement root;
  // The open elements, innermost last. Pointers stay valid: only the innermost open element
  // gains children, and every sibling before a new child is already closed.
  std::vector<XmlElement*> open;
  std::size_t elements = 0;
  std::string refusal;  // why we stopped the parser, when we did
};

void Refuse(ParseState& state, std::string why) {
  if (state.refusal.empty()) state.refusal = std::move(why);
  XML_StopParser(state.parser, XML_FALSE);
}

std::string LocalName(std::string_view name) {
  const std::size_t colon = name.rfind(':');
  return std::string(colon == std::string_view::npos ? name : name.substr(colon + 1));
}

void XMLCALL OnStartElement(void* data, const XML_Char* name, const XML_Char** attributes) {
  ParseState& state = *static_cast<ParseState*>(data);
  if (!state.refusal.empty()) return;  // expat may report events parsed before it stopped
  if (++state.elements > kMaxElements) {
    return Refuse(state, "more than " + std::to_string(kMaxElements) + " elements");
  }
  if (state.open.size() >= kMaxDepth) {
    return Refuse(state, "elements nested deeper than " + std::to_string(kMaxDepth));
  }
  XmlElement* element = &state.root;
  if (!state.open.empty()) element = &state.open.back()->children.emplace_back();
  element->name = LocalName(name);
  for (const XML_Char** attribute = attributes; *attribute != nullptr; attribute += 2) {
    element->attributes.emplace_back(attribute[0], attribute[1]);
  }
  state.open.push_back(element);
}

void XMLCALL OnEndElement(void* data, const XML_Char*) {
  ParseState& state = *static_cast<ParseState*>(data);
  if (!state.refusal.empty() || state.open.empty()) return;
  state.open.pop_back();
}

void XMLCALL OnCharacterData(void* data, const XML_Char* text, int length) {
  ParseState& state = *static_cast<ParseState*>(data);
  if (!state.refusal.empty() || state.open.empty()) return;
  state.open.back()->text.append(text, static_cast<std::size_t>(length));
}

void XMLCALL OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  Refuse(*static_cast<ParseState*>(data), "a DOCTYPE declaration is not accepted");
}

void XMLCALL OnEntityDeclaration(void* data, const XML_Char*, int, const XML_Char*, int,
                                 const XML_Char*, const XML_Char*, const XML_Char*,
                                 const XML_Char*) {
  Refuse(*static_cast<ParseState*>(data), "an entity declaration is not accepted");
}

struct ParserFree {
  void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};

Result<XmlElement> ParseXml(std::string_view xml) {
  if (xml.size() > kMaxRequestBytes) {
    return InvalidInput("the request body is larger than " + std::to_string(kMaxRequestBytes) +
                        " bytes");
  }
  // "UTF-8" overrides any encoding the document declares: DigiLocker sends UTF-8, and reading
  // everything as UTF-8 makes a body in another encoding an error rather than a different text.
  std::unique_ptr<XML_ParserStruct, ParserFree> parser(XML_ParserCreate("UTF-8"));
  if (parser == nullptr) return Internal("could not create an XML parser");
  ParseState state;
  state.parser = parser.get();
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(parser.get(), OnStartElement, OnEndElement);
  XML_SetCharacterDataHandler(parser.get(), OnCharacterData);
  XML_SetStartDoctypeDeclHandler(parser.get(), OnDoctype);
  XML_SetEntityDeclHandler(parser.get(), OnEntityDeclaration);
  XML_SetParamEntityParsing(parser.get(), XML_PARAM_ENTITY_PARSING_NEVER);
  if (XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE) !=
      XML_STATUS_OK) {
    if (!state.refusal.empty()) return InvalidInput("the request body has " + state.refusal);
    return InvalidInput("the request body is not well-formed XML: " +
                        std::string(XML_ErrorString(XML_GetErrorCode(parser.get()))) + " at line " +
                        std::to_string(XML_GetCurrentLineNumber(parser.get())) + ", column " +
                        std::to_string(XML_GetCurrentColumnNumber(parser.get()) + 1));
  }
  return std::move(state.root);
}

const std::string* FindAttribute(const XmlElement& element, std::string_view name) {
  for (const auto& [key, value] : element.attributes) {
    if (key == name) return &value;
  }
  return nullptr;
}

Result<std::string> RequiredAttribute(const XmlElement& element, std::string_view name) {
  const std::string* value = FindAttribute(element, name);
  if (value == nullptr) {
    return InvalidInput("<" + element.name + "> has no " + std::string(name) + " attribute");
  }
  return *value;
}

// The trimmed text of an element that must hold text only.
Result<std::string> TextOf(const XmlElement& element) {
  if (!element.children.empty()) {
    return InvalidInput("<" + element.name + "> must hold text, not elements");
  }
  return std::string(Trim(element.text));
}

// The one child named `name`: nullptr when there is none, an error when there are several.
Result<const XmlElement*> OnlyChild(const XmlElement& parent, std::string_view name) {
  const XmlElement* found = nullptr;
  for (const XmlElement& child : parent.children) {
    if (child.name != name) continue;
    if (found != nullptr) return InvalidInput("<" + std::string(name) + "> is given twice");
    found = &child;
  }
  return found;
}

// The root, checked to be `root_name`, and its DocDetails element.
Result<const XmlElement*> DocDetailsOf(const XmlElement& root, std::string_view root_name) {
  if (root.name != root_name) {
    return InvalidInput("the request body is a <" + root.name + ">, not a <" +
                        std::string(root_name) + ">");
  }
  PRAMAAN_ASSIGN_OR_RETURN(const XmlElement* details, OnlyChild(root, "DocDetails"));
  if (details == nullptr) return InvalidInput("<" + root.name + "> has no <DocDetails>");
  return details;
}

// The envelope attributes both requests share.
Result<RequestEnvelope> EnvelopeOf(const XmlElement& root) {
  RequestEnvelope envelope;
  PRAMAAN_ASSIGN_OR_RETURN(envelope.ver, RequiredAttribute(root, "ver"));
  PRAMAAN_ASSIGN_OR_RETURN(envelope.ts, RequiredAttribute(root, "ts"));
  PRAMAAN_ASSIGN_OR_RETURN(envelope.txn, RequiredAttribute(root, "txn"));
  if (const std::string* org_id = FindAttribute(root, "orgId")) envelope.org_id = *org_id;
  if (const std::string* format = FindAttribute(root, "format")) {
    for (char c : Trim(*format)) envelope.format += AsciiLower(c);
    if (envelope.format != "xml" && envelope.format != "pdf" && envelope.format != "both") {
      return InvalidInput("format must be xml, pdf or both, not \"" + *format + "\"");
    }
  }
  return envelope;
}

bool IsUdfName(std::string_view name) {
  if (!name.starts_with("UDF") || name.size() == 3) return false;
  return std::all_of(name.begin() + 3, name.end(), IsAsciiDigit);
}

// ---------------------------------------------------------------------------------------------
// Writing XML

// Appends `text` escaped for element content or (with `attribute`) a double-quoted attribute
// value. Bytes that are not well-formed UTF-8, and characters XML 1.0 cannot carry (most C0
// controls, surrogates, U+FFFE, U+FFFF), become U+FFFD, so the output is always well-formed.
void AppendEscaped(std::string& out, std::string_view text, bool attribute) {
  constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      switch (byte) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += attribute ? "&quot;" : "\"";
          break;
        case '\t':
          out += attribute ? "&#9;" : "\t";
          break;
        case '\n':
          out += attribute ? "&#10;" : "\n";
          break;
        case '\r':
          out += "&#13;";
          break;  // a literal CR would be read back as LF
        default:
          if (byte < 0x20 || byte == 0x7F) {
            out += kReplacement;
          } else {
            out += static_cast<char>(byte);
          }
      }
      ++i;
      continue;
    }
    // A multi-byte sequence: its length, the smallest code point it may encode (to refuse
    // overlong forms), and the code point.
    std::size_t length = 0;
    uint32_t minimum = 0;
    if (byte >= 0xC2 && byte <= 0xDF) {
      length = 2;
      minimum = 0x80;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      length = 3;
      minimum = 0x800;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      length = 4;
      minimum = 0x10000;
    }
    uint32_t code_point = byte & (0x7F >> length);  // the lead byte's payload bits
    bool valid = length != 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      valid = (next & 0xC0) == 0x80;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    valid = valid && code_point >= minimum && code_point <= 0x10FFFF &&
            !(code_point >= 0xD800 && code_point <= 0xDFFF) && code_point != 0xFFFE &&
            code_point != 0xFFFF;
    if (valid) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += kReplacement;
      ++i;
    }
  }
}

void AppendAttribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  AppendEscaped(out, value, true);
  out += '"';
}

// Appends the attribute only when it has a value.
void AppendAttributeIfAny(std::string& out, std::string_view name, std::string_view value) {
  if (!value.empty()) AppendAttribute(out, name, value);
}

void AppendElement(std::string& out, std::string_view name, std::string_view text) {
  out += '<';
  out += name;
  out += '>';
  AppendEscaped(out, text, false);
  out += "</";
  out += name;
  out += '>';
}

std::string Base64Of(std::string_view bytes) { return EncodeBase64(Bytes(bytes)); }

Response XmlResponse(unsigned status, std::string body) {
  return Response{status, std::string(kContentType), std::move(body)};
}

// The small body of a refused request: <Error code="...">sentence</Error>.
Response ErrorResponse(unsigned status, std::string_view code, std::string_view message) {
  std::string body(kXmlDeclaration);
  body += "\n<Error";
  AppendAttribute(body, "code", code);
  body += '>';
  AppendEscaped(body, message, false);
  body += "</Error>\n";
  return XmlResponse(status, std::move(body));
}

Response ServerError() {
  // The cause stays on our side: DigiLocker can only retry.
  return ErrorResponse(500, "internal-error", "the document could not be read; try again later");
}

// 400 for a repeated header, 401 unless the request carries our HMAC; nullopt when it does.
std::optional<Response> Authenticate(std::string_view body, const HmacHeaders& headers,
                                     const Settings& settings) {
  if (headers.size() > 1) {
    return ErrorResponse(400, "malformed-request",
                         "the request carries " + std::string(kHmacHeader) + " " +
                             std::to_string(headers.size()) + " times; send it once");
  }
  const std::string_view hmac = headers.empty() ? std::string_view() : headers.front();
  if (Trim(hmac).empty()) {
    return ErrorResponse(401, "unauthorized",
                         "the request has no " + std::string(kHmacHeader) + " header");
  }
  if (!CheckHmac(body, Trim(hmac), settings.api_key)) {
    return ErrorResponse(401, "unauthorized",
                         std::string(kHmacHeader) + " is not the HMAC of the request body");
  }
  return std::nullopt;
}

// Refuses a request that is stale or replayed (see HandlePullUri in the header) and records
// the transaction of one that is not; nullopt when the request may go on. `kind` keeps Pull
// URI's and Pull Doc's transactions apart.
std::optional<Response> CheckFresh(const RequestEnvelope& request, std::string_view kind,
                                   const Services& services) {
  const Result<Timestamp> ts = ParseRfc3339(request.ts);
  if (!ts.ok()) {
    return ErrorResponse(400, "malformed-request",
                         "ts \"" + request.ts +
                             "\" is not a time as YYYY-MM-DDThh:mm:ss with a zone (+05:30 or Z)");
  }
  if (request.txn.empty() || request.txn.size() > kMaxTxnBytes) {
    return ErrorResponse(400, "malformed-request",
                         "txn must hold 1 to " + std::to_string(kMaxTxnBytes) + " bytes");
  }
  const Settings& settings = *services.settings;
  const Timestamp now = services.clock->Now();
  const std::chrono::seconds skew = settings.max_skew;
  if (*ts < now - skew || *ts > now + skew) {
    return ErrorResponse(401, "stale-request",
                         "ts " + request.ts + " is more than " + std::to_string(skew.count()) +
                             " seconds from the server's time " + FormatRfc3339(now));
  }
  // Remembered until its ts falls out of the window: after that the ts check refuses it.
  switch (settings.transactions->Record(std::string(kind) + ":" + request.txn, *ts + skew, now)) {
    case TransactionLog::Outcome::kNew:
      return std::nullopt;
    case TransactionLog::Outcome::kReplayed:
      return ErrorResponse(401, "replayed-request",
                           "txn " + request.txn + " was already received within the last " +
                               std::to_string(skew.count()) + " seconds");
    case TransactionLog::Outcome::kFull:
      break;
  }
  return ErrorResponse(503, "busy",
                       "too many transactions within the replay window; try again later");
}

// The response's opening: declaration, root element and ResponseStatus echoing ts and txn.
std::string ResponseHead(std::string_view root, int status, std::string_view ts,
                         std::string_view txn) {
  std::string out(kXmlDeclaration);
  out += "\n<";
  out += root;
  AppendAttribute(out, "xmlns:ns2", kTempuriNamespace);
  out += "><ResponseStatus";
  AppendAttribute(out, "Status", std::to_string(status));
  AppendAttribute(out, "ts", ts);
  AppendAttribute(out, "txn", txn);
  out += '>';
  out += std::to_string(status);
  out += "</ResponseStatus>";
  return out;
}

// Which contents `format` asks for. An absent format gives both (see the header).
struct Parts {
  bool pdf = true;
  bool xml = true;
};

Parts PartsFor(std::string_view format) {
  if (format == "pdf") return {true, false};
  if (format == "xml") return {false, true};
  return {};
}

// DocContent and DataContent, base64, as `parts` asks.
struct Contents {
  std::optional<std::string> doc, data;
};

Result<Contents> ContentsOf(const Json& credential, const std::string& credential_id, Parts parts,
                            const Services& services) {
  Contents contents;
  if (parts.pdf) {
    PRAMAAN_ASSIGN_OR_RETURN(std::string pdf, services.render_pdf(credential, credential_id));
    contents.doc = Base64Of(pdf);
  }
  if (parts.xml) contents.data = Base64Of(CertificateDataXml(credential));
  return contents;
}

void AppendContents(std::string& out, const Contents& contents) {
  if (contents.doc) AppendElement(out, "DocContent", *contents.doc);
  if (contents.data) AppendElement(out, "DataContent", *contents.data);
}

bool Configured(const Services& services) {
  return services.settings != nullptr && services.settings->transactions != nullptr &&
         services.clock != nullptr && services.find_awards && services.credential &&
         services.render_pdf;
}

// ---------------------------------------------------------------------------------------------
// Pull URI matching

// A name as compared: '.' dropped, whitespace trimmed and collapsed, ASCII letters lower-case.
// Other characters (names in Indian scripts) are compared as they are.
std::string NormalizedName(std::string_view name) {
  std::string out;
  bool space = false;
  for (char c : name) {
    if (c == '.') continue;
    if (IsAsciiSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += AsciiLower(c);
  }
  return out;
}

bool NamesMatch(std::string_view requested, std::string_view awarded) {
  const std::string normalized = NormalizedName(requested);
  return !normalized.empty() && normalized == NormalizedName(awarded);
}

bool IsApaarId(std::string_view id) {
  return id.size() == kApaarIdLength && std::all_of(id.begin(), id.end(), IsAsciiDigit);
}

std::string UdfValue(const PullUriRequest& request, const std::string& name) {
  const auto it = request.udf.find(name);
  return it == request.udf.end() ? "" : it->second;
}

// The one award the request names, or nullopt.
Result<std::optional<AwardedDocument>> FindAward(const PullUriRequest& request,
                                                 const Services& services) {
  if (!EqualsIgnoringAsciiCase(request.doc_type, services.settings->doc_type)) {
    return std::optional<AwardedDocument>();
  }
  const std::string apaar_id = UdfValue(request, "UDF1");
  if (!IsApaarId(apaar_id)) return std::optional<AwardedDocument>();
  PRAMAAN_ASSIGN_OR_RETURN(std::vector<AwardedDocument> awards, services.find_awards(apaar_id));
  const std::string nqr_code = UdfValue(request, "UDF2");
  std::optional<AwardedDocument> match;
  int matches = 0;
  for (AwardedDocument& award : awards) {
    if (!NamesMatch(request.full_name, award.learner_name)) continue;
    if (!nqr_code.empty() && !EqualsIgnoringAsciiCase(nqr_code, award.nqr_code)) continue;
    ++matches;
    match = std::move(award);
  }
  if (matches != 1) return std::optional<AwardedDocument>();
  return match;
}

// DocDetails' echo of the request's search parameters, UDFs in numeric order.
void AppendSearchParameters(std::string& out, const PullUriRequest& request) {
  AppendElement(out, "DocType", request.doc_type);
  AppendElement(out, "DigiLockerId", request.digilocker_id);
  if (!request.uid.empty()) AppendElement(out, "UID", request.uid);
  if (!request.full_name.empty()) AppendElement(out, "FullName", request.full_name);
  if (!request.dob.empty()) AppendElement(out, "DOB", request.dob);
  std::vector<std::pair<std::string, std::string>> udfs(request.udf.begin(), request.udf.end());
  std::sort(udfs.begin(), udfs.end(), [](const auto& a, const auto& b) {
    return std::make_pair(a.first.size(), a.first) < std::make_pair(b.first.size(), b.first);
  });
  for (const auto& [name, value] : udfs) AppendElement(out, name, value);
}

Response PullUriAnswer(const PullUriRequest& request, const AwardedDocument* award,
                       std::string_view uri, const Contents& contents) {
  std::string out =
      ResponseHead("PullURIResponse", award != nullptr ? 1 : 0, request.ts, request.txn);
  out += "<DocDetails>";
  AppendSearchParameters(out, request);
  if (award != nullptr) {
    // Since v1.11 the response names the holder, so DigiLocker can match it with the KYC
    // profile too. We hold only the name (no date of birth, gender or phone).
    out += "<IssuedTo><Persons><Person";
    AppendAttribute(out, "name", award->learner_name);
    out += "/></Persons></IssuedTo>";
    AppendElement(out, "URI", uri);
    AppendContents(out, contents);
  }
  out += "</DocDetails></PullURIResponse>\n";
  return XmlResponse(200, std::move(out));
}

Response PullDocAnswer(const PullDocRequest& request, const Contents* contents) {
  std::string out =
      ResponseHead("PullDocResponse", contents != nullptr ? 1 : 0, request.ts, request.txn);
  out += "<DocDetails>";
  if (contents != nullptr) AppendContents(out, *contents);
  out += "</DocDetails></PullDocResponse>\n";
  return XmlResponse(200, std::move(out));
}

Response RequestError(const Error& error) {
  if (error.code() == ErrorCode::kInternal) return ServerError();
  return ErrorResponse(400, "malformed-request", error.message());
}

// ---------------------------------------------------------------------------------------------
// Certificate data

const Json* Member(const Json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

const Json& MemberOrNull(const Json& object, const char* name) {
  static const Json kNull;
  const Json* member = Member(object, name);
  return member != nullptr ? *member : kNull;
}

// A number or string member as text ("12", "7.5"); "" otherwise.
std::string ScalarText(const Json& object, const char* name) {
  const Json* member = Member(object, name);
  if (member == nullptr) return "";
  if (member->is_string()) return member->get<std::string>();
  if (member->is_number()) return FormatEcmaScriptNumber(member->get<double>());
  return "";
}

// The first value of a language map ({"bn": "..."}), or "".
std::pair<std::string, std::string> FirstLocalized(const Json& object, const char* name) {
  const Json* map = Member(object, name);
  if (map == nullptr || !map->is_object()) return {};
  for (const auto& [language, value] : map->items()) {
    if (value.is_string()) return {language, value.get<std::string>()};
  }
  return {};
}

// The targetCode of the alignment with this targetType, or "".
std::string AlignmentCode(const Json& achievement, std::string_view target_type) {
  const Json* alignments = Member(achievement, "alignment");
  if (alignments == nullptr || !alignments->is_array()) return "";
  for (const Json& alignment : *alignments) {
    if (GetString(alignment, "targetType") == target_type) {
      return GetString(alignment, "targetCode");
    }
  }
  return "";
}

// "2026-11-05" (or the date of an RFC 3339 time) as DigiLocker writes dates: "05-11-2026".
std::string DigiLockerDate(std::string_view date) {
  if (date.size() < 10) return "";
  for (std::size_t i = 0; i < 10; ++i) {
    if ((i == 4 || i == 7) ? date[i] != '-' : !IsAsciiDigit(date[i])) return "";
  }
  return std::string(date.substr(8, 2)) + "-" + std::string(date.substr(5, 2)) + "-" +
         std::string(date.substr(0, 4));
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string ComputeHmac(std::string_view body, const SecretBytes& key) {
  const auto mac = HmacSha256(body, key);
  return EncodeBase64(mac);
}

bool CheckHmac(std::string_view body, std::string_view header, const SecretBytes& key) {
  if (key.size() == 0 || header.empty()) return false;
  const auto mac = HmacSha256(body, key);
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex;
  for (uint8_t byte : mac) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 0x0F];
  }
  // Both comparisons always run; only the header's length (44 or 88) decides which can match.
  const bool raw = ConstantTimeEquals(EncodeBase64(mac), header);
  const bool hex_form = ConstantTimeEquals(Base64Of(hex), header);
  return raw || hex_form;
}

Result<PullUriRequest> ParsePullUriRequest(std::string_view xml) {
  PRAMAAN_ASSIGN_OR_RETURN(const XmlElement root, ParseXml(xml));
  PRAMAAN_ASSIGN_OR_RETURN(const XmlElement* details, DocDetailsOf(root, "PullURIRequest"));
  PullUriRequest request;
  PRAMAAN_ASSIGN_OR_RETURN(static_cast<RequestEnvelope&>(request), EnvelopeOf(root));
  const std::pair<std::string_view, std::string*> fields[] = {
      {"DocType", &request.doc_type},
      {"DigiLockerId", &request.digilocker_id},
      {"UID", &request.uid},
      {"FullName", &request.full_name},
      {"DOB", &request.dob}};
  std::set<std::string_view> seen;
  bool has_doc_type = false;
  for (const XmlElement& child : details->children) {
    std::string* field = nullptr;
    for (const auto& [name, target] : fields) {
      if (child.name == name) field = target;
    }
    if (field == nullptr && !IsUdfName(child.name)) continue;  // Photo and others: not used
    if (!seen.insert(child.name).second) {
      return InvalidInput("<" + child.name + "> is given twice");
    }
    PRAMAAN_ASSIGN_OR_RETURN(std::string value, TextOf(child));
    if (field != nullptr) {
      *field = std::move(value);
    } else {
      request.udf[child.name] = std::move(value);
    }
    has_doc_type = has_doc_type || child.name == "DocType";
  }
  if (!has_doc_type) return InvalidInput("<DocDetails> has no <DocType>");
  return request;
}

Result<PullDocRequest> ParsePullDocRequest(std::string_view xml) {
  PRAMAAN_ASSIGN_OR_RETURN(const XmlElement root, ParseXml(xml));
  PRAMAAN_ASSIGN_OR_RETURN(const XmlElement* details, DocDetailsOf(root, "PullDocRequest"));
  PullDocRequest request;
  PRAMAAN_ASSIGN_OR_RETURN(static_cast<RequestEnvelope&>(request), EnvelopeOf(root));
  PRAMAAN_ASSIGN_OR_RETURN(const XmlElement* uri, OnlyChild(*details, "URI"));
  if (uri == nullptr) return InvalidInput("<DocDetails> has no <URI>");
  PRAMAAN_ASSIGN_OR_RETURN(request.uri, TextOf(*uri));
  PRAMAAN_ASSIGN_OR_RETURN(const XmlElement* digilocker_id, OnlyChild(*details, "DigiLockerId"));
  if (digilocker_id != nullptr) {
    PRAMAAN_ASSIGN_OR_RETURN(request.digilocker_id, TextOf(*digilocker_id));
  }
  return request;
}

std::string FormatUri(std::string_view issuer_id, std::string_view doc_type,
                      std::string_view doc_id) {
  std::string uri;
  uri.reserve(issuer_id.size() + doc_type.size() + doc_id.size() + 2);
  uri.append(issuer_id).append("-").append(doc_type).append("-").append(doc_id);
  return uri;
}

std::optional<std::string> DocIdOf(std::string_view uri, std::string_view issuer_id,
                                   std::string_view doc_type) {
  const std::string prefix = FormatUri(issuer_id, doc_type, "");
  if (!uri.starts_with(prefix)) return std::nullopt;
  const std::string_view id = uri.substr(prefix.size());
  if (id.empty() || id.size() > kMaxDocIdLength) return std::nullopt;
  const bool url_safe = std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsAsciiDigit(c) || c == '-' ||
           c == '_';
  });
  if (!url_safe) return std::nullopt;
  return std::string(id);
}

TransactionLog::Outcome TransactionLog::Record(const std::string& key, Timestamp expires,
                                               Timestamp now) {
  const std::lock_guard<std::mutex> lock(mutex_);
  while (!by_expiry_.empty() && by_expiry_.begin()->first <= now) {
    expiry_.erase(by_expiry_.begin()->second);
    by_expiry_.erase(by_expiry_.begin());
  }
  if (expiry_.contains(key)) return Outcome::kReplayed;
  if (expiry_.size() >= capacity_) return Outcome::kFull;
  expiry_.emplace(key, expires);
  by_expiry_.emplace(expires, key);
  return Outcome::kNew;
}

std::size_t TransactionLog::size() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return expiry_.size();
}

Response HandlePullUri(std::string_view body, const HmacHeaders& hmac, const Services& services) {
  if (!Configured(services)) return ServerError();
  if (auto refused = Authenticate(body, hmac, *services.settings)) return *refused;
  const Result<PullUriRequest> request = ParsePullUriRequest(body);
  if (!request.ok()) return RequestError(request.error());
  if (auto refused = CheckFresh(*request, "pull-uri", services)) return *refused;
  const Result<std::optional<AwardedDocument>> award = FindAward(*request, services);
  if (!award.ok()) return ServerError();
  if (!award->has_value()) return PullUriAnswer(*request, nullptr, "", {});
  const AwardedDocument& found = **award;
  const Result<std::optional<Json>> credential = services.credential(found.credential_id);
  if (!credential.ok()) return ServerError();
  // An award whose credential is gone (deleted, or not yet stored) is not a document.
  if (!credential->has_value()) return PullUriAnswer(*request, nullptr, "", {});
  const Result<Contents> contents =
      ContentsOf(**credential, found.credential_id, PartsFor(request->format), services);
  if (!contents.ok()) return ServerError();
  return PullUriAnswer(
      *request, &found,
      FormatUri(services.settings->issuer_id, services.settings->doc_type, found.credential_id),
      *contents);
}

Response HandlePullDoc(std::string_view body, const HmacHeaders& hmac, const Services& services) {
  if (!Configured(services)) return ServerError();
  if (auto refused = Authenticate(body, hmac, *services.settings)) return *refused;
  const Result<PullDocRequest> request = ParsePullDocRequest(body);
  if (!request.ok()) return RequestError(request.error());
  if (auto refused = CheckFresh(*request, "pull-doc", services)) return *refused;
  const std::optional<std::string> id =
      DocIdOf(request->uri, services.settings->issuer_id, services.settings->doc_type);
  if (!id) return PullDocAnswer(*request, nullptr);
  const Result<std::optional<Json>> credential = services.credential(*id);
  if (!credential.ok()) return ServerError();
  if (!credential->has_value()) return PullDocAnswer(*request, nullptr);
  const Result<Contents> contents =
      ContentsOf(**credential, *id, PartsFor(request->format), services);
  if (!contents.ok()) return ServerError();
  return PullDocAnswer(*request, &*contents);
}

std::string CertificateDataXml(const Json& credential) {
  const Json& subject = MemberOrNull(credential, "credentialSubject");
  const Json& achievement = MemberOrNull(subject, "achievement");
  const Json& issuer = MemberOrNull(credential, "issuer");
  const Json& creator = MemberOrNull(achievement, "creator");

  const std::string id = GetString(credential, "id");
  std::string number = id;
  std::string verification_url;
  constexpr std::string_view kCredentialsPath = "/credentials/";
  if (const std::size_t at = id.rfind(kCredentialsPath); at != std::string::npos) {
    const std::string short_id = id.substr(at + kCredentialsPath.size());
    if (!short_id.empty() && short_id.find('/') == std::string::npos) {
      number = short_id;
      verification_url = id.substr(0, at) + "/v/" + short_id;
    }
  }
  std::string nqr_code = AlignmentCode(achievement, "ext:NQRQualification");
  if (nqr_code.empty()) nqr_code = GetString(achievement, "humanCode");
  const std::string award_date = GetString(subject, "activityEndDate");
  const std::string valid_from = GetString(credential, "validFrom");
  std::string issue_date = DigiLockerDate(award_date);
  if (issue_date.empty()) issue_date = DigiLockerDate(valid_from);
  std::string awarding_body = GetString(creator, "name");
  if (awarding_body.empty()) awarding_body = GetString(issuer, "name");
  std::string recognition_id;
  if (const Json* identifiers = Member(creator, "otherIdentifier");
      identifiers != nullptr && identifiers->is_array()) {
    for (const Json& entry : *identifiers) {
      if (GetString(entry, "identifierType") == "ext:NCVETRecognitionId") {
        recognition_id = GetString(entry, "identifier");
      }
    }
  }
  const auto [name_language, name_local] = FirstLocalized(subject, "nameLocalized");
  const auto [title_language, title_local] = FirstLocalized(achievement, "nameLocalized");

  // DigiLocker's certificate XML: language "99" is English in its samples; issueDate is
  // DD-MM-YYYY like every DigiLocker date. Status is left out: a signed credential does not
  // say whether it was revoked since.
  std::string out(kXmlDeclaration);
  out += "\n<Certificate";
  AppendAttribute(out, "language", "99");
  AppendAttributeIfAny(out, "name", GetString(achievement, "name"));
  AppendAttributeIfAny(out, "number", number);
  AppendAttributeIfAny(out, "issueDate", issue_date);
  out += ">\n  <IssuedBy><Organization";
  AppendAttributeIfAny(out, "name", awarding_body);
  AppendAttributeIfAny(out, "code", recognition_id);
  out += "/></IssuedBy>\n  <IssuedTo><Person";
  AppendAttributeIfAny(out, "name", GetString(subject, "name"));
  out += "/></IssuedTo>\n  <CertificateData>\n    <Qualification";
  AppendAttributeIfAny(out, "title", GetString(achievement, "name"));
  if (!title_local.empty()) {
    AppendAttribute(out, "titleLocal", title_local);
    AppendAttribute(out, "titleLocalLanguage", title_language);
  }
  AppendAttributeIfAny(out, "type", GetString(achievement, "achievementType"));
  AppendAttributeIfAny(out, "nqrCode", nqr_code);
  AppendAttributeIfAny(out, "nsqfLevel", AlignmentCode(achievement, "ext:NSQFLevel"));
  AppendAttributeIfAny(out, "credits", ScalarText(achievement, "creditsAvailable"));
  AppendAttributeIfAny(out, "notionalHours", ScalarText(achievement, "notionalHours"));
  AppendAttributeIfAny(out, "sector", ScalarText(achievement, "fieldOfStudy"));
  AppendAttributeIfAny(out, "version", ScalarText(achievement, "version"));
  out += "/>\n    <Learner";
  AppendAttributeIfAny(out, "name", GetString(subject, "name"));
  if (!name_local.empty()) {
    AppendAttribute(out, "nameLocal", name_local);
    AppendAttribute(out, "nameLocalLanguage", name_language);
  }
  AppendAttributeIfAny(out, "creditsEarned", ScalarText(subject, "creditsEarned"));
  AppendAttributeIfAny(out, "awardDate", award_date);
  out += "/>\n    <AwardingBody";
  AppendAttributeIfAny(out, "name", awarding_body);
  AppendAttributeIfAny(out, "ncvetRecognitionId", recognition_id);
  out += "/>\n    <Credential";
  AppendAttributeIfAny(out, "id", id);
  AppendAttributeIfAny(out, "verificationUrl", verification_url);
  AppendAttributeIfAny(out, "issuer", GetString(issuer, "name"));
  AppendAttributeIfAny(out, "issuerId", GetString(issuer, "id"));
  AppendAttributeIfAny(out, "validFrom", valid_from);
  out += "/>\n  </CertificateData>\n</Certificate>\n";
  return out;
}

}  // namespace pramaan::api::digilocker
