#!/usr/bin/env bash
# The generated C compiles everywhere it promises to: gcc and clang at C99,
# C11 and C17 with -Wall -Wextra -Wpedantic -Werror, the header as C++17, for
# the petstore, http.yaml and every-member-type catalogs; a service using the
# throw macros compiles too, and misuse (a misspelt member, a wrong member
# type) does not.
# Usage: compile-test.sh ERRATA SOURCE_ROOT
set -euo pipefail
errata=$(realpath "$1")
root=$(realpath "$2")
. "$root/tests/lib/tap.sh"

inc=$root/runtime/include
warn=(-Wall -Wextra -Wpedantic -Werror)

generate() { # NAME CATALOG
    "$errata" generate "$root/$2" -o "$TAP_TMP/$1" >/dev/null 2>"$TAP_TMP/err" ||
        { cat "$TAP_TMP/err" >&2; return 1; }
}

for case in "petstore catalog/petstore.yaml pets" "http catalog/http.yaml http" \
    "shop tests/catalogs/good/full.yaml shop" "quota tests/catalogs/good/hyphen-members.yaml quota"; do
    set -- $case
    name=$1 catalog=$2 prefix=$3
    check "$name: generate" generate "$name" "$catalog"
    for cc in gcc clang; do
        for std in c99 c11 c17; do
            expect_exit 0 "$name: $cc -std=$std compiles ${prefix}_errors.c" \
                "$cc" "-std=$std" "${warn[@]}" -I "$inc" -c "$TAP_TMP/$name/${prefix}_errors.c" \
                -o "$TAP_TMP/$name/$cc-$std.o"
        done
    done
    expect_exit 0 "$name: ${prefix}_errors.h compiles as C++17" \
        g++ -std=c++17 -Wall -Wextra -Werror -I "$inc" -x c++ -fsyntax-only "$TAP_TMP/$name/${prefix}_errors.h"
done

# A service throwing every way the header allows.
cat >"$TAP_TMP/petstore/service.c" <<'C'
#include "pets_errors.h"

static errata_status_t find_pet(errata_problem_t *err, const char *id)
{
    static const char *const types[] = { "application/json" };
    static const pets_pet_validation_failed_errors_item_t bad[] = { { "/name", "must not be empty" } };
    switch (id[0]) {
    case 'a': PETS_THROW_PET_NOT_FOUND(err, .pet_id = id);
    case 'b': PETS_THROW(err, PET_NOT_FOUND, .pet_id = id, .instance = "/pets/1");
    case 'c': PETS_THROW(err, GONE);
    case 'd': PETS_THROW_GONE(err, .detail = "removed");
    case 'e': PETS_THROW_RATE_LIMITED(err, .retry_after = 30, .limit = 60);
    case 'f': PETS_THROW_MALFORMED_JSON(err, .offset = ERRATA_INT(17));
    case 'g': PETS_THROW_UNSUPPORTED_CONTENT_TYPE(err, .supported = { types, 1 });
    case 'h': PETS_THROW_PET_VALIDATION_FAILED(err, .errors = { bad, 1 });
    case 'i': PETS_RAISE_PET_NOT_FOUND(err, id);
    case 'j': PETS_RAISE_PET_NOT_FOUND(err, id, .instance = "/pets/1", .detail = "gone");
    case 'k': PETS_RAISE_RATE_LIMITED(err, 30, 60);
    default: return ERRATA_OK;
    }
}

errata_status_t handle(errata_problem_t *err, const char *id);
errata_status_t handle(errata_problem_t *err, const char *id)
{
    ERRATA_TRY(find_pet(err, id));
    return ERRATA_OK;
}
C
for cc in gcc clang; do
    for std in c99 c11 c17; do
        expect_exit 0 "a service using the throw macros compiles ($cc -std=$std)" \
            "$cc" "-std=$std" "${warn[@]}" -I "$inc" -I "$TAP_TMP/petstore" \
            -c "$TAP_TMP/petstore/service.c" -o /dev/null
    done
done

# Misuse must not compile: the compiler checks member names and types.
misuse() { # DESCRIPTION STATEMENT EXPECTED-DIAGNOSTIC
    printf '#include "pets_errors.h"\nerrata_status_t f(errata_problem_t *err);\nerrata_status_t f(errata_problem_t *err)\n{\n    %s\n}\n' "$2" \
        >"$TAP_TMP/petstore/misuse.c"
    for cc in gcc clang; do
        expect_exit 1 "$1 does not compile ($cc)" \
            "$cc" -std=c99 "${warn[@]}" -I "$inc" -I "$TAP_TMP/petstore" \
            -c "$TAP_TMP/petstore/misuse.c" -o /dev/null
        expect_grep err "$3" "$1: $cc says why"
    done
}
misuse "a misspelt member" 'PETS_THROW_PET_NOT_FOUND(err, .pet_idd = "1");' "pet_idd"
misuse "a string member given an integer" 'PETS_THROW_PET_NOT_FOUND(err, .pet_id = 42);' "pet_id\|integer\|int"
misuse "an integer member given a string" 'PETS_THROW_RATE_LIMITED(err, .retry_after = "soon");' "retry_after\|pointer\|char"
misuse "a member of another error" 'PETS_THROW_GONE(err, .pet_id = "1");' "pet_id"
misuse "an unknown code" 'PETS_THROW(err, NO_SUCH_CODE);' "NO_SUCH_CODE"
misuse "the positional throw without its required member" 'PETS_RAISE_PET_NOT_FOUND(err);' "pet_id\|argument"
misuse "the positional throw short of a required member" 'PETS_RAISE_RATE_LIMITED(err, 30);' "limit\|argument\|expected"

# --emit-runtime: the generated code plus errata.h and errata.c build and
# link alone, with no installed liberrata; docs/c-api.md's example runs.
check "generate --emit-runtime" \
    "$errata" generate "$root/catalog/petstore.yaml" -o "$TAP_TMP/alone" --emit-runtime
check "--emit-runtime writes errata.h and errata.c" test -f "$TAP_TMP/alone/errata.h" -a -f "$TAP_TMP/alone/errata.c"
python3 - "$root/docs/c-api.md" "$TAP_TMP/alone/example.c" <<'PY'
import re, sys
blocks = [b for b in re.findall(r"```c\n(.*?)```", open(sys.argv[1]).read(), re.S) if "handle_get" in b]
open(sys.argv[2], "w").write(blocks[0])
PY
for cc in gcc clang; do
    for std in c99 c11 c17; do
        expect_exit 0 "the emitted runtime compiles and links alone ($cc -std=$std)" \
            "$cc" "-std=$std" "${warn[@]}" -I "$TAP_TMP/alone" "$TAP_TMP/alone/example.c" \
            "$TAP_TMP/alone/pets_errors.c" "$TAP_TMP/alone/errata.c" -o "$TAP_TMP/alone/example-$cc-$std"
    done
done
# The client example of docs/c-api.md (libcurl) compiles against the same
# generated files.
python3 - "$root/docs/c-api.md" "$TAP_TMP/alone/client.c" <<'PY'
import re, sys
blocks = [b for b in re.findall(r"```c\n(.*?)```", open(sys.argv[1]).read(), re.S) if "curl_easy_perform" in b]
open(sys.argv[2], "w").write(blocks[0])
PY
expect_exit 0 "docs/c-api.md's libcurl client compiles" \
    gcc -std=c99 -D_DEFAULT_SOURCE "${warn[@]}" -Wno-unused-function -I "$TAP_TMP/alone" \
    -c "$TAP_TMP/alone/client.c" -o "$TAP_TMP/alone/client.o"
expect_exit 0 "docs/c-api.md's example runs" "$TAP_TMP/alone/example-gcc-c99"
expect_grep out '^Status: 404$' "the example answers 404"
expect_grep out '^Retry-After\|^Content-Type: application/problem+json$' "the example sends the problem+json content type"
expect_grep out '^{"type":"https://errors.petstore.example/pet-not-found","title":"Pet not found","status":404,"code":"PET_NOT_FOUND","detail":"Pet 42 does not exist","pet_id":"42"}$' \
    "the example prints the body docs/c-api.md shows"
expect_grep err '^PET_NOT_FOUND 404 at .*example.c:[0-9]*: Pet 42 does not exist$' "the observer sees the throw's origin"

# Text that changes meaning in C unless written carefully: trigraphs
# (gcc -std=c99 reads "??/" as a backslash), comment enders and starters,
# bidirectional controls; names near what errata generates. The code must
# compile clean with -Wtrigraphs and -Wbidi-chars=any, and the bodies it
# writes must carry the catalog's text byte for byte.
check "edge: generate" generate edge tests/c/nasty.yaml
check "edge: generate --emit-runtime" \
    "$errata" generate "$root/tests/c/nasty.yaml" -o "$TAP_TMP/edge-alone" --emit-runtime
for cc in gcc clang; do
    bidi=()
    [ "$cc" = gcc ] && bidi=(-Wbidi-chars=any)
    for std in c99 c11; do
        expect_exit 0 "edge: $cc -std=$std -Wtrigraphs compiles edge_errors.c" \
            "$cc" "-std=$std" "${warn[@]}" -Wtrigraphs "${bidi[@]}" -I "$inc" \
            -c "$TAP_TMP/edge/edge_errors.c" -o "$TAP_TMP/edge/$cc-$std.o"
    done
done
check "edge: no two '?' side by side in the generated C" \
    bash -c '! grep -n "??" "$1"/edge_errors.c "$1"/edge_errors.h' sh "$TAP_TMP/edge"
cat >"$TAP_TMP/edge-alone/bodies.c" <<'C'
#include <stdio.h>
#include "edge_errors.h"

static errata_status_t trigraph(errata_problem_t *err)
{
    EDGE_THROW_TRIGRAPH_TEXT(err, .count = 3);
}

static errata_status_t throw_me(errata_problem_t *err)
{
    EDGE_THROW_THROW_ME(err, .index = "?\?/", .time = ERRATA_INT(1), .free = ERRATA_BOOL(true));
}

static errata_status_t ledger(errata_problem_t *err)
{
    EDGE_THROW_LEDGER_FAILED(err, .volume = "ledger-3 /var/lib/secret", .secret_key = "k3y",
                             .attempt = ERRATA_INT(2), .shown_volume = "ledger-3");
}

/* The observer still sees what the body hides. */
static void log_hidden(const errata_event_t *e, void *ctx)
{
    (void)ctx;
    const errata_problem_t *p = e->problem;
    if (e->kind != ERRATA_EVENT_SENT)
        return;
    for (size_t i = 0; i < p->desc->member_count; i++)
        if (p->desc->members[i].hidden && p->members[i].present)
            fprintf(stderr, "hidden %s=%s\n", p->desc->members[i].name, p->members[i].u.string);
}

int main(void)
{
    static errata_problem_t p;
    static char body[4096];
    ledger(&p);
    errata_problem_json(&p, body, sizeof body);
    puts(body);
    errata_problem_observe(&p, log_hidden, NULL);
    trigraph(&p);
    errata_problem_json(&p, body, sizeof body);
    puts(body);
    throw_me(&p);
    errata_problem_json(&p, body, sizeof body);
    puts(body);
    return 0;
}
C
expect_exit 0 "edge: a program throwing them builds (gcc -std=c99)" \
    gcc -std=c99 "${warn[@]}" -Wtrigraphs -I "$TAP_TMP/edge-alone" "$TAP_TMP/edge-alone/bodies.c" \
    "$TAP_TMP/edge-alone/edge_errors.c" "$TAP_TMP/edge-alone/errata.c" -o "$TAP_TMP/edge/bodies"
expect_exit 0 "edge: it runs" "$TAP_TMP/edge/bodies"
check "edge: the bodies carry the catalog's texts byte for byte" python3 - "$TAP_TMP/out" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
ledger, a, b = json.loads(lines[0]), json.loads(lines[1]), json.loads(lines[2])
# 5xx redaction covers members: what only the hidden detail names, and
# expose: false, never go out; the rest does.
assert "volume" not in ledger and "secret_key" not in ledger, ledger
assert ledger["attempt"] == 2 and ledger["shown_volume"] == "ledger-3", ledger
assert "disk full" not in json.dumps(ledger), ledger
assert a["title"] == "What??/ now ??= ??( ??) ??< ??> ??! ??' ??- ???/", a["title"]
assert a["detail"] == "Detail ??/ with 3 ??", a["detail"]
assert b["title"] == "Throw me \u202egnirts\u2069", b["title"]
assert b["index"] == "??/" and b["time"] == 1 and b["free"] is True, b
PY
expect_grep err '^hidden volume=ledger-3 /var/lib/secret$' "edge: the observer sees the hidden member"
expect_grep err '^hidden secret_key=k3y$' "edge: and the expose: false one"

tap_done
