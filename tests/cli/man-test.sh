#!/usr/bin/env bash
# The man page documents every command, every option each command's --help
# lists, and every exit status.
# Usage: man-test.sh ERRATA MANPAGE
set -euo pipefail
errata=$(realpath "$1")
page=$(realpath "$2")
. "$(dirname "$0")/../lib/tap.sh"

# roff writes a dash as \- : read the page as plain text.
sed 's/\\-/-/g; s/\\fI//g; s/\\fR//g; s/\\fB//g' "$page" >"$TAP_TMP/page"
for cmd in lint generate docs model render decode conform diff lock openapi schema; do
    check "the man page names '$cmd'" grep -q "^\.B errata $cmd\|^\.B $cmd\$" "$TAP_TMP/page"
    "$errata" "$cmd" --help >"$TAP_TMP/help"
    for opt in $(grep -oE -- '--[a-z][a-z-]+' "$TAP_TMP/help" | sort -u); do
        check "the man page documents $cmd $opt" grep -q -- "$opt" "$TAP_TMP/page"
    done
done
check "the man page documents --version" grep -q -- "--version" "$TAP_TMP/page"
for status in 0 1 2 3; do
    check "the man page documents exit status $status" grep -q "^\.B $status\$" "$TAP_TMP/page"
done
check "the man page carries errata's version" grep -q "errata $("$errata" --version | cut -d' ' -f2)" "$TAP_TMP/page"
tap_done
