#include "issuer/config.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/did/did_key.h"
#include "core/io/files.h"
#include "keys/key_file.h"
#include "keys/keyring.h"

namespace pramaan {
namespace {

Status CheckMembers(const Json& object, const std::set<std::string>& allowed,
                    const std::string& where) {
  for (const auto& [key, value] : object.items()) {
    if (!allowed.count(key)) return InvalidInput(where + ": unknown setting \"" + key + "\"");
  }
  return Status::Ok();
}

Result<std::string> StringMember(const Json& object, const char* name, const std::string& where,
                                 bool required) {
  const auto it = object.find(name);
  if (it == object.end()) {
    if (required) return InvalidInput(where + ": \"" + name + "\" is required");
    return std::string();
  }
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    return InvalidInput(where + ": \"" + name + "\" must be a non-empty string");
  }
  return it->get<std::string>();
}

Result<Json> ReadJsonFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read " + path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseJson(buffer.str(), path.string());
}

// "awarding": {"awarding_body": {"name", "ncvet_recognition_id"},
//              "digilocker": {"issuer_id", "doc_type", "key_env", "max_skew_s"?}}
Result<AwardingSettings> ReadAwardingSettings(const Json& awarding, const std::string& file) {
  const std::string where = file + ": awarding";
  if (!awarding.is_object()) return InvalidInput(where + " must be an object");
  PRAMAAN_RETURN_IF_ERROR(CheckMembers(awarding, {"awarding_body", "digilocker"}, where));
  AwardingSettings settings;
  if (!awarding.contains("awarding_body") || !awarding["awarding_body"].is_object()) {
    return InvalidInput(where + ": \"awarding_body\" must be an object naming the body");
  }
  const Json& body = awarding["awarding_body"];
  const std::string body_where = where + ": awarding_body";
  PRAMAAN_RETURN_IF_ERROR(CheckMembers(body, {"name", "ncvet_recognition_id"}, body_where));
  PRAMAAN_ASSIGN_OR_RETURN(settings.body_name, StringMember(body, "name", body_where, true));
  PRAMAAN_ASSIGN_OR_RETURN(settings.ncvet_recognition_id,
                           StringMember(body, "ncvet_recognition_id", body_where, false));
  if (awarding.contains("digilocker")) {
    const Json& digilocker = awarding["digilocker"];
    const std::string dl_where = where + ": digilocker";
    if (!digilocker.is_object()) return InvalidInput(dl_where + " must be an object");
    PRAMAAN_RETURN_IF_ERROR(
        CheckMembers(digilocker, {"issuer_id", "doc_type", "key_env", "max_skew_s"}, dl_where));
    PRAMAAN_ASSIGN_OR_RETURN(settings.digilocker_issuer_id,
                             StringMember(digilocker, "issuer_id", dl_where, true));
    PRAMAAN_ASSIGN_OR_RETURN(settings.digilocker_doc_type,
                             StringMember(digilocker, "doc_type", dl_where, true));
    PRAMAAN_ASSIGN_OR_RETURN(settings.digilocker_key_env,
                             StringMember(digilocker, "key_env", dl_where, true));
    if (const auto skew = digilocker.find("max_skew_s"); skew != digilocker.end()) {
      constexpr int64_t kMaxSkewLimit = 3600;  // an hour: more is a replay window, not drift
      if (!skew->is_number_integer() || skew->get<int64_t>() < 1 ||
          skew->get<int64_t>() > kMaxSkewLimit) {
        return InvalidInput(dl_where + ": \"max_skew_s\" must be a whole number of seconds "
                            "from 1 to " + std::to_string(kMaxSkewLimit));
      }
      settings.digilocker_max_skew_s = skew->get<int64_t>();
    }
  }
  return settings;
}

}  // namespace

Result<IssuerConfig> LoadIssuerConfig(const std::filesystem::path& path) {
  PRAMAAN_ASSIGN_OR_RETURN(Json doc, ReadJsonFile(path));
  const std::string where = path.string();
  if (!doc.is_object()) return InvalidInput(where + ": the configuration must be a JSON object");
  PRAMAAN_RETURN_IF_ERROR(CheckMembers(
      doc,
      {"base_url", "context_url", "issuer", "signing_key", "cryptosuite", "contexts", "did_documents",
       "certificates", "awarding", "trusted_issuers", "registry_group",
       "registry_others_may_read", "console"},
      where));
  const std::filesystem::path base = path.has_parent_path() ? path.parent_path() : ".";
  IssuerConfig config;
  PRAMAAN_ASSIGN_OR_RETURN(config.base_url, StringMember(doc, "base_url", where, true));
  if (config.base_url.rfind("https://", 0) != 0 && config.base_url.rfind("http://", 0) != 0) {
    return InvalidInput(where + ": \"base_url\" must be an http(s) URL");
  }
  while (config.base_url.back() == '/') config.base_url.pop_back();
  PRAMAAN_ASSIGN_OR_RETURN(config.context_url, StringMember(doc, "context_url", where, false));
  if (!config.context_url.empty() && config.context_url.rfind("https://", 0) != 0 &&
      config.context_url.rfind("http://", 0) != 0) {
    return InvalidInput(where + ": \"context_url\" must be an http(s) URL");
  }

  if (doc.contains("issuer")) {
    const Json& issuer = doc["issuer"];
    if (!issuer.is_object()) return InvalidInput(where + ": \"issuer\" must be an object");
    PRAMAAN_RETURN_IF_ERROR(
        CheckMembers(issuer, {"id", "name", "url", "contact"}, where + ": issuer"));
    PRAMAAN_ASSIGN_OR_RETURN(config.issuer.name, StringMember(issuer, "name", where + ": issuer", true));
    PRAMAAN_ASSIGN_OR_RETURN(config.issuer.id, StringMember(issuer, "id", where + ": issuer", false));
    PRAMAAN_ASSIGN_OR_RETURN(config.issuer.url, StringMember(issuer, "url", where + ": issuer", false));
    PRAMAAN_ASSIGN_OR_RETURN(config.issuer_contact,
                             StringMember(issuer, "contact", where + ": issuer", false));
    const std::string& contact = config.issuer_contact;
    if (!contact.empty() && !contact.starts_with("https://") && !contact.starts_with("http://") &&
        !contact.starts_with("mailto:") && !contact.starts_with("tel:")) {
      return InvalidInput(where + ": issuer.contact must be an https:, http:, mailto: or tel: URL");
    }
    if (!config.issuer.id.empty() && config.issuer.id.rfind("did:", 0) != 0) {
      return InvalidInput(where + ": issuer.id must be a DID (did:web or did:key)");
    }
  }
  if (doc.contains("signing_key")) {
    const Json& key = doc["signing_key"];
    const std::string key_where = where + ": signing_key";
    if (!key.is_object()) return InvalidInput(key_where + " must be an object");
    PRAMAAN_RETURN_IF_ERROR(CheckMembers(
        key, {"file", "keyring", "passphrase_env", "verification_method"}, key_where));
    PRAMAAN_ASSIGN_OR_RETURN(std::string file, StringMember(key, "file", key_where, false));
    PRAMAAN_ASSIGN_OR_RETURN(std::string keyring, StringMember(key, "keyring", key_where, false));
    if (file.empty() == keyring.empty()) {
      return InvalidInput(key_where + ": give exactly one of \"file\" (a key file) and "
                          "\"keyring\" (a key ring)");
    }
    PRAMAAN_ASSIGN_OR_RETURN(config.passphrase_env,
                             StringMember(key, "passphrase_env", key_where, false));
    PRAMAAN_ASSIGN_OR_RETURN(config.verification_method,
                             StringMember(key, "verification_method", key_where, false));
    if (!file.empty()) {
      config.signing_key = base / file;
    } else {
      if (!config.verification_method.empty()) {
        return InvalidInput(key_where + ": \"verification_method\" goes with \"file\" only; "
                            "each key of a keyring has its own id");
      }
      if (config.issuer.id.rfind("did:web:", 0) != 0) {
        return InvalidInput(key_where + ": a \"keyring\" needs a did:web issuer (issuer.id); "
                            "a did:key names one key and cannot rotate");
      }
      config.keyring = base / keyring;
    }
  }
  if (doc.contains("cryptosuite")) {
    if (!doc["cryptosuite"].is_string()) return InvalidInput(where + ": \"cryptosuite\" must be a string");
    auto suite = CryptosuiteFromName(doc["cryptosuite"].get<std::string>());
    if (!suite.ok()) return suite.error().WithContext(where);
    config.cryptosuite = *suite;
  }
  if (doc.contains("contexts")) {
    if (!doc["contexts"].is_object()) {
      return InvalidInput(where + ": \"contexts\" must map context URLs to files");
    }
    for (const auto& [url, file] : doc["contexts"].items()) {
      if (!file.is_string()) return InvalidInput(where + ": contexts." + url + " must be a file name");
      config.contexts.emplace_back(url, base / file.get<std::string>());
    }
  }
  if (doc.contains("did_documents")) {
    if (!doc["did_documents"].is_array()) {
      return InvalidInput(where + ": \"did_documents\" must be an array of file names");
    }
    for (const Json& file : doc["did_documents"]) {
      if (!file.is_string()) return InvalidInput(where + ": did_documents must list file names");
      config.did_documents.push_back(base / file.get<std::string>());
    }
  }
  if (doc.contains("certificates")) {
    const Json& certificates = doc["certificates"];
    const std::string certificates_where = where + ": certificates";
    if (!certificates.is_object()) return InvalidInput(certificates_where + " must be an object");
    PRAMAAN_RETURN_IF_ERROR(CheckMembers(
        certificates, {"signing_certificate", "signing_key", "trusted_certificates"},
        certificates_where));
    PRAMAAN_ASSIGN_OR_RETURN(
        std::string certificate,
        StringMember(certificates, "signing_certificate", certificates_where, false));
    PRAMAAN_ASSIGN_OR_RETURN(std::string key, StringMember(certificates, "signing_key",
                                                           certificates_where, false));
    if (certificate.empty() != key.empty()) {
      return InvalidInput(certificates_where +
                          ": \"signing_certificate\" and \"signing_key\" go together");
    }
    if (!certificate.empty()) {
      config.document_certificate = base / certificate;
      config.document_key = base / key;
      config.trusted_document_certificates.push_back(config.document_certificate);
    }
    if (certificates.contains("trusted_certificates")) {
      const Json& trusted = certificates["trusted_certificates"];
      if (!trusted.is_array()) {
        return InvalidInput(certificates_where + ": \"trusted_certificates\" must list files");
      }
      for (const Json& file : trusted) {
        if (!file.is_string() || file.get_ref<const std::string&>().empty()) {
          return InvalidInput(certificates_where + ": trusted_certificates must list file names");
        }
        config.trusted_document_certificates.push_back(base / file.get<std::string>());
      }
    }
  }
  if (doc.contains("trusted_issuers")) {
    const Json& trusted = doc["trusted_issuers"];
    if (!trusted.is_array()) {
      return InvalidInput(where + ": \"trusted_issuers\" must be an array of DIDs");
    }
    for (const Json& did : trusted) {
      if (!did.is_string() || !did.get_ref<const std::string&>().starts_with("did:")) {
        return InvalidInput(where + ": trusted_issuers must list DIDs (\"did:web:...\", "
                            "\"did:key:...\")");
      }
      config.trusted_issuers.push_back(did.get<std::string>());
    }
  }
  if (doc.contains("awarding")) {
    PRAMAAN_ASSIGN_OR_RETURN(config.awarding, ReadAwardingSettings(doc["awarding"], where));
  }
  PRAMAAN_ASSIGN_OR_RETURN(config.registry_group,
                           StringMember(doc, "registry_group", where, false));
  if (doc.contains("registry_others_may_read")) {
    if (!doc["registry_others_may_read"].is_boolean()) {
      return InvalidInput(where + ": \"registry_others_may_read\" must be true or false");
    }
    config.registry_others_may_read = doc["registry_others_may_read"].get<bool>();
  }
  if (doc.contains("console")) {
    const Json& console = doc["console"];
    const std::string console_where = where + ": console";
    if (!console.is_object()) return InvalidInput(console_where + " must be an object");
    PRAMAAN_RETURN_IF_ERROR(CheckMembers(console, {"idle_timeout_s"}, console_where));
    if (const auto idle = console.find("idle_timeout_s"); idle != console.end()) {
      constexpr int64_t kShortest = 60, kLongest = 86400;  // a minute to a day
      if (!idle->is_number_integer() || idle->get<int64_t>() < kShortest ||
          idle->get<int64_t>() > kLongest) {
        return InvalidInput(console_where + ": \"idle_timeout_s\" must be a whole number of "
                            "seconds from 60 to 86400");
      }
      config.console_idle_timeout_s = idle->get<int64_t>();
    }
  }
  return config;
}

Result<std::vector<std::string>> TrustedIssuerDids(const IssuerConfig& config) {
  std::vector<std::string> dids;
  if (!config.issuer.id.empty()) {
    dids.push_back(config.issuer.id);
  } else if (!config.signing_key.empty()) {
    PRAMAAN_ASSIGN_OR_RETURN(Ed25519PublicKey key, ReadKeyFilePublicKey(config.signing_key));
    dids.push_back(DidKeyFor(key));
  }
  dids.insert(dids.end(), config.trusted_issuers.begin(), config.trusted_issuers.end());
  return dids;
}

std::string PublishedContextUrl(const IssuerConfig& config) {
  return config.context_url.empty() ? PramaanContextUrl(config.base_url) : config.context_url;
}

namespace {

// ApplyTrust with the configured key ring already read (null when there is none).
Status ApplyTrustWithRing(const IssuerConfig& config, const KeyRing* ring,
                          ContextLoader* contexts, DidResolver* resolver) {
  for (const auto& [url, file] : config.contexts) {
    PRAMAAN_RETURN_IF_ERROR(contexts->AddFile(url, file));
  }
  // Our context where this deployment publishes it, which its credentials name (and where
  // `pramaan serve` publishes it, which credentials issued before a context_url name).
  if (!config.base_url.empty()) {
    PRAMAAN_RETURN_IF_ERROR(contexts->AddAlias(PramaanContextUrl(config.base_url), kPramaanContext));
    if (!config.context_url.empty()) {
      PRAMAAN_RETURN_IF_ERROR(contexts->AddAlias(config.context_url, kPramaanContext));
    }
  }
  for (const std::filesystem::path& file : config.did_documents) {
    PRAMAAN_ASSIGN_OR_RETURN(Json document, ReadJsonFile(file));
    if (ring != nullptr && GetString(document, "id") == config.issuer.id) {
      return InvalidInput(file.string() + " is the DID document of the issuer " +
                          config.issuer.id + ", which its keyring already describes; remove it "
                          "from did_documents");
    }
    if (Status s = resolver->AddDocument(document); !s.ok()) return s.error().WithContext(file.string());
  }
  if (ring != nullptr) {
    if (ring->did() != config.issuer.id) {
      return InvalidInput("key ring " + config.keyring.string() + " holds keys of " + ring->did() +
                          ", not of the issuer " + config.issuer.id);
    }
    PRAMAAN_RETURN_IF_ERROR(resolver->AddDocument(ring->ToDidDocument().ToJson()));
  }
  return Status::Ok();
}

// Replaces the configuration file at `path` with `doc`, keeping its permissions.
Status WriteConfigFile(const std::filesystem::path& path, const Json& doc) {
  struct stat info;
  const mode_t mode = ::stat(path.c_str(), &info) == 0 ? (info.st_mode & 07777) : 0644;
  return ReplaceFile(path, DumpJson(doc, true), mode);
}

}  // namespace

Status ApplyTrust(const IssuerConfig& config, ContextLoader* contexts, DidResolver* resolver) {
  if (config.keyring.empty()) return ApplyTrustWithRing(config, nullptr, contexts, resolver);
  PRAMAAN_ASSIGN_OR_RETURN(KeyRing ring, KeyRing::Read(config.keyring));
  return ApplyTrustWithRing(config, &ring, contexts, resolver);
}

Result<std::unique_ptr<VerifierSetup>> LoadVerifierSetup(const IssuerConfig& config) {
  auto setup = std::make_unique<VerifierSetup>();
  setup->base_url = config.base_url;
  setup->issuer = config.issuer;
  setup->contact = config.issuer_contact;
  setup->digilocker = config.awarding && !config.awarding->digilocker_issuer_id.empty();
  for (const std::filesystem::path& file : config.trusted_document_certificates) {
    PRAMAAN_ASSIGN_OR_RETURN(std::string certificate, ReadInput(file.string()));
    setup->document_certificates.push_back(std::move(certificate));
  }
  if (!config.keyring.empty()) {
    PRAMAAN_ASSIGN_OR_RETURN(KeyRing ring, KeyRing::Read(config.keyring));
    PRAMAAN_RETURN_IF_ERROR(ApplyTrustWithRing(config, &ring, &setup->contexts, &setup->resolver));
    setup->did_document = ring.ToDidDocument().ToJson();
    return setup;
  }
  PRAMAAN_RETURN_IF_ERROR(ApplyTrust(config, &setup->contexts, &setup->resolver));
  // Only the public half of a configured key file is read, and only to name the issuer.
  std::optional<Ed25519PublicKey> public_key;
  if (!config.signing_key.empty()) {
    PRAMAAN_ASSIGN_OR_RETURN(Ed25519PublicKey key, ReadKeyFilePublicKey(config.signing_key));
    public_key = key;
  }
  std::string& did = setup->issuer.id;
  if (did.empty()) {
    if (!public_key) {
      return InvalidInput("the configuration names neither issuer.id nor a signing key, so the "
                          "issuer whose credentials are verified is unknown; set issuer.id");
    }
    did = DidKeyFor(*public_key);
  }
  if (did.rfind("did:key:", 0) == 0) {
    PRAMAAN_ASSIGN_OR_RETURN(DidDocument document, ResolveDidKey(did));
    setup->did_document = document.ToJson();
  } else if (auto configured = setup->resolver.Resolve(did); configured.ok()) {
    setup->did_document = configured->ToJson();
  } else if (public_key) {
    // As LoadIssuerSetup publishes it when no document is configured.
    const std::string method =
        config.verification_method.empty() ? did + "#key-1" : config.verification_method;
    setup->did_document =
        DidDocument::ForMethods(did, {VerificationMethod{method, did, *public_key}}).ToJson();
    PRAMAAN_RETURN_IF_ERROR(setup->resolver.AddDocument(setup->did_document));
  } else {
    return InvalidInput("the DID document of the issuer " + did +
                        " is not configured: list it in did_documents, or name the key ring");
  }
  return setup;
}

Result<std::unique_ptr<IssuerSetup>> LoadIssuerSetup(const IssuerConfig& config) {
  if (config.signing_key.empty() && config.keyring.empty()) {
    return InvalidInput("the configuration names no signing_key (a \"file\" or a \"keyring\")");
  }
  if (config.issuer.name.empty()) return InvalidInput("the configuration names no issuer.name");
  auto setup = std::make_unique<IssuerSetup>();
  setup->config = config;
  std::unique_ptr<SecretBytes> passphrase;
  if (!config.passphrase_env.empty()) {
    PRAMAAN_ASSIGN_OR_RETURN(SecretBytes phrase, PassphraseFromEnv(config.passphrase_env));
    passphrase = std::make_unique<SecretBytes>(std::move(phrase));
  }
  if (!config.keyring.empty()) {
    // The ring is read once, so the key we sign with and the document we publish agree even
    // if a rotation replaces the file meanwhile.
    PRAMAAN_ASSIGN_OR_RETURN(KeyRing ring, KeyRing::Read(config.keyring));
    PRAMAAN_ASSIGN_OR_RETURN(Ed25519SignerSodium signer,
                             LoadActiveKey(config.keyring, ring, passphrase.get()));
    setup->signer = std::make_unique<Ed25519SignerSodium>(std::move(signer));
    setup->issuer = config.issuer;
    setup->proof.cryptosuite = config.cryptosuite;
    setup->proof.verification_method = ring.active().id;
    PRAMAAN_RETURN_IF_ERROR(ApplyTrustWithRing(config, &ring, &setup->contexts, &setup->resolver));
    setup->did_document = ring.ToDidDocument().ToJson();
    return setup;
  }
  PRAMAAN_ASSIGN_OR_RETURN(Ed25519SignerSodium signer,
                           LoadKeyFile(config.signing_key, passphrase.get()));
  setup->signer = std::make_unique<Ed25519SignerSodium>(std::move(signer));
  const Ed25519PublicKey& public_key = setup->signer->public_key();

  setup->issuer = config.issuer;
  if (setup->issuer.id.empty()) setup->issuer.id = DidKeyFor(public_key);
  const std::string& did = setup->issuer.id;
  std::string method = config.verification_method;
  if (method.empty()) {
    method = did.rfind("did:key:", 0) == 0 ? DidKeyVerificationMethodFor(public_key) : did + "#key-1";
  }
  if (method.rfind(did + "#", 0) != 0) {
    return InvalidInput("signing_key.verification_method " + method +
                        " is not a key of the issuer " + did);
  }
  setup->proof.cryptosuite = config.cryptosuite;
  setup->proof.verification_method = method;

  PRAMAAN_RETURN_IF_ERROR(ApplyTrust(config, &setup->contexts, &setup->resolver));
  if (did.rfind("did:key:", 0) == 0) {
    if (did != DidKeyFor(public_key)) {
      return InvalidInput("issuer.id " + did + " is not the did:key of the signing key");
    }
    auto document = ResolveDidKey(did);
    if (!document.ok()) return document.error();
    setup->did_document = document->ToJson();
  } else if (auto configured = setup->resolver.Resolve(did); configured.ok()) {
    // The operator supplied the issuer's document (it may list retired keys too): it must
    // authorize the key we sign with, or nobody could verify what we issue.
    const VerificationMethod* listed = configured->FindAssertionMethod(method);
    if (listed == nullptr || !(listed->public_key == public_key)) {
      return InvalidInput("the configured DID document of " + did + " does not authorize " +
                          method + " with the signing key");
    }
    setup->did_document = configured->ToJson();
  } else {
    // The issuer's own did:web document, as it must be published at /.well-known/did.json.
    DidDocument document =
        DidDocument::ForMethods(did, {VerificationMethod{method, did, public_key}});
    setup->did_document = document.ToJson();
    PRAMAAN_RETURN_IF_ERROR(setup->resolver.AddDocument(setup->did_document));
  }
  return setup;
}

Result<std::filesystem::path> ConvertConfigToKeyRing(const std::filesystem::path& config_path,
                                                     Timestamp now) {
  PRAMAAN_ASSIGN_OR_RETURN(IssuerConfig config, LoadIssuerConfig(config_path));
  const std::string where = config_path.string();
  const std::string& did = config.issuer.id;
  if (did.rfind("did:web:", 0) != 0) {
    return InvalidInput(where +
                        ": key rotation needs a did:web issuer (set issuer.id); a did:key names "
                        "one key and cannot rotate");
  }
  if (!config.keyring.empty()) return InvalidInput(where + " already uses a keyring");
  if (config.signing_key.empty()) return InvalidInput(where + " names no signing_key.file");
  const std::string id =
      config.verification_method.empty() ? did + "#key-1" : config.verification_method;
  if (id.rfind(did + "#", 0) != 0) {
    return InvalidInput(where + ": signing_key.verification_method " + id +
                        " is not a key of the issuer " + did);
  }
  PRAMAAN_ASSIGN_OR_RETURN(Ed25519PublicKey key, ReadKeyFilePublicKey(config.signing_key));

  // The configuration as written, to change only signing_key (and did_documents).
  PRAMAAN_ASSIGN_OR_RETURN(Json doc, ReadJsonFile(config_path));
  Json& signing_key = doc["signing_key"];
  // The ring lives beside the configuration, so the file name as written stays right.
  const std::string file = signing_key["file"].get<std::string>();
  const std::filesystem::path base =
      config_path.has_parent_path() ? config_path.parent_path() : std::filesystem::path(".");
  if (doc.contains("did_documents")) {
    // The issuer's own document would now contradict the ring (ApplyTrust refuses both).
    Json kept = Json::array();
    for (const Json& entry : doc["did_documents"]) {
      PRAMAAN_ASSIGN_OR_RETURN(Json document, ReadJsonFile(base / entry.get<std::string>()));
      if (GetString(document, "id") != did) {
        kept.push_back(entry);
        continue;
      }
      auto parsed = DidDocument::FromJson(document);
      if (!parsed.ok()) return parsed.error().WithContext(entry.get<std::string>());
      const auto& methods = parsed->methods();
      if (methods.size() != 1 || methods[0].id != id || !(methods[0].public_key == key)) {
        return InvalidInput(entry.get<std::string>() + " is the issuer's own DID document and " +
                            "lists other keys than " + id + "; a keyring must describe every " +
                            "key, so move to one by hand (see README: Rotating the issuer key)");
      }
    }
    if (kept.empty()) {
      doc.erase("did_documents");
    } else {
      doc["did_documents"] = std::move(kept);
    }
  }

  PRAMAAN_ASSIGN_OR_RETURN(KeyRing ring, KeyRing::Create({KeyRingEntry{
                                             id, file, key, now, std::nullopt, std::nullopt}}));
  const std::filesystem::path ring_path = base / kDefaultKeyRingFile;
  if (Status created = CreateKeyRingFile(ring_path, ring); !created.ok()) {
    // A ring already there is fine only if it is ours: left by an earlier run that stopped
    // before rewriting the configuration, or by one running alongside.
    auto existing = KeyRing::Read(ring_path);
    const bool ours =
        existing.ok() && existing->did() == did &&
        std::any_of(existing->keys().begin(), existing->keys().end(),
                    [&](const KeyRingEntry& entry) { return entry.public_key == key; });
    if (!ours) {
      if (!std::filesystem::exists(ring_path)) return created.error();
      return InvalidInput(ring_path.string() + " already exists and does not hold the key " +
                          config.signing_key.string() + "; it is never replaced");
    }
  }
  Json ring_setting = {{"keyring", kDefaultKeyRingFile}};
  if (signing_key.contains("passphrase_env")) {
    ring_setting["passphrase_env"] = signing_key["passphrase_env"];
  }
  signing_key = std::move(ring_setting);
  PRAMAAN_RETURN_IF_ERROR(WriteConfigFile(config_path, doc));
  return ring_path;
}

Status SetConfigPassphraseEnv(const std::filesystem::path& config_path,
                              const std::string& variable) {
  PRAMAAN_ASSIGN_OR_RETURN(Json doc, ReadJsonFile(config_path));
  if (!doc.is_object() || !doc.contains("signing_key") || !doc["signing_key"].is_object()) {
    return InvalidInput(config_path.string() + " has no signing_key");
  }
  doc["signing_key"]["passphrase_env"] = variable;
  return WriteConfigFile(config_path, doc);
}

}  // namespace pramaan
