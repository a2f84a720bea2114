// Certificate PDF in, verification report out: the PAdES signature, the signer's certificate,
// the embedded credential, and (optionally) the printed text.
//
// Check ids added here, stable like the credential's:
//   "pdf-signature"   exactly one signature; its /ByteRange [0 a b c] covers the whole file
//                     but its /Contents hex string (so an appended update or any changed byte
//                     fails); the CMS is a detached SignedData with one signer, SHA-256, a
//                     messageDigest equal to the byte range's digest, no signingTime
//                     attribute, and a signature that verifies with the included certificate;
//                     the parts of the CMS its signature does not cover (versions, algorithm
//                     identifiers, certificates) must hold the only values PAdES-B-B with
//                     SHA-256 allows, in DER, so that no byte of the file can change;
//   "pdf-certificate" the signer's certificate is one the operator trusts, or chains to one
//                     (as a CA); it is checked at the signature's claimed time (/M: PAdES-B-B
//                     has no trusted time), must be valid then, and its keyUsage, if any,
//                     must allow digitalSignature or nonRepudiation. The certificate is bound
//                     to the signature by the signed ESS signingCertificateV2 attribute;
//   "credential"      only when it fails: no embedded credential, or one that is not JSON or
//                     cannot be checked;
//   then the embedded credential's own checks ("schema", "proof", "issuer", "trust",
//                     "validity", "status", "supersession": the same verdict as a credential);
//   "printed-text"    with a PrintedTextChecker: the page shows the credential's facts; not
//                     checked (failed) unless "pdf-signature" and "pdf-certificate" passed.
#ifndef PRAMAAN_VERIFIER_PDF_VERIFIER_H_
#define PRAMAAN_VERIFIER_PDF_VERIFIER_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/json/json.h"
#include "core/pdf/pdf_document.h"
#include "core/result.h"
#include "verifier/credential_verifier.h"
#include "verifier/report.h"

namespace pramaan {

// Largest embedded credential read from a PDF (decoded).
inline constexpr size_t kMaxPdfCredentialBytes = 1u << 20;

// Says whether the page's text shows the credential's facts (verifier/printed_text.h reads it
// with poppler, core/pdf/page_text.h).
class PrintedTextChecker {
 public:
  virtual ~PrintedTextChecker() = default;
  // Returns the "printed-text" check for `document` against `credential` (the embedded
  // credential). VerifyCertificatePdf calls it only after "pdf-signature" and
  // "pdf-certificate" passed, so the bytes are the trusted signer's.
  virtual Check Compare(const pdf::PdfDocument& document, const Json& credential) const = 0;
};

struct PdfVerification {
  VerificationReport report;
  Json credential;  // the embedded credential, null if none could be read
};

// Verifies a certificate PDF. `trusted_certificates_pem` holds the document-signing
// certificates the operator trusts, each as PEM text (one or more certificates) or DER; the
// signer passes when its certificate equals one of them or chains to one acting as a CA.
// A tampered, unsigned, untrusted or damaged PDF is a normal answer: a report with failed
// checks (a damaged file fails "pdf-signature" with the reader's message). Fails only when
// the input is not a PDF at all (no "%PDF-" header and no "%%EOF" trailer: kInvalidInput),
// a trusted certificate cannot be read (kInvalidInput), or OpenSSL fails (kInternal).
// `printed` may be null; it must outlive the call, as must `credentials`.
Result<PdfVerification> VerifyCertificatePdf(std::string_view pdf_bytes,
                                             const std::vector<std::string>& trusted_certificates_pem,
                                             const CredentialVerifier& credentials,
                                             const PrintedTextChecker* printed = nullptr);

}  // namespace pramaan

#endif  // PRAMAAN_VERIFIER_PDF_VERIFIER_H_
