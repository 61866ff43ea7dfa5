#!/usr/bin/env bash
# report.sh RESULTS DOCS: docs/benchmarks.md and docs/benchmarks-scaling.svg
# from the folder scripts/bench.sh filled (machine.txt, encode.txt,
# decode.txt, render.txt, scaling.dat and scaling.txt, http.dat when the
# HTTP benchmark ran). Every figure in the document is read from RESULTS,
# so the document describes one run; the prose around the figures states
# only what holds whatever the figures are.
set -euo pipefail
shopt -s inherit_errexit

if [ $# -ne 2 ]; then
    echo "usage: report.sh RESULTS DOCS" >&2
    exit 2
fi
res=$1 docs=$2
md=$docs/benchmarks.md
svg=$docs/benchmarks-scaling.svg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

machine() { # machine KEY: a value of machine.txt
    awk -v k="$1" 'index($0, k "=") == 1 { print substr($0, length(k) + 2); exit }' \
        "$res/machine.txt"
}

# runtime_table FILE [N]: the Nth table (default 1) of bench-encode's or
# bench-decode's output as Markdown (the name may hold spaces: the last four
# fields are the figures).
runtime_table() {
    echo "| implementation | ns/op | time vs errata | instructions/op | heap allocations/op |"
    echo "|---|---:|---:|---:|---:|"
    awk -v want="${2:-1}" '/^implementation/ { on = ++seen == want; next }
        on && NF == 0 { exit }
        on {
            name = $1
            for (i = 2; i <= NF - 4; i++) name = name " " $i
            printf "| %s | %s | %s | %s | %s |\n", name, $(NF - 3), $(NF - 2), $(NF - 1), $NF
        }' "$1"
}

body_bytes() { # the "body (N bytes)" line of bench-encode and bench-decode
    sed -n 's/^body (\([0-9]*\) bytes).*/\1/p' "$1"
}

# figure FILE N ROW COLUMN: one figure of the Nth table (COLUMN 1 ns/op,
# 2 the ratio, without its x, 3 instr/op, 4 allocs/op).
figure() {
    awk -v want="$2" -v row="$3" -v col="$4" '/^implementation/ { on = ++seen == want; next }
        on && NF == 0 { exit }
        on && $1 == row { v = $(NF - 4 + col); sub(/x$/, "", v); print v; exit }' "$1"
}

# target TEXT VALUE OP LIMIT: a row of the targets table, met or not.
target() {
    awk -v text="$1" -v v="$2" -v op="$3" -v lim="$4" 'BEGIN {
        ok = v != "" && v != "-" && (op == ">=" ? v + 0 >= lim + 0 : v + 0 <= lim + 0)
        printf "| %s | %s %s | %s | %s |\n", text, op, lim, (v == "" ? "-" : v),
            ok ? "met" : "**not met**" }'
}

# The runtime's targets (issue 13), each read off this run's tables.
targets_table() {
    local e=$res/encode.txt d=$res/decode.txt
    echo "| target | wanted | measured | |"
    echo "|---|---:|---:|---|"
    target "decode 429 body: cJSON's time / errata's" "$(figure "$d" 1 cJSON 2)" ">=" 4
    target "decode 404 body: cJSON's time / errata's" "$(figure "$d" 2 cJSON-404 2)" ">=" 4
    target "decode 429 body: errata instructions/op" "$(figure "$d" 1 errata 3)" "<=" 10000
    target "decode 404 body: errata instructions/op" "$(figure "$d" 2 errata-404 3)" "<=" 10000
    target "decode: errata heap allocations/op" "$(figure "$d" 1 errata 4)" "<=" 0
    target "encode: cJSON's time / errata's" "$(figure "$e" 1 cJSON 2)" ">=" 15
    target "encode: errata instructions/op (throw + write)" "$(figure "$e" 1 errata 3)" "<=" 2500
    target "encode: errata heap allocations/op" "$(figure "$e" 1 errata 4)" "<=" 0
}

body_404_bytes() { # the "body 404 (N bytes)" line of bench-decode
    sed -n 's/^body 404 (\([0-9]*\) bytes).*/\1/p' "$1"
}

# scaling.dat: N tool wall cpu rss c_bytes cc_wall cc_cpu cc_rss object
scaling_table() {
    echo "| N | tool | wall s | CPU s | peak RSS MiB | C written, bytes |" \
        "\`cc -O2\` wall s | \`cc -O2\` CPU s | \`cc\` peak RSS MiB | object bytes |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk '{ printf "| %d | %s | %.3f | %.3f | %.1f | %d | %.3f | %.3f | %.1f | %d |\n", $1, $2, $3,
                  $4, $5, $6, $7, $8, $9, $10 }' "$res/scaling.dat"
}

# Growth from each N to the next one ten times larger, per tool.
growth_table() {
    echo "| tool | N | wall | CPU | peak RSS | C written | \`cc -O2\` wall |" \
        "\`cc -O2\` CPU | object size |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    awk 'function r(a, b) { return b > 0 ? sprintf("x%.1f", a / b) : "-" }
        {
            t = $2
            if ((t in n) && $1 == 10 * n[t])
                printf "| %s | %d → %d | %s | %s | %s | %s | %s | %s | %s |\n", t, n[t], $1,
                    r($3, w[t]), r($4, c[t]), r($5, m[t]), r($6, b[t]), r($7, cw[t]), r($8, cc[t]),
                    r($10, o[t])
            n[t] = $1; w[t] = $3; c[t] = $4; m[t] = $5; b[t] = $6; cw[t] = $7; cc[t] = $8
            o[t] = $10
        }' "$res/scaling.dat"
}

http_section() {
    if [ ! -s "$res/http.dat" ]; then
        echo "**Not measured in this run: the petstore server (\`petstore-server\`,"
        echo "examples/petstore) was not built when it was made.** No figures are shown"
        echo "rather than figures of something else; run \`scripts/bench.sh\` again once"
        echo "it exists. \`tests/bench/http/http-bench.sh\` and the bare server are in"
        echo "place, and \`bench-http-smoke\` runs them (bare-mhd standing in for both)."
        return
    fi
    echo "$(sed -n 's/^wrk:/wrk:/p' "$res/http.txt")."
    echo
    echo "| route | server | status | body bytes | req/s | p99 ms | CPU us/request | socket errors |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
    # http.dat: server route status bytes req_per_s p99_ms socket_errors cpu_us_per_req
    awk 'BEGIN { order["bare"] = 1; order["minimal"] = 2; order["petstore"] = 3
                 label["bare"] = "bare-mhd"; label["minimal"] = "minimal-mhd (errata-mhd)"
                 label["petstore"] = "petstore-server (as shipped)" }
         { path = $2 == "error" ? "`GET /pets/999`" : "`GET /pets/1`"
           printf "%s%d| %s %s | %s | %s | %s | %.0f | %.2f | %.2f | %d |\n",
                  $2 == "error" ? "a" : "b", order[$1], $2, path, label[$1], $3, $4, $5, $6,
                  $8, $7 }' "$res/http.dat" | sort | cut -c3-
    echo
    echo "| route | server | req/s vs bare-mhd | p99 vs bare-mhd | CPU us/request over bare-mhd |"
    echo "|---|---|---:|---:|---:|"
    awk '{ rps[$1, $2] = $5; p99[$1, $2] = $6; cpu[$1, $2] = $8 }
        END {
            split("error success", rs, " ")
            split("minimal petstore", ss, " ")
            for (i = 1; i <= 2; i++)
                for (j = 1; j <= 2; j++)
                    if (rps["bare", rs[i]] > 0 && p99["bare", rs[i]] > 0)
                        printf "| %s | %s | %.2f | %.2f | %+.2f |\n", rs[i], ss[j],
                            rps[ss[j], rs[i]] / rps["bare", rs[i]],
                            p99[ss[j], rs[i]] / p99["bare", rs[i]],
                            cpu[ss[j], rs[i]] - cpu["bare", rs[i]]
        }' "$res/http.dat"
    echo
    echo "### The HTTP targets"
    echo
    echo "| target | wanted | measured | |"
    echo "|---|---:|---:|---|"
    awk '{ rps[$1, $2] = $5; cpu[$1, $2] = $8 }
        function row(what, op, want, got) {
            met = op == ">=" ? got >= want : got <= want
            printf "| %s | %s %s | %.2f | %s |\n", what, op, want, got, met ? "met" : "**not met**"
        }
        END {
            if (rps["bare", "error"] <= 0)
                exit
            row("error route: minimal-mhd req/s / bare-mhd req/s", ">=", 0.95,
                rps["minimal", "error"] / rps["bare", "error"])
            row("error route: CPU us/request errata-mhd adds (minimal-mhd - bare-mhd)", "<=", 0.4,
                cpu["minimal", "error"] - cpu["bare", "error"])
            row("error route: petstore-server req/s / bare-mhd req/s", ">=", 0.8,
                rps["petstore", "error"] / rps["bare", "error"])
        }' "$res/http.dat"
}

# Instructions per request (http-instr.sh, callgrind), when valgrind ran.
http_instr_section() {
    if [ ! -s "$res/http-instr.dat" ]; then
        echo "Not counted in this run (valgrind was not there)."
        return
    fi
    echo "$(sed -n 's/^callgrind:/callgrind:/p' "$res/http-instr.txt")."
    echo
    echo "| route | server | instructions/request | over bare-mhd |"
    echo "|---|---|---:|---:|"
    # http-instr.dat: server route instructions_per_request
    awk '{ ir[$1, $2] = $3 }
        END {
            split("error success", rs, " ")
            split("bare minimal petstore", ss, " ")
            label["bare"] = "bare-mhd"; label["minimal"] = "minimal-mhd (errata-mhd)"
            label["petstore"] = "petstore-server (as shipped)"
            for (i = 1; i <= 2; i++)
                for (j = 1; j <= 3; j++)
                    printf "| %s | %s | %d | %+d |\n", rs[i], label[ss[j]], ir[ss[j], rs[i]],
                        ir[ss[j], rs[i]] - ir["bare", rs[i]]
        }' "$res/http-instr.dat"
}

chart() {
    awk '$2 == "errata"' "$res/scaling.dat" >"$tmp/errata.dat"
    awk '$2 == "compile_et"' "$res/scaling.dat" >"$tmp/compile_et.dat"
    gnuplot <<EOF
set terminal svg size 960,430 font "sans,12" background rgb "white" noenhanced
set output "$svg"
set multiplot layout 1,2 title "errata generate vs compile_et, N error codes ($(machine cpu), $(machine date))"
set logscale xy
set grid
set key top left box opaque
set xlabel "entries in the catalog (N)"
set format x "%.0s%c"
set xrange [$(awk 'NR == 1 || $1 < lo { lo = $1 } $1 > hi { hi = $1 }
                   END { print lo * 0.7 ":" hi * 1.4 }' "$res/scaling.dat")]
set ylabel "wall time (s)"
plot "$tmp/errata.dat" using 1:3 with linespoints lw 2 pt 7 lc rgb "#c0392b" title "errata generate", \
     "$tmp/compile_et.dat" using 1:3 with linespoints lw 2 pt 5 lc rgb "#2471a3" title "compile_et", \
     "$tmp/errata.dat" using 1:7 with linespoints dt 2 pt 6 lc rgb "#c0392b" title "cc -O2 of its C", \
     "$tmp/compile_et.dat" using 1:7 with linespoints dt 2 pt 4 lc rgb "#2471a3" title "cc -O2 of its C"
set ylabel "peak resident set (MiB)"
plot "$tmp/errata.dat" using 1:5 with linespoints lw 2 pt 7 lc rgb "#c0392b" title "errata generate", \
     "$tmp/compile_et.dat" using 1:5 with linespoints lw 2 pt 5 lc rgb "#2471a3" title "compile_et", \
     "$tmp/errata.dat" using 1:9 with linespoints dt 2 pt 6 lc rgb "#c0392b" title "cc -O2 of its C", \
     "$tmp/compile_et.dat" using 1:9 with linespoints dt 2 pt 4 lc rgb "#2471a3" title "cc -O2 of its C"
unset multiplot
EOF
}

# Per entry at the largest N, for each tool: what one more error costs.
per_entry_table() {
    echo "| tool | C written, bytes/entry | object bytes/entry | tool's peak RSS, KiB/entry |"
    echo "|---|---:|---:|---:|"
    awk '$1 > max { max = $1 } { row[$1, $2] = $0 }
        END {
            split("errata compile_et", ts, " ")
            for (i = 1; i <= 2; i++) {
                split(row[max, ts[i]], f, " ")
                printf "| %s (N = %d) | %.0f | %.0f | %.2f |\n", ts[i], max, f[6] / max,
                    f[10] / max, f[5] * 1024 / max
            }
        }' "$res/scaling.dat"
}

chart
# shellcheck source-path=SCRIPTDIR source=report-doc.sh
. "$(dirname "$0")/report-doc.sh"
write_doc >"$md"
