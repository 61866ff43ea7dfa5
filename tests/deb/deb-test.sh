#!/usr/bin/env bash
# errata's Debian packages (debian/, docs/packaging.md): scripts/deb.sh
# builds them (DEB_BUILD_OPTIONS=nocheck: the suite runs the tests itself),
# each holds what docs/packaging.md says, the libraries carry their SONAME
# and symbols files, lintian finds no error and no warning, dpkg installs
# them into a fresh root (dpkg --root), and the consumers build against that
# installation: examples/consumer (meson), examples/consumer-cmake (Ninja
# and Unix Makefiles), examples/consumer-make and README's CMake and Make
# snippets (tests/consumer/consumers.sh).
# Usage: deb-test.sh SOURCE_ROOT
set -euo pipefail
root=$(realpath "$1")
. "$root/tests/lib/tap.sh"
. "$root/tests/consumer/consumers.sh"

debs=$TAP_TMP/debs
check "scripts/deb.sh builds the packages (dpkg-buildpackage -us -uc -b)" \
    quiet env DEB_BUILD_OPTIONS=nocheck "$root/scripts/deb.sh" "$debs"
version=$(dpkg-parsechangelog -l "$root/debian/changelog" -S Version)
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
lib=usr/lib/$multiarch
deb() { echo "$debs/${1}_${version}_${arch}.deb"; }
for p in errata liberrata0 liberrata-dev liberrata-mhd0 liberrata-mhd-dev; do
    check "$p is built" test -f "$(deb "$p")"
done

# What each package holds: these files, and the runtime packages nothing
# but their library (and its documentation folder).
contents() { dpkg-deb -c "$(deb "$1")" | awk '{print $6}' | sed 's|^\./||; s|/$||' | grep .; }
holds() {
    local p=$1 f
    shift
    contents "$p" >"$TAP_TMP/contents"
    for f in "$@"; do
        check "$p holds $f" grep -qxF "$f" "$TAP_TMP/contents"
    done
}
holds errata usr/bin/errata usr/share/man/man1/errata.1.gz \
    usr/share/errata/catalog/http.yaml usr/share/errata/templates/c/errors.h.mustache \
    usr/share/errata/templates/docs/errors.html.mustache usr/share/doc/errata/catalog.md \
    usr/share/doc/errata/copyright usr/libexec/errata/errata-conform
holds liberrata0 "$lib/liberrata.so.0" "$lib/liberrata.so.$version"
holds liberrata-dev usr/include/errata/errata.h usr/include/errata/decode.h \
    usr/include/errata/json.h usr/include/errata/json_writer.h \
    "$lib/liberrata.so" "$lib/liberrata.a" "$lib/pkgconfig/errata.pc" \
    "$lib/cmake/errata/errataConfig.cmake" "$lib/cmake/errata/errataConfigVersion.cmake" \
    "$lib/cmake/errata/errataGenerate.cmake"
holds liberrata-mhd0 "$lib/liberrata-mhd.so.0" "$lib/liberrata-mhd.so.$version"
holds liberrata-mhd-dev usr/include/errata/mhd.h "$lib/liberrata-mhd.so" \
    "$lib/liberrata-mhd.a" "$lib/pkgconfig/errata-mhd.pc"
for p in liberrata0 liberrata-mhd0; do
    name=${p%0}
    extra=$(contents "$p" | grep -vxE "usr|usr/lib|$lib|usr/share|usr/share/doc" |
        grep -vE "^usr/share/doc/$p(/|\$)" | grep -vxE "$lib/$name\.so\.(0|$version)" || true)
    check "$p holds its library and nothing else${extra:+: $extra}" test -z "$extra"
done

# The SONAME is the package's name, and the symbols files went in.
x=$TAP_TMP/x
for p in liberrata0 liberrata-mhd0; do
    dpkg-deb -x "$(deb "$p")" "$x"
done
check "liberrata's SONAME is liberrata.so.0 (package liberrata0)" \
    bash -c "objdump -p '$x/$lib/liberrata.so.$version' | grep -qE 'SONAME +liberrata\.so\.0\$'"
check "liberrata-mhd's SONAME is liberrata-mhd.so.0 (package liberrata-mhd0)" \
    bash -c "objdump -p '$x/$lib/liberrata-mhd.so.$version' | grep -qE 'SONAME +liberrata-mhd\.so\.0\$'"
for p in liberrata0 liberrata-mhd0; do
    check "$p carries its symbols file" \
        bash -c "dpkg-deb -I '$(deb "$p")' symbols | grep -q '^ errata_.*@Base $version\$'"
done
check "liberrata-mhd links liberrata by its SONAME" \
    bash -c "objdump -p '$x/$lib/liberrata-mhd.so.$version' | grep -qE 'NEEDED +liberrata\.so\.0\$'"
check "liberrata-dev depends on errata and liberrata0 of its own version" \
    bash -c "dpkg-deb -f '$(deb liberrata-dev)' Depends | tr ',' '\n' | sed 's/^ *//' |
        grep -cxE '(errata|liberrata0) \(= $version\)' | grep -qx 2"

check "lintian: no error, no warning" \
    quiet lintian --fail-on error,warning "$debs/errata_${version}_${arch}.changes"

# A fresh root for dpkg: errata's packages only. Their dependencies outside
# errata (libc6, libyaml, libcmark, libmicrohttpd) are the host's.
inst=$TAP_TMP/root
mkdir -p "$inst/var/lib/dpkg/info" "$inst/var/lib/dpkg/updates"
touch "$inst/var/lib/dpkg/status" "$inst/var/lib/dpkg/available"
check "dpkg --root installs the five packages" \
    quiet dpkg --root="$inst" --force-depends --force-not-root --log=/dev/null -i \
    "$(deb errata)" "$(deb liberrata0)" "$(deb liberrata-dev)" \
    "$(deb liberrata-mhd0)" "$(deb liberrata-mhd-dev)"
check "dpkg lists them as installed" \
    test "$(dpkg-query --admindir="$inst/var/lib/dpkg" -W -f '${db:Status-Abbrev}\n' | grep -c '^ii')" = 5
check "the installed errata runs" quiet "$inst/usr/bin/errata" --version
check "errata conform finds its errata-conform in the installed tree" \
    quiet "$inst/usr/bin/errata" conform --help
named=$(zcat "$inst/usr/share/man/man1/errata.1.gz" | grep -o '/usr/[^ ]*' | sed 's/[.,;]*$//' | sort -u || true)
check "the man page names installed files (the reference pages among them)" \
    grep -q '^/usr/share/doc/errata/catalog.md$' <<<"$named"
missing=
for f in $named; do
    [ -e "$inst$f" ] || missing="$missing $f"
done
check "every file the installed man page names is installed${missing:+:$missing}" test -z "$missing"

consumers_init "$root" "$inst"
consumer_meson
consumers_cmake_make

tap_done
