#!/bin/bash
# diff_rename.sh: `kgraph diff` reports an entity whose id changed (same label, aliases and
# relations once the id is mapped) as renamed, in text, CSV, JSON and the diagram, with
# both methods giving the same bytes; an entity whose relations differ stays a removal and
# an addition. Data: tests/data/diff_rename. $1 = kgraph binary, $2 = source dir.
# Exit 0 when all passed, 1 when a check failed.
set -u
KGRAPH=${1:?usage: diff_rename.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: diff_rename.sh KGRAPH SOURCE_DIR}
SRC=$(cd "$SRC" && pwd)
D=$SRC/tests/data/diff_rename

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-diffrename-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# has FILE TEXT WHAT / lacks FILE TEXT WHAT: FILE holds (does not hold) the line part TEXT
has() { grep -qF -- "$2" "$1" && ok "$3" || { fail "$3: no '$2' in:"; head -30 "$1"; }; }
lacks() { grep -qF -- "$2" "$1" && fail "$3: '$2' present" || ok "$3"; }

for m in model scan; do
    for f in text csv json; do
        "$KGRAPH" diff --method "$m" -T "$f" "$D/old" "$D/new" >"$T/$m.$f" 2>"$T/err"
        rc=$?
        [ "$rc" -eq 1 ] && ok "$m $f: exit 1" || fail "$m $f: exit $rc: $(head -c 300 "$T/err")"
    done
    has "$T/$m.text" "renamed: xi → xi_jinping" "$m text: xi renamed"
    has "$T/$m.text" "renamed: putin → vladimir_putin" "$m text: putin renamed (both ends of a relation renamed)"
    lacks "$T/$m.text" "- entity xi" "$m text: xi not removed"
    lacks "$T/$m.text" "+ entity xi_jinping" "$m text: xi_jinping not added"
    lacks "$T/$m.text" "relation xi" "$m text: the renamed entity's relations are not removed"
    lacks "$T/$m.text" "relation xi_jinping" "$m text: nor added"
    lacks "$T/$m.text" "sanctions" "$m text: a relation to a renamed entity is not listed"
    has "$T/$m.text" "- entity nato" "$m text: nato (a relation changed with it) stays removed"
    has "$T/$m.text" "+ entity otan" "$m text: otan stays added"
    has "$T/$m.text" "1 relation added, 1 removed; 1 entity added, 1 removed, 1 changed, 2 renamed" "$m text: summary counts renames"
    has "$T/$m.csv" "renamed,entity,xi_jinping,,,,,id,xi,xi_jinping" "$m csv: renamed row"
    has "$T/$m.csv" "renamed,entity,vladimir_putin,,,,,id,putin,vladimir_putin" "$m csv: second renamed row"
    lacks "$T/$m.csv" ",xi,meets," "$m csv: no relation rows of the renamed entity"
    has "$T/$m.json" '{"change":"renamed","id":"xi_jinping","old_id":"xi","fields":[]}' "$m json: renamed object"
    has "$T/$m.json" '"renamed": 2' "$m json: renamed count"
done
for f in text csv json; do
    cmp -s "$T/model.$f" "$T/scan.$f" && ok "$f: scan and model agree byte for byte" ||
        { fail "$f: scan and model differ"; diff "$T/model.$f" "$T/scan.$f" | head; }
done
if command -v jq >/dev/null; then
    jq -e '.entities | map(select(.change == "renamed")) | length == 2' "$T/model.json" >/dev/null &&
        ok "json valid, two renamed entities (jq)" || fail "jq: json invalid or renames missing"
fi

# ambiguous: two removed and two added entities share a label: no rename; a unique pair
# without relations is a rename
mkdir -p "$T/a/old" "$T/a/new"
printf 'id,label\na1,Same\na2,Same\nlone,Lonely\n' >"$T/a/old/entities.csv"
printf 'id,label\nb1,Same\nb2,Same\nlonely,Lonely\n' >"$T/a/new/entities.csv"
printf 'source,relation,target\n' >"$T/a/old/relations.csv"
cp "$T/a/old/relations.csv" "$T/a/new/relations.csv"
for m in model scan; do
    "$KGRAPH" diff --method "$m" "$T/a/old" "$T/a/new" >"$T/amb.$m" 2>&1
    has "$T/amb.$m" "- entity a1" "$m: ambiguous labels are not paired"
    has "$T/amb.$m" "renamed: lone → lonely" "$m: a unique pair without relations is renamed"
done

# only one file compared: relations unknown, no rename
"$KGRAPH" diff "$D/old/entities.csv" "$D/new/entities.csv" >"$T/single" 2>&1
has "$T/single" "- entity xi" "entities.csv alone: relations not compared, no rename"

# the diagram: one node showing both ids, no separate node for the old id
"$KGRAPH" diff -q -T dot "$D/old" "$D/new" -o "$T/d.dot" 2>"$T/err"
has "$T/d.dot" 'label="Xi Jinping\nxi → xi_jinping"' "diagram: the node shows both ids"
has "$T/d.dot" 'class="entity diff-changed diff-renamed"' "diagram: class diff-renamed"
lacks "$T/d.dot" 'id="e-xi"' "diagram: no node for the old id"
lacks "$T/d.dot" 'id="e-putin"' "diagram: no node for putin's old id"
has "$T/d.dot" 'id="r-xi_jinping--meets--vladimir_putin"' "diagram: the relation drawn once, new ids"
lacks "$T/d.dot" 'id="r-xi--meets--putin"' "diagram: no removed copy of the relation"
"$KGRAPH" diff -q -T svg "$D/old" "$D/new" -o "$T/d.svg" 2>"$T/err"
has "$T/d.svg" 'xi → xi_jinping</text>' "diagram svg: both ids drawn"
exit $((failures > 0))
