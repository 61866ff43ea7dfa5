#!/usr/bin/env bash
# The build tree's errata-uninstalled.pc names the build tree's own
# generator, templates and catalogs, so a project built against an
# uninstalled errata (PKG_CONFIG_PATH=build/meson-uninstalled) finds the
# errata that matches the library, as the installed errata.pc does.
# Usage: uninstalled-pc-test.sh ERRATA BUILD_ROOT SOURCE_ROOT
set -euo pipefail
errata=$(realpath "$1")
build=$(realpath "$2")
root=$(realpath "$3")
. "$root/tests/lib/tap.sh"

pc() { PKG_CONFIG_PATH="$build/meson-uninstalled" pkg-config "$@" errata-uninstalled; }
expect_exit 0 "pkg-config finds errata-uninstalled" pc --exists
check "its errata variable is this build's generator" \
    test "$(pc --variable=errata)" = "$errata"
expect_exit 0 "the generator it names runs" "$(pc --variable=errata)" --version
check "its templatedir holds the C templates" test -f "$(pc --variable=templatedir)/c/errors.h.mustache"
check "its catalogdir holds http.yaml" test -f "$(pc --variable=catalogdir)/http.yaml"
tap_done
