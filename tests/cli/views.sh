#!/bin/bash
# views.sh: the view options shared by render, report and diff, end to end on the bundled
# dataset: each option narrows what is drawn as documented, unknown names are errors naming
# them (exit 2, output untouched), and diff applies a view to both versions.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: views.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: views.sh KGRAPH SOURCE_DIR}
DATA=$SRC/data
GOLD=$SRC/tests/golden/diff

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-views-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# nodes FILE: the entity nodes drawn; edges FILE: the relation edges drawn
nodes() { grep -c 'class="node entity' "$1"; }
edges() { grep -c 'class="edge relation' "$1"; }

# render_view WHAT EXPECTED_NODES EXPECTED_EDGES ARGS...
render_view() {
    local what=$1 en=$2 ee=$3
    shift 3
    if ! "$KGRAPH" render "$DATA" -q -K dot --each-relation "$@" -o "$T/v.svg" 2>"$T/err"; then
        fail "$what: exit $?: $(cat "$T/err")"
        return
    fi
    local n e
    n=$(nodes "$T/v.svg")
    e=$(edges "$T/v.svg")
    if [ "$n" = "$en" ] && [ "$e" = "$ee" ]; then
        ok "$what: $n entities, $e relations"
    else
        fail "$what: $n entities and $e relations drawn, expected $en and $ee"
    fi
}

# Expected counts, computed from the CSV files independently of kgraph (python3's csv).
counts() { # counts PYTHON-FILTER-EXPRESSION over relation rows r (dicts) -> "entities relations"
    python3 - "$DATA" "$1" <<'PY'
import csv, sys
data, cond = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(data + "/relations.csv", encoding="utf-8")))
rels = {}
for r in rows:
    rels.setdefault((r["source"], r["relation"], r["target"]), []).append(r)
def polarity(cits):
    ps = {c["polarity"] or "neutral" for c in cits}
    return ps.pop() if len(ps) == 1 else "mixed"
kept = [k for k, cits in rels.items() if eval(cond, {"k": k, "cits": cits, "pol": polarity(cits)})]
ents = {e for k in kept for e in (k[0], k[2])}
print(len(ents), len(kept))
PY
}
check_filter() { # check_filter WHAT PYTHON-COND ARGS...
    local what=$1 cond=$2
    shift 2
    read -r en ee < <(counts "$cond")
    if [ "$ee" -eq 0 ]; then
        fail "$what: the expected selection is empty (bad test)"
        return
    fi
    render_view "$what" "$en" "$ee" "$@"
}

check_filter "--relation meets" 'k[1] == "meets"' --relation meets
check_filter "--relation A,B" 'k[1] in ("meets", "condemns")' --relation meets,condemns
check_filter "--relation A --relation B" 'k[1] in ("meets", "condemns")' --relation meets --relation condemns
check_filter "--polarity negative" 'pol == "negative"' --polarity negative
check_filter "--polarity positive,neutral" 'pol in ("positive", "neutral")' --polarity positive,neutral
check_filter "--doc" 'any(c["doc"] == "npr_2022_china_russia_alignment" for c in cits)' \
    --doc npr_2022_china_russia_alignment
check_filter "--since 2022-03" 'any(c["date"] and c["date"][:7] >= "2022-03" or c["date"] == "2022" for c in cits)' \
    --since 2022-03
check_filter "--until 2021 (partial dates overlap)" 'any(c["date"] and c["date"][:4] <= "2021" for c in cits)' \
    --until 2021
check_filter "--min-sources 2" 'len({c["doc"] for c in cits if c["doc"]}) >= 2' --min-sources 2

# --type: entities of the type (and the relations among them), relations closed over them
read -r np < <(python3 -c "import csv,sys; print(sum(1 for e in csv.DictReader(open('$DATA/entities.csv')) if e['type']=='person'))")
"$KGRAPH" render "$DATA" -q --type person -o "$T/t.svg" 2>"$T/err"
n=$(nodes "$T/t.svg")
[ "$n" = "$np" ] && ok "--type person draws the $np people" || fail "--type person: $n nodes, expected $np"
grep -q 'type&#45;country' "$T/t.svg" && fail "--type person drew a country" || ok "--type person draws no country"

# --cluster type: one cluster per type drawn
"$KGRAPH" render "$DATA" -q --cluster type -o "$T/c.svg" 2>"$T/err" || fail "--cluster type: $(cat "$T/err")"
nc=$(grep -c 'id="cluster&#45;type&#45;' "$T/c.svg")
nt=$(python3 -c "import csv; print(len({e['type'] for e in csv.DictReader(open('$DATA/entities.csv')) if e['type']}))")
[ "$nc" = "$nt" ] && ok "--cluster type: $nc clusters, one per type" || fail "--cluster type: $nc clusters, expected $nt"

# focus composes with filters: hops follow only the relations kept
render_view "--focus with --relation" 2 1 --focus wang_yi --relation meets

# ---- errors: exit 2, the message names the culprit, nothing written ------------------------
echo "keep" >"$T/out.svg"
expect_error() { # expect_error WHAT PATTERN COMMAND-ARGS...
    local what=$1 pattern=$2
    shift 2
    "$@" >"$T/stdout" 2>"$T/err"
    local status=$?
    if [ $status -ne 2 ]; then
        fail "$what: exit $status, expected 2"
    elif ! grep -q -- "$pattern" "$T/err"; then
        fail "$what: stderr lacks '$pattern': $(head -c 300 "$T/err")"
    elif [ "$(cat "$T/out.svg")" != keep ]; then
        fail "$what: the output file was touched"
    else
        ok "$what"
    fi
}
expect_error "unknown type" "^kgraph: unknown entity type 'planet'; did you mean 'place'?$" \
    "$KGRAPH" render "$DATA" --type planet -o "$T/out.svg"
expect_error "unknown relation" "unknown relation 'loves'" \
    "$KGRAPH" render "$DATA" --relation meets,loves -o "$T/out.svg"
expect_error "unknown doc" "unknown doc 'nosuchdoc'" "$KGRAPH" render "$DATA" --doc nosuchdoc -o "$T/out.svg"
expect_error "unknown focus id" "unknown entity id 'nobody'" \
    "$KGRAPH" render "$DATA" --focus nobody -o "$T/out.svg"
expect_error "bad polarity" "unknown polarity 'happy'" \
    "$KGRAPH" render "$DATA" --polarity positive,happy -o "$T/out.svg"
expect_error "bad date" "invalid --since '2022/03'" "$KGRAPH" render "$DATA" --since 2022/03 -o "$T/out.svg"
expect_error "impossible date" "invalid date '2022-02-30'" \
    "$KGRAPH" render "$DATA" --until 2022-02-30 -o "$T/out.svg"
expect_error "bad min-sources" "invalid --min-sources 'two'" \
    "$KGRAPH" render "$DATA" --min-sources two -o "$T/out.svg"
expect_error "bad cluster" "invalid --cluster 'doc'" "$KGRAPH" render "$DATA" --cluster doc -o "$T/out.svg"
expect_error "depth without focus" "--depth needs --focus" "$KGRAPH" render "$DATA" --depth 2 -o "$T/out.svg"
expect_error "report: unknown type" "^kgraph: unknown entity type 'planet'; did you mean 'place'?$" \
    "$KGRAPH" report "$DATA" --type planet -T html -o "$T/out.svg"
expect_error "cluster with dot" "cannot be laid out with dot" \
    "$KGRAPH" render "$DATA" --cluster type -K dot -o "$T/out.svg"
expect_error "diff: a type in neither version" "^kgraph: unknown entity type 'planet'" \
    "$KGRAPH" diff "$GOLD/old" "$GOLD/new" --type planet -o "$T/out.svg"

# ---- diff: the view applies to both versions ------------------------------------------------
"$KGRAPH" diff "$GOLD/old" "$GOLD/new" --focus ukraine >"$T/d.txt" 2>"$T/err"
status=$?
if [ $status -eq 1 ] && grep -q '^+ relation russia -\[invades\]-> ukraine' "$T/d.txt" &&
    ! grep -q 'xi -\[meets\]-> putin' "$T/d.txt" && ! grep -q 'entity nato' "$T/d.txt"; then
    ok "diff --focus ukraine (an entity of the new version only) keeps what changed around it"
else
    fail "diff --focus ukraine: exit $status: $(cat "$T/d.txt" "$T/err")"
fi
# qin exists only in the old version: its removal is within a view of type person
"$KGRAPH" diff "$GOLD/old" "$GOLD/new" --type person >"$T/d.txt" 2>"$T/err"
if grep -q '^- entity qin' "$T/d.txt" && grep -q 'xi -\[meets\]-> putin' "$T/d.txt" &&
    ! grep -q 'entity nato' "$T/d.txt" && ! grep -q 'china -\[partners_with\]' "$T/d.txt"; then
    ok "diff --type person: people on either side, relations among them"
else
    fail "diff --type person: $(cat "$T/d.txt" "$T/err")"
fi
"$KGRAPH" diff "$GOLD/old" "$GOLD/new" --relation meets -T json >"$T/d.json" 2>"$T/err"
if python3 -c "import json,sys; d=json.load(open('$T/d.json')); rs=d['relations']; sys.exit(0 if rs and all(r['relation']=='meets' for r in rs) else 1)"; then
    ok "diff --relation meets -T json: only meets relations"
else
    fail "diff --relation meets -T json: $(head -c 400 "$T/d.json")"
fi
"$KGRAPH" diff "$GOLD/old" "$GOLD/new" --type person -o "$T/d.svg" 2>"$T/err"
if grep -q 'id="e&#45;qin"' "$T/d.svg" && ! grep -q 'id="e&#45;nato"' "$T/d.svg"; then
    ok "diff diagram with --type person draws people only"
else
    fail "diff diagram with --type person: $(cat "$T/err")"
fi
"$KGRAPH" diff "$GOLD/old" "$GOLD/new" --relation nosuch >/dev/null 2>&1
[ $? -eq 2 ] && ok "diff: an unknown relation is an error" || fail "diff: unknown relation accepted"
"$KGRAPH" diff "$GOLD/old/entities.csv" "$GOLD/new/entities.csv" --type person >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "whole datasets" "$T/err" && ok "diff: views need whole datasets" ||
    fail "diff views on one file: $(cat "$T/err")"
"$KGRAPH" help diff | grep -q -- "--min-sources N" && ok "kgraph help diff documents the views" ||
    fail "kgraph help diff lacks the view options"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
