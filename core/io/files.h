// Whole files in and out: reading an input (or standard input) with a size bound, and writing
// a file so that a crash never leaves it half-written.
#ifndef PRAMAAN_CORE_IO_FILES_H_
#define PRAMAAN_CORE_IO_FILES_H_

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pramaan {

inline constexpr std::size_t kMaxInputBytes = 256u << 20;  // far above any batch file a person makes by hand

// Reads a whole file, or standard input for "-". Fails with kNotFound or kInvalidInput
// (over kMaxInputBytes).
Result<std::string> ReadInput(const std::string& path_or_dash);

// Writes `bytes` to `path` so that a reader (or a crash) sees either the old file, nothing, or
// the whole new file: a new file is written unnamed (O_TMPFILE) and linked under its name once
// whole; an existing one (or where O_TMPFILE is missing) through a temporary file in the same
// directory (".{name}.XXXXXX") and a rename. With `sync` the bytes are on disk before the
// rename (so also a power cut cannot leave a partial file); without, the caller flushes later
// (syncfs) and must check the file after a power cut.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view bytes,
                           bool sync = true);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_IO_FILES_H_
