# Shared by the tests/openapi scripts (after tests/lib/tap.sh): the pinned
# JavaScript tools, and check.mjs run as one TAP check.

# Fails the run, saying how to fix it, when npm ci has not installed the
# tools (no silent skip).
require_js_tools() {
    if [ ! -x "$1/node_modules/.bin/validate-api" ]; then
        tap_not_ok "the JavaScript test tools are installed" \
            "run: . scripts/deps.sh; errata_install_js_tools"
        tap_done
        exit 1
    fi
}

# check_mjs DESCRIPTION MODE ARGS...: check.mjs's own checks as one TAP
# line (with their count), its failures quoted when any.
check_mjs() {
    local desc=$1
    shift
    run node "$root/tests/openapi/check.mjs" "$@"
    if [ "$status" -eq 0 ]; then
        tap_ok "$desc ($(tail -1 "$TAP_TMP/out"))"
    else
        tap_not_ok "$desc" "$(grep -A4 '^not ok' "$TAP_TMP/out" | head -60)"
    fi
}
