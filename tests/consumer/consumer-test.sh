#!/usr/bin/env bash
# examples/consumer builds with errata both ways DESIGN.md promises: as a
# subproject, and installed (meson install --destdir, found through
# PKG_CONFIG_PATH and PATH); its generated files follow the depfile: an
# edited catalog or include regenerates them, nothing edited regenerates
# nothing. The install itself is listed and checked.
# Usage: consumer-test.sh SOURCE_ROOT
set -euo pipefail
root=$(realpath "$1")
. "$root/tests/lib/tap.sh"
quiet() { "$@" >"$TAP_TMP/log" 2>&1 || { cat "$TAP_TMP/log" >&2; return 1; }; }

# --- errata installed into a staging folder
inst=$TAP_TMP/inst
check "errata configures with prefix /usr" \
    quiet meson setup "$TAP_TMP/errata-build" "$root" --prefix=/usr -Dtests=false -Dexamples=false
check "errata builds" quiet meson compile -C "$TAP_TMP/errata-build"
check "meson install --destdir" quiet meson install -C "$TAP_TMP/errata-build" --destdir "$inst"
libdir=$(cd "$inst/usr" && dirname "$(find . -name errata.pc | head -n 1)")
libdir=$inst/usr/${libdir#./}
libdir=${libdir%/pkgconfig}
for f in bin/errata include/errata/errata.h include/errata/json.h include/errata/decode.h \
    share/errata/catalog/http.yaml share/errata/templates/c/errors.h.mustache \
    share/errata/templates/c/errors.c.mustache share/errata/templates/docs/errors.md.mustache \
    share/errata/templates/docs/errors.html.mustache share/errata/templates/docs/error.html.mustache \
    share/errata/templates/docs/section.html.mustache share/errata/templates/docs/style.css.mustache \
    share/man/man1/errata.1; do
    check "installed: $f" test -f "$inst/usr/$f"
done
check "installed: liberrata.a" test -f "$libdir/liberrata.a"
check "installed: share/errata/templates/c/errors_test.c.mustache" \
    test -f "$inst/usr/share/errata/templates/c/errors_test.c.mustache"
# errata-conform (errata conform) is built and installed whenever libcurl is
# found, in libexec, where the installed errata finds it in a moved tree too.
if pkg-config --exists libcurl; then
    check "installed: libexec/errata/errata-conform" test -x "$inst/usr/libexec/errata/errata-conform"
    check "the installed errata runs it (errata conform --help)" \
        bash -c "'$inst/usr/bin/errata' conform --help | grep -q '^Usage: errata conform'"
fi
check "installed: liberrata.so" test -e "$libdir/liberrata.so"
check "installed: errata.pc" test -f "$libdir/pkgconfig/errata.pc"
export PKG_CONFIG_PATH=$libdir/pkgconfig
check "pkg-config --variable=errata errata points at the installed binary" \
    test "$(pkg-config --variable=errata errata)" = /usr/bin/errata
check "pkg-config --variable=catalogdir errata" \
    test "$(pkg-config --variable=catalogdir errata)" = /usr/share/errata/catalog

# errata-mhd, the libmicrohttpd adapter, is built and installed whenever
# libmicrohttpd is found.
if pkg-config --exists libmicrohttpd; then
    check "installed: include/errata/mhd.h" test -f "$inst/usr/include/errata/mhd.h"
    check "installed: liberrata-mhd.a" test -f "$libdir/liberrata-mhd.a"
    check "installed: liberrata-mhd.so" test -e "$libdir/liberrata-mhd.so"
    check "installed: errata-mhd.pc" test -f "$libdir/pkgconfig/errata-mhd.pc"
    check "pkg-config --variable=errata errata-mhd points at the installed binary" \
        test "$(pkg-config --variable=errata errata-mhd)" = /usr/bin/errata
    cat >"$TAP_TMP/mhd.c" <<'C'
#include <errata/mhd.h>
#include <string.h>
int main(void)
{
    return strcmp(errata_mhd_problem_content_type("application/json"), "application/json") != 0;
}
C
    mhd_program() {
        cc -std=c99 -Wall -Wextra -Wpedantic -Werror "$TAP_TMP/mhd.c" -o "$TAP_TMP/mhd" \
            $(PKG_CONFIG_SYSROOT_DIR="$inst" pkg-config --cflags --libs errata-mhd) &&
            LD_LIBRARY_PATH="$libdir" "$TAP_TMP/mhd"
    }
    check "a program builds with pkg-config errata-mhd and runs (installed)" mhd_program
fi

# --- the consumer against the installed errata
cp -r "$root/examples/consumer" "$TAP_TMP/installed"
check "consumer configures against the installed errata" \
    quiet env PKG_CONFIG_SYSROOT_DIR="$inst" PATH="$inst/usr/bin:$PATH" meson setup "$TAP_TMP/installed/build" "$TAP_TMP/installed"
check "consumer builds and its test passes (installed)" \
    quiet env LD_LIBRARY_PATH="$libdir" meson test -C "$TAP_TMP/installed/build"
unset PKG_CONFIG_PATH

# --- the consumer with errata as a subproject
sub=$TAP_TMP/subproject
cp -r "$root/examples/consumer" "$sub"
mkdir -p "$sub/subprojects"
ln -s "$root" "$sub/subprojects/errata"
check "consumer configures with errata as a subproject" quiet meson setup "$sub/build" "$sub"
check "consumer builds and its test passes (subproject)" quiet meson test -C "$sub/build"
check "the generated round-trip test is among them (errata generate --tests)" \
    bash -c "meson test -C '$sub/build' --list 2>/dev/null | grep -q 'shop-errors-roundtrip\$'"

# --- the depfile: what changes regenerates, nothing else does
header=$sub/build/shop_errors.h
check "consumer builds all its targets" quiet ninja -C "$sub/build"
check "nothing edited: nothing to rebuild" \
    bash -c "ninja -C '$sub/build' -n | grep -q 'no work to do'"
printf '\n  - code: ITEM_GONE\n    status: 410\n    title: Item gone\n' >>"$sub/errors.yaml"
check "an edited catalog regenerates" quiet ninja -C "$sub/build"
check "the regenerated header has the new code" grep -q SHOP_ITEM_GONE "$header"
check "then nothing to rebuild" bash -c "ninja -C '$sub/build' -n | grep -q 'no work to do'"
mkdir -p "$sub/lib"
printf 'errata: 1\nname: lib\nbase_uri: https://errors.shop.example/lib/\nerrors:\n  - { code: LIB_BROKEN, status: 500, title: Library broken }\n' \
    >"$sub/lib.yaml"
sed -i 's/^include: \[http.yaml\]/include: [http.yaml, lib.yaml]/' "$sub/errors.yaml"
check "a catalog with a new include regenerates" quiet ninja -C "$sub/build"
check "the include's code is in the header" grep -q SHOP_LIB_BROKEN "$header"
sleep 1
sed -i 's/Library broken/Library is broken/' "$sub/lib.yaml"
check "an edited include alone regenerates (depfile)" \
    bash -c "ninja -C '$sub/build' -n | grep -q 'shop_errors'"
check "and the rebuild picks it up" quiet ninja -C "$sub/build"
check "the header has the include's new title" grep -q 'Library is broken' "$sub/build/shop_errors.c"

# --- the docs: built with the code, a replaced block from templates/
docs=$sub/build/shop_errors.md
check "the docs are built (Markdown and HTML)" test -s "$docs" -a -s "$sub/build/shop_errors.html"
check "the override template's footer is in the Markdown" grep -q 'shop-support@example.com' "$docs"
check "the docs list the consumer's own error" grep -q 'ITEM_NOT_FOUND' "$sub/build/shop_errors.html"
check "nothing edited: nothing to rebuild (docs included)" \
    bash -c "ninja -C '$sub/build' -n | grep -q 'no work to do'"
touch -d '2001-02-03 04:05:06' "$header"
sleep 1
sed -i 's/Questions about an error?/Any question about an error?/' "$sub/templates/docs/errors.md.mustache"
check "an edited template regenerates the docs (depfile)" \
    bash -c "ninja -C '$sub/build' -n | grep -q 'shop_docs\|shop-docs'"
check "and the rebuild picks it up" quiet ninja -C "$sub/build"
check "the docs have the template's new text" grep -q 'Any question about an error?' "$docs"
check "the C header, which the template does not feed, is untouched" \
    test "$(stat -c %Y "$header")" = "$(date -d '2001-02-03 04:05:06' +%s)"

tap_done
