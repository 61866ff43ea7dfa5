#!/usr/bin/env bash
# errata conform against the deliberately broken double (broken-server.c):
# every violation broken.expect lists is reported, at its case's line, and
# nothing else; the timeout, the deadline and --resolve-types; the JSON
# and JUnit formats; a HAR recording; malformed case files (bad/*.yaml,
# located errors, nothing sent); usage errors; errata without
# errata-conform beside it.
# Usage: conform-test.sh ERRATA BROKEN_SERVER SOURCE_ROOT
set -euo pipefail
errata=$(realpath "$1")
server=$(realpath "$2")
root=$(realpath "$3")
here=$root/tests/conform
. "$root/tests/lib/tap.sh"
T=$TAP_TMP
catalog=$root/catalog/petstore.yaml
pid=

"$server" >"$T/listen" 2>"$T/server.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$TAP_TMP"' EXIT
url=
# The background shell may not have created the file yet on the first turns.
for _ in $(seq 600); do
    url=$(sed -n 's|^listening on \(http://127.0.0.1:[0-9]*\)/$|\1|p' "$T/listen" 2>/dev/null || true)
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
done
[ -n "$url" ] || { tap_not_ok "the broken server started" "$(cat "$T/server.log")"; tap_done; }

# --- every violation, named and located, and nothing more
cd "$here"
expect_exit 1 "conform fails the broken server" \
    "$errata" conform --catalog "$catalog" --url "$url" broken.yaml
sed -n 's|^broken.yaml:\([0-9]*:[0-9]*\): error: .* \[\([a-z-]*\)\]$|\1 [\2]|p' "$T/out" |
    sort >"$T/got"
grep -v '^#' broken.expect | sort >"$T/want"
while read -r loc check; do
    check "broken.yaml:$loc reports $check" grep -qxF "$loc $check" "$T/got"
done <"$T/want"
check "no violation beyond broken.expect" diff "$T/want" "$T/got"
expect_grep out "^errata conform: 17 cases, 15 failed, 24 violations$" "the summary counts them"
expect_grep out '^ *7 |   - name: a failure answered 200 with success false$' \
    "each report quotes the case's line"
expect_grep out 'sqlite3_step: no such table: pets (store.c:212)\\x1b\[2J' \
    "the leaked detail is quoted, its control character as \\x1b"
check "no raw control character reaches the report" bash -c "! grep -q \$'\\x1b' '$T/out'"
expect_grep out "Allow lists DELETE, but DELETE /allow is answered 405" \
    "the Allow follow-up request is named"

# --- the formats
expect_exit 1 "--format json" "$errata" conform --catalog "$catalog" --url "$url" \
    --format json broken.yaml
check "the JSON report parses and counts" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["summary"] == {"cases": 17, "failed": 15}, r["summary"]
checks = sorted("%d:%d [%s]" % (c["line"], c["column"], v["check"])
                for c in r["cases"] for v in c["violations"])
want = sorted(l.strip() for l in open(sys.argv[2]) if l.strip() and not l.startswith("#"))
assert checks == want, (checks, want)
assert r["cases"][-1]["passed"] is True and r["cases"][-1]["status"] == 404
' "$T/out" broken.expect
expect_exit 1 "--format junit" "$errata" conform --catalog "$catalog" --url "$url" \
    --format junit broken.yaml
check "the JUnit report parses: one testcase a case, a failure per failing case" python3 -c '
import sys, xml.etree.ElementTree as ET
t = ET.parse(sys.argv[1]).getroot()
assert t.tag == "testsuites" and t.get("tests") == "17" and t.get("failures") == "15"
cases = t.findall("./testsuite/testcase")
assert len(cases) == 17
failed = [c for c in cases if c.find("failure") is not None]
assert len(failed) == 15
f = cases[0].find("failure")
assert f.get("type") == "failure-as-success", f.get("type")
assert "broken.yaml:7:5: " in f.text and "[success-false]" in f.text, f.text
' "$T/out"

# --- a clean pass
cat >"$T/good.yaml" <<'YAML'
conform: 1
cases:
  - path: /good
    expect: PET_NOT_FOUND
YAML
expect_exit 0 "a correct answer passes (exit 0)" \
    "$errata" conform --catalog "$catalog" --url "$url" "$T/good.yaml"
expect_grep out "^errata conform: 1 case, 0 failed, 0 violations$" "and says so"

# --- bounded: the per-request timeout, the total deadline
cat >"$T/slow.yaml" <<'YAML'
conform: 1
cases:
  - path: /slow
    expect: success
  - path: /good
    expect: PET_NOT_FOUND
YAML
expect_exit 1 "a response slower than --timeout fails" \
    "$errata" conform --catalog "$catalog" --url "$url" --timeout 1 "$T/slow.yaml"
expect_grep out "slow.yaml:3:5: error: .*timed out.* \[transport\]$" "as a transport violation"
check "the next case still runs" bash -c "! grep -q 'slow.yaml:5:5' '$T/out'"
expect_exit 1 "a run longer than --deadline stops sending" \
    "$errata" conform --catalog "$catalog" --url "$url" --timeout 10 --deadline 1 "$T/slow.yaml"
expect_grep out "slow.yaml:5:5: error: .*not sent: the total deadline (--deadline) has passed \[transport\]$" \
    "the cases left are reported, not sent"

expect_exit 1 "a service that does not answer fails every case" \
    "$errata" conform --catalog "$catalog" --url http://127.0.0.1:9 --timeout 2 "$T/good.yaml"
expect_grep out "good.yaml:3:5: error: .* \[transport\]$" "as a transport violation, located"

# --- type URIs: --resolve-types, only under --url or --type-base
cat >"$T/types.yaml" <<'YAML'
conform: 1
cases:
  - path: /unresolved
    expect: PET_NOT_FOUND
YAML
expect_exit 1 "a type URI under --type-base that answers 404 fails --resolve-types" \
    "$errata" conform --catalog "$catalog" --url "$url" --type-base "$url/errors/" \
    --resolve-types "$T/types.yaml"
expect_grep out "types.yaml:3:5: error: .*GET $url/errors/pet-not-found answered 404, not 200 \[type-unresolved\]$" \
    "the type URI and its answer are named"
expect_exit 1 "without --type-base the rebased type is the wrong type" \
    "$errata" conform --catalog "$catalog" --url "$url" "$T/types.yaml"
expect_grep out "types.yaml:3:5: error: .*\[type\]$" "reported as [type]"
expect_exit 1 "--resolve-types does not fetch a type outside --url and --type-base" \
    "$errata" conform --catalog "$catalog" --url "$url" --resolve-types "$T/good.yaml"
expect_grep out "outside --url and --type-base: not fetched \[type-unresolved\]$" "it says so"

# --- a HAR recording: nothing sent, the outcome read from each response
expect_exit 1 "--har: a recording with violations fails" \
    "$errata" conform --catalog "$catalog" --har recorded.har
expect_grep out '^recorded.har:15:7: error: GET /pets?id=9: .*\[success-false\]$' \
    "a 200 with success false, located at its HAR entry"
expect_grep out '^recorded.har:23:7: error: BREW /coffee: .*\[unknown-problem\]$' \
    "a problem type the catalog does not declare"
expect_grep out '^recorded.har:31:7: error: GET /pets/1: expected 500 INTERNAL_ERROR: .*disk I/O error.*\[detail-leak\]$' \
    "a leaking 500 (its body base64-encoded)"
expect_grep out "^errata conform: 5 cases, 3 failed, 3 violations$" \
    "the correct 404 and the redirect pass"
python3 -c 'import json, sys; json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], "w"),
    separators=(",", ":"))' recorded.har "$T/minified.har"
expect_exit 1 "--har: a minified recording" "$errata" conform --catalog "$catalog" --har "$T/minified.har"
expect_grep out '^.*minified.har:1:692: error: GET /pets?id=9: .*\[success-false\]$' \
    "located on its one line"
check "its one long line is not quoted under each report" bash -c "! grep -q '^ *1 | ' '$T/out'"
# Nested members, bounds, a hidden member, header grammar and directive
# sets, on a recording against a catalog made for it (audit.yaml).
expect_exit 1 "--har: the audit recording fails" \
    "$errata" conform --catalog audit.yaml --har audit.har
sed -n 's|^audit.har:\([0-9]*:[0-9]*\): error: .* \[\([a-z-]*\)\]$|\1 [\2]|p' "$T/out" |
    sort >"$T/got"
grep -v '^#' audit.expect | sort >"$T/want"
check "audit.har: exactly the violations audit.expect lists" diff "$T/want" "$T/got"
expect_grep out "member 'problems\[1\].pointer' is missing" "a nested member is named by its path"
expect_grep out "member 'card_hash' is declared 'expose: false'" "a hidden member sent"
printf '{"log": {"entries": [{"request": {"method": "GET", "url": "http://x/", "headers": []}}]}}\n' \
    >"$T/bad.har"
expect_exit 1 "a malformed HAR is an input error" \
    "$errata" conform --catalog "$catalog" --har "$T/bad.har"
expect_grep err "bad.har:1:22: error: HAR: an entry has no 'response'" "located at the entry"

# --- malformed case files: located errors, one a cause, nothing sent
for yaml in bad/*.yaml; do
    expect_exit 1 "$yaml: exit 1" "$errata" conform --catalog "$catalog" --url "$url" "$yaml"
    while IFS= read -r line; do
        expect_grep err "^$(printf '%s' "$yaml:$line" | sed 's/[][\.*^$]/\\&/g')\$" \
            "$yaml: $line"
    done <"${yaml%.yaml}.expect"
    check "$yaml: no other error" test "$(grep -c ': error: ' "$T/err")" -eq \
        "$(wc -l <"${yaml%.yaml}.expect")"
    check "$yaml: nothing sent" test ! -s "$T/out"
done
check "the double saw no request from a malformed case file" \
    bash -c "! grep -q 'expct\|evil' '$T/server.log'"

# --- usage
expect_exit 2 "no arguments" "$errata" conform
expect_exit 2 "no catalog" "$errata" conform --url "$url" broken.yaml
expect_exit 2 "--url without case files" "$errata" conform --catalog "$catalog" --url "$url"
expect_exit 2 "--url and --har together" \
    "$errata" conform --catalog "$catalog" --url "$url" --har recorded.har
expect_exit 2 "--har with case files" \
    "$errata" conform --catalog "$catalog" --har recorded.har broken.yaml
expect_exit 2 "an unknown format" \
    "$errata" conform --catalog "$catalog" --url "$url" --format xml broken.yaml
expect_grep err "unknown format 'xml'" "named"
expect_exit 2 "a URL that is not http(s)" \
    "$errata" conform --catalog "$catalog" --url "file:///etc" broken.yaml
expect_exit 2 "--timeout 0" \
    "$errata" conform --catalog "$catalog" --url "$url" --timeout 0 broken.yaml
expect_exit 2 "a case file that cannot be read" \
    "$errata" conform --catalog "$catalog" --url "$url" "$T/missing.yaml"
expect_exit 2 "an unknown option" "$errata" conform --catalog "$catalog" --bogus
expect_exit 1 "a catalog with errors" \
    "$errata" conform --catalog "$root/tests/catalogs/bad/about-blank-twice.yaml" \
    --url "$url" broken.yaml
expect_exit 0 "--help" "$errata" conform --help
expect_grep out "^Usage: errata conform --catalog CATALOG --url BASE" "prints the usage"
expect_exit 0 "errata help conform" "$errata" help conform
expect_grep out "--resolve-types" "prints the same help"

# --- errata alone, without errata-conform anywhere it looks
mkdir "$T/alone"
cp "$errata" "$T/alone/errata"
expect_exit 2 "errata conform without errata-conform" \
    "$T/alone/errata" conform --catalog "$catalog" --url "$url" broken.yaml
expect_grep err "errata-conform is not installed" "says what is missing"
tap_done
