#!/usr/bin/env bash
# `errata decode`: the printed result (checked with python3's json module),
# --status, --header, stdin, and the exit codes 0 (a problem document),
# 1 (not JSON, with the byte offset), 2 (usage or I/O), 3 (JSON, no object).
# Usage: decode-cli-test.sh ERRATA SOURCE_ROOT
set -euo pipefail
errata=$(realpath "$1")
root=$(realpath "$2")
. "$root/tests/lib/tap.sh"

petstore=$root/catalog/petstore.yaml
bodies=$TAP_TMP/bodies
mkdir -p "$bodies"

# json_check DESCRIPTION PYTHON-EXPRESSION: evaluates the expression over the
# last run's stdout parsed as `r`; passes when it is true.
json_check() {
    local desc=$1 expr=$2 msg
    if msg=$(python3 - "$TAP_TMP/out" "$expr" 2>&1 <<'EOF'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    r = json.load(f)
ok = eval(sys.argv[2])
if not ok:
    print("false: " + sys.argv[2])
    print(json.dumps(r, indent=1)[:3000])
    sys.exit(1)
EOF
    ); then
        tap_ok "$desc"
    else
        tap_not_ok "$desc" "$msg"
    fi
}

decode() { "$errata" decode --catalog "$petstore" "$@"; }

# --- a full problem
cat >"$bodies/rate.json" <<'EOF'
{"type":"https://errors.petstore.example/rate-limited","title":"Too many requests",
 "status":429,"code":"RATE_LIMITED","detail":"Slow down","instance":"/pets",
 "retry_after":30,"limit":60,"policy":{"window": "1m"},"hint":[1, 2.5, "x"]}
EOF
expect_exit 0 "a problem decodes (exit 0)" decode --header 'Retry-After: 30' \
    --header 'Content-Type: application/problem+json; charset=utf-8' "$bodies/rate.json"
json_check "code and status" 'r["code"] == "RATE_LIMITED" and r["status"] == 429'
json_check "type, title, detail, instance" \
    'r["type"] == "https://errors.petstore.example/rate-limited" and r["title"] == "Too many requests" and r["detail"] == "Slow down" and r["instance"] == "/pets"'
json_check "typed extensions" 'r["extensions"] == {"retry_after": 30, "limit": 60}'
json_check "typed extensions are JSON integers" \
    'type(r["extensions"]["retry_after"]) is int and type(r["extensions"]["limit"]) is int'
json_check "unknown members, raw" 'r["unknown"] == {"policy": "{\"window\": \"1m\"}", "hint": "[1, 2.5, \"x\"]"}'
json_check "code is not an unknown member" '"code" not in r["unknown"]'
json_check "retryable, retry_after from the header" 'r["retryable"] is True and r["retry_after"] == 30'
json_check "problem_json from Content-Type" 'r["problem_json"] is True and r["truncated"] is False'

expect_exit 0 "header names in any case" decode --header 'retry-after: 7' \
    --header 'CONTENT-TYPE: application/problem+json' "$bodies/rate.json"
json_check "retry-after and content-type read in lower/upper case" \
    'r["retry_after"] == 7 and r["problem_json"] is True'
expect_exit 0 "no headers" decode "$bodies/rate.json"
json_check "no Retry-After: null; no Content-Type: not problem+json" \
    'r["retry_after"] is None and r["problem_json"] is False and r["retryable"] is True'
expect_exit 0 "an HTTP-date Retry-After in the past" decode \
    --header 'Retry-After: Sun, 06 Nov 1994 08:49:37 GMT' "$bodies/rate.json"
json_check "a past date is 0 seconds" 'r["retry_after"] == 0'
expect_exit 0 "a Retry-After that is neither" decode --header 'Retry-After: soon' "$bodies/rate.json"
json_check "garbage Retry-After is null" 'r["retry_after"] is None'

# --- arrays of objects, wrong-type members
cat >"$bodies/validation.json" <<'EOF'
{"type":"https://errors.petstore.example/pet-validation-failed","status":422,
 "errors":[{"pointer":"/name","detail":"must not be empty"},{"pointer":"/age","detail":"must be >= 0","x":1}]}
EOF
expect_exit 0 "an array of objects" decode "$bodies/validation.json"
json_check "errors decoded as objects" \
    'r["code"] == "PET_VALIDATION_FAILED" and r["extensions"]["errors"] == [{"pointer": "/name", "detail": "must not be empty"}, {"pointer": "/age", "detail": "must be >= 0"}]'
printf '%s' '{"type":"https://errors.petstore.example/pet-not-found","pet_id":42,"title":7}' >"$bodies/wrongtype.json"
expect_exit 0 "members of the wrong type" decode --status 404 "$bodies/wrongtype.json"
json_check "wrong-type members are left out" \
    'r["code"] == "PET_NOT_FOUND" and r["extensions"] == {} and r["title"] == "Pet not found"'

# --- a foreign type
printf '%s' '{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","detail":"Balance 30, cost 50.","balance":30,"status":403}' >"$bodies/foreign.json"
expect_exit 0 "a foreign type decodes" decode "$bodies/foreign.json"
json_check "foreign type: code null, the rest kept" \
    'r["code"] is None and r["type"] == "https://example.com/probs/out-of-credit" and r["title"] == "You do not have enough credit." and r["detail"] == "Balance 30, cost 50." and r["status"] == 403'
json_check "foreign type: its members are unknown" 'r["unknown"] == {"balance": "30"} and r["extensions"] == {}'
json_check "foreign 403: not retryable" 'r["retryable"] is False'

# --- --status
printf '%s' '{"type":"about:blank","title":"Conflict","status":409}' >"$bodies/blank409.json"
expect_exit 0 "about:blank without --status" decode "$bodies/blank409.json"
json_check "the body's status picks the entry" 'r["code"] == "CONFLICT" and r["status"] == 409'
expect_exit 0 "about:blank with --status" decode --status 404 "$bodies/blank409.json"
json_check "--status wins over the body's" 'r["code"] == "NOT_FOUND" and r["status"] == 404'
expect_exit 0 "options after the file" decode "$bodies/blank409.json" --status 503
json_check "--status 503 after the file" 'r["code"] == "SERVICE_UNAVAILABLE" and r["retryable"] is True'
printf '%s' '{"title":"x"}' >"$bodies/nostatus.json"
expect_exit 0 "no status anywhere" decode "$bodies/nostatus.json"
json_check "no status anywhere: no code" 'r["code"] is None and r["type"] == "about:blank"'
for bad in abc 99 600 -1 4040 ''; do
    expect_exit 2 "--status '$bad' is a usage error" decode --status "$bad" "$bodies/rate.json"
done
expect_grep err "status" "the usage error names --status"

# --- stdin
expect_exit 0 "'-' reads standard input" bash -c '"$0" decode --catalog "$1" - <"$2"' \
    "$errata" "$petstore" "$bodies/rate.json"
json_check "stdin ('-') decoded" 'r["code"] == "RATE_LIMITED"'
expect_exit 0 "no file reads standard input" bash -c '"$0" decode --catalog "$1" <"$2"' \
    "$errata" "$petstore" "$bodies/rate.json"
json_check "stdin (no argument) decoded" 'r["code"] == "RATE_LIMITED"'
expect_exit 1 "stdin: not JSON" bash -c 'printf "{\"a\":1,}" | "$0" decode --catalog "$1"' \
    "$errata" "$petstore"
expect_grep err "<stdin>" "stdin is named <stdin>"
expect_grep err "at byte 7" "the offset of the error in stdin"

# --- exit codes
printf '%s' '{"type":"x", "title":}' >"$bodies/bad.json"
expect_exit 1 "invalid JSON: exit 1" decode "$bodies/bad.json"
expect_grep err "at byte 21" "invalid JSON: the byte offset"
expect_grep err "bad.json" "invalid JSON: the file is named"
printf '{"a":"\xC3\x28"}' >"$bodies/utf8.json"
expect_exit 1 "invalid UTF-8: exit 1" decode "$bodies/utf8.json"
expect_grep err "at byte 6" "invalid UTF-8: the byte offset"
printf '{"a":"x\0y"}' >"$bodies/nul.json"
expect_exit 1 "a raw NUL in a string: exit 1" decode "$bodies/nul.json"
expect_grep err "at byte 7" "a raw NUL: the byte offset"
printf '{"type":"https://errors.petstore.example/pet-not-found"' >"$bodies/cut.json"
expect_exit 1 "a truncated body: exit 1" decode "$bodies/cut.json"
expect_grep err "at byte 55" "a truncated body: the offset is its end"
: >"$bodies/empty.json"
expect_exit 1 "an empty body: exit 1" decode "$bodies/empty.json"
expect_grep err "at byte 0" "an empty body: at byte 0"
python3 -c 'print("[" * 100 + "]" * 100)' >"$bodies/deep.json"
expect_exit 1 "100 levels: exit 1 (nesting limit 64)" decode "$bodies/deep.json"
expect_grep err "at byte 64" "100 levels: the offset of the 65th bracket"
printf '%s' '[{"type":"about:blank"}]' >"$bodies/array.json"
expect_exit 3 "an array: exit 3" decode "$bodies/array.json"
expect_grep err "not an object" "an array: says why"
for v in '"text"' '42' 'null' 'true'; do
    printf '%s' "$v" >"$bodies/scalar.json"
    expect_exit 3 "the scalar $v: exit 3" decode "$bodies/scalar.json"
done
printf '%s' '{}' >"$bodies/obj.json"
expect_exit 0 "{} is a problem document: exit 0" decode --status 500 "$bodies/obj.json"
json_check "{} with 500: the standard entry" 'r["code"] == "INTERNAL_SERVER_ERROR"'

# --- a body that is no problem document, with an error status: printed as
# the C decoder gives it (a problem from the status), the exit status still
# says what the body was
printf '%s' '<html>oops</html>' >"$bodies/html.txt"
expect_exit 1 "HTML with --status 502: exit 1 (not JSON)" decode --status 502 "$bodies/html.txt"
json_check "HTML with 502: the status problem is printed" \
    'r["code"] == "BAD_GATEWAY" and r["status"] == 502 and r["title"] == "Bad Gateway"'
expect_grep err "html.txt" "HTML with 502: stderr names the file"
expect_exit 1 "an empty body with --status 503: exit 1" decode --status 503 "$bodies/empty.json"
json_check "empty with 503: retryable status problem" \
    'r["code"] == "SERVICE_UNAVAILABLE" and r["retryable"] is True'
expect_exit 3 "an array with --status 404: exit 3" decode --status 404 "$bodies/array.json"
json_check "an array with 404: the status problem" 'r["code"] == "NOT_FOUND" and r["status"] == 404'
expect_exit 1 "HTML without a status: exit 1" decode "$bodies/html.txt"
if [ -s "$TAP_TMP/out" ]; then
    tap_not_ok "HTML without a status prints nothing (no status to build a problem from)"
else
    tap_ok "HTML without a status prints nothing (no status to build a problem from)"
fi

# --- the trace member: decoded into trace_id, never an unknown member
printf '%s' '{"type":"https://errors.petstore.example/internal-error","status":500,"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}' >"$bodies/trace.json"
expect_exit 0 "a hidden 5xx with a trace id" decode "$bodies/trace.json"
json_check "trace_id decoded, not an unknown member" \
    'r["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736" and r["unknown"] == {} and r["code"] == "INTERNAL_ERROR"'
expect_exit 0 "a problem without a trace id" decode "$bodies/rate.json"
json_check "no trace id: null" 'r["trace_id"] is None'

# --- usage and I/O errors
expect_exit 2 "no --catalog: exit 2" "$errata" decode "$bodies/rate.json"
expect_grep err "no catalog given" "no --catalog: says so"
expect_exit 2 "a missing body file: exit 2" decode "$TAP_TMP/nope.json"
expect_grep err "nope.json" "a missing body file: named"
expect_exit 2 "a missing catalog: exit 2" "$errata" decode --catalog "$TAP_TMP/nope.yaml" "$bodies/rate.json"
expect_exit 2 "a bad catalog: exit 2 (not 1, which means not JSON)" \
    "$errata" decode --catalog "$root/tests/catalogs/bad/about-blank-twice.yaml" "$bodies/rate.json"
expect_exit 2 "two body files: exit 2" decode "$bodies/rate.json" "$bodies/rate.json"
expect_exit 2 "an unknown option: exit 2" decode --bogus "$bodies/rate.json"
expect_exit 2 "a folder as the body: exit 2" decode "$bodies"
expect_exit 0 "--help: exit 0" "$errata" decode --help
expect_grep out "Usage: errata decode" "--help shows the usage"
expect_grep out "Exit status" "--help documents the exit codes"

# --- large bodies
python3 -c '
import json, sys
body = {"type": "https://errors.petstore.example/pet-not-found", "junk": "x" * (10 << 20), "pet_id": "7"}
sys.stdout.write(json.dumps(body))' >"$bodies/big.json"
expect_exit 0 "a 10 MiB body" decode --status 404 "$bodies/big.json"
json_check "10 MiB: the right code and member" \
    'r["code"] == "PET_NOT_FOUND" and r["extensions"] == {"pet_id": "7"} and len(r["unknown"]["junk"]) == (10 << 20) + 2'

# An unknown member's name longer than any fixed buffer is printed whole.
python3 -c '
import json, sys
sys.stdout.write(json.dumps({"type": "about:blank", "n" * 300: 1, "d" * 300 + "etail": 2}))' >"$bodies/longname.json"
expect_exit 0 "long unknown member names" decode --status 404 "$bodies/longname.json"
json_check "long unknown member names are printed whole, and apart" \
    'sorted(r["unknown"]) == sorted(["n" * 300, "d" * 300 + "etail"])'

# The output is JSON without duplicated names, even when the body has some
# (the last one wins, as in the decoder).
printf '%s' '{"type":"about:blank","x":1,"x":2,"title":"a","title":"b"}' >"$bodies/dup.json"
expect_exit 0 "duplicated member names" decode --status 404 "$bodies/dup.json"
if msg=$(python3 - "$TAP_TMP/out" 2>&1 <<'EOF'
import json, sys
def pairs(p):
    names = [k for k, _ in p]
    if len(names) != len(set(names)):
        raise ValueError("duplicated names in the output: %r" % names)
    return dict(p)
with open(sys.argv[1], encoding="utf-8") as f:
    r = json.load(f, object_pairs_hook=pairs)
assert r["unknown"] == {"x": "2"}, r["unknown"]
assert r["title"] == "b", r["title"]
EOF
); then
    tap_ok "duplicated names: printed once, the last value"
else
    tap_not_ok "duplicated names: printed once, the last value" "$msg"
fi

# --- --legacy: a 2xx body in the catalog's legacy shape (its migration:)
printf '%s' '{"success":false,"error":{"code":"RATE_LIMITED","message":"slow down"}}' >"$bodies/legacy.json"
expect_exit 0 "--legacy: a legacy 200 body is a problem document" \
    decode --status 200 --legacy --header 'Retry-After: 30' "$bodies/legacy.json"
json_check "--legacy: decoded as the code it names, with its status, flagged legacy" \
    'r["code"] == "RATE_LIMITED" and r["status"] == 429 and r["legacy"] is True and r["legacy_code"] == "RATE_LIMITED" and r["detail"] == "slow down" and r["retryable"] is True and r["retry_after"] == 30'
expect_exit 0 "without --legacy the same body is read as it is" decode --status 200 "$bodies/legacy.json"
json_check "without --legacy: no code, status 200, no legacy keys" \
    'r["code"] is None and r["status"] == 200 and "legacy" not in r'
expect_exit 2 "--legacy with a catalog that has no migration: is a usage error" \
    "$errata" decode --catalog "$root/tests/catalogs/good/minimal.yaml" --status 200 --legacy "$bodies/legacy.json"
expect_grep err "has no 'migration:'" "and says why"

# --- member names with '-' (tests/catalogs/good/hyphen-members.yaml): read
# under their JSON names; the C-style spelling is not theirs
cat >"$bodies/hyphen.json" <<'EOF'
{"type":"https://errors.example.com/quota-spent","status":429,"retry-after":30,
 "quota-name":"daily","violated-policies":["default","burst"],
 "offending-calls":[{"call-path":"/pets","call-count":3}],"quota_name":"x"}
EOF
expect_exit 0 "members with '-' decode" \
    "$errata" decode --catalog "$root/tests/catalogs/good/hyphen-members.yaml" "$bodies/hyphen.json"
json_check "typed under their JSON names, objects' properties too" \
    'r["code"] == "QUOTA_SPENT" and r["extensions"] == {"retry-after": 30, "quota-name": "daily", "violated-policies": ["default", "burst"], "offending-calls": [{"call-path": "/pets", "call-count": 3}]}'
json_check "the '_' spelling is an undeclared member" 'r["unknown"] == {"quota_name": "\"x\""}'

tap_done
