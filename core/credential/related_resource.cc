#include "core/credential/related_resource.h"

#include <openssl/evp.h>

#include <cstdint>
#include <optional>
#include <set>
#include <span>

#include "core/context/context_loader.h"
#include "core/encoding/base64.h"
#include "core/encoding/multibase.h"

namespace pramaan {
namespace {

// A digest algorithm as SRI and multihash name it.
struct DigestAlgorithm {
  std::string_view sri;  // SRI prefix, "" when SRI does not name it
  uint8_t multihash;     // multicodec code (one byte for all of these)
  size_t size;           // digest bytes
  const EVP_MD* (*md)();
};
constexpr DigestAlgorithm kAlgorithms[] = {
    {"sha256", 0x12, 32, EVP_sha256},   {"sha384", 0x20, 48, EVP_sha384},
    {"sha512", 0x13, 64, EVP_sha512},   {"", 0x16, 32, EVP_sha3_256},
    {"", 0x15, 48, EVP_sha3_384},
};

std::vector<uint8_t> Digest(const DigestAlgorithm& algorithm, std::string_view bytes) {
  std::vector<uint8_t> out(EVP_MAX_MD_SIZE);
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), out.data(), &size, algorithm.md(), nullptr) != 1) {
    return {};
  }
  out.resize(size);
  return out;
}

// A parsed digest: its algorithm and the expected bytes.
struct ParsedDigest {
  const DigestAlgorithm* algorithm = nullptr;
  std::vector<uint8_t> expected;
};

Result<ParsedDigest> ParseSri(std::string_view text) {
  const size_t dash = text.find('-');
  if (dash != std::string_view::npos) {
    for (const DigestAlgorithm& algorithm : kAlgorithms) {
      if (algorithm.sri.empty() || text.substr(0, dash) != algorithm.sri) continue;
      auto decoded = DecodeBase64(text.substr(dash + 1));
      if (!decoded.ok() || decoded->size() != algorithm.size) break;
      return ParsedDigest{&algorithm, std::move(decoded).value()};
    }
  }
  return InvalidInput("must be sha256-, sha384- or sha512- followed by the base64 digest");
}

Result<ParsedDigest> ParseMultibase(std::string_view text) {
  auto decoded = DecodeMultibase(text);
  if (decoded.ok() && decoded->size() > 2) {
    for (const DigestAlgorithm& algorithm : kAlgorithms) {
      if ((*decoded)[0] != algorithm.multihash || (*decoded)[1] != algorithm.size ||
          decoded->size() != algorithm.size + 2) {
        continue;
      }
      return ParsedDigest{&algorithm, std::vector<uint8_t>(decoded->begin() + 2, decoded->end())};
    }
  }
  return InvalidInput(
      "must be a base58btc (z) or base64url (u) multihash of sha2-256, sha2-384, sha2-512, "
      "sha3-256 or sha3-384");
}

bool Matches(const Result<ParsedDigest>& digest, std::string_view bytes) {
  return digest.ok() && Digest(*digest->algorithm, bytes) == digest->expected;
}

}  // namespace

Result<std::vector<RelatedResource>> ReadRelatedResources(const Json& credential) {
  std::vector<RelatedResource> out;
  if (!credential.is_object()) return out;
  const auto member = credential.find("relatedResource");
  if (member == credential.end()) return out;
  std::vector<const Json*> entries;
  if (member->is_array()) {
    for (const Json& entry : *member) entries.push_back(&entry);
  } else {
    entries.push_back(&*member);
  }
  std::set<std::string, std::less<>> seen;
  for (size_t i = 0; i < entries.size(); ++i) {
    const Json& entry = *entries[i];
    const std::string where = member->is_array()
                                  ? "relatedResource[" + std::to_string(i) + "]"
                                  : std::string("relatedResource");
    if (!entry.is_object()) return InvalidInput(where + " must be an object with an id and a digest");
    RelatedResource resource;
    resource.id = GetString(entry, "id");
    if (resource.id.empty()) return InvalidInput(where + " needs an id (the URL of the resource)");
    if (!seen.insert(resource.id).second) {
      return InvalidInput(where + " lists " + resource.id + " a second time");
    }
    for (const char* name : {"digestSRI", "digestMultibase"}) {
      const auto digest = entry.find(name);
      if (digest == entry.end()) continue;
      if (!digest->is_string()) return InvalidInput(where + "." + name + " must be a string");
      const std::string& text = digest->get_ref<const std::string&>();
      const Result<ParsedDigest> parsed =
          name[6] == 'S' ? ParseSri(text) : ParseMultibase(text);
      if (!parsed.ok()) return InvalidInput(where + "." + name + " " + parsed.error().message());
      (name[6] == 'S' ? resource.digest_sri : resource.digest_multibase) = text;
    }
    if (resource.digest_sri.empty() && resource.digest_multibase.empty()) {
      return InvalidInput(where + " needs a digestSRI or a digestMultibase");
    }
    out.push_back(std::move(resource));
  }
  return out;
}

bool MatchesDigests(const RelatedResource& resource, std::string_view bytes) {
  if (resource.digest_sri.empty() && resource.digest_multibase.empty()) return false;
  if (!resource.digest_sri.empty() && !Matches(ParseSri(resource.digest_sri), bytes)) return false;
  return resource.digest_multibase.empty() ||
         Matches(ParseMultibase(resource.digest_multibase), bytes);
}

Status CheckHeldRelatedResources(const Json& credential, const ContextLoader& contexts) {
  PRAMAAN_ASSIGN_OR_RETURN(std::vector<RelatedResource> resources, ReadRelatedResources(credential));
  for (const RelatedResource& resource : resources) {
    const std::optional<std::string_view> held = contexts.BundledBytes(resource.id);
    if (held && !contexts.MatchesBundledDigests(resource, resource.id, *held)) {
      return InvalidInput("relatedResource: the digest given for " + resource.id +
                          " is not that of the published document");
    }
  }
  return Status::Ok();
}

std::string DigestMultibaseSha256(std::string_view bytes) {
  std::vector<uint8_t> multihash = {kAlgorithms[0].multihash,
                                    static_cast<uint8_t>(kAlgorithms[0].size)};
  const std::vector<uint8_t> digest = Digest(kAlgorithms[0], bytes);
  multihash.insert(multihash.end(), digest.begin(), digest.end());
  return EncodeMultibaseBase64Url(multihash);
}

}  // namespace pramaan
