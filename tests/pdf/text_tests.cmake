# core/pdf/page_text.h: a page's text through poppler in raw order. The test wraps content
# streams and ToUnicode CMaps in one-page PDFs, and draws real certificate text with
# pango-cairo.
pramaan_test(pdf_text_test ${CMAKE_CURRENT_LIST_DIR}/text_test.cc pramaan_pdf_text pramaan_pdf
             PkgConfig::CAIRO PkgConfig::PANGOCAIRO ZLIB::ZLIB)
target_compile_definitions(pdf_text_test PRIVATE
  PRAMAAN_TEXT_DATA_DIR="${CMAKE_CURRENT_LIST_DIR}/text_data")
