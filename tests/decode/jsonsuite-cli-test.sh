#!/usr/bin/env bash
# JSONTestSuite (../shared/conformance/JSONTestSuite/test_parsing) through
# `errata decode --catalog petstore.yaml --status 400 FILE`, one run per file:
#   y_  exit 0 when the top-level value is an object, else 3
#       (python3's json module says which: only for y_ files, which are valid
#       RFC 8259, since python accepts some n_ inputs such as NaN);
#   n_  exit 1, and "at byte N" in the message;
#   i_  exit 0, 1 or 3: never a crash (exit >= 128) nor a hang (timeout 10 s).
# One TAP line per category, each failure listed under it. Fails, never
# skips, when the folder is missing or holds fewer than 318 cases.
# Usage: jsonsuite-cli-test.sh ERRATA SOURCE_ROOT SUITE_DIR
set -euo pipefail
errata=$(realpath "$1")
root=$(realpath "$2")
suite=$3
. "$root/tests/lib/tap.sh"

petstore=$root/catalog/petstore.yaml

if [ ! -d "$suite" ]; then
    tap_not_ok "JSONTestSuite found" "no folder $suite (see ../shared/conformance/README.md)"
    tap_done
    exit 1
fi
mapfile -t files < <(find "$suite" -maxdepth 1 -type f -name '*.json' | LC_ALL=C sort)
if [ "${#files[@]}" -ge 318 ]; then
    tap_ok "JSONTestSuite has ${#files[@]} cases (>= 318)"
else
    tap_not_ok "JSONTestSuite has ${#files[@]} cases, expected at least 318" "in $suite"
fi

# The top-level kind of every y_ file, by python3: "object" or "other".
declare -A kind
while IFS=$'\t' read -r name k; do
    kind[$name]=$k
done < <(python3 - "$suite" <<'EOF'
import json, os, sys
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    if not name.startswith("y_"):
        continue
    with open(os.path.join(d, name), "rb") as f:
        v = json.loads(f.read().decode("utf-8"))
    print(name + "\t" + ("object" if isinstance(v, dict) else "other"))
EOF
)

declare -A count=([y]=0 [n]=0 [i]=0) failed=([y]=0 [n]=0 [i]=0) failures=([y]="" [n]="" [i]="")
i_exits=""
for f in "${files[@]}"; do
    name=$(basename "$f")
    cat=${name:0:1}
    case $cat in y | n | i) ;; *) continue ;; esac
    count[$cat]=$((count[$cat] + 1))
    set +e
    timeout 10 "$errata" decode --catalog "$petstore" --status 400 "$f" \
        >"$TAP_TMP/out" 2>"$TAP_TMP/err"
    status=$?
    set -e
    why=""
    case $cat in
    y)
        if [ -z "${kind[$name]:-}" ]; then
            why="python3 could not read it"
        else
            want=3
            [ "${kind[$name]}" = object ] && want=0
            [ "$status" -eq "$want" ] || why="exit $status, expected $want (${kind[$name]})"
        fi
        ;;
    n)
        if [ "$status" -ne 1 ]; then
            why="exit $status, expected 1"
        elif ! grep -q 'at byte [0-9][0-9]*' "$TAP_TMP/err"; then
            why="no 'at byte N' in: $(head -c 300 "$TAP_TMP/err")"
        fi
        ;;
    i)
        case $status in
        0 | 1 | 3) i_exits+="$name=$status " ;;
        124) why="hung (killed after 10 s)" ;;
        *) why="exit $status" ;;
        esac
        ;;
    esac
    if [ -n "$why" ]; then
        failed[$cat]=$((failed[$cat] + 1))
        failures[$cat]+="$name: $why"$'\n'
    fi
done

report() {
    local cat=$1 desc=$2
    if [ "${failed[$cat]}" -eq 0 ] && [ "${count[$cat]}" -gt 0 ]; then
        tap_ok "$desc: all ${count[$cat]}"
    else
        tap_not_ok "$desc: ${failed[$cat]} of ${count[$cat]} failed" "${failures[$cat]}"
    fi
}
report y "y_ files: exit 0 for an object, 3 for another value"
report n "n_ files: exit 1 with the byte offset"
report i "i_ files: exit 0, 1 or 3, no crash or hang"
echo "# i_ exit codes: $i_exits"
tap_done
