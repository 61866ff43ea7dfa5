#!/usr/bin/env bash
# docs/petstore.md is taken from the catalog: every code it names is one of
# catalog/petstore.yaml's (http.yaml included), and every code the
# petstore's own catalog declares is documented there.
# Usage: doc-test.sh ERRATA SOURCE_ROOT
set -euo pipefail
errata=$(realpath "$1")
root=$(realpath "$2")
. "$root/tests/lib/tap.sh"
"$errata" model "$root/catalog/petstore.yaml" >"$TAP_TMP/model.json"
python3 - "$TAP_TMP/model.json" "$root/docs/petstore.md" <<'PY' >"$TAP_TMP/result" || true
import json, re, sys
model = json.load(open(sys.argv[1]))
doc = open(sys.argv[2]).read()
codes = {e["code"] for e in model["errors"]}
own = {e["code"] for e in model["errors"] if e["origin"] == "pets"}
named = set(re.findall(r"`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`", doc))  # codes, not methods
print("unknown:", " ".join(sorted(named - codes)))
print("undocumented:", " ".join(sorted(own - named)))
PY
check "every code docs/petstore.md names is in the catalog" grep -qx 'unknown: ' "$TAP_TMP/result"
check "every code of petstore.yaml is documented" grep -qx 'undocumented: ' "$TAP_TMP/result"
sed 's/^/# /' "$TAP_TMP/result"
tap_done
