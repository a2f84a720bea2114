// Result<T> and Status: errors as values.
//
// Fallible functions return Status (success or an Error) or Result<T> (a T or an Error).
// An Error carries a code that says whose fault it is (the caller's input, the system, or a
// bug) and one sentence for a person, naming the field or file at fault. Exceptions from
// third-party libraries are caught at the adapter that calls them and turned into Errors.
#ifndef PRAMAAN_CORE_RESULT_H_
#define PRAMAAN_CORE_RESULT_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace pramaan {

enum class ErrorCode {
  kInvalidInput,  // the caller's data or arguments are wrong (CLI exit 2)
  kNotFound,      // a named file, key, context or record does not exist (CLI exit 2)
  kPermission,    // a file's permissions or a passphrase are wrong (CLI exit 2)
  kUnsupported,   // well-formed but not something we implement (CLI exit 2)
  kConflict,      // right in itself, but not in the current state: a step already taken (exit 2)
  kTooLarge,      // the input is over a documented limit on the work it may cause (exit 2;
                  // HTTP 413)
  kInternal,      // a bug or a failing system call (CLI exit 3)
};

class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "context: message".
  Error WithContext(const std::string& context) const {
    return Error(code_, context + ": " + message_);
  }

 private:
  ErrorCode code_;
  std::string message_;
};

inline Error InvalidInput(std::string message) {
  return Error(ErrorCode::kInvalidInput, std::move(message));
}
inline Error NotFound(std::string message) {
  return Error(ErrorCode::kNotFound, std::move(message));
}
inline Error PermissionDenied(std::string message) {
  return Error(ErrorCode::kPermission, std::move(message));
}
inline Error Unsupported(std::string message) {
  return Error(ErrorCode::kUnsupported, std::move(message));
}
inline Error Conflict(std::string message) {
  return Error(ErrorCode::kConflict, std::move(message));
}
inline Error TooLarge(std::string message) {
  return Error(ErrorCode::kTooLarge, std::move(message));
}
inline Error Internal(std::string message) {
  return Error(ErrorCode::kInternal, std::move(message));
}

// A value of type T or an Error. Accessing value() of an error Result is a bug (asserts).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : data_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(data_); }

  const T& value() const& {
    assert(ok());
    return std::get<T>(data_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(data_));
  }
  const Error& error() const {
    assert(!ok());
    return std::get<Error>(data_);
  }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, Error> data_;
};

// Success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  static Status Ok() { return Status(); }

  bool ok() const { return !error_.has_value(); }
  const Error& error() const {
    assert(!ok());
    return *error_;
  }

 private:
  // Empty on success, so a success constructs and destroys no string (every step of
  // expansion and toRdf returns one).
  std::optional<Error> error_;
};

}  // namespace pramaan

#define PRAMAAN_CONCAT_INNER_(a, b) a##b
#define PRAMAAN_CONCAT_(a, b) PRAMAAN_CONCAT_INNER_(a, b)

// Returns the Error of a failed Status or Result from the enclosing function.
#define PRAMAAN_RETURN_IF_ERROR(expr)                                  \
  do {                                                                 \
    auto&& pramaan_status_ = (expr);                                   \
    if (!pramaan_status_.ok()) return pramaan_status_.error();         \
  } while (false)

// Evaluates a Result; on error returns its Error, else moves the value into `lhs`.
#define PRAMAAN_ASSIGN_OR_RETURN(lhs, expr) \
  PRAMAAN_ASSIGN_OR_RETURN_IMPL_(PRAMAAN_CONCAT_(pramaan_result_, __LINE__), lhs, expr)
#define PRAMAAN_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.error();                   \
  lhs = std::move(tmp).value()

#endif  // PRAMAAN_CORE_RESULT_H_
