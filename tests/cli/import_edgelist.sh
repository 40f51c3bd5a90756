#!/bin/bash
# import_edgelist.sh: issue 17 item 2: a relations file alone (a .tsv or .csv given as
# DATASET) or a directory without entities.csv is an edge list: its entities are made from
# the endpoints (id = label = the value, no type), with one note saying how many; check
# --strict refuses them; with an entities.csv every endpoint must still be an entity.
# $1 = kgraph binary, $2 = source dir. Exit 0 when all passed.
set -u
KGRAPH=${1:?usage: import_edgelist.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: import_edgelist.sh KGRAPH SOURCE_DIR}
DATA=$SRC/tests/data/import

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-import-edgelist-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
. "$SRC/tests/cli/import_lib.inc" # failures, fail, ok, expect

expect "check: a .tsv edge list given as the dataset" 0 "links.tsv: 3 entities, 3 relations (3 citations), 0 sources" \
    "note: no entities.csv: 3 entities created from the relations" -- "$KGRAPH" check "$DATA/links.tsv"
[ "$(grep -c 'created from the relations' "$T/err")" -eq 1 ] && ok "one note, not one per entity" ||
    fail "the note is not said once: $(cat "$T/err")"
expect "render: a .tsv edge list" 0 'alice -> bob' "" -- "$KGRAPH" render "$DATA/links.tsv" -T dot -o -
grep -q 'label=alice' "$T/out" && ok "the made entity's label is its id" || fail "no label=alice: $(head -c 300 "$T/out")"
expect "-q hides the note" 0 "3 entities" "" -- "$KGRAPH" check "$DATA/links.tsv" -q
[ ! -s "$T/err" ] && ok "-q: nothing on stderr" || fail "-q: stderr $(cat "$T/err")"
expect "check: a directory with relations.csv only" 0 "3 entities, 2 relations" "" -- \
    "$KGRAPH" check "$DATA/edgelist"
grep -q "3 entities created" "$T/err" && ok "the note counts 3" || fail "note: $(cat "$T/err")"
expect "stats of an edge list" 0 "" "" -- "$KGRAPH" stats "$DATA/edgelist"
expect "export of an edge list (GraphML)" 0 "alice" "" -- "$KGRAPH" export "$DATA/edgelist" -T graphml -o -
expect "export of an edge list (Neo4j)" 0 "" "" -- "$KGRAPH" export "$DATA/edgelist" -T neo4j -o "$T/neo"
grep -q '^id:ID' "$T/neo/entities.csv" 2>/dev/null && ok "neo4j: the entities have an id column" ||
    fail "neo4j entities: $(head -3 "$T/neo/entities.csv" 2>&1)"
expect "a .csv relations file as the dataset" 0 "3 entities, 2 relations" "" -- \
    "$KGRAPH" check "$DATA/edgelist/relations.csv"
expect "diff of two edge lists" 0 "" "" -- "$KGRAPH" diff "$DATA/edgelist" "$DATA/edgelist"
sed 's/likes/admires/' "$DATA/links.tsv" >"$T/links2.tsv"
for m in model scan; do
    expect "diff --method $m of two .tsv edge lists given as files" 1 "admires" "" -- \
        "$KGRAPH" diff "$DATA/links.tsv" "$T/links2.tsv" --method "$m"
    expect "diff --method $m of a .tsv edge list with itself" 0 "no differences" "" -- \
        "$KGRAPH" diff "$DATA/links.tsv" "$DATA/links.tsv" --method "$m"
done
expect "check --strict refuses made entities" 2 "" \
    "3 entities made from the relations refused (--strict)" -- "$KGRAPH" check "$DATA/edgelist" --strict
# with an entities.csv the strict rule stays
mkdir "$T/strict"
cp "$DATA/edgelist/relations.csv" "$T/strict/"
printf 'id\nalice\nbob\n' >"$T/strict/entities.csv"
expect "with entities.csv an unknown endpoint is still an error" 2 "" \
    "relations.csv:3: target 'carol' is not an entity id" -- "$KGRAPH" check "$T/strict"
expect "with --entities FILE too" 2 "" "target 'carol' is not an entity id" -- \
    "$KGRAPH" check "$DATA/links.tsv" --entities "$T/strict/entities.csv"
# a directory with neither file is still an error
mkdir "$T/empty"
expect "an empty directory is still an error" 2 "" "entities.csv: cannot read" -- "$KGRAPH" check "$T/empty"
# --relations FILE where there is no entities.csv (issue 17: "entities.csv: cannot read")
expect "check --relations FILE without an entities.csv" 0 "3 entities, 3 relations" "" -- \
    "$KGRAPH" check "$T/empty" --relations "$DATA/links.tsv"
# a relations.tsv in a directory
mkdir "$T/tsvdir"
cp "$DATA/links.tsv" "$T/tsvdir/relations.tsv"
expect "a directory with relations.tsv only" 0 "3 entities, 3 relations" "" -- "$KGRAPH" check "$T/tsvdir"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
