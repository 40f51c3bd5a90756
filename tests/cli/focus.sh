#!/bin/bash
# focus.sh: `kgraph render --focus/--depth` on the bundled dataset: what is drawn, the
# default title, and usage errors (exit 2, a message naming the culprit, output untouched).
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: focus.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: focus.sh KGRAPH SOURCE_DIR}
DATA=$SRC/data

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-focus-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# has FILE ID WHAT / lacks FILE ID WHAT: the SVG does / does not draw node e-ID
has() { grep -q "id=\"e&#45;$2\"" "$1" && ok "$3" || fail "$3: no node e-$2"; }
lacks() { grep -q "id=\"e&#45;$2\"" "$1" && fail "$3: node e-$2 drawn" || ok "$3"; }

# expect_usage STATUS ERRFILE WHAT PATTERN: exit 2, PATTERN and the hint on stderr
expect_usage() {
    local status=$1 err=$2 what=$3 pattern=$4
    if [ "$status" -ne 2 ]; then
        fail "$what: exit status $status, expected 2"
    elif ! grep -q -- "$pattern" "$err"; then
        fail "$what: stderr does not match '$pattern': $(head -c 300 "$err")"
    elif ! grep -q "^Try 'kgraph help render'" "$err"; then
        fail "$what: no usage hint on stderr"
    else
        ok "$what"
    fi
}

# ---- depth 1 (the default): Xi Jinping and his direct neighbours --------------------------

"$KGRAPH" render "$DATA" -q --focus xi_jinping -T svg >"$T/xi.svg" 2>"$T/err"
status=$?
if [ $status -ne 0 ]; then
    fail "render --focus xi_jinping: exit $status: $(cat "$T/err")"
else
    has "$T/xi.svg" xi_jinping "focus xi_jinping: the focus is drawn"
    has "$T/xi.svg" vladimir_putin "focus xi_jinping: a neighbour (Putin) is drawn"
    has "$T/xi.svg" yoichi_funabashi "focus xi_jinping: a neighbour citing him is drawn"
    lacks "$T/xi.svg" taiwan "focus xi_jinping: Taiwan (2 hops away) is left out"
    lacks "$T/xi.svg" david_tubbs "focus xi_jinping: David Tubbs (3 hops away) is left out"
    # a relation between two neighbours is drawn: China -> Russia
    grep -q 'id="r&#45;china&#45;&#45;russia" class="edge relation merged[^"]* rel&#45;partners_with ' "$T/xi.svg" &&
        ok "focus xi_jinping: relations between neighbours are drawn" ||
        fail "focus xi_jinping: relation china--partners_with--russia missing"
    grep -q 'data: focus on Xi Jinping (depth 1)' "$T/xi.svg" &&
        ok "focus xi_jinping: default title" ||
        fail "focus xi_jinping: default title 'data: focus on Xi Jinping (depth 1)' missing"
fi

# ---- depth 0, depth 2, several ids -------------------------------------------------------------

"$KGRAPH" render "$DATA" -q --focus xi_jinping --depth 0 -T svg >"$T/d0.svg" 2>"$T/err"
if [ $? -ne 0 ]; then
    fail "render --depth 0: $(cat "$T/err")"
else
    has "$T/d0.svg" xi_jinping "depth 0: the focus is drawn"
    lacks "$T/d0.svg" vladimir_putin "depth 0: neighbours are left out"
    grep -q 'id="r&#45;' "$T/d0.svg" && fail "depth 0: a relation is drawn" || ok "depth 0: no relation"
fi

"$KGRAPH" render "$DATA" -q --focus xi_jinping --depth=2 -T svg >"$T/d2.svg" 2>"$T/err"
if [ $? -ne 0 ]; then
    fail "render --depth 2: $(cat "$T/err")"
else
    has "$T/d2.svg" taiwan "depth 2: Taiwan (2 hops away) is drawn"
    lacks "$T/d2.svg" david_tubbs "depth 2: David Tubbs (3 hops away) is left out"
fi

"$KGRAPH" render "$DATA" -q --focus aukus,taiwan --focus aukus -T svg >"$T/two.svg" 2>"$T/err"
if [ $? -ne 0 ]; then
    fail "render --focus aukus,taiwan: $(cat "$T/err")"
else
    has "$T/two.svg" aukus "several ids: the first is drawn"
    has "$T/two.svg" taiwan "several ids: the second is drawn"
    lacks "$T/two.svg" xi_jinping "several ids: an entity 2 hops away is left out"
    grep -q 'data: focus on AUKUS, Taiwan (depth 1)' "$T/two.svg" &&
        ok "several ids: default title lists each label once" ||
        fail "several ids: default title 'data: focus on AUKUS, Taiwan (depth 1)' missing"
fi

# ---- errors: exit 2, a message, the output file untouched -----------------------------------

printf ORIGINAL >"$T/out.svg"
untouched() { [ "$(cat "$T/out.svg")" = ORIGINAL ] || fail "$1: output file modified"; }

"$KGRAPH" render "$DATA" --focus xi_jinping,no_such_entity -o "$T/out.svg" 2>"$T/err"
expect_usage $? "$T/err" "unknown focus id" "unknown entity id 'no_such_entity'"
untouched "unknown focus id"

"$KGRAPH" render "$DATA" --focus xi_jinping --depth abc -o "$T/out.svg" 2>"$T/err"
expect_usage $? "$T/err" "--depth abc" "invalid depth 'abc'"
untouched "--depth abc"

for bad in -1 "" 1x; do
    "$KGRAPH" render "$DATA" --focus xi_jinping --depth="$bad" -o "$T/out.svg" 2>"$T/err"
    expect_usage $? "$T/err" "--depth '$bad'" "invalid depth"
done
untouched "bad depths"

for bad in "" "a,,b" ",xi_jinping" "xi_jinping,"; do
    "$KGRAPH" render "$DATA" --focus="$bad" -o "$T/out.svg" 2>"$T/err"
    expect_usage $? "$T/err" "--focus '$bad'" "invalid --focus"
done
untouched "bad --focus lists"

"$KGRAPH" render "$DATA" --depth 2 -o "$T/out.svg" 2>"$T/err"
expect_usage $? "$T/err" "--depth without --focus" "needs --focus"
untouched "--depth without --focus"

if [ "$failures" -ne 0 ]; then
    echo "focus: $failures check(s) failed"
    exit 1
fi
echo "focus: all checks passed"
exit 0
