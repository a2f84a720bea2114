// End-to-end tests of the real build/pramaan binary: exit codes, files written (or not), and
// the W3C vectors through the command line.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/json/json.h"
#include "store/registry.h"
#include "tests/cli/cli_fixture.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

TEST_F(CliTest, KeysGenerateWritesMode0600AndShowNeverPrintsTheSecret) {
  const RunResult generated = Run("keys generate --out " + Path("k.key"));
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_EQ(testing::ModeOf(Path("k.key")), 0600u);
  auto file = ParseJson(ReadFile(Path("k.key")));
  ASSERT_TRUE(file.ok());
  const std::string secret = (*file)["secret"]["secretKeyMultibase"].get<std::string>();
  const RunResult shown = Run("keys show " + Path("k.key"));
  ASSERT_EQ(shown.exit_code, 0);
  EXPECT_NE(shown.out.find((*file)["publicKeyMultibase"].get<std::string>()), std::string::npos);
  EXPECT_NE(shown.out.find("did:key:z6Mk"), std::string::npos);
  EXPECT_EQ(shown.out.find(secret), std::string::npos);
  EXPECT_EQ(generated.out.find(secret), std::string::npos);
}

TEST_F(CliTest, DidWebDocumentFromKeysShowLetsCredentialsOfThatIssuerVerify) {
  ASSERT_EQ(Run("keys generate --out " + Path("issuer.key")).exit_code, 0);
  const RunResult shown = Run("keys show " + Path("issuer.key") + " --did-web https://pramaan.example");
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  Write("did.json", shown.out);
  auto document = ParseJson(shown.out);
  ASSERT_TRUE(document.ok());
  EXPECT_EQ((*document)["id"], "did:web:pramaan.example");
  EXPECT_EQ((*document)["assertionMethod"][0], "did:web:pramaan.example#key-1");
  Write("pramaan.json", R"({"base_url": "https://pramaan.example",
    "issuer": {"name": "Test Issuer", "id": "did:web:pramaan.example"},
    "signing_key": {"file": "issuer.key"}, "did_documents": ["did.json"]})");
  ASSERT_EQ(Run("issue --config " + Path("pramaan.json") + " " + kSource +
                "/examples/completion.json --out " + Path("out")).exit_code, 0);
  ASSERT_EQ(CredentialFiles("out").size(), 1u);
  const fs::path issued = CredentialFiles("out").front();
  // A verifier that has the published document accepts it; one that does not cannot resolve
  // the key (did:web is never fetched).
  EXPECT_EQ(Run("verify --config " + Path("pramaan.json") + " " + issued.string()).exit_code, 0);
  EXPECT_EQ(Run("verify " + issued.string()).exit_code, 1);
}

TEST_F(CliTest, KeysGenerateNeverOverwritesAnExistingKey) {
  ASSERT_EQ(Run("keys generate --out " + Path("k.key")).exit_code, 0);
  const std::string before = ReadFile(Path("k.key"));
  const RunResult again = Run("keys generate --out " + Path("k.key"));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already exists"), std::string::npos);
  EXPECT_EQ(ReadFile(Path("k.key")), before);
}

TEST_F(CliTest, KeysImportAcceptsSeedAndSeedPlusPublicKeyForms) {
  for (const char* vector : {"vc-di-eddsa/keyPair.json", "ob3-eddsa-rdfc-2022/keyPair.json"}) {
    auto pair = ParseJson(ReadFile(kVectors + "/" + vector));
    ASSERT_TRUE(pair.ok());
    const std::string secret = (*pair).contains("privateKeyMultibase")
                                   ? (*pair)["privateKeyMultibase"].get<std::string>()
                                   : (*pair)["secretKeyMultibase"].get<std::string>();
    const std::string out = Path(std::string("imported-") + (vector[0] == 'v' ? "w3c" : "ob3"));
    const RunResult imported = Run("keys import --secret-multibase " + secret + " --out " + out);
    ASSERT_EQ(imported.exit_code, 0) << vector << ": " << imported.err;
    EXPECT_NE(imported.out.find((*pair)["publicKeyMultibase"].get<std::string>()), std::string::npos)
        << vector;
  }
}

TEST_F(CliTest, SignReproducesTheW3cJcsVectorAndVerifyChecksIt) {
  auto pair = ParseJson(ReadFile(kVectors + "/vc-di-eddsa/keyPair.json"));
  ASSERT_EQ(Run("keys import --secret-multibase " + (*pair)["privateKeyMultibase"].get<std::string>() +
                " --out " + Path("w3c.key")).exit_code, 0);
  const std::string method =
      "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
  const RunResult signed_run =
      Run("sign --key " + Path("w3c.key") + " --cryptosuite eddsa-jcs-2022 --created "
          "2023-02-24T23:36:38Z --verification-method '" + method + "' " + kVectors +
          "/vc-di-eddsa/unsigned.json");
  ASSERT_EQ(signed_run.exit_code, 0) << signed_run.err;
  auto signed_credential = ParseJson(signed_run.out);
  ASSERT_TRUE(signed_credential.ok());
  EXPECT_EQ((*signed_credential)["proof"]["proofValue"],
            ReadFile(kVectors + "/vc-di-eddsa/eddsa-jcs-2022/sigBTC58JCS.txt"));

  // The vector's proof verifies, but its issuer (an https URL) does not control the did:key,
  // so the credential as a whole is reported invalid, with exit code 1.
  const RunResult verified =
      Run("verify --json " + kVectors + "/vc-di-eddsa/eddsa-jcs-2022/signedJCS.json");
  EXPECT_EQ(verified.exit_code, 1);
  auto report = ParseJson(verified.out);
  ASSERT_TRUE(report.ok()) << verified.out;
  EXPECT_EQ((*report)["checks"][1]["id"], "proof");
  EXPECT_EQ((*report)["checks"][1]["passed"], true);
  EXPECT_EQ((*report)["checks"][2]["id"], "issuer");
  EXPECT_EQ((*report)["checks"][2]["passed"], false);
}

TEST_F(CliTest, SignedExamplesVerifyAndStopVerifyingWhenTampered) {
  for (const char* name : {"course-completion", "ncvet-qualification"}) {
    const std::string path = kSource + "/examples/signed/" + name + ".credential.json";
    const RunResult verified = Run("verify --json " + path);
    EXPECT_EQ(verified.exit_code, 0) << name << "\n" << verified.out;
    auto credential = ParseJson(ReadFile(path));
    ASSERT_TRUE(credential.ok());
    EXPECT_EQ((*credential)["proof"]["cryptosuite"], "eddsa-rdfc-2022");
    (*credential)["credentialSubject"]["name"] = "Someone Else";
    Write("tampered.json", DumpJson(*credential, true));
    EXPECT_EQ(Run("verify " + Path("tampered.json")).exit_code, 1) << name;
  }
}

TEST_F(CliTest, CanonicalizeRdfcMatchesTheVectorsCanonicalForms) {
  // N-Quads in, canonical N-Quads out; and JSON-LD in (the W3C unsigned credential), the
  // vector's canonical document out.
  const RunResult nquads = Run("canonicalize --rdfc " + kVectors + "/rdf-canon/rdfc10/test020-in.nq");
  EXPECT_EQ(nquads.exit_code, 0) << nquads.err;
  EXPECT_EQ(nquads.out, ReadFile(kVectors + "/rdf-canon/rdfc10/test020-rdfc10.nq"));
  const RunResult jsonld = Run("canonicalize --rdfc --jsonld " + kVectors + "/vc-di-eddsa/unsigned.json");
  EXPECT_EQ(jsonld.exit_code, 0) << jsonld.err;
  EXPECT_EQ(jsonld.out, ReadFile(kVectors + "/vc-di-eddsa/eddsa-rdfc-2022/canonDocDataInt.txt"));
}

TEST_F(CliTest, CanonicalizeJcsMatchesRfc8785Vectors) {
  for (const auto& entry : fs::directory_iterator(kVectors + "/jcs-rfc8785/input")) {
    const RunResult run = Run("canonicalize --jcs " + entry.path().string());
    ASSERT_EQ(run.exit_code, 0) << entry.path();
    EXPECT_EQ(run.out, ReadFile(kVectors + "/jcs-rfc8785/output/" + entry.path().filename().string()))
        << entry.path();
  }
}

TEST_F(CliTest, IssueThenVerifyEveryExampleAndDetectTampering) {
  const std::string config = MakeConfig();
  for (const char* example : {"completion.json", "qualification.json", "batch.jsonl"}) {
    const RunResult issued = Run("issue --config " + config + " " + kSource + "/examples/" +
                                 example + " --out " + Path("out"));
    ASSERT_EQ(issued.exit_code, 0) << example << ": " << issued.err;
  }
  ASSERT_GE(FilesIn("out"), 6u);
  for (const fs::path& file : CredentialFiles("out")) {
    const RunResult verified = Run("verify " + file.string());
    EXPECT_EQ(verified.exit_code, 0) << file << "\n" << verified.out;
    EXPECT_EQ(verified.out.rfind("VALID", 0), 0u);
  }
  // One changed character in a learner's name: exit 1, the proof check names the failure.
  const fs::path first = CredentialFiles("out").front();
  std::string text = ReadFile(first);
  const size_t at = text.find("\"name\": \"") + 9;
  text[at] = text[at] == 'X' ? 'Y' : 'X';
  Write("tampered.json", text);
  const RunResult tampered = Run("verify " + Path("tampered.json"));
  EXPECT_EQ(tampered.exit_code, 1);
  EXPECT_NE(tampered.out.find("FAIL  proof"), std::string::npos) << tampered.out;
}

TEST_F(CliTest, ExampleConfigurationIssuesWithAGeneratedKey) {
  Write("pramaan.json", ReadFile(kSource + "/examples/pramaan.json"));
  ASSERT_EQ(Run("keys generate --out " + Path("dev-issuer.key")).exit_code, 0);
  // Without the document-signing certificate the configuration names, nothing is issued.
  const RunResult refused = Run("issue --config " + Path("pramaan.json") + " " + kSource +
                                "/examples/completion.json --out " + Path("out"));
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("dev-document-signer"), std::string::npos) << refused.err;
  EXPECT_EQ(FilesIn("out"), 0u);
  ASSERT_EQ(Run("keys certificate --out-cert " + Path("dev-document-signer.crt.pem") +
                " --out-key " + Path("dev-document-signer.key.pem"))
                .exit_code,
            0);
  const RunResult issued = Run("issue --config " + Path("pramaan.json") + " " + kSource +
                               "/examples/completion.json --out " + Path("out"));
  EXPECT_EQ(issued.exit_code, 0) << issued.err;
  EXPECT_EQ(FilesIn("out"), 2u);  // {id}.json and {id}.pdf
}

// Issue 16: what needs the key is made where the key is. `pramaan issue --registry` signs the
// status lists its credentials name and stores them, so a public verifier (no key) serves them
// without an issuer server running; the registry's issuance log names the signature.
TEST_F(CliTest, IssueWithARegistryStoresTheSignedStatusListsAndTheIssuanceLog) {
  const std::string config = MakeConfig();
  const RunResult issued = Run("issue --config " + config + " --registry " + Path("reg.sqlite") +
                               " " + kSource + "/examples/completion.json --out " + Path("out"));
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  const std::string id = issued.out.substr(0, issued.out.find('\t'));
  auto registry = store::OpenSqliteRegistry(dir_ / "reg.sqlite");
  ASSERT_TRUE(registry.ok()) << registry.error().message();
  auto stored = (*registry)->Get(id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  const std::string list = "revocation-" + std::to_string(*(*stored)->revocation_index /
                                                          (int64_t{1} << 17));
  auto signed_list = (*registry)->GetStatusListCredential(list);
  ASSERT_TRUE(signed_list.ok()) << signed_list.error().message();
  ASSERT_TRUE(signed_list->has_value()) << list << " was not signed and stored";
  Write("list.json", (*signed_list)->credential_json);
  const RunResult verified = Run("verify --offline --config " + config + " " + Path("list.json"));
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  auto events = (*registry)->IssuanceEvents(id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].action, store::IssuanceAction::kSign);
  EXPECT_EQ((*events)[1].action, store::IssuanceAction::kIssued);
}

TEST_F(CliTest, IssueWithARegistryIssuesARecordOnceAndRefusesADifferentOneUnderItsId) {
  const std::string config = MakeConfig();
  const std::string issue = "issue --config " + config + " --registry " + Path("reg.sqlite") + " ";
  const std::string record = kSource + "/examples/completion.json";
  const RunResult first = Run(issue + record + " --out " + Path("out1"));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string id = first.out.substr(0, first.out.find('\t'));
  // The same record again: nothing new is issued; its file is written where it is missing.
  const RunResult again = Run(issue + record + " --out " + Path("out2"));
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "");
  EXPECT_NE(again.err.find("skipped 1 record (already issued)"), std::string::npos) << again.err;
  EXPECT_EQ(ReadFile(Path("out2") + "/" + id + ".json"), ReadFile(Path("out1") + "/" + id + ".json"));
  // A different record under the same source_record_id is refused.
  auto changed = ParseJson(ReadFile(record));
  ASSERT_TRUE(changed.ok());
  (*changed)["learner"]["name"] = "Asha Varma";
  Write("changed.json", DumpJson(*changed, false));
  const RunResult refused = Run(issue + Path("changed.json") + " --out " + Path("out3"));
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("already issued as " + id + " from a different record"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(FilesIn("out3"), 0u);
}

// Files are flushed together at the end of a batch, so a power cut can lose or cut short some
// whose records the registry holds: running the batch again writes them again, whole.
TEST_F(CliTest, ABatchRunAgainRepairsCredentialFilesThatWereLostOrCutShort) {
  const std::string config = MakeConfig();
  const std::string issue = "issue --config " + config + " --registry " + Path("reg.sqlite") +
                            " " + kSource + "/examples/batch.jsonl --out " + Path("out");
  const RunResult first = Run(issue);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir_ / "out")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  ASSERT_GE(files.size(), 2u);
  const std::string whole = ReadFile(files[0]);
  const std::string other = ReadFile(files[1]);
  std::ofstream(files[0], std::ios::trunc) << whole.substr(0, whole.size() / 2);
  fs::remove(files[1]);
  const RunResult again = Run(issue);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "") << "nothing is issued again";
  EXPECT_EQ(ReadFile(files[0]), whole);
  EXPECT_EQ(ReadFile(files[1]), other);
}

TEST_F(CliTest, ConfigurationWithAnUnknownSettingIsRefused) {
  Write("bad.json", R"({"base_url": "https://pramaan.example", "signing_kye": {}})");
  const RunResult run = Run("verify --config " + Path("bad.json") + " " + kVectors +
                            "/vc-di-eddsa/eddsa-jcs-2022/signedJCS.json");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("signing_kye"), std::string::npos) << run.err;
}

TEST_F(CliTest, ABadRecordIsRefusedWithExitCode2AndWritesNothing) {
  const std::string config = MakeConfig();
  auto good = ParseJson(ReadFile(kSource + "/examples/qualification.json"));
  ASSERT_TRUE(good.ok());
  struct Case {
    std::string name;
    std::string text;
    std::string expected_in_error;
  };
  std::vector<Case> cases;
  {
    Json record = *good;
    record["learner"].erase("name");
    cases.push_back({"missing field", DumpJson(record, false), "learner.name"});
  }
  {
    Json record = *good;
    record["qualification"]["credits"] = "twelve";
    cases.push_back({"wrong type", DumpJson(record, false), "qualification.credits"});
  }
  {
    Json record = *good;
    record["qualification"]["nsqf_level"] = 9;
    cases.push_back({"NSQF level 9", DumpJson(record, false), "qualification.nsqf_level"});
  }
  cases.push_back({"malformed JSON", "{\"record_type\": \"ncvet_qualification\",", "byte"});
  for (const Case& c : cases) {
    Write("record.json", c.text);
    const RunResult run = Run("issue --config " + config + " " + Path("record.json") + " --out " + Path("out"));
    EXPECT_EQ(run.exit_code, 2) << c.name;
    EXPECT_NE(run.err.find(c.expected_in_error), std::string::npos) << c.name << ": " << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << c.name << ": one sentence";
    EXPECT_EQ(FilesIn("out"), 0u) << c.name;
  }
}

// Bad input in a batch (a malformed line, an invalid field, the same id with different
// content) is reported per line and never stops or corrupts the rest.
TEST_F(CliTest, BadRecordsInABatchAreRejectedPerLineAndTheRestAreIssued) {
  const std::string config = MakeConfig();
  auto good = ParseJson(ReadFile(kSource + "/examples/qualification.json"));
  ASSERT_TRUE(good.ok());
  std::string batch = ReadFile(kSource + "/examples/batch.jsonl");  // n valid records
  const int n = static_cast<int>(std::count(batch.begin(), batch.end(), '\n'));
  Json bad = *good;
  bad["learner"]["apaar_id"] = "12345";
  bad["source_record_id"] = "bad-apaar";
  batch += DumpJson(bad, false) + "\n";                           // line n+1: invalid field
  batch += "{\"record_type\": \"ncvet_qualification\",\n";            // line n+2: malformed
  Json twin = *good;
  twin["learner"]["name"] = "Someone Else";
  batch += DumpJson(*good, false) + "\n" + DumpJson(twin, false) + "\n";  // lines n+3, n+4
  Write("batch.jsonl", batch);
  const RunResult run = Run("issue --config " + config + " --registry " + Path("reg.sqlite") +
                            " " + Path("batch.jsonl") + " --out " + Path("out"));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("Issued:   " + std::to_string(n + 1)), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("Rejected: 3"), std::string::npos) << run.err;
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), n + 1) << run.out;
  const std::string rejects = ReadFile(Path("out") + "/rejected.jsonl");
  std::map<int64_t, std::string> rejected;
  for (size_t start = 0; start < rejects.size();) {
    const size_t end = rejects.find('\n', start);
    auto line = ParseJson(rejects.substr(start, end - start));
    ASSERT_TRUE(line.ok()) << rejects;
    rejected[(*line)["line"].get<int64_t>()] = GetString(*line, "error");
    start = end + 1;
  }
  ASSERT_EQ(rejected.size(), 3u) << rejects;
  EXPECT_NE(rejected[n + 1].find("apaar_id"), std::string::npos) << rejected[n + 1];
  EXPECT_NE(rejected[n + 2].find("batch.jsonl:" + std::to_string(n + 2)), std::string::npos)
      << rejected[n + 2];
  // The last two lines are signed at once on different cores: whichever is stored first is
  // issued.
  const std::string& twin_error = rejected.count(n + 4) > 0 ? rejected[n + 4] : rejected[n + 3];
  EXPECT_NE(twin_error.find("from a different record"), std::string::npos) << rejects;
  EXPECT_EQ(FilesIn("out"), static_cast<size_t>(n + 2));  // the credentials and the rejects file
}

TEST_F(CliTest, UnknownContextIsRefusedBySignAndVerify) {
  ASSERT_EQ(Run("keys generate --out " + Path("k.key")).exit_code, 0);
  auto credential = ParseJson(ReadFile(kVectors + "/vc-di-eddsa/unsigned.json"));
  (*credential)["@context"].push_back("https://evil.example/context");
  Write("unknown.json", DumpJson(*credential, true));
  const RunResult signed_run = Run("sign --key " + Path("k.key") + " " + Path("unknown.json"));
  EXPECT_EQ(signed_run.exit_code, 2);
  EXPECT_NE(signed_run.err.find("https://evil.example/context"), std::string::npos);
  EXPECT_TRUE(signed_run.out.empty());
  const RunResult verified = Run("verify " + Path("unknown.json"));
  EXPECT_EQ(verified.exit_code, 2);
  EXPECT_NE(verified.err.find("unknown JSON-LD context"), std::string::npos);
}

// Data Integrity 1.0, "Contexts and Vocabularies": `sign` adds the Data Integrity context to
// a VC 1.1 credential that names only https://www.w3.org/2018/credentials/v1, instead of
// refusing it, and the credential signed so verifies.
TEST_F(CliTest, DataIntegrity_SignAddsTheDataIntegrityContextWhenMissing) {
  const RunResult generated = Run("keys generate --out " + Path("k.key"));
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  auto key = ParseJson(generated.out);
  ASSERT_TRUE(key.ok()) << generated.out;
  const Json credential = {{"@context", {"https://www.w3.org/2018/credentials/v1"}},
                           {"type", {"VerifiableCredential"}},
                           {"issuer", (*key)["did"]},
                           {"issuanceDate", "2026-01-01T00:00:00Z"},
                           {"credentialSubject", {{"id", "did:example:learner"}}}};
  Write("v11.json", DumpJson(credential, true));
  const RunResult signed_run = Run("sign --key " + Path("k.key") + " " + Path("v11.json"));
  ASSERT_EQ(signed_run.exit_code, 0) << signed_run.err;
  auto signed_credential = ParseJson(signed_run.out);
  ASSERT_TRUE(signed_credential.ok()) << signed_run.out;
  EXPECT_EQ((*signed_credential)["@context"],
            Json({"https://www.w3.org/2018/credentials/v1",
                  "https://w3id.org/security/data-integrity/v2"}));
  Write("v11.signed.json", signed_run.out);
  const RunResult verified = Run("verify " + Path("v11.signed.json"));
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

TEST_F(CliTest, OperatorContextFromConfigIsTrusted) {
  ASSERT_EQ(Run("keys generate --out " + Path("k.key")).exit_code, 0);
  Write("extra.jsonld", R"({"@context": {"favouriteColour": "https://example.org/vocab#favouriteColour"}})");
  Write("trust.json", R"({"base_url": "https://pramaan.example",
     "contexts": {"https://example.org/extra/v1": "extra.jsonld"}})");
  auto credential = ParseJson(ReadFile(kVectors + "/vc-di-eddsa/unsigned.json"));
  (*credential)["@context"].push_back("https://example.org/extra/v1");
  Write("extra-credential.json", DumpJson(*credential, true));
  EXPECT_EQ(Run("sign --key " + Path("k.key") + " " + Path("extra-credential.json")).exit_code, 2);
  const RunResult trusted = Run("sign --config " + Path("trust.json") + " --key " + Path("k.key") +
                                " " + Path("extra-credential.json"));
  EXPECT_EQ(trusted.exit_code, 0) << trusted.err;
}

TEST_F(CliTest, KeyFileWithWrongPermissionsOrPassphraseIsRefused) {
  const std::string env = "PRAMAAN_TEST_PASSPHRASE='correct horse battery staple'";
  ASSERT_EQ(Run("keys generate --passphrase-env PRAMAAN_TEST_PASSPHRASE --out " + Path("sealed.key"), env).exit_code, 0);
  const std::string input = kVectors + "/vc-di-eddsa/unsigned.json";
  const RunResult right = Run("sign --passphrase-env PRAMAAN_TEST_PASSPHRASE --key " + Path("sealed.key") + " " + input, env);
  EXPECT_EQ(right.exit_code, 0) << right.err;
  const RunResult wrong = Run("sign --passphrase-env PRAMAAN_TEST_PASSPHRASE --key " + Path("sealed.key") + " " + input,
                              "PRAMAAN_TEST_PASSPHRASE=wrong");
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("wrong passphrase"), std::string::npos) << wrong.err;
  EXPECT_TRUE(wrong.out.empty());
  const RunResult missing = Run("sign --key " + Path("sealed.key") + " " + input);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--passphrase-env"), std::string::npos);

  ASSERT_EQ(Run("keys generate --out " + Path("open.key")).exit_code, 0);
  ::chmod(Path("open.key").c_str(), 0644);
  const RunResult readable = Run("sign --key " + Path("open.key") + " " + input);
  EXPECT_EQ(readable.exit_code, 2);
  EXPECT_NE(readable.err.find("chmod 600"), std::string::npos) << readable.err;
  EXPECT_TRUE(readable.out.empty());
}

TEST_F(CliTest, UsageErrorsExitWith2AndEveryCommandHasHelp) {
  EXPECT_EQ(Run("").exit_code, 2);
  EXPECT_EQ(Run("frobnicate").exit_code, 2);
  EXPECT_EQ(Run("verify --no-such-option x").exit_code, 2);
  EXPECT_EQ(Run("verify " + Path("does-not-exist.json")).exit_code, 2);
  for (const char* command : {"keys", "sign", "verify", "canonicalize", "issue", "bench", "demo"}) {
    const RunResult help = Run(std::string(command) + " --help");
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_NE(help.out.find("usage"), std::string::npos) << command;
  }
}

TEST_F(CliTest, BenchPrintsOneJsonLinePerOperation) {
  for (const char* op : {"sign", "verify"}) {
    const RunResult run = Run(std::string("bench ") + op + " --cryptosuite eddsa-jcs-2022 --count 200");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto line = ParseJson(run.out);
    ASSERT_TRUE(line.ok()) << run.out;
    EXPECT_EQ((*line)["op"], op);
    EXPECT_EQ((*line)["cryptosuite"], "eddsa-jcs-2022");
    EXPECT_EQ((*line)["count"], 200);
    EXPECT_GT((*line)["per_s"].get<double>(), 0);
  }
  // bench pdf also reports the size of the signed certificate, which must stay under 60 KB.
  const RunResult pdf = Run("bench pdf --count 3");
  ASSERT_EQ(pdf.exit_code, 0) << pdf.err;
  auto line = ParseJson(pdf.out);
  ASSERT_TRUE(line.ok()) << pdf.out;
  EXPECT_EQ((*line)["op"], "pdf");
  EXPECT_GT((*line)["per_s"].get<double>(), 0);
  EXPECT_GT((*line)["bytes"].get<int>(), 10000);
  EXPECT_LE((*line)["bytes"].get<int>(), 60 * 1024);
}

TEST_F(CliTest, DemoIssuesAndVerifiesTheSampleRecords) {
  const RunResult run =
      Run("demo --no-serve --dir " + Path("demo") + " --examples " + kSource + "/examples");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  // completion.json, qualification.json and the five lines of batch.jsonl.
  EXPECT_NE(run.out.find("7 of 7 issued credentials verified"), std::string::npos) << run.out;
  // Each with its learner's page (issue 20), signed for the server the demo starts.
  size_t links = 0;
  for (size_t at = run.out.find("learner's page -> http://127.0.0.1:8080/c/");
       at != std::string::npos; at = run.out.find("learner's page -> ", at + 1)) {
    ++links;
  }
  EXPECT_EQ(links, 7u) << run.out;
  // Each credential comes with its signed certificate PDF, which verifies, with the status of
  // the credential it embeds read from the demo's registry.
  const std::string verify = "verify --config " + Path("demo/pramaan.json") + " --registry " +
                             Path("demo/pramaan.sqlite") + " ";
  std::vector<fs::path> pdfs;
  for (const auto& entry : fs::directory_iterator(dir_ / "demo" / "credentials")) {
    if (entry.path().extension() != ".pdf") continue;
    pdfs.push_back(entry.path());
    const RunResult verified = Run(verify + entry.path().string());
    EXPECT_EQ(verified.exit_code, 0) << entry.path() << "\n" << verified.out;
    EXPECT_NE(verified.out.find("ok    status: neither revoked nor suspended"), std::string::npos)
        << verified.out;
    // The embedded credential goes through the same verdict as a credential file.
    EXPECT_NE(verified.out.find("ok    trust: "), std::string::npos) << verified.out;
    EXPECT_NE(verified.out.find("ok    supersession: "), std::string::npos) << verified.out;
  }
  ASSERT_EQ(pdfs.size(), 7u);
  // A revoked credential's certificate no longer verifies, though its PDF is untouched.
  const std::string id = pdfs.front().stem().string();
  ASSERT_EQ(Run("status revoke " + id + " --registry " + Path("demo/pramaan.sqlite") +
                " --reason 'awarded in error'")
                .exit_code,
            0);
  const RunResult revoked = Run(verify + pdfs.front().string());
  EXPECT_EQ(revoked.exit_code, 1) << revoked.out;
  // The registry knows why: the reason given to `status revoke` is in the check.
  EXPECT_NE(revoked.out.find("FAIL  status: revoked at "), std::string::npos) << revoked.out;
  EXPECT_NE(revoked.out.find(": awarded in error"), std::string::npos) << revoked.out;
}

}  // namespace
}  // namespace pramaan

namespace pramaan {
namespace {

// --- The verdict in `pramaan verify`: trust, status, supersession, validity. ---

class VerifyVerdictTest : public CliTest {
 protected:
  // The did:key of key file `name` (keys show).
  std::string DidOf(const std::string& name) const {
    const RunResult shown = Run("keys show " + Path(name));
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    auto json = ParseJson(shown.out);
    return json.ok() ? GetString(*json, "did") : "";
  }
  // Issues `record` (an examples/ file or a path) and returns the credential's short id.
  std::string Issue(const std::string& config, const std::string& record,
                    const std::string& extra = "") const {
    const RunResult issued = Run("issue --config " + config + " --registry " +
                                 Path("reg.sqlite") + " " + record + " --out " + Path("out") +
                                 " " + extra);
    EXPECT_EQ(issued.exit_code, 0) << issued.err;
    return issued.out.substr(0, issued.out.find('\t'));
  }
  std::string CredentialFile(const std::string& id) const { return Path("out/" + id + ".json"); }
  // `verify --json --registry --config` of `file`: the exit code and the report.
  std::pair<int, Json> VerifyJson(const std::string& config, const std::string& file) const {
    const RunResult verified = Run("verify --json --registry " + Path("reg.sqlite") +
                                   " --config " + config + " " + file);
    auto json = ParseJson(verified.out);
    EXPECT_TRUE(json.ok()) << verified.out << verified.err;
    return {verified.exit_code, json.ok() ? *json : Json()};
  }
  static const Json* CheckOf(const Json& report, const std::string& id) {
    for (const Json& check : report["checks"]) {
      if (check["id"] == id) return &check;
    }
    return nullptr;
  }
  // `credential` without its proof, issued by `issuer_did` (profile and name kept), signed by
  // key file `key`; written to `name`.
  void ResignAs(Json credential, const std::string& issuer_did, const std::string& key,
                const std::string& name, const std::string& config) const {
    credential.erase("proof");
    credential["issuer"]["id"] = issuer_did;
    Write(name + ".unsigned", DumpJson(credential, true));
    const RunResult signed_run =
        Run("sign --key " + Path(key) + " --config " + config + " " + Path(name + ".unsigned"));
    ASSERT_EQ(signed_run.exit_code, 0) << signed_run.err;
    Write(name, signed_run.out);
  }
};

TEST_F(VerifyVerdictTest, TrustFailsWhenSignedByAnotherDidKeyWithTheIssuersName) {
  const std::string config = MakeConfig();
  const std::string issuer_did = DidOf("issuer.key");
  ASSERT_EQ(Run("keys generate --out " + Path("other.key")).exit_code, 0);
  const std::string other_did = DidOf("other.key");
  const RunResult issued = Run("issue --config " + config + " " + kSource +
                               "/examples/completion.json --out " + Path("plain"));
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  const std::string id = issued.out.substr(0, issued.out.find('\t'));
  auto genuine = ParseJson(ReadFile(Path("plain/" + id + ".json")));
  ASSERT_TRUE(genuine.ok());
  ASSERT_EQ((*genuine)["issuer"]["name"], "Test Issuer");
  ResignAs(*genuine, other_did, "other.key", "forged.json", config);

  // With --config: the issuer's name is copied but its DID is not the configured issuer's.
  const RunResult verified = Run("verify --json --offline --config " + config + " " +
                                 Path("forged.json"));
  EXPECT_EQ(verified.exit_code, 1) << verified.out << verified.err;
  auto report = ParseJson(verified.out);
  ASSERT_TRUE(report.ok()) << verified.out;
  EXPECT_EQ((*report)["verified"], false);
  const Json* trust = CheckOf(*report, "trust");
  ASSERT_NE(trust, nullptr) << verified.out;
  EXPECT_EQ((*trust)["passed"], false);
  EXPECT_NE(GetString(*trust, "detail").find(other_did), std::string::npos) << verified.out;
  for (const char* passed : {"schema", "proof", "issuer"}) {
    EXPECT_EQ((*CheckOf(*report, passed))["passed"], true) << passed << verified.out;
  }
  // The genuine one passes trust with the same configuration.
  const RunResult genuine_run = Run("verify --json --offline --config " + config + " " +
                                    Path("plain/" + id + ".json"));
  EXPECT_EQ(genuine_run.exit_code, 0) << genuine_run.out << genuine_run.err;
  // --trusted-issuer (repeatable) is a trust list too.
  EXPECT_EQ(Run("verify --offline --trusted-issuer " + issuer_did + " " + Path("forged.json"))
                .exit_code,
            1);
  EXPECT_EQ(Run("verify --offline --trusted-issuer " + issuer_did + " --trusted-issuer " +
                other_did + " " + Path("forged.json"))
                .exit_code,
            0);
  EXPECT_EQ(Run("verify --offline --trusted-issuer not-a-did " + Path("forged.json")).exit_code,
            2);
  // A trusted_issuers member of the configuration trusts it as well.
  Write("trusting.json", R"({"base_url": "https://pramaan.example",
    "issuer": {"name": "Test Issuer"}, "signing_key": {"file": "issuer.key"},
    "trusted_issuers": [")" + other_did + R"("]})");
  EXPECT_EQ(Run("verify --offline --config " + Path("trusting.json") + " " + Path("forged.json"))
                .exit_code,
            0);
}

TEST_F(VerifyVerdictTest, WithoutATrustListTrustIsNotCheckedAndTheSignerIsNamed) {
  const std::string config = MakeConfig();
  ASSERT_EQ(Run("keys generate --out " + Path("other.key")).exit_code, 0);
  const std::string other_did = DidOf("other.key");
  const RunResult issued = Run("issue --config " + config + " " + kSource +
                               "/examples/completion.json --out " + Path("plain"));
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  const std::string id = issued.out.substr(0, issued.out.find('\t'));
  auto genuine = ParseJson(ReadFile(Path("plain/" + id + ".json")));
  ASSERT_TRUE(genuine.ok());
  ResignAs(*genuine, other_did, "other.key", "forged.json", config);

  const RunResult text = Run("verify --offline " + Path("forged.json"));
  EXPECT_EQ(text.exit_code, 0) << text.out << text.err;
  EXPECT_EQ(text.out.rfind("VALID", 0), 0u) << text.out;
  const size_t line = text.out.find("trust: ");
  ASSERT_NE(line, std::string::npos) << text.out;
  const std::string trust_line = text.out.substr(line, text.out.find('\n', line) - line);
  EXPECT_NE(trust_line.find(other_did), std::string::npos) << trust_line;
  EXPECT_NE(trust_line.find("not checked against a list of trusted issuers"), std::string::npos)
      << trust_line;
  const RunResult json_run = Run("verify --json --offline " + Path("forged.json"));
  auto report = ParseJson(json_run.out);
  ASSERT_TRUE(report.ok()) << json_run.out;
  EXPECT_EQ((*report)["verified"], true);
  EXPECT_EQ((*CheckOf(*report, "trust"))["checked"], false) << json_run.out;
  // Without a trust list the other checks still decide: a tampered credential fails.
  Json tampered = *ParseJson(ReadFile(Path("forged.json")));
  tampered["credentialSubject"]["name"] = "Mallory";
  Write("tampered.json", DumpJson(tampered, true));
  EXPECT_EQ(Run("verify --offline " + Path("tampered.json")).exit_code, 1);
}

TEST_F(VerifyVerdictTest, RegistryNamesTheFailedCheckOfSuspendedRevokedSupersededAndExpired) {
  const std::string config = MakeConfig();
  const std::string registry = Path("reg.sqlite");
  const std::string completion = Issue(config, kSource + "/examples/completion.json");
  const std::string qualification = Issue(config, kSource + "/examples/qualification.json");
  ASSERT_FALSE(completion.empty());
  ASSERT_FALSE(qualification.empty());
  {
    auto [code, report] = VerifyJson(config, CredentialFile(qualification));
    EXPECT_EQ(code, 0) << DumpJson(report, true);
    EXPECT_EQ(report["verified"], true);
    for (const char* id : {"trust", "status", "supersession"}) {
      ASSERT_NE(CheckOf(report, id), nullptr) << id;
      EXPECT_EQ((*CheckOf(report, id))["passed"], true) << id << DumpJson(report, true);
    }
  }
  // Suspended, with its reason.
  ASSERT_EQ(Run("status suspend " + qualification + " --registry " + registry +
                " --reason 'under investigation' --actor tester")
                .exit_code,
            0);
  {
    auto [code, report] = VerifyJson(config, CredentialFile(qualification));
    EXPECT_EQ(code, 1);
    EXPECT_EQ(report["verified"], false);
    const std::string detail = GetString(*CheckOf(report, "status"), "detail");
    EXPECT_EQ((*CheckOf(report, "status"))["passed"], false);
    EXPECT_EQ(detail.rfind("suspended", 0), 0u) << detail;
    EXPECT_NE(detail.find("under investigation"), std::string::npos) << detail;
  }
  // Revoked, with its reason.
  ASSERT_EQ(Run("status unsuspend " + qualification + " --registry " + registry +
                " --reason 'cleared' --actor tester")
                .exit_code,
            0);
  ASSERT_EQ(Run("status revoke " + qualification + " --registry " + registry +
                " --reason 'fraudulent award' --actor tester")
                .exit_code,
            0);
  {
    auto [code, report] = VerifyJson(config, CredentialFile(qualification));
    EXPECT_EQ(code, 1);
    EXPECT_EQ(report["verified"], false);
    const std::string detail = GetString(*CheckOf(report, "status"), "detail");
    EXPECT_EQ(detail.rfind("revoked", 0), 0u) << detail;
    EXPECT_NE(detail.find("fraudulent award"), std::string::npos) << detail;
    EXPECT_EQ((*CheckOf(report, "supersession"))["passed"], true);
  }
  // Superseded: reissued with a corrected name; the supersession check names the new one.
  Json corrected = testing::ReadJsonFile(kSource + "/examples/completion.json");
  corrected["learner"]["name"] = "Asha Varma";
  Write("corrected.json", DumpJson(corrected, false));
  const std::string replacement =
      Issue(config, Path("corrected.json"),
            "--replaces " + completion + " --reason 'name corrected' --actor registrar");
  ASSERT_FALSE(replacement.empty());
  ASSERT_NE(replacement, completion);
  {
    auto [code, report] = VerifyJson(config, CredentialFile(completion));
    EXPECT_EQ(code, 1);
    EXPECT_EQ(report["verified"], false);
    const Json* supersession = CheckOf(report, "supersession");
    ASSERT_NE(supersession, nullptr);
    EXPECT_EQ((*supersession)["passed"], false);
    EXPECT_EQ(GetString(*supersession, "detail"),
              "replaced by https://pramaan.example/credentials/" + replacement);
    EXPECT_NE(GetString(*CheckOf(report, "status"), "detail").find("name corrected"),
              std::string::npos);
    auto [new_code, new_report] = VerifyJson(config, CredentialFile(replacement));
    EXPECT_EQ(new_code, 0) << DumpJson(new_report, true);
  }
  // Expired: signed by the issuer with validUntil in the past.
  Json expired = testing::ReadJsonFile(CredentialFile(replacement));
  expired.erase("proof");
  expired.erase("credentialStatus");
  expired["id"] = "https://pramaan.example/credentials/expired-example";
  expired["validFrom"] = "2020-01-01T00:00:00Z";
  expired["validUntil"] = "2021-01-01T00:00:00Z";
  Write("expired.unsigned", DumpJson(expired, true));
  const RunResult signed_run =
      Run("sign --key " + Path("issuer.key") + " --config " + config + " " +
          Path("expired.unsigned"));
  ASSERT_EQ(signed_run.exit_code, 0) << signed_run.err;
  Write("expired.json", signed_run.out);
  {
    auto [code, report] = VerifyJson(config, Path("expired.json"));
    EXPECT_EQ(code, 1);
    EXPECT_EQ(report["verified"], false);
    const Json* validity = CheckOf(report, "validity");
    ASSERT_NE(validity, nullptr);
    EXPECT_EQ((*validity)["passed"], false);
    EXPECT_NE(GetString(*validity, "detail").find("expired at 2021-01-01T00:00:00Z"),
              std::string::npos);
    for (const char* id : {"schema", "proof", "issuer", "trust", "status", "supersession"}) {
      EXPECT_EQ((*CheckOf(report, id))["passed"], true) << id << DumpJson(report, true);
    }
  }
}

}  // namespace
}  // namespace pramaan
