// Naming a byte of bad input in an error message, shared by the decoders in this folder.
#ifndef PRAMAAN_CORE_ENCODING_DESCRIBE_CHAR_H_
#define PRAMAAN_CORE_ENCODING_DESCRIBE_CHAR_H_

#include <string>

namespace pramaan::internal {

// Printable ASCII in quotes ("'0'"), anything else in hex ("byte 0xc3").
std::string DescribeChar(char c);

}  // namespace pramaan::internal

#endif  // PRAMAAN_CORE_ENCODING_DESCRIBE_CHAR_H_
