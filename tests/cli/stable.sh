#!/bin/bash
# stable.sh: layouts that hold still (issue 19): --save-layout writes a versioned layout
# file, --layout-from keeps every saved entity where it was when data/ changes (three
# citations fewer, two new entities with one relation each, one polarity flipped; shifts
# measured from the SVGs, with and without the file), new entities land near their
# neighbours without overlaps, gone ones vanish, any engine's layout can be reused, and a
# foreign, newer or corrupted layout file is a clear error (exit 2, output untouched).
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed, 77 without python3.
set -u
KGRAPH=${1:?usage: stable.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: stable.sh KGRAPH SOURCE_DIR}
command -v python3 >/dev/null || { echo "skip: python3 is needed to measure the SVGs"; exit 77; }

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-stable-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
SHIFT="python3 $SRC/tests/layout/svgshift.py"

cp -r "$SRC/data" "$T/v1"
cp -r "$SRC/data" "$T/v2"
python3 "$SRC/tests/layout/change_data.py" "$T/v2" || { echo "FAIL: cannot change the copy"; exit 1; }

# ---- save, then reuse on the changed data -----------------------------------------------
"$KGRAPH" render "$T/v1" -q -o "$T/v1.svg" --save-layout "$T/v1.json" 2>"$T/err" ||
    fail "render --save-layout: $(cat "$T/err")"
nents=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1]))) - 1)' "$T/v1/entities.csv")
if python3 - "$T/v1.json" "$nents" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "kgraph-layout" and d["version"] == 1, d.get("format")
assert d["dataset"]["name"] == "v1" and d["dataset"]["fingerprint"].startswith("fnv1a64:")
assert d["engine"] in ("dot", "neato", "fdp", "sfdp", "circo", "twopi") and d["units"] == "points" and len(d["bb"]) == 4
ents = [n for n in d["nodes"] if "entity" in n]
assert len(ents) == int(sys.argv[2]), (len(ents), sys.argv[2])
assert all(set(n) == {"entity", "x", "y", "width", "height"} for n in ents)
# the legend is laid out apart from the data (docs/diagrams.md): none of its items is saved
assert not any(n.get("element", "").startswith("legend-") for n in d["nodes"])
PY
then ok "--save-layout: format, version, dataset, engine, box and all $nents entities"
else fail "--save-layout: the file is not as documented"; fi

"$KGRAPH" render "$T/v2" -q -o "$T/free.svg" 2>"$T/err" || fail "render v2: $(cat "$T/err")"
"$KGRAPH" render "$T/v2" -q -o "$T/pinned.svg" --layout-from "$T/v1.json" 2>"$T/err" ||
    fail "render --layout-from: $(cat "$T/err")"
free=$($SHIFT "$T/v1.svg" "$T/free.svg")
pinned=$($SHIFT "$T/v1.svg" "$T/pinned.svg" --max-median 1 --max-one 5) &&
    ok "changed data with --layout-from: $pinned (targets: median <= 1%, max <= 5%)" ||
    fail "changed data with --layout-from moved shared entities: $pinned"
echo "   without it: $free"
# laid out afresh, the shared entities move (what the file is for): more than 1 % median
if $SHIFT "$T/v1.svg" "$T/free.svg" --max-median 1 >/dev/null; then
    fail "without --layout-from the entities did not move: the measure shows nothing ($free)"
else ok "without --layout-from the shared entities move: $free"; fi

# the new entities: drawn, near their neighbour, on free space
if python3 - "$T/pinned.svg" <<'PY'
import html, re, sys, xml.etree.ElementTree as ET
NS = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
boxes = {}
for g in root.iter(NS + "g"):
    gid = html.unescape(g.get("id", ""))
    if not gid.startswith("e-"):
        continue
    for s in g.iter():
        t = s.tag.replace(NS, "")
        if t == "ellipse":
            cx, cy, rx, ry = (float(s.get(k)) for k in ("cx", "cy", "rx", "ry"))
            boxes[gid[2:]] = (cx - rx, cy - ry, cx + rx, cy + ry); break
        if t in ("polygon", "path"):
            nums = [float(v) for v in re.findall(r"-?[0-9.]+", s.get("points") or s.get("d"))]
            xs, ys = nums[0::2], nums[1::2]
            boxes[gid[2:]] = (min(xs), min(ys), max(xs), max(ys)); break
new = ["stable_test_new_a", "stable_test_new_b"]
assert all(n in boxes for n in new), "new entities missing"
for n in new:
    a = boxes[n]
    for k, b in boxes.items():
        if k != n and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
            sys.exit("%s overlaps %s" % (n, k))
def centre(b): return ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
ids = [l.split(",")[0] for l in open(sys.argv[1].replace("pinned.svg", "v2/entities.csv"))][1:3]
for n, to in zip(new, ids):
    (x1, y1), (x2, y2) = centre(boxes[n]), centre(boxes[to])
    if ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 > 400:
        sys.exit("%s is far from its neighbour %s" % (n, to))
PY
then ok "new entities: drawn within 400 pt of their neighbour, overlapping no node"
else fail "new entities misplaced"; fi

# ---- gone entities vanish; a view keeps the positions -----------------------------------
"$KGRAPH" render "$T/v1" -q --focus xi_jinping -o "$T/focus.svg" --layout-from "$T/v1.json" 2>"$T/err" ||
    fail "render --focus --layout-from: $(cat "$T/err")"
focus=$($SHIFT "$T/v1.svg" "$T/focus.svg" --max-one 0.1) && ok "a focused view on the layout: $focus" ||
    fail "a focused view moved entities: $focus"
if grep -q 'id="e&#45;stable_test_new_a"' "$T/focus.svg" || grep -q 'id="e&#45;kazakhstan"' "$T/focus.svg"; then
    fail "entities outside the view are drawn"; else ok "entities outside the view are not drawn"; fi

# ---- every engine's layout can be reused; same input, same bytes --------------------------
for k in neato fdp circo; do
    "$KGRAPH" render "$T/v1" -q -K $k -o "$T/$k.svg" --save-layout "$T/$k.json" 2>"$T/err" &&
        "$KGRAPH" render "$T/v2" -q -o "$T/$k-2.svg" --layout-from "$T/$k.json" 2>>"$T/err" ||
        fail "-K $k: $(cat "$T/err")"
    r=$($SHIFT "$T/$k.svg" "$T/$k-2.svg" --max-median 1 --max-one 5) && ok "a layout made by $k reused: $r" ||
        fail "a layout made by $k moved entities: $r"
done
"$KGRAPH" render "$T/v2" -q -o "$T/again.svg" --layout-from "$T/v1.json" --save-layout "$T/again.json" &&
    "$KGRAPH" render "$T/v2" -q -o "$T/again2.svg" --layout-from "$T/v1.json" --save-layout "$T/again2.json"
cmp -s "$T/again.svg" "$T/again2.svg" && cmp -s "$T/again.json" "$T/again2.json" &&
    cmp -s "$T/again.svg" "$T/pinned.svg" && ok "same input and layout, same bytes (svg and layout)" ||
    fail "--layout-from is not deterministic"
# a layout saved from a reused one keeps the positions (no drift from generation to generation)
"$KGRAPH" render "$T/v2" -q -o "$T/gen3.svg" --layout-from "$T/again.json" 2>"$T/err" || fail "third generation: $(cat "$T/err")"
r=$($SHIFT "$T/v1.svg" "$T/gen3.svg" --max-median 0.1 --max-one 0.1) && ok "third generation: $r" || fail "drift: $r"

# ---- diffs on one map ------------------------------------------------------------------------
"$KGRAPH" diff "$T/v1" "$T/v2" -q -o "$T/diff.svg" --layout-from "$T/v1.json" --save-layout "$T/diff.json" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] || fail "diff --layout-from: exit $rc (1: differences), $(cat "$T/err")"
r=$($SHIFT "$T/v1.svg" "$T/diff.svg" --aligned --max-median 1 --max-one 5) && ok "diff --layout-from draws the union on the saved positions: $r" ||
    fail "diff --layout-from moved entities: $r"
grep -q '"entity": "stable_test_new_a"' "$T/diff.json" && ok "diff --save-layout saves the union's layout" ||
    fail "diff --save-layout: no new entity in $(head -c 200 "$T/diff.json")"
"$KGRAPH" diff "$T/v1" "$T/v2" -q -o "$T/sbs.svg" --side-by-side 2>"$T/err"
rc=$?
if [ $rc -eq 1 ] && python3 - "$T/sbs.svg" <<'PY'
import html, re, sys, xml.etree.ElementTree as ET
NS = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
panels = {p.get("id"): p for p in root.findall(NS + "svg")}
assert set(panels) == {"panel-old", "panel-new"}, panels.keys()
pos = {}
for name, p in panels.items():
    g = p.find(NS + "g")
    tx, ty = map(float, re.search(r"translate\(([-0-9.]+) ([-0-9.]+)\)", g.get("transform")).groups())
    prefix = name[6:] + "-e-"
    pos[name] = {}
    for node in p.iter(NS + "g"):
        gid = html.unescape(node.get("id", ""))
        if gid.startswith(prefix):
            e = next(node.iter(NS + "ellipse"), None)
            if e is not None:
                pos[name][gid[len(prefix):]] = (float(e.get("cx")) + tx, float(e.get("cy")) + ty)
old, new = pos["panel-old"], pos["panel-new"]
shared = set(old) & set(new)
assert len(shared) >= 10, len(shared)  # the ellipse-shaped ones
worst = max(abs(old[k][0] - new[k][0]) + abs(old[k][1] - new[k][1]) for k in shared)
assert worst < 0.5, worst
assert "stable_test_new_a" in new and "stable_test_new_a" not in old
print("   %d entities at the same place in both panels (worst %.2f pt)" % (len(shared), worst))
PY
then ok "diff --side-by-side: two panels, shared entities at the same place, new ones only in the new panel"
else fail "diff --side-by-side: exit $rc, $(cat "$T/err")"; fi
"$KGRAPH" diff "$T/v1" "$T/v2" -q -o "$T/sbs.png" --side-by-side 2>"$T/err"
[ $? -eq 2 ] && grep -q "svg only" "$T/err" && ok "diff --side-by-side -T png: usage error" || fail "side-by-side png: $(cat "$T/err")"

# ---- report: the overview's layout -----------------------------------------------------------
"$KGRAPH" report "$T/v1" -q -o "$T/r1.html" --save-layout "$T/report.json" 2>"$T/err" &&
    "$KGRAPH" report "$T/v2" -q -o "$T/r2.html" --layout-from "$T/report.json" --save-layout "$T/report2.json" 2>>"$T/err" ||
    fail "report --save-layout/--layout-from: $(cat "$T/err")"
if python3 - "$T/report.json" "$T/report2.json" "$nents" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
pa = {n["entity"]: (n["x"], n["y"]) for n in a["nodes"] if "entity" in n}
pb = {n["entity"]: (n["x"], n["y"]) for n in b["nodes"] if "entity" in n}
assert len(pa) == int(sys.argv[3]) and "stable_test_new_a" in pb
# neato may translate the whole drawing: compare positions relative to one entity
k0 = "xi_jinping"
worst = max(abs((pa[k][0] - pa[k0][0]) - (pb[k][0] - pb[k0][0])) + abs((pa[k][1] - pa[k0][1]) - (pb[k][1] - pb[k0][1])) for k in pa)
assert worst < 0.1, worst
PY
then ok "report: the overview's layout saved and reused (shared entities unmoved)"
else fail "report: the overview moved"; fi

# ---- errors: foreign, newer, corrupted, missing; usage ------------------------------------
echo keep >"$T/out.svg"
err_case() { # NAME FILE PATTERN
    "$KGRAPH" render "$T/v2" -q -o "$T/out.svg" --layout-from "$2" 2>"$T/err"
    local rc=$?
    if [ $rc -eq 2 ] && grep -q -- "$3" "$T/err" && [ "$(cat "$T/out.svg")" = keep ]; then
        ok "$1: exit 2, $(head -c 160 "$T/err")"
    else fail "$1: exit $rc, $(cat "$T/err")"; fi
}
"$KGRAPH" render "$SRC/tests/data/karate" -q -o "$T/karate.svg" --save-layout "$T/karate.json"
err_case "a foreign dataset's layout" "$T/karate.json" "^kgraph: $T/karate.json: layout of another dataset"
sed 's/"version": 1/"version": 2/' "$T/v1.json" >"$T/v2format.json"
err_case "a newer format version" "$T/v2format.json" "^kgraph: $T/v2format.json: layout format version 2 is newer"
head -c 3000 "$T/v1.json" >"$T/cut.json"
err_case "a truncated file" "$T/cut.json" "^kgraph: $T/cut.json:[0-9]*: not a kgraph layout file"
printf '{"format": "something-else", "version": 1, "nodes": []}' >"$T/other.json"
err_case "another format" "$T/other.json" "^kgraph: $T/other.json:1: not a kgraph layout file: its format"
printf '{"format":"kgraph-layout","version":1,"nodes":[{"entity":"\xff","x":1,"y":2,"width":3,"height":4}]}' >"$T/utf8.json"
err_case "invalid UTF-8" "$T/utf8.json" "not a kgraph layout file"
python3 -c 'import sys,json; d=json.load(open(sys.argv[1])); d["nodes"].append(d["nodes"][0]); json.dump(d, open(sys.argv[2],"w"))' "$T/v1.json" "$T/twice.json"
err_case "an entity twice" "$T/twice.json" "is in the layout twice"
err_case "a missing file" "$T/none.json" "^kgraph: $T/none.json: cannot read the layout"
"$KGRAPH" render "$T/v2" -q -T dot -o "$T/x.dot" --layout-from "$T/v1.json" 2>"$T/err"
[ $? -eq 2 ] && grep -q "need a laid-out format" "$T/err" && ok "-T dot with a layout option: usage error" ||
    fail "-T dot --layout-from: $(cat "$T/err")"

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
exit 0
