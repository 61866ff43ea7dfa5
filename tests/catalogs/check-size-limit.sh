#!/usr/bin/env bash
# A 20 MiB catalog (over the 16 MiB limit) must fail cleanly with a located
# error, without being parsed; so must a small catalog that includes it. The
# file is made here, in a temporary folder: it is too big to commit.
#
# Usage: check-size-limit.sh ERRATA
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 ERRATA" >&2
    exit 2
fi
errata=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/cwd" "$work/in"

big=$work/in/big.yaml
{
    printf 'errata: 1\nname: big\nbase_uri: https://errors.example.com/\nerrors:\n'
    printf '  - code: BIG_FAILED\n    status: 400\n    title: Big failed\n'
} >"$big"
# Padding: comment lines of 1 KiB until the file holds 20 MiB.
line="#$(printf '%01022d' 0)"
for _ in $(seq 1 1024); do printf '%s\n' "$line"; done >"$work/pad"
for _ in $(seq 1 20); do cat "$work/pad"; done >>"$big"
size=$(stat -c %s "$big")
[ "$size" -gt $((20 * 1024 * 1024)) ] || {
    echo "FAIL: test catalog is only $size bytes" >&2
    exit 1
}

main=$work/in/includes-big.yaml
cat >"$main" <<'EOF'
errata: 1
name: small
base_uri: https://errors.example.com/
include: [big.yaml]
errors:
  - code: SMALL_FAILED
    status: 400
    title: Small failed
EOF

check() { # CATALOG EXPECTED_LINE_PREFIX
    local catalog=$1 want=$2 status=0
    set +e
    (cd "$work/cwd" && "$errata" lint "$catalog") >"$work/stdout" 2>"$work/stderr"
    status=$?
    set -e
    local problem=''
    if [ "$status" -ge 128 ]; then
        problem="errata crashed (exit status $status)"
    elif [ "$status" -ne 1 ]; then
        problem="expected exit status 1, got $status"
    elif ! grep -qF -- "$want" "$work/stderr"; then
        problem="missing a line containing: $want"
    elif [ "$(grep -c ': error: ' "$work/stderr")" -ne 1 ]; then
        problem="expected exactly one error line"
    elif [ -n "$(ls -A "$work/cwd")" ]; then
        problem="lint wrote into its working folder"
    fi
    if [ -n "$problem" ]; then
        {
            echo "FAIL: errata lint $catalog (run in an empty folder): $problem"
            echo "  --- stderr ---"
            cat "$work/stderr"
            echo "  --- end of stderr ---"
        } >&2
        exit 1
    fi
    echo "ok $catalog"
}

check "$big" "$big:1:1: error: file is larger than 16777216 bytes"
check "$main" "$main:4:11: error: included catalog '"
grep -qF "is larger than 16777216 bytes" "$work/stderr" || {
    echo "FAIL: the include error does not give the limit" >&2
    cat "$work/stderr" >&2
    exit 1
}
