#!/usr/bin/env python3
"""Every file the documentation points at exists.

For README.md, docs/*.md, examples/*/README.md and the man page
(docs/man/errata.1.in):
  - every relative Markdown link [text](PATH#ANCHOR) names a file or folder
    that exists (relative to the page), and its anchor, when it has one, is a
    heading or an <a id> of the page it points at (GitHub's slugs);
  - every repository path the text mentions (`catalog/petstore.yaml`,
    tests/mhd/header-test.sh, examples/consumer/, ...: a path whose first
    segment is a top-level folder or file of the repository, in prose, in
    backticks or in a code block) exists;
  - every other *.md, *.wrap or *.in file name mentioned is a file of the
    repository (so no DESIGN.md, which is not part of it);
  - the man page, read where errata is installed, names no path of the
    source tree (docs/catalog.md, catalog/petstore.yaml) but installed files
    (@DOCDIR@/catalog.md), which meson-test.sh finds in an installed tree.
Paths under build/ (what a build makes) and the outputs errata writes
(NAME_errors.h/.c/.md/.html, errata.h/.c, SLUG.html) are not files of the
repository and are not checked.

Prints TAP. Usage: refs-test.py SOURCE_ROOT
"""
import os
import re
import sys
import unicodedata

root = os.path.realpath(sys.argv[1])
os.chdir(root)

pages = ["README.md"] + sorted("docs/" + f for f in os.listdir("docs") if f.endswith(".md"))
pages += sorted("examples/%s/README.md" % d for d in os.listdir("examples")
                if os.path.isfile("examples/%s/README.md" % d))
pages.append("docs/man/errata.1.in")

top = set(os.listdir(root)) - {"build", ".git"}
top = {t for t in top if not t.startswith(".") and not t.startswith("build")}

# every file name of the repository, for a name given without its folder
# (a layout listing "packaging/  errata.wrap")
names = set()
for folder, dirs, files in os.walk(root):
    dirs[:] = [d for d in dirs if not d.startswith((".", "build"))]
    names.update(files)

count = 0
failed = 0


def result(ok, desc, why=()):
    global count, failed
    count += 1
    if ok:
        print("ok %d - %s" % (count, desc))
    else:
        failed += 1
        print("not ok %d - %s" % (count, desc))
        for line in why:
            print("# " + line)


def github_slug(heading):
    """GitHub's anchor for a Markdown heading."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = text.strip().lower()
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "-_" or cat[0] in "LN":
            out.append(ch)
        elif ch == " ":
            out.append("-")
    return "".join(out)


def anchors_of(path):
    text = open(path, encoding="utf-8").read()
    text_no_code = re.sub(r"```.*?```", "", text, flags=re.S)
    found = set(re.findall(r"<a id=\"([^\"]+)\"", text))
    seen = {}
    for m in re.finditer(r"^#{1,6}\s+(.*?)\s*#*\s*$", text_no_code, re.M):
        slug = github_slug(m.group(1))
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        found.add(slug if n == 0 else "%s-%d" % (slug, n))
    return found


GENERATED = re.compile(r"(^|/)([A-Za-z][A-Za-z0-9_]*_errors\.(h|c|md|html|d)|errata\.[ch]"
                       r"|[a-z0-9-]+\.html)$")


def is_generated(path):
    return bool(GENERATED.search(path)) and not os.path.exists(path)


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def strip_man(text):
    """The man page's words: roff escapes and font requests removed."""
    text = text.replace("\\-", "-").replace("\\(em", "-").replace("\\&", "")
    return re.sub(r"\\f[BIRP]", "", text)


for page in pages:
    raw = open(page, encoding="utf-8").read()
    text = strip_man(raw) if page.endswith(".in") else raw
    here = os.path.dirname(page)
    problems = []

    # Markdown links
    if page.endswith(".md"):
        for m in re.finditer(r"\]\(([^)\s]+)\)", text):
            target = m.group(1)
            if re.match(r"[a-z][a-z0-9+.-]*:", target):
                continue  # http:, https:, mailto:
            path, _, anchor = target.partition("#")
            where = "%s:%d" % (page, line_of(text, m.start()))
            dest = os.path.normpath(os.path.join(here, path)) if path else page
            if not os.path.exists(dest):
                problems.append("%s: link to %s: no such file" % (where, path))
                continue
            if anchor and dest.endswith(".md") and anchor not in anchors_of(dest):
                problems.append("%s: link to %s: no anchor '%s' in %s" %
                                (where, target, anchor, dest))

    # repository paths, anywhere in the text
    for m in re.finditer(r"(?<![\w./@$-])([A-Za-z_][\w.+-]*(?:/[\w.+*{}-]*)+|[\w.-]+\.(?:md|wrap|in))"
                         r"(:[0-9]+)?", text):
        if m.group(2):
            continue  # FILE:LINE in a diagnostic: the tour test runs the README's
        ref = m.group(1).rstrip(".,;:)}")
        first = ref.split("/")[0]
        where = "%s:%d" % (page, line_of(text, m.start()))
        if "/" in ref:
            if page.endswith(".in") and first in top:
                # the man page is read where errata is installed, without
                # its source tree: it names installed files (@DOCDIR@/...),
                # which the install test checks
                problems.append("%s: '%s' is a path in the source tree; name the installed "
                                "file (@DOCDIR@/..., @CATALOGDIR@/...)" % (where, ref))
                continue
            if first not in top or "*" in ref or "{" in ref:
                continue
            if os.path.exists("templates/%s.mustache" % ref):
                continue  # a template's name (docs/errors.md)
            if not os.path.exists(ref) and not is_generated(ref):
                problems.append("%s: '%s' does not exist" % (where, ref))
        else:
            if ref in ("errata.1.in",) or is_generated(ref):
                continue
            beside = [os.path.join(here, ref), ref, os.path.join("docs", ref)]
            if not any(os.path.exists(p) for p in beside) and ref not in names:
                problems.append("%s: '%s' does not exist (in the repository)" % (where, ref))

    result(not problems, "%s: every link and file reference exists" % page, problems)

print("1..%d" % count)
sys.exit(1 if failed else 0)
