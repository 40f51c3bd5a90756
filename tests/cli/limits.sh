#!/bin/bash
# limits.sh: oversized input ends in a clear error naming the limit and its option, never in
# exhausted memory or time: a 5 MB label and a 5 GB (sparse) file at the default limits, a
# row with too many fields, endless input through a pipe (rows, bytes), /dev/zero as a
# file. Every case exits 2 with its exact message and leaves an existing output untouched.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: limits.sh KGRAPH SOURCE_DIR}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-limits-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

mkdir "$T/d"
printf 'id,label\nxi,Xi\nputin,Putin\n' >"$T/d/entities.csv"
printf 'source,relation,target\nxi,meets,putin\n' >"$T/d/relations.csv"
printf ORIGINAL >"$T/out.svg"

# expect WHAT MESSAGE: the last run ($status, $T/err) exited 2 with MESSAGE (a fixed string)
# on stderr, and out.svg is untouched.
expect() {
    local what=$1 message=$2
    if [ "$status" -ne 2 ]; then
        fail "$what: exit status $status, expected 2; stderr: $(head -c 300 "$T/err")"
    elif ! grep -qF -- "$message" "$T/err"; then
        fail "$what: no message '$message'; stderr: $(head -c 300 "$T/err")"
    elif [ "$(cat "$T/out.svg")" != ORIGINAL ] || [ -n "$(find "$T" -maxdepth 1 -name '.out.svg.*')" ]; then
        fail "$what: out.svg was touched"
    else
        ok "$what"
    fi
}

# A 5 MB label: refused at the default field limit (1 MiB).
cp -r "$T/d" "$T/label"
{ printf 'id,label\nxi,'; head -c 5000000 /dev/zero | tr '\0' x; printf '\nputin,Putin\n'; } >"$T/label/entities.csv"
"$KGRAPH" render "$T/label" -o "$T/out.svg" 2>"$T/err"; status=$?
expect "5 MB label" "$T/label/entities.csv:2: column 'label' is longer than the limit of 1048576 bytes (see --max-field-size)"
# ... and accepted when the limit is raised for it (the data is otherwise valid)
"$KGRAPH" check "$T/label" --max-field-size 5M >/dev/null 2>"$T/err" \
    && ok "5 MB label with --max-field-size 5M" \
    || fail "5 MB label with --max-field-size 5M: $(head -c 300 "$T/err")"

# A 5 GB file (sparse: no disk used): refused from its size, before a byte is read.
cp -r "$T/d" "$T/huge"
truncate -s 5G "$T/huge/relations.csv"
"$KGRAPH" render "$T/huge" -o "$T/out.svg" 2>"$T/err"; status=$?
expect "5 GB file" "$T/huge/relations.csv: file is 5368709120 bytes, over the limit of 4294967296 (see --max-file-size)"

# A row with 5000 fields.
cp -r "$T/d" "$T/wide"
{ printf 'source,relation,target\nxi,meets,putin'; for i in $(seq 5000); do printf ',x'; done; printf '\n'; } >"$T/wide/relations.csv"
"$KGRAPH" render "$T/wide" -o "$T/out.svg" 2>"$T/err"; status=$?
expect "row of 5000 fields" "$T/wide/relations.csv:2: row has more than 4096 fields"

# Endless rows through a pipe (no size to check up front): stopped by the row limit ...
"$KGRAPH" render "$T/d" --relations <(echo source,relation,target; yes xi,meets,putin) \
    --max-rows 100000 -o "$T/out.svg" 2>"$T/err"; status=$?
expect "endless rows through a pipe, --max-rows 100000" "more than 100000 rows (the row limit; see --max-rows)"

# ... or by the file-size limit, counted while reading.
"$KGRAPH" render "$T/d" --relations <(echo source,relation,target,quote; yes xi,meets,putin,"a quote") \
    --max-file-size 3M -o "$T/out.svg" 2>"$T/err"; status=$?
expect "endless bytes through a pipe, --max-file-size 3M" "file is over the limit of 3145728 bytes (see --max-file-size)"

# /dev/zero as a file: one endless field of NUL bytes, stopped at the field limit.
"$KGRAPH" render "$T/d" --entities /dev/zero -o "$T/out.svg" 2>"$T/err"; status=$?
expect "/dev/zero as entities.csv" "/dev/zero:1: the header is longer than the limit of 1048576 bytes (see --max-field-size)"

# Bad limit values are usage errors.
for v in 0 -1 1X 99999999999999999999G ""; do
    "$KGRAPH" check "$T/d" --max-rows "$v" >/dev/null 2>"$T/err"; status=$?
    expect "--max-rows '$v'" "invalid size '$v' (a positive number, K/M/G allowed)"
done

if [ "$failures" -ne 0 ]; then
    echo "limits: $failures check(s) failed"
    exit 1
fi
echo "limits: all checks passed"
exit 0
