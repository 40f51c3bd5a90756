#!/bin/bash
# readable_top.sh: big views: past 150 entities `kgraph render` says the view is too big
# to read and suggests --focus or --top; --top N keeps the N most connected entities
# (citation-weighted degree) and the relations among them; custom entity types get
# distinct styles in the legend. $1 = kgraph binary, $2 = source dir. Exit 0 when every
# check passed.
set -u
KGRAPH=${1:?usage: readable_top.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: readable_top.sh KGRAPH SOURCE_DIR}
DATA=$SRC/data

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-top-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# a star of 160 entities around a hub, with a heavy pair: b1 -> b2 cited three times
mkdir "$T/big"
{
    echo "id,label,type"
    echo "hub,Hub,planet"
    for i in $(seq 1 159); do echo "n$i,N $i,moon"; done
} >"$T/big/entities.csv"
{
    echo "source,relation,target,doc"
    for i in $(seq 1 159); do echo "hub,holds,n$i,d$i"; done
    echo "n1,pulls,n2,x1"
    echo "n1,pulls,n2,x2"
    echo "n1,pulls,n2,x3"
} >"$T/big/relations.csv"

"$KGRAPH" render "$T/big" -o "$T/big.svg" 2>"$T/err" || fail "160 entities: $(cat "$T/err")"
grep -q "note: 160 entities drawn: more than a page shows legibly (about 150); draw part of them with --focus ID or the most connected with --top N" "$T/err" &&
    ok "160 entities: a note suggests --focus or --top" || fail "160 entities: no note: $(cat "$T/err")"
"$KGRAPH" render "$T/big" -q -o "$T/q.svg" 2>"$T/err"
[ ! -s "$T/err" ] && ok "-q: no note" || fail "-q: $(cat "$T/err")"

"$KGRAPH" render "$T/big" --top 3 -o "$T/top.svg" 2>"$T/err" || fail "--top 3: $(cat "$T/err")"
grep -q "note: .* entities drawn" "$T/err" && fail "--top 3: the note is still given" || ok "--top 3: no note"
nodes=$(grep -o '<g id="e&#45;[^"]*"' "$T/top.svg" | sed 's/.*e&#45;//; s/"//' | sort | tr '\n' ' ')
[ "$nodes" = "hub n1 n2 " ] && ok "--top 3: the hub and the heavy pair" || fail "--top 3 drew: $nodes"
grep -q 'id="r&#45;n1&#45;&#45;pulls&#45;&#45;n2"' "$T/top.svg" && grep -q 'id="r&#45;hub&#45;&#45;holds&#45;&#45;n1"' "$T/top.svg" &&
    ok "--top 3: the relations among them" || fail "--top 3: relations missing"
[ "$(grep -c 'class="edge relation' "$T/top.svg")" -eq 3 ] && ok "--top 3: no other relation" ||
    fail "--top 3: $(grep -c 'class="edge relation' "$T/top.svg") edges"
# on data/: China and Russia are the most connected
"$KGRAPH" render "$DATA" -q --top 2 -T dot -o "$T/d.dot" 2>"$T/err" || fail "data --top 2: $(cat "$T/err")"
[ "$(grep -c 'id="e-' "$T/d.dot")" -eq 2 ] && grep -q 'id="e-china"' "$T/d.dot" && grep -q 'id="e-russia"' "$T/d.dot" &&
    ok "data --top 2: China and Russia" || fail "data --top 2: $(grep -o 'id="e-[^"]*"' "$T/d.dot" | tr '\n' ' ')"
# --top with a view: within the view
"$KGRAPH" render "$DATA" -q --focus xi_jinping --top 4 -T dot -o "$T/f.dot" 2>"$T/err" || fail "--focus --top: $(cat "$T/err")"
[ "$(grep -c 'id="e-' "$T/f.dot")" -eq 4 ] && ok "--focus xi_jinping --top 4: 4 entities" || fail "--focus --top 4: $(grep -c 'id="e-' "$T/f.dot")"
for bad in 0 -1 x; do
    "$KGRAPH" render "$DATA" --top "$bad" -o "$T/x.svg" 2>"$T/err"
    status=$?
    [ "$status" -eq 2 ] && grep -q "invalid --top" "$T/err" && [ ! -e "$T/x.svg" ] && ok "--top $bad: usage error" ||
        fail "--top $bad: exit $status: $(cat "$T/err")"
done

# custom types: each its own shape and fill, in the drawing and the legend
fill_of() { awk -v id="$2" 'index($0, "<g id=\"" id "\"") {on=1} on && /fill="#/ { match($0, /fill="#[^"]*"/); print substr($0, RSTART + 6, RLENGTH - 7); exit }' "$1"; }
planet=$(fill_of "$T/top.svg" "legend&#45;type&#45;planet")
moon=$(fill_of "$T/top.svg" "legend&#45;type&#45;moon")
[ -n "$planet" ] && [ -n "$moon" ] && [ "$planet" != "$moon" ] && [ "$planet" != "#ffffff" ] && [ "$moon" != "#ffffff" ] &&
    ok "custom types planet and moon: fills $planet and $moon" || fail "custom types: fills '$planet' and '$moon'"

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "all readable_top checks passed"
