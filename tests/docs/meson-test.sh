#!/usr/bin/env bash
# README.md's "Using errata from another project" (its meson snippet), built as printed,
# both ways it promises: a project whose meson.build is the README's snippet
# (after a project() line), whose errors.yaml and main.c are the tour's, with
#   1. errata installed under a prefix that is not on PATH, while an `errata`
#      that is not it comes first on PATH: the build must take the one of
#      the installation, through the errata variable of its errata.pc; the
#      install also holds every file its man page names;
#   2. errata as a subproject through packaging/errata.wrap, as shipped but
#      for its url (a git repository made from this source tree) and
#      revision, configured with the README's default_options (no tests, no
#      examples).
# Each build's svc prints what the tour's ./pets prints.
# Usage: meson-test.sh SOURCE_ROOT
set -euo pipefail
root=$(realpath "$1")
. "$root/tests/lib/tap.sh"
T=$TAP_TMP
quiet() { "$@" >"$T/log" 2>&1 || { sed 's/^/# /' "$T/log" | tail -n 40; return 1; }; }

# ---- the project, from the README
proj=$T/proj
mkdir -p "$proj"
python3 - "$root/README.md" "$proj" <<'PY'
import re, sys
readme = open(sys.argv[1]).read()
out = sys.argv[2]
section = readme[readme.index("## Using errata from another project"):]
snippet = re.search(r"```meson\n(.*?)```", section, re.S).group(1)
open(out + "/meson.build", "w").write(
    "project('svc', 'c', meson_version: '>= 1.0',\n"
    "  default_options: ['c_std=c99', 'warning_level=2', 'werror=true'])\n" + snippet)
tour = readme[readme.index("## A five-minute tour"):]
yaml = re.search(r"```yaml\n(# pets.yaml\n.*?)```", tour, re.S).group(1)
open(out + "/errors.yaml", "w").write(yaml)
main = re.search(r"```c\n(/\* main.c \*/\n.*?)```", tour, re.S).group(1)
open(out + "/main.c", "w").write(main)
shown = re.search(r"^\$ \./pets\n(.*)$", tour, re.M).group(1)
open(out + "/expected", "w").write(shown + "\n")
PY
check "the README's snippet, catalog and main.c are extracted" \
    test -s "$proj/meson.build" -a -s "$proj/errors.yaml" -a -s "$proj/main.c" -a -s "$proj/expected"
check "the snippet configures errata's subproject without its tests and examples" \
    grep -q "default_options: \['tests=false', 'examples=false'\]" "$proj/meson.build"

# An errata that is not the one to use, first on PATH.
mkdir -p "$T/fakebin"
printf '#!/bin/sh\necho "the errata found on PATH, not the installation'"'"'s" >&2\nexit 99\n' \
    >"$T/fakebin/errata"
chmod +x "$T/fakebin/errata"
export PATH=$T/fakebin:$PATH

# ---- 1. installed under a prefix
prefix=$T/prefix
check "errata configures with --prefix (no tests, no examples)" \
    quiet meson setup "$T/errata-build" "$root" --prefix="$prefix" -Dtests=false -Dexamples=false
check "errata builds" quiet meson compile -C "$T/errata-build"
check "errata installs" quiet meson install -C "$T/errata-build"
pc=$(find "$prefix" -name errata.pc | head -n 1)
check "the installation has errata.pc" test -n "$pc"
libdir=$(dirname "$(dirname "$pc")")
check "its errata variable names the installed generator" \
    test "$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --variable=errata errata)" = "$prefix/bin/errata"
man=$prefix/share/man/man1/errata.1
check "the man page is installed" test -s "$man"
named=$(grep -o "$prefix/[^ ]*" "$man" | sed 's/[.,;]*$//' | sort -u || true)
check "the man page names installed files (its docs among them)" \
    bash -c "grep -q 'share/doc/errata/catalog.md' <<<'$named'"
missing=
for f in $named; do
    [ -e "$f" ] || missing="$missing $f"
done
check "every file the installed man page names exists${missing:+:$missing}" test -z "$missing"

cp -r "$proj" "$T/installed"
check "the snippet configures against the installed errata (errata.pc, not PATH)" \
    quiet env PKG_CONFIG_PATH="$(dirname "$pc")" meson setup "$T/installed/build" "$T/installed"
check "and builds" quiet meson compile -C "$T/installed/build"
check "with the installation's errata, not the one first on PATH" \
    grep -qF "$prefix/bin/errata" "$T/installed/build/build.ninja"
run env LD_LIBRARY_PATH="$libdir" "$T/installed/build/svc"
check "svc prints what the tour's ./pets prints (installed)" cmp -s "$T/out" "$proj/expected"
check "the docs target was built too" test -s "$T/installed/build/pets_errors.html"

# ---- 2. a subproject through packaging/errata.wrap
src=$T/errata-src
mkdir -p "$src"
(cd "$root" && git ls-files -z -co --exclude-standard | while IFS= read -r -d '' f; do
    [ -e "$f" ] && printf '%s\0' "$f"
done | tar --null -T - -cf -) | tar -xf - -C "$src"
check "a git repository of this source tree" quiet bash -c "cd '$src' && git init -q &&
    git checkout -q -b main && git add -A &&
    git -c user.name=test -c user.email=test@example.invalid commit -q -m snapshot"
sub=$T/subproject
cp -r "$proj" "$sub"
mkdir -p "$sub/subprojects"
sed -e "s|^url = .*|url = file://$src|" -e 's|^revision = .*|revision = main|' \
    "$root/packaging/errata.wrap" >"$sub/subprojects/errata.wrap"
check "the wrap is packaging/errata.wrap but for url and revision" \
    test "$(diff "$root/packaging/errata.wrap" "$sub/subprojects/errata.wrap" | grep -c '^>')" -le 2
check "the snippet configures with errata from the wrap" \
    quiet meson setup "$sub/build" "$sub" --force-fallback-for=errata
check "meson fetched the subproject" test -f "$sub/subprojects/errata/meson.build"
check "the subproject is configured without its tests and examples" \
    bash -c "meson introspect --buildoptions '$sub/build' | python3 -c '
import json, sys
opts = {o[\"name\"]: o[\"value\"] for o in json.load(sys.stdin)}
sys.exit(0 if opts.get(\"errata:tests\") is False and opts.get(\"errata:examples\") is False else 1)'"
check "and builds" quiet meson compile -C "$sub/build"
run "$sub/build/svc"
check "svc prints what the tour's ./pets prints (subproject)" cmp -s "$T/out" "$proj/expected"
check "the fake errata on PATH was never run" bash -c "! grep -rq 'found on PATH' '$sub/build/meson-logs' '$T/installed/build/meson-logs'"

tap_done
