# Minimal TAP producer for the shell tests (meson reads TAP: protocol 'tap').
# Source it, call `check DESCRIPTION COMMAND...` or `expect_exit N DESC CMD...`,
# then `tap_done`.

tap_count=0
tap_failed=0
TAP_TMP=$(mktemp -d)
trap 'rm -rf "$TAP_TMP"' EXIT

tap_ok() {
    tap_count=$((tap_count + 1))
    echo "ok $tap_count - $1"
}

tap_not_ok() {
    tap_count=$((tap_count + 1))
    tap_failed=$((tap_failed + 1))
    echo "not ok $tap_count - $1"
    shift
    local line
    for line in "$@"; do
        printf '%s\n' "$line" | sed 's/^/# /'
    done
}

# Runs a command capturing stdout/stderr into $TAP_TMP/out and $TAP_TMP/err;
# sets $status.
run() {
    set +e
    "$@" >"$TAP_TMP/out" 2>"$TAP_TMP/err"
    status=$?
    set -e
}

# expect_exit CODE DESCRIPTION COMMAND...
expect_exit() {
    local want=$1 desc=$2
    shift 2
    run "$@"
    if [ "$status" -eq "$want" ]; then
        tap_ok "$desc"
    else
        tap_not_ok "$desc" "command: $*" "exit $status, expected $want" \
            "stdout: $(head -c 2000 "$TAP_TMP/out")" "stderr: $(head -c 2000 "$TAP_TMP/err")"
    fi
}

# expect_grep FILE(out|err) PATTERN DESCRIPTION: checks the last run's output.
expect_grep() {
    local which=$1 pattern=$2 desc=$3
    if grep -q -e "$pattern" "$TAP_TMP/$which"; then
        tap_ok "$desc"
    else
        tap_not_ok "$desc" "no line matching '$pattern' in std$which:" "$(head -c 2000 "$TAP_TMP/$which")"
    fi
}

# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
    local desc=$1
    shift
    if "$@"; then
        tap_ok "$desc"
    else
        tap_not_ok "$desc" "command failed: $*"
    fi
}

tap_done() {
    echo "1..$tap_count"
    [ "$tap_failed" -eq 0 ]
}
