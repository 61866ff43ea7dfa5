#!/usr/bin/env python3
"""README.md's five-minute tour, run as printed.

In a scratch folder that stands for the clone (its build/ is the build tree
under test), the tour's blocks are taken in order:
  - a code block whose first line names a file (`# pets.yaml`,
    `/* main.c */`) is written to that file, byte for byte, so that every
    FILE:LINE:COL the tour shows is checked against the file as a reader
    copies it;
  - in a ```console block, every `$ COMMAND` runs with bash in the current
    folder (a `cd` carries over to the next command), and what it prints
    (standard output and error together) must be exactly the lines shown
    under it: for `ls`, the same names; for everything else, the same text.
    A command exits 0, except one whose shown output ends with errata's
    error count, which exits 1.

Prints TAP. Usage: tour-test.py SOURCE_ROOT BUILD_ROOT [B_SANITIZE]
A sanitized build's liberrata cannot be linked by a plain `cc`: with
B_SANITIZE other than "none", commands that link it through
build/meson-uninstalled are skipped.
"""
import os
import re
import subprocess
import sys
import tempfile

root, build = (os.path.realpath(a) for a in sys.argv[1:3])
sanitized = len(sys.argv) > 3 and sys.argv[3] not in ("", "none")

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


def skip(desc, why):
    global count
    count += 1
    print("ok %d - %s # SKIP %s" % (count, desc, why))


readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
start = readme.index("## A five-minute tour")
end = readme.index("\n## ", start + 1)
tour = readme[start:end]
tour_line = readme.count("\n", 0, start) + 1

blocks = [(m.group(1), m.group(2), tour_line + tour.count("\n", 0, m.start()))
          for m in re.finditer(r"^```(\w*)\n(.*?)^```$", tour, re.S | re.M)]


def file_name(body):
    first = body.split("\n", 1)[0]
    m = re.fullmatch(r"#\s*(\S+)|/\*\s*(\S+)\s*\*/", first.strip())
    return (m.group(1) or m.group(2)) if m else None


def commands(body):
    """(command, expected output lines) pairs of a console block."""
    out = []
    for line in body.rstrip("\n").split("\n"):
        if line.startswith("$ "):
            out.append([line[2:], []])
        elif out and not out[-1][1] and out[-1][0].endswith(("|", "\\")):
            out[-1][0] += "\n" + line  # a command continued on the next line
        elif out:
            out[-1][1].append(line)
    return out


with tempfile.TemporaryDirectory() as clone:
    os.symlink(build, os.path.join(clone, "build"))
    cwd = clone
    ran = 0
    for lang, body, line in blocks:
        name = file_name(body)
        if lang != "console":
            if name is not None:
                with open(os.path.join(cwd, name), "w", encoding="utf-8") as f:
                    f.write(body)
                result(True, "README.md:%d: %s written" % (line, name))
            continue
        for cmd, expected in commands(body):
            desc = "README.md:%d: $ %s" % (line, cmd.split("\n")[0][:90])
            if sanitized and "meson-uninstalled" in cmd + "".join(expected):
                skip(desc, "a sanitized liberrata links only with -fsanitize")
                continue
            if sanitized and cmd.startswith("LD_LIBRARY_PATH=../build/runtime"):
                skip(desc, "it runs what the skipped command would have linked")
                continue
            pwd_file = os.path.join(clone, ".pwd")
            proc = subprocess.run(
                ["bash", "-c", 'cd "$1" && { eval "$2"; } 2>&1; s=$?; pwd >"$3"; exit $s',
                 "bash", cwd, cmd, pwd_file],
                stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
            ran += 1
            cwd = open(pwd_file).read().strip()
            got = proc.stdout.decode("utf-8", "replace").rstrip("\n")
            want = "\n".join(expected).rstrip("\n")
            want_status = 1 if re.search(r"^errata: [1-9][0-9]* errors?,", want, re.M) else 0
            if cmd.startswith("ls "):
                same = sorted(got.split()) == sorted(want.split())
            else:
                same = got == want
            result(same and proc.returncode == want_status, desc,
                   ["exit %d (want %d)" % (proc.returncode, want_status),
                    "printed:", got or "(nothing)", "README shows:", want or "(nothing)"]
                   if not (same and proc.returncode == want_status) else ())
    result(ran >= 10, "the tour has its commands (%d run)" % ran)

print("1..%d" % count)
sys.exit(1 if failed else 0)
