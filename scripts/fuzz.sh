#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] [TARGET...]
#   Runs every fuzz target (or the ones named) under libFuzzer for SECONDS
#   each (default 60), one after another, through tests/fuzz/run-fuzzer.sh:
#   a clang build with address and undefined-behaviour sanitizers in
#   build/fuzz/clang, the seed corpora of tests/fuzz/corpus/, and the
#   corpora earlier runs grew in build/fuzz/corpus-TARGET/. Installs what is
#   missing first (scripts/deps.sh), so it works from a fresh clone.
#
#   Prints a summary and exits non-zero when any target crashed, leaked,
#   hung or failed a check; its input is then in build/fuzz/artifacts-TARGET/
#   and the log in build/fuzz/TARGET.log. Fix the bug, then add the input
#   to tests/fuzz/corpus/TARGET/ so that fuzz-TARGET-regressions keeps it.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/deps.sh
. scripts/deps.sh

seconds=${1:-60}
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    targets=(json json_writer writer decode catalog mustache)
fi
case $seconds in
'' | *[!0-9]*)
    echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2
    exit 2
    ;;
esac

# shellcheck disable=SC2119 # no packages beyond scripts/deps.sh's
errata_install_deps
work=$PWD/build/fuzz
mkdir -p "$work"

# Files libFuzzer left in a target's artifacts folder (crashes, leaks, hangs).
artifacts() {
    if [ -d "$work/artifacts-$1" ]; then
        find "$work/artifacts-$1" -type f | wc -l
    else
        echo 0
    fi
}

declare -A result runs found
failed=0
for t in "${targets[@]}"; do
    echo "== fuzz-$t: ${seconds}s (log: build/fuzz/$t.log)"
    before=$(artifacts "$t")
    if tests/fuzz/run-fuzzer.sh "$t" "$seconds" "$work" >"$work/$t.log" 2>&1; then
        result[$t]=ok
    else
        result[$t]=FAILED
        failed=1
        tail -n 40 "$work/$t.log" >&2
    fi
    found[$t]=$(($(artifacts "$t") - before))
    runs[$t]=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -n 1 || true)
done

echo
printf '%-12s %-7s %12s  %s\n' target result runs "new findings"
for t in "${targets[@]}"; do
    printf '%-12s %-7s %12s  %s\n' "$t" "${result[$t]}" "${runs[$t]:--}" \
        "${found[$t]} (build/fuzz/artifacts-$t/)"
done
exit $failed
