#!/bin/bash
# map.sh: --map may put several known columns on one header (issue 14 item 1: each of
# these crashed with SIGSEGV): entities.label=id, .description=id, .url=id, .aliases=id,
# sources.title=id, sources.url=id, in check, render and diff --method model; the mapped
# column takes the header's value (label=id draws each entity with its id as label).
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: map.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: map.sh KGRAPH SOURCE_DIR}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-map-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

DATA=$SRC/data
# NEW: the bundled data with one entity and one relation more (diff finds them)
cp -r "$DATA" "$T/new"
printf 'zz_new,New One,person,,,\n' >>"$T/new/entities.csv"
printf 'zz_new,meets,xi_jinping,neutral,,,,,,\n' >>"$T/new/relations.csv"

# every entity of the bundled data is still loaded when a column is read from the id column
nent=$(python3 -c "import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding='utf-8'))))" "$DATA/entities.csv")
for m in entities.label=id entities.description=id entities.url=id entities.aliases=id \
    sources.title=id sources.url=id; do
    "$KGRAPH" check "$DATA" --map "$m" >"$T/out" 2>"$T/err"; status=$?
    if [ "$status" -eq 0 ] && grep -q ": $nent entities, " "$T/out"; then
        ok "check --map $m"
    else
        fail "check --map $m: exit $status; $(head -c 300 "$T/err")"
    fi
    "$KGRAPH" render "$DATA" --map "$m" -T dot -o "$T/out.dot" 2>"$T/err"; status=$?
    if [ "$status" -eq 0 ] && grep -q 'xi_jinping' "$T/out.dot"; then
        ok "render --map $m"
    else
        fail "render --map $m: exit $status; $(head -c 300 "$T/err")"
    fi
    "$KGRAPH" diff "$DATA" "$DATA" --method model --map "$m" >"$T/out" 2>"$T/err"; status=$?
    if [ "$status" -eq 0 ]; then
        ok "diff --method model --map $m (same)"
    else
        fail "diff --method model --map $m (same): exit $status; $(head -c 300 "$T/err")"
    fi
    "$KGRAPH" diff "$DATA" "$T/new" --method model --map "$m" >"$T/out" 2>"$T/err"; status=$?
    if [ "$status" -eq 1 ] && grep -q 'zz_new' "$T/out"; then
        ok "diff --method model --map $m (changed)"
    else
        fail "diff --method model --map $m (changed): exit $status; $(head -c 300 "$T/err")"
    fi
done

# The mapped column takes the header's value: the label is the id.
"$KGRAPH" render "$DATA" --map entities.label=id -T dot -o "$T/out.dot" 2>"$T/err"
if grep -q 'id="e-xi_jinping", label=xi_jinping,' "$T/out.dot"; then
    ok "entities.label=id labels each entity with its id"
else
    fail "entities.label=id: $(grep -m1 -o 'xi_jinping \[.\{0,200\}' "$T/out.dot")"
fi
# A relations mapping onto a reference column keeps working too.
"$KGRAPH" check "$DATA" --map relations.quote=source >"$T/out" 2>"$T/err"; status=$?
[ "$status" -le 1 ] && ok "check --map relations.quote=source (exit $status)" ||
    fail "check --map relations.quote=source: exit $status; $(head -c 300 "$T/err")"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
