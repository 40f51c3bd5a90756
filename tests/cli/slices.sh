#!/bin/bash
# slices.sh: `kgraph render --slices` (issue 19): one SVG per period and index.html, on one
# layout; period boundaries (a citation on the last day of a month, on the first of the
# next, a year-only date), the dating rule (own date, else the source's, else undated and
# in no frame), empty periods, cumulative and --window frames, quarters, cut dates, and
# the errors. $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: slices.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: slices.sh KGRAPH SOURCE_DIR}
command -v python3 >/dev/null || { echo "skip: python3 is needed to measure the SVGs"; exit 77; }

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-slices-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
bash "$SRC/tests/layout/slice_data.sh" "$T/d"

# frames LABEL... of DIR/index.html as "label:entities/relations/citations+added"
frames() {
    grep -o 'data-label="[^"]*" data-start="[^"]*" data-end="[^"]*" data-entities="[0-9]*" data-relations="[0-9]*" data-citations="[0-9]*" data-added="[0-9]*"' "$1/index.html" |
        sed -E 's/data-label="([^"]*)".*data-entities="([0-9]*)" data-relations="([0-9]*)" data-citations="([0-9]*)" data-added="([0-9]*)"/\1:\2\/\3\/\4+\5/' | tr '\n' ' '
}
expect() { # NAME DIR EXPECTED
    local got
    got=$(frames "$2")
    [ "$got" = "$3" ] && ok "$1: $got" || fail "$1: got '$got', expected '$3'"
}

"$KGRAPH" render "$T/d" -q --slices month -o "$T/month/" --save-layout "$T/union.json" 2>"$T/err" || fail "--slices month: $(cat "$T/err")"
# Jan: a-b dated 01-31 and a-f dated "2022" (its first day); Feb: b-c dated 02-01; Mar: c-d
# dated by its source (2022-03); Apr: nothing new (an empty period); May: e-f; d-e undated
expect "month, cumulative" "$T/month" "2022-01:3/2/2+2 2022-02:4/3/3+1 2022-03:5/4/4+1 2022-04:5/4/4+0 2022-05:6/5/5+1 "
grep -q '1 citation with neither is in no frame' "$T/month/index.html" && ok "the page counts the undated citation" ||
    fail "the page does not say one citation is undated"
for f in 2022-01 2022-02 2022-03 2022-04 2022-05; do
    [ -s "$T/month/slice-$f.svg" ] || fail "no slice-$f.svg"
done
has() { grep -q "id=\"e&#45;$2\"" "$T/month/slice-$1.svg"; }
has 2022-01 a && has 2022-01 f && ! has 2022-01 c && has 2022-02 c && ! has 2022-02 d && has 2022-03 d &&
    ! has 2022-05 g && ok "each frame draws its entities (boundaries: 01-31 in January, 02-01 in February)" ||
    fail "frames draw the wrong entities"
! grep -q 'e&#45;g"' "$T/month/index.html" && ok "an entity without relations is in no frame" || fail "the loner is drawn"
r=$(python3 "$SRC/tests/layout/svgshift.py" "$T/month/slice-2022-01.svg" "$T/month/slice-2022-05.svg" --max-one 0.01) &&
    ok "first and last frame: entities at the same place ($r)" || fail "frames moved entities: $r"
grep -q '"entity": "e"' "$T/union.json" && ok "--save-layout saves the union's layout" || fail "no union layout"

"$KGRAPH" render "$T/d" -q --slices month --window -o "$T/window" 2>"$T/err" || fail "--window: $(cat "$T/err")"
expect "month, --window" "$T/window" "2022-01:3/2/2+2 2022-02:2/1/1+1 2022-03:2/1/1+1 2022-04:0/0/0+0 2022-05:2/1/1+1 "
grep -c 'class="node entity' "$T/window/slice-2022-04.svg" | grep -qx 0 && ok "an empty period is an empty frame" ||
    fail "the empty period draws entities"
"$KGRAPH" render "$T/d" -q --slices quarter -o "$T/quarter" && expect "quarter" "$T/quarter" "2022-Q1:5/4/4+4 2022-Q2:6/5/5+1 "
"$KGRAPH" render "$T/d" -q --slices year -o "$T/year" && expect "year" "$T/year" "2022:6/5/5+5 "
"$KGRAPH" render "$T/d" -q --slices 2022-02-01,2022-03-31 -o "$T/dates" &&
    expect "cut dates (earlier citations in every cumulative frame)" "$T/dates" "2022-02-01:5/4/4+2 2022-03-31:6/5/5+1 "
"$KGRAPH" render "$T/d" -q --slices month:2022-02..2022-03 -o "$T/range" &&
    expect "a range of months (earlier citations counted, later ones in no frame)" "$T/range" "2022-02:4/3/3+1 2022-03:5/4/4+1 "
"$KGRAPH" render "$T/d" -q --slices month --focus b --depth 1 -o "$T/focus" &&
    expect "a view first (the periods span the view's dates)" "$T/focus" "2022-01:2/1/1+1 2022-02:3/2/2+1 "
"$KGRAPH" render "$T/d" -q --slices month -o "$T/again" && cmp -s "$T/month/index.html" "$T/again/index.html" &&
    ok "same input, same page" || fail "the slice page is not deterministic"

# ---- errors --------------------------------------------------------------------------------
err() { # NAME PATTERN ARGS...
    local name=$1 pattern=$2
    shift 2
    "$KGRAPH" render "$@" 2>"$T/err" >/dev/null
    local rc=$?
    [ $rc -eq 2 ] && grep -q -- "$pattern" "$T/err" && ok "$name: $(head -c 150 "$T/err")" || fail "$name: exit $rc, $(cat "$T/err")"
}
err "a bad period" "invalid --slices 'week'" "$T/d" --slices week -o "$T/x/"
err "a reversed range" "FROM not after TO" "$T/d" --slices month:2022-03..2022-01 -o "$T/x/"
err "dates out of order" "each later than the one before" "$T/d" --slices 2022-03-01,2022-02-01 -o "$T/x/"
err "--window alone" "--window applies to --slices only" "$T/d" --window -o "$T/x.svg"
err "no directory" "give -o DIR/" "$T/d" --slices month
err "png slices" "give -o DIR/" "$T/d" --slices month -T png -o "$T/x/"
mkdir -p "$T/nodate" && printf 'id\na\nb\n' >"$T/nodate/entities.csv" && printf 'source,relation,target\na,knows,b\n' >"$T/nodate/relations.csv"
err "nothing dated" "no dated citation to slice (1 undated)" "$T/nodate" --slices month -o "$T/x/"
: >"$T/file"
err "-o names a file" "cannot write the slices there" "$T/d" --slices month -o "$T/file"

# the title reaches the page escaped (element text and <title>), never as markup
"$KGRAPH" render "$T/d" -q --slices year --title '<b id="x">A & B</b>' -o "$T/titled/" 2>"$T/err" ||
    fail "--slices --title: $(cat "$T/err")"
grep -qF '<h1>&lt;b id=&quot;x&quot;&gt;A &amp; B&lt;/b&gt;</h1>' "$T/titled/index.html" &&
    ! grep -qF '<b id="x">' "$T/titled/index.html" && ok "the page's title is escaped" ||
    fail "the page's title is not escaped: $(grep -o '<h1>.*</h1>' "$T/titled/index.html")"

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
exit 0
