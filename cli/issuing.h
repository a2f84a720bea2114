// Issuing records into a directory: shared by `pramaan issue` and `pramaan demo`.
#ifndef PRAMAAN_CLI_ISSUING_H_
#define PRAMAAN_CLI_ISSUING_H_

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time/clock.h"
#include "cli/certificates.h"
#include "issuer/config.h"
#include "store/registry.h"

namespace pramaan::cli {

struct IssuedFile {
  std::string credential_id;
  std::string source_record_id;
  std::filesystem::path path;
  std::filesystem::path pdf_path;  // empty when no certificate was made
};

// Issues every record in `input` (one JSON record, or JSON Lines) into `out_dir`: {id}.json,
// and {id}.pdf when `certificates` is given. Every record is validated and built before any is
// signed; if any is invalid (or two share a source_record_id) nothing is written and the error
// lists each bad record by line. Files are written into a staging directory inside `out_dir`
// and moved into place only when every credential and certificate of the batch was made, so a
// failure (a name no page can hold, a disk error) leaves no partial batch. With a `registry`,
// a record whose source_record_id it already holds is refused before anything is signed
// (the id of the earlier credential is named), and every credential is stored in it once its
// files are in place.
Result<std::vector<IssuedFile>> IssueToDirectory(const IssuerSetup& setup, const Clock& clock,
                                                 const std::string& input,
                                                 const std::filesystem::path& out_dir,
                                                 const CertificateMaker* certificates,
                                                 store::Registry* registry = nullptr);

}  // namespace pramaan::cli

#endif  // PRAMAAN_CLI_ISSUING_H_
