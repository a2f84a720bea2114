// The input records Pramaan accepts, and their compiled-in JSON Schemas (schemas/*.schema.json).
#ifndef PRAMAAN_ISSUER_SCHEMA_RECORD_SCHEMAS_H_
#define PRAMAAN_ISSUER_SCHEMA_RECORD_SCHEMAS_H_

#include <string_view>

#include "core/context/embedded_files.h"
#include "core/json/json.h"
#include "core/result.h"

namespace pramaan {

enum class RecordKind {
  kCourseCompletion,     // "record_type": "course_completion"
  kNcvetQualification,   // "record_type": "ncvet_qualification"
};

// Returns the kind named by the record's "record_type" member. Fails with kInvalidInput if the
// record is not an object, lacks "record_type", or names an unknown kind.
Result<RecordKind> RecordKindOf(const Json& record);

// Validates `record` against the schema of its kind. Returns the kind, or kInvalidInput with
// one sentence naming the first field at fault ("learner.name is required").
Result<RecordKind> ValidateRecord(const Json& record);

}  // namespace pramaan

namespace pramaan::internal {
// The record schemas, schemas/*.schema.json, compiled in by cmake/embed_files.cmake (see
// issuer/CMakeLists.txt): validation loads them, and the CSV reader types cells by them.
EmbeddedFileSet RecordSchemaFiles();
}  // namespace pramaan::internal

#endif  // PRAMAAN_ISSUER_SCHEMA_RECORD_SCHEMAS_H_
