#!/bin/bash
# vocab_symmetric.sh: a symmetric verb of vocabulary.csv: its rows in both directions are a
# warning (an error with check --strict) and ONE relation, stored in id order, in check's
# count, stats, conflicts, every export and the diagram, which draws it without arrowheads
# (dir=none); rows only in the other direction are silently that same relation; a
# directional verb is left alone; diff's two methods agree on such a dataset, its diagram
# and the report show the relation once and two-way, and a version in git is read with
# its vocabulary.csv.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: vocab_symmetric.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: vocab_symmetric.sh KGRAPH SOURCE_DIR}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-vocab-sym-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
FIX="$SRC/tests/data/vocab"

# The fixture has 'putin,meets,xi' (line 2); the copy adds 'xi,meets,putin' from another
# text: the joint meeting stored both ways.
mkdir "$T/d"
cp "$FIX"/*.csv "$T/d/"
echo 'xi,meets,putin,neutral,d2,Xi met Putin' >>"$T/d/relations.csv"
line=$(wc -l <"$T/d/relations.csv")

# ---- check: a warning, one relation; --strict: exit 2 --------------------------------------------

"$KGRAPH" check "$T/d" >"$T/out" 2>"$T/err"
status=$?
if [ $status -ne 0 ]; then
    fail "both ways: check exit $status, expected 0: $(cat "$T/err")"
elif ! grep -q "^kgraph: $T/d/relations.csv:$line: warning: relation 'meets' is symmetric .* stored in both directions: 'xi' -> 'putin' here, 'putin' -> 'xi' at line 2" "$T/err"; then
    fail "both ways: warning: $(cat "$T/err")"
elif ! grep -q ': 5 entities, 7 relations (8 citations), 2 sources$' "$T/out"; then
    fail "both ways: not one relation: $(cat "$T/out")"
else
    ok "both ways: a warning at the second direction's row naming the first; 7 relations, 8 citations"
fi
"$KGRAPH" check "$T/d" --strict >/dev/null 2>"$T/err"
status=$?
[ $status -eq 2 ] && grep -q "warning: relation 'meets' is symmetric" "$T/err" &&
    ok "both ways: check --strict exits 2" || fail "both ways: --strict exit $status"

# ---- stats: one relation --------------------------------------------------------------------------

"$KGRAPH" stats "$T/d" -q >"$T/stats" 2>/dev/null
grep -q '^relations: 7 (8 citations' "$T/stats" && grep -q '^ *1  meets$' "$T/stats" &&
    ok "stats: 7 relations, one 'meets'" || fail "stats: $(head -12 "$T/stats")"

# ---- exports: one relation with two citations, ends in id order -------------------------------------

"$KGRAPH" export "$T/d" -q -T json -o "$T/e.json"
n=$(grep -c '"relation": "meets"' "$T/e.json")
r=$(grep '"relation": "meets"' "$T/e.json" | grep -c '"source": "putin", "relation": "meets", "target": "xi".*"kgraph_relation": 0, "kgraph_citations": 2')
[ "$n" = 2 ] && [ "$r" = 2 ] && ok "json: both rows are links putin -> xi of relation 0 (2 citations)" ||
    fail "json: $(grep meets "$T/e.json")"
"$KGRAPH" export "$T/d" -q -T graphml -o "$T/e.graphml"
[ "$(grep -c '<edge id="c[0-9]*" source="putin" target="xi">' "$T/e.graphml")" = 2 ] &&
    [ "$(grep -c 'source="xi" target="putin"' "$T/e.graphml")" = 0 ] &&
    ok "graphml: both citations are edges putin -> xi" || fail "graphml: $(grep '<edge' "$T/e.graphml")"
"$KGRAPH" export "$T/d" -q -T neo4j -o "$T/neo"
[ "$(grep -c '^"\?putin"\?,"\?xi"\?,"\?meets' "$T/neo/relationships.csv")" = 2 ] &&
    ok "neo4j: both citations putin -> xi" || fail "neo4j: $(grep meets "$T/neo/relationships.csv")"

# ---- the diagram: one edge, no arrowhead -------------------------------------------------------------

"$KGRAPH" render "$T/d" -q -T dot -o "$T/g.dot"
edges=$(grep -c 'rel-meets' "$T/g.dot")
if [ "$edges" != 1 ]; then
    fail "diagram: $edges 'meets' edges, expected 1"
elif ! grep 'rel-meets' "$T/g.dot" | grep -q 'dir=none'; then
    fail "diagram: the symmetric edge has arrowheads: $(grep rel-meets "$T/g.dot")"
elif grep 'rel-leads' "$T/g.dot" | grep -q 'dir=none'; then
    fail "diagram: a directional edge lost its arrowhead"
elif ! grep 'rel-meets' "$T/g.dot" | grep -q 'id="r-putin--meets--xi"'; then
    fail "diagram: the edge is not putin -> xi"
else
    ok "diagram: one 'meets' edge putin -> xi with dir=none, directional edges keep theirs"
fi
"$KGRAPH" render "$T/d" -q -T svg -o "$T/g.svg" &&
    ok "diagram: renders to SVG" || fail "diagram: SVG render failed"

# ---- only the other direction: no warning, the same relation in id order -----------------------------

mkdir "$T/r"
cp "$FIX"/*.csv "$T/r/"
sed -i 's/^putin,meets,xi,/xi,meets,putin,/' "$T/r/relations.csv"
"$KGRAPH" check "$T/r" --strict >/dev/null 2>"$T/err" &&
    ok "one direction, reversed: no warning (check --strict passes)" ||
    fail "one direction, reversed: $(cat "$T/err")"
"$KGRAPH" export "$T/r" -q -T json -o "$T/r.json"
grep -q '"source": "putin", "relation": "meets", "target": "xi"' "$T/r.json" &&
    ok "one direction, reversed: stored putin -> xi (id order)" ||
    fail "one direction, reversed: $(grep meets "$T/r.json")"
"$KGRAPH" diff "$FIX" "$T/r" >"$T/diff" 2>"$T/err"
status=$?
[ $status -eq 0 ] && ok "diff: the same relation written the other way round is no change" ||
    fail "diff: exit $status: $(cat "$T/diff" "$T/err")"

# ---- a directional verb is not merged ------------------------------------------------------------------

echo 'china,leads,xi,neutral,d2,x' >>"$T/r/relations.csv"
"$KGRAPH" check "$T/r" >"$T/out" 2>"$T/err"
grep -q ', 8 relations (8 citations)' "$T/out" && ! grep -q 'both directions' "$T/err" &&
    ok "directional verb: both directions stay two relations" ||
    fail "directional verb: $(cat "$T/out" "$T/err")"

# ---- conflicts and diff see one relation; both diff methods agree ---------------------------------------

mkdir "$T/c"
cp "$FIX"/*.csv "$T/c/"
sed -i 's/^putin,meets,xi,neutral,/putin,meets,xi,positive,/' "$T/c/relations.csv"
echo 'xi,meets,putin,negative,d2,Xi snubbed Putin' >>"$T/c/relations.csv"
"$KGRAPH" conflicts "$T/c" -q -T csv >"$T/c.csv"
[ "$(grep -c ',putin,meets,xi,' "$T/c.csv")" = 2 ] && ! grep -q ',xi,meets,putin,' "$T/c.csv" &&
    ok "conflicts: the disagreeing citations of both directions are on one relation putin -> xi" ||
    fail "conflicts: $(cat "$T/c.csv")"
echo 'xi,meets,putin,negative,d2,Xi snubbed Putin' >>"$T/d/relations.csv"
"$KGRAPH" diff "$FIX" "$T/d" -q --method scan -T json >"$T/scan.json" 2>/dev/null
s1=$?
"$KGRAPH" diff "$FIX" "$T/d" -q --method model -T json >"$T/model.json" 2>/dev/null
s2=$?
if [ $s1 -ne 1 ] || [ $s2 -ne 1 ]; then
    fail "diff: exits $s1 and $s2, expected 1"
elif ! cmp -s "$T/scan.json" "$T/model.json"; then
    fail "diff: scan and model differ: $(diff "$T/scan.json" "$T/model.json" | head -5)"
elif grep -q '"source": "xi"' "$T/model.json"; then
    fail "diff: a relation xi -> putin appears: $(cat "$T/model.json")"
else
    ok "diff: scan and model give the same result; the added citations are on putin -> xi"
fi

# the diff diagram draws it as render does: one edge, no arrowhead
"$KGRAPH" diff "$FIX" "$T/d" -q -T dot -o "$T/diff.dot" 2>"$T/err"
status=$?
if [ $status -ne 1 ]; then
    fail "diff diagram: exit $status: $(cat "$T/err")"
elif [ "$(grep -c 'rel-meets' "$T/diff.dot")" != 1 ] || ! grep 'rel-meets' "$T/diff.dot" | grep -q 'dir=none'; then
    fail "diff diagram: $(grep 'rel-meets' "$T/diff.dot")"
elif grep 'rel-leads' "$T/diff.dot" | grep -q 'dir=none'; then
    fail "diff diagram: a directional edge lost its arrowhead"
else
    ok "diff diagram: one changed 'meets' edge without arrowhead"
fi

# the report names it with a two-way arrow
"$KGRAPH" report "$T/d" -q -o "$T/r.md" 2>"$T/err"
grep -q 'meets ↔ ' "$T/r.md" && ! grep -q 'meets → ' "$T/r.md" && grep -q 'leads → ' "$T/r.md" &&
    ok "report: 'meets ↔', 'leads →'" || fail "report: $(grep -m3 'meets\|leads' "$T/r.md") $(cat "$T/err")"

# ---- a version in git is read with its vocabulary.csv --------------------------------------------------

if command -v git >/dev/null 2>&1; then
    mkdir "$T/repo"
    cp -r "$T/d" "$T/repo/d"
    (cd "$T/repo" && git init -q && git add d && git -c user.name=t -c user.email=t@t commit -qm d) >/dev/null 2>&1
    (cd "$T/repo" && "$KGRAPH" diff HEAD:d d -q) >"$T/git.txt" 2>"$T/err"
    status=$?
    [ $status -eq 0 ] && ok "diff HEAD:d d: the git version has its vocabulary (no difference)" ||
        fail "diff HEAD:d d: exit $status: $(cat "$T/git.txt" "$T/err" | head -5)"
else
    echo "SKIP: git is not installed: the REV:PATH part"
fi

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
exit 0
