"""Minimal TAP producer for the Python tests (meson reads TAP: protocol 'tap').
Call result(ok, description, why_lines) for each check, then finish()."""
import sys

_count = 0
_failed = 0


def result(ok, desc, why=()):
    """One test point; `why` is printed as comments when it failed."""
    global _count, _failed
    _count += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", _count, desc))
    if not ok:
        _failed += 1
        for line in why:
            for part in str(line).splitlines():
                print("# " + part)


def finish():
    """The plan, and the exit status: 1 when any point failed."""
    print("1..%d" % _count)
    sys.exit(1 if _failed else 0)
