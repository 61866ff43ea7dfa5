#!/usr/bin/env bash
# examples/consumer-cmake (with Ninja and with Unix Makefiles) and
# examples/consumer-make built against a `meson install --destdir` of
# errata, their generated files following errata's depfile; the CMake
# package's version rules, component and argument checks; and README's
# CMake and Make snippets built as printed (tests/consumer/consumers.sh).
# tests/deb/deb-test.sh does the same against the Debian packages.
# Usage: cmake-make-test.sh SOURCE_ROOT
set -euo pipefail
root=$(realpath "$1")
. "$root/tests/lib/tap.sh"
. "$root/tests/consumer/consumers.sh"

inst=$TAP_TMP/inst
check "errata configures with prefix /usr" \
    quiet meson setup "$TAP_TMP/errata-build" "$root" --prefix=/usr -Dtests=false -Dexamples=false
check "errata builds" quiet meson compile -C "$TAP_TMP/errata-build"
check "meson install --destdir" quiet meson install -C "$TAP_TMP/errata-build" --destdir "$inst"

consumers_init "$root" "$inst"
consumers_cmake_make

tap_done
