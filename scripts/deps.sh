# Sourced by scripts/test.sh and scripts/demo.sh: installs the Debian packages errata
# needs, only those missing, so both commands work on a fresh machine and stay idempotent.

ERRATA_PACKAGES=(
    gcc g++ clang pkg-config meson ninja-build python3
    # tests/openapi: structural-diff.py reads YAML
    python3-yaml
    libyaml-dev libcmocka-dev
    libjansson-dev libcjson-dev
    valgrind locales libcurl4-openssl-dev curl
    # the generated HTML docs render the catalog's Markdown with cmark; a
    # headless browser checks the page (tests/docs)
    libcmark-dev chromium
    # errata-mhd, the petstore service and its load test
    libmicrohttpd-dev libsqlite3-dev sqlite3 wrk
    # benchmark peers and charts (tests/bench, scripts/bench.sh)
    comerr-dev gnuplot-nox time
    # libFuzzer for clang (libclang_rt.fuzzer, from libclang-rt-NN-dev; this one
    # follows Debian's default clang): tests/fuzz/run-fuzzer.sh
    libclang-rt-dev
    # the Debian packages (scripts/deb.sh, tests/deb) and the CMake and Make
    # consumers (tests/consumer)
    debhelper dpkg-dev fakeroot lintian cmake make
)

errata_sudo() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    else
        sudo "$@"
    fi
}

errata_install_deps() {
    local missing=() pkg
    for pkg in "${ERRATA_PACKAGES[@]}" "$@"; do
        if ! dpkg -s "$pkg" >/dev/null 2>&1; then
            missing+=("$pkg")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        return 0
    fi
    echo "errata: installing ${missing[*]}" >&2
    errata_sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
    errata_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Configures a build folder (or reconfigures it when it exists), so running
# the scripts again is cheap and safe. Extra arguments go to meson setup.
errata_setup() {
    local dir=$1
    shift
    if [ -f "$dir/build.ninja" ]; then
        meson setup --reconfigure "$dir" "$@" >/dev/null
    else
        meson setup "$dir" "$@"
    fi
}

# The test-only JavaScript tools (tsc, ajv, an OpenAPI 3.1 validator), pinned by
# the committed package-lock.json. npm comes from Debian only when the machine
# has none (a nodesource nodejs bundles its own, and conflicts with Debian's npm).
# npm ci runs again only when the lockfile is newer than the installed tree.
errata_install_js_tools() {
    if ! command -v npm >/dev/null 2>&1; then
        echo "errata: installing nodejs npm" >&2
        errata_sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
        errata_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm
    fi
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        npm ci --no-audit --no-fund
    fi
}
