# shellcheck shell=bash disable=SC2154 # res: set by report.sh
# Sourced by report.sh: write_doc prints docs/benchmarks.md, the prose
# around the tables report.sh builds from one run's results. The prose says
# what each benchmark does and what its figures can and cannot mean; it
# states no figure itself, so that it stays true whatever a run measures.

write_doc() {
    cat <<'EOF'
# Benchmarks

<!-- Written by scripts/bench.sh (tests/bench/report.sh); do not edit. -->

EOF
    echo "Measured by \`scripts/bench.sh\` on $(machine date), commit $(machine commit)."
    cat <<'EOF'
Every figure below comes from that one run; the raw output is kept in
`build/bench-results/`. Times are wall-clock unless marked CPU: on a
shared or virtual machine (the load average below says how busy this one
was) they move between runs, by more the shorter they are. Read the
ratios and growth factors, not the last digit.

## The machine

| | |
|---|---|
EOF
    echo "| CPU | $(machine cpu), $(machine cores) cores available |"
    echo "| memory | $(machine memory) |"
    echo "| kernel | $(machine kernel) |"
    echo "| load average (1, 5, 15 min) | $(machine load_start) at the start," \
        "$(machine load_end) at the end |"
    echo "| compiler | $(machine cc) |"
    echo "| build | \`build/\`, buildtype $(machine buildtype) (-O2 -g: the project's default) |"
    echo "| errata | $(machine errata) |"
    echo "| libmicrohttpd | $(machine pkg.libmicrohttpd-dev) |"
    echo "| cJSON | $(machine pkg.libcjson-dev) |"
    echo "| jansson | $(machine pkg.libjansson-dev) |"
    echo "| com_err (\`compile_et\`) | $(machine pkg.comerr-dev) |"
    echo "| wrk | $(machine pkg.wrk) |"
    echo "| gnuplot | $(machine pkg.gnuplot-nox) |"
    write_runtime_sections
    write_scaling_section
    write_http_section
    cat <<'EOF'

## Running them

- `scripts/bench.sh`: everything above, in full, then this page and the
  chart (most of its time goes into compiling 100k entries of errata's C).
- `meson test -C build --suite bench`: every benchmark once on tiny inputs
  (`bench-*-smoke`), so that none can rot, and `bench-http-soak` once the
  petstore server is built. No timing is asserted anywhere.
- `meson test -C build --benchmark --suite bench -v`: the full runs alone.
EOF
}

write_runtime_sections() {
    cat <<'EOF'

## Encoding a problem (`tests/bench/encode.c`)

EOF
    echo "One 429 problem body of $(body_bytes "$res/encode.txt") bytes: a detail, an instance,"
    cat <<'EOF'
two integers, a string with non-ASCII characters and a three-item array of
`{pointer, detail}` objects. errata throws it into a problem and writes it
into the caller's buffer (what a server does per error); cJSON builds a
tree, prints it unformatted and frees both; jansson packs a tree and dumps
it into a buffer. All three must write the same bytes, checked before
timing; `memcpy` of the finished bytes is the floor. 200,000 operations
each, in seven rounds that time every implementation one after the other
(each round after a warm-up): ns/op is the median of the rounds, and the
ratio the median of the ratios taken within each round, which load moves
less than a single timing. Instructions/op are counted by callgrind
(valgrind) in the implementation's own function, as the difference
between a run of 220 and one of 20 operations, so one-time costs drop out;
load does not move them at all. Heap allocations are counted by wrapping
`malloc`, `calloc` and `realloc` at link time, with cJSON's and jansson's
allocator hooks pointed at the counted functions.

EOF
    runtime_table "$res/encode.txt"
    cat <<'EOF'

## Decoding a problem (`tests/bench/decode.c`)

EOF
    echo "The same $(body_bytes "$res/decode.txt")-byte body, as a client reads it: parsed, and its"
    cat <<'EOF'
members copied into one plain C struct. errata decodes through a
descriptor into a typed member struct (`errata_decode`, what a generated
`NAME_decode` calls): a strict RFC 8259 parse (UTF-8 checked, nesting
limited), every member checked against its declared type, in fixed
storage. cJSON and jansson parse into a heap tree; the benchmark looks the
members up, checks their JSON types, copies them and frees the tree. All
three must extract the same values, checked before timing. Rounds,
medians and instruction counts as for encoding.

EOF
    runtime_table "$res/decode.txt"
    echo
    echo "A smaller body of $(body_404_bytes "$res/decode.txt") bytes: a 404 with a detail, an"
    echo "instance and two string members, extracted the same way."
    echo
    runtime_table "$res/decode.txt" 2
    cat <<'EOF'

### The runtime's targets

What a C team is promised against cJSON, each row read off the tables
above: ratios of times (medians of the per-round ratios, so a busy machine
moves them less than the times), and instruction counts, which it does not
move at all.

EOF
    targets_table
}

write_scaling_section() {
    cat <<'EOF'

## The generator against `compile_et` (`tests/bench/scaling/`)

`gen-catalog.py N` writes a catalog of N errors cycling through fourteen
shapes: statuses from 400 to 504 with the headers the checker requires or
asks for (401 `WWW-Authenticate`, 405 `Allow`, 407 `Proxy-Authenticate`,
429 and 503 `Retry-After`), detail and header templates with placeholders,
and members of every type (strings with a format, bounded integers,
numbers, booleans, arrays of scalars and of objects); it passes
`errata lint --werror`. Beside it, the com_err table of the same N codes,
each with its title as the message. For each N, `scaling-bench.sh` times
the tool (wall time, and CPU time: user + system, children included) and
records its peak resident set (`/usr/bin/time`), counts the bytes of C it
wrote, then compiles that C with `cc -c -O2` (errata's with `-std=c99
-Wall -Wextra -Wpedantic -Werror`), timed the same way, and sizes the
object (text + data + bss). Runs under a second are repeated and the
lowest times kept. The tools and `cc` run on one core, so on a quiet
machine wall and CPU time agree; where wall time is well above CPU time,
other work was sharing the machine, and CPU time is the steadier figure.

This is not the same job done two ways. `compile_et` writes one `#define`
and one message per code. errata writes, per error, a typed member struct,
throw macros, a descriptor holding the constant start of the JSON body,
member writers and readers, header and detail templates, and the lookups
by code and by type URI; the table says what all that costs at build time.
A com_err table also holds at most 256 codes (`error_message` finds a code
by its table's base plus an 8-bit offset): `compile_et` accepts a single
table of N codes and its C compiles, but codes past the 256th would not be
found at run time. The single table is measured as the tool's throughput;
a real com_err user would split it into tables of 256.

Limits: a catalog file may hold 16 MiB (`max_file_size` in
`generator/catalog/limits.h`) and a resolved catalog 262,144 entries
(`max_entries`). 100k entries of this mix are about 20 MB of YAML, so
`gen-catalog.py` writes a catalog of more than 25,000 entries as a main file
that includes parts of 25,000, as a catalog that large would be split. No
limit was changed.

EOF
    scaling_table
    cat <<'EOF'

Growth from each N to ten times as many entries (x10 is linear):

EOF
    growth_table
    echo
    echo "At the largest N, per entry:"
    echo
    per_entry_table
    cat <<'EOF'

![Wall time and peak resident set against N, log-log: errata generate and
compile_et, solid; cc -O2 of what each wrote, dashed](benchmarks-scaling.svg)

### Where the generator's time goes (`tests/bench/render/`)

`bench-render` takes the same kind of catalog apart: loading and checking
it (up to 10k entries), turning the checked model into the value tree the
templates read (`model_to_value`), and rendering each built-in template.
Flat ns/entry as N grows means linear.

```
EOF
    cat "$res/render.txt"
    echo '```'
}

write_http_section() {
    cat <<'EOF'

## HTTP: errata-mhd and the petstore against bare libmicrohttpd (`tests/bench/http/`)

`http-bench.sh` starts three servers with the same thread model (a pool of
MHD's internal polling threads, as many for each, keep-alive, each
answering on MHD's second call for a request) and the same bytes on the
wire:

- `bare-mhd` (`bare_mhd.c`): a libmicrohttpd handler that compares the
  path with two strings and answers fixed bytes: no token check, no
  lookup, no JSON writing; the floor.
- `minimal-mhd` (`minimal_mhd.c`): errata-mhd with no application around
  it: one route, the catalog's `PET_NOT_FOUND` thrown for any id but 1
  (whose pet is a static body), no store, no log, every hook left to
  errata-mhd. What it costs over bare-mhd is errata-mhd's own share: the
  slot, the trace id, the request checks, routing, the throw, the problem
  writer, its headers and the negotiation.
- `petstore-server` as shipped (`examples/petstore`): bearer tokens, the
  rate limiter (raised out of the way), a SQLite database holding pet 1
  (a file, read through its per-thread read connections), the catalog's
  own type URIs (so that the 404 bodies are bare-mhd's bytes), and its
  buffered access log going to a file.

wrk then loads the error route (`GET /pets/999`: 404 `PET_NOT_FOUND`) and
the success route (`GET /pets/1`: 200 and the pet) of each server in turn,
with the reader token; each figure is the median of its rounds. Each route
is fetched once beforehand and must answer the expected status; the body
sizes are shown so that a difference in what is sent shows too. CPU
us/request is the server's own CPU time (user + system, every thread, from
`/proc/PID/stat`) over the run divided by the requests answered. wrk
keeps its connections busy (a closed loop), so all servers run saturated,
sharing the machine's cores with wrk: p99 then measures queueing and
scheduling as much as the work per request, and on a machine shared with
other work every timing here moves by tens of percent between runs (the
load average above says how busy this one was); the instruction counts
after them do not move.

EOF
    http_section
    cat <<'EOF'

### Instructions per request (`http-instr.sh`)

Each server under callgrind, one MHD thread, one keep-alive connection:
the difference between a run of 100 requests and one of 1,100, divided
by 1,000, so that start-up and shutdown drop out. Every thread is counted,
in user space only: the kernel's side of the system calls is not (it is
the same for the three servers, the petstore's store and log adding no
system call per request since issue 13; the CPU time above counts it).
Most of bare-mhd's own count is libmicrohttpd clearing its per-connection
memory pool between requests (`memset`).

EOF
    http_instr_section
}
