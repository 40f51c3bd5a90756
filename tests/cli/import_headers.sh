#!/bin/bash
# import_headers.sh: issue 17 item 3: headers are matched ignoring case and surrounding
# space, usual spreadsheet names are synonyms (by file: "Type" is the relation in
# relations.csv, the type in entities.csv), a header near a known column is a warning
# with "did you mean", and a missing required column lists the headers found and points
# to --map and kgraph.ini. $1 = kgraph binary, $2 = source dir. Exit 0 when all passed.
set -u
KGRAPH=${1:?usage: import_headers.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: import_headers.sh KGRAPH SOURCE_DIR}
DATA=$SRC/tests/data/import

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-import-headers-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
. "$SRC/tests/cli/import_lib.inc" # failures, fail, ok, expect

expect "check: headers in other case, with spaces and synonyms" 0 \
    "2 entities, 1 relations (1 citations), 0 sources" \
    "relations.csv:1: warning: column 'Quotes' is not one kgraph reads; did you mean 'quote'?" -- \
    "$KGRAPH" check "$DATA/synonyms"
expect "render: Name is the label, Kind the type" 0 'label=Russia' "" -- \
    "$KGRAPH" render "$DATA/synonyms" -T dot -o -
grep -q 'legend-type-country\|country' "$T/out" && ok "Kind read as the type" || fail "no type country: $(head -c 300 "$T/out")"
expect "the typo warning fails check --strict" 2 "" "did you mean 'quote'?" -- \
    "$KGRAPH" check "$DATA/synonyms" --strict
# Type in relations.csv is the relation; in entities.csv the type
mkdir "$T/type"
printf 'ID,Type\na,person\nb,country\n' >"$T/type/entities.csv"
printf 'SOURCE,Type,TARGET\na,visits,b\n' >"$T/type/relations.csv"
expect "Type means the relation in relations.csv" 0 "visits" "" -- "$KGRAPH" render "$T/type" -T dot -o -
grep -q 'person' "$T/out" && ok "Type means the type in entities.csv" || fail "no type person: $(head -c 300 "$T/out")"
# Gephi's edge table: Label is the relation, not Type (Directed)
printf 'Source,Target,Type,Id,Label,Weight\na,b,Directed,0,knows,1\n' >"$T/gephi.csv"
expect "a Gephi edge table: Label is the relation" 0 "a -> b" "" -- "$KGRAPH" render "$T/gephi.csv" -T dot -o -
grep -q 'rel-knows' "$T/out" && ok "Gephi: the relation is knows" || fail "Gephi: $(grep -- '->' "$T/out" | head -2)"
# a missing required column: the headers found, --map and kgraph.ini
mkdir "$T/missing"
printf 'id\na\n' >"$T/missing/entities.csv"
printf 'Actor,Verb,Counterpart\na,r,a\n' >"$T/missing/relations.csv"
expect "a missing column lists the headers found" 2 "" \
    "relations.csv:1: missing required column 'target'; the headers found are 'Actor', 'Verb', 'Counterpart'; name the one to read with --map relations.target=HEADER or in kgraph.ini's [relations] section" -- \
    "$KGRAPH" check "$T/missing"
expect "the --map it points to works" 0 "1 entities, 1 relations" "" -- \
    "$KGRAPH" check "$T/missing" --map relations.target=Counterpart
expect "--map ignores the header's case" 0 "1 entities" "" -- \
    "$KGRAPH" check "$T/missing" --map relations.target=counterpart
echo keep >"$T/keep.svg"
"$KGRAPH" render "$T/missing" -o "$T/keep.svg" 2>/dev/null
[ "$(cat "$T/keep.svg")" = keep ] && ok "the missing column leaves the output untouched" || fail "output changed"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
