#!/usr/bin/env bash
# petstore-client against a real petstore-server: the result or the decoded
# typed error it prints, and its exit code for each error class.
# Usage: client-e2e.sh PETSTORE_SERVER PETSTORE_CLIENT
set -euo pipefail
server=$(realpath "$1")
client=$(realpath "$2")
. "$(dirname "$0")/../lib/tap.sh"
T=$TAP_TMP
. "$(dirname "$0")/../lib/server.sh"
trap 'stop; rm -rf "$TAP_TMP"' EXIT

# expect CODE DESCRIPTION ARGS...: the client's exit code.
expect() {
    local want=$1 desc=$2
    shift 2
    expect_exit "$want" "$desc" "$client" --url "$url" "$@"
}

start
expect 3 "get of a missing pet exits 3 (not found)" get 1
expect_grep err '^error: 404 PET_NOT_FOUND: Pet not found: Pet 1 does not exist' \
    "it prints the decoded typed problem"
expect 0 "create exits 0" create '{"name":"Rex","species":"dog","age":3}'
expect_grep out '^created: /pets/1$' "create prints the Location"
expect 0 "get exits 0" get 1
expect_grep out '"name": *"Rex"' "get prints the pet"
expect 0 "list exits 0" list
expect_grep out 'Rex' "list prints the pets"
expect 4 "an invalid pet exits 4 (request refused)" create '{"name":"","species":"unicorn"}'
expect_grep err '422 PET_VALIDATION_FAILED' "the validation problem is named"
expect_grep err '/species' "each failed field is printed"
expect 4 "malformed JSON exits 4" create '{"name":'
expect_grep err '400 MALFORMED_JSON' "the syntax problem is named"
expect 4 "an existing id exits 4 (409)" create '{"id":"1","name":"Rex","species":"dog"}'
expect_grep err '409 PET_ALREADY_EXISTS' "the conflict is named"
expect 5 "a reader deleting exits 5 (permission)" --token reader-token delete 1
expect_grep err '403 SCOPE_REQUIRED' "the missing scope is named"
expect_grep err 'write:pets' "with the scope it needs"
expect 5 "an unknown token exits 5 (authentication)" --token nope get 1
expect_grep err '401 TOKEN_MISSING_OR_INVALID' "the 401 is named"
expect 8 "a batch with a missing pet exits 8 (207)" batch 1,2
expect_grep out '2: 404' "the missing item is reported"
expect 0 "a batch of existing pets exits 0" batch 1
expect 0 "delete exits 0" delete 1
expect_grep out '^deleted$' "delete prints deleted"
expect 3 "the deleted pet is gone" get 1

start --rate-limit 1
expect 0 "the first request within the limit" list
expect 6 "over the rate limit, Retry-After beyond --max-wait: exits 6" --max-wait 0 list
expect_grep err '429 RATE_LIMITED' "the 429 is named"
expect 6 "--retry 3 does not come back before the 429's Retry-After: exits 6" \
    --retry 3 --max-wait 0 list
expect_grep err '^not retrying: the server asks to wait [0-9]* s, more than --max-wait 0$' \
    "it says why"
check "the 429 was not retried" bash -c "! grep -q '^retry ' '$T/err'"

start --maintenance
expect 6 "maintenance (503, Retry-After 300) exits 6" --max-wait 1 list
expect_grep err '503 STORE_UNAVAILABLE' "the 503 is named"

# --retry (errata_retry_delay) over the real server: a maintenance of 4 s,
# whose 503s carry the seconds left as Retry-After, waited out.
expect_exit 2 "petstore-server refuses --maintenance-for beyond a day" "$server" --maintenance-for 86401
expect_grep err '^petstore-server: --maintenance-for needs 0 to 86400 seconds: 86401$' "it says why"
start --maintenance-for 4
expect 6 "--retry 0: the 503 is not retried" --retry 0 list
expect_grep err '^not retrying: retries are off (--retry 0)$' "it says why"
expect 0 "--retry 2 waits the maintenance out and gets the list" --retry 2 list
expect_grep err '^retry 1 of 2 after: 503 STORE_UNAVAILABLE' "the retry after the 503 is announced"
expect_grep err '^waiting [1-4] s$' "after the Retry-After the server sent"
expect 3 "a 404 is not retried, whatever --retry says" --retry 3 get 99
check "no retry for the 404" bash -c "! grep -q 'retry' '$T/err'"
expect_grep err '^error: 404 PET_NOT_FOUND' "the 404 is named"

db=$T/pets.db
start --db "$db"
expect 0 "create in a file database" create '{"name":"Rex","species":"dog"}'
sqlite3 "$db" 'DROP TABLE pets'
expect 7 "a database failure exits 7 (server error)" get 1
expect_grep err '500 INTERNAL_ERROR' "the 500 is named"
check "the client shows no internals" bash -c "! grep -qi 'table' '$T/err'"

# A full disk: the database on a 128 KiB tmpfs in a mount namespace of the
# server's own (test_e2e.c's test_full_disk_is_a_507 checks the HTTP side).
if unshare -rm true 2>/dev/null; then
    start_on_small_disk "$T/disk"
    name=$(printf 'n%.0s' $(seq 90))
    for _ in $(seq 200); do
        run "$client" --url "$url" create "{\"name\":\"$name\",\"species\":\"dog\"}"
        [ "$status" -eq 0 ] || break
    done
    check "a full disk exits 6 (unavailable: retry later), not 7 (server error)" test "$status" -eq 6
    expect_grep err '507 STORE_FULL' "the 507 is named"
    expect_grep err '(retry after 60 s)' "with when to retry"
    rm "/proc/$pid/root$T/disk/filler"
    expect 0 "with room again, the same create succeeds" create '{"name":"Rex","species":"dog"}'
else
    tap_ok "a full disk exits 6 # SKIP unshare -rm is not allowed here"
fi

stop
expect 2 "a stopped server exits 2 (transport)" get 1
tap_done
