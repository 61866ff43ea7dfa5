#!/usr/bin/env bash
# The problems petstore-server really sends validate against the OpenAPI
# document errata writes for catalog/petstore.yaml: each body against the
# response the document gives that operation for that status (so the
# catalog's operations: must be true to the server's routes too), and the
# routing answers (404 for an unknown path, 405) against the component for
# their status. The server sends the catalog's own type URIs (--base-uri).
# Usage: bodies-test.sh ERRATA PETSTORE_SERVER SOURCE_ROOT
set -euo pipefail
errata=$(realpath "$1")
server=$(realpath "$2")
root=$(realpath "$3")
. "$root/tests/lib/tap.sh"
. "$root/tests/openapi/lib.sh"
T=$TAP_TMP
require_js_tools "$root"
. "$root/tests/lib/server.sh"

# The server sends the catalog's own type URIs, as the document names them.
start_petstore() {
    start --base-uri https://errors.petstore.example/ "$@"
}
trap 'stop; rm -rf "$TAP_TMP"' EXIT

n=0
# ask WANT_STATUS METHOD TEMPLATE PATH [CURL ARGS...]: sends the request,
# checks the status and the problem+json type, records the body for check.mjs.
ask() {
    local want=$1 method=$2 template=$3 path=$4
    shift 4
    n=$((n + 1))
    local body=$T/body-$n
    local got
    got=$(curl -s -o "$body" -D "$T/headers-$n" -w '%{http_code}' -X "$method" "$@" "$url$path")
    if [ "$got" = "$want" ] && grep -qi '^content-type: application/problem+json' "$T/headers-$n"; then
        tap_ok "$method $path answers $want with a problem"
        echo "$method $template $want $body" >>"$T/cases"
    else
        tap_not_ok "$method $path answers $want with a problem" "got $got" "$(cat "$T/headers-$n" "$body")"
    fi
}
W=(-H 'Authorization: Bearer writer-token')
R=(-H 'Authorization: Bearer reader-token')
J=(-H 'Content-Type: application/json')

start_petstore
ask 401 GET /pets/{id} /pets/1
ask 401 GET /pets/{id} /pets/1 -H 'Authorization: Bearer nope'
ask 401 POST /pets /pets -H 'Authorization: Basic eDp5'
ask 404 GET /pets/{id} /pets/1 "${R[@]}"
ask 422 GET /pets/{id} /pets/abc "${R[@]}"
ask 404 GET /pets '/pets?id=7,8' "${R[@]}"
ask 422 GET /pets '/pets?id=7,x' "${R[@]}"
ask 403 DELETE /pets/{id} /pets/1 "${R[@]}"
ask 403 POST /pets /pets "${R[@]}" "${J[@]}" -d '{"name":"Rex","species":"dog","age":3}'
ask 415 POST /pets /pets "${W[@]}" -H 'Content-Type: text/plain' -d 'Rex'
ask 415 POST /pets /pets "${W[@]}" -d 'Rex' -H 'Content-Type:'
ask 400 POST /pets /pets "${W[@]}" "${J[@]}" -d '{"name":'
ask 422 POST /pets /pets "${W[@]}" "${J[@]}" -d '{"name":"","species":"unicorn","age":-1}'
curl -s -o /dev/null "${W[@]}" "${J[@]}" -d '{"id":"1","name":"Rex","species":"dog"}' "$url/pets"
ask 409 POST /pets /pets "${W[@]}" "${J[@]}" -d '{"id":"1","name":"Rex","species":"dog"}'
ask 412 PUT /pets/{id} /pets/1 "${W[@]}" "${J[@]}" -H 'If-Match: "99"' -d '{"name":"Rex","species":"dog","age":3}'
ask 412 PATCH /pets/{id} /pets/1 "${W[@]}" "${J[@]}" -H 'If-Match: "99"' -d '{"age":4}'
ask 412 DELETE /pets/{id} /pets/1 "${W[@]}" -H 'If-Match: "99"'
ask 404 PUT /pets/{id} /pets/5 "${W[@]}" "${J[@]}" -d '{"name":"Rex","species":"dog","age":3}'
ask 422 PATCH /pets/{id} /pets/1 "${W[@]}" "${J[@]}" -d '{"species":"unicorn"}'
ask 404 DELETE /pets/{id} /pets/5 "${W[@]}"
head -c 70000 /dev/zero | tr '\0' ' ' >"$T/big"
ask 413 POST /pets /pets "${W[@]}" "${J[@]}" --data-binary @"$T/big"
# a 207's failed items are problems too: each against the operation's
# response for the item's status
curl -s -o "$T/batch" -w '%{http_code}' "${R[@]}" "$url/pets?id=1,2,3" >"$T/batch-status"
check "a batch with missing pets answers 207" grep -qx 207 "$T/batch-status"
check "with a problem per missing pet, recorded" python3 - "$T/batch" "$T/cases" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))["items"]
problems = [i for i in items if "problem" in i]
assert [i["id"] for i in problems] == ["2", "3"], items
with open(sys.argv[2], "a") as cases:
    for n, item in enumerate(problems):
        path = f"{sys.argv[1]}-{n}"
        json.dump(item["problem"], open(path, "w"))
        cases.write(f"GET /pets {item['status']} {path}\n")
PY
ask 404 GET - /nothing/here
ask 405 PATCH - /pets "${W[@]}"
# the schema the server itself serves where each body's type points
# (errata schema's files in its docs folder; about:blank has none)
check "/errors/ answers index.json for Accept: application/json" \
    curl -sf -o "$T/index.json" -H 'Accept: application/json' "$url/errors/"
while read -r method template status body; do
    slug=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["type"]; p="https://errors.petstore.example/"; print(t[len(p):] if t.startswith(p) else "")' "$body")
    [ -n "$slug" ] || continue
    if curl -sf -o "$body.schema" -H 'Accept: application/schema+json' "$url/errors/$slug"; then
        echo "$body $body.schema" >>"$T/served"
    else
        tap_not_ok "the server serves the schema of $slug"
    fi
done <"$T/cases"
start_petstore --rate-limit 1
curl -s -o /dev/null "${R[@]}" "$url/pets"
ask 429 GET /pets /pets "${R[@]}"
start_petstore --maintenance
ask 503 GET /pets/{id} /pets/1 "${R[@]}"
stop

expect_exit 0 "errata openapi of the petstore catalog" "$errata" openapi \
    "$root/catalog/petstore.yaml" --format json -o "$T/pets.json"
check_mjs "every body validates against its operation's response" bodies "$T/pets.json" "$T/cases"
check_mjs "every body validates against the schema served at its type URI" \
    served "$T/index.json" "$T/served"
tap_done
