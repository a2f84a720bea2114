# Certificate PDFs: PAdES signature, signer certificate and embedded credential (issue 4).
list(APPEND PRAMAAN_PDF_VERIFIER_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/pdf_verifier.cc)
