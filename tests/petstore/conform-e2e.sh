#!/usr/bin/env bash
# errata conform against the real petstore-server: examples/petstore/conform/
# holds a case file per server state (fresh, rate-limited, in maintenance,
# with a broken database, on a full disk); each must hold in full, every
# type URI resolving to the served docs (--resolve-types).
# Usage: conform-e2e.sh ERRATA PETSTORE_SERVER SOURCE_ROOT
set -euo pipefail
errata=$(realpath "$1")
server=$(realpath "$2")
root=$(realpath "$3")
cases=$root/examples/petstore/conform
. "$root/tests/lib/tap.sh"
T=$TAP_TMP
. "$(dirname "$0")/../lib/server.sh"
trap 'stop; rm -rf "$TAP_TMP"' EXIT

# conform FILE DESCRIPTION [OPTION...]: the cases hold (exit 0, no violation).
conform() {
    local file=$1 desc=$2
    shift 2
    expect_exit 0 "$desc" "$errata" conform --catalog "$root/catalog/petstore.yaml" \
        --url "$url" --type-base "$url/errors/" --format junit "$@" "$cases/$file"
    check "$file: the JUnit report counts no failure" grep -q 'failures="0"' "$T/out"
}

start
conform pets.yaml "every route and error of a fresh server keeps the contract" \
    --resolve-types
check "pets.yaml: 34 cases ran" grep -q '<testsuites name="errata conform" tests="34"' "$T/out"

start --rate-limit 1
conform rate-limit.yaml "429 with Retry-After and X-RateLimit-Limit" \
    --resolve-types

start --maintenance
# Not --resolve-types: in maintenance the docs answer 503 too.
conform maintenance.yaml "503 with Retry-After in maintenance"

db=$T/pets.db
start --db "$db"
sqlite3 "$db" 'DROP TABLE pets'
conform internal.yaml "500 with a trace id and no internals" \
    --resolve-types

# A full disk: the database on a 128 KiB tmpfs in a mount namespace of the
# server's own, as client-e2e.sh does.
if unshare -rm true 2>/dev/null; then
    start_on_small_disk "$T/disk"
    name=$(printf 'n%.0s' $(seq 90))
    for _ in $(seq 300); do
        code=$(curl -s -o /dev/null -w '%{http_code}' -X POST \
            -H 'Authorization: Bearer writer-token' -H 'Content-Type: application/json' \
            --data "{\"name\":\"$name\",\"species\":\"dog\"}" "$url/pets")
        [ "$code" = 201 ] || break
    done
    check "the disk filled up (the last create answered 507)" test "$code" = 507
    conform full.yaml "507 with Retry-After on a full disk, reads still served" \
    --resolve-types
else
    tap_ok "507 on a full disk # SKIP unshare -rm is not allowed here"
fi

# The same cases fail against the wrong contract: conform is not vacuous.
start
expect_exit 1 "without --type-base the rebased type URIs are reported" \
    "$errata" conform --catalog "$root/catalog/petstore.yaml" --url "$url" "$cases/pets.yaml"
expect_grep out "\[type\]$" "as [type]"
stop
tap_done
