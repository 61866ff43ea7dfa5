#!/usr/bin/env bash
# http-bench.sh [--data FILE] PETSTORE_SERVER BARE_SERVER MINIMAL_SERVER [SECONDS]
#
# Three servers in the same run, with wrk: the petstore server (the
# example as shipped: token check, SQLite read, access log), bare-mhd (the
# same answers from a bare libmicrohttpd handler, bare_mhd.c) and
# minimal-mhd (errata-mhd answering the same bytes with no application
# around it, minimal_mhd.c). For the error route (GET /pets/999, a 404
# PET_NOT_FOUND) and the success route (GET /pets/1, a 200 pet): requests
# per second, p99 latency and the server's CPU time per request (its
# utime + stime from /proc/PID/stat over the run, divided by the requests
# wrk counted), then the ratios to bare-mhd. All get the reader token; pet
# 1 is created on each first (POST /pets with the writer token).
#
# Before timing, each route is fetched once on each server and must answer
# the expected status; the bytes of each answer are printed beside the
# figures, so that a body of another size than bare-mhd's shows. Each
# server gets a 1 s warm-up per route. SECONDS (default 10) is one wrk run
# per route and server; HTTP_BENCH_ROUNDS (default 3) such runs are made of
# each, and the medians reported. HTTP_BENCH_THREADS and
# HTTP_BENCH_CONNECTIONS set wrk's load (default 1 thread, 16 connections),
# HTTP_BENCH_SERVER_THREADS each server's MHD thread pool (default 4, the
# petstore's default).
#
# Output: a table (server, route, status, bytes, req/s, p99 ms, CPU us per
# request, socket errors summed over the rounds) and the ratios. --data
# FILE also writes one line per row:
#   server route status bytes req_per_s p99_ms socket_errors cpu_us_per_req
# with server one of petstore, bare, minimal. No speed is asserted: the
# exit status says whether every step worked. Until the petstore server is
# built, give bare-mhd in its place to test this.
set -euo pipefail
shopt -s inherit_errexit

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
bench_servers_args "http-bench.sh [--data FILE] PETSTORE_SERVER BARE_SERVER MINIMAL_SERVER [SECONDS]" "$@"
data=$bench_data
servers=("${bench_servers[@]}")
names=(petstore bare minimal)
seconds=${bench_last:-10}
rounds=${HTTP_BENCH_ROUNDS:-3}
command -v wrk >/dev/null || { echo "wrk not found" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'bench_stop_all; rm -rf "$tmp"' EXIT

routes=(error success)
declare -A path=([error]=/pets/999 [success]=/pets/1)
declare -A want=([error]=404 [success]=200)
declare -A port probe pid

for i in "${!names[@]}"; do
    name=${names[$i]}
    mkdir -p "$tmp/$name"
    port[$name]=$(bench_free_port)
    bench_start "${servers[$i]}" "${port[$name]}" "$tmp/$name" "$tmp/$name.log"
    pid[$name]=${bench_http_pids[-1]}
    bench_seed "${port[$name]}"
    for route in "${routes[@]}"; do
        probe[$name.$route]=$(bench_probe "${port[$name]}" "${path[$route]}" "${want[$route]}")
        bench_wrk "${port[$name]}" "${path[$route]}" 1 >/dev/null # warm-up
    done
done

# Rounds of: route by route, the servers one after the other, so that
# all see the machine in the same state; each figure is the median of its
# rounds, which keeps one disturbed run from deciding a ratio. The CPU
# time is the whole server's (every thread), read around the wrk run: it
# counts what the server spent answering, whatever else ran beside it.
: >"$tmp/runs"
for _ in $(seq "$rounds"); do
    for route in "${routes[@]}"; do
        for name in "${names[@]}"; do
            cpu_before=$(bench_cpu_ticks "${pid[$name]}")
            result=$(bench_wrk "${port[$name]}" "${path[$route]}" "$seconds")
            cpu_after=$(bench_cpu_ticks "${pid[$name]}")
            # requests duration rps p99 connect read write timeout non2xx
            read -r requests _ rps p99 c r w t _ <<<"$result"
            echo "$name $route $rps $p99 $((c + r + w + t)) $((cpu_after - cpu_before))" \
                "$requests" >>"$tmp/runs"
        done
    done
done
bench_stop_all

# server route status bytes median_rps median_p99 socket_errors median_cpu_us
: >"$tmp/rows"
for name in "${names[@]}"; do
    for route in "${routes[@]}"; do
        awk -v n="$name" -v r="$route" -v probe="${probe[$name.$route]}" \
            -v hz="$(getconf CLK_TCK)" '
            function median(a, k,   i, j, t) {
                for (i = 2; i <= k; i++)
                    for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
                        t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
                    }
                return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
            }
            $1 == n && $2 == r {
                k++; rps[k] = $3; p99[k] = $4; errors += $5
                cpu[k] = $7 > 0 ? $6 * 1e6 / hz / $7 : 0
            }
            END {
                printf "%s %s %s %.1f %.3f %d %.2f\n", n, r, probe, median(rps, k),
                    median(p99, k), errors, median(cpu, k)
            }
        ' "$tmp/runs" >>"$tmp/rows"
    done
done

awk -v s="$seconds" -v rounds="$rounds" -v c="${HTTP_BENCH_CONNECTIONS:-16}" \
    -v t="${HTTP_BENCH_THREADS:-1}" -v st="${HTTP_BENCH_SERVER_THREADS:-4}" '
    BEGIN {
        path["error"] = "GET /pets/999"; path["success"] = "GET /pets/1"
        printf "wrk: %d thread(s), %d connections; servers: %d MHD threads each;", t, c, st
        printf " median of %d rounds of %d s per route and server\n\n", rounds, s
        printf "%-8s %-8s %-14s %6s %6s %11s %9s %10s %7s\n", "server", "route", "request",
            "status", "bytes", "req/s", "p99 ms", "CPU us/req", "errors"
    }
    {
        printf "%-8s %-8s %-14s %6s %6s %11.1f %9.3f %10.2f %7d\n", $1, $2, path[$2], $3, $4,
            $5, $6, $8, $7
        rps[$1, $2] = $5; p99[$1, $2] = $6; cpu[$1, $2] = $8
    }
    END {
        print "\nagainst bare-mhd (req/s below 1 and p99 above 1: slower; CPU: us more per request):"
        split("error success", rs, " ")
        split("minimal petstore", ss, " ")
        for (i = 1; i <= 2; i++)
            for (j = 1; j <= 2; j++)
                if (rps["bare", rs[i]] > 0 && p99["bare", rs[i]] > 0)
                    printf "  %-8s %-8s req/s x%.2f  p99 x%.2f  CPU %+.2f us/req\n", ss[j],
                        rs[i], rps[ss[j], rs[i]] / rps["bare", rs[i]],
                        p99[ss[j], rs[i]] / p99["bare", rs[i]],
                        cpu[ss[j], rs[i]] - cpu["bare", rs[i]]
    }' "$tmp/rows"

if [ -n "$data" ]; then
    cp "$tmp/rows" "$data"
fi
