// UTF-8 as RFC 3629 defines it: shortest forms only, no surrogates, nothing above U+10FFFF.
#ifndef PRAMAAN_CORE_ENCODING_UTF8_H_
#define PRAMAAN_CORE_ENCODING_UTF8_H_

#include <cstddef>
#include <string_view>

namespace pramaan {

// The length of the UTF-8 sequence starting at text[i] (i < text.size()), or 0 when it is not
// a valid one.
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i);

// Whether all of `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_ENCODING_UTF8_H_
