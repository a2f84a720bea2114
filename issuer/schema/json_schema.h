// A JSON Schema (draft 2020-12) validator for the subset of keywords our record schemas use.
//
// A schema that uses any other keyword is refused by Create, so a schema can never appear to
// enforce a rule that the validator silently ignores.
//
// Supported keywords: $schema, $id, $comment, title, description, default, examples,
// $defs, $ref (local "#/$defs/NAME" only), type (a name or an array of names), enum, const,
// properties, required, additionalProperties (boolean or schema), items, minItems, maxItems,
// uniqueItems, minLength, maxLength (counted in Unicode code points), pattern (ECMAScript
// syntax, searched anywhere in the string as JSON Schema requires), minimum, maximum,
// exclusiveMinimum, exclusiveMaximum, multipleOf, format ("date", "date-time", "email"),
// allOf, anyOf, oneOf, not, if/then/else.
#ifndef PRAMAAN_ISSUER_SCHEMA_JSON_SCHEMA_H_
#define PRAMAAN_ISSUER_SCHEMA_JSON_SCHEMA_H_

#include <memory>
#include <string>
#include <vector>

#include "core/json/json.h"
#include "core/result.h"

namespace pramaan {

// One way an instance fails its schema.
struct SchemaViolation {
  std::string path;     // dotted location in the instance, e.g. "learner.name", "course.competencies[2]"; "" for the root
  std::string message;  // e.g. "is required", "must be an integer from 1 to 8"
};

class JsonSchema {
 public:
  // Compiles `schema`. Fails with kInvalidInput naming the schema location of an unsupported
  // keyword, an invalid pattern, or an unresolvable $ref.
  static Result<JsonSchema> Create(const Json& schema);

  // Returns every violation of `instance`, in document order; empty when it is valid.
  std::vector<SchemaViolation> Validate(const Json& instance) const;

  // OK, or kInvalidInput with one sentence for the first violation: "learner.name is required".
  Status Check(const Json& instance) const;

 private:
  struct Node;
  explicit JsonSchema(std::shared_ptr<const Node> root) : root_(std::move(root)) {}
  std::shared_ptr<const Node> root_;
};

}  // namespace pramaan

#endif  // PRAMAAN_ISSUER_SCHEMA_JSON_SCHEMA_H_
