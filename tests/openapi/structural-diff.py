#!/usr/bin/env python3
"""The structural diff of `errata openapi --into`: MERGED is ORIGINAL plus
errata's parts and nothing else. errata's parts are what FRESH (errata
openapi of the same catalog, JSON) has: its components.schemas, .responses
and .headers entries, and the error responses of its paths. Checks that
  - with those removed, MERGED equals ORIGINAL, key order included;
  - every one of them is in MERGED exactly as in FRESH (paths matched by
    their shape, /pets/{id} = /pets/{petId}).
Prints what differs; exits 1 when anything does.

Usage: structural-diff.py ORIGINAL(.yaml|.json) MERGED.json FRESH.json
"""
import json
import re
import sys

import yaml


def load(path):
    with open(path, encoding="utf-8") as f:
        if path.endswith(".json"):
            return json.load(f)
        return yaml.load(f, Loader=yaml.SafeLoader)


def shape(path):
    return re.sub(r"\{[^}]*\}", "{}", path)


def ordered_equal(a, b, where, problems):
    """Equal as JSON values, mapping keys in the same order."""
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            problems.append(f"{where}: keys {list(a)} became {list(b)}")
            return
        for k in a:
            ordered_equal(a[k], b[k], f"{where}/{k}", problems)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            problems.append(f"{where}: {len(a)} items became {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            ordered_equal(x, y, f"{where}/{i}", problems)
    elif a != b or type(a) is not type(b):
        problems.append(f"{where}: {a!r} became {b!r}")


def main():
    original, merged, fresh = (load(p) for p in sys.argv[1:4])
    problems = []
    stripped = json.loads(json.dumps(merged))
    comps = stripped.get("components", {})
    for kind in ("schemas", "responses", "headers"):
        for name, value in fresh["components"].get(kind, {}).items():
            got = comps.get(kind, {}).pop(name, None)
            if got != value:
                problems.append(f"components/{kind}/{name} is not errata's")
        if kind in comps and not comps[kind] and kind not in original.get("components", {}):
            del comps[kind]
    by_shape = {shape(p): p for p in stripped.get("paths", {})}
    for path, item in fresh.get("paths", {}).items():
        spec_path = by_shape.get(shape(path))
        for method, op in item.items():
            if method == "parameters":
                continue
            target = stripped.get("paths", {}).get(spec_path, {}).get(method)
            if target is None:
                continue  # reported by errata as missing; checked by the caller
            for status, ref in op["responses"].items():
                got = target["responses"].pop(status, None)
                if got != ref:
                    problems.append(f"paths/{spec_path}/{method}/responses/{status} is not errata's")
    ordered_equal(original, stripped, "", problems)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
