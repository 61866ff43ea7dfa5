#!/usr/bin/env bash
# The main job, from a fresh Debian machine: installs what is missing, builds
# errata into build/, checks the shipped catalogs, generates the petstore's C
# and docs into build/petstore/, and runs the petstore service on :8080
# (scripts/demo.sh --port N for another port) until Ctrl-C, printing the
# curl commands to try. Every error it answers is one of the catalog's.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh

port=8080
while [ $# -gt 0 ]; do
    case $1 in
    --port) port=${2:?--port needs a number}; shift 2 ;;
    --port=*) port=${1#--port=}; shift ;;
    -h | --help) echo "usage: scripts/demo.sh [--port N]"; exit 0 ;;
    *) echo "scripts/demo.sh: unknown argument '$1' (usage: scripts/demo.sh [--port N])" >&2; exit 2 ;;
    esac
done

errata_install_deps
errata_setup build
meson compile -C build

errata=build/generator/errata
out=build/petstore
echo
echo "== errata lint --werror catalog/http.yaml catalog/petstore.yaml"
"$errata" lint --werror catalog/http.yaml catalog/petstore.yaml
echo "both catalogs are clean"

echo
echo "== errata generate catalog/petstore.yaml -o $out --docs --emit-runtime"
"$errata" generate catalog/petstore.yaml -o "$out" --lang c --docs --emit-runtime \
    --depfile "$out/pets.d"
ls "$out"

echo
echo "== errata schema catalog/petstore.yaml -o $out (JSON Schemas and index.json beside the pages)"
"$errata" schema catalog/petstore.yaml -o "$out"
echo "== errata openapi catalog/petstore.yaml -o $out/pets.openapi.yaml"
"$errata" openapi catalog/petstore.yaml -o "$out/pets.openapi.yaml"
echo "wrote $out/pets.openapi.yaml"

base=http://localhost:$port
cat <<EOF2

== petstore-server on $base (Ctrl-C stops it)
Try, from another terminal:

  curl -i $base/pets/1 -H 'Authorization: Bearer reader-token'          # 404 PET_NOT_FOUND
  curl -i -X POST $base/pets -H 'Authorization: Bearer writer-token' \\
       -H 'Content-Type: application/json' -d '{"name":"Rex","species":"dog","age":3}'   # 201 + Location
  curl -i $base/pets/1 -H 'Authorization: Bearer reader-token'          # 200 + ETag
  curl -i "$base/pets?id=1,2,3" -H 'Authorization: Bearer reader-token' # 207 Multi-Status
  curl -i -X POST $base/pets -H 'Authorization: Bearer writer-token' \\
       -H 'Content-Type: application/json' -d '{"name":"","age":-1}'     # 422, every field
  curl -i -X PUT $base/pets/1 -H 'Authorization: Bearer writer-token' -H 'If-Match: "9"' \\
       -H 'Content-Type: application/json' -d '{"name":"Rex","species":"dog","age":4}'   # 412
  curl -i -X DELETE $base/pets/1 -H 'Authorization: Bearer reader-token' # 403 SCOPE_REQUIRED
  curl -i $base/pets                                                      # 401 + WWW-Authenticate
  curl -i -X DELETE $base/pets -H 'Authorization: Bearer writer-token'  # 405 + Allow
  curl -i $base/nowhere                                                   # 404 about:blank

Every type URI in those answers ($base/errors/SLUG) is its documentation:
open $base/errors/ in a browser, or ask for its JSON Schema:

  curl -s $base/errors/pet-not-found -H 'Accept: application/schema+json'
  curl -s $base/errors/ -H 'Accept: application/json'                     # index.json

The client decodes the same answers:

  build/examples/petstore/petstore-client --url $base get 1

More: docs/petstore.md. The access log follows.
EOF2
exec build/examples/petstore/petstore-server --port "$port" --docs "$out"
