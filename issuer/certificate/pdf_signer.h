// The certificate PDF post-processor: embeds the signed credential and adds a PAdES-B-B
// signature, in one incremental update appended to the PDF the renderer made.
#ifndef PRAMAAN_ISSUER_CERTIFICATE_PDF_SIGNER_H_
#define PRAMAAN_ISSUER_CERTIFICATE_PDF_SIGNER_H_

#include <string>
#include <string_view>

#include "core/result.h"
#include "issuer/certificate/document_signer.h"

namespace pramaan::certificate {

// MIME type of the embedded credential (the VC data model 2.0 media type).
inline constexpr std::string_view kCredentialMediaType = "application/vc+ld+json";
// Largest credential embedded: a credential is a few kilobytes.
inline constexpr size_t kMaxEmbeddedCredentialBytes = 1u << 20;

// Appends ONE incremental update (ISO 32000-1 section 7.5.6) to `pdf`, an unsigned PDF with
// classic cross-reference tables (as cairo writes it), and returns the whole signed file.
// The update adds, without touching a byte of the original:
//  - `credential_json` as an embedded file (/Type /EmbeddedFile, /Subtype
//    /application#2Fvc+ld+json, Flate-compressed) named `attachment_name` (/F and /UF) by a
//    file specification with /AFRelationship /Data, listed in the catalog's /AF array and its
//    /Names /EmbeddedFiles name tree (PDF 2.0 associated file, PDF/A-3 style);
//  - an /AcroForm (/SigFlags 3) with one signature field, an invisible widget on page 1;
//  - the signature dictionary (/Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached,
//    /M from `signing_time_rfc3339`), whose /ByteRange [0 a b c] covers the whole file but the
//    /Contents hex string, which holds DocumentSigner::SignDetachedCms of that byte range.
// Only the trailer, catalog and first page of `pdf` are read. Fails with kInvalidInput when
// `pdf` cannot be read, the name is empty, longer than 255 bytes or not printable ASCII, the
// credential is empty or over kMaxEmbeddedCredentialBytes, or the time is not RFC 3339;
// kUnsupported when `pdf` has no page, uses cross-reference streams, or already has a form,
// associated files or embedded files; kInternal if signing fails.
Result<std::string> SignCertificatePdf(std::string pdf, std::string_view credential_json,
                                       std::string_view attachment_name,
                                       const DocumentSigner& signer,
                                       std::string_view signing_time_rfc3339);

}  // namespace pramaan::certificate

#endif  // PRAMAAN_ISSUER_CERTIFICATE_PDF_SIGNER_H_
