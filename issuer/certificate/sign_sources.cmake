# The certificate PDF post-processor: embedded credential and PAdES signature (issue 4).
list(APPEND PRAMAAN_PDF_SIGN_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/pdf_signer.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/document_signer.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/development_certificate.cc)
