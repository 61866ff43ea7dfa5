#!/usr/bin/env bash
# soak-test.sh SERVER: a server under steady load neither fails requests
# nor grows. Not a speed test: nothing here depends on how fast it is.
#
# Starts SERVER as http-bench.sh does (petstore command line, fresh
# database, rate limit out of the way), seeds pet 1, then runs wrk against
# the error route (GET /pets/999) and the success route (GET /pets/1) at
# the same time for SOAK_SECONDS (default 10), and checks, as TAP:
#   - no socket errors (connect, read, write, timeout) on either route;
#   - every answer on the error route is a 4xx/5xx and none on the
#     success route is (wrk counts statuses outside 2xx/3xx);
#   - the server's resident set (VmRSS) at the end is less than
#     SOAK_RSS_MIB (default 2) MiB above what it was after 2 s of load,
#     when connections, caches and pools have reached their working size:
#     what grows after that grows per request, which a long-running
#     server cannot afford.
set -euo pipefail
shopt -s inherit_errexit

if [ $# -ne 1 ]; then
    echo "usage: soak-test.sh SERVER" >&2
    exit 2
fi
server=$1
seconds=${SOAK_SECONDS:-10}
bound_kib=$((${SOAK_RSS_MIB:-2} * 1024))
command -v wrk >/dev/null || { echo "1..0 # SKIP wrk not found"; exit 0; }

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'bench_stop_all; rm -rf "$tmp"' EXIT

echo "1..5"
n=0
fails=0
tap() { # tap OK|FAIL DESCRIPTION
    n=$((n + 1))
    if [ "$1" = OK ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        fails=$((fails + 1))
    fi
}

rss_kib() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

port=$(bench_free_port)
bench_start "$server" "$port" "$tmp" "$tmp/server.log"
pid=${bench_http_pids[-1]}
bench_seed "$port"
bench_probe "$port" /pets/999 404 >/dev/null
bench_probe "$port" /pets/1 200 >/dev/null
tap OK "$(basename "$server") started on port $port, pet 1 seeded, both routes answer"

bench_wrk "$port" /pets/999 "$seconds" >"$tmp/error" &
error_job=$!
bench_wrk "$port" /pets/1 "$seconds" >"$tmp/success" &
success_job=$!
sleep 2
rss_start=$(rss_kib "$pid")
wait "$error_job"
wait "$success_job"
rss_end=$(rss_kib "$pid")

# report.lua: requests duration rps p99 connect read write timeout non2xx
read -r e_req _ _ _ e_c e_r e_w e_t e_status <"$tmp/error"
read -r s_req _ _ _ s_c s_r s_w s_t s_status <"$tmp/success"
e_sock=$((e_c + e_r + e_w + e_t))
s_sock=$((s_c + s_r + s_w + s_t))
[ "$e_sock" -eq 0 ] && [ "$s_sock" -eq 0 ] && r=OK || r=FAIL
tap "$r" "no socket errors in $e_req + $s_req requests (error route: $e_sock, success route: $s_sock)"
[ "$e_req" -gt 0 ] && [ "$e_status" -eq "$e_req" ] && r=OK || r=FAIL
tap "$r" "error route: $e_status of $e_req answers are 4xx/5xx"
[ "$s_req" -gt 0 ] && [ "$s_status" -eq 0 ] && r=OK || r=FAIL
tap "$r" "success route: $s_status of $s_req answers are outside 2xx/3xx"
growth=$((rss_end - rss_start))
[ "$growth" -lt "$bound_kib" ] && r=OK || r=FAIL
tap "$r" "VmRSS $rss_start KiB after 2 s, $rss_end KiB after ${seconds} s: +$growth KiB (bound $bound_kib)"

bench_stop_all
exit $((fails > 0))
