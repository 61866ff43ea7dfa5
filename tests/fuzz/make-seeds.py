#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from the project's own test
data, so the fuzzers start from inputs that reach deep:

  corpus/catalog/   catalog/*.yaml and a subset of tests/catalogs/**
  corpus/mustache/  templates/**/*.mustache over a pruned `errata model`, and
                    every test of ../shared/conformance/mustache-spec
  corpus/decode/    the bodies of tests/decode/test_decode.c, with statuses
  corpus/writer/    one input per petstore and shop entry
  corpus/json_writer/  call sequences for errata_jw_*
  corpus/sf_list/   RateLimit fields and RFC 9651's own List examples

    tests/fuzz/make-seeds.py [BUILD_DIR]     (default: build)

Seeds are named seed-*; the script replaces those and leaves every other
file alone (crash-* and regression inputs stay). It needs the built
`errata` (for the model the template seeds render). Run it again when the
test data changes; review the diff like any other.
"""
import json
import os
import random
import re
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build"))
SPECS = os.path.join(ROOT, "..", "shared", "conformance", "mustache-spec", "specs")
MAX_CATALOG_SEEDS = 60


def corpus(target):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if name.startswith("seed-"):
            os.remove(os.path.join(folder, name))
    return folder


def write(folder, name, data):
    with open(os.path.join(folder, "seed-" + name), "wb") as f:
        f.write(data)


def catalog_seeds():
    out = corpus("catalog")
    files = [os.path.join("catalog", f) for f in sorted(os.listdir(os.path.join(ROOT, "catalog")))
             if f.endswith(".yaml")]
    for kind in ("good", "warn", "bad"):
        folder = os.path.join("tests", "catalogs", kind)
        files += [os.path.join(folder, f) for f in sorted(os.listdir(os.path.join(ROOT, folder)))
                  if f.endswith(".yaml")]
    for path in files[:MAX_CATALOG_SEEDS]:
        name = path.replace("tests/catalogs/", "").replace("/", "-")
        with open(os.path.join(ROOT, path), "rb") as f:
            write(out, name, f.read())


def prune(value, names):
    """The parts of a model a template can reach: map keys it names, the
    first two items of lists."""
    if isinstance(value, dict):
        return {k: prune(v, names) for k, v in value.items() if k in names}
    if isinstance(value, list):
        return [prune(v, names) for v in value[:2]]
    return value


def template_seeds(out):
    catalog = os.path.join(ROOT, "tests", "catalogs", "good", "full.yaml")
    model = json.loads(subprocess.run([os.path.join(BUILD, "generator", "errata"), "model",
                                       catalog], check=True, capture_output=True).stdout)
    tdir = os.path.join(ROOT, "templates")
    for sub in sorted(os.listdir(tdir)):
        if not os.path.isdir(os.path.join(tdir, sub)):
            continue
        for f in sorted(os.listdir(os.path.join(tdir, sub))):
            if not f.endswith(".mustache"):
                continue
            text = open(os.path.join(tdir, sub, f), encoding="utf-8").read()
            tags = re.findall(r"\{\{[#^/>&{<$]?\s*([^}\s]+)", text)
            names = {part for tag in tags for part in tag.split(".")}
            data = json.dumps(prune(model, names), separators=(",", ":"))
            parts = [text, data]
            for partial in sorted(set(re.findall(r"\{\{[><]\s*([^}\s]+)", text))):
                path = os.path.join(tdir, partial.replace("builtin/", "") + ".mustache")
                if os.path.exists(path):
                    parts.append(partial + "\n" + open(path, encoding="utf-8").read())
            write(out, "template-%s-%s" % (sub, f), "\0".join(parts).encode())


def spec_seeds(out):
    for f in sorted(os.listdir(SPECS)):
        if not f.endswith(".json") or "lambdas" in f:
            continue
        spec = json.load(open(os.path.join(SPECS, f), encoding="utf-8"))
        for i, test in enumerate(spec["tests"]):
            parts = [test["template"], json.dumps(test["data"])]
            parts += [name + "\n" + text for name, text in sorted(test.get("partials", {}).items())]
            write(out, "spec-%s-%02d" % (f[:-5].lstrip("~"), i), "\0".join(parts).encode())


def mustache_seeds():
    out = corpus("mustache")
    template_seeds(out)
    spec_seeds(out)
    # The limits: sections 256 deep (one more fails), a partial that
    # includes itself (crash-exponential-* hold exponential work).
    write(out, "deep-256", ("{{#a}}" * 256 + "x" + "{{/a}}" * 256 + "\0a: true").encode())
    write(out, "deep-257", ("{{#a}}" * 257 + "x" + "{{/a}}" * 257 + "\0a: true").encode())
    write(out, "self-partial", b"{{>p}}\0{}\0p\nx{{>p}}")


# fuzz_decode.c's status list: a body's seed starts with its index.
STATUSES = [404, 400, 401, 403, 409, 412, 415, 422, 429, 500, 503, 405, 418, 200, 207, 0, 599, 600]
MACROS = {
    "PNF": '"type":"https://errors.petstore.example/pet-not-found"',
    "PVF": '"type":"https://errors.petstore.example/pet-validation-failed"',
    "RL": '"type":"https://errors.petstore.example/rate-limited"',
    "UCT": '"type":"https://errors.petstore.example/unsupported-content-type"',
    "MJ": '"type":"https://errors.petstore.example/malformed-json"',
}


def c_string(token):
    """The bytes of one C string literal token (its escapes)."""
    body = token[1:-1]
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t", "0": "\0"}.get(m.group(1), m.group(1)),
                  body)


def decode_seeds():
    out = corpus("decode")
    source = open(os.path.join(ROOT, "tests", "decode", "test_decode.c"), encoding="utf-8").read()
    token = r'\s*(?:"(?:[^"\\]|\\.)*"|[A-Z]+)'  # a C string or a macro such as PNF
    calls = re.findall(r"decode_pets\(&\w+,\s*(\d+),\s*LIT\(((?:%s)+)\s*\)" % token, source)
    for i, (status, literal) in enumerate(calls):
        tokens = re.findall(r'"(?:[^"\\]|\\.)*"|[A-Z]+', literal)
        body = "".join(MACROS.get(t, "") if not t.startswith('"') else c_string(t) for t in tokens)
        index = STATUSES.index(int(status)) if int(status) in STATUSES else 0
        write(out, "test-decode-%03d" % i, bytes([index, 0]) + body.encode())
    rl = '{"type":"https://errors.petstore.example/rate-limited","retry_after":1e2,"limit":3.0}'
    write(out, "retry-after", bytes([STATUSES.index(429), 8]) + b"120\n" + rl.encode())
    write(out, "retry-after-date",
          bytes([STATUSES.index(503), 8]) + b"Sun, 06 Nov 1994 08:49:37 GMT\n{}")
    write(out, "rebased", bytes([STATUSES.index(422), 4]) +
          b'{"type":"http://localhost:8080/errors/pet-validation-failed",'
          b'"errors":[{"pointer":"/a","detail":"d"}]}')
    write(out, "multi", bytes([STATUSES.index(207), 16]) +
          b'{"items":[{"id":"1","status":200,"value":{}},'
          b'{"id":"2","status":404,"problem":{"type":"about:blank"}}]}')


ENTRIES = {"pets": 42, "shop": 11}


def writer_seeds():
    out = corpus("writer")
    rng = random.Random(8)
    for catalog, count in sorted(ENTRIES.items()):
        for entry in range(count):
            opts = (1 if catalog == "shop" else 0) | rng.choice([0, 2, 4, 8, 16, 30])
            tail = bytes(rng.choice([0, 1, 7, 40, 64, 200, 255, rng.getrandbits(8)])
                         for _ in range(rng.randint(40, 400)))
            write(out, "%s-%02d" % (catalog, entry), bytes([opts, entry]) + tail)


def jw_call(op, arg=b""):
    return bytes([op]) + arg


def jw_text(s):
    return bytes([len(s)]) + s


def json_writer_seeds():
    out = corpus("json_writer")
    problem = (jw_call(0) + jw_call(4, jw_text(b"type")) + jw_call(5, jw_text(b"about:blank")) +
               jw_call(4, jw_text(b"status")) + jw_call(7, struct.pack(">q", 404)) +
               jw_call(4, jw_text(b"ok")) + jw_call(9, b"\1") + jw_call(4, jw_text(b"n")) +
               jw_call(8, b"\3" + struct.pack(">d", 0.1)) + jw_call(1))
    write(out, "object", problem)
    write(out, "array", jw_call(2) + jw_call(10) + jw_call(8, b"\0") + jw_call(8, b"\1") +
          jw_call(6, jw_text(b"a\0b\xff\xc0\x80\xed\xa0\x80")) + jw_call(14, b"\1") + jw_call(3))
    write(out, "deep-64", jw_call(2) * 64 + jw_call(3) * 64)
    write(out, "deep-65", jw_call(2) * 65 + jw_call(3) * 65)
    write(out, "raw-deep", jw_call(2) * 60 + jw_call(14, b"\7") + jw_call(3) * 60)
    write(out, "raw", jw_call(11, jw_text(b'{"a":[1,{"b":null}],"c":"\\u00e9"}')))
    write(out, "raw-bad", jw_call(2) + jw_call(11, jw_text(b"[1,]")) + jw_call(3))
    write(out, "misuse", jw_call(0) + jw_call(5, jw_text(b"v")) + jw_call(1))
    write(out, "null-key", jw_call(0) + jw_call(13) + jw_call(10) + jw_call(1))


# RateLimit fields (docs/ratelimit.md) and RFC 9651's examples of Lists,
# parameters and every bare item type.
SF_LIST_SEEDS = [
    '"default";q=100;w=60',
    '"default";r=0;t=30',
    '"a";q=1;qu="content-bytes";w=10;pk=:YWJj:, "b";q=5, "c";q=2;qu="concurrent-requests"',
    'sugar, tea, rum',
    'abc;a=1;b=2; cde_456, (ghi;jk=4 l);q="9";r=w',
    '("foo" "bar"), ("baz"), ("bat" "one"), ()',
    '42, -42, 4.5, -0.001, "hello world", foo123/456, ?1, ?0, @1659578233',
    ':cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:',
    '%"This is intended for display to %c3%bcsers."',
    '"a \\"b\\" \\\\c";q=1',
    '"default";q=1,',
    '"per-token";r=2;t=41;pk=:AP8QIA==:',
]


def sf_list_seeds():
    out = corpus("sf_list")
    for i, seed in enumerate(SF_LIST_SEEDS, 1):
        write(out, "%02d" % i, seed.encode())


def main():
    sf_list_seeds()
    catalog_seeds()
    mustache_seeds()
    decode_seeds()
    writer_seeds()
    json_writer_seeds()


if __name__ == "__main__":
    main()
