#!/bin/bash
# render_graphs.sh: scripts/render-graphs keeps a layout file beside each diagram and
# reuses it (issue 19): after one relation is added to a copy of data/, the re-rendered
# overview moves no existing entity, and re-rendering unchanged data gives the same bytes;
# the month slice series and its page are written too.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed, 77 without python3.
set -u
KGRAPH=${1:?usage: render_graphs.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: render_graphs.sh KGRAPH SOURCE_DIR}
command -v python3 >/dev/null || { echo "skip: python3 is needed to change the data"; exit 77; }

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-render-graphs-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
cp -r "$SRC/data" "$T/data"
KG=$(cd "$(dirname "$KGRAPH")" && pwd)/$(basename "$KGRAPH")

"$SRC/scripts/render-graphs" "$KG" "$T/out" "$T/data" 2>"$T/err" || fail "first run: $(cat "$T/err")"
for f in overview focus-xi_jinping focus-taiwan report slices; do
    [ -s "$T/out/$f.layout.json" ] || fail "no $f.layout.json beside the diagram"
done
ls "$T/out"/slices/slice-2021-11.svg "$T/out"/slices/slice-2022-04.svg "$T/out/slices/index.html" >/dev/null 2>&1 &&
    ok "the month slices from 2021-11 to 2022-04 and their page" || fail "no slice series: $(ls "$T/out/slices" 2>&1)"
# A reused layout settles within two reuses: the first may widen the saved frame to the
# routed edges' box (seen with Graphviz 14 on focus-xi_jinping); from then on the layout
# files, and so the drawings, stay the same bytes.
"$SRC/scripts/render-graphs" "$KG" "$T/out" "$T/data" 2>"$T/err" || fail "second run: $(cat "$T/err")"
"$SRC/scripts/render-graphs" "$KG" "$T/out" "$T/data" 2>"$T/err" || fail "third run: $(cat "$T/err")"
cp "$T/out/overview.svg" "$T/before.svg"
cp "$T/out/focus-xi_jinping.svg" "$T/focus-before.svg"
"$SRC/scripts/render-graphs" "$KG" "$T/out" "$T/data" 2>"$T/err" || fail "fourth run: $(cat "$T/err")"
cmp -s "$T/before.svg" "$T/out/overview.svg" && cmp -s "$T/focus-before.svg" "$T/out/focus-xi_jinping.svg" &&
    ok "unchanged data, reused layouts: the same bytes" || fail "re-rendering unchanged data changed the SVGs"

python3 "$SRC/tests/layout/change_data.py" "$T/data" --one-relation || fail "cannot add a relation"
"$SRC/scripts/render-graphs" "$KG" "$T/out" "$T/data" 2>"$T/err" || fail "run after the change: $(cat "$T/err")"
r=$(python3 "$SRC/tests/layout/svgshift.py" "$T/before.svg" "$T/out/overview.svg" --max-one 0.001) &&
    ok "one relation added: no existing entity of the overview moved ($r)" || fail "the overview moved: $r"
cmp -s "$T/before.svg" "$T/out/overview.svg" && fail "the overview did not change at all (no new edge?)" ||
    ok "the overview changed (the new edge)"

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
exit 0
