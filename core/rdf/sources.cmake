# Sources of core/rdf, included by core/CMakeLists.txt.
set(PRAMAAN_RDF_SOURCES
  rdf/nquads.cc
  rdf/rdfc10.cc)
