#!/bin/sh
# run-fuzzer.sh TARGET SECONDS [WORKDIR]
#   Builds the libFuzzer target fuzz-TARGET (tests/fuzz/fuzz_TARGET.c with
#   address and undefined-behaviour sanitizers, everything it exercises
#   instrumented) and runs it for SECONDS over the seed corpus
#   tests/fuzz/corpus/TARGET/ and the dictionary tests/fuzz/TARGET.dict.
#   Exits non-zero when the build fails or the target crashes, leaks, hangs,
#   trips a sanitizer or reports a mismatch; the input is then in
#   WORKDIR/artifacts-TARGET/ (fix the bug, then add the input to
#   tests/fuzz/corpus/TARGET/ so that fuzz-TARGET-regressions keeps it). New
#   inputs the fuzzer finds go to WORKDIR/corpus-TARGET/, which later runs
#   start from.
# run-fuzzer.sh --probe
#   Exits 0 when clang can build libFuzzer targets here (Debian: the
#   libclang-rt-NN-dev package, scripts/deps.sh).
#
# The build: a meson build of this checkout with clang and -Dfuzz=true
# -Dtests=false in WORKDIR/clang, so meson's own lists of sources (the
# runtime, the generator, the templates and catalogs it embeds, the
# generated petstore) are the only ones; the targets are built there with
# `meson compile`. Runs started at once (meson test runs the fuzz-*-short
# tests in parallel) share it: setup and compile hold a lock.
# CLANG (default clang) may be set.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
clang=${CLANG:-clang}

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
if [ ! -f "$root/tests/fuzz/fuzz_$target.c" ]; then
    echo "run-fuzzer.sh: no target '$target' (tests/fuzz/fuzz_$target.c)" >&2
    exit 2
fi
if ! probe; then
    echo "run-fuzzer.sh: $clang cannot build libFuzzer targets (is libclang-rt-dev installed?)" >&2
    exit 1
fi
mkdir -p "$work/corpus-$target" "$work/artifacts-$target"
build=$work/clang

# Environment a surrounding `meson test` sets must not leak into this build.
unset MESON_BUILD_ROOT MESON_SOURCE_ROOT MESONINTROSPECT
echo "== building fuzz-$target in $build"
(
    flock 9
    if [ ! -f "$build/build.ninja" ]; then
        rm -rf "$build"
        CC=$clang meson setup "$build" "$root" -Dfuzz=true -Dtests=false -Dexamples=false \
            -Dbuildtype=debugoptimized >"$work/setup.log" 2>&1 ||
            { cat "$work/setup.log" >&2; exit 1; }
    fi
    # A build made before this target existed does not know it yet.
    if ! meson introspect "$build" --targets | grep -q "\"fuzz-$target\""; then
        meson setup --reconfigure "$build" "$root" >"$work/setup.log" 2>&1 ||
            { cat "$work/setup.log" >&2; exit 1; }
    fi
    meson compile -C "$build" "fuzz-$target" >"$work/compile-$target.log" 2>&1 ||
        { cat "$work/compile-$target.log" >&2; exit 1; }
) 9>"$work/.build-lock"

dict=
if [ -f "$root/tests/fuzz/$target.dict" ]; then
    dict=-dict=$root/tests/fuzz/$target.dict
fi
echo "== running fuzz-$target for ${seconds}s"
# libFuzzer exits 77 on a finding by default, which meson reads as "skipped":
# every finding exits 1 here. Inputs are capped at 8 KiB: past that the
# targets' work grows with size and each run slows down for nothing.
# shellcheck disable=SC2086 # $dict is one word or none
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/fuzz-$target" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -error_exitcode=1 -timeout_exitcode=1 -max_len=8192 \
    -print_final_stats=1 $dict -artifact_prefix="$work/artifacts-$target/" \
    "$work/corpus-$target" "$root/tests/fuzz/corpus/$target"
