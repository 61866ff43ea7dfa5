#!/usr/bin/env bash
# errata/mhd.h, the installed header of errata-mhd, compiles on its own as
# C99 and C11 (gcc and clang, -Wall -Wextra -Wpedantic -Werror) and as C++11
# and C++17; the errata-mhd example of docs/c-api.md compiles against it
# and the generated petstore header.
# Usage: header-test.sh ERRATA SOURCE_ROOT
set -euo pipefail
errata=$(realpath "$1")
root=$(realpath "$2")
. "$root/tests/lib/tap.sh"

inc=$root/runtime/include
mhd_cflags=$(pkg-config --cflags libmicrohttpd)
warn=(-Wall -Wextra -Wpedantic -Werror)

printf '#include <errata/mhd.h>\nint errata_mhd_header_test;\n' >"$TAP_TMP/alone.c"
for cc in gcc clang; do
    for std in c99 c11; do
        expect_exit 0 "errata/mhd.h alone: $cc -std=$std" \
            "$cc" "-std=$std" "${warn[@]}" -I "$inc" $mhd_cflags -fsyntax-only "$TAP_TMP/alone.c"
    done
done
for std in c++11 c++17; do
    expect_exit 0 "errata/mhd.h alone: g++ -std=$std" \
        g++ "-std=$std" "${warn[@]}" -I "$inc" $mhd_cflags -x c++ -fsyntax-only "$TAP_TMP/alone.c"
done

check "generate the petstore catalog" \
    "$errata" generate "$root/catalog/petstore.yaml" -o "$TAP_TMP/pets"
# The router example, and the docs handler's (errata_mhd_docs_serve).
for example in errata_mhd_server_create errata_mhd_docs_serve; do
    python3 - "$root/docs/c-api.md" "$TAP_TMP/pets/$example.c" "$example" <<'PY'
import re, sys
blocks = [b for b in re.findall(r"```c\n(.*?)```", open(sys.argv[1]).read(), re.S)
          if sys.argv[3] in b]
open(sys.argv[2], "w").write(blocks[0] if blocks else "#error no errata-mhd example\n")
PY
    for cc in gcc clang; do
        expect_exit 0 "docs/c-api.md's $example example compiles ($cc -std=c99)" \
            "$cc" -std=c99 -D_XOPEN_SOURCE=700 "${warn[@]}" -I "$inc" -I "$TAP_TMP/pets" \
            $mhd_cflags -c "$TAP_TMP/pets/$example.c" -o "$TAP_TMP/pets/$example-$cc.o"
    done
done

tap_done
