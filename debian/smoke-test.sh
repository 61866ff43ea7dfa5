#!/bin/sh
# The package build's check of what it built (debian/rules, dh_auto_test):
# the shipped catalogs lint clean with the built errata, and the C it
# generates compiles and links against the built liberrata.
# Usage: debian/smoke-test.sh BUILD_DIR (from the source tree's top)
set -eu
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/generator/errata" lint --werror catalog/http.yaml catalog/petstore.yaml
"$build/generator/errata" generate catalog/petstore.yaml -o "$tmp"
printf 'int main(void) { return 0; }\n' >"$tmp/main.c"
${CC:-cc} -std=c99 -Wall -Wextra -Wpedantic -Werror -Iruntime/include -I"$tmp" \
    "$tmp/main.c" "$tmp"/*_errors.c "$build/runtime/liberrata.a" -o "$tmp/smoke"
"$tmp/smoke"
echo "smoke-test: the catalogs lint clean, the generated C builds"
