#!/bin/bash
# layout.sh: the layout engine is chosen by the drawn graph's size everywhere (render,
# --cluster, report), oversized diagrams and rasters are refused with a message naming the
# way out, -K is honoured with a warning, long labels are cut for drawing, and Graphviz's
# own messages reach stderr only as "kgraph: warning: graphviz: ...".
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: layout.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: layout.sh KGRAPH SOURCE_DIR}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-layout-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# complete DIR N: N entities, every pair related (N*(N-1)/2 relations)
complete() {
    mkdir -p "$1"
    awk -v n="$2" 'BEGIN { print "id,label,type"; for (i = 0; i < n; i++) printf "e%d,Entity %d,person\n", i, i }' >"$1/entities.csv"
    awk -v n="$2" 'BEGIN { print "source,relation,target"; for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) printf "e%d,knows,e%d\n", i, j }' >"$1/relations.csv"
}
# chain DIR N [TYPES]: N entities in a path, of TYPES types (default 1)
chain() {
    mkdir -p "$1"
    awk -v n="$2" -v t="${3:-1}" 'BEGIN { print "id,label,type"; for (i = 0; i < n; i++) printf "e%d,E%d,t%d\n", i, i, i % t }' >"$1/entities.csv"
    awk -v n="$2" 'BEGIN { print "source,relation,target"; for (i = 1; i < n; i++) printf "e%d,next,e%d\n", i - 1, i }' >"$1/relations.csv"
}
# raw FILE: lines of FILE that do not come through kgraph's own prefix
raw() { grep -v '^kgraph: ' "$1"; }

# ---- the engine chosen by size --------------------------------------------------------
# 30 entities fully connected: 435 edges, past dot's 300: neato (dot took minutes).
complete "$T/k30" 30
"$KGRAPH" render "$T/k30" -q -o "$T/auto.svg" 2>"$T/err" &&
    "$KGRAPH" render "$T/k30" -q -K neato -o "$T/neato.svg" 2>>"$T/err"
if cmp -s "$T/auto.svg" "$T/neato.svg"; then ok "render: 30 fully connected entities are laid out with neato"
else fail "render: the default layout of K30 is not neato's: $(head -c 300 "$T/err")"; fi

# A report's focused diagrams follow the same rule: dot only within its limits.
"$KGRAPH" report "$T/k30" -q -o "$T/k30.md" 2>"$T/err"; status=$?
if [ "$status" -eq 0 ] && [ -s "$T/k30.md" ]; then
    ok "report: 30 fully connected entities, exit 0"
else fail "report of K30: exit $status: $(head -c 300 "$T/err")"; fi

# A small chain stays with dot; 200 entities in a chain go to neato.
chain "$T/c20" 20
"$KGRAPH" render "$T/c20" -q -o "$T/a.svg" && "$KGRAPH" render "$T/c20" -q -K dot -o "$T/b.svg"
cmp -s "$T/a.svg" "$T/b.svg" && ok "render: 20 entities in a chain: dot" || fail "render: a 20-chain is not laid out with dot"

# -K is honoured past the engine's limits, with a warning that says so.
chain "$T/c200" 200
"$KGRAPH" render "$T/c200" -K dot -o "$T/c.svg" 2>"$T/err"; status=$?
if [ "$status" -eq 0 ] && grep -qF 'kgraph: warning: -K dot on ' "$T/err" &&
    grep -qF 'may take minutes' "$T/err" && grep -q '</svg>' "$T/c.svg"; then
    ok "render -K dot past dot's limits: used, with a warning"
else fail "render -K dot on 200 nodes: exit $status: $(head -c 300 "$T/err")"; fi
"$KGRAPH" render "$T/c200" -o "$T/c.svg" 2>"$T/err"
grep -qF 'may take minutes' "$T/err" && fail "the engine kgraph chose came with a warning" ||
    ok "no warning for the engine kgraph chose"

# ---- refusals -------------------------------------------------------------------------
printf ORIGINAL >"$T/out.svg"
# expect_refusal WHAT MESSAGE...: the last run ($status, $T/err) exited 2 with every
# MESSAGE on stderr and left out.svg as it was.
expect_refusal() {
    local what=$1 m
    shift
    if [ "$status" -ne 2 ]; then fail "$what: exit $status, expected 2: $(head -c 300 "$T/err")"; return; fi
    for m in "$@"; do
        grep -qF -- "$m" "$T/err" || { fail "$what: no '$m' in: $(head -c 300 "$T/err")"; return; }
    done
    [ "$(cat "$T/out.svg")" = ORIGINAL ] || { fail "$what: out.svg was touched"; return; }
    ok "$what"
}
# Past sfdp's limit (20000 nodes): refused before any layout, naming --focus.
chain "$T/c20k" 20001
"$KGRAPH" render "$T/c20k" -q -o "$T/out.svg" 2>"$T/err"; status=$?
expect_refusal "render of 20001 entities: refused" "kgraph: a diagram of 200" "--focus" "-K sfdp"
# Clusters by type past fdp's limit: refused, naming --focus and --cluster.
chain "$T/c1k" 1100 12
"$KGRAPH" render "$T/c1k" -q --cluster type -o "$T/out.svg" 2>"$T/err"; status=$?
expect_refusal "render --cluster type of 1100 entities: refused" "in clusters is more than fdp" "--focus" "--cluster"
# The same in a report's overview.
"$KGRAPH" report "$T/c1k" -q --cluster type -o "$T/out.svg.md" 2>"$T/err"; status=$?
expect_refusal "report --cluster type of 1100 entities: refused" "in clusters is more than fdp"

# ---- the pixel budget -------------------------------------------------------------------
printf ORIGINAL >"$T/out.png"
"$KGRAPH" render "$SRC/data" -q -o "$T/out.png" --max-pixels 1000 2>"$T/err"; status=$?
if [ "$status" -eq 2 ] && grep -qF 'pixels, more than the raster limit of 1000 pixels' "$T/err" &&
    grep -qF -- '--max-pixels' "$T/err" && [ "$(cat "$T/out.png")" = ORIGINAL ]; then
    ok "png past --max-pixels: refused, out.png untouched"
else fail "png past --max-pixels: exit $status: $(head -c 300 "$T/err")"; fi
"$KGRAPH" render "$SRC/data" -q -o "$T/out.png" --max-pixels 0 2>"$T/err"; status=$?
[ "$status" -eq 2 ] && grep -qF "invalid --max-pixels '0'" "$T/err" && ok "--max-pixels 0: usage error" ||
    fail "--max-pixels 0: exit $status: $(head -c 300 "$T/err")"

# The bitmap bomb: a label of 1800 lines and one of 3600 characters (a 32767 x 20550
# image, 45 s and 2.65 GB before). Labels are cut for drawing; the full text stays in
# the tooltip.
mkdir "$T/bomb"
awk 'BEGIN { printf "id,label\na,\""; for (i = 0; i < 1800; i++) printf "l%d\n", i; printf "\"\nb,"; for (i = 0; i < 3600; i++) printf "w"; printf "\n" }' >"$T/bomb/entities.csv"
printf 'source,relation,target\na,knows,b\n' >"$T/bomb/relations.csv"
"$KGRAPH" render "$T/bomb" -q -o "$T/bomb.png" 2>"$T/err"; status=$?
size=$(od -An -tu1 -j16 -N8 "$T/bomb.png" 2>/dev/null | awk '{ printf "%d %d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
read -r w h <<<"${size:-0 0}"
if [ "$status" -eq 0 ] && [ "$w" -gt 0 ] && [ "$w" -le 4000 ] && [ "$h" -le 4000 ] && [ -z "$(raw "$T/err")" ]; then
    ok "the bitmap bomb: a ${w} x ${h} png, nothing raw on stderr"
else fail "the bitmap bomb: exit $status, ${w} x ${h}: $(head -c 300 "$T/err")"; fi
"$KGRAPH" render "$T/bomb" -q -o "$T/bomb.svg" 2>"$T/err"
if grep -qF 'l7…' "$T/bomb.svg" && ! grep -qF '>l8<' "$T/bomb.svg" && grep -qF 'l1799' "$T/bomb.svg" &&
    ! grep -qE '>w{121}' "$T/bomb.svg"; then
    ok "labels cut to 8 lines of 120 characters, the full text in the tooltip"
else fail "labels are not cut as documented"; fi

# ---- edge labels past 2500 edges ----------------------------------------------------------
complete "$T/k80" 80 # 3160 edges: sfdp, no edge labels; the DOT output keeps them
"$KGRAPH" render "$T/k80" -o "$T/k80.svg" 2>"$T/err"; status=$?
if [ "$status" -eq 0 ] && grep -qF 'kgraph: note: 3160 edges drawn: edges carry no labels past 2500' "$T/err" &&
    ! grep -q '>knows<' "$T/k80.svg" && grep -q 'Entity 0 — knows → Entity 1' "$T/k80.svg"; then
    ok "3160 edges: drawn without labels, the relation in each tooltip"
else fail "3160 edges: exit $status: $(head -c 300 "$T/err")"; fi
"$KGRAPH" render "$T/k80" -q -T dot -o "$T/k80.dot"
[ "$(grep -c 'label=knows' "$T/k80.dot")" -eq 3160 ] && ok "-T dot keeps every edge label" ||
    fail "-T dot lost edge labels"

# ---- the legend stops growing at 40 types ----------------------------------------------
chain "$T/t50" 50 50
"$KGRAPH" render "$T/t50" -q -o "$T/t50.svg" 2>"$T/err"
if [ "$(grep -c 'class="node legend' "$T/t50.svg")" -eq 43 ] && grep -qF '+10 more types' "$T/t50.svg"; then
    ok "legend of 50 types: 40 drawn, '+10 more types' (and the polarity's 2)"
else fail "legend of 50 types: $(grep -c 'class="node legend' "$T/t50.svg") legend nodes"; fi

# ---- Graphviz's messages through kgraph's --------------------------------------------------
printf '[node]\nstyle = striped\n' >"$T/striped.style"
for f in svg png; do
    "$KGRAPH" render "$SRC/data" --style "$T/striped.style" -o "$T/s.$f" 2>"$T/err"; status=$?
    if [ "$status" -eq 0 ] && grep -qF 'kgraph: warning: graphviz: gvrender_set_style: unsupported style striped' "$T/err" &&
        [ -z "$(raw "$T/err")" ]; then
        ok "$f: a Graphviz warning comes as 'kgraph: warning: graphviz: ...', nothing raw"
    else fail "$f: Graphviz's warning: exit $status: $(head -c 300 "$T/err")"; fi
done

[ "$failures" -eq 0 ] && echo "all layout checks passed" || echo "$failures failure(s)"
[ "$failures" -eq 0 ]
