# The PDF reader (core/pdf): object syntax, cross-reference tables and updates, streams, pages,
# and hostile input (truncated, garbage, /Prev loops, huge /Length, deep nesting).
pramaan_test(pdf_document_test pdf/pdf_document_test.cc pramaan_core)
# Seeds and past crash inputs of the PDF fuzz target, replayed through its entry point.
pramaan_test(pdf_fuzz_replay_test ${CMAKE_CURRENT_LIST_DIR}/pdf_fuzz_replay_test.cc pramaan_pdf)
target_sources(pdf_fuzz_replay_test PRIVATE ${PRAMAAN_ROOT}/tests/fuzz/pdf_reader_entry.cc)
