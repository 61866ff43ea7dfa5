#!/usr/bin/env bash
# Every shipped and test catalog through errata openapi (YAML and JSON) and
# errata schema, checked by tools errata does not write: the pinned OpenAPI
# validator and ajv (check.mjs): valid OpenAPI 3.1, every schema compiles,
# every example body validates against its schema and its response, broken
# bodies are rejected, index.json agrees with the schema files.
# Usage: catalogs-test.sh ERRATA SOURCE_ROOT
set -euo pipefail
errata=$(realpath "$1")
root=$(realpath "$2")
. "$root/tests/lib/tap.sh"
. "$root/tests/openapi/lib.sh"
T=$TAP_TMP
cd "$root"
require_js_tools "$root"

# CATALOG EXAMPLES: 'every' when every error has an example body (all its
# required members have examples), else 'some'.
while read -r catalog examples; do
    name=$(basename "$catalog" .yaml)
    flag=()
    [ "$examples" = every ] && flag=(--every-example)
    inc=(-I tests/catalogs/good/lib)
    expect_exit 0 "$name: errata openapi (JSON)" "$errata" openapi "${inc[@]}" "$catalog" \
        --format json -o "$T/$name.json"
    expect_exit 0 "$name: errata openapi (YAML, to standard output)" "$errata" openapi \
        "${inc[@]}" "$catalog"
    cp "$T/out" "$T/$name.yaml"
    expect_exit 0 "$name: errata schema" "$errata" schema "${inc[@]}" "$catalog" -o "$T/$name-schema"
    check_mjs "$name: OpenAPI valid, schemas compile, examples validate, broken bodies refused" \
        openapi "$T/$name.json" "$T/$name.yaml" "${flag[@]}"
    check_mjs "$name: schema files and index.json pass" schema "$T/$name-schema" "${flag[@]}"
done <<'LIST'
catalog/petstore.yaml every
catalog/http.yaml every
tests/catalogs/good/allow.yaml some
tests/catalogs/good/anchors.yaml every
tests/catalogs/good/bom.yaml every
tests/catalogs/good/full.yaml every
tests/catalogs/good/hyphen-members.yaml every
tests/catalogs/good/include-select.yaml every
tests/catalogs/good/minimal.yaml every
tests/catalogs/good/migration.yaml some
tests/catalogs/good/rate-limited.yaml every
tests/catalogs/good/removed.yaml every
tests/catalogs/good/with-include.yaml every
tests/docs/hostile.yaml every
tests/c/nasty.yaml some
tests/mhd/mhd_test.yaml some
LIST
check "every good catalog is in the list" \
    test "$(ls tests/catalogs/good/*.yaml | wc -l)" -eq 11

P=catalog/petstore.yaml
expect_exit 0 "petstore: errata openapi" "$errata" openapi "$P" --format json -o "$T/p.json"
check "petstore: a response per status, the discriminator mapping every type" python3 - "$T/p.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = d["components"]["responses"]
assert set(r["Problem404"]["content"]["application/problem+json"]["schema"]["discriminator"]["mapping"]) == \
    {"https://errors.petstore.example/pet-not-found", "about:blank"}, r["Problem404"]
assert r["Problem429"]["headers"] == {"Retry-After": {"$ref": "#/components/headers/Retry-After"},
                                      "X-RateLimit-Limit": {"$ref": "#/components/headers/X-RateLimit-Limit"}}
assert "WWW-Authenticate" in r["Problem401"]["headers"]
assert set(d["components"]["headers"]) >= {"Retry-After", "WWW-Authenticate", "X-RateLimit-Limit", "Allow"}
assert list(d["paths"]) == ["/pets", "/pets/{id}"]
assert list(d["paths"]["/pets/{id}"]) == ["parameters", "get", "put", "patch", "delete"]
get = d["paths"]["/pets/{id}"]["get"]["responses"]
assert list(get) == ["401", "403", "404", "422", "429", "500", "503"], list(get)
assert get["404"] == {"$ref": "#/components/responses/Problem404.PET_NOT_FOUND"}
assert "405" not in json.dumps(d["paths"])
PY
expect_exit 0 "petstore: -o NAME.json writes JSON" "$errata" openapi "$P" -o "$T/by-name.json"
check "the same document as --format json" cmp -s "$T/p.json" "$T/by-name.json"
expect_exit 0 "petstore: --format yaml wins over the name" "$errata" openapi "$P" --format yaml \
    -o "$T/yaml.json"
check "YAML it is" grep -q '^openapi: 3.1.0$' "$T/yaml.json"
# check.mjs itself can fail: a document whose example breaks its schema, or
# whose schema no longer pins the type, is caught
python3 - "$T/p.json" "$T/bad-example.json" "$T/no-const.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["components"]["schemas"]["PET_NOT_FOUND"]["examples"][0]["pet_id"] = 42
json.dump(d, open(sys.argv[2], "w"))
d = json.load(open(sys.argv[1]))
del d["components"]["schemas"]["PET_NOT_FOUND"]["properties"]["type"]["const"]
json.dump(d, open(sys.argv[3], "w"))
PY
expect_exit 1 "check.mjs fails an example that breaks its schema" \
    node "$root/tests/openapi/check.mjs" openapi "$T/bad-example.json"
expect_grep out "^not ok .* - PET_NOT_FOUND: its example validates" "and names it"
expect_exit 1 "check.mjs fails a schema that does not pin its type" \
    node "$root/tests/openapi/check.mjs" openapi "$T/no-const.json"
expect_grep out "^not ok .* - PET_NOT_FOUND: a foreign type is rejected" "and names it"
# the examples are the bytes the docs show, which liberrata wrote
expect_exit 0 "petstore: errata model" "$errata" model "$P"
cp "$T/out" "$T/model.json"
check "petstore: each example is the body of the docs' example response" python3 - "$T/p.json" "$T/model.json" <<'PY'
import json, sys
d, m = (json.load(open(p)) for p in sys.argv[1:3])
schemas = d["components"]["schemas"]
for e in m["errors"]:
    body = json.loads(e["example_response"]["body"])
    assert schemas[e["code"]]["examples"] == [body], e["code"]
PY

# methods OpenAPI has no field for, located at the operation
printf 'errata: 1\nname: x\nbase_uri: https://e.example/\nerrors:\n  - code: GONE_AWAY\n    status: 410\n    title: Gone\noperations:\n  "PURGE /cache": [GONE_AWAY]\n' >"$T/purge.yaml"
expect_exit 0 "a method OpenAPI cannot express lints clean" "$errata" lint "$T/purge.yaml"
expect_exit 1 "errata openapi refuses it" "$errata" openapi "$T/purge.yaml" -o "$T/purge.out"
expect_grep err "purge.yaml:9:3: error: method 'PURGE' of operation 'PURGE /cache' has no field in an OpenAPI path item" \
    "located at the operation"
check "and writes nothing" test ! -e "$T/purge.out"
expect_exit 1 "a bad catalog fails errata openapi" "$errata" openapi tests/catalogs/bad/status-200.yaml
expect_exit 1 "a bad catalog fails errata schema" "$errata" schema tests/catalogs/bad/status-200.yaml -o "$T/bad"
check "and writes nothing" test ! -e "$T/bad"

# errata schema: atomic, deterministic, depfile
expect_exit 0 "schema with a depfile" "$errata" schema "$P" -o "$T/s1" --depfile "$T/s1.d"
check "the depfile names index.json and the catalog" grep -q "$T/s1/index.json.*: .*catalog/petstore.yaml" "$T/s1.d"
expect_exit 0 "schema again" "$errata" schema "$P" -o "$T/s2"
check "byte-identical" diff -r "$T/s1" "$T/s2"
expect_exit 2 "schema without -o is a usage error" "$errata" schema "$P"
tap_done
