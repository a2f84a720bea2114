// BoundedBuffer: the bytes of one record (a JSON Lines line, a CSV row's cells) in a buffer
// that never grows past a limit fixed when it is made: growth is done by hand so that the
// capacity, not only the size, stays bounded, whatever the input.
#ifndef PRAMAAN_CORE_IO_BOUNDED_BUFFER_H_
#define PRAMAAN_CORE_IO_BOUNDED_BUFFER_H_

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

namespace pramaan {

class BoundedBuffer {
 public:
  explicit BoundedBuffer(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  // Appends `bytes`, or returns false (and appends nothing) if the buffer would be too long.
  bool Append(std::string_view bytes) {
    const std::size_t needed = bytes_.size() + bytes.size();
    if (needed > max_bytes_) return false;
    if (needed > bytes_.capacity()) {
      const std::size_t grown = std::max({needed, 2 * bytes_.capacity(), std::size_t{256}});
      bytes_.reserve(std::min(grown, max_bytes_));
      peak_ = std::max(peak_, bytes_.capacity());
    }
    bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
    return true;
  }
  bool Append(char byte) { return Append(std::string_view(&byte, 1)); }

  void Clear() { bytes_.clear(); }
  std::size_t size() const { return bytes_.size(); }
  std::size_t max_bytes() const { return max_bytes_; }
  std::string_view View(std::size_t begin, std::size_t end) const {
    return std::string_view(bytes_.data() + begin, end - begin);
  }
  std::string_view view() const { return View(0, bytes_.size()); }
  // The largest capacity it has had: the proof of bounded memory, for tests.
  std::size_t peak() const { return peak_; }

 private:
  std::size_t max_bytes_;
  std::vector<char> bytes_;
  std::size_t peak_ = 0;
};

}  // namespace pramaan

#endif  // PRAMAAN_CORE_IO_BOUNDED_BUFFER_H_
