// Data files compiled into the binary by cmake/embed_files.cmake.
#ifndef PRAMAAN_CORE_CONTEXT_EMBEDDED_FILES_H_
#define PRAMAAN_CORE_CONTEXT_EMBEDDED_FILES_H_

#include <cstddef>
#include <string_view>

namespace pramaan::internal {

struct EmbeddedFile {
  std::string_view name;   // base name of the source file, e.g. "credentials-v2.jsonld"
  std::string_view bytes;  // its exact contents
};

struct EmbeddedFileSet {
  const EmbeddedFile* files;
  std::size_t count;
};

}  // namespace pramaan::internal

#endif  // PRAMAAN_CORE_CONTEXT_EMBEDDED_FILES_H_
