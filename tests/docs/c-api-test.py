#!/usr/bin/env python3
"""docs/c-api.md's C examples compile against the headers errata generates
from the shipped catalogs (catalog/petstore.yaml, which includes
catalog/http.yaml as it is), with -std=c99 -Wall -Wextra -Wpedantic -Werror.

Every ```c block of the page is checked, except those of the errata-mhd
section (tests/mhd/header-test.sh compiles that one against errata/mhd.h):
  - a block that is a whole translation unit compiles as it is;
  - a block that uses things of the reader's own program (struct db,
    send_response...) compiles after a prelude that declares just those
    (EXAMPLES below), and one made of statements compiles inside a function
    that declares the variables it uses;
  - the complete example is also linked and run, and prints exactly what the
    page says it prints;
  - the excerpt of the generated header (pets_problem_t, pets_decode) matches
    the generated header: the same prototypes and member names.
Every entry of EXAMPLES must find its block, so that the table cannot go
stale.

Prints TAP. Usage: c-api-test.py ERRATA SOURCE_ROOT
"""
import os
import re
import subprocess
import sys
import tempfile

errata, root = (os.path.realpath(a) for a in sys.argv[1:3])
page_path = os.path.join(root, "docs", "c-api.md")
page = open(page_path, encoding="utf-8").read()

# What each block needs from the reader's program. Keyed by a string that
# occurs in exactly one block.
THROWING = """#include <stdbool.h>
struct db;
struct pet { int id; };
bool db_available(struct db *db);
bool db_find(struct db *db, const char *id, struct pet *out);
"""
RESPOND = """#include "pets_errors.h"
struct conn;
void add_header(const char *name, const char *value, void *ctx);
void log_event(const errata_event_t *event, void *ctx);
void send_response(struct conn *c, int status, const char *body, size_t len);
"""
REBASED = ("""#include "pets_errors.h"
const char *header(const char *name, void *ctx);
void example(const errata_problem_t *p, int status, const char *content_type);
void example(const errata_problem_t *p, int status, const char *content_type)
{
    char body[4096];
    struct { int unused; } r = { 0 };
    static pets_problem_t problem;
""", "}\n")
WRITER = ("""#include <errata/json_writer.h>
void example(void);
void example(void)
{
    char buf[256];
""", "}\n")
BATCH = ("""#include "pets_errors.h"
void example(const char *body, size_t len);
void example(const char *body, size_t len)
{
""", "}\n")

LEGACY_WRITE = ("""#include "pets_errors.h"
void example(const errata_problem_t *p, const errata_type_base_t *base);
void example(const errata_problem_t *p, const errata_type_base_t *base)
{
    char body[4096];
""", "    (void)len;\n}\n")
LEGACY_DECODE = ("""#include "pets_errors.h"
const char *header(const char *name, void *ctx);
void example(const char *body, size_t len);
void example(const char *body, size_t len)
{
    struct { int unused; } r = { 0 };
    static pets_problem_t problem;
""", "}\n")
LOCALIZED = ("""#include "pets_errors.h"
void example(const errata_problem_t *p);
void example(const errata_problem_t *p)
{
    char body[4096];
""", "    (void)len;\n    (void)lang;\n}\n")
LOCALIZED_HEADERS = ("""#include "pets_errors.h"
void example(const errata_problem_t *p, errata_header_fn emit, void *ctx,
             errata_observer_fn observer, void *observer_ctx);
void example(const errata_problem_t *p, errata_header_fn emit, void *ctx,
             errata_observer_fn observer, void *observer_ctx)
{
""", "}\n")
WITH_ALL = ("""#include "pets_errors.h"
void example(const errata_problem_t *p);
void example(const errata_problem_t *p)
{
    static const errata_type_base_t type_base = { PETS_BASE_URI, "http://localhost:8080/errors/" };
    char body[4096];
""", "    (void)len;\n}\n")

EXAMPLES = {
    "rename_pet": {"prelude": THROWING},
    "static void respond": {"prelude": RESPOND},
    "errata_problem_json_rebased": {"wrap": REBASED},
    "errata_problem_json_legacy(p": {"wrap": LEGACY_WRITE},
    ".legacy = &pets_migration };": {"wrap": LEGACY_DECODE},
    "errata_jw_init": {"wrap": WRITER},
    "errata_problem_json_locale(p, NULL, PETS_LOCALE_DE": {"wrap": LOCALIZED},
    "errata_problem_headers_locale(p, PETS_LOCALE_DE": {"wrap": LOCALIZED_HEADERS},
    "errata_multi_init(&batch": {"wrap": BATCH},
    "errata_json_options_t how": {"wrap": WITH_ALL},
    "int main(void)": {"run": True},
    "curl_easy_perform": {},
    "typedef struct pets_problem": {"excerpt": True},
}

count = 0
failed = 0


def result(ok, desc, why=()):
    global count, failed
    count += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", count, desc))
    if not ok:
        failed += 1
        for line in why:
            for part in str(line).splitlines():
                print("# " + part)


def run(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    return p.returncode, p.stdout.decode("utf-8", "replace")


# The blocks, with their line, outside the errata-mhd section.
mhd_start = page.index("## Serving problems with libmicrohttpd: errata-mhd")
mhd_end = page.index("# The C API: clients")
blocks = []
for m in re.finditer(r"^```(\w*)\n(.*?)^```$", page, re.S | re.M):
    if mhd_start <= m.start() < mhd_end:
        continue
    blocks.append((m.group(1), m.group(2), page.count("\n", 0, m.start()) + 1, m.end()))
c_blocks = [b for b in blocks if b[0] == "c"]

CFLAGS = ["-std=c99", "-D_XOPEN_SOURCE=700", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
          "-Wno-unused-function"]

with tempfile.TemporaryDirectory() as t:
    gen, gen_rt = os.path.join(t, "gen"), os.path.join(t, "gen-rt")
    catalog = os.path.join(root, "catalog", "petstore.yaml")
    status, out = run([errata, "generate", catalog, "-o", gen])
    result(status == 0, "generate catalog/petstore.yaml", [out])
    status, out = run([errata, "generate", catalog, "-o", gen_rt, "--emit-runtime"])
    result(status == 0, "generate catalog/petstore.yaml --emit-runtime", [out])
    header = open(os.path.join(gen, "pets_errors.h"), encoding="utf-8").read()
    inc = ["-I", gen, "-I", os.path.join(root, "runtime", "include")]

    used = set()
    for n, (lang, body, line, end) in enumerate(c_blocks):
        keys = [k for k in EXAMPLES if k in body]
        if len(keys) > 1:
            result(False, "docs/c-api.md:%d: one entry per block" % line, keys)
            continue
        spec = EXAMPLES[keys[0]] if keys else {}
        used.update(keys)
        desc = "docs/c-api.md:%d: the example" % line

        if spec.get("excerpt"):
            flat = re.sub(r"\s+", " ", header)
            missing = []
            for proto in re.findall(r"^[a-z][^;{}]*\([^;{}]*\);", body, re.M):
                if re.sub(r"\s+", " ", proto) not in flat:
                    missing.append("no such prototype in pets_errors.h: " + proto)
            m = re.search(r"typedef struct pets_problem \{(.*?)\} pets_problem_t;", header, re.S)
            for member in re.findall(r"^\s+[\w ]+?\b(\w+);", body, re.M):
                if m is None or not re.search(r"\b%s;" % member, m.group(1)):
                    missing.append("no member %s in the generated pets_problem_t" % member)
            result(not missing, desc + " (an excerpt of pets_errors.h) matches the header",
                   missing)
            continue

        # diagnostics name the page's own lines
        src = '#line %d "docs/c-api.md"\n' % (line + 1) + body
        if "wrap" in spec:
            src = spec["wrap"][0] + src + spec["wrap"][1]
        if "prelude" in spec:
            src = spec["prelude"] + src
        path = os.path.join(t, "example%d.c" % n)
        with open(path, "w", encoding="utf-8") as f:
            f.write(src)
        status, out = run(["cc"] + CFLAGS + inc + ["-c", path, "-o", path + ".o"])
        result(status == 0, desc + " compiles", [out])

        if spec.get("run"):
            exe = os.path.join(t, "complete")
            status, out = run(["cc"] + CFLAGS + ["-I", gen_rt, path,
                                                  os.path.join(gen_rt, "pets_errors.c"),
                                                  os.path.join(gen_rt, "errata.c"), "-o", exe])
            result(status == 0, desc + " links with the emitted runtime", [out])
            following = [b for b in blocks if b[2] > line]
            shown = following[0][1] if following and following[0][0] == "text" else None
            p = subprocess.run([exe], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            got = p.stdout.decode()
            result(shown is not None and got == shown and p.returncode == 0,
                   desc + " prints what the page shows",
                   ["printed:", got, "the page shows:", shown or "(no text block after it)"])

    for key in EXAMPLES:
        result(key in used, "the entry '%s' finds its example in docs/c-api.md" % key)

print("1..%d" % count)
sys.exit(1 if failed else 0)
