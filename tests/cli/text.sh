#!/bin/bash
# text.sh: C1 controls (U+0080..U+009F) and bidi controls (U+202A..U+202E, U+2066..U+2069)
# are refused at load like C0 and DEL (issue 14 item 9: U+009B, an 8-bit CSI, reached
# diff's text output raw; U+202E reversed a relation line in the HTML report): check and
# diff (--method scan and model, directories and single files) exit 2 naming FILE:LINE,
# the column and the code point. $1 = kgraph binary, $2 = source dir.
set -u
KGRAPH=${1:?usage: text.sh KGRAPH SOURCE_DIR}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-text-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

mkdir "$T/good"
printf 'id,label\nxi,Xi Jinping\nputin,Putin\n' >"$T/good/entities.csv"
printf 'source,relation,target\nxi,meets,putin\n' >"$T/good/relations.csv"

# make NAME LABEL-BYTES: a copy of good with putin's label (line 3) set to LABEL-BYTES
make() {
    mkdir "$T/$1"
    printf "id,label\nxi,Xi Jinping\nputin,$2\n" >"$T/$1/entities.csv"
    cp "$T/good/relations.csv" "$T/$1/"
}
make c1 'Pu\302\233tin'          # U+009B
make c1first '\302\200x'         # U+0080
make c1last 'x\302\237'          # U+009F
make rlo 'Pu\342\200\256tin'     # U+202E
make lre '\342\200\252x'         # U+202A
make lri 'x\342\201\246'         # U+2066
make pdi '"a, \342\201\251"'     # U+2069 inside quotes

# expect WHAT MESSAGE: the last run exited 2 with MESSAGE on stderr, nothing on stdout
expect() {
    if [ "$status" -eq 2 ] && grep -qF -- "$2" "$T/err" && [ ! -s "$T/out" ]; then
        ok "$1"
    else
        fail "$1: exit $status; stderr: $(head -c 300 "$T/err"); stdout: $(head -c 200 "$T/out" | od -c | head -3)"
    fi
}

for c in "c1 U+009B 2" "c1first U+0080 0" "c1last U+009F 1" "rlo U+202E 2" "lre U+202A 0" \
    "lri U+2066 1" "pdi U+2069 3"; do
    set -- $c
    name=$1 cp=$2 off=$3
    case $cp in U+00*) kind="control character" ;; *) kind="bidirectional control" ;; esac
    msg="$T/$name/entities.csv:3: $kind $cp in column 'label' at offset $off"
    "$KGRAPH" check "$T/$name" >"$T/out" 2>"$T/err"; status=$?
    expect "check $name" "$msg"
    for method in scan model; do
        "$KGRAPH" diff "$T/good" "$T/$name" --method "$method" \
            >"$T/out" 2>"$T/err"; status=$?
        expect "diff --method $method good $name" "$msg"
        "$KGRAPH" diff "$T/good/entities.csv" "$T/$name/entities.csv" --method "$method" \
            >"$T/out" 2>"$T/err"; status=$?
        expect "diff --method $method of entities.csv, $name" "$msg"
    done
done
# the message says why
"$KGRAPH" check "$T/rlo" >"$T/out" 2>"$T/err"
grep -q 'reorder the text' "$T/err" && ok "bidi message says why" || fail "bidi message: $(cat "$T/err")"
"$KGRAPH" check "$T/c1" >"$T/out" 2>"$T/err"
grep -q 'C1 control' "$T/err" && ok "C1 message says why" || fail "C1 message: $(cat "$T/err")"

# Neighbours still load: U+00A0 (C2 A0), U+2029, U+202F, U+2065, U+206A, U+200F (RLM).
make fine 'a\302\240b \342\200\251 \342\200\257 \342\201\245 \342\201\252 \342\200\217'
"$KGRAPH" check "$T/fine" >"$T/out" 2>"$T/err"; status=$?
[ "$status" -eq 0 ] && ok "neighbouring characters load" || fail "fine: exit $status: $(cat "$T/err")"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
