#!/usr/bin/env bash
# scaling-bench.sh [--data FILE] ERRATA GEN_CATALOG RUNTIME_INCLUDE N...
#
# How the generator scales with the size of a catalog, against com_err's
# compile_et on the same codes. For each N, gen-catalog.py writes a catalog
# of N errors and the equivalent .et table; then, for errata and for
# compile_et:
#   - the tool's wall time, CPU time (user + system) and peak RSS
#     (/usr/bin/time %M: the largest resident set of the process or any
#     child it waited for, which for compile_et, a shell script, is its
#     awk);
#   - the bytes of C it wrote (.c + .h);
#   - `cc -c -O2` of the C it wrote: the same three, and the object's size
#     (text + data + bss, from size(1)).
# CPU time is there because wall time is only the cost on a quiet machine:
# other load stretches it, and CPU time much less. Runs that take under a
# second are repeated (up to 10 times, or until two seconds are spent) and
# the lowest wall and CPU times kept, so that process start-up and other
# load do not dominate small N. Then, for every N that is ten times the
# previous one, the growth factor of each figure: 10 means linear.
#
# errata's C is compiled with -std=c99 -Wall -Wextra -Wpedantic -Werror
# (what the project promises for generated code), compile_et's with -O2
# alone (it is not warning-clean and makes no such promise).
#
# --data FILE also writes one line per N and tool, for scripts/bench.sh:
#   N tool wall_s cpu_s rss_mib c_bytes cc_wall_s cc_cpu_s cc_rss_mib object_bytes
# No timing is asserted; the exit status says whether every step worked.
# Environment: CC (default cc), PYTHON (default python3), SCALING_MAX_RUNS
# (the most runs of one step, default 10; the smoke test uses 1).
set -euo pipefail
shopt -s inherit_errexit

data=
if [ "${1:-}" = --data ]; then
    data=$2
    shift 2
fi
if [ $# -lt 4 ]; then
    echo "usage: scaling-bench.sh [--data FILE] ERRATA GEN_CATALOG RUNTIME_INCLUDE N..." >&2
    exit 2
fi
errata=$1 gen=$2 include=$3
shift 3
cc=${CC:-cc}
python=${PYTHON:-python3}
command -v compile_et >/dev/null || { echo "compile_et not found (comerr-dev)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found (package time)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure CMD...: runs CMD, prints "WALL_S CPU_S RSS_KIB": the lowest wall
# and CPU times of the repeated runs (see above), the highest RSS. Times
# come from bash's `time` (getrusage: microseconds, where /usr/bin/time
# rounds CPU time to 10 ms), the RSS from /usr/bin/time. CMD's output goes
# to $tmp/out; on failure it is shown and the script stops.
measure() {
    local TIMEFORMAT='%3R %3U %3S' best='' cpu='' rss=0 runs=0 spent=0 times
    while :; do
        if ! { time /usr/bin/time -f '%M' -o "$tmp/rss" "$@" >"$tmp/out" 2>&1; } \
                2>"$tmp/times"; then
            echo "failed: $*" >&2
            cat "$tmp/out" >&2
            return 1
        fi
        runs=$((runs + 1))
        times=$(awk -v t="$(cat "$tmp/times")" -v m="$(tail -n 1 "$tmp/rss")" \
                    -v best="$best" -v cpu="$cpu" -v rss="$rss" -v spent="$spent" 'BEGIN {
            split(t, f, " "); c = f[2] + f[3]
            if (best == "" || f[1] < best) best = f[1]
            if (cpu == "" || c < cpu) cpu = c
            printf "%.3f %.3f %d %.3f\n", best, cpu, (m > rss ? m : rss), spent + f[1] }')
        read -r best cpu rss spent <<<"$times"
        if awk -v s="$spent" -v r="$runs" -v m="${SCALING_MAX_RUNS:-10}" \
                'BEGIN { exit !(s >= 2 || r >= m) }'; then
            break
        fi
    done
    echo "$best $cpu $rss"
}

# object_bytes OBJ: text + data + bss (size's "dec" column).
object_bytes() {
    size "$1" | awk 'NR == 2 { print $4 }'
}

# run_tool N TOOL DIR OUTDIR: the tool, then cc on what it wrote; appends
# the row to $tmp/rows.
run_tool() {
    local n=$1 tool=$2 dir=$3 out=$4 tool_m cc_m src obj
    if [ "$tool" = errata ]; then
        # A fresh output folder each run: errata skips files whose content
        # did not change, and the benchmark wants the writes too.
        # shellcheck disable=SC2016 # expanded by the inner sh
        tool_m=$(measure sh -c 'rm -rf "$1" && exec "$2" generate "$3" -o "$1"' \
            sh "$out" "$errata" "$dir/bench.yaml")
        src=$out/bench_errors.c
        cc_m=$(measure "$cc" -c -O2 -std=c99 -Wall -Wextra -Wpedantic -Werror \
            -I "$include" -I "$out" "$src" -o "$out/bench_errors.o")
        obj=$out/bench_errors.o
    else
        mkdir -p "$out"
        # shellcheck disable=SC2016 # expanded by the inner sh
        tool_m=$(measure sh -c 'cd "$1" && rm -f bench.c bench.h && exec compile_et "$2"' \
            sh "$out" "$dir/bench.et")
        src=$out/bench.c
        cc_m=$(measure "$cc" -c -O2 -I "$out" "$src" -o "$out/bench.o")
        obj=$out/bench.o
    fi
    local c_bytes wall cpu rss cc_wall cc_cpu cc_rss
    c_bytes=$(cat "$out"/*.c "$out"/*.h | wc -c)
    read -r wall cpu rss <<<"$tool_m"
    read -r cc_wall cc_cpu cc_rss <<<"$cc_m"
    awk -v n="$n" -v t="$tool" -v w="$wall" -v c="$cpu" -v r="$rss" -v b="$c_bytes" \
        -v cw="$cc_wall" -v cc="$cc_cpu" -v cr="$cc_rss" -v o="$(object_bytes "$obj")" 'BEGIN {
            printf "%s %s %.3f %.3f %.1f %d %.3f %.3f %.1f %d\n", n, t, w, c, r / 1024, b,
                cw, cc, cr / 1024, o }' >>"$tmp/rows"
}

: >"$tmp/rows"
for n in "$@"; do
    dir=$tmp/n$n
    "$python" "$gen" "$n" "$dir"
    run_tool "$n" errata "$dir" "$dir/errata"
    run_tool "$n" compile_et "$dir" "$dir/com_err"
    rm -rf "$dir" # 100k leaves a few hundred MB
done

awk 'BEGIN {
        printf "%7s  %-10s %8s %7s %8s %10s %9s %8s %8s %10s\n", "N", "tool", "wall s",
            "CPU s", "RSS MiB", "C bytes", "cc wall s", "cc CPU s", "cc MiB", "object B"
    }
    { printf "%7d  %-10s %8.3f %7.3f %8.1f %10d %9.3f %8.3f %8.1f %10d\n", $1, $2, $3, $4, $5,
             $6, $7, $8, $9, $10 }
' "$tmp/rows"

echo
echo "growth per 10x entries (10 = linear):"
awk '{
        k = $2
        if (k in prev_n && $1 == 10 * prev_n[k])
            printf "  %-10s %6d -> %-6d wall x%-5.1f CPU x%-5.1f RSS x%-5.1f C x%-5.1f" \
                   " cc wall x%-5.1f cc CPU x%-5.1f object x%.1f\n",
                k, prev_n[k], $1, ratio($3, w[k]), ratio($4, c[k]), ratio($5, r[k]),
                ratio($6, b[k]), ratio($7, cw[k]), ratio($8, cc[k]), ratio($10, o[k])
        prev_n[k] = $1; w[k] = $3; c[k] = $4; r[k] = $5; b[k] = $6; cw[k] = $7; cc[k] = $8
        o[k] = $10
    }
    function ratio(a, b) { return b > 0 ? a / b : 0 }' "$tmp/rows"

if [ -n "$data" ]; then
    cp "$tmp/rows" "$data"
fi
