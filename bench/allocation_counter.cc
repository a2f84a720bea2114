// In a file of its own: GCC's -Wmismatched-new-delete cannot tell a replaced operator delete
// that calls free from a real mismatch once the two are inlined into one caller.
#include "bench/allocation_counter.h"

#include <cstdlib>
#include <new>

namespace {
// Per thread and not atomic: a locked increment would cost about as much as the allocation.
thread_local std::size_t allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace pramaan::bench {

std::size_t AllocationCount() { return allocations; }

}  // namespace pramaan::bench
