#!/usr/bin/env bash
# Regenerates the golden files of tests/golden/ from the current errata, with
# the banner's version masked. Run it only after reviewing what changed, and
# commit the diff with the change that caused it.
# Usage: scripts/update-golden.sh [ERRATA]   (default: build/generator/errata)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
errata=$(realpath "${1:-build/generator/errata}")
. tests/golden/golden-lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while read -r name command catalog args; do
    # shellcheck disable=SC2086
    golden_run "$errata" "$tmp/$name" "$command" "$catalog" $args
    rm -rf "tests/golden/$name"
    mkdir -p "tests/golden/$name"
    for f in "$tmp/$name"/*; do
        golden_mask <"$f" >"tests/golden/$name/$(basename "$f")"
    done
    echo "updated tests/golden/$name"
done < <(golden_cases)
git --no-pager diff --stat -- tests/golden || true
