#!/usr/bin/env python3
"""errata diff over a table of catalog pairs.

Each case writes an OLD and a NEW catalog folder (with includes and locks
when it needs them), runs `errata diff old/c.yaml new/c.yaml --format json`
and asserts the exact list of changes: kind, rule, and the location (file,
line, column) of the text it must point at, plus the exit status. Locations
are given as the text the change must point at (the first occurrence of a
needle in that side's file, or the Nth), so the table says what is located,
not which line number the code happened to print. The text and markdown
formats and the command line are checked after the table.

Usage: diff-test.py ERRATA
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "lib"))
from tap import finish, result  # noqa: E402

ERRATA = os.path.realpath(sys.argv[1])
BASE = """\
errata: 1
name: shop
version: 1.0.0
base_uri: https://errors.shop.example/
errors:
  - code: ITEM_NOT_FOUND
    status: 404
    title: Item not found
    type: item-not-found
    detail: "Item {item_id} does not exist"
    extensions:
      item_id: { type: string, required: true, max_length: 64 }
      hint: { type: string }
  - code: RATE_LIMITED
    status: 429
    title: Too many requests
    headers:
      Retry-After: "{retry_after}"
    extensions:
      retry_after: { type: integer, minimum: 0, maximum: 3600, required: true }
      tags: { type: array, items: { type: string }, max_items: 5 }
  - code: BAD_INPUT
    status: 422
    title: Bad input
    extensions:
      errors:
        type: array
        items:
          type: object
          properties: { pointer: string, detail: string }
"""

THIRD = BASE[BASE.index("  - code: BAD_INPUT"):]

ADDED = """\
  - code: ITEM_GONE
    status: 410
    title: Item gone
"""


def sub(text, old, new, count=1):
    assert text.count(old) >= 1, "case text not found: %r" % old
    return text.replace(old, new, count)


def first_entry(text, entry):
    """text with `entry` moved to the top of errors:"""
    return sub(text, "errors:\n", "errors:\n" + entry)


# Included files for the include cases.
INC_A = """\
errata: 1
name: parts
base_uri: https://errors.shop.example/
errors:
  - code: PART_MISSING
    status: 404
    title: Part missing
  - code: PART_BROKEN
    status: 500
    title: Part broken
"""
INC_B = """\
errata: 1
name: more
base_uri: https://errors.shop.example/
errors:
  - code: PART_LATE
    status: 409
    title: Part late
"""
INC_A_LESS = sub(INC_A, """  - code: PART_BROKEN
    status: 500
    title: Part broken
""", "")
INC_B_MORE = sub(INC_B, "errors:\n", """errors:
  - code: PART_BROKEN
    status: 500
    title: Part broken
""")
WITH_INC = sub(BASE, "base_uri: https://errors.shop.example/\n",
               "base_uri: https://errors.shop.example/\ninclude: [a.yaml, b.yaml]\n")
WITH_A = sub(BASE, "base_uri: https://errors.shop.example/\n",
             "base_uri: https://errors.shop.example/\ninclude: [a.yaml]\n")

IDS = sub(sub(sub(BASE, "    status: 404\n", "    status: 404\n    id: 1\n"),
              "    status: 429\n", "    status: 429\n    id: 2\n"),
          "    status: 422\n", "    status: 422\n    id: 3\n")

# A case: (name, old files, new files, exit status, [(kind, rule, side, needle, nth)],
#          options). Files: {"c.yaml": text, ...}; "LOCK:old" as a new file's
# text means "the lock errata lock wrote for the old folder".
B, C = "breaking", "compatible"
CASES = [
    ("identical catalogs", {"c.yaml": BASE}, {"c.yaml": BASE}, 0, []),
    ("entries reordered, values locked: nothing changes",
     {"c.yaml": BASE, "c.lock": "LOCK:old"},
     {"c.yaml": first_entry(sub(BASE, THIRD, ""), THIRD), "c.lock": "LOCK:old"}, 0, []),
    ("entries reordered without a lock: every moved value changes",
     {"c.yaml": BASE}, {"c.yaml": first_entry(sub(BASE, THIRD, ""), THIRD)}, 1,
     [(B, "id-changed", "new", "BAD_INPUT", 1), (B, "id-changed", "new", "ITEM_NOT_FOUND", 1),
      (B, "id-changed", "new", "RATE_LIMITED", 1)]),
    ("entries reordered with explicit ids: nothing changes",
     {"c.yaml": IDS}, {"c.yaml": first_entry(sub(IDS, sub(THIRD, "    status: 422\n",
                                                         "    status: 422\n    id: 3\n"), ""),
                                            sub(THIRD, "    status: 422\n",
                                                "    status: 422\n    id: 3\n"))}, 0, []),
    ("members, keys and headers reordered: nothing changes",
     {"c.yaml": BASE},
     {"c.yaml": sub(sub(BASE, """      item_id: { type: string, required: true, max_length: 64 }
      hint: { type: string }
""", """      hint: { type: string }
      item_id: { max_length: 64, required: true, type: string }
"""), "    status: 404\n    title: Item not found\n", "    title: Item not found\n    status: 404\n")},
     0, []),
    ("error added at the end", {"c.yaml": BASE}, {"c.yaml": BASE + ADDED}, 0,
     [(C, "error-added", "new", "ITEM_GONE", 1)]),
    ("error added first without a lock renumbers the others",
     {"c.yaml": BASE}, {"c.yaml": first_entry(BASE, ADDED)}, 1,
     [(C, "error-added", "new", "ITEM_GONE", 1), (B, "id-reused", "new", "ITEM_GONE", 1),
      (B, "id-changed", "new", "ITEM_NOT_FOUND", 1), (B, "id-changed", "new", "RATE_LIMITED", 1),
      (B, "id-changed", "new", "BAD_INPUT", 1)]),
    ("error added first with a lock keeps every value",
     {"c.yaml": BASE, "c.lock": "LOCK:old"},
     {"c.yaml": first_entry(BASE, ADDED), "c.lock": "LOCK:old"}, 0,
     [(C, "error-added", "new", "ITEM_GONE", 1)]),
    ("error removed without a tombstone", {"c.yaml": BASE}, {"c.yaml": sub(BASE, THIRD, "")}, 1,
     [(B, "error-removed", "old", "BAD_INPUT", 1)]),
    ("error removed, named in removed:",
     {"c.yaml": BASE},
     {"c.yaml": sub(BASE, THIRD, "") + "removed:\n  BAD_INPUT: { use: ITEM_NOT_FOUND }\n"}, 0,
     [(C, "error-removed-tombstoned", "old", "BAD_INPUT", 1)]),
    ("error removed with a tombstone in the new lock",
     {"c.yaml": BASE, "c.lock": "LOCK:old"},
     {"c.yaml": sub(BASE, THIRD, ""), "c.lock": "LOCK:new"}, 0,
     [(C, "error-removed-tombstoned", "old", "BAD_INPUT", 1)]),
    ("type URI changed", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "type: item-not-found", "type: item-missing")}, 1,
     [(B, "type-changed", "new", "item-missing", 1)]),
    ("type URI changed back", {"c.yaml": sub(BASE, "type: item-not-found", "type: item-missing")},
     {"c.yaml": BASE}, 1, [(B, "type-changed", "new", "item-not-found", 1)]),
    ("status changed", {"c.yaml": BASE}, {"c.yaml": sub(BASE, "status: 404", "status: 410")}, 1,
     [(B, "status-changed", "new", "ITEM_NOT_FOUND", 1)]),
    ("code renamed, same type", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "code: ITEM_NOT_FOUND", "code: ITEM_UNKNOWN")}, 1,
     [(B, "code-renamed", "new", "ITEM_UNKNOWN", 1)]),
    ("base_uri changed: one report, not one per type", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "https://errors.shop.example/", "https://errors.shop.test/")}, 1,
     [(B, "base-uri-changed", "new", "https://errors.shop.test/", 1)]),
    ("member removed", {"c.yaml": BASE}, {"c.yaml": sub(BASE, "      hint: { type: string }\n", "")},
     1, [(B, "member-removed", "old", "hint:", 1)]),
    ("optional member added", {"c.yaml": sub(BASE, "      hint: { type: string }\n", "")},
     {"c.yaml": BASE}, 0, [(C, "member-added", "new", "hint:", 1)]),
    ("required member added", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "      hint: { type: string }\n",
                    "      hint: { type: string }\n      shelf: { type: integer, required: true }\n")},
     1, [(B, "member-added-required", "new", "shelf:", 1)]),
    ("member renamed", {"c.yaml": BASE}, {"c.yaml": sub(BASE, "hint:", "advice:")}, 1,
     [(B, "member-renamed", "new", "advice:", 1)]),
    # the C name stays retry_after, but clients read the JSON name
    ("member's '_' made '-'", {"c.yaml": sub(BASE, "hint:", "shelf_hint:")},
     {"c.yaml": sub(sub(BASE, "hint:", "shelf-hint:"), "errors:\n",
                    "allow: [member-name-rfc9457]\nerrors:\n")},
     1, [(B, "member-renamed", "new", "shelf-hint:", 1)]),
    ("member retyped", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "hint: { type: string }", "hint: { type: integer }")}, 1,
     [(B, "member-retyped", "new", "hint:", 1)]),
    ("member made required", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "hint: { type: string }", "hint: { type: string, required: true }")}, 1,
     [(B, "member-required", "new", "hint:", 1)]),
    ("member made optional", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "required: true, max_length: 64", "max_length: 64")}, 0,
     [(C, "member-optional", "new", "item_id:", 1)]),
    ("max_length narrowed", {"c.yaml": BASE}, {"c.yaml": sub(BASE, "max_length: 64", "max_length: 32")},
     1, [(B, "bounds-narrowed", "new", "item_id:", 1)]),
    ("max_length widened", {"c.yaml": BASE}, {"c.yaml": sub(BASE, "max_length: 64", "max_length: 128")},
     0, [(C, "bounds-widened", "new", "item_id:", 1)]),
    ("max_length dropped", {"c.yaml": BASE}, {"c.yaml": sub(BASE, ", max_length: 64", "")}, 0,
     [(C, "bounds-widened", "new", "item_id:", 1)]),
    ("max_length added", {"c.yaml": sub(BASE, ", max_length: 64", "")}, {"c.yaml": BASE}, 1,
     [(B, "bounds-narrowed", "new", "item_id:", 1)]),
    ("minimum raised", {"c.yaml": BASE}, {"c.yaml": sub(BASE, "minimum: 0", "minimum: 1")}, 1,
     [(B, "bounds-narrowed", "new", "retry_after:", 1)]),
    ("minimum lowered", {"c.yaml": sub(BASE, "minimum: 0", "minimum: 1")}, {"c.yaml": BASE}, 0,
     [(C, "bounds-widened", "new", "retry_after:", 1)]),
    ("maximum lowered", {"c.yaml": BASE}, {"c.yaml": sub(BASE, "maximum: 3600", "maximum: 60")}, 1,
     [(B, "bounds-narrowed", "new", "retry_after:", 1)]),
    ("maximum raised", {"c.yaml": BASE}, {"c.yaml": sub(BASE, "maximum: 3600", "maximum: 86400")}, 0,
     [(C, "bounds-widened", "new", "retry_after:", 1)]),
    ("max_items lowered", {"c.yaml": BASE}, {"c.yaml": sub(BASE, "max_items: 5", "max_items: 3")}, 1,
     [(B, "bounds-narrowed", "new", "tags:", 1)]),
    ("max_items raised", {"c.yaml": BASE}, {"c.yaml": sub(BASE, "max_items: 5", "max_items: 50")}, 0,
     [(C, "bounds-widened", "new", "tags:", 1)]),
    ("string format added (an enum-like bound)", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "hint: { type: string }", "hint: { type: string, format: uri }")}, 1,
     [(B, "bounds-narrowed", "new", "hint:", 1)]),
    ("string format dropped", {"c.yaml": sub(BASE, "hint: { type: string }",
                                             "hint: { type: string, format: uri }")},
     {"c.yaml": BASE}, 0, [(C, "bounds-widened", "new", "hint:", 1)]),
    ("object property removed", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "{ pointer: string, detail: string }", "{ pointer: string }")}, 1,
     [(B, "member-removed", "old", "detail: string", 1)]),
    ("object property retyped", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "{ pointer: string, detail: string }",
                    "{ pointer: integer, detail: string }")}, 1,
     [(B, "member-retyped", "new", "pointer:", 1)]),
    ("member no longer sent", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "hint: { type: string }", "hint: { type: string, expose: false }")}, 1,
     [(B, "member-hidden", "new", "hint:", 1)]),
    ("header removed", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "    headers:\n      Retry-After: \"{retry_after}\"\n", "")
      .replace("    title: Too many requests\n",
               "    title: Too many requests\n    allow: [retry-after-missing]\n")}, 1,
     [(B, "header-removed", "old", "Retry-After:", 1)]),
    ("header template changed", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "Retry-After: \"{retry_after}\"",
                    "Retry-After: \"{retry_after}\"\n      X-Retry-Hint: \"in {retry_after} s\"")
      .replace("  - code: BAD_INPUT", "  - code: BAD_INPUT")}, 0,
     [(C, "header-added", "new", "X-Retry-Hint:", 1)]),
    ("header template changed so a parse fails",
     {"c.yaml": sub(BASE, "Retry-After: \"{retry_after}\"",
                    "Retry-After: \"{retry_after}\"\n      X-Retry-Hint: \"{retry_after}\"")},
     {"c.yaml": sub(BASE, "Retry-After: \"{retry_after}\"",
                    "Retry-After: \"{retry_after}\"\n      X-Retry-Hint: \"in {retry_after} s\"")}, 1,
     [(B, "header-changed", "new", "X-Retry-Hint:", 1)]),
    ("retryable turned off", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "    title: Too many requests\n",
                    "    title: Too many requests\n    retryable: false\n")}, 1,
     [(B, "retryable-off", "new", "RATE_LIMITED", 1)]),
    ("retryable turned on", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "    title: Item not found\n",
                    "    title: Item not found\n    retryable: true\n")}, 0,
     [(C, "retryable-on", "new", "ITEM_NOT_FOUND", 1)]),
    ("title changed", {"c.yaml": BASE}, {"c.yaml": sub(BASE, "title: Bad input", "title: Invalid input")},
     0, [(C, "title-changed", "new", "BAD_INPUT", 1)]),
    ("detail changed", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "does not exist", "is unknown")}, 0,
     [(C, "detail-changed", "new", "ITEM_NOT_FOUND", 1)]),
    ("description added", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "    title: Bad input\n", "    title: Bad input\n    description: Fix it.\n")},
     0, [(C, "description-changed", "new", "BAD_INPUT", 1)]),
    ("deprecation added", {"c.yaml": BASE},
     {"c.yaml": sub(BASE, "    title: Bad input\n", "    title: Bad input\n    deprecated: use ITEM_NOT_FOUND\n")},
     0, [(C, "deprecated", "new", "BAD_INPUT", 1)]),
    ("deprecation removed",
     {"c.yaml": sub(BASE, "    title: Bad input\n", "    title: Bad input\n    deprecated: use ITEM_NOT_FOUND\n")},
     {"c.yaml": BASE}, 0, [(C, "undeprecated", "new", "BAD_INPUT", 1)]),
    ("explicit id changed", {"c.yaml": IDS}, {"c.yaml": sub(IDS, "id: 3", "id: 7")}, 1,
     [(B, "id-changed", "new", "id: @7", 1)]),
    ("explicit id reused by a new code",
     {"c.yaml": IDS},
     {"c.yaml": sub(IDS, "code: BAD_INPUT", "code: BAD_QUERY").replace("type: array", "type: array")
      .replace("title: Bad input", "title: Bad query").replace("status: 422", "status: 400")}, 1,
     [(C, "error-added", "new", "BAD_QUERY", 1), (B, "id-reused", "new", "id: @3", 1),
      (B, "error-removed", "old", "BAD_INPUT", 1)]),
    ("include added", {"c.yaml": BASE}, {"c.yaml": WITH_A, "a.yaml": INC_A}, 0,
     [(C, "error-added", "new/a.yaml", "PART_MISSING", 1),
      (C, "error-added", "new/a.yaml", "PART_BROKEN", 1)]),
    ("include dropped", {"c.yaml": WITH_A, "a.yaml": INC_A}, {"c.yaml": BASE}, 1,
     [(B, "error-removed", "old/a.yaml", "PART_MISSING", 1),
      (B, "error-removed", "old/a.yaml", "PART_BROKEN", 1)]),
    ("an error moved between included files: nothing changes",
     {"c.yaml": WITH_INC, "a.yaml": INC_A, "b.yaml": INC_B},
     {"c.yaml": WITH_INC, "a.yaml": INC_A_LESS, "b.yaml": INC_B_MORE}, 0, []),
    ("an included file's error removed, values locked",
     {"c.yaml": WITH_INC, "a.yaml": INC_A, "b.yaml": INC_B, "c.lock": "LOCK:old"},
     {"c.yaml": WITH_INC, "a.yaml": INC_A_LESS, "b.yaml": INC_B, "c.lock": "LOCK:old"}, 1,
     [(B, "error-removed", "old/a.yaml", "PART_BROKEN", 1)]),
    ("an included file's error removed without a lock: the next file's values shift",
     {"c.yaml": WITH_INC, "a.yaml": INC_A, "b.yaml": INC_B},
     {"c.yaml": WITH_INC, "a.yaml": INC_A_LESS, "b.yaml": INC_B}, 1,
     [(B, "id-changed", "new/b.yaml", "PART_LATE", 1),
      (B, "error-removed", "old/a.yaml", "PART_BROKEN", 1)]),
    ("an included file's status changed, located in that file",
     {"c.yaml": WITH_INC, "a.yaml": INC_A, "b.yaml": INC_B},
     {"c.yaml": WITH_INC, "a.yaml": INC_A, "b.yaml": sub(INC_B, "409", "410")}, 1,
     [(B, "status-changed", "new/b.yaml", "PART_LATE", 1)]),
    ("compatible changes only, with --fail-on compatible", {"c.yaml": BASE},
     {"c.yaml": BASE + ADDED}, 1, [(C, "error-added", "new", "ITEM_GONE", 1)],
     ["--fail-on", "compatible"]),
    ("no change, with --fail-on compatible", {"c.yaml": BASE}, {"c.yaml": BASE}, 0, [],
     ["--fail-on", "compatible"]),
]


def write(folder, files, work):
    os.makedirs(folder, exist_ok=True)
    for name, text in files.items():
        if text.startswith("LOCK:"):
            continue
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)
    for name, text in files.items():
        if not text.startswith("LOCK:"):
            continue
        side = text[5:]
        if side == "old":
            src = os.path.join(work, "old", "c.lock")
            if not os.path.exists(src):
                subprocess.run([ERRATA, "lock", os.path.join(work, "old", "c.yaml")], check=True)
            with open(src) as f:
                lock = f.read()
            with open(os.path.join(folder, name), "w") as f:
                f.write(lock)
        else:  # the old lock, then errata lock on the new catalog
            subprocess.run(["cp", os.path.join(work, "old", "c.lock"), os.path.join(folder, name)],
                           check=True)
            subprocess.run([ERRATA, "lock", os.path.join(folder, "c.yaml")], check=True)


def locate(work, side, needle, nth):
    rel = side if "/" in side else side + "/c.yaml"
    with open(os.path.join(work, rel)) as f:
        text = f.read()
    # "id: @7": find "id: 7", point at what follows the @.
    skip = needle.find("@") if "@" in needle else 0
    needle = needle.replace("@", "")
    at = -1
    for _ in range(nth):
        at = text.find(needle, at + 1)
        if at < 0:
            return (rel, -1, -1)
    at += skip
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    return (rel, line, col)


def run_case(case):
    name, old, new, want_exit, want = case[:5]
    options = case[5] if len(case) > 5 else []
    with tempfile.TemporaryDirectory() as work:
        write(os.path.join(work, "old"), old, work)
        write(os.path.join(work, "new"), new, work)
        p = subprocess.run([ERRATA, "diff", "old/c.yaml", "new/c.yaml", "--format", "json"]
                           + options, cwd=work, capture_output=True, text=True)
        why = ["stderr: " + p.stderr, "stdout: " + p.stdout]
        if p.returncode != want_exit:
            result(False, name + ": exit %d" % want_exit,
                   ["got exit %d" % p.returncode] + why)
            return
        try:
            doc = json.loads(p.stdout)
        except ValueError as e:
            result(False, name + ": JSON output", [str(e)] + why)
            return
        got = [(c["kind"], c["rule"], (c["file"], c["line"], c["column"])) for c in doc["changes"]]
        expect = [(k, r, locate(work, side, needle, nth)) for k, r, side, needle, nth in want]
        counts = (doc["breaking"], doc["compatible"])
        want_counts = (sum(k == B for k, *_ in want), sum(k == C for k, *_ in want))
        ok = got == expect and counts == want_counts and p.stderr == ""
        result(ok, "%s: exit %d, %s" % (name, want_exit,
                                        ", ".join("%s %s" % (k, r) for k, r, *_ in want)
                                        or "no change"),
               ["want %r" % (expect,), "got  %r" % (got,)] + why)


for case in CASES:
    run_case(case)
result(len(CASES) >= 40, "the table has at least 40 catalog pairs (%d)" % len(CASES))


def cli(args, cwd, env=None):
    return subprocess.run([ERRATA] + args, cwd=cwd, capture_output=True, text=True, env=env)


# The text format: compiler-style, the quoted line and caret, the summary.
with tempfile.TemporaryDirectory() as work:
    write(os.path.join(work, "old"), {"c.yaml": BASE}, work)
    write(os.path.join(work, "new"), {"c.yaml": sub(BASE, "status: 404", "status: 410") + ADDED},
          work)
    p = cli(["diff", "old/c.yaml", "new/c.yaml"], work)
    lines = p.stdout.splitlines()
    result(p.returncode == 1 and lines[0].startswith(
        "new/c.yaml:6:11: breaking: status of 'ITEM_NOT_FOUND' changed from 404 to 410")
        and lines[0].endswith("[status-changed]") and lines[1] == "    6 |   - code: ITEM_NOT_FOUND"
        and lines[2] == "      |           ^" and lines[-1] == "1 breaking, 1 compatible",
        "text: located compiler-style with the line and a caret, summary last", [p.stdout, p.stderr])
    p = cli(["diff", "old/c.yaml", "new/c.yaml", "--format", "markdown"], work)
    result(p.returncode == 1 and "## Error catalog shop: 1.0.0 to 1.0.0" in p.stdout
           and "**1 breaking, 1 compatible**" in p.stdout
           and "### Breaking changes\n\n- status of 'ITEM\\_NOT\\_FOUND' changed from 404 to 410"
           in p.stdout and "### Compatible changes\n\n- error 'ITEM\\_GONE' added" in p.stdout,
           "markdown: a changelog section with both kinds", [p.stdout, p.stderr])
    hostile = sub(BASE, "title: Bad input", "title: \"<script>x</script> *[a](b)*\"")
    write(os.path.join(work, "new"), {"c.yaml": hostile}, work)
    p = cli(["diff", "old/c.yaml", "new/c.yaml", "--format", "markdown"], work)
    result(p.returncode == 0 and "<script>" not in p.stdout and "\\<script\\>" in p.stdout
           and "\\*\\[a\\](b)\\*" in p.stdout,
           "markdown: catalog text is escaped, never markup", [p.stdout])
    write(os.path.join(work, "new"), {"c.yaml": sub(BASE, "title: Bad input",
                                                    "title: \"Bad\\e[31m input\\nnow\"")}, work)
    p = cli(["diff", "old/c.yaml", "new/c.yaml"], work)
    result(p.returncode == 0 and "\x1b" not in p.stdout
           and "to \"Bad\\x1B[31m input\\x0Anow\"" in p.stdout,
           "text: control bytes of catalog text are shown as \\xNN", [p.stdout])
    for args, desc in [(["diff", "old/c.yaml"], "one catalog"),
                       (["diff", "old/c.yaml", "new/c.yaml", "x.yaml"], "three catalogs"),
                       (["diff", "old/c.yaml", "new/c.yaml", "--format", "html"], "unknown format"),
                       (["diff", "old/c.yaml", "new/c.yaml", "--fail-on", "all"], "bad --fail-on"),
                       (["diff", "old/c.yaml", "missing.yaml"], "a missing file"),
                       (["diff", "old/c.yaml", "new/c.yaml", "--lock", "no.lock"], "a missing --lock"),
                       (["diff", "git:HEAD", "new/c.yaml"], "git: without a path")]:
        p = cli(args, work)
        result(p.returncode == 2 and p.stdout == "", "usage: %s exits 2" % desc, [p.stderr])
    write(os.path.join(work, "new"), {"c.yaml": sub(BASE, "status: 404", "status: 200")}, work)
    p = cli(["diff", "old/c.yaml", "new/c.yaml"], work)
    result(p.returncode == 1 and "new/c.yaml:7:13: error:" in p.stderr and p.stdout == "",
           "a catalog with errors: its diagnostics, exit 1, no report", [p.stderr, p.stdout])
    p = cli(["diff", "--help"], work)
    result(p.returncode == 0 and "git:REV:PATH" in p.stdout and "--fail-on" in p.stdout,
           "diff --help")

# git:REV:PATH on a repository made here: the revision's catalog, includes and lock.
with tempfile.TemporaryDirectory() as repo:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com",
               GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")

    def git(*args):
        subprocess.run(["git"] + list(args), cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q")
    os.makedirs(os.path.join(repo, "errors"))
    write(os.path.join(repo, "errors"), {"c.yaml": WITH_INC, "a.yaml": INC_A, "b.yaml": INC_B},
          repo)
    subprocess.run([ERRATA, "lock", "errors/c.yaml"], cwd=repo, check=True)
    git("add", ".")
    git("commit", "-qm", "v1")
    # Working tree: an included file's error removed, and a new one first.
    write(os.path.join(repo, "errors"),
          {"c.yaml": first_entry(WITH_INC, ADDED), "a.yaml": INC_A_LESS}, repo)
    p = cli(["diff", "git:HEAD:errors/c.yaml", "errors/c.yaml", "--format", "json"], repo)
    doc = json.loads(p.stdout) if p.returncode in (0, 1) and p.stdout else {"changes": []}
    got = [(c["rule"], c["file"], c["line"]) for c in doc["changes"]]
    result(p.returncode == 1 and got == [("error-added", "errors/c.yaml", 7),
                                        ("error-removed", "HEAD:errors/a.yaml", 8)],
           "git:HEAD:PATH: the revision's includes and lock; removals located as REV:path",
           [got, p.stderr])
    p = cli(["diff", "git:HEAD:./c.yaml", "c.yaml"], os.path.join(repo, "errors"))
    result(p.returncode == 1 and "HEAD:errors/a.yaml:8:11: breaking: error 'PART_BROKEN'"
           in p.stdout, "git:REV:./PATH is relative to the current folder", [p.stdout, p.stderr])
    git("add", ".")
    git("commit", "-qm", "v2")
    p = cli(["diff", "git:HEAD~1:errors/c.yaml", "git:HEAD:errors/c.yaml"], repo)
    result(p.returncode == 1 and p.stdout.endswith("1 breaking, 1 compatible\n")
           and "HEAD:errors/c.yaml:7:11: compatible: error 'ITEM_GONE' added" in p.stdout,
           "both sides from revisions", [p.stdout, p.stderr])
    p = cli(["diff", "git:HEAD:errors/c.yaml", "git:HEAD:errors/c.yaml"], repo)
    result(p.returncode == 0 and p.stdout == "0 breaking, 0 compatible\n",
           "a revision against itself: no change", [p.stdout, p.stderr])
    for spec, desc in [("git:nosuchrev:errors/c.yaml", "an unknown revision"),
                       ("git:HEAD:errors/none.yaml", "a path not in the revision"),
                       ("git:--output=x:errors/c.yaml", "a revision that looks like an option")]:
        p = cli(["diff", spec, "errors/c.yaml"], repo)
        result(p.returncode == 2 and p.stdout == "" and "errata diff:" in p.stderr,
               "git: %s exits 2 with a message" % desc, [p.stderr])
    # The revision's copy lives in $TMPDIR only while errata runs.
    with tempfile.TemporaryDirectory() as tmp:
        p = cli(["diff", "git:HEAD~1:errors/c.yaml", "git:HEAD:errors/c.yaml"], repo,
                dict(os.environ, TMPDIR=tmp))
        result(p.returncode == 1 and os.listdir(tmp) == [],
               "the revisions' temporary copies are removed", [os.listdir(tmp), p.stderr])

finish()
