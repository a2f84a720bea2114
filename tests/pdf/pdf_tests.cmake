# The PDF reader (core/pdf): object syntax, cross-reference tables and updates, streams, pages,
# and hostile input (truncated, garbage, /Prev loops, huge /Length, deep nesting).
pramaan_test(pdf_document_test pdf/pdf_document_test.cc pramaan_core)
