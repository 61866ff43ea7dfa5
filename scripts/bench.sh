#!/usr/bin/env bash
# scripts/bench.sh: runs every benchmark once, in full, and writes
# docs/benchmarks.md and docs/benchmarks-scaling.svg from that one run.
#
# Installs what is missing (scripts/deps.sh), builds in build/ the targets
# the benchmarks need, then runs them, keeping their raw output in
# build/bench-results/ (tests/bench/report.sh turns that folder into the
# document and the chart, and can be rerun on it alone):
#   bench-encode, bench-decode   errata vs cJSON vs jansson, 200,000 ops each
#   bench-render                 where the generator's time goes, 1k-100k entries
#   scaling-bench.sh             errata generate vs compile_et, 1k/10k/100k codes
#   http-bench.sh                petstore server and minimal-mhd vs bare-mhd under
#                                wrk, when the petstore server is built (else the
#                                document says so)
#   http-instr.sh                the same servers' instructions per request
#                                (callgrind), when valgrind is there
#
# The build type is debugoptimized (-O2 -g, asserts on), set explicitly:
# it is the project's default (meson.build), so these are the figures of
# the build the test suite checks and a from-source user gets; -g does not
# change the code generated, and a release build would mean reconfiguring
# and rebuilding build/ under everyone else's feet.
#
# It takes about twenty minutes on two cores, most of it compiling 100k
# entries of generated C (over 5 GiB of RAM). Run it on a quiet machine:
# the figures are wall times (the document records the load average).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
# shellcheck source=scripts/deps.sh
. scripts/deps.sh

# shellcheck disable=SC2119 # no packages beyond the list
errata_install_deps
errata_setup build -Dbuildtype=debugoptimized

# Only the targets the benchmarks run: a benchmark run must not depend on
# every other target of the tree compiling.
targets=(generator/errata tests/bench/bench-encode tests/bench/bench-decode
         tests/bench/render/bench-render tests/bench/http/bare-mhd tests/bench/http/minimal-mhd)
petstore=build/examples/petstore/petstore-server
if meson introspect build --targets | python3 -c '
import json, sys
sys.exit(0 if any(t["name"] == "petstore-server" for t in json.load(sys.stdin)) else 1)'; then
    targets+=(examples/petstore/petstore-server)
else
    petstore=
fi
meson compile -C build "${targets[@]}"

out=build/bench-results
rm -rf "$out"
mkdir -p "$out"

# The machine and the versions, for the document's header.
{
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "cores=$(nproc)"
    echo "memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "kernel=$(uname -sr)"
    echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "cc=$(cc --version | head -n 1)"
    echo "errata=$(build/generator/errata --version | head -n 1)"
    echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(
        git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "buildtype=$(meson introspect build --buildoptions | python3 -c '
import json, sys
print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "buildtype"))')"
    for pkg in libmicrohttpd-dev libcjson-dev libjansson-dev comerr-dev wrk gnuplot-nox; do
        echo "pkg.$pkg=$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null || echo 'not installed')"
    done
} >"$out/machine.txt"

echo "== bench-encode"
build/tests/bench/bench-encode | tee "$out/encode.txt"
echo "== bench-decode"
build/tests/bench/bench-decode | tee "$out/decode.txt"
echo "== bench-render"
build/tests/bench/render/bench-render | tee "$out/render.txt"
echo "== generator scaling vs compile_et"
CC=cc tests/bench/scaling/scaling-bench.sh --data "$out/scaling.dat" build/generator/errata \
    tests/bench/scaling/gen-catalog.py runtime/include 1000 10000 100000 | tee "$out/scaling.txt"
if [ -n "$petstore" ]; then
    echo "== HTTP: petstore server and minimal errata-mhd vs bare libmicrohttpd"
    tests/bench/http/http-bench.sh --data "$out/http.dat" "$petstore" \
        build/tests/bench/http/bare-mhd build/tests/bench/http/minimal-mhd 10 |
        tee "$out/http.txt"
    if command -v valgrind >/dev/null; then
        echo "== HTTP: instructions per request (callgrind)"
        tests/bench/http/http-instr.sh --data "$out/http-instr.dat" "$petstore" \
            build/tests/bench/http/bare-mhd build/tests/bench/http/minimal-mhd 1000 |
            tee "$out/http-instr.txt"
    fi
else
    echo "== HTTP: skipped, the petstore server is not built"
fi

echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
tests/bench/report.sh "$out" docs
echo "wrote docs/benchmarks.md and docs/benchmarks-scaling.svg"
