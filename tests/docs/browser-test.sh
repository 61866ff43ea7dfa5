#!/usr/bin/env bash
# The HTML docs in a real browser: headless Chromium loads the generated page
# from a file, the test reads the DOM after scripts ran (--dump-dom) and
# finds every error's section, checks the filter with JavaScript on (shown,
# and ?filter= narrows the list) and off (hidden, everything visible), and
# takes screenshots at desktop and phone width, kept for review in
# ARTIFACT_DIR.
# Usage: browser-test.sh ERRATA SOURCE_ROOT ARTIFACT_DIR
set -euo pipefail
errata=$(realpath "$1")
root=$(realpath "$2")
artifacts=$3
. "$root/tests/lib/tap.sh"
T=$TAP_TMP

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    # Not a skip: scripts/test.sh installs Debian's chromium.
    tap_not_ok "a Chromium is installed" "neither chromium nor chromium-browser is on PATH;" \
        "install Debian's chromium (scripts/test.sh does)"
    tap_done
    exit 1
fi

# Flags for a sandboxed root session on a machine with no network: no
# background connections, a fresh profile per run.
chrome() {
    local profile
    profile=$(mktemp -d "$T/profile.XXXXXX")
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-dev-shm-usage --user-data-dir="$profile" "$@" 2>>"$T/chrome.log"
}

catalog=$root/catalog/petstore.yaml
"$errata" docs "$catalog" -o "$T/docs" --format html,pages
"$errata" model "$catalog" >"$T/model.json"
page=file://$T/docs/pets_errors.html
mapfile -t slugs < <(python3 -c '
import json, sys
for e in json.load(open(sys.argv[1]))["errors"]:
    print(e["slug"])' "$T/model.json")

# ---- JavaScript on
chrome --dump-dom "$page" >"$T/dom.html" || true
check "Chromium renders the page (--dump-dom)" grep -q '</html>' "$T/dom.html"
missing=()
for s in "${slugs[@]}"; do
    grep -q "<section class=\"error\" id=\"$s\"" "$T/dom.html" || missing+=("$s")
done
check "the DOM holds a section for each of the ${#slugs[@]} errors" test "${#missing[@]}" -eq 0
[ "${#missing[@]}" -eq 0 ] || echo "# missing: ${missing[*]}"
check "with JavaScript the filter is shown" \
    bash -c "grep -o '<input id=\"filter\"[^>]*>' '$T/dom.html' | grep -vq hidden"
check "without a filter no section is hidden" \
    bash -c "! grep -q '<section class=\"error\"[^>]* hidden' '$T/dom.html'"

chrome --dump-dom "$page?filter=pet%20not" >"$T/filtered.html" || true
shown=$(grep -o '<section class="error" id="[^"]*"[^>]*>' "$T/filtered.html" | grep -v hidden |
    sed 's/.* id="\([^"]*\)".*/\1/' | tr '\n' ' ')
check "?filter=pet%20not leaves exactly the sections matching both words" \
    test "$shown" = "pet-not-found "
[ "$shown" = "pet-not-found " ] || echo "# shown: $shown"
check "the filter narrows the overview too" \
    bash -c "test \$(grep -o '<tr data-search=\"[^\"]*\"[^>]*>' '$T/filtered.html' | grep -vc hidden) -eq 1"

# ---- JavaScript off
# Chromium's own switches that turn scripts off also stop --dump-dom, so a
# copy of the page gets a Content-Security-Policy that forbids every script:
# the page then renders exactly as in a browser with JavaScript off.
sed 's|<head>|<head><meta http-equiv="Content-Security-Policy" content="script-src '"'none'"'">|' \
    "$T/docs/pets_errors.html" >"$T/docs/nojs.html"
check "the JavaScript-off copy forbids scripts" grep -q "script-src 'none'" "$T/docs/nojs.html"
chrome --dump-dom "file://$T/docs/nojs.html?filter=pet" >"$T/nojs.html" || true
check "without JavaScript the page still renders" grep -q '</html>' "$T/nojs.html"
check "without JavaScript the filter stays hidden" \
    grep -q '<input id="filter"[^>]* hidden' "$T/nojs.html"
check "without JavaScript every section is visible" \
    bash -c "test \$(grep -c '<section class=\"error\"' '$T/nojs.html') -eq ${#slugs[@]} && ! grep -q '<section class=\"error\"[^>]* hidden' '$T/nojs.html'"

# ---- a per-error page
chrome --dump-dom "file://$T/docs/pet-not-found.html" >"$T/one.html" || true
check "a per-error page renders its section" grep -q '<section class="error" id="pet-not-found"' "$T/one.html"

# ---- screenshots for review
mkdir -p "$artifacts"
png_ok() { [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }
rm -f "$artifacts"/pets_errors-*.png
chrome --window-size=1280,2400 --screenshot="$artifacts/pets_errors-desktop.png" "$page" >/dev/null || true
check "a desktop screenshot is kept ($artifacts/pets_errors-desktop.png)" png_ok "$artifacts/pets_errors-desktop.png"
chrome --window-size=400,2400 --screenshot="$artifacts/pets_errors-phone.png" \
    "file://$T/docs/pet-validation-failed.html" >/dev/null || true
check "a phone-width screenshot is kept ($artifacts/pets_errors-phone.png)" png_ok "$artifacts/pets_errors-phone.png"
if [ "$tap_failed" -gt 0 ]; then
    sed 's/^/# chromium: /' "$T/chrome.log" | tail -n 20
fi
tap_done
