#!/bin/bash
# stats.sh: `kgraph stats` end to end: the karate club's CSV is byte-identical to the figures
# networkx gives (tests/golden/stats/karate.csv), formats by -T and by extension, sampling
# stated and repeatable, help, usage errors (exit 2, one-line hint), bad data leaves the
# output file untouched.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: stats.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: stats.sh KGRAPH SOURCE_DIR}
KARATE="$SRC/tests/data/karate"

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-stats-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# ---- the karate club: CSV as networkx has it -------------------------------------------------

if "$KGRAPH" stats "$KARATE" -T csv >"$T/k.csv" 2>"$T/err" &&
   cmp -s "$T/k.csv" "$SRC/tests/golden/stats/karate.csv"; then
    ok "karate: CSV identical to networkx's figures"
else
    fail "karate: $(cat "$T/err"; diff "$T/k.csv" "$SRC/tests/golden/stats/karate.csv" | head -5)"
fi

"$KGRAPH" stats "$KARATE" -o "$T/k2.csv" 2>"$T/err" && cmp -s "$T/k.csv" "$T/k2.csv" &&
    ok "-o FILE.csv: CSV by extension" || fail "-o FILE.csv: $(cat "$T/err")"

"$KGRAPH" stats "$KARATE" -o "$T/k.json" 2>"$T/err"
if [ $? -ne 0 ]; then
    fail "-o FILE.json: $(cat "$T/err")"
elif command -v python3 >/dev/null && ! python3 -m json.tool "$T/k.json" >/dev/null; then
    fail "-o FILE.json: not valid JSON"
elif ! grep -q '"method":"exact","samples":34' "$T/k.json"; then
    fail "-o FILE.json: no exact method stated"
else
    ok "-o FILE.json: valid JSON stating the exact method"
fi

"$KGRAPH" stats "$KARATE" --top 3 >"$T/k.txt" 2>"$T/err"
if [ $? -ne 0 ]; then
    fail "text: $(cat "$T/err")"
elif ! grep -q '^components: 1 (#1: 34 entities)$' "$T/k.txt" ||
     ! grep -q '^most connected (3 of 34):$' "$T/k.txt" ||
     ! grep -A2 '^most central' "$T/k.txt" | grep -q 'm01 (Member 1)$'; then
    fail "text: components, ranking or most central member missing: $(cat "$T/k.txt")"
else
    ok "text: components, rankings, Member 1 most central"
fi

# ---- sampling: stated, repeatable, seed-dependent ---------------------------------------------

"$KGRAPH" stats "$KARATE" --samples 8 -T text >"$T/s1" 2>&1
"$KGRAPH" stats "$KARATE" --samples 8 -T text >"$T/s2" 2>&1
"$KGRAPH" stats "$KARATE" --samples 8 --seed 99 -T csv >"$T/s3" 2>&1
"$KGRAPH" stats "$KARATE" --samples 8 -T csv >"$T/s4" 2>&1
if ! grep -q '^betweenness: sampled estimate from 8 of 34 entities (seed [0-9]*)$' "$T/s1"; then
    fail "--samples 8: sample size not stated: $(head -6 "$T/s1")"
elif ! cmp -s "$T/s1" "$T/s2"; then
    fail "--samples 8: two runs differ"
elif cmp -s "$T/s3" "$T/s4"; then
    fail "--seed: another seed gives the same estimate"
else
    ok "--samples: stated, the same bytes twice, another seed another estimate"
fi

"$KGRAPH" stats "$SRC/data" --exact -T csv >"$T/d.csv" 2>"$T/err" &&
    [ "$(wc -l <"$T/d.csv")" -eq "$(wc -l <"$SRC/data/entities.csv")" ] &&
    ok "bundled dataset: one CSV row per entity" || fail "bundled dataset: $(cat "$T/err")"

# ---- -o to a device or named pipe: written in place, never replaced by a renamed file --------

mkfifo "$T/fifo"
cat "$T/fifo" >"$T/from-fifo" &
reader=$!
"$KGRAPH" stats "$KARATE" -T csv -o "$T/fifo" 2>"$T/err"
status=$?
wait "$reader"
if [ $status -ne 0 ]; then
    fail "-o FIFO: exit $status: $(cat "$T/err")"
elif [ ! -p "$T/fifo" ]; then
    fail "-o FIFO: the named pipe was replaced by a file"
elif ! cmp -s "$T/from-fifo" "$T/k.csv"; then
    fail "-o FIFO: the reader did not get the CSV"
else
    ok "-o FIFO: written through the pipe, which stays a pipe"
fi

# a symbolic link to a file: the file is replaced atomically, the link stays a link
echo old >"$T/real.csv"
ln -s real.csv "$T/link.csv"
"$KGRAPH" stats "$KARATE" -o "$T/link.csv" 2>"$T/err"
if [ ! -L "$T/link.csv" ]; then
    fail "-o LINK: the link was replaced by a file"
elif ! cmp -s "$T/real.csv" "$T/k.csv"; then
    fail "-o LINK: the linked file does not hold the CSV: $(cat "$T/err")"
else
    ok "-o LINK: written to the linked file, the link kept"
fi

# ---- help and usage errors --------------------------------------------------------------------

"$KGRAPH" stats --help | grep -q '^Usage: kgraph stats' && "$KGRAPH" help stats | grep -q -- '--samples K' &&
    ok "help" || fail "help: no usage text"

expect_usage() { # status errfile what needle
    if [ "$1" -ne 2 ]; then
        fail "$3: exit $1, expected 2"
    elif ! grep -q -- "$4" "$2" || ! grep -q "^Try 'kgraph help stats'" "$2"; then
        fail "$3: message: $(cat "$2")"
    else
        ok "$3: usage error"
    fi
}
"$KGRAPH" stats "$KARATE" -T svg 2>"$T/err" >/dev/null
expect_usage $? "$T/err" "-T svg" "unknown format 'svg'"
"$KGRAPH" stats "$KARATE" --samples 0 2>"$T/err" >/dev/null
expect_usage $? "$T/err" "--samples 0" "invalid --samples"
"$KGRAPH" stats "$KARATE" --samples 5 --exact 2>"$T/err" >/dev/null
expect_usage $? "$T/err" "--samples with --exact" "exclude each other"

# ---- bad data: exit 2, FILE:LINE, output untouched -------------------------------------------

mkdir "$T/bad"
printf 'id\na\n' >"$T/bad/entities.csv"
printf 'source,relation,target\na,x,b\n' >"$T/bad/relations.csv"
printf ORIGINAL >"$T/out.csv"
"$KGRAPH" stats "$T/bad" -o "$T/out.csv" 2>"$T/err"
status=$?
if [ $status -ne 2 ] || ! grep -q "relations.csv:2: target 'b' is not an entity id" "$T/err"; then
    fail "bad data: exit $status: $(cat "$T/err")"
elif [ "$(cat "$T/out.csv")" != ORIGINAL ]; then
    fail "bad data: output file modified"
else
    ok "bad data: exit 2 at relations.csv:2, output untouched"
fi

# Exact betweenness past its work limit (10^10 steps: 100,000 entities in a star make
# 3 * 10^10) is refused at once naming --samples (it used to run for minutes), the output
# untouched; the default (sampled) still answers.
mkdir "$T/star"
awk 'BEGIN { print "id"; for (i = 0; i < 100000; i++) print "e" i }' >"$T/star/entities.csv"
awk 'BEGIN { print "source,relation,target"; for (i = 1; i < 100000; i++) print "e0,r,e" i }' \
    >"$T/star/relations.csv"
"$KGRAPH" stats "$T/star" --exact -q -o "$T/out.csv" 2>"$T/err"
status=$?
if [ $status -ne 2 ] || ! grep -q "past the limit of 10000000000: estimate it with --samples K" "$T/err"; then
    fail "exact betweenness past the limit: exit $status: $(head -c 300 "$T/err")"
elif [ "$(cat "$T/out.csv")" != ORIGINAL ]; then
    fail "exact betweenness past the limit: output file modified"
else
    ok "exact betweenness past the limit: refused naming --samples, output untouched"
fi
"$KGRAPH" stats "$T/star" -q --no-betweenness -T csv >"$T/out" 2>"$T/err" &&
    [ "$(wc -l <"$T/out")" -eq 100001 ] && ok "the star without betweenness" ||
    fail "star --no-betweenness: $(head -c 300 "$T/err")"

if [ "$failures" -ne 0 ]; then
    echo "stats: $failures check(s) failed"
    exit 1
fi
