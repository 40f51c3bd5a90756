#!/bin/bash
# readable_legend.sh: the legend is laid out on its own and drawn outside the data under
# every engine: data/ rendered with dot, neato, fdp, sfdp, circo and twopi has one SVG group
# of class "legend" lying outside the box of the entity labels; --legend right / bottom
# put it there, --legend none and --no-legend leave it out; PNG and PDF render under every
# engine too. $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: readable_legend.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: readable_legend.sh KGRAPH SOURCE_DIR}
DATA=$SRC/data
. "$SRC/tests/cli/readable_lib.inc"

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-legend-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# outside FILE WHERE: the legend group is right of (WHERE=right), below (bottom) or either
# (any) the box of the entity labels, and there is exactly one legend group
outside() {
    local b
    b=$(svg_boxes "$1")
    echo "$b" | awk -v where="$2" '{
        if ($9 != 1 || $5 == "" || $1 == "") exit 1
        right = $5 > $3; below = $6 > $4
        if (where == "right") exit !right
        if (where == "bottom") exit !below
        exit !(right || below)
    }'
}

for engine in dot neato fdp sfdp circo twopi; do
    if ! "$KGRAPH" render "$DATA" -q -K "$engine" -o "$T/$engine.svg" 2>"$T/err"; then
        fail "-K $engine: $(head -c 300 "$T/err")"
        continue
    fi
    outside "$T/$engine.svg" any &&
        ok "-K $engine: one legend group, outside the box of the entity labels" ||
        fail "-K $engine: legend not outside the labels (entity box, legend box, groups: $(svg_boxes "$T/$engine.svg"))"
    # the group holds every legend item: no element with a legend id outside it
    [ "$(grep -c '<g id="legend&#45;' "$T/$engine.svg")" -eq \
      "$(awk '/<g id="legend" class="legend">/{on=1} on && /<g id="legend&#45;/{n++} END{print n+0}' "$T/$engine.svg")" ] &&
        ok "-K $engine: every legend item inside the group" || fail "-K $engine: legend items outside the group"
    if [ -x /usr/bin/xmllint ]; then
        /usr/bin/xmllint --noout --nonet "$T/$engine.svg" 2>"$T/err" && ok "-K $engine: well-formed" ||
            fail "-K $engine: xmllint: $(head -c 300 "$T/err")"
    fi
    for format in png pdf; do
        if "$KGRAPH" render "$DATA" -q -K "$engine" -o "$T/$engine.$format" 2>"$T/err" && [ -s "$T/$engine.$format" ]; then
            ok "-K $engine -T $format"
        else fail "-K $engine -T $format: $(head -c 300 "$T/err")"; fi
    done
done

for where in right bottom; do
    "$KGRAPH" render "$DATA" -q --legend "$where" -o "$T/$where.svg" 2>"$T/err" || fail "--legend $where: $(cat "$T/err")"
    outside "$T/$where.svg" "$where" && ok "--legend $where: the legend is $where of the drawing" ||
        fail "--legend $where: $(svg_boxes "$T/$where.svg")"
done
# the legend shows what the picture uses, and explains counts, widths and merged edges
for item in legend-type-person legend-polarity-mixed legend-note-counts legend-note-merged; do
    enc=$(printf '%s' "$item" | sed 's/-/\&#45;/g')
    grep -q "id=\"$enc\"" "$T/right.svg" && ok "legend shows $item" || fail "legend lacks $item"
done
"$KGRAPH" render "$DATA" -q --relation partners_with --polarity positive --each-relation -o "$T/pos.svg" 2>"$T/err" ||
    fail "one polarity: $(cat "$T/err")"
grep -q 'legend&#45;polarity&#45;negative' "$T/pos.svg" && fail "a polarity not drawn is in the legend" ||
    ok "a polarity not drawn is not in the legend"
grep -q 'legend&#45;note&#45;merged' "$T/pos.svg" && fail "--each-relation: the legend speaks of merged edges" ||
    ok "--each-relation: no note on merged edges"

for args in "--legend none" "--no-legend"; do
    # shellcheck disable=SC2086
    "$KGRAPH" render "$DATA" -q $args -o "$T/none.svg" 2>"$T/err" || fail "$args: $(cat "$T/err")"
    grep -q 'class="legend"\|legend&#45;' "$T/none.svg" && fail "$args: a legend is drawn" || ok "$args: no legend"
done

# the diff diagram's legend is placed the same way, with one element of id "legend"
"$KGRAPH" diff "$SRC/tests/golden/diff/old" "$SRC/tests/golden/diff/new" -o "$T/diff.svg" 2>"$T/err"
[ "$?" -eq 1 ] || fail "diff diagram: $(cat "$T/err")"
[ "$(grep -c 'id="legend"' "$T/diff.svg")" -eq 1 ] && grep -q '<g id="legend" class="legend">' "$T/diff.svg" &&
    ok "diff diagram: one legend group, one id \"legend\"" || fail "diff diagram: $(grep -o 'id="legend"[^>]*' "$T/diff.svg")"
awk '/<g id="legend" class="legend">/{on=1} on && /<text /{n++} END{exit !(n >= 4)}' "$T/diff.svg" &&
    ok "diff diagram: the legend's items inside the group" || fail "diff diagram: legend items outside the group"

"$KGRAPH" render "$DATA" --legend top -o "$T/x.svg" 2>"$T/err"
status=$?
[ "$status" -eq 2 ] && grep -q "unknown legend place 'top'" "$T/err" && [ ! -e "$T/x.svg" ] &&
    ok "--legend top: usage error" || fail "--legend top: exit $status: $(cat "$T/err")"

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "all readable_legend checks passed"
