#!/bin/sh
# run-fuzzer.sh TARGET SECONDS [WORKDIR]
#   Builds tests/fuzz/fuzz_TARGET.c with clang and libFuzzer (address and
#   undefined-behaviour sanitizers, the whole runtime instrumented) and runs
#   it for SECONDS over the seed corpus tests/fuzz/corpus/TARGET/ and the
#   dictionary tests/fuzz/TARGET.dict. Exits non-zero when the build fails
#   or the target crashes, trips a sanitizer or reports a mismatch; the input
#   is then in WORKDIR/artifacts-TARGET/ (add it to the corpus once fixed,
#   so that fuzz-TARGET-regressions keeps it). New inputs the fuzzer finds go
#   to WORKDIR/corpus-TARGET/, which later runs start from.
# run-fuzzer.sh --probe
#   Exits 0 when clang can build libFuzzer targets here (Debian: the
#   libclang-rt-NN-dev package, scripts/deps.sh).
# CLANG (default clang) and PKG_CONFIG (default pkg-config) may be set.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
clang=${CLANG:-clang}
pkg_config=${PKG_CONFIG:-pkg-config}

probe() {
    dir=$(mktemp -d)
    printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
        >"$dir/probe.c"
    status=0
    "$clang" -fsanitize=fuzzer,address,undefined "$dir/probe.c" -o "$dir/probe" >/dev/null 2>&1 || status=1
    rm -rf "$dir"
    return $status
}

if [ "${1:-}" = --probe ]; then
    probe
    exit $?
fi
if [ $# -lt 2 ]; then
    echo "usage: run-fuzzer.sh TARGET SECONDS [WORKDIR] | --probe" >&2
    exit 2
fi
target=$1 seconds=$2 work=${3:-$root/build/fuzz}
if ! probe; then
    echo "run-fuzzer.sh: $clang cannot build libFuzzer targets (is libclang-rt-dev installed?)" >&2
    exit 1
fi
mkdir -p "$work/corpus-$target" "$work/artifacts-$target"

# The runtime as the library builds it (every file of runtime/src), with the
# target; jansson is the target's reference parser.
echo "== building fuzz_$target"
# shellcheck disable=SC2046
"$clang" -std=c99 -g -O1 -D_XOPEN_SOURCE=700 -Wall -Wextra \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -I"$root/runtime/include" $("$pkg_config" --cflags jansson) \
    "$root/tests/fuzz/fuzz_$target.c" "$root"/runtime/src/*.c \
    $("$pkg_config" --libs jansson) -o "$work/fuzz_$target"

dict=
if [ -f "$root/tests/fuzz/$target.dict" ]; then
    dict=-dict=$root/tests/fuzz/$target.dict
fi
echo "== running fuzz_$target for ${seconds}s"
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
# libFuzzer exits 77 on a finding by default, which meson reads as "skipped".
"$work/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -error_exitcode=1 -timeout_exitcode=1 -max_len=8192 -print_final_stats=1 $dict -artifact_prefix="$work/artifacts-$target/" \
    "$work/corpus-$target" "$root/tests/fuzz/corpus/$target"
