#!/bin/bash
# diff_labels.sh: the diff diagram says what changed on the picture: a changed edge's label
# carries the change (polarity with an arrow, citation counts), the relations from one
# entity to another are one edge listing each verb and its change, --each-relation draws
# one edge per relation, and no diff colour is a polarity colour. Data:
# tests/data/diff_merge and tests/golden/diff. $1 = kgraph binary, $2 = source dir.
# Exit 0 when all passed, 1 when a check failed.
set -u
KGRAPH=${1:?usage: diff_labels.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: diff_labels.sh KGRAPH SOURCE_DIR}
SRC=$(cd "$SRC" && pwd)
D=$SRC/tests/data/diff_merge
GOLD=$SRC/tests/golden/diff

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-difflabels-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# element FILE ID: the SVG element with this id (its lines, to the next element's comment)
element() {
    awk -v id="<g id=\"$2\"" 'on && /^<!-- / { exit } index($0, id) == 1 { on = 1 } on { print }' "$1"
}
# el_has FILE ID TEXT WHAT
el_has() { element "$1" "$2" | grep -qF -- "$3" && ok "$4" || fail "$4: element $2 lacks '$3'"; }

"$KGRAPH" diff -q "$GOLD/old" "$GOLD/new" -o "$T/g.svg" 2>"$T/err"
[ -s "$T/g.svg" ] || fail "golden pair: no svg: $(head -c 300 "$T/err")"
el_has "$T/g.svg" 'r&#45;russia&#45;&#45;opposes&#45;&#45;nato' '>opposes (negative → neutral)</text>' \
    "changed polarity in the edge label, with an arrow"
el_has "$T/g.svg" 'r&#45;xi&#45;&#45;meets&#45;&#45;putin' '>meets (1 citation changed)</text>' \
    "changed citation in the edge label"
el_has "$T/g.svg" 'r&#45;russia&#45;&#45;invades&#45;&#45;ukraine' '>invades</text>' "added edge: its verb"

"$KGRAPH" diff -q "$D/old" "$D/new" -o "$T/m.svg" 2>"$T/err"
[ -s "$T/m.svg" ] || fail "merge pair: no svg: $(head -c 300 "$T/err")"
n=$(grep -c '<g id="r&#45;a&#45;&#45;' "$T/m.svg")
[ "$n" -eq 1 ] && ok "four relations a -> b: one drawn edge" || fail "a -> b drawn as $n edges"
E='r&#45;a&#45;&#45;b'
el_has "$T/m.svg" "$E" 'class="edge relation rel&#45;funds rel&#45;meets rel&#45;opposes rel&#45;supports diff&#45;changed"' \
    "merged edge: a class per verb, status changed"
el_has "$T/m.svg" "$E" '>supports (+2 citations)</text>' "merged edge: +2 citations"
el_has "$T/m.svg" "$E" '>opposes (negative → neutral)</text>' "merged edge: polarity change"
el_has "$T/m.svg" "$E" '>funds (added)</text>' "merged edge: an added relation among others"
el_has "$T/m.svg" "$E" '>meets (removed)</text>' "merged edge: a removed one"
el_has "$T/m.svg" "$E" 'Alpha — meets → Beta (removed)' "merged edge: the tooltip lists each relation"
el_has "$T/m.svg" 'r&#45;c&#45;&#45;leads&#45;&#45;b' '>leads</text>' "a single removed relation keeps its own id"

# a relation that lost citations
mkdir -p "$T/less"
cp "$D/new/entities.csv" "$D/new/sources.csv" "$T/less/"
grep -v 'again' "$D/new/relations.csv" >"$T/less/relations.csv"
"$KGRAPH" diff -q -T dot "$D/new" "$T/less" -o "$T/less.dot" 2>"$T/err"
grep -qF 'supports (-2 citations)' "$T/less.dot" && ok "-2 citations" || fail "no '-2 citations' label"
head -3 "$D/new/relations.csv" | grep -v 'And again' >"$T/less/relations.csv"
"$KGRAPH" diff -q -T dot "$D/new" "$T/less" -o "$T/less.dot" 2>"$T/err"
grep -qF 'supports (-1 citation)' "$T/less.dot" && ok "-1 citation, singular" || fail "no '-1 citation' label"

"$KGRAPH" diff -q --each-relation "$D/old" "$D/new" -o "$T/e.svg" 2>"$T/err"
n=$(grep -c '<g id="r&#45;a&#45;&#45;' "$T/e.svg")
[ "$n" -eq 4 ] && ok "--each-relation: four edges" || fail "--each-relation: $n edges, expected 4"
el_has "$T/e.svg" 'r&#45;a&#45;&#45;supports&#45;&#45;b' '>supports (+2 citations)</text>' \
    "--each-relation: the edge's own label"

# no diff colour is a polarity colour (style.c)
for c in '#2e7d32' '#c62828' '#6a1b9a' '#616161'; do
    grep -qi "stroke=\"$c\"" "$T/m.svg" && fail "polarity colour $c in the diff diagram" ||
        ok "polarity colour $c not used by the diff"
done
exit $((failures > 0))
