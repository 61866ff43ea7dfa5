# Starting and stopping a server under test that prints
# "listening on http://127.0.0.1:PORT/" once ready (petstore-server).
# Source it after tap.sh and set $server; then `start ARGS...` runs
# "$server" --port 0 ARGS..., `start_with COMMAND...` a command that ends by
# exec'ing the server (so that $pid is the server's), and `stop` ends it.
# Both set $url to http://localhost:PORT (the host the server names its type
# URIs with) and $pid; the caller's EXIT trap calls stop.
pid=

start() {
    start_with "$server" --port 0 "$@"
}

start_with() {
    stop
    "$@" >"$TAP_TMP/listen" 2>"$TAP_TMP/server.log" &
    pid=$!
    # Up to 30 s: a loaded machine (valgrind, the sanitizer build beside)
    # can take seconds to start a server; a dead one is said at once.
    url=
    for _ in $(seq 600); do
        url=$(sed -n 's|^listening on http://127.0.0.1:\([0-9][0-9]*\)/$|http://localhost:\1|p' \
            "$TAP_TMP/listen" 2>/dev/null)
        [ -n "$url" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    if [ -z "$url" ]; then
        tap_not_ok "the server started ($*)" "$(cat "$TAP_TMP/server.log")"
        url=http://localhost:9 # every request then fails as a transport error
    fi
}

# start_on_small_disk DIR: the server with its database on a 128 KiB tmpfs
# mounted at DIR in a mount namespace of its own (`unshare -rm` must be
# allowed), 16 KiB of it taken by DIR/filler (remove it, through
# /proc/$pid/root, to make room again).
start_on_small_disk() {
    mkdir -p "$1"
    start_with unshare -rm sh -c 'mount -t tmpfs -o size=128k tmpfs "$1" &&
        dd if=/dev/zero of="$1/filler" bs=4k count=4 2>/dev/null &&
        exec "$2" --port 0 --db "$1/pets.db"' sh "$1" "$server"
}

stop() {
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        pid=
    fi
}
