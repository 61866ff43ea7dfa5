#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: installs what is missing,
# builds into build/, runs every test (the generator under valgrind over every
# catalog included), again in a release build (-O3) in build-rel/, runs the C
# test programs under valgrind (meson's valgrind setup), then does it all again
# with address and undefined-behaviour sanitizers in build-asan/. Exits non-zero
# on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh

errata_install_deps
errata_install_js_tools

echo "== build/ (release with debug info)"
errata_setup build
meson compile -C build
meson test -C build --print-errorlogs

echo "== build-rel/ (--buildtype=release: -O3, the code as it ships)"
errata_setup build-rel --buildtype=release
meson compile -C build-rel
meson test -C build-rel --print-errorlogs --no-suite deb # the packages: once, in build/

echo "== build/ under valgrind (meson test --setup valgrind)"
meson test -C build --setup valgrind --print-errorlogs \
    --suite unit --suite template --suite runtime --suite json --suite decode \
    --suite mhd --suite petstore

echo "== build-asan/ (-Db_sanitize=address,undefined)"
errata_setup build-asan -Db_sanitize=address,undefined -Db_lundef=false
meson compile -C build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    meson test -C build-asan --print-errorlogs --no-suite deb
