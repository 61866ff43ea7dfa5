#!/usr/bin/env bash
# Command-line behaviour of errata: exit codes 0/1/2, --help, --version, option
# placement, include search, lint writing nothing, model determinism.
# Usage: cli-test.sh ERRATA SOURCE_ROOT VERSION
set -euo pipefail
errata=$(realpath "$1")
root=$(realpath "$2")
version=$3
. "$root/tests/lib/tap.sh"

petstore=$root/catalog/petstore.yaml
http=$root/catalog/http.yaml

# --- the top level
expect_exit 2 "no command is a usage error" "$errata"
expect_grep err "Usage: errata COMMAND" "usage goes to stderr without a command"
expect_exit 0 "--version succeeds" "$errata" --version
expect_grep out "^errata $version\$" "--version prints the project version"
expect_exit 0 "--help succeeds" "$errata" --help
expect_grep out "lint" "--help lists lint"
expect_grep out "model" "--help lists model"
expect_grep out "openapi" "--help lists openapi"
expect_grep out "schema" "--help lists schema"
expect_exit 2 "an unknown command is a usage error" "$errata" frobnicate
expect_grep err "unknown command 'frobnicate'" "unknown command is named"
expect_exit 0 "help COMMAND prints the command's help" "$errata" help lint
expect_grep out "Usage: errata lint" "help lint shows lint's usage"

# --- per-command help and usage errors
for cmd in lint model openapi; do
    expect_exit 0 "$cmd --help succeeds" "$errata" "$cmd" --help
    expect_grep out "Usage: errata $cmd" "$cmd --help shows its usage"
    expect_grep out "Exit status" "$cmd --help documents exit codes"
    expect_exit 0 "$cmd -h succeeds" "$errata" "$cmd" -h
    expect_exit 2 "$cmd without a catalog is a usage error" "$errata" "$cmd"
    expect_grep err "no catalog given" "$cmd names the missing argument"
    expect_exit 2 "$cmd with an unknown option is a usage error" "$errata" "$cmd" --bogus "$petstore"
    expect_grep err "unknown option '--bogus'" "$cmd names the unknown option"
    expect_exit 2 "$cmd -I without a folder is a usage error" "$errata" "$cmd" "$petstore" -I
    expect_grep err "needs a value" "$cmd says -I needs a value"
    expect_exit 2 "$cmd on a missing file is an I/O error" "$errata" "$cmd" "$TAP_TMP/nope.yaml"
    expect_grep err "cannot read '.*nope.yaml': No such file" "$cmd explains the missing file"
    expect_exit 2 "$cmd on a folder is an I/O error" "$errata" "$cmd" "$root/catalog"
    expect_exit 2 "$cmd --werror=x is a usage error" "$errata" "$cmd" --werror=x "$petstore"
done
expect_exit 0 "schema --help succeeds" "$errata" schema --help
expect_grep out "Usage: errata schema" "schema --help shows its usage"
expect_grep out "index.json" "schema --help names index.json"
expect_exit 2 "schema without -o is a usage error" "$errata" schema "$petstore"
expect_grep err "no output folder given" "schema names the missing -o"
expect_exit 2 "openapi takes exactly one catalog" "$errata" openapi "$petstore" "$http"
expect_exit 2 "model takes exactly one catalog" "$errata" model "$petstore" "$http"

# --- lint
expect_exit 0 "both shipped catalogs lint clean with --werror" "$errata" lint --werror "$http" "$petstore"
check "a clean lint prints nothing" test ! -s "$TAP_TMP/err"
expect_exit 0 "options may follow the catalogs" "$errata" lint "$http" "$petstore" --werror

mkdir -p "$TAP_TMP/inc/lib" "$TAP_TMP/work"
cat >"$TAP_TMP/inc/lib/shared.yaml" <<'YAML'
errata: 1
name: shared
base_uri: https://errors.example/shared/
errors:
  - { code: SHARED_FAILURE, status: 500, title: Shared failure }
YAML
cat >"$TAP_TMP/inc/main.yaml" <<'YAML'
errata: 1
name: svc
base_uri: https://errors.example/svc/
include: [shared.yaml]
errors:
  - { code: SVC_BROKEN, status: 400, title: Broken request }
YAML
cat >"$TAP_TMP/inc/bad.yaml" <<'YAML'
errata: 1
name: bad
base_uri: https://errors.example/bad/
errors:
  - { code: BAD, status: 200, title: Not an error }
YAML
expect_exit 1 "an include not on the search path is an error" "$errata" lint "$TAP_TMP/inc/main.yaml"
expect_grep err "main.yaml:4:11: error: cannot find included catalog 'shared.yaml'" "the missing include is located"
expect_exit 0 "-I DIR finds the include" "$errata" lint -I "$TAP_TMP/inc/lib" "$TAP_TMP/inc/main.yaml"
expect_exit 0 "-IDIR finds the include" "$errata" lint "-I$TAP_TMP/inc/lib" "$TAP_TMP/inc/main.yaml"
expect_exit 0 "--include-dir=DIR finds the include" "$errata" lint "--include-dir=$TAP_TMP/inc/lib" "$TAP_TMP/inc/main.yaml"
expect_exit 1 "a bad catalog among good ones fails lint" "$errata" lint "$petstore" "$TAP_TMP/inc/bad.yaml"
expect_grep err "bad.yaml:5:26: error: status 200 is a success code" "the bad one is reported"
expect_grep err "^errata: 1 error, 0 warnings" "a summary counts the diagnostics"
expect_exit 2 "an I/O error outranks a bad catalog" "$errata" lint "$TAP_TMP/inc/bad.yaml" "$TAP_TMP/nope.yaml"

(cd "$TAP_TMP/work" && "$errata" lint "$petstore" "$TAP_TMP/inc/bad.yaml" >/dev/null 2>&1 || true)
check "lint writes no file" test -z "$(ls -A "$TAP_TMP/work")"

# --- model
expect_exit 0 "model prints the petstore model" "$errata" model "$petstore"
cp "$TAP_TMP/out" "$TAP_TMP/model1.json"
check "the model is valid JSON" python3 -m json.tool "$TAP_TMP/model1.json" /dev/null
(cd "$TAP_TMP/work" && "$errata" model "$petstore" >"$TAP_TMP/model2.json")
check "the model is byte-identical across runs and working folders" cmp "$TAP_TMP/model1.json" "$TAP_TMP/model2.json"
check "the model merges http.yaml" python3 - "$TAP_TMP/model1.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
codes = {e["code"]: e for e in m["errors"]}
assert m["names"]["PREFIX"] == "PETS" and m["names"]["header"] == "pets_errors.h"
assert codes["PET_NOT_FOUND"]["enum"] == "PETS_PET_NOT_FOUND"
assert codes["PET_NOT_FOUND"]["type_uri"] == "https://errors.petstore.example/pet-not-found"
assert codes["PET_NOT_FOUND"]["struct"] == "pets_pet_not_found_t"
assert codes["NOT_FOUND"]["type_uri"] == "about:blank" and codes["NOT_FOUND"]["origin"] == "http"
assert codes["RATE_LIMITED"]["retryable"] is True and codes["PET_NOT_FOUND"]["retryable"] is False
assert codes["INTERNAL_ERROR"]["expose_detail"] is False and codes["INTERNAL_ERROR"]["status_class"] == "5xx"
assert sorted(e["value"] for e in m["errors"]) == list(range(1, len(m["errors"]) + 1))
assert m["error_count"] == len(m["errors"])
PY
expect_exit 1 "model of a bad catalog fails" "$errata" model "$TAP_TMP/inc/bad.yaml"
check "model of a bad catalog prints nothing on stdout" test ! -s "$TAP_TMP/out"

tap_done
