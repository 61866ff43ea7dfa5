#!/usr/bin/env bash
# instr-smoke.sh BENCH_DECODE BENCH_ENCODE: both benchmarks, briefly, with
# the instructions/op column on; errata's rows must carry a number there
# (callgrind ran, --only found the implementation, the figures parsed).
set -euo pipefail
decode=$1 encode=$2
fail=0
check() { # check OUTPUT ROW
    if ! awk -v row="$2" '$1 == row && $(NF - 1) ~ /^[0-9]+$/ { found = 1 } END { exit !found }' \
        <<<"$1"; then
        echo "no instr/op figure for $2:" >&2
        echo "$1" >&2
        fail=1
    fi
}
out=$("$decode" 700)
check "$out" errata
check "$out" errata-404
out=$("$encode" 700)
check "$out" errata
# An unknown implementation is a usage error.
if "$decode" --only nosuch 10 2>/dev/null; then
    echo "--only nosuch was accepted" >&2
    fail=1
fi
exit $fail
