// Counts calls to the global operator new of the program that links allocation_counter.cc,
// which replaces the allocation functions with counting ones that take memory from malloc
// (mimalloc when the build links it), as the default ones do. For benchmarks only.
#ifndef PRAMAAN_BENCH_ALLOCATION_COUNTER_H_
#define PRAMAAN_BENCH_ALLOCATION_COUNTER_H_

#include <cstddef>

namespace pramaan::bench {

// Calls to operator new (and new[]) made by the calling thread since it started.
std::size_t AllocationCount();

}  // namespace pramaan::bench

#endif  // PRAMAAN_BENCH_ALLOCATION_COUNTER_H_
