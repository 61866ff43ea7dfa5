#!/bin/sh
# make-locale.sh LOCALEDEF SOURCE OUTPUT: compiles a test locale. localedef
# exits 1 on mere warnings (categories a test locale leaves out), so success
# is judged by the output it wrote. It needs Debian's `locales` package (the
# UTF-8 charmap), which scripts/test.sh installs; without it the build fails
# here, loudly, rather than a test skipping.
set -u
rm -rf "$3"
"$1" --quiet -c -i "$2" -f UTF-8 "$3" >/dev/null 2>&1
if ! test -f "$3/LC_NUMERIC"; then
    echo "make-locale.sh: could not build $3 (is Debian's 'locales' package installed?)" >&2
    rm -rf "$3"
    exit 1
fi
exit 0
