#!/usr/bin/env bash
# Runs `errata lint` on one catalog and checks its diagnostics against the
# sidecar FILE.expect (wayland-scanner style: the location is asserted, not
# just the exit code).
#
# Usage: check-diagnostics.sh ERRATA MODE FILE.yaml      MODE: bad | warn | good
#
# Sidecar FILE.expect beside FILE.yaml, one expectation a line:
#   LINE:COL: error: message fragment
#   LINE:COL: warning[NAME]: message fragment  (its line ends " [-WNAME]")
#   LINE:COL: note: message fragment
#   PATH:LINE:COL: error: message fragment   (a diagnostic in another file,
#                                             PATH relative to FILE's folder)
#   args: -I some/dir                        (appended to the command; -I
#                                             folders relative to FILE's folder)
#   # comment
# Blank lines are ignored. Notes must be present but are not counted.
#
#   bad:  exit 1; every expected error present; as many error lines as
#         expected errors (one cause, one report: no cascades).
#   warn: exit 0 with exactly the expected warnings and no errors; with
#         --werror exit 1 and each warning reported as an error ending in
#         " [-Werror=NAME]".
#   good: exit 0 and nothing on stderr, with and without --werror.
# In every mode lint runs in a fresh empty folder, which must stay empty.
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: $0 ERRATA bad|warn|good FILE.yaml" >&2
    exit 2
fi
errata=$(realpath "$1")
mode=$2
file=$(realpath "$3")
dir=$(dirname "$file")
expect_file=${file%.yaml}.expect

case $mode in
bad | warn | good) ;;
*)
    echo "unknown mode '$mode' (bad, warn or good)" >&2
    exit 2
    ;;
esac
if [ ! -f "$expect_file" ]; then
    echo "FAIL $file: no sidecar $expect_file" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/cwd"
# Lint must write nothing: neither in its working folder nor beside the catalog.
listing() { find "$dir" -maxdepth 1 -printf '%P\n' | sort; }
listing >"$work/before"

# --- the sidecar
extra_args=()
exp_kind=() # error | warning | note
exp_path=() # normalized absolute path of the file the diagnostic is in
exp_line=()
exp_col=()
exp_frag=()
exp_name=() # a warning's name: warning[NAME] in the sidecar
exp_text=() # the sidecar line, for messages
lineno=0
while IFS= read -r raw || [ -n "$raw" ]; do
    lineno=$((lineno + 1))
    case $raw in
    '' | '#'*) continue ;;
    args:*)
        read -r -a words <<<"${raw#args:}"
        i=0
        while [ $i -lt ${#words[@]} ]; do
            w=${words[$i]}
            if { [ "$w" = -I ] || [ "$w" = --include-dir ]; } && [ $((i + 1)) -lt ${#words[@]} ]; then
                extra_args+=("$w" "$(realpath -m "$dir/${words[$((i + 1))]}")")
                i=$((i + 2))
                continue
            fi
            extra_args+=("$w")
            i=$((i + 1))
        done
        continue
        ;;
    esac
    if [[ $raw =~ ^(([^:]+):)?([0-9]+):([0-9]+):\ (error|warning|note)(\[([a-z0-9-]+)\])?:\ (.+)$ ]]; then
        if [ -n "${BASH_REMATCH[2]}" ]; then
            exp_path+=("$(realpath -m "$dir/${BASH_REMATCH[2]}")")
        else
            exp_path+=("$file")
        fi
        exp_line+=("${BASH_REMATCH[3]}")
        exp_col+=("${BASH_REMATCH[4]}")
        exp_kind+=("${BASH_REMATCH[5]}")
        exp_name+=("${BASH_REMATCH[7]}")
        exp_frag+=("${BASH_REMATCH[8]}")
        if [ "${BASH_REMATCH[5]}" = warning ] && [ -z "${BASH_REMATCH[7]}" ]; then
            echo "FAIL $expect_file:$lineno: a warning names itself: LINE:COL: warning[NAME]: ..." >&2
            exit 1
        fi
        exp_text+=("$raw")
    else
        echo "FAIL $expect_file:$lineno: cannot parse expectation: $raw" >&2
        exit 1
    fi
done <"$expect_file"

n_expected() { # KIND
    local k n=0
    for k in "${exp_kind[@]+"${exp_kind[@]}"}"; do
        [ "$k" = "$1" ] && n=$((n + 1))
    done
    echo "$n"
}

if [ "$mode" = good ] && [ ${#exp_kind[@]} -gt 0 ]; then
    echo "FAIL $file: mode good takes an empty sidecar (args: lines only)" >&2
    exit 1
fi
if [ "$mode" = bad ] && { [ "$(n_expected error)" -eq 0 ] || [ "$(n_expected warning)" -ne 0 ]; }; then
    echo "FAIL $expect_file: a bad case expects errors (and no warnings)" >&2
    exit 1
fi
if [ "$mode" = warn ] && { [ "$(n_expected warning)" -eq 0 ] || [ "$(n_expected error)" -ne 0 ]; }; then
    echo "FAIL $expect_file: a warn case expects warnings (and no errors)" >&2
    exit 1
fi

# --- running lint
cmd=()
status=0
stderr_text=''
diag_path=() # parsed diagnostics of the last run
diag_line=()
diag_col=()
diag_kind=()
diag_msg=()

run_lint() { # extra lint options...
    cmd=("$errata" lint "${extra_args[@]+"${extra_args[@]}"}" "$@" "$file")
    set +e
    (cd "$work/cwd" && "${cmd[@]}") >"$work/stdout" 2>"$work/stderr"
    status=$?
    set -e
    stderr_text=$(cat "$work/stderr")
    diag_path=()
    diag_line=()
    diag_col=()
    diag_kind=()
    diag_msg=()
    local l
    while IFS= read -r l || [ -n "$l" ]; do
        if [[ $l =~ ^(.+):([0-9]+):([0-9]+):\ (error|warning|note):\ (.*)$ ]]; then
            local p=${BASH_REMATCH[1]}
            case $p in /*) ;; *) p=$work/cwd/$p ;; esac
            diag_path+=("$(realpath -m "$p")")
            diag_line+=("${BASH_REMATCH[2]}")
            diag_col+=("${BASH_REMATCH[3]}")
            diag_kind+=("${BASH_REMATCH[4]}")
            diag_msg+=("${BASH_REMATCH[5]}")
        elif [[ $l =~ ^[^|]*:\ (error|warning|note):\  ]]; then
            # A diagnostic without a line:column still counts.
            diag_path+=("")
            diag_line+=(0)
            diag_col+=(0)
            diag_kind+=("${BASH_REMATCH[1]}")
            diag_msg+=("$l")
        fi
    done <"$work/stderr"
}

fail() { # WHAT...
    {
        echo "FAIL $file ($mode)"
        printf '  command:'
        printf ' %q' "${cmd[@]}"
        printf '\n  (run in an empty folder; exit status %s)\n' "$status"
        local line
        for line in "$@"; do
            echo "  $line"
        done
        echo "  --- stderr ---"
        printf '%s\n' "$stderr_text"
        echo "  --- end of stderr ---"
    } >&2
    exit 1
}

count_diags() { # KIND
    local k n=0
    for k in "${diag_kind[@]+"${diag_kind[@]}"}"; do
        [ "$k" = "$1" ] && n=$((n + 1))
    done
    echo "$n"
}

# Is there a diagnostic of KIND at PATH:LINE:COL whose message contains FRAG
# (and, with SUFFIX, ends with it)?
has_diag() { # KIND PATH LINE COL FRAG [SUFFIX]
    local i
    for i in "${!diag_kind[@]}"; do
        [ "${diag_kind[$i]}" = "$1" ] || continue
        [ "${diag_path[$i]}" = "$2" ] || continue
        [ "${diag_line[$i]}" = "$3" ] || continue
        [ "${diag_col[$i]}" = "$4" ] || continue
        [[ ${diag_msg[$i]} == *"$5"* ]] || continue
        if [ $# -ge 6 ] && [[ ${diag_msg[$i]} != *"$6" ]]; then
            continue
        fi
        return 0
    done
    return 1
}

check_common() {
    if [ "$status" -ge 128 ]; then
        fail "errata crashed (exit status $status, signal $((status - 128)))"
    fi
    local written
    written=$(find "$work/cwd" -mindepth 1 -printf '%P ')
    if [ -n "$written" ]; then
        fail "lint wrote into its working folder: $written"
    fi
    listing >"$work/after"
    if ! cmp -s "$work/before" "$work/after"; then
        fail "lint wrote beside the catalog: $(comm -13 "$work/before" "$work/after" | tr '\n' ' ')"
    fi
}

check_expected() { # AS_KIND [FORMAT]: each expectation (errors or warnings) as AS_KIND,
    # its line ending in FORMAT with %s the warning's name (" [-W%s]")
    local i kind
    for i in "${!exp_kind[@]}"; do
        local suffix=()
        kind=${exp_kind[$i]}
        if [ "$kind" != note ]; then
            kind=$1
            if [ $# -ge 2 ]; then
                # shellcheck disable=SC2059
                suffix=("$(printf "$2" "${exp_name[$i]}")")
            fi
        fi
        if ! has_diag "$kind" "${exp_path[$i]}" "${exp_line[$i]}" "${exp_col[$i]}" \
            "${exp_frag[$i]}" "${suffix[@]+"${suffix[@]}"}"; then
            local where=${exp_path[$i]}:${exp_line[$i]}:${exp_col[$i]}
            fail "missing: $where: $kind: ${exp_frag[$i]}${suffix[0]:+ ...${suffix[0]}}" \
                "(sidecar line: ${exp_text[$i]})"
        fi
    done
}

case $mode in
bad)
    run_lint
    check_common
    [ "$status" -eq 1 ] || fail "expected exit status 1 (the input is wrong), got $status"
    check_expected error
    want=$(n_expected error)
    got=$(count_diags error)
    if [ "$got" -gt "$want" ]; then
        fail "expected $want error line(s), got $got: one cause must give one report (no cascades)"
    elif [ "$got" -lt "$want" ]; then
        fail "expected $want error line(s), got $got"
    fi
    got=$(count_diags warning)
    [ "$got" -eq 0 ] || fail "expected no warnings, got $got"
    ;;
warn)
    run_lint
    check_common
    [ "$status" -eq 0 ] || fail "expected exit status 0 (warnings only), got $status"
    check_expected warning " [-W%s]"
    want=$(n_expected warning)
    got=$(count_diags warning)
    [ "$got" -eq "$want" ] || fail "expected $want warning line(s), got $got"
    got=$(count_diags error)
    [ "$got" -eq 0 ] || fail "expected no errors, got $got"

    run_lint --werror
    check_common
    [ "$status" -eq 1 ] || fail "with --werror: expected exit status 1, got $status"
    check_expected error " [-Werror=%s]"
    got=$(count_diags error)
    [ "$got" -eq "$want" ] || fail "with --werror: expected $want error line(s), got $got"
    got=$(count_diags warning)
    [ "$got" -eq 0 ] || fail "with --werror: expected no warnings, got $got"
    ;;
good)
    for opt in "" --werror; do
        if [ -n "$opt" ]; then run_lint "$opt"; else run_lint; fi
        check_common
        [ "$status" -eq 0 ] || fail "expected exit status 0, got $status"
        [ -z "$stderr_text" ] || fail "expected nothing on stderr"
    done
    ;;
esac

echo "ok $file"
