#!/usr/bin/env bash
# http-instr.sh [--data FILE] PETSTORE_SERVER BARE_SERVER MINIMAL_SERVER [N]
#
# Instructions per request of each server, counted by callgrind (valgrind),
# which a busy machine does not move: the figure http-bench.sh's timings
# cannot give on a shared machine. Each server runs under callgrind with
# one MHD thread and the petstore's command line (bench_start's options),
# pet 1 seeded, and answers K and then K + N requests (N default 1000, K
# 100) of one route over one keep-alive connection; the difference of the
# two runs' totals, divided by N, is what one more request costs, start-up
# and shutdown dropping out. Every thread of the server is counted (MHD's,
# errata-mhd's watchdog, the petstore's log thread), in user space only:
# the kernel's side of the system calls is not (see docs/benchmarks.md).
#
# Output: a table (server, route, instructions/request) and the shares
# over bare-mhd. --data FILE also writes one line per row:
#   server route instructions_per_request
# No figure is asserted: the exit status says whether every step worked.
set -euo pipefail
shopt -s inherit_errexit

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
bench_servers_args "http-instr.sh [--data FILE] PETSTORE_SERVER BARE_SERVER MINIMAL_SERVER [N]" "$@"
data=$bench_data
servers=("${bench_servers[@]}")
names=(petstore bare minimal)
n=${bench_last:-1000}
k=100
command -v valgrind >/dev/null || { echo "valgrind not found" >&2; exit 2; }
python=${PYTHON:-python3}

tmp=$(mktemp -d)
trap 'bench_stop_all; rm -rf "$tmp"' EXIT
bench_start_tries=600 # a minute: valgrind starts slowly on a busy machine

routes=(error success)
declare -A path=([error]=/pets/999 [success]=/pets/1)

# requests PORT PATH COUNT: COUNT GETs with the reader token on one
# keep-alive connection; fails unless every answer has the same status.
requests() {
    "$python" - "$1" "$2" "$3" <<'EOF'
import http.client, sys
port, path, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
statuses = set()
for _ in range(count):
    c.request("GET", path, headers={"Authorization": "Bearer reader-token"})
    r = c.getresponse()
    r.read()
    statuses.add(r.status)
sys.exit(0 if len(statuses) == 1 and statuses != {0} else 1)
EOF
}

# count SERVER ROUTE REQUESTS OUT: the server's total instructions for its
# start, pet 1 seeded, REQUESTS requests of ROUTE, and its stop.
count() {
    local server=$1 route=$2 requests_n=$3 out=$4 port dir pid
    port=$(bench_free_port)
    dir=$(mktemp -d -p "$tmp")
    bench_wrapper=(valgrind --tool=callgrind --callgrind-out-file="$out")
    HTTP_BENCH_SERVER_THREADS=1 bench_start "$server" "$port" "$dir" "$dir/log"
    pid=${bench_http_pids[-1]}
    bench_seed "$port"
    requests "$port" "${path[$route]}" "$requests_n"
    kill -TERM "$pid"
    wait "$pid"
    bench_http_pids=()
    awk '/^totals:/ { print $2 }' "$out"
}

: >"$tmp/rows"
for i in "${!names[@]}"; do
    for route in "${routes[@]}"; do
        small=$(count "${servers[$i]}" "$route" "$k" "$tmp/cg.small")
        large=$(count "${servers[$i]}" "$route" "$((k + n))" "$tmp/cg.large")
        echo "${names[$i]} $route $(((large - small) / n))" >>"$tmp/rows"
    done
done

awk -v n="$n" '
    BEGIN {
        path["error"] = "GET /pets/999"; path["success"] = "GET /pets/1"
        printf "callgrind: instructions per request (of %d), one MHD thread, keep-alive\n\n", n
        printf "%-8s %-8s %-14s %14s\n", "server", "route", "request", "instr/request"
    }
    { printf "%-8s %-8s %-14s %14d\n", $1, $2, path[$2], $3; ir[$1, $2] = $3 }
    END {
        print "\nover bare-mhd (instructions a request costs more):"
        split("error success", rs, " ")
        split("minimal petstore", ss, " ")
        for (i = 1; i <= 2; i++)
            for (j = 1; j <= 2; j++)
                printf "  %-8s %-8s %+d (x%.2f)\n", ss[j], rs[i], ir[ss[j], rs[i]] - ir["bare", rs[i]],
                    ir[ss[j], rs[i]] / ir["bare", rs[i]]
    }' "$tmp/rows"

if [ -n "$data" ]; then
    cp "$tmp/rows" "$data"
fi
