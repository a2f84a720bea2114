# The certificate renderer (issue 4): templates/ laid out with cairo + pango, QR by libqrencode.
# The template data files are compiled into the library (like the JSON-LD contexts in core/) so
# a deployed binary needs no source tree; the font files they name are read at run time.
set(PRAMAAN_TEMPLATE_PATHS
  ${PRAMAAN_ROOT}/templates/course-completion.json
  ${PRAMAAN_ROOT}/templates/ncvet-qualification.json
  ${PRAMAAN_ROOT}/templates/scripts.json)
set(BUNDLED_TEMPLATES_CC ${CMAKE_CURRENT_BINARY_DIR}/bundled_templates_data.cc)
string(REPLACE ";" "|" PRAMAAN_TEMPLATE_PATHS_ARG "${PRAMAAN_TEMPLATE_PATHS}")
add_custom_command(
  OUTPUT ${BUNDLED_TEMPLATES_CC}
  COMMAND ${CMAKE_COMMAND} -DOUT=${BUNDLED_TEMPLATES_CC} -DFUNC=BundledTemplateFiles
          "-DFILES=${PRAMAAN_TEMPLATE_PATHS_ARG}"
          -P ${PRAMAAN_ROOT}/cmake/embed_files.cmake
  DEPENDS ${PRAMAAN_TEMPLATE_PATHS} ${PRAMAAN_ROOT}/cmake/embed_files.cmake
  VERBATIM
  COMMENT "Embedding certificate templates")

set(PRAMAAN_RENDER_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/template.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/renderer.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/qr.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/unhinted_font.cc
  ${BUNDLED_TEMPLATES_CC})
