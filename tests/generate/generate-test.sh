#!/usr/bin/env bash
# `errata generate` and `errata render` end to end: outputs written, byte for
# byte the same whatever the folder, rewritten only when changed, nothing
# written on any error, depfiles, override and inheriting templates, usage
# errors; render's exact bytes, escaping, partials and located errors; and the
# model as template data. Every generate here uses --docs (which writes what
# `errata docs` writes), so the tests hold with or without the C templates.
# Usage: generate-test.sh ERRATA SOURCE_ROOT
set -euo pipefail
errata=$(realpath "$1")
root=$(realpath "$2")
. "$root/tests/lib/tap.sh"

T=$TAP_TMP
petstore=$root/catalog/petstore.yaml

# The catalogs copied, so tests can change them; http.yaml sits beside.
mkdir -p "$T/cat" "$T/alone" "$T/work"
cp "$root/catalog/petstore.yaml" "$root/catalog/http.yaml" "$root/catalog/petstore.de.yaml" "$T/cat/"
cp "$root/catalog/petstore.yaml" "$root/catalog/petstore.de.yaml" "$T/alone/"

# The pages --docs writes for petstore: the Markdown, the HTML index and one
# page per error of petstore.yaml with a type URI of its own (http.yaml's
# about:blank entries have sections, no pages).
pet_slugs="internal-error malformed-json pet-already-exists pet-not-found pet-validation-failed
rate-limited scope-required store-full store-unavailable token-missing-or-invalid unsupported-content-type
version-mismatch"
docs_files=$( (printf '%s\n' pets_errors.md pets_errors.html; for s in $pet_slugs; do
    echo "$s.html"; done) | LC_ALL=C sort | tr '\n' ' ')
# listing DIR: its files, sorted, on one line.
listing() { (cd "$1" && ls -A | LC_ALL=C sort | tr '\n' ' '); }
# deps DEPFILE: what the outputs depend on (the part after "targets: ").
deps() { local d; d=$(cat "$1"); printf '%s' "${d#*: }"; }
# targets DEPFILE: the targets, one per line, sorted.
targets() { local d; d=$(cat "$1"); printf '%s' "${d%%: *}" | sed 's/\([^\\]\) /\1\n/g' | LC_ALL=C sort; }

# no_temps DIR: no temporary file (.NAME.XXXXXX) is left in DIR.
no_temps() {
    [ -z "$(find "$1" -maxdepth 1 -name '.*' ! -name . -print 2>/dev/null)" ]
}

# same_tree A B: the same file names and bytes.
same_tree() {
    [ "$(cd "$1" && ls -A)" = "$(cd "$2" && ls -A)" ] && diff -r "$1" "$2" >/dev/null
}

mtime() { stat -c %Y "$1"; }

# ---------------------------------------------------------------- generate
expect_exit 0 "generate --docs succeeds" "$errata" generate "$petstore" -o "$T/out1" --docs
check "generate prints nothing when all is well" test ! -s "$T/err"
check "generate writes DIR/pets_errors.md" test -s "$T/out1/pets_errors.md"
check "generate --docs writes the Markdown, the HTML and one page per typed error" \
    test "$(listing "$T/out1")" = "$docs_files"
check "the docs start with the catalog's title" \
    test "$(head -n 1 "$T/out1/pets_errors.md")" = "# Pet Store API errors"
check "the docs list PET_NOT_FOUND with its anchor and status" \
    grep -qF '| [`PET_NOT_FOUND`](#pet-not-found) | 404 | Pet not found | no |' "$T/out1/pets_errors.md"
check "the docs list the included http.yaml entries" \
    grep -qF '| [`NOT_FOUND`](#not-found) | 404 | Not Found | no |' "$T/out1/pets_errors.md"
check "generated files are 0644 under umask 022" \
    bash -c "umask 022 && rm -rf '$T/mode' && '$errata' generate '$petstore' -o '$T/mode' --docs && test \"\$(stat -c %a '$T/mode/pets_errors.md')\" = 644"

# --- deterministic: across runs, output folders and working folders
expect_exit 0 "a second run into another folder succeeds" "$errata" generate "$petstore" -o "$T/out2" --docs
check "byte-identical across -o folders" same_tree "$T/out1" "$T/out2"
(cd "$T/work" && "$errata" generate ../cat/petstore.yaml -o rel --docs --depfile rel.d) \
    >"$T/out" 2>"$T/err" && status=0 || status=$?
check "generate with relative paths from another cwd succeeds" test "$status" -eq 0
check "byte-identical from another cwd and catalog path" same_tree "$T/out1" "$T/work/rel"
check "a relative depfile names relative paths" \
    test "$(deps "$T/work/rel.d")" = "../cat/petstore.yaml ../cat/http.yaml ../cat/petstore.de.yaml"
check "a relative depfile names relative targets" grep -q '^rel/pets_errors.md ' "$T/work/rel.d"
rm -rf "$T/out3"
"$errata" generate "$petstore" -o "$T/out3" --docs || true
first=$(sha256sum <"$T/out3/pets_errors.md" || true)
rm -rf "$T/out3"
"$errata" generate "$petstore" -o "$T/out3" --docs || true
check "byte-identical across two fresh runs" test "$first" = "$(sha256sum <"$T/out3/pets_errors.md")"
check "generate leaves no temporary file" no_temps "$T/out1"

# --- incremental: unchanged files keep their mtime, changed ones are rewritten
touch -d '2001-02-03 04:05:06' "$T/out1/pets_errors.md"
old=$(mtime "$T/out1/pets_errors.md")
expect_exit 0 "re-running on an up-to-date folder succeeds" "$errata" generate "$petstore" -o "$T/out1" --docs
check "an unchanged file keeps its mtime" test "$(mtime "$T/out1/pets_errors.md")" = "$old"
check "re-running leaves no temporary file" no_temps "$T/out1"

expect_exit 0 "generate from the copied catalog" "$errata" generate "$T/cat/petstore.yaml" -o "$T/inc" --docs
touch -d '2001-02-03 04:05:06' "$T/inc/pets_errors.md"
sed -i 's/^title: Pet Store API errors$/title: Pet Store API errors, revised/' "$T/cat/petstore.yaml"
check "the catalog copy really changed" grep -q '^title: Pet Store API errors, revised$' "$T/cat/petstore.yaml"
expect_exit 0 "generate after a catalog change succeeds" "$errata" generate "$T/cat/petstore.yaml" -o "$T/inc" --docs
check "a changed catalog rewrites the file" \
    test "$(head -n 1 "$T/inc/pets_errors.md")" = "# Pet Store API errors, revised"
check "the rewritten file has a new mtime" test "$(mtime "$T/inc/pets_errors.md")" != "$old"
check "the rewrite leaves no temporary file" no_temps "$T/inc"

# --- nothing written on a catalog error
cat >"$T/bad.yaml" <<'YAML'
errata: 1
name: bad
base_uri: https://errors.example/bad/
errors:
  - { code: BAD, status: 200, title: Not an error }
YAML
expect_exit 1 "a bad catalog fails generate" "$errata" generate "$T/bad.yaml" -o "$T/badout" --docs
expect_grep err "bad.yaml:5:26: error: status 200 is a success code" "the catalog error is located"
check "a bad catalog creates no output folder" test ! -e "$T/badout"
mkdir -p "$T/badempty"
expect_exit 1 "a bad catalog into an existing folder fails" \
    "$errata" generate "$T/bad.yaml" -o "$T/badempty" --docs --depfile "$T/badempty/bad.d"
check "a bad catalog leaves the folder empty (no depfile, no temporaries)" \
    test -z "$(ls -A "$T/badempty")"
cp "$T/out1/pets_errors.md" "$T/keep.md"
touch -d '2001-02-03 04:05:06' "$T/out1/pets_errors.md"
cp "$T/bad.yaml" "$T/pets-bad.yaml"
sed -i 's/^name: bad$/name: pets/' "$T/pets-bad.yaml"
expect_exit 1 "a bad catalog over existing outputs fails" "$errata" generate "$T/pets-bad.yaml" -o "$T/out1" --docs
check "existing outputs keep their bytes" cmp -s "$T/keep.md" "$T/out1/pets_errors.md"
check "existing outputs keep their mtime" test "$(mtime "$T/out1/pets_errors.md")" = "$old"
check "and no temporary is left" no_temps "$T/out1"

# --- nothing written on a template error
mkdir -p "$T/broken/docs"
printf '# {{{catalog.name}}}\n{{#errors}}\n- {{{code}}}\n' >"$T/broken/docs/errors.md.mustache"
expect_exit 1 "an unclosed section in an override fails generate" \
    "$errata" generate "$petstore" -o "$T/tplout" --docs --templates "$T/broken" --depfile "$T/tpl.d"
expect_grep err "broken/docs/errors.md.mustache:2:1: error: unclosed section 'errors'" \
    "the template error is located FILE:LINE:COL"
check "a template error prints nothing on stdout" test ! -s "$T/out"
check "a template error creates no output folder" test ! -e "$T/tplout"
check "a template error writes no depfile" test ! -e "$T/tpl.d"
expect_exit 1 "a template error over existing outputs fails" \
    "$errata" generate "$petstore" -o "$T/out1" --docs --templates "$T/broken"
check "existing outputs keep their bytes after a template error" cmp -s "$T/keep.md" "$T/out1/pets_errors.md"
check "existing outputs keep their mtime after a template error" test "$(mtime "$T/out1/pets_errors.md")" = "$old"
check "no temporary is left after a template error" no_temps "$T/out1"

mkdir -p "$T/noparent/docs"
printf 'intro\n{{<nosuch}}{{/nosuch}}\n' >"$T/noparent/docs/errors.md.mustache"
expect_exit 1 "an unknown parent fails generate" \
    "$errata" generate "$petstore" -o "$T/npout" --docs --templates "$T/noparent"
expect_grep err "noparent/docs/errors.md.mustache:2:1: error: unknown parent 'nosuch'" \
    "the unknown parent is located"
check "an unknown parent writes nothing" test ! -e "$T/npout"

mkdir -p "$T/self/docs"
printf '{{<docs/errors.md}}{{$title}}X\n{{/title}}{{/docs/errors.md}}' >"$T/self/docs/errors.md.mustache"
expect_exit 1 "a template inheriting itself (no builtin/ prefix) fails cleanly" \
    "$errata" generate "$petstore" -o "$T/selfout" --docs --templates "$T/self"
expect_grep err "self/docs/errors.md.mustache:1:1: error: templates nested more than" \
    "the endless inheritance is located"
check "an endless inheritance writes nothing" test ! -e "$T/selfout"

# --- several outputs: all or nothing across them
expect_exit 0 "generate --lang c --docs" "$errata" generate "$petstore" -o "$T/multi" --lang c --docs --depfile "$T/multi.d"
check "--lang c --docs writes the header, the source and the docs" \
    test "$(listing "$T/multi")" = "$(printf '%s\n' $docs_files pets_errors.c pets_errors.h | LC_ALL=C sort | tr '\n' ' ')"
check "the depfile names every output as a target" \
    test "$(targets "$T/multi.d" | tr '\n' ' ')" = "$(cd "$T/multi" && ls -A | LC_ALL=C sort | sed "s|^|$T/multi/|" | tr '\n' ' ')"
mkdir -p "$T/cbroken/c"
printf '/* {{{names.source}}} */\n{{#errors}}\n' >"$T/cbroken/c/errors.c.mustache"
expect_exit 1 "one broken template among several outputs fails generate" \
    "$errata" generate "$petstore" -o "$T/multi-bad" --lang c --docs --templates "$T/cbroken"
expect_grep err "cbroken/c/errors.c.mustache:2:1: error: unclosed section 'errors'" "the broken one is located"
check "no output at all is written when one of them fails" test ! -e "$T/multi-bad"
touch -d '2001-02-03 04:05:06' "$T/multi"/*
expect_exit 1 "the same over existing outputs" \
    "$errata" generate "$petstore" -o "$T/multi" --lang c --docs --templates "$T/cbroken"
check "every existing output keeps its mtime" \
    test "$(stat -c %Y "$T/multi"/* | sort -u)" = "$old"
check "and no temporary is left" no_temps "$T/multi"
: >"$T/a-file"
expect_exit 2 "-o naming a file is an I/O error" "$errata" generate "$petstore" -o "$T/a-file" --docs
expect_grep err "cannot create output folder '.*a-file'" "the output folder problem is explained"

# --- TypeScript and JavaScript (--lang ts, js, and lists)
expect_exit 0 "generate --lang c,ts,js" "$errata" generate "$petstore" -o "$T/langs" --lang c,ts,js --depfile "$T/langs.d"
check "--lang c,ts,js writes the C files, the .ts, the .js and the .d.ts" \
    test "$(listing "$T/langs")" = "pets_errors.c pets_errors.d.ts pets_errors.h pets_errors.js pets_errors.ts "
check "the depfile names the TypeScript outputs as targets" grep -q "^$T/langs/pets_errors.ts$" <(targets "$T/langs.d")
check "the .ts starts with the banner" \
    grep -qx '// pets_errors.ts: generated by errata [^ ]* from petstore.yaml; do not edit.' <(head -1 "$T/langs/pets_errors.ts")
check "the .js starts with the banner" \
    grep -qx '// pets_errors.js: generated by errata [^ ]* from petstore.yaml; do not edit.' <(head -1 "$T/langs/pets_errors.js")
expect_exit 0 "a language named twice is generated once" "$errata" generate "$petstore" -o "$T/langs2" --lang ts,ts
check "--lang ts,ts writes the .ts alone" test "$(listing "$T/langs2")" = "pets_errors.ts "
expect_exit 2 "an unknown language in a list is a usage error" "$errata" generate "$petstore" -o "$T/langs3" --lang c,go
expect_grep err "unknown language 'go' in --lang 'c,go'" "the unknown one is named"
check "nothing is written" test ! -e "$T/langs3"
expect_exit 2 "an empty language is a usage error" "$errata" generate "$petstore" -o "$T/langs4" --lang ts,
expect_exit 2 "--tests without C is a usage error" "$errata" generate "$petstore" -o "$T/langs5" --lang ts --tests
expect_grep err "add 'c' to --lang 'ts'" "the missing C is named"
expect_exit 0 "--tests with --lang ts,c" "$errata" generate "$petstore" -o "$T/langs6" --lang ts,c --tests
check "--lang ts,c --tests writes the C test program beside both languages" \
    test "$(listing "$T/langs6")" = "pets_errors.c pets_errors.h pets_errors.ts pets_errors_test.c "
mkdir -p "$T/tsbanner/ts"
printf '{{<builtin/ts/errors.ts}}{{$banner}}// mine: {{{names.ts_module}}}\n{{/banner}}{{/builtin/ts/errors.ts}}' \
    >"$T/tsbanner/ts/errors.ts.mustache"
expect_exit 0 "a .ts template inheriting the built-in one" \
    "$errata" generate "$petstore" -o "$T/tsb" --lang ts,js --templates "$T/tsbanner" --depfile "$T/tsb.d"
check "its banner block replaces the built-in one" grep -qx '// mine: pets_errors' <(head -1 "$T/tsb/pets_errors.ts")
check "the .js inherits the override too" grep -qx '// mine: pets_errors' <(head -1 "$T/tsb/pets_errors.js")
check "the depfile names the override" grep -q "tsbanner/ts/errors.ts.mustache" "$T/tsb.d"
mkdir -p "$T/tsbroken/ts"
printf '{{#errors}}\n' >"$T/tsbroken/ts/errors.ts.mustache"
expect_exit 1 "a broken .ts template fails generate --lang c,ts" \
    "$errata" generate "$petstore" -o "$T/tsbad" --lang c,ts --templates "$T/tsbroken"
check "and writes nothing, the C files neither" test ! -e "$T/tsbad"

# A C-only run builds neither the docs nor the TypeScript fields, but a
# template from --templates may read any field: they are all there for it.
mkdir -p "$T/cfields/c"
printf '{{<builtin/c/errors.h}}{{$banner}}/* {{{names.ts_type}}} {{#errors}}{{#has_page}}{{{page}}} {{/has_page}}{{/errors}}*/\n{{/banner}}{{/builtin/c/errors.h}}' \
    >"$T/cfields/c/errors.h.mustache"
expect_exit 0 "a C template reading docs and TypeScript fields" \
    "$errata" generate "$petstore" -o "$T/cfields-out" --templates "$T/cfields"
check "it sees them under --lang c" \
    grep -qx '/\* Pets .*pet-not-found\.html .*\*/' <(head -1 "$T/cfields-out/pets_errors.h")

# --- --templates: replace a built-in, or inherit it and change one block
mkdir -p "$T/replace/docs"
printf 'Custom docs for {{{catalog.name}}}: {{error_count}} errors.\n' >"$T/replace/docs/errors.md.mustache"
expect_exit 0 "an override template replaces the built-in" \
    "$errata" generate "$petstore" -o "$T/repl" --docs --templates "$T/replace"
printf 'Custom docs for pets: %s errors.\n' "$(grep -c '^| \[`' "$T/keep.md")" >"$T/repl.expected"
check "the override's exact output" cmp "$T/repl.expected" "$T/repl/pets_errors.md"

mkdir -p "$T/unrelated/docs"
printf 'ignored\n' >"$T/unrelated/docs/other.md.mustache"
expect_exit 0 "a templates folder without a matching name" \
    "$errata" generate "$petstore" -o "$T/unrel" --docs --templates "$T/unrelated"
check "templates with other names change nothing" cmp "$T/keep.md" "$T/unrel/pets_errors.md"

check "the built-in docs template has replaceable blocks" \
    grep -q '{{\$title}}' "$root/templates/docs/errors.md.mustache"

mkdir -p "$T/inherit-title/docs"
cat >"$T/inherit-title/docs/errors.md.mustache" <<'EOF'
{{<builtin/docs/errors.md}}
{{$title}}
# Errors of {{{catalog.name}}}
{{/title}}
{{/builtin/docs/errors.md}}
EOF
expect_exit 0 "a template inheriting the built-in one" \
    "$errata" generate "$petstore" -o "$T/inh" --docs --templates "$T/inherit-title"
check "the replaced block (title) changed" test "$(head -n 1 "$T/inh/pets_errors.md")" = "# Errors of pets"
check "everything but the replaced block is the built-in output" \
    cmp <(tail -n +2 "$T/keep.md") <(tail -n +2 "$T/inh/pets_errors.md")

mkdir -p "$T/inherit-footer/docs"
cat >"$T/inherit-footer/docs/errors.md.mustache" <<'EOF'
{{<builtin/docs/errors.md}}
{{$footer}}
Generated for {{{names.prefix}}}.
{{/footer}}
{{/builtin/docs/errors.md}}
EOF
expect_exit 0 "a template filling the built-in footer block" \
    "$errata" generate "$petstore" -o "$T/foot" --docs --templates "$T/inherit-footer"
check "the footer appears once" test "$(grep -cx 'Generated for pets.' "$T/foot/pets_errors.md")" = 1
check "only the footer was added" \
    cmp "$T/keep.md" <(grep -vx 'Generated for pets.' "$T/foot/pets_errors.md")

# --- --depfile
expect_exit 0 "generate --depfile without override templates" \
    "$errata" generate "$T/cat/petstore.yaml" -o "$T/dep1" --docs --depfile "$T/dep1.d"
check "the depfile lists the catalog and http.yaml found beside it" \
    test "$(deps "$T/dep1.d")" = "$T/cat/petstore.yaml $T/cat/http.yaml $T/cat/petstore.de.yaml"
check "the depfile's targets are the outputs" \
    test "$(targets "$T/dep1.d" | tr '\n' ' ')" = "$(printf "$T/dep1/%s\n" $docs_files | LC_ALL=C sort | tr '\n' ' ')"
check "the depfile ends with a newline" test "$(tail -c 1 "$T/dep1.d" | od -An -c | tr -d ' ')" = '\n'
expect_exit 0 "generate --depfile with the built-in http.yaml" \
    "$errata" generate "$T/alone/petstore.yaml" -o "$T/dep2" --docs --depfile "$T/dep2.d"
check "a built-in include is not in the depfile" \
    test "$(deps "$T/dep2.d")" = "$T/alone/petstore.yaml $T/alone/petstore.de.yaml"
check "built-in templates are not in the depfile" bash -c "! grep -q -e builtin -e mustache '$T/dep2.d'"

mkdir -p "$T/tpl/docs" "$T/tpl/parts"
cat >"$T/tpl/docs/errors.md.mustache" <<'EOF'
{{<builtin/docs/errors.md}}
{{$footer}}
{{>parts/footer}}
{{>parts/missing}}
{{/footer}}
{{/builtin/docs/errors.md}}
EOF
printf 'Footer of {{{catalog.name}}}.\n' >"$T/tpl/parts/footer.mustache"
expect_exit 0 "generate --depfile with an override and a partial" \
    "$errata" generate "$T/cat/petstore.yaml" -o "$T/dep3" --docs --templates "$T/tpl" --depfile "$T/dep3.d"
check "the partial of the override rendered" grep -qx 'Footer of pets.' "$T/dep3/pets_errors.md"
check "the depfile lists the override template and its partial, in reading order" \
    test "$(deps "$T/dep3.d")" = "$T/cat/petstore.yaml $T/cat/http.yaml $T/cat/petstore.de.yaml $T/tpl/docs/errors.md.mustache $T/tpl/parts/footer.mustache"

touch -d '2001-02-03 04:05:06' "$T/dep3.d"
expect_exit 0 "re-running with the same depfile" \
    "$errata" generate "$T/cat/petstore.yaml" -o "$T/dep3" --docs --templates "$T/tpl" --depfile "$T/dep3.d"
check "an unchanged depfile keeps its mtime" test "$(mtime "$T/dep3.d")" = "$old"

# --- the depfile is one of the outputs: written with them, or none is
expect_exit 2 "a depfile in a folder that does not exist is an I/O error" \
    "$errata" generate "$petstore" -o "$T/nodep" --lang c --docs --depfile "$T/no such dir/x.d"
expect_grep err "errata: cannot create a file in '$T/no such dir': No such file or directory" \
    "the depfile's missing folder is named"
check "a depfile that cannot be written leaves no output (not even the folder)" test ! -e "$T/nodep"
mkdir -p "$T/nodep2"
: >"$T/nodep2/unrelated"
expect_exit 2 "the same into an existing, empty output folder" \
    "$errata" generate "$petstore" -o "$T/nodep2" --lang c --docs --depfile "$T/nope/x.d"
check "the existing folder keeps only what it had" test "$(listing "$T/nodep2")" = "unrelated "
expect_exit 0 "outputs to keep" "$errata" generate "$petstore" -o "$T/keepdep" --lang c --docs
touch -d '2001-02-03 04:05:06' "$T/keepdep"/*
expect_exit 2 "the same over existing outputs (with an old catalog title)" \
    "$errata" generate "$T/cat/petstore.yaml" -o "$T/keepdep" --lang c --docs --depfile "$T/nope/x.d"
check "every existing output keeps its mtime when the depfile cannot be written" \
    test "$(stat -c %Y "$T/keepdep"/* | sort -u)" = "$old"
check "and its bytes" cmp -s "$T/keep.md" "$T/keepdep/pets_errors.md"
check "and no temporary is left" no_temps "$T/keepdep"
mkdir -p "$T/depdir.d"
expect_exit 2 "a depfile path naming a folder is an I/O error" \
    "$errata" generate "$petstore" -o "$T/dirdep" --docs --depfile "$T/depdir.d"
expect_grep err "cannot write '$T/depdir.d': it is a folder" "the folder is named"
check "a depfile naming a folder leaves no output" test ! -e "$T/dirdep"
expect_exit 2 "a depfile path ending in / is a usage error" \
    "$errata" generate "$petstore" -o "$T/slashdep" --docs --depfile "$T/"
expect_grep err "--depfile names a file, not a folder" "the trailing / is explained"
check "a depfile path ending in / writes nothing" test ! -e "$T/slashdep"
expect_exit 2 "errata docs: a depfile in a missing folder is an I/O error" \
    "$errata" docs "$petstore" -o "$T/docsdep" --depfile "$T/nope/x.d"
check "errata docs writes nothing then" test ! -e "$T/docsdep"

# --- depfile paths are clean: no "//", no "./"
mkdir -p "$T/clean/deps"
(cd "$T/clean" && "$errata" generate ../cat//petstore.yaml -o out/ --lang c --docs --depfile ./deps//out.d) \
    >"$T/out" 2>"$T/err" && status=0 || status=$?
check "generate with -o out/ and doubled slashes succeeds" test "$status" -eq 0
check "the depfile went to deps/out.d" test -s "$T/clean/deps/out.d"
check "-o out/ names the targets out/NAME, never out//NAME" \
    test "$(targets "$T/clean/deps/out.d" | tr '\n' ' ')" = "$(cd "$T/clean/out" && ls -A | LC_ALL=C sort | sed 's|^|out/|' | tr '\n' ' ')"
check "a catalog given as ../cat//petstore.yaml is named ../cat/petstore.yaml" \
    test "$(deps "$T/clean/deps/out.d")" = "../cat/petstore.yaml ../cat/http.yaml ../cat/petstore.de.yaml"
check "no // and no ./ segment anywhere in the depfile" \
    bash -c "! grep -qE -e '//' -e '(^| |/)\./' '$T/clean/deps/out.d'"
expect_exit 0 "generate with an absolute -o ending in //" \
    "$errata" generate "$petstore" -o "$T/clean/abs//" --docs --depfile "$T/clean/abs.d"
check "absolute targets have no // either" \
    bash -c "grep -q '^$T/clean/abs/pets_errors.md ' '$T/clean/abs.d' && ! grep -q '//' '$T/clean/abs.d'"

mkdir -p "$T/sp ace/tpl dir/docs"
cp "$T/tpl/docs/errors.md.mustache" "$T/sp ace/tpl dir/docs/"
mkdir -p "$T/sp ace/tpl dir/parts"
cp "$T/tpl/parts/footer.mustache" "$T/sp ace/tpl dir/parts/"
expect_exit 0 "generate with spaces in every path" \
    "$errata" generate "$T/cat/petstore.yaml" -o "$T/sp ace/out dir" --docs \
    --templates "$T/sp ace/tpl dir" --depfile "$T/sp ace/deps.d"
e=${T// /\\ }
check "paths with a space are backslash-escaped in the depfile" \
    test "$(deps "$T/sp ace/deps.d")" = "$e/cat/petstore.yaml $e/cat/http.yaml $e/cat/petstore.de.yaml $e/sp\\ ace/tpl\\ dir/docs/errors.md.mustache $e/sp\\ ace/tpl\\ dir/parts/footer.mustache"
check "targets with a space are backslash-escaped in the depfile" \
    grep -qF "$e/sp\\ ace/out\\ dir/pets_errors.md " "$T/sp ace/deps.d"

# ninja is the depfile's reader: check that it reads the escaped paths back.
# The rule is the one meson writes for a custom_target with a depfile
# (CUSTOM_COMMAND_DEP): restat, so an output left untouched is not rebuilt.
if command -v ninja >/dev/null; then
    nj="$T/ninja"
    mkdir -p "$nj/tpl dir/docs"
    cp "$T/tpl/docs/errors.md.mustache" "$nj/tpl dir/docs/"
    mkdir -p "$nj/tpl dir/parts"
    cp "$T/tpl/parts/footer.mustache" "$nj/tpl dir/parts/"
    cat >"$nj/build.ninja" <<EOF
rule gen
  command = $errata generate $T/cat/petstore.yaml -o 'out\$ dir' --docs --templates 'tpl\$ dir' --depfile deps.d
  depfile = deps.d
  deps = gcc
  restat = 1
build out\$ dir/pets_errors.md: gen
EOF
    run ninja -C "$nj"
    check "ninja runs the generate rule" test "$status" -eq 0
    run ninja -C "$nj" -t deps
    check "ninja reads every dependency back from the depfile" bash -c "
        grep -qx '    $T/cat/petstore.yaml' '$T/out' &&
        grep -qx '    $T/cat/http.yaml' '$T/out' &&
        grep -qx '    tpl dir/docs/errors.md.mustache' '$T/out' &&
        grep -qx '    tpl dir/parts/footer.mustache' '$T/out'"
    touch "$nj/tpl dir/parts/footer.mustache"
    run ninja -C "$nj" -n -d explain
    check "touching a partial makes ninja re-run generate" grep -q '^\[1/1\]' "$T/out"
    run ninja -C "$nj"
    run ninja -C "$nj" -n
    check "then ninja is up to date" grep -q 'no work to do' "$T/out"
else
    tap_ok "ninja reads the depfile back # SKIP ninja not found"
fi

# --- usage errors
expect_exit 2 "generate without -o is a usage error" "$errata" generate "$petstore" --docs
expect_grep err "no output folder given" "the missing -o is named"
expect_exit 2 "generate --lang with an unknown language is a usage error" \
    "$errata" generate "$petstore" -o "$T/u1" --lang cobol
expect_grep err "unknown language 'cobol'" "the unknown language is named"
expect_exit 2 "generate with an unknown option is a usage error" \
    "$errata" generate "$petstore" -o "$T/u2" --docs --frobnicate
expect_grep err "unknown option '--frobnicate'" "the unknown option is named"
expect_exit 2 "generate with two catalogs is a usage error" \
    "$errata" generate "$petstore" "$root/catalog/http.yaml" -o "$T/u3" --docs
expect_exit 2 "generate without a catalog is a usage error" "$errata" generate -o "$T/u4" --docs
expect_exit 2 "generate -o without a value is a usage error" "$errata" generate "$petstore" --docs -o
check "usage errors write nothing" bash -c "! ls -d '$T'/u[1-4] 2>/dev/null"
expect_exit 2 "generate on a missing catalog is an I/O error" \
    "$errata" generate "$T/nope.yaml" -o "$T/u5" --docs
check "a missing catalog writes nothing" test ! -e "$T/u5"
expect_exit 0 "generate --help succeeds" "$errata" generate --help
expect_grep out "Usage: errata generate" "generate --help shows its usage"
expect_grep out "--templates DIR" "generate --help documents --templates"
expect_grep out "--depfile FILE" "generate --help documents --depfile"
expect_exit 0 "options may come before the catalog" \
    "$errata" generate --docs -o "$T/order" "$petstore"
check "and give the same output" cmp "$T/keep.md" "$T/order/pets_errors.md"

# ------------------------------------------------------------------ render
R=$T/render
mkdir -p "$R/tpl/inc" "$R/parts" "$R/elsewhere"

printf 'Hello {{name}}!{{#items}} [{{.}}]{{/items}}{{^none}} (none){{/none}}' >"$R/hello.mustache"
printf '{"name": "A & B", "items": [1, 2.5, "x"], "none": []}' >"$R/hello.json"
printf 'name: A & B\nitems: [1, 2.5, x]\nnone: []\n' >"$R/hello.yaml"
printf 'Hello A &amp; B! [1] [2.5] [x] (none)' >"$R/hello.expected"
expect_exit 0 "render with JSON data" "$errata" render "$R/hello.mustache" --data "$R/hello.json"
check "render writes exactly the rendered bytes (JSON data)" cmp "$R/hello.expected" "$T/out"
check "render prints nothing on stderr" test ! -s "$T/err"
expect_exit 0 "render with YAML data" "$errata" render "$R/hello.mustache" --data "$R/hello.yaml"
check "render writes exactly the rendered bytes (YAML data)" cmp "$R/hello.expected" "$T/out"
expect_exit 0 "--data may come before the template" "$errata" render --data "$R/hello.json" "$R/hello.mustache"
check "and renders the same" cmp "$R/hello.expected" "$T/out"

printf 'line 1\nline {{n}}\n' >"$R/newline.mustache"
printf '{"n": 2}' >"$R/n.json"
expect_exit 0 "render of a template ending in a newline" "$errata" render "$R/newline.mustache" --data "$R/n.json"
check "the template's own final newline is kept, none added" cmp <(printf 'line 1\nline 2\n') "$T/out"

expect_exit 0 "render without --data" "$errata" render "$R/hello.mustache"
check "without data no name resolves" cmp <(printf 'Hello ! (none)') "$T/out"

printf '{{x}}|{{{x}}}|{{&x}}' >"$R/escape.mustache"
printf '{"x": "<a href=\\"/\\">Tom & Jerry'"'"'s</a>"}' >"$R/escape.json"
expect_exit 0 "render with markup in the data" "$errata" render "$R/escape.mustache" --data "$R/escape.json"
check "{{x}} HTML-escapes & \" < > (and nothing else); {{{x}}} and {{&x}} do not" \
    cmp <(printf '%s|%s|%s' '&lt;a href=&quot;/&quot;&gt;Tom &amp; Jerry'"'"'s&lt;/a&gt;' \
        '<a href="/">Tom & Jerry'"'"'s</a>' '<a href="/">Tom & Jerry'"'"'s</a>') "$T/out"

printf '{{#zero}}0 is true{{/zero}}|{{#empty}}E{{/empty}}{{^empty}}"" is false{{/empty}}|{{^nothing}}null is false{{/nothing}}|{{^list}}[] is false{{/list}}|{{d}}|{{i}}|{{t}}|{{f}}|{{n}}|{{obj}}|{{list}}|{{obj.a.b}}' \
    >"$R/values.mustache"
printf '{"zero": 0, "empty": "", "nothing": null, "list": [], "d": 1.210, "i": -12345678901234, "t": true, "f": false, "n": null, "obj": {"a": {"b": "deep"}}}' \
    >"$R/values.json"
expect_exit 0 "render of every value kind" "$errata" render "$R/values.mustache" --data "$R/values.json"
check "falsey values, number and boolean printing, dotted names" \
    cmp <(printf '0 is true|"" is false|null is false|[] is false|1.21|-12345678901234|true|false||||deep') "$T/out"

printf '[{{>absent}}]' >"$R/nopartial.mustache"
expect_exit 0 "render with a missing partial" "$errata" render "$R/nopartial.mustache"
check "a missing partial renders as the empty string" cmp <(printf '[]') "$T/out"

printf '<{{>p}}>' >"$R/tpl/main.mustache"
printf 'from the template folder: {{name}}' >"$R/tpl/p.mustache"
printf 'from --partials: {{name}}' >"$R/parts/p.mustache"
printf '{{>inc/q}}' >"$R/tpl/sub.mustache"
printf 'nested {{name}}' >"$R/tpl/inc/q.mustache"
expect_exit 0 "render with default partials" "$errata" render "$R/tpl/main.mustache" --data "$R/hello.json"
check "partials default to the template's folder" cmp <(printf '<from the template folder: A &amp; B>') "$T/out"
(cd "$R/elsewhere" && "$errata" render ../tpl/main.mustache --data ../hello.json) >"$T/out" 2>"$T/err" || true
check "the template's folder, not the working folder" cmp <(printf '<from the template folder: A &amp; B>') "$T/out"
(cd "$R/tpl" && "$errata" render main.mustache --data ../hello.json) >"$T/out" 2>"$T/err" || true
check "a template given without a folder finds its partials in ." \
    cmp <(printf '<from the template folder: A &amp; B>') "$T/out"
expect_exit 0 "render with --partials" "$errata" render "$R/tpl/main.mustache" --data "$R/hello.json" --partials "$R/parts"
check "--partials DIR replaces the template's folder" cmp <(printf '<from --partials: A &amp; B>') "$T/out"
expect_exit 0 "render with a partial in a subfolder" "$errata" render "$R/tpl/sub.mustache" --data "$R/hello.json"
check "a partial name may hold a folder" cmp <(printf 'nested A &amp; B') "$T/out"
printf '[{{>../hello}}]' >"$R/tpl/climb.mustache"
expect_exit 0 "render with a partial name climbing out" "$errata" render "$R/tpl/climb.mustache"
check "a partial name with .. is never loaded" cmp <(printf '[]') "$T/out"

printf 'ok\n{{#a}}\n  {{^b}}\n{{/a}}\n' >"$R/bad.mustache"
expect_exit 1 "render of a broken template fails" "$errata" render "$R/bad.mustache" --data "$R/hello.json"
expect_grep err "bad.mustache:4:1: error: section 'b' closed by '{{/a}}'" "the mismatched close is located"
expect_grep err "bad.mustache:3:3: note: section 'b' opened here" "a note points at the open section"
check "a parse error prints nothing on stdout" test ! -s "$T/out"
printf 'a\n  b {{#errors}}\n' >"$R/unclosed.mustache"
expect_exit 1 "render of an unclosed section fails" "$errata" render "$R/unclosed.mustache"
expect_grep err "unclosed.mustache:2:5: error: unclosed section 'errors'" "the unclosed section is located at LINE:COL"
check "an unclosed section prints nothing on stdout" test ! -s "$T/out"
printf '{{>broken}}' >"$R/tpl/usesbroken.mustache"
printf 'x {{/nope}}' >"$R/tpl/broken.mustache"
expect_exit 1 "render with a partial that does not parse fails" "$errata" render "$R/tpl/usesbroken.mustache"
expect_grep err "tpl/broken.mustache:1:3: error: '{{/nope}}' closes no section" \
    "the partial's own error is located in the partial"
check "a broken partial prints nothing on stdout" test ! -s "$T/out"
printf '{"a": [1,' >"$R/broken.json"
expect_exit 1 "render with data that does not parse fails" "$errata" render "$R/hello.mustache" --data "$R/broken.json"
expect_grep err "broken.json:[0-9]*:[0-9]*: error:" "the data error is located"

expect_exit 2 "render of a missing template is an I/O error" "$errata" render "$R/nope.mustache"
check "a missing template prints nothing on stdout" test ! -s "$T/out"
expect_exit 2 "render with missing data is an I/O error" "$errata" render "$R/hello.mustache" --data "$R/nope.json"
expect_exit 2 "render without a template is a usage error" "$errata" render
expect_grep err "no template given" "the missing template is named"
expect_exit 2 "render with two templates is a usage error" "$errata" render "$R/hello.mustache" "$R/nopartial.mustache"
expect_exit 2 "render with an unknown option is a usage error" "$errata" render --bogus "$R/hello.mustache"
expect_exit 0 "render --help succeeds" "$errata" render --help
expect_grep out "Usage: errata render" "render --help shows its usage"
expect_grep out "--partials DIR" "render --help documents --partials"

# ------------------------------------------------ the model is template data
"$errata" model "$petstore" >"$T/m.json" || true
check "the model has no duplicate keys (render's data reader refuses them)" python3 - "$T/m.json" <<'PY'
import json, sys
def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    dups = sorted({k for k in keys if keys.count(k) > 1})
    assert not dups, "duplicate keys: %s" % dups
    return dict(pairs)
json.load(open(sys.argv[1]), object_pairs_hook=no_duplicates)
PY
printf '{{#errors}}{{{code}}} {{{title_c}}}\n{{/errors}}' >"$R/model.mustache"
expect_exit 0 "errata model output renders as --data" "$errata" render "$R/model.mustache" --data "$T/m.json"
python3 - "$T/m.json" >"$T/model.expected" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
sys.stdout.write("".join("%s %s\n" % (e["code"], e["title_c"]) for e in m["errors"]))
PY
check "a template over the model renders every error" cmp "$T/model.expected" "$T/out"
printf '{{>builtin/docs/errors.md}}' >"$R/builtin.mustache"
expect_exit 0 "render can use a built-in template as builtin/NAME" \
    "$errata" render "$R/builtin.mustache" --data "$T/m.json"
check "render of the built-in docs over the model equals generate's output" cmp "$T/keep.md" "$T/out"

# ------------------------------------------------- docs/templates.md is true
# The worked example runs as printed, and every field of the model is
# documented.
D=$T/docs-example
mkdir -p "$D/my-templates/docs" "$D/my-templates/c"
check "docs/templates.md's worked example can be extracted" python3 - "$root/docs/templates.md" "$D" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
out = sys.argv[2]
def block_after(marker, lang):
    at = text.index(marker)
    m = re.compile(r"```" + lang + r"\n(.*?)```", re.S).search(text, at)
    return m.group(1)
files = {
    "shop.yaml": block_after("With this catalog, `shop.yaml`:", "yaml"),
    "my-templates/docs/errors.md.mustache":
        block_after("this template, `my-templates/docs/errors.md.mustache`", "mustache"),
    "expected.md": block_after("writes `out/shop_errors.md`:", "markdown"),
    "expected.d": block_after("and `out/shop.d`:", "make"),
    "my-templates/c/errors.h.mustache":
        block_after("`my-templates/c/errors.h.mustache`:", "mustache"),
}
for name, body in files.items():
    open(out + "/" + name, "w").write(body)
PY
version=$("$errata" --version | sed 's/^errata //')
sed -i "s/generated by errata [0-9][^ ]* from/generated by errata $version from/" "$D/expected.md"
(cd "$D" && "$errata" docs shop.yaml -o out --format md --templates my-templates --depfile out/shop.d) \
    >"$T/out" 2>"$T/err" && status=0 || status=$?
check "the worked example generates" test "$status" -eq 0
check "the worked example writes the page shown" cmp "$D/expected.md" "$D/out/shop_errors.md"
check "the worked example writes the depfile shown" cmp "$D/expected.d" "$D/out/shop.d"
(cd "$D" && "$errata" model shop.yaml >model.json &&
    "$errata" render my-templates/docs/errors.md.mustache --data model.json >rendered.md) \
    >"$T/out" 2>"$T/err" && status=0 || status=$?
check "errata render of the example's template gives the same page" cmp "$D/expected.md" "$D/rendered.md"
(cd "$D" && "$errata" generate shop.yaml -o cout --templates my-templates) \
    >"$T/out" 2>"$T/err" && status=0 || status=$?
check "the example's C header override generates" test "$status" -eq 0
check "the C header's extra block is filled" grep -qx '/\* Shop API errors: 2 errors\. \*/' "$D/cout/shop_errors.h"

check "docs/templates.md documents every field of the model" python3 - "$T/m.json" "$root/docs/templates.md" <<'PY'
import json, sys
model = json.load(open(sys.argv[1]))
doc = open(sys.argv[2]).read()
FORMS = ("_c", "_comment", "_json", "_md", "_html")
missing = set()
def walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            base = next((k[:-len(f)] for f in FORMS if k.endswith(f) and k[:-len(f)] in v), None)
            if base is None and "`%s`" % k not in doc:
                missing.add(k)
            if k != "example":  # an example is catalog data, not model fields
                walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
walk(model)
for name in ("emit_runtime",) + tuple("KEY" + f for f in FORMS):
    if "`%s`" % name not in doc:
        missing.add(name)
assert not missing, "undocumented model fields: %s" % ", ".join(sorted(missing))
PY

tap_done
