#!/usr/bin/env bash
# The generator under valgrind (memcheck) over every catalog the project
# has: the shipped ones, every good, warning and bad test catalog (lint),
# and for each that passes, model, generate --docs --emit-runtime and
# decode. Valgrind's own exit code (99) marks an invalid access or a
# definite or indirect leak; the command's exit code must be the one it
# has without valgrind.
# Usage: generator-valgrind.sh ERRATA SOURCE_ROOT
set -euo pipefail
errata=$(realpath "$1")
root=$(realpath "$2")
. "$root/tests/lib/tap.sh"
T=$TAP_TMP
command -v valgrind >/dev/null || {
    tap_not_ok "valgrind is installed" "scripts/test.sh installs it"
    tap_done
    exit 1
}

vg() {
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --log-file="$T/vg.%p.log" "$errata" "$@"
}

# run_case NAME ARGS...: the same exit code with and without valgrind, and
# no valgrind error; exit 2 (usage or I/O: a test bug here) fails too.
run_case() {
    local name=$1 plain=0 checked=0
    shift
    (cd "$T/work" && "$errata" "$@") >/dev/null 2>&1 || plain=$?
    (cd "$T/work" && vg "$@") >/dev/null 2>"$T/err" || checked=$?
    if [ "$checked" -eq "$plain" ] && [ "$plain" -ne 2 ]; then
        tap_ok "$name (exit $plain)"
    else
        tap_not_ok "$name" "exit $checked under valgrind, $plain without" \
            "$(cat "$T"/vg.*.log 2>/dev/null | head -n 40)"
    fi
    rm -f "$T"/vg.*.log
}

mkdir -p "$T/work" "$T/out"
mapfile -t catalogs < <(cd "$root" && ls catalog/*.yaml tests/catalogs/good/*.yaml \
    tests/catalogs/warn/*.yaml tests/catalogs/bad/*.yaml tests/docs/hostile.yaml)
for c in "${catalogs[@]}"; do
    run_case "lint $c" lint "$root/$c"
done
# (NAME.LOCALE.yaml beside a catalog is a translation of it, not a catalog.)
mapfile -t good < <(cd "$root" && ls catalog/*.yaml tests/catalogs/good/*.yaml tests/docs/hostile.yaml |
    grep -Ev '^catalog/[^/]+\.[^./]+\.yaml$')
check "the good catalogs are found" test "${#good[@]}" -ge 6
for c in "${good[@]}"; do
    run_case "model $c" model "$root/$c"
    run_case "generate --docs --emit-runtime $c" generate "$root/$c" -o "$T/out/$(basename "$c")" \
        --docs --emit-runtime --depfile "$T/out/$(basename "$c").d"
done
printf '{"type":"https://errors.petstore.example/pet-not-found","pet_id":"42"}' >"$T/body.json"
run_case "decode a typed problem" decode --catalog "$root/catalog/petstore.yaml" --status 404 \
    "$T/body.json"
printf '{"a":[1,2,{"b":null}],"c":"\\u00e9"' >"$T/bad.json"
run_case "decode invalid JSON" decode --catalog "$root/catalog/petstore.yaml" --status 500 \
    "$T/bad.json"
printf 'Hello {{name}}{{#items}} [{{.}}]{{/items}}' >"$T/t.mustache"
printf '{"name":"A & B","items":[1,"x"]}' >"$T/d.json"
run_case "render" render "$T/t.mustache" --data "$T/d.json"
# errata lock and errata diff: a lock written, applied, refused; two
# different catalogs compared in every format (every rule's path).
cp "$root/catalog/petstore.yaml" "$T/work/pets.yaml"
cp "$root/catalog/petstore.de.yaml" "$T/work/" # its translations: beside it
run_case "lock" lock pets.yaml
sed 's/  - code: MALFORMED_JSON/  - code: ADDED_FIRST\n    status: 400\n    title: Added\n&/' \
    "$T/work/pets.yaml" >"$T/work/pets2.yaml"
cp "$T/work/pets.lock" "$T/work/pets2.lock"
run_case "lint with a lock (a code not locked yet)" lint pets2.yaml
printf 'errata_lock: 1\ncodes:\n  A_B: { value: 1, type: "x", status: 99 }\n' >"$T/work/pets2.lock"
run_case "lint with a bad lock" lint pets2.yaml
for format in text json markdown; do
    run_case "diff --format $format" diff "$root/catalog/petstore.yaml" \
        "$root/tests/catalogs/good/full.yaml" --format "$format"
done
run_case "diff of a catalog with itself" diff "$root/catalog/petstore.yaml" \
    "$root/catalog/petstore.yaml"
tap_done
