#!/bin/sh
# check-no-heap.sh NM SIZE LIBERRATA.a [data|nodata]: what the runtime promises, checked
# on the built objects rather than by reading the source:
#  - no reference to an allocator (malloc and friends, or a libc function
#    that returns heap memory);
#  - no writable static data (.data, .bss): no global mutable state.
#    Constant tables that hold pointers live in .data.rel.ro, which is
#    read-only once relocated. Sanitizer and coverage builds add their own
#    writable bookkeeping to every object, so there the build passes
#    "nodata" and only the first check runs.
set -u
nm=$1 size=$2 lib=$3 data_check=${4:-data}
status=0

heap=$("$nm" -u "$lib" | awk '{ print $NF }' | grep -E -x \
    'malloc|calloc|realloc|reallocarray|free|strdup|strndup|aligned_alloc|posix_memalign|memalign|valloc|pvalloc|asprintf|vasprintf|open_memstream|getline|getdelim' \
    | sort -u)
if [ -n "$heap" ]; then
    echo "liberrata references heap functions:" $heap
    status=1
else
    echo "ok: no allocator referenced"
fi

if [ "$data_check" = nodata ]; then
    echo "skipped: writable static data (instrumented build)"
    exit $status
fi

# size -A prints each member's sections as "name size addr".
data=$("$size" -A "$lib" | awk '
    /^[^ ]+ +\(ex / { member = $1 }
    $1 ~ /^\.(data|bss)(\.|$)/ && $1 !~ /^\.data\.rel\.ro/ && $2 > 0 { print member ": " $1 " " $2 }')
if [ -n "$data" ]; then
    echo "liberrata has writable static data:"
    echo "$data"
    status=1
else
    echo "ok: no writable static data"
fi
exit $status
