#!/usr/bin/env bash
# petstore-server under valgrind (memcheck) through a short load over every
# route and outcome, concurrent clients included, then a clean SIGTERM: no
# invalid access, no leak (valgrind's exit code), and every request
# answered.
# Usage: valgrind-server.sh PETSTORE_SERVER
set -euo pipefail
server=$(realpath "$1")
. "$(dirname "$0")/../lib/tap.sh"
T=$TAP_TMP
command -v valgrind >/dev/null || { tap_not_ok "valgrind is installed" "scripts/test.sh installs it"; tap_done; exit 1; }

valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --show-leak-kinds=definite,indirect --track-fds=no --log-file="$T/valgrind.log" \
    "$server" --port 0 --db "$T/pets.db" --rate-limit 1000000 >"$T/listen" 2>"$T/server.log" &
pid=$!
for _ in $(seq 400); do
    grep -q listening "$T/listen" 2>/dev/null && break
    sleep 0.05
done
check "the server starts under valgrind" grep -q listening "$T/listen"
url=$(sed -n 's|listening on \(http://127.0.0.1:[0-9]*\)/|\1|p' "$T/listen")
W='Authorization: Bearer writer-token'
J='Content-Type: application/json'

# One round over every route and outcome; prints one status per request.
round() {
    local c=(curl -s -o /dev/null -w '%{http_code}\n' --max-time 30)
    "${c[@]}" -X POST "$url/pets" -H "$W" -H "$J" -d '{"name":"Rex","species":"dog","age":3}'
    "${c[@]}" "$url/pets/1" -H "$W"
    "${c[@]}" "$url/pets" -H "$W"
    "${c[@]}" "$url/pets?id=1,2,999" -H "$W"
    "${c[@]}" "$url/pets?id=998,999" -H "$W"
    "${c[@]}" -X PATCH "$url/pets/1" -H "$W" -H "$J" -H 'If-Match: "1"' -d '{"age":4}'
    "${c[@]}" -X PUT "$url/pets/1" -H "$W" -H "$J" -d '{"name":"Rex","species":"dog","age":5}'
    "${c[@]}" -X POST "$url/pets" -H "$W" -H "$J" -d '{"name":'
    "${c[@]}" -X POST "$url/pets" -H "$W" -H "$J" -d '{"name":"","age":-1}'
    "${c[@]}" -X POST "$url/pets" -H "$W" -H 'Content-Type: text/plain' -d 'x'
    "${c[@]}" -X DELETE "$url/pets" -H "$W"
    "${c[@]}" -X DELETE "$url/pets/1" -H 'Authorization: Bearer reader-token'
    "${c[@]}" "$url/pets/1"
    "${c[@]}" "$url/nowhere"
    "${c[@]}" "$url/errors/"
    "${c[@]}" "$url/errors/pet-not-found"
    "${c[@]}" -X POST "$url/pets" -H "$W" -H "$J" --data-binary @<(head -c 70000 /dev/zero | tr '\0' ' ')
}
for i in 1 2 3 4; do round >"$T/round$i" & done
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
for i in 1 2 3 4; do
    check "round $i: every request answered" test "$(grep -c '^[1-5][0-9][0-9]$' "$T/round$i")" -eq 17
done
sqlite3 "$T/pets.db" 'DROP TABLE pets'
check "a database failure is answered 500" \
    test "$(curl -s -o /dev/null -w '%{http_code}' "$url/pets/1" -H "$W")" = 500

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
check "the server stops cleanly, valgrind finding nothing (exit $status)" test "$status" -eq 0
if [ "$status" -ne 0 ]; then
    sed 's/^/# /' "$T/valgrind.log" | tail -n 60
fi
tap_done
