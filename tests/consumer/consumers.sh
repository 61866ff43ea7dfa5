# The consumer projects built against an installed errata, as TAP checks;
# sourced (after tests/lib/tap.sh) by cmake-make-test.sh (errata from meson
# install --destdir) and tests/deb/deb-test.sh (errata from its Debian
# packages, installed with dpkg --root). INST is the root the installation
# sits in: its files are under INST/usr, and it holds no other errata.
#   consumers_init ROOT INST    finds the installation's libdir
#   consumer_meson              examples/consumer (meson)
#   consumer_cmake GENERATOR    examples/consumer-cmake, regeneration checked
#   consumer_make               examples/consumer-make, regeneration checked
#   cmake_package               the package config: versions, mhd, bad calls
#   readme_snippets             README's CMake and Make snippets, built as printed
#   consumers_cmake_make        all of those but consumer_meson

quiet() { "$@" >"$TAP_TMP/log" 2>&1 || { sed 's/^/# /' "$TAP_TMP/log" | tail -n 40; return 1; }; }

consumers_init() {
    c_root=$1
    c_inst=$2
    local pc
    pc=$(find "$c_inst/usr" -name errata.pc | head -n 1)
    check "the installation has errata.pc" test -n "$pc"
    c_libdir=$(dirname "$(dirname "$pc")")
    check "the installation has the CMake package" \
        test -f "$c_libdir/cmake/errata/errataConfig.cmake" -a \
        -f "$c_libdir/cmake/errata/errataConfigVersion.cmake" -a \
        -f "$c_libdir/cmake/errata/errataGenerate.cmake"
}

# A fresh copy of examples/ (the CMake and Make consumers build the
# consumer's own main.c and catalog) in DIR, with an empty folder for an
# include found through -I.
consumers_copy() {
    rm -rf "$1"
    mkdir -p "$1"
    cp -r "$c_root/examples/consumer" "$c_root/examples/consumer-cmake" \
        "$c_root/examples/consumer-make" "$1/"
    rm -rf "$1/consumer/build" "$1/consumer/subprojects"
    mkdir -p "$1/shared"
}

# The build's output, in $TAP_TMP/build.log; its tail on failure.
build() {
    "$@" >"$TAP_TMP/build.log" 2>&1 || { sed 's/^/# /' "$TAP_TMP/build.log" | tail -n 40; return 1; }
}
built() { grep -q -e "$1" "$TAP_TMP/build.log"; }
not_built() { ! grep -q -e "$1" "$TAP_TMP/build.log"; }
mtime() { stat -c %Y "$1"; }

consumer_meson() {
    local w=$TAP_TMP/meson
    consumers_copy "$w"
    check "meson consumer configures against the installation" \
        quiet env PKG_CONFIG_PATH="$c_libdir/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$c_inst" \
        PATH="$c_inst/usr/bin:$PATH" meson setup "$w/build" "$w/consumer"
    check "meson consumer builds and its test passes" \
        quiet env LD_LIBRARY_PATH="$c_libdir" meson test -C "$w/build"
    check "it generated with the installed errata" grep -qF "$c_inst/usr/bin/errata" "$w/build/build.ninja"
}

# The edits every regeneration check makes, in W (a consumers_copy), each
# followed by BUILD (a command); GEN and DOCS are the patterns the build
# prints when it runs errata generate and errata docs, OUT the folder the
# generated files land in. Sleeps keep the edits' mtimes apart.
regeneration_checks() {
    local label=$1 w=$2 out=$3 gen=$4 docs=$5
    shift 5
    local header=$out/shop_errors.h
    check "$label: builds" build "$@"
    check "$label: the shop runs (the round trip holds)" \
        quiet env LD_LIBRARY_PATH="$c_libdir" "$out/shop"
    check "$label: the docs are built with the override template" \
        grep -q 'shop-support@example.com' "$out/shop_errors.md"
    check "$label: the HTML page too" grep -q ITEM_NOT_FOUND "$out/shop_errors.html"
    check "$label: the depfiles were written" test -s "$out/shop_errors.d" -a -s "$out/shop_docs.d"

    local before
    before=$(mtime "$header")
    sleep 1
    check "$label: nothing edited: the build runs" build "$@"
    check "$label: ... and errata does not" not_built "$gen\|$docs"
    check "$label: ... and the header is untouched" test "$(mtime "$header")" = "$before"

    printf '\n  - code: ITEM_GONE\n    status: 410\n    title: Item gone\n' >>"$w/consumer/errors.yaml"
    check "$label: an edited catalog: builds" build "$@"
    check "$label: ... and regenerates the code" built "$gen"
    check "$label: ... and the docs" built "$docs"
    check "$label: the header has the new code" grep -q SHOP_ITEM_GONE "$header"
    check "$label: the docs have it too" grep -q ITEM_GONE "$out/shop_errors.md"
    check "$label: the rebuilt shop runs" quiet env LD_LIBRARY_PATH="$c_libdir" "$out/shop"
    check "$label: then nothing is regenerated" build "$@"
    check "$label: ... (errata does not run)" not_built "$gen\|$docs"
    # An edit that changes no output: errata runs once, and not again.
    sleep 1
    printf '# a comment that changes no output\n' >>"$w/consumer/errors.yaml"
    check "$label: a comment added to the catalog: builds" build "$@"
    check "$label: ... and runs errata" built "$gen"
    check "$label: the build after it does nothing" build "$@"
    check "$label: ... (errata does not run again)" not_built "$gen\|$docs"

    # An include found through -I (INCLUDE_DIRS, ERRATAFLAGS): named by the
    # depfile once the catalog includes it.
    printf 'errata: 1\nname: lib\nbase_uri: https://errors.shop.example/lib/\nerrors:\n  - { code: LIB_BROKEN, status: 500, title: Library broken }\n' \
        >"$w/shared/lib.yaml"
    sleep 1
    sed -i 's/^include: \[http.yaml\]/include: [http.yaml, lib.yaml]/' "$w/consumer/errors.yaml"
    check "$label: a catalog with a new include (found by -I) builds" build "$@"
    check "$label: the include's code is in the header" grep -q SHOP_LIB_BROKEN "$header"
    sleep 1
    sed -i 's/Library broken/Library is broken/' "$w/shared/lib.yaml"
    check "$label: an edited include alone: builds" build "$@"
    check "$label: ... and regenerates (depfile)" built "$gen"
    check "$label: the code has the include's new title" grep -q 'Library is broken' "$out/shop_errors.c"

    before=$(mtime "$header")
    sleep 1
    sed -i 's/Questions about an error?/Any question about an error?/' \
        "$w/consumer/templates/docs/errors.md.mustache"
    check "$label: an edited template: builds" build "$@"
    check "$label: ... and regenerates the docs (depfile)" built "$docs"
    check "$label: ... and not the code, which it does not feed" not_built "$gen"
    check "$label: the docs have the template's new text" \
        grep -q 'Any question about an error?' "$out/shop_errors.md"
    check "$label: the header is untouched" test "$(mtime "$header")" = "$before"
    check "$label: finally nothing to do" build "$@"
    check "$label: ... (errata does not run)" not_built "$gen\|$docs"
}

consumer_cmake() {
    local generator=$1 w
    w=$TAP_TMP/cmake-${generator// /-}
    consumers_copy "$w"
    # The include folder, as a project passes one.
    sed -i 's|CATALOG "${SHOP_DIR}/errors.yaml"|& INCLUDE_DIRS "${SHOP_DIR}/../shared"|' \
        "$w/consumer-cmake/CMakeLists.txt"
    check "CMake ($generator): errata_generate gets INCLUDE_DIRS in both calls" \
        test "$(grep -c 'INCLUDE_DIRS' "$w/consumer-cmake/CMakeLists.txt")" = 2
    check "CMake ($generator): configures with find_package(errata)" \
        quiet cmake -G "$generator" -S "$w/consumer-cmake" -B "$w/build" \
        -DCMAKE_PREFIX_PATH="$c_inst/usr"
    check "CMake ($generator): errata::generator is the installed errata" \
        grep -rqF "$c_inst/usr/bin/errata" "$w/build/CMakeFiles" "$w/build/CMakeCache.txt" \
        $( [ "$generator" = Ninja ] && echo "$w/build/build.ninja")
    regeneration_checks "CMake ($generator)" "$w" "$w/build" \
        'errata: generate shop' 'errata: docs shop' cmake --build "$w/build"
    if [ "$generator" = Ninja ]; then
        check "CMake (Ninja): ninja itself has no work to do" \
            bash -c "ninja -C '$w/build' -n | grep -q 'no work to do'"
    fi
    check "CMake ($generator): ctest passes" quiet ctest --test-dir "$w/build"
}

consumer_make() {
    local w=$TAP_TMP/make
    consumers_copy "$w"
    local mk=(make -C "$w/consumer-make" ERRATAFLAGS=-I../shared)
    export PKG_CONFIG_PATH=$c_libdir/pkgconfig PKG_CONFIG_SYSROOT_DIR=$c_inst
    check "Make: pkg-config --variable=errata errata names the installed errata" \
        test "$(pkg-config --variable=errata errata)" = "$c_inst/usr/bin/errata"
    # The recipes' command lines (the installed path), not a diagnostic that
    # names a command (the lock's "run 'errata generate --update-lock'").
    regeneration_checks "Make" "$w" "$w/consumer-make" \
        'bin/errata generate ' 'bin/errata docs ' "${mk[@]}"
    check "Make: make -q says everything is up to date" "${mk[@]}" -q
    check "Make: make check runs the shop" quiet env LD_LIBRARY_PATH="$c_libdir" "${mk[@]}" check
    unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
}

# A throwaway CMake project in DIR whose CMakeLists.txt is stdin.
cmake_project() {
    rm -rf "$1"
    mkdir -p "$1"
    cat >"$1/CMakeLists.txt"
}

cmake_package() {
    local p=$TAP_TMP/pkg
    cmake_project "$p" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(versions C) # C: the multiarch libdir (lib/<triplet>/cmake) is searched
find_package(errata ${WANT} QUIET)
file(WRITE "${CMAKE_BINARY_DIR}/found" "${errata_FOUND}")
CMAKE
    local want expect found
    for want in "0.1:1" "0.1.0:1" "0:0" "0.2:0" "1.0:0" "0.1...1.0:1" "0.2...1.0:0" ":1"; do
        expect=${want##*:}
        want=${want%:*}
        rm -rf "$p/build"
        found=0
        if quiet cmake -S "$p" -B "$p/build" -DCMAKE_PREFIX_PATH="$c_inst/usr" -DWANT="$want" &&
            [ "$(cat "$p/build/found")" = 1 ]; then
            found=1
        fi
        check "find_package(errata ${want:-(any)}) $( [ "$expect" = 1 ] && echo finds || echo refuses) errata 0.1.0" \
            test "$found" = "$expect"
    done

    if [ -e "$c_libdir/liberrata-mhd.so" ]; then
        cmake_project "$p" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(mhd C)
find_package(errata REQUIRED COMPONENTS mhd)
add_executable(mhd mhd.c)
target_link_libraries(mhd PRIVATE errata::errata-mhd)
CMAKE
        cat >"$p/mhd.c" <<'C'
#include <errata/mhd.h>
#include <string.h>
int main(void)
{
    return strcmp(errata_mhd_problem_content_type("application/json"), "application/json") != 0;
}
C
        check "find_package(errata COMPONENTS mhd): a program on errata::errata-mhd builds" \
            quiet bash -c "cmake -S '$p' -B '$p/build' -DCMAKE_PREFIX_PATH='$c_inst/usr' &&
                cmake --build '$p/build'"
        check "... and runs" env LD_LIBRARY_PATH="$c_libdir" "$p/build/mhd"
    fi
    cmake_project "$p" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(nope C)
find_package(errata REQUIRED COMPONENTS nope)
CMAKE
    check "find_package(errata COMPONENTS nope) fails" \
        bash -c "! cmake -S '$p' -B '$p/build' -DCMAKE_PREFIX_PATH='$c_inst/usr' >'$TAP_TMP/log' 2>&1"
    check "... saying which component" grep -q 'no component nope' "$TAP_TMP/log"

    cmake_project "$p" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(options C)
find_package(errata REQUIRED)
errata_generate(SHOP CATALOG cat/errors.yaml NAME shop OUTPUT_DIR gen LANG c)
file(WRITE "${CMAKE_BINARY_DIR}/outputs" "${SHOP}")
add_library(shop STATIC ${SHOP})
target_include_directories(shop PRIVATE "${CMAKE_BINARY_DIR}/gen")
target_link_libraries(shop PRIVATE errata::errata)
CMAKE
    mkdir -p "$p/cat"
    cp "$c_root/examples/consumer/errors.yaml" "$p/cat/"
    check "errata_generate(... NAME OUTPUT_DIR LANG c): builds" \
        quiet bash -c "cmake -S '$p' -B '$p/build' -DCMAKE_PREFIX_PATH='$c_inst/usr' &&
            cmake --build '$p/build'"
    check "... OUT_VAR is the two files, in OUTPUT_DIR (relative to the binary dir)" \
        test "$(cat "$p/build/outputs")" = "$p/build/gen/shop_errors.h;$p/build/gen/shop_errors.c"
    check "... which are there, with the depfile" \
        test -s "$p/build/gen/shop_errors.h" -a -s "$p/build/gen/shop_errors.d"

    cp "$c_root/examples/consumer/errors.yaml" "$p/"
    local call msg
    while IFS='|' read -r call msg; do
        cmake_project "$p" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(bad C)
find_package(errata REQUIRED)
$call
CMAKE
        cp "$c_root/examples/consumer/errors.yaml" "$p/"
        check "$call: configure fails" \
            bash -c "! cmake -S '$p' -B '$p/build' -DCMAKE_PREFIX_PATH='$c_inst/usr' >'$TAP_TMP/log' 2>&1"
        check "... with: $msg" grep -qF "$msg" "$TAP_TMP/log"
    done <<'CALLS'
errata_generate(OUT)|CATALOG is required
errata_generate(OUT CATALOG missing.yaml)|no catalog
errata_generate(OUT CATALOG errors.yaml LANG rust)|LANG rust: expected c or ts
errata_generate(OUT CATALOG errors.yaml TEMPLATE x)|unknown arguments: TEMPLATE;x
errata_generate(OUT CATALOG CMakeLists.txt)|no top-level `name:`
CALLS
}

# README.md's "Using errata from another project": its CMake and Make
# snippets, each the whole build file of a project whose errors.yaml and
# main.c are the tour's; each svc prints what the tour's ./pets prints.
readme_snippets() {
    local proj=$TAP_TMP/readme
    rm -rf "$proj"
    mkdir -p "$proj/cmake" "$proj/make"
    python3 - "$c_root/README.md" "$proj" <<'PY'
import re, sys
readme = open(sys.argv[1]).read()
out = sys.argv[2]
section = readme[readme.index("## Using errata from another project"):]
section = section[:section.index("\n## ", 1)]
for lang, name in (("cmake", "CMakeLists.txt"), ("make", "Makefile")):
    snippet = re.search(r"```" + lang + r"\n(.*?)```", section, re.S).group(1)
    open(f"{out}/{lang}/{name}", "w").write(snippet)
tour = readme[readme.index("## A five-minute tour"):]
yaml = re.search(r"```yaml\n(# pets.yaml\n.*?)```", tour, re.S).group(1)
main = re.search(r"```c\n(/\* main.c \*/\n.*?)```", tour, re.S).group(1)
shown = re.search(r"^\$ \./pets\n(.*)$", tour, re.M).group(1)
for d in ("cmake", "make"):
    open(f"{out}/{d}/errors.yaml", "w").write(yaml)
    open(f"{out}/{d}/main.c", "w").write(main)
open(out + "/expected", "w").write(shown + "\n")
PY
    check "README: the CMake and Make snippets are extracted" \
        test -s "$proj/cmake/CMakeLists.txt" -a -s "$proj/make/Makefile" -a -s "$proj/expected"
    check "README's CMake snippet configures and builds" \
        quiet bash -c "cmake -S '$proj/cmake' -B '$proj/cmake/build' -DCMAKE_PREFIX_PATH='$c_inst/usr' &&
            cmake --build '$proj/cmake/build'"
    run env LD_LIBRARY_PATH="$c_libdir" "$proj/cmake/build/svc"
    check "its svc prints what the tour's ./pets prints" cmp -s "$TAP_TMP/out" "$proj/expected"
    check "its docs are built" test -s "$proj/cmake/build/pets_errors.html"
    check "README's Make snippet builds" \
        quiet env PKG_CONFIG_PATH="$c_libdir/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$c_inst" \
        make -C "$proj/make"
    run env LD_LIBRARY_PATH="$c_libdir" "$proj/make/svc"
    check "its svc prints what the tour's ./pets prints" cmp -s "$TAP_TMP/out" "$proj/expected"
}

# Every CMake and Make check, in the order both tests run them.
consumers_cmake_make() {
    consumer_cmake Ninja
    consumer_cmake "Unix Makefiles"
    consumer_make
    cmake_package
    readme_snippets
}
