#!/usr/bin/env python3
"""Checks generated docs against the catalog's model (errata model's JSON).

Usage: check-docs.py MODEL_JSON DOCS_DIR NAME

Prints TAP. For the Markdown page, the HTML page and every per-error page:
every error has exactly one anchor equal to its slug; the HTML references
no external resource; and every example response parses (status line,
headers, a JSON body) and matches the catalog: the status line, the body's
status, type, title and code, Content-Type, Cache-Control and the catalog's
headers, and each member's example value.
"""
import html
import html.parser
import json
import re
import sys

model = json.load(open(sys.argv[1]))
folder, name = sys.argv[2], sys.argv[3]
count = 0
failed = 0


def result(ok, desc, why=""):
    global count, failed
    count += 1
    if ok:
        print("ok %d - %s" % (count, desc))
    else:
        failed += 1
        print("not ok %d - %s" % (count, desc))
        for line in str(why).splitlines()[:40]:
            print("# " + line)


def read(path):
    with open(path, encoding="utf-8") as f:  # also proves it is valid UTF-8
        return f.read()


errors = model["errors"]
md = read("%s/%s_errors.md" % (folder, name))
page = read("%s/%s_errors.html" % (folder, name))
pages = {e["page"]: read("%s/%s" % (folder, e["page"])) for e in errors if e["has_page"]}

# ---- anchors -------------------------------------------------------------
for e in errors:
    slug = html.escape(e["slug"], quote=True)
    n = md.count('<a id="%s"></a>' % slug)
    result(n == 1, "md: one anchor for %s (#%s)" % (e["code"], e["slug"]), "found %d" % n)
    n = len(re.findall(r'<section class="error" id="%s"' % re.escape(slug), page))
    result(n == 1, "html: one section with id %s" % e["slug"], "found %d" % n)
    result('href="#%s"' % slug in page, "html: the overview links to #%s" % e["slug"])
    if e["has_page"]:
        p = pages[e["page"]]
        result('id="%s"' % slug in p and '%s#%s' % (model["docs_index"], slug) in p,
               "%s: the section and a link back to the index" % e["page"])
ids = re.findall(r'\bid="([^"]*)"', page)
dups = sorted({i for i in ids if ids.count(i) > 1})
result(not dups, "html: no id is used twice", ", ".join(dups))
result(sorted(pages) == sorted(e["page"] for e in errors if not e["about_blank"] and e["has_page"]),
       "one page per error with a type URI of its own")


# ---- no external resource ----------------------------------------------
class Resources(html.parser.HTMLParser):
    """Collects every attribute or CSS reference that could load something."""
    LOADING = {"src", "srcset", "data", "poster", "background", "action", "formaction"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        if tag in ("link", "img", "iframe", "object", "embed", "video", "audio", "source",
                   "base", "form"):
            self.bad.append("<%s>" % tag)
        if tag == "script" and any(k == "src" for k, _ in attrs):
            self.bad.append("<script src>")
        self.in_style = tag == "style"
        for k, v in attrs:
            if k in self.LOADING:
                self.bad.append("%s=%r" % (k, v))
            # A link is navigation, not a resource the page loads; any other
            # element with an href (<link>, <base>) is flagged above.
            if k == "href" and tag != "a":
                self.bad.append("<%s href=%r>" % (tag, v))
            if k == "style" and "url(" in (v or ""):
                self.bad.append("style url()")

    def handle_data(self, data):
        if self.in_style and ("url(" in data or "@import" in data):
            self.bad.append("CSS url()/@import")

    def handle_endtag(self, tag):
        self.in_style = False


for file, text in [(model["docs_index"], page)] + sorted(pages.items()):
    r = Resources()
    r.feed(text)
    result(not r.bad, "%s references no external resource" % file, "\n".join(r.bad))
    scripts = len(re.findall(r"<script\b", text, re.I))
    result(scripts <= 1, "%s has no script but errata's own filter" % file, "%d scripts" % scripts)
    result("javascript:" not in text.lower(), "%s has no javascript: link" % file)
    links = re.findall(r'<a href="([^"#][^"]*)"', text)
    inside = [l for l in links if l.split("#")[0] in set(pages) | {model["docs_index"]}]
    result(all(l.startswith(("https://", "http://")) or l in inside for l in links),
           "%s links only to its own pages or to web pages" % file, "\n".join(links))


# ---- example responses ---------------------------------------------------
def parse_response(text):
    head, _, body = text.partition("\n\n")
    lines = head.split("\n")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(": ")
        headers[k] = v
    return lines[0], headers, json.loads(body)


def check_example(where, e, text):
    try:
        status_line, headers, body = parse_response(text)
    except (ValueError, IndexError) as x:
        result(False, "%s: the example of %s parses" % (where, e["code"]), x)
        return
    problems = []
    want_line = "HTTP/1.1 %d %s" % (e["status"], e["reason"])
    if status_line != want_line:
        problems.append("status line %r, want %r" % (status_line, want_line))
    for k, want in (("status", e["status"]), ("type", e["type_uri"]), ("title", e["title"]),
                    ("code", e["code"])):
        if body.get(k) != want:
            problems.append("body %s %r, want %r" % (k, body.get(k), want))
    if headers.get("Content-Type") != "application/problem+json":
        problems.append("Content-Type %r" % headers.get("Content-Type"))
    if headers.get("Cache-Control") != e["cache_control"]:
        problems.append("Cache-Control %r" % headers.get("Cache-Control"))
    hidden = e["server_error"] and not e["expose_detail"]
    for m in e["members"]:
        if m["hidden"]:
            # logged through the observer, never sent: the example shows none
            if m["name"] in body:
                problems.append("hidden member %s is in the body" % m["name"])
        elif m["example"] is not None and body.get(m["name"]) != m["example"]:
            problems.append("member %s %r, want %r" % (m["name"], body.get(m["name"]),
                                                      m["example"]))
    for h in e["headers"]:
        value = h["value"]
        for m in e["members"]:
            if m["example"] is not None:
                x = m["example"]
                x = x if isinstance(x, str) else json.dumps(x)
                value = value.replace("{%s}" % m["name"], x)
        if "{" not in value and headers.get(h["name"]) != value:
            problems.append("header %s %r, want %r" % (h["name"], headers.get(h["name"]), value))
    if hidden and "trace_id" in body and not re.fullmatch("[0-9a-f]{32}", body["trace_id"]):
        problems.append("trace_id %r" % body["trace_id"])
    if e["detail"] is None and not hidden and "detail" in body:
        problems.append("a detail without a detail template: %r" % body["detail"])
    result(not problems, "%s: the example of %s matches the catalog" % (where, e["code"]),
           "\n".join(problems))


md_blocks = re.findall(r"```http\n(.*?)\n```", md, re.S)
result(len(md_blocks) == len(errors), "md: one example per error",
       "%d examples, %d errors" % (len(md_blocks), len(errors)))
html_blocks = [html.unescape(b) for b in
               re.findall(r'<pre class="example"><code>(.*?)</code></pre>', page, re.S)]
result(len(html_blocks) == len(errors), "html: one example per error",
       "%d examples, %d errors" % (len(html_blocks), len(errors)))
order = [e for g in model["status_groups"] for e in g["errors"]]
for e, text in zip(order, md_blocks):
    check_example("md", e, text)
for e, text in zip(order, html_blocks):
    check_example("html", e, text)
for e in errors:
    if e["has_page"]:
        blocks = re.findall(r'<pre class="example"><code>(.*?)</code></pre>', pages[e["page"]], re.S)
        if len(blocks) == 1:
            check_example(e["page"], e, html.unescape(blocks[0]))
        else:
            result(False, "%s: one example" % e["page"], "%d examples" % len(blocks))

print("1..%d" % count)
sys.exit(1 if failed else 0)
