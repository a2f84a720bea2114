# Sources of core/jsonld, included by core/CMakeLists.txt.
set(PRAMAAN_JSONLD_SOURCES
  jsonld/iri.cc
  jsonld/context.cc
  jsonld/expand.cc
  jsonld/to_rdf.cc)
