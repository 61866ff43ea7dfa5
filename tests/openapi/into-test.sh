#!/usr/bin/env bash
# errata openapi --into: the hand-written examples/petstore/openapi.yaml
# merged with catalog/petstore.yaml is valid OpenAPI, unchanged outside
# errata's parts (a structural diff), deterministic, written atomically with
# a depfile; mismatched operations are reported where they are; OpenAPI 3.0
# and JSON specs work; a spec that is not OpenAPI is refused, located.
# Usage: into-test.sh ERRATA SOURCE_ROOT
set -euo pipefail
errata=$(realpath "$1")
root=$(realpath "$2")
here=$root/tests/openapi
. "$root/tests/lib/tap.sh"
. "$root/tests/openapi/lib.sh"
T=$TAP_TMP
cd "$root"
spec=examples/petstore/openapi.yaml
catalog=catalog/petstore.yaml
node_check() { node "$here/check.mjs" "$@" >"$T/node.out" 2>&1; }
require_js_tools "$root"

expect_exit 0 "fresh document (JSON)" "$errata" openapi "$catalog" --format json -o "$T/fresh.json"
expect_exit 0 "merge into the hand-written spec" "$errata" openapi "$catalog" --into "$spec" \
    -o "$T/merged.yaml" --depfile "$T/merged.d"
check "no warning: every operation is on both sides" test ! -s "$T/err"
check "nothing on standard output with -o" test ! -s "$T/out"
check "the merge keeps YAML (the spec's format)" grep -q '^openapi: 3.1.0$' "$T/merged.yaml"
expect_exit 0 "the same merge as JSON" "$errata" openapi "$catalog" --into "$spec" --format json \
    -o "$T/merged.json"
check "the merged document passes the validator, ajv, examples and broken bodies" \
    node_check openapi "$T/merged.json" "$T/merged.yaml"
expect_exit 0 "outside errata's parts the spec is unchanged (structural diff)" \
    python3 "$here/structural-diff.py" "$spec" "$T/merged.json" "$T/fresh.json"
sed 's/"description": "Deleted."/"description": "Gone."/' "$T/merged.json" >"$T/tampered.json"
expect_exit 1 "the structural diff sees a change outside errata's parts" \
    python3 "$here/structural-diff.py" "$spec" "$T/tampered.json" "$T/fresh.json"
expect_grep out 'Deleted' "and names it"
check "an operation's error responses are \$refs to errata's responses" \
    grep -q "\"\$ref\": \"#/components/responses/Problem404.PET_NOT_FOUND\"" "$T/merged.json"

# deterministic, incremental, depfile
cp "$T/merged.yaml" "$T/first.yaml"
touch -d '2000-01-01' "$T/merged.yaml"
expect_exit 0 "merge again" "$errata" openapi "$catalog" --into "$spec" -o "$T/merged.yaml"
check "byte-identical" cmp -s "$T/first.yaml" "$T/merged.yaml"
check "an unchanged output is not rewritten (mtime kept)" \
    test "$(stat -c %Y "$T/merged.yaml")" = "$(date -d '2000-01-01' +%s)"
check "the depfile names the output, the catalog and the spec" \
    grep -q "^$T/merged.yaml: .*catalog/petstore.yaml.* examples/petstore/openapi.yaml$" "$T/merged.d"
expect_exit 0 "merging into the merged document changes nothing" \
    "$errata" openapi "$catalog" --into "$T/merged.yaml" -o "$T/again.yaml"
check "it is a fixed point" cmp -s "$T/merged.yaml" "$T/again.yaml"

# mismatched operations, located on both sides
python3 - "$spec" "$T/mismatch.yaml" <<'PY'
import sys
text = open(sys.argv[1]).read()
text = text.replace("    delete:\n      operationId: deletePet\n", "    x-delete:\n      operationId: deletePet\n")
text = text.replace("components:\n", "  /toys:\n    get:\n      responses:\n        \"200\": { description: Toys. }\ncomponents:\n", 1)
open(sys.argv[2], "w").write(text)
PY
line=$(grep -n '"DELETE /pets/{id}"' "$catalog" | cut -d: -f1)
toys=$(($(grep -n '^  /toys:' "$T/mismatch.yaml" | cut -d: -f1) + 1))
expect_exit 0 "a spec with operations the catalog lacks and vice versa still merges" \
    "$errata" openapi "$catalog" --into "$T/mismatch.yaml" -o "$T/mismatch-out.yaml"
expect_grep err "^$catalog:$line:3: warning: operation 'DELETE /pets/{id}' is not in $T/mismatch.yaml \[-Wopenapi-missing-operation\]" \
    "the catalog's operation missing from the spec, located in the catalog"
expect_grep err "^$T/mismatch.yaml:$toys:5: warning: operation 'get /toys' is not in the catalog's operations \[-Wopenapi-unlisted-operation\]" \
    "the spec's operation missing from the catalog, located in the spec"
expect_exit 1 "--werror refuses the mismatch" "$errata" openapi "$catalog" --into "$T/mismatch.yaml" \
    -o "$T/refused.yaml" --werror
check "and writes nothing" test ! -e "$T/refused.yaml"

# OpenAPI 3.0 and JSON specs
sed 's/^openapi: 3.1.0$/openapi: 3.0.3/' "$spec" >"$T/spec30.yaml"
expect_exit 0 "merge into an OpenAPI 3.0 spec" "$errata" openapi "$catalog" --into "$T/spec30.yaml" \
    --format json -o "$T/merged30.json"
check "the result is valid OpenAPI 3.0" node_check openapi "$T/merged30.json"
check "3.0 schemas pin type with a one-value enum, not const" \
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["components"]["schemas"]["PET_NOT_FOUND"]["properties"]["type"]; sys.exit(0 if s["enum"] == ["https://errors.petstore.example/pet-not-found"] and "const" not in s else 1)' "$T/merged30.json"
cp "$T/merged.json" "$T/spec.json"
expect_exit 0 "merge into a JSON spec" "$errata" openapi "$catalog" --into "$T/spec.json" -o "$T/out-json"
check "JSON in, JSON out" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/out-json"

# specs that are not OpenAPI 3.x, and bad usage
printf 'swagger: "2.0"\ninfo: { title: x, version: "1" }\npaths: {}\n' >"$T/swagger.yaml"
expect_exit 1 "a Swagger 2.0 document is refused" "$errata" openapi "$catalog" --into "$T/swagger.yaml"
expect_grep err "^$T/swagger.yaml:1:1: error: no 'openapi:' version" "located at the document"
printf 'openapi: 2.9.0\ninfo: { title: x, version: "1" }\n' >"$T/v29.yaml"
expect_exit 1 "an unknown OpenAPI version is refused" "$errata" openapi "$catalog" --into "$T/v29.yaml"
expect_grep err "^$T/v29.yaml:1:10: error: OpenAPI version '2.9.0' is not one --into reads" "located at the version"
printf 'openapi: 3.1.0\npaths: [\n' >"$T/broken.yaml"
expect_exit 1 "a spec that is not YAML is refused" "$errata" openapi "$catalog" --into "$T/broken.yaml" -o "$T/none.yaml"
expect_grep err "^$T/broken.yaml:[0-9]*:[0-9]*: error:" "located"
check "nothing written" test ! -e "$T/none.yaml"
printf 'openapi: 3.1.0\ninfo: { title: x, version: "1" }\nx-big: 18446744073709551616\n' >"$T/big.yaml"
expect_exit 1 "a number that cannot be written back exactly is refused" "$errata" openapi \
    "$catalog" --into "$T/big.yaml" -o "$T/big-out.yaml"
expect_grep err "^$T/big.yaml:3:8: error: the number 18446744073709551616 cannot be written back exactly" \
    "located at the number"
check "nothing written" test ! -e "$T/big-out.yaml"
expect_exit 2 "a missing spec is an I/O error" "$errata" openapi "$catalog" --into "$T/nope.yaml"
expect_exit 2 "an output in a missing folder is an I/O error" "$errata" openapi "$catalog" \
    -o "$T/no/such/dir.yaml"
expect_exit 2 "--depfile without -o is a usage error" "$errata" openapi "$catalog" --depfile "$T/d"
expect_exit 2 "an unknown --format is a usage error" "$errata" openapi "$catalog" --format xml
expect_grep err "unknown format 'xml'" "named"
tap_done
