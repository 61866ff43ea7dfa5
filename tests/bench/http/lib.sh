# shellcheck shell=bash
# Sourced by http-bench.sh and soak-test.sh: starting and stopping the
# servers, seeding pet 1, checking a route, and running wrk with
# report.lua. Both servers are started the same way: the petstore's
# command line, which bare-mhd accepts and mostly ignores.

bench_http_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_http_pids=()
# A command bench_start runs each server under (http-instr.sh: valgrind),
# and how many tenths of a second a server may take to answer.
bench_wrapper=()
bench_start_tries=100

# The tokens the petstore example accepts (examples/petstore).
BENCH_READER="Authorization: Bearer reader-token"
BENCH_WRITER="Authorization: Bearer writer-token"

# bench_servers_args USAGE ARGS...: http-bench.sh's and http-instr.sh's
# command line, [--data FILE] PETSTORE BARE MINIMAL [LAST]: sets bench_data
# (FILE or empty), bench_servers (the three) and bench_last (LAST or
# empty); prints USAGE and exits 2 otherwise.
# shellcheck disable=SC2034 # bench_data, bench_servers, bench_last: read by the caller
bench_servers_args() {
    local usage=$1
    shift
    bench_data=
    if [ "${1:-}" = --data ] && [ $# -ge 2 ]; then
        bench_data=$2
        shift 2
    fi
    if [ $# -lt 3 ] || [ $# -gt 4 ]; then
        echo "usage: $usage" >&2
        exit 2
    fi
    bench_servers=("$1" "$2" "$3")
    bench_last=${4:-}
}

# A port nobody listens on now. Another process could take it before the
# server binds it; the server then fails to start and the script says so.
bench_free_port() {
    "${PYTHON:-python3}" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# bench_start SERVER PORT DBDIR LOG: starts SERVER in the background and
# waits until it answers; the pid is the last of bench_http_pids. The rate
# limit is raised out of the way (the benchmark measures serving, not the
# limiter refusing); the type URIs are the catalog's own, so that the
# petstore's 404 body is byte for byte bare-mhd's; both get the same
# thread pool, HTTP_BENCH_SERVER_THREADS (default 4, petstore-server's
# default). The access log (standard error) goes to LOG with the rest.
bench_start() {
    local server=$1 port=$2 dbdir=$3 log=$4 pid _
    "${bench_wrapper[@]}" "$server" --port "$port" --db "$dbdir/pets.db" --rate-limit 1000000000 \
        --base-uri https://errors.petstore.example/ \
        --threads "${HTTP_BENCH_SERVER_THREADS:-4}" >"$log" 2>&1 &
    pid=$!
    bench_http_pids+=("$pid")
    for _ in $(seq "$bench_start_tries"); do
        if curl -s -o /dev/null "http://127.0.0.1:$port/pets/1"; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    echo "$server did not start on port $port; its output:" >&2
    cat "$log" >&2
    return 1
}

# Stops every server started here (by pid) and waits for them.
bench_stop_all() {
    local pid
    for pid in "${bench_http_pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    bench_http_pids=()
}

# bench_seed PORT: creates pet 1 (a fresh database gives the first pet id
# 1) and checks that GET /pets/1 then finds it.
bench_seed() {
    local port=$1 status
    status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$BENCH_WRITER" \
        -H 'Content-Type: application/json' --data '{"name":"Rex","species":"dog","age":3}' \
        "http://127.0.0.1:$port/pets")
    if [ "$status" != 201 ]; then
        echo "seeding pet 1 on port $port: got $status, expected 201" >&2
        return 1
    fi
}

# bench_probe PORT PATH WANT: prints "STATUS BYTES" of one GET, and fails
# unless STATUS is WANT (a 401 here means the token was refused, a 429 the
# rate limit: either would make the figures meaningless).
bench_probe() {
    local port=$1 path=$2 want=$3 got
    got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -H "$BENCH_READER" \
        "http://127.0.0.1:$port$path")
    if [ "${got%% *}" != "$want" ]; then
        echo "GET $path on port $port: got status ${got%% *}, expected $want" >&2
        return 1
    fi
    echo "$got"
}

# bench_wrk PORT PATH SECONDS: runs wrk and prints report.lua's RESULT line
# without its tag. HTTP_BENCH_THREADS and HTTP_BENCH_CONNECTIONS set the
# load (the connections stay under errata-mhd's default limit of 64).
bench_wrk() {
    local port=$1 path=$2 seconds=$3 out
    out=$(wrk -t "${HTTP_BENCH_THREADS:-1}" -c "${HTTP_BENCH_CONNECTIONS:-16}" -d "${seconds}s" \
        --timeout 5s -H "$BENCH_READER" -s "$bench_http_dir/report.lua" \
        "http://127.0.0.1:$port$path")
    if ! grep -q '^RESULT ' <<<"$out"; then
        echo "wrk gave no result:" >&2
        echo "$out" >&2
        return 1
    fi
    grep '^RESULT ' <<<"$out" | cut -d' ' -f2-
}

# bench_cpu_ticks PID: the CPU time PID has used so far, user + system, of
# every thread, in clock ticks (getconf CLK_TCK a second): fields 14 and 15
# of /proc/PID/stat, counted after the command name's closing parenthesis
# (the name may hold spaces).
bench_cpu_ticks() {
    local stat
    stat=$(<"/proc/$1/stat")
    stat=${stat##*) }
    awk '{ print $12 + $13 }' <<<"$stat"
}
