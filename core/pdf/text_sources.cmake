# Text extraction from page content streams (core/pdf/text.h), used by the verifier to read
# what a certificate prints. core/CMakeLists.txt sets PRAMAAN_PDF_SOURCES before including us.
list(APPEND PRAMAAN_PDF_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/pdf/text.cc)
