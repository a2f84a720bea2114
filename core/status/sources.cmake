# Sources of core/status (W3C Bitstring Status List v1.0), included by core/CMakeLists.txt.
set(PRAMAAN_STATUS_SOURCES
  status/bitstring.cc
  status/free_index.cc
  status/status_entry.cc
  status/status_list_credential.cc)
