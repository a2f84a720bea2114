# The certificate PDF post-processor (issue 4): signs a PDF drawn with cairo in the test, checks
# it with pdfsig and pdfdetach (skipped, with the reason, when poppler-utils is missing), with
# OpenSSL's CMS code, our reader and the PDF verifier; and `pramaan keys certificate`.
pramaan_test(pdf_signer_test certificate/pdf_signer_test.cc pramaan_certificate pramaan_verifier
             pramaan_issuer pramaan_keys)
