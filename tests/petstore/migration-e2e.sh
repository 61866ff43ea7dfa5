#!/usr/bin/env bash
# Dual signalling over the petstore, both directions (docs/migration.md):
#  (a) step 1: petstore-server --legacy-bodies answers with the right status
#      and keeps the old members ("success": false, "error": {code,
#      message}) beside the problem's; a new client decodes by the status;
#      without the switch the old members are absent;
#  (b) clients moving first: a legacy server (a stub answering 200 with the
#      old body) read by petstore-client --legacy as the catalog's problems.
# Usage: migration-e2e.sh PETSTORE_SERVER PETSTORE_CLIENT
set -euo pipefail
server=$(realpath "$1")
client=$(realpath "$2")
. "$(dirname "$0")/../lib/tap.sh"
T=$TAP_TMP
. "$(dirname "$0")/../lib/server.sh"
trap 'stop; rm -rf "$TAP_TMP"' EXIT

# fetch PATH [CURL ARGS...]: status in $T/status, headers in $T/headers,
# body in $T/body.
fetch() {
    local path=$1
    shift
    curl -sS -o "$T/body" -D "$T/headers" -w '%{http_code}' "$@" "$url$path" >"$T/status"
}

# json_is DESCRIPTION PYTHON-EXPRESSION over the body as `b`.
json_is() {
    check "$1" python3 -c 'import json,sys; b=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' \
        "$T/body" "$2"
}

# ---- (a) the server sends the right status and keeps the old shape
start --legacy-bodies --db "$T/pets.db"
fetch /pets/1 -H 'Authorization: Bearer reader-token'
check "a missing pet is still a 404 with --legacy-bodies" test "$(cat "$T/status")" = 404
check "as application/problem+json" grep -qi '^content-type: application/problem+json' "$T/headers"
json_is "the problem's members are there" \
    'b["code"] == "PET_NOT_FOUND" and b["status"] == 404 and b["type"].endswith("/pet-not-found") and b["pet_id"] == "1"'
json_is "and the old ones: success false, error.code and error.message" \
    'b["success"] is False and b["error"] == {"code": "PET_NOT_FOUND", "message": "Pet 1 does not exist"}'
check "the old members come last, after the problem's" \
    grep -q '"pet_id":"1","success":false,"error":{"code":"PET_NOT_FOUND","message":"Pet 1 does not exist"}}$' "$T/body"

fetch /pets/1 -H 'Authorization: Bearer nope'
check "a 401 keeps its status and WWW-Authenticate" \
    bash -c "test \"\$(cat '$T/status')\" = 401 && grep -qi '^www-authenticate: Bearer' '$T/headers'"
json_is "and carries the old members too" \
    'b["success"] is False and b["error"]["code"] == "TOKEN_MISSING_OR_INVALID"'

fetch /nowhere
json_is "an included entry (http.yaml's 404) carries them: the catalog's migration is every entry's" \
    'b["type"] == "about:blank" and b["success"] is False and b["error"]["code"] == "NOT_FOUND"'

expect_exit 0 "a new client creates a pet" "$client" --url "$url" create '{"name":"Rex","species":"dog"}'
fetch '/pets?id=1,2' -H 'Authorization: Bearer reader-token'
json_is "a 207 batch's failed item carries them" \
    'b["items"][1]["problem"]["success"] is False and b["items"][1]["problem"]["error"]["code"] == "PET_NOT_FOUND" and "success" not in b["items"][0]'

sqlite3 "$T/pets.db" 'DROP TABLE pets'
fetch /pets/1 -H 'Authorization: Bearer reader-token'
json_is "a hidden 500's old message is the generic detail, never the internals" \
    'b["status"] == 500 and b["error"]["message"] == b["detail"] and "table" not in json.dumps(b).lower() and b["trace_id"]'
start --legacy-bodies

expect_exit 3 "a new client decodes a step-1 answer by its status (exit 3: not found)" \
    "$client" --url "$url" get 7
expect_grep err '^error: 404 PET_NOT_FOUND: Pet not found: Pet 7 does not exist' "as the catalog's problem"
check "and does not take it for a legacy body" bash -c "! grep -q 'legacy answer' '$T/err'"
expect_exit 3 "a client reading legacy bodies decodes it by its status too" \
    "$client" --url "$url" --legacy get 7
check "not as a legacy body: its status already speaks" bash -c "! grep -q 'legacy answer' '$T/err'"

start
fetch /pets/1 -H 'Authorization: Bearer reader-token'
check "without --legacy-bodies: a 404" test "$(cat "$T/status")" = 404
json_is "without the old members (the catalog has the migration off)" \
    '"success" not in b and "error" not in b and b["code"] == "PET_NOT_FOUND"'

# ---- (b) a legacy server: 200 for everything, the old body says it failed
cat >"$T/legacy-server.py" <<'PY'
import http.server, json, sys
BODIES = {
    "/pets/1": (200, {"success": True, "data": {"id": "1", "name": "Rex", "species": "dog"}}),
    "/pets/7": (200, {"success": False, "error": {"code": "PET_NOT_FOUND", "message": "Pet 7 does not exist"}}),
    "/pets/8": (200, {"success": False, "error": {"code": "DB_EXPLODED", "message": "it broke"}}),
    "/pets": (200, {"success": False, "error": {"code": "RATE_LIMITED", "message": "slow down"}}),
}
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status, body = BODIES.get(self.path, (200, {"success": False}))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if self.path == "/pets":
            self.send_header("Retry-After", "120")
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *args):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print("listening on http://127.0.0.1:%d/" % s.server_address[1], flush=True)
s.serve_forever()
PY
start_with python3 "$T/legacy-server.py"

expect_exit 3 "a legacy 200 {success: false, PET_NOT_FOUND} read with --legacy exits 3 (not found)" \
    "$client" --url "$url" --legacy get 7
expect_grep err '^legacy answer: HTTP 200 with "success": false' "it says the answer was a legacy one"
expect_grep err '^error: 404 PET_NOT_FOUND: Pet not found: Pet 7 does not exist' \
    "decoded as the catalog's problem, with its status and the old message as detail"
expect_exit 0 "without --legacy the same answer passes for a success: the blindness errata ends" \
    "$client" --url "$url" get 7
expect_exit 0 "a legacy success stays a success with --legacy" "$client" --url "$url" --legacy get 1
expect_grep out '"success": *true' "and its body is printed"
expect_exit 7 "an unknown legacy code is a generic 500 (exit 7: server error)" \
    "$client" --url "$url" --legacy get 8
expect_grep err '^error: 500 about:blank: Internal Server Error: it broke' "about:blank 500, the old message kept"
expect_exit 6 "a legacy RATE_LIMITED is retryable; Retry-After beyond --max-wait: exits 6" \
    "$client" --url "$url" --legacy --max-wait 0 list
expect_grep err '429 RATE_LIMITED' "the 429 is named"
expect_grep err 'retry after 120 s' "with the Retry-After the legacy server sent"

tap_done
