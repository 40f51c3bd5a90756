#!/bin/bash
# report_budget.sh: a report's entity diagrams share a budget of drawn nodes and edges
# (--diagram-budget): in report order, each entity gets its diagram while it fits in what
# is left; the others keep their section with a note instead, and one warning says how
# many and which option raises the budget.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: report_budget.sh KGRAPH SOURCE_DIR}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-budget-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# section FILE ID: the HTML section of entity ID
section() { awk -v id="id=\"entity-$2\"" 'index($0, id) { on = 1 } on { print } on && /<\/section>/ { exit }' "$1"; }

# 8 entities, every pair related: each diagram 8 nodes + 28 edges = 36
mkdir -p "$T/k8"
awk 'BEGIN { print "id,label"; for (i = 0; i < 8; i++) printf "e%d,Entity %d\n", i, i }' >"$T/k8/entities.csv"
awk 'BEGIN { print "source,relation,target"; for (i = 0; i < 8; i++) for (j = i + 1; j < 8; j++) printf "e%d,knows,e%d\n", i, j }' >"$T/k8/relations.csv"

"$KGRAPH" report "$T/k8" -o "$T/full.html" 2>"$T/err"
st=$?
if [ $st -eq 0 ] && [ ! -s "$T/err" ] && ! grep -q 'no-diagram' "$T/full.html" &&
    [ "$(grep -c 'id="f-e[0-9]-graph&#45;focus"' "$T/full.html")" -eq 8 ]; then
    ok "default budget: all 8 diagrams, no warning"
else fail "default budget: exit $st, $(grep -c 'no-diagram' "$T/full.html") notes, stderr: $(head -c 300 "$T/err")"; fi

# 100: e0 and e1 fit (72), e2 would make 108
"$KGRAPH" report "$T/k8" --diagram-budget 100 -o "$T/b.html" 2>"$T/err"
st=$?
notes=$(grep -c 'class="meta no-diagram"' "$T/b.html")
if [ $st -eq 0 ] && [ "$notes" -eq 6 ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
    grep -qF 'kgraph: warning: 6 of 8 entity sections have no diagram: the focused diagrams'"'"' budget of 100 drawn nodes and edges was spent (raise it with --diagram-budget)' "$T/err"; then
    ok "budget 100: 6 sections without a diagram, one warning naming --diagram-budget"
else fail "budget 100: exit $st, $notes notes, stderr: $(head -c 400 "$T/err")"; fi
if section "$T/b.html" e1 | grep -q '<svg' && ! section "$T/b.html" e1 | grep -q 'no-diagram' &&
    section "$T/b.html" e2 | grep -q 'No diagram: it did not fit in what was left of the report.s budget of 100 drawn nodes and edges' &&
    ! section "$T/b.html" e2 | grep -q '<svg' && section "$T/b.html" e7 | grep -q 'knows'; then
    ok "budget 100: e0 and e1 drawn in report order; e2 on has a note and keeps its relations"
else fail "budget 100: wrong sections: $(section "$T/b.html" e2 | head -c 400)"; fi

# Markdown: only the drawn diagrams are files; the note is in the text
"$KGRAPH" report "$T/k8" --diagram-budget 100 -o "$T/b.md" 2>/dev/null
files=$(cd "$T/b_files" && ls | tr '\n' ' ')
if [ "$files" = "entity-e0.svg entity-e1.svg overview.svg " ] &&
    [ "$(grep -c '^\*No diagram: it did not fit' "$T/b.md")" -eq 6 ]; then
    ok "markdown: entity-e0.svg and entity-e1.svg only, 6 notes"
else fail "markdown: files '$files', $(grep -c 'No diagram' "$T/b.md") notes"; fi

# 0: no entity diagram at all, the overview stays
"$KGRAPH" report "$T/k8" --diagram-budget 0 -o "$T/z.html" 2>"$T/err"
if [ "$(grep -c 'class="meta no-diagram"' "$T/z.html")" -eq 8 ] && grep -q 'id="ov-graph&#45;overview"' "$T/z.html" &&
    grep -q '8 of 8 entity sections have no diagram' "$T/err"; then
    ok "budget 0: no entity diagram, the overview kept"
else fail "budget 0: $(grep -c 'no-diagram' "$T/z.html") notes, stderr: $(head -c 300 "$T/err")"; fi

# A diagram that does not fit does not stop the next ones: a hub of 10 leaves (21) comes
# first; with 20, the hub's is left out and the leaves' (3 each) fit until 18.
mkdir -p "$T/star"
awk 'BEGIN { print "id,label"; for (i = 0; i <= 10; i++) printf "e%d,Entity %d\n", i, i }' >"$T/star/entities.csv"
awk 'BEGIN { print "source,relation,target"; for (i = 1; i <= 10; i++) printf "e0,has,e%d\n", i }' >"$T/star/relations.csv"
"$KGRAPH" report "$T/star" --diagram-budget 20 -o "$T/s.html" 2>"$T/err"
if section "$T/s.html" e0 | grep -q 'no-diagram' && section "$T/s.html" e6 | grep -q '<svg' &&
    section "$T/s.html" e7 | grep -q 'no-diagram' && grep -q '5 of 11 entity sections' "$T/err"; then
    ok "a diagram past what is left is skipped, the smaller ones after it still drawn"
else fail "star, budget 20: stderr: $(head -c 300 "$T/err")"; fi

# usage errors
for bad in x -1 12Q ''; do
    "$KGRAPH" report "$T/k8" --diagram-budget "$bad" -o "$T/u.html" 2>"$T/err"
    st=$?
    if [ $st -eq 2 ] && grep -q "invalid --diagram-budget" "$T/err" && [ ! -e "$T/u.html" ]; then
        ok "--diagram-budget '$bad' is a usage error"
    else fail "--diagram-budget '$bad': exit $st, $(head -c 200 "$T/err")"; fi
done
"$KGRAPH" report "$T/k8" --diagram-budget 1K -o "$T/k.html" 2>"$T/err"
if [ $? -eq 0 ] && ! grep -q 'no-diagram' "$T/k.html"; then ok "--diagram-budget 1K (1024) draws all 8"
else fail "--diagram-budget 1K: $(head -c 200 "$T/err")"; fi

[ "$failures" -eq 0 ] || exit 1
