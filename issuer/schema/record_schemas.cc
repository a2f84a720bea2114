#include "issuer/schema/record_schemas.h"

#include <cstddef>
#include <string>
#include <string_view>

#include "core/context/embedded_files.h"
#include "issuer/schema/json_schema.h"

namespace pramaan {
namespace {

constexpr std::string_view kCourseCompletionType = "course_completion";
constexpr std::string_view kNcvetQualificationType = "ncvet_qualification";

// The schemas are our own files, compiled in: failing to load one is a bug, not bad input.
Result<JsonSchema> LoadSchema(std::string_view file_name) {
  const internal::EmbeddedFileSet files = internal::RecordSchemaFiles();
  for (std::size_t i = 0; i < files.count; ++i) {
    if (files.files[i].name != file_name) continue;
    const std::string_view bytes = files.files[i].bytes;
    Json schema;
    try {
      schema = Json::parse(bytes.begin(), bytes.end());
    } catch (const Json::exception& e) {
      return Internal("embedded schema " + std::string(file_name) + " is not JSON: " + e.what());
    }
    Result<JsonSchema> compiled = JsonSchema::Create(schema);
    if (!compiled.ok()) {
      return Internal("embedded schema " + std::string(file_name) +
                      " does not compile: " + compiled.error().message());
    }
    return compiled;
  }
  return Internal("schema " + std::string(file_name) + " is not compiled in");
}

// Each schema is compiled once, on first use; function-local statics make that thread-safe.
const Result<JsonSchema>& CourseCompletionSchema() {
  static const Result<JsonSchema> schema = LoadSchema("course-completion.schema.json");
  return schema;
}

const Result<JsonSchema>& NcvetQualificationSchema() {
  static const Result<JsonSchema> schema = LoadSchema("ncvet-qualification.schema.json");
  return schema;
}

const Result<JsonSchema>& SchemaOf(RecordKind kind) {
  return kind == RecordKind::kCourseCompletion ? CourseCompletionSchema()
                                               : NcvetQualificationSchema();
}

}  // namespace

Result<RecordKind> RecordKindOf(const Json& record) {
  if (!record.is_object()) return InvalidInput("record must be an object");
  const auto it = record.find("record_type");
  if (it == record.end()) return InvalidInput("record_type is required");
  if (!it->is_string()) return InvalidInput("record_type must be a string");
  const std::string& type = it->get_ref<const std::string&>();
  if (type == kCourseCompletionType) return RecordKind::kCourseCompletion;
  if (type == kNcvetQualificationType) return RecordKind::kNcvetQualification;
  return InvalidInput("record_type must be one of: " + std::string(kCourseCompletionType) + ", " +
                      std::string(kNcvetQualificationType));
}

Result<RecordKind> ValidateRecord(const Json& record) {
  PRAMAAN_ASSIGN_OR_RETURN(const RecordKind kind, RecordKindOf(record));
  const Result<JsonSchema>& schema = SchemaOf(kind);
  if (!schema.ok()) return schema.error();
  PRAMAAN_RETURN_IF_ERROR(schema->Check(record));
  return kind;
}

}  // namespace pramaan
