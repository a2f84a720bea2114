# The PDF reader (objects, cross-reference tables, streams, pages): shared by the certificate
# signer (issuer/certificate) and the PDF verifier.
list(APPEND PRAMAAN_PDF_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/pdf/pdf_object.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/pdf/pdf_document.cc)
