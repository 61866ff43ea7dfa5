#!/usr/bin/env bash
# The main job, from a fresh Debian machine: installs what is missing, builds
# errata into build/, checks the shipped catalogs, generates the petstore's C
# and docs into build/petstore/, compiles and runs a tiny service that throws
# from it, and decodes its answer back the way a client does.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh

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
echo "== errata generate catalog/petstore.yaml -o $out --lang c --docs --emit-runtime"
"$errata" generate catalog/petstore.yaml -o "$out" --lang c --docs --emit-runtime \
    --depfile "$out/pets.d"
ls -l "$out"

echo
echo "== a service that throws PETS_THROW_PET_NOT_FOUND (docs/c-api.md's example)"
python3 - docs/c-api.md "$out/example.c" <<'PY'
import re, sys
blocks = [b for b in re.findall(r"```c\n(.*?)```", open(sys.argv[1]).read(), re.S) if "handle_get" in b]
open(sys.argv[2], "w").write(blocks[0])
PY
cc -std=c99 -Wall -Wextra -Werror -I "$out" "$out/example.c" "$out/pets_errors.c" "$out/errata.c" \
    -o "$out/example"
"$out/example" 2>/dev/null | tee "$out/response.txt"

echo
echo "== errata decode: the body, read back as a client does"
sed -n '/^{/p' "$out/response.txt" |
    "$errata" decode --catalog catalog/petstore.yaml --status 404

echo
echo "Generated: $out/pets_errors.h, $out/pets_errors.c, $out/pets_errors.md"
echo "Resolved model: $errata model catalog/petstore.yaml"
