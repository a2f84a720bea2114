// End-to-end tests of the real build/pramaan binary: exit codes, files written (or not), and
// the W3C vectors through the command line.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/json/json.h"
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
  std::string batch = ReadFile(kSource + "/examples/batch.jsonl");  // 4 valid records
  Json bad = *good;
  bad["learner"]["apaar_id"] = "12345";
  bad["source_record_id"] = "bad-apaar";
  batch += DumpJson(bad, false) + "\n";                           // line 5: invalid field
  batch += "{\"record_type\": \"ncvet_qualification\",\n";            // line 6: malformed
  Json twin = *good;
  twin["learner"]["name"] = "Someone Else";
  batch += DumpJson(*good, false) + "\n" + DumpJson(twin, false) + "\n";  // lines 7, 8
  Write("batch.jsonl", batch);
  const RunResult run = Run("issue --config " + config + " --registry " + Path("reg.sqlite") +
                            " " + Path("batch.jsonl") + " --out " + Path("out"));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("Issued:   5"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("Rejected: 3"), std::string::npos) << run.err;
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 5) << run.out;
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
  EXPECT_NE(rejected[5].find("apaar_id"), std::string::npos) << rejected[5];
  EXPECT_NE(rejected[6].find("batch.jsonl:6"), std::string::npos) << rejected[6];
  // Lines 7 and 8 are signed at once on different cores: whichever is stored first is issued.
  const std::string& twin_error = rejected.count(8) > 0 ? rejected[8] : rejected[7];
  EXPECT_NE(twin_error.find("from a different record"), std::string::npos) << rejects;
  EXPECT_EQ(FilesIn("out"), 6u);  // five credentials and the rejects file
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
  EXPECT_NE(run.out.find("6 of 6 issued credentials verified"), std::string::npos) << run.out;
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
  }
  ASSERT_EQ(pdfs.size(), 6u);
  // A revoked credential's certificate no longer verifies, though its PDF is untouched.
  const std::string id = pdfs.front().stem().string();
  ASSERT_EQ(Run("status revoke " + id + " --registry " + Path("demo/pramaan.sqlite") +
                " --reason 'awarded in error'")
                .exit_code,
            0);
  const RunResult revoked = Run(verify + pdfs.front().string());
  EXPECT_EQ(revoked.exit_code, 1) << revoked.out;
  EXPECT_NE(revoked.out.find("FAIL  status: revoked by its issuer"), std::string::npos)
      << revoked.out;
}

}  // namespace
}  // namespace pramaan
