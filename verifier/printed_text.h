// The "printed-text" check of a certificate PDF: does the page say what the embedded
// credential says? Reads the page's text with poppler in raw order (core/pdf/page_text.h,
// which honours the fonts' ToUnicode maps and cairo's ActualText spans) and looks for the learner's name (in English and, when
// the credential has one, in the record's language), the achievement's name and the date as
// the templates print it ("1 November 2026").
#ifndef PRAMAAN_VERIFIER_PRINTED_TEXT_H_
#define PRAMAAN_VERIFIER_PRINTED_TEXT_H_

#include <string>

#include "core/pdf/pdf_document.h"
#include "core/result.h"
#include "verifier/pdf_verifier.h"

namespace pramaan {

// The text page `page_index` (0-based) shows, in content-stream order (pdf::PageTextInRawOrder).
Result<std::string> PageText(const pdf::PdfDocument& document, size_t page_index);

class CredentialTextChecker final : public PrintedTextChecker {
 public:
  // Passes when page 1 shows every fact; the detail names the first that is missing. Text is
  // compared without whitespace and bidi marks (pdf::ComparableText): a long name may wrap,
  // and scripts differ in where extraction puts spaces. Call only for a PDF whose signature
  // and signer certificate passed (VerifyCertificatePdf does so).
  Check Compare(const pdf::PdfDocument& document, const Json& credential) const override;
};

}  // namespace pramaan

#endif  // PRAMAAN_VERIFIER_PRINTED_TEXT_H_
