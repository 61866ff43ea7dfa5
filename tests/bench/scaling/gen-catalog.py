#!/usr/bin/env python3
"""gen-catalog.py N OUTDIR: a synthetic errata catalog of N errors and the
equivalent com_err table, for the generator-scaling benchmark.

Writes OUTDIR/bench.yaml (plus OUTDIR/bench-part-K.yaml includes when N is
large, see PART_SIZE) and OUTDIR/bench.et: the same N codes, each with its
title as the com_err message.

The entries cycle through shapes a real API catalog has, so that the
generator does the work it does on real input: statuses across 4xx and 5xx,
each with the headers the checker demands (401 WWW-Authenticate, 405 Allow,
407 Proxy-Authenticate; 429 and 503 Retry-After, which it warns about),
detail templates with placeholders, and members of every type (string with a
format, integer with bounds, number, boolean, array of scalars, array of
objects). The catalog lints clean, warnings included (--werror passes).
Output is deterministic: the same N gives the same bytes.
"""
import os
import sys

# A catalog file may hold 16 MiB (generator/catalog/limits.h,
# max_file_size); 100k entries of this mix take about 20 MiB, so large
# catalogs are split into included parts of this many entries, the way a
# big real catalog would be. Entries included still count once each against
# max_entries (262,144 for the resolved catalog).
PART_SIZE = 25000

NOUNS = ["Invoice", "Order", "Account", "Shipment", "Payment", "Ticket", "Report",
         "Session", "Upload", "Webhook", "Coupon", "Refund", "Address", "Device"]

# Each shape: (status, title suffix, entry body in YAML flow style). The
# body is appended to "code, status, title" and may use {slug} for the
# member names, so that each entry has members of its own.
SHAPES = [
    (400, "is malformed",
     'detail: "Field {field} is malformed", '
     "extensions: { field: { type: string, required: true, max_length: 64 } }"),
    (401, "needs a valid token",
     'headers: { WWW-Authenticate: { value: "Bearer realm=\\"api\\", error=\\"{auth_error}\\"", '
     'fallback: "Bearer realm=\\"api\\"" } }, '
     "extensions: { auth_error: { type: string, required: true, max_length: 32 } }"),
    (403, "is not allowed for this scope",
     'detail: "Scope {scope} is required", '
     "extensions: { scope: { type: string, required: true }, admin: { type: boolean } }"),
    (404, "was not found",
     'detail: "No record {record_id}", '
     "extensions: { record_id: { type: string, format: uuid, required: true } }"),
    (405, "does not support this method",
     'headers: { Allow: { value: "{allow}", fallback: "" } }, '
     "extensions: { allow: { type: string, required: true, max_length: 64 } }"),
    (407, "needs proxy credentials",
     'headers: { Proxy-Authenticate: "Basic realm=\\"proxy\\"" }'),
    (409, "conflicts with the current state",
     'detail: "Version {current} is newer than {sent}", '
     "extensions: { current: { type: integer, minimum: 1, required: true }, "
     "sent: { type: integer, minimum: 1 } }"),
    (422, "failed validation",
     "extensions: { errors: { type: array, required: true, max_items: 64, items: "
     "{ type: object, properties: { pointer: string, reason: string } } } }"),
    (422, "has out-of-range values",
     'detail: "Value {value} outside {low}..{high}", '
     "extensions: { value: { type: number, required: true }, low: { type: number }, "
     "high: { type: number }, fields: { type: array, items: { type: string } } }"),
    (429, "is rate limited",
     'headers: { Retry-After: "{retry_after}", X-RateLimit-Limit: "{limit}" }, '
     "extensions: { retry_after: { type: integer, minimum: 0, required: true }, "
     "limit: { type: integer, required: true } }"),
    (500, "failed unexpectedly",
     'detail: "Failure in {component}", '
     "extensions: { component: { type: string, required: true } }"),
    (502, "got a bad upstream answer", ""),
    (503, "is temporarily unavailable",
     'headers: { Retry-After: "{retry_after}" }, '
     "extensions: { retry_after: { type: integer, minimum: 0, required: true } }"),
    (504, "timed out upstream", "retryable: true"),
]


def entry(i):
    status, suffix, body = SHAPES[i % len(SHAPES)]
    noun = NOUNS[(i // len(SHAPES)) % len(NOUNS)]
    code = "E%06d_%s" % (i, noun.upper())
    title = "%s %d %s" % (noun, i, suffix)
    fields = "code: %s, status: %d, title: %s" % (code, status, title)
    if body:
        fields += ", " + body
    return code, title, "  - { %s }\n" % fields


def header(name, title):
    return ("errata: 1\nname: %s\ntitle: %s\nversion: 1.0.0\n"
            "base_uri: https://errors.bench.example/\n" % (name, title))


def write(path, text):
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(text)


def main(argv):
    if len(argv) != 3 or not argv[1].isdigit() or int(argv[1]) < 1:
        sys.stderr.write("usage: gen-catalog.py N OUTDIR\n")
        return 2
    n, outdir = int(argv[1]), argv[2]
    os.makedirs(outdir, exist_ok=True)
    entries = [entry(i) for i in range(n)]

    parts = [entries[k:k + PART_SIZE] for k in range(0, n, PART_SIZE)]
    main_text = header("bench", "Synthetic catalog of %d errors" % n)
    names = ["bench-part-%d.yaml" % k for k in range(1, len(parts))]
    if names:
        main_text += "include: [%s]\n" % ", ".join(names)
    main_text += "errors:\n" + "".join(e[2] for e in parts[0])
    write(os.path.join(outdir, "bench.yaml"), main_text)
    for k, name in enumerate(names, start=1):
        text = header("benchpart%d" % k, "Part %d" % k) + "errors:\n"
        write(os.path.join(outdir, name), text + "".join(e[2] for e in parts[k]))

    # com_err: one table, every code with its title. Table names are up to
    # four characters; messages are C strings (no quotes or backslashes in
    # the titles above).
    et = ["error_table bnch\n"]
    et += ['error_code %s, "%s"\n' % (code, title) for code, title, _ in entries]
    et.append("end\n")
    write(os.path.join(outdir, "bench.et"), "".join(et))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
