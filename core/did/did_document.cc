#include "core/did/did_document.h"

#include <algorithm>

#include "core/did/multikey.h"

namespace pramaan {
namespace {

std::string Absolute(const std::string& did, const std::string& id) {
  return !id.empty() && id[0] == '#' ? did + id : id;
}

}  // namespace

Result<DidDocument> DidDocument::FromJson(const Json& document) {
  if (!document.is_object()) return InvalidInput("a DID document must be a JSON object");
  const auto id = document.find("id");
  if (id == document.end() || !id->is_string() || id->get_ref<const std::string&>().rfind("did:", 0) != 0) {
    return InvalidInput("a DID document needs an \"id\" that is a DID");
  }
  DidDocument result;
  result.id_ = id->get<std::string>();

  const auto read_method = [&](const Json& m) -> Status {
    if (!m.is_object() || !m.contains("id") || !m["id"].is_string()) {
      return InvalidInput("DID document " + result.id_ + ": a verification method lacks an id");
    }
    if (GetString(m, "type") != "Multikey") return Status::Ok();  // not a key type we use
    const std::string method_id = Absolute(result.id_, m["id"].get<std::string>());
    if (!m.contains("publicKeyMultibase") || !m["publicKeyMultibase"].is_string()) {
      return InvalidInput("DID document " + result.id_ + ": method " + method_id +
                          " lacks publicKeyMultibase");
    }
    auto key = DecodeEd25519Multikey(m["publicKeyMultibase"].get<std::string>());
    if (!key.ok()) return key.error().WithContext("DID document " + result.id_ + ": " + method_id);
    std::string controller = m.contains("controller") && m["controller"].is_string()
                                 ? m["controller"].get<std::string>()
                                 : result.id_;
    std::optional<Timestamp> revoked;
    if (const auto it = m.find("revoked"); it != m.end()) {
      // A compromise date we cannot read must not be mistaken for "never compromised".
      auto parsed = it->is_string() ? ParseRfc3339(it->get_ref<const std::string&>())
                                    : Result<Timestamp>(InvalidInput("not a string"));
      if (!parsed.ok()) {
        return InvalidInput("DID document " + result.id_ + ": method " + method_id +
                            " has a \"revoked\" that is not an RFC 3339 date-time");
      }
      revoked = *parsed;
    }
    result.methods_.push_back({method_id, std::move(controller), *key, revoked});
    return Status::Ok();
  };

  if (const auto vms = document.find("verificationMethod"); vms != document.end()) {
    if (!vms->is_array()) return InvalidInput("DID document verificationMethod must be an array");
    for (const Json& m : *vms) PRAMAAN_RETURN_IF_ERROR(read_method(m));
  }
  // A relationship lists method ids, or embeds methods it alone authorizes.
  const auto read_relationship = [&](std::string_view name,
                                     std::vector<std::string>* ids) -> Status {
    const auto listed = document.find(name);
    if (listed == document.end()) return Status::Ok();
    if (!listed->is_array()) {
      return InvalidInput("DID document " + std::string(name) + " must be an array");
    }
    for (const Json& entry : *listed) {
      if (entry.is_string()) {
        ids->push_back(Absolute(result.id_, entry.get<std::string>()));
      } else {
        PRAMAAN_RETURN_IF_ERROR(read_method(entry));
        if (GetString(entry, "type") == "Multikey") ids->push_back(result.methods_.back().id);
      }
    }
    return Status::Ok();
  };
  PRAMAAN_RETURN_IF_ERROR(read_relationship("assertionMethod", &result.assertion_method_ids_));
  PRAMAAN_RETURN_IF_ERROR(read_relationship("authentication", &result.authentication_ids_));
  return result;
}

DidDocument DidDocument::ForMethods(std::string did, std::vector<VerificationMethod> methods) {
  DidDocument document;
  document.id_ = std::move(did);
  for (const VerificationMethod& m : methods) document.assertion_method_ids_.push_back(m.id);
  document.authentication_ids_ = document.assertion_method_ids_;
  document.methods_ = std::move(methods);
  return document;
}

const VerificationMethod* DidDocument::FindAssertionMethod(std::string_view method_id) const {
  return FindAuthorized(method_id, assertion_method_ids_);
}

const VerificationMethod* DidDocument::FindAuthenticationMethod(std::string_view method_id) const {
  return FindAuthorized(method_id, authentication_ids_);
}

const VerificationMethod* DidDocument::FindAuthorized(
    std::string_view method_id, const std::vector<std::string>& authorized) const {
  if (std::find(authorized.begin(), authorized.end(), method_id) == authorized.end()) {
    return nullptr;
  }
  for (const VerificationMethod& m : methods_) {
    if (m.id == method_id) return &m;
  }
  return nullptr;
}

Json DidDocument::ToJson() const {
  Json doc = Json::object();
  doc["@context"] = Json::array({"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"});
  doc["id"] = id_;
  Json methods = Json::array();
  for (const VerificationMethod& m : methods_) {
    Json method = {{"id", m.id},
                   {"type", "Multikey"},
                   {"controller", m.controller},
                   {"publicKeyMultibase", EncodeEd25519Multikey(m.public_key)}};
    if (m.revoked) method["revoked"] = FormatRfc3339(*m.revoked);
    methods.push_back(std::move(method));
  }
  doc["verificationMethod"] = std::move(methods);
  doc["authentication"] = authentication_ids_;
  doc["assertionMethod"] = assertion_method_ids_;
  return doc;
}

Result<std::string> DidWebFromUrl(std::string_view https_url) {
  constexpr std::string_view kScheme = "https://";
  if (https_url.substr(0, kScheme.size()) != kScheme) {
    return InvalidInput("did:web needs an https:// URL, not \"" + std::string(https_url) + "\"");
  }
  std::string_view rest = https_url.substr(kScheme.size());
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  const std::string_view host = rest.substr(0, rest.find_first_of(":/"));
  if (rest.find_first_of("?#") != std::string_view::npos || host.empty()) {
    return InvalidInput("did:web URL \"" + std::string(https_url) +
                        "\" must have a host and no query or fragment");
  }
  std::string did = "did:web:";
  for (char c : rest) {
    if (c == ':') {
      did += "%3A";  // a port: the colon would otherwise read as a path separator
    } else if (c == '/') {
      did += ':';
    } else {
      did += c;
    }
  }
  return did;
}

}  // namespace pramaan
