#!/bin/sh
# Builds tests/fuzz/http_fuzz against an ordinary (GCC) build tree's libraries, instrumenting
# only api/ and the fuzz entry with clang (libFuzzer, ASan, UBSan): a fraction of the full
# PRAMAAN_FUZZ tree's compile time on a small machine. Coverage guidance and sanitizer checks
# then cover the HTTP handler; the libraries below it run uninstrumented (the full tree,
# `-DPRAMAAN_FUZZ=ON`, instruments everything).
#   tests/fuzz/build_http_fuzz_quick.sh [GCC_BUILD_DIR=build] [OUT_DIR=build-fuzz-http]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
gcc_build=$(cd "${1:-$root/build}" && pwd)
out=${2:-$root/build-fuzz-http}
mkdir -p "$out"
flags="-std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
       -fno-sanitize=vptr -I$root"
objects=""
for src in api/awarding_routes.cc api/registry_sources.cc api/digilocker.cc api/handler.cc \
           api/metrics.cc api/presentation_verifier.cc api/signed_link.cc \
           api/status_lists.cc api/verification_page.cc api/verified_cache.cc \
           tests/fuzz/http_request_entry.cc tests/fuzz/http_fuzz.cc; do
  obj="$out/$(echo "$src" | tr / _).o"
  if [ ! -f "$obj" ] || [ "$root/$src" -nt "$obj" ]; then
    echo "clang++ $src"
    # shellcheck disable=SC2086
    clang++ $flags -c "$root/$src" -o "$obj"
  fi
  objects="$objects $obj"
done
b=$gcc_build
# api/remote_status.cc (status lists fetched over the network; clang 14 cannot emit its
# coroutines with -g) comes uninstrumented from the GCC tree's libpramaan_api.a, which is
# listed after the instrumented objects so that only what they lack is taken from it.
# shellcheck disable=SC2086
clang++ -fsanitize=fuzzer,address,undefined -o "$out/http_fuzz" $objects \
  "$b/api/libpramaan_api.a" "$b/verifier/libpramaan_verifier.a" "$b/awarding/libpramaan_awarding.a" \
  "$b/issuer/libpramaan_issuance.a" "$b/issuer/libpramaan_issuer.a" "$b/keys/libpramaan_keys.a" \
  "$b/store/libpramaan_store.a" "$b/core/libpramaan_core.a" \
  -lsqlite3 -lpq -lsodium -lz -lssl -lcrypto -lexpat -lpthread
echo "$out/http_fuzz"
