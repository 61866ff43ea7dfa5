#!/usr/bin/env bash
# Builds errata's Debian packages (debian/, docs/packaging.md) from this
# source tree: errata, liberrata0, liberrata-dev, liberrata-mhd0,
# liberrata-mhd-dev. dpkg-buildpackage writes beside the tree it builds, so
# the tree is copied into OUT (default build-deb/) first: the .deb files and
# the .changes end up in OUT. Installs what is missing (debhelper and
# friends, the Build-Depends). DEB_BUILD_OPTIONS passes through (nocheck
# skips the package build's smoke test).
# Usage: scripts/deb.sh [OUT]
set -euo pipefail
case ${1:-} in
-h | --help)
    sed -n '2,/^# Usage/s/^# \{0,1\}//p' "$0"
    exit 0
    ;;
-*)
    echo "usage: scripts/deb.sh [OUT]" >&2
    exit 2
    ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build-deb}
. "$root/scripts/deps.sh"
errata_install_deps

version=$(dpkg-parsechangelog -l "$root/debian/changelog" -S Version)
src=$out/src/errata-$version
rm -rf "$out/src"
mkdir -p "$src"
out=$(cd "$out" && pwd)
src=$out/src/errata-$version

# The files of the tree, not its build folders: git's list when this is a
# checkout (tracked and new files, ignored ones left out), the tree
# otherwise.
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$root" && git ls-files -z -co --exclude-standard | while IFS= read -r -d '' f; do
        [ -e "$f" ] && printf '%s\0' "$f"
    done | tar --null -T - -cf -) | tar -xf - -C "$src"
else
    tar -C "$root" --exclude='./build*' --exclude=./node_modules -cf - . | tar -xf - -C "$src"
fi

(cd "$src" && dpkg-buildpackage -us -uc -b)
rm -f "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
mv "$out/src"/*.deb "$out/src"/*.changes "$out/src"/*.buildinfo "$out/"
rm -rf "$out/src"
ls "$out"/*.deb
