# Every libFuzzer target, as NAME:LIBRARY[:LIBRARY...]; NAME.cc is its source. Each parser
# that reads outside bytes has one (issue 17).
set(PRAMAAN_FUZZ_TARGETS
  jsonld_fuzz:pramaan_core
  nquads_fuzz:pramaan_core
  json_differential_fuzz:pramaan_core
  csv_fuzz:pramaan_core
  digilocker_xml_fuzz:pramaan_api
  bulk_entries_fuzz:pramaan_api
  multipart_fuzz:pramaan_api
  pdf_fuzz:pramaan_pdf)
