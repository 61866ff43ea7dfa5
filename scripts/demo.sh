#!/usr/bin/env bash
# The main job, from a fresh Debian machine: installs what is missing, builds
# errata into build/, checks the shipped catalogs and shows the resolved model
# of the petstore example. (Later: generate its C and docs, run the service.)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh

errata_install_deps
errata_setup build
meson compile -C build

errata=build/generator/errata
echo
echo "== errata lint --werror catalog/http.yaml catalog/petstore.yaml"
"$errata" lint --werror catalog/http.yaml catalog/petstore.yaml
echo "both catalogs are clean"
echo
echo "== errata model catalog/petstore.yaml"
"$errata" model catalog/petstore.yaml
