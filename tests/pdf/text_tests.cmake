# core/pdf/text.h: ToUnicode CMaps and content-stream text extraction. The test draws real
# certificates text with pango-cairo and inflates the PDF's streams itself (zlib), so it does
# not depend on the PDF reader.
pramaan_test(pdf_text_test ${CMAKE_CURRENT_LIST_DIR}/text_test.cc pramaan_core
             PkgConfig::CAIRO PkgConfig::PANGOCAIRO ZLIB::ZLIB)
target_compile_definitions(pdf_text_test PRIVATE
  PRAMAAN_TEXT_DATA_DIR="${CMAKE_CURRENT_LIST_DIR}/text_data")
