#!/bin/bash
# import_delimiters.sh: issue 17 item 1: files separated by semicolons, tabs or pipes load
# like comma files (the delimiter found from the header line, .tsv meaning tab,
# --delimiter forcing one), in check, render and both diff methods; an Excel export
# (semicolons, a UTF-8 BOM, CRLF) loads; a file read with the wrong delimiter says which
# one its header holds. $1 = kgraph binary, $2 = source dir. Exit 0 when all passed.
set -u
KGRAPH=${1:?usage: import_delimiters.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: import_delimiters.sh KGRAPH SOURCE_DIR}
DATA=$SRC/tests/data/import

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-import-delim-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
. "$SRC/tests/cli/import_lib.inc" # failures, fail, ok, expect

# The Excel file: semicolons, a BOM, CRLF, a quoted field holding a semicolon.
head -c 3 "$DATA/excel/entities.csv" | od -An -tx1 | grep -q 'ef bb bf' ||
    fail "fixture: excel/entities.csv lost its BOM"
grep -q $'\r$' "$DATA/excel/relations.csv" || fail "fixture: excel/relations.csv lost its CRLF"
expect "check: Excel semicolon file with BOM and CRLF" 0 \
    "3 entities, 2 relations (2 citations), 0 sources" "" -- "$KGRAPH" check "$DATA/excel"
expect "render: the quoted label keeps its semicolon" 0 'European Union; the' "" -- \
    "$KGRAPH" render "$DATA/excel" -T dot -o -
expect "export: the quote with a comma inside a semicolon file" 0 'aid, and more' "" -- \
    "$KGRAPH" export "$DATA/excel" -T json -o -

# The same data with commas: both diff methods find no difference.
mkdir "$T/comma"
for f in entities relations; do
    sed -e '1s/^\xEF\xBB\xBF//' -e 's/\r$//' "$DATA/excel/$f.csv" |
        awk -F';' 'BEGIN { OFS = "," } {
            # re-join the fields outside quotes with commas (the fixture quotes only
            # fields holding ; or ,)
            out = ""; q = 0
            for (i = 1; i <= length($0); i++) {
                c = substr($0, i, 1)
                if (c == "\"") q = !q
                if (c == ";" && !q) c = ","
                out = out c
            }
            print out }' >"$T/comma/$f.csv"
done
expect "check: the comma copy" 0 "3 entities, 2 relations" "" -- "$KGRAPH" check "$T/comma"
for m in scan model; do
    expect "diff --method $m: semicolon file = comma file" 0 "" "" -- \
        "$KGRAPH" diff "$DATA/excel" "$T/comma" --method "$m"
    expect "diff --method $m: semicolon file itself" 0 "" "" -- \
        "$KGRAPH" diff "$DATA/excel" "$DATA/excel" --method "$m"
done
# a changed row is still found through semicolons
mkdir "$T/changed"
cp "$DATA/excel/entities.csv" "$T/changed/"
sed 's/invades/attacks/' "$DATA/excel/relations.csv" >"$T/changed/relations.csv"
for m in scan model; do
    expect "diff --method $m: a change in a semicolon file" 1 "attacks" "" -- \
        "$KGRAPH" diff "$DATA/excel" "$T/changed" --method "$m"
done

# Pipes and tabs, detected.
mkdir "$T/pipe" "$T/tab"
tr ',' '|' <"$T/comma/entities.csv" >"$T/pipe/entities.csv"
tr ',' '|' <"$T/comma/relations.csv" >"$T/pipe/relations.csv"
# (the quoted comma became a pipe inside quotes: still one field)
expect "check: pipe-separated files" 0 "3 entities, 2 relations" "" -- "$KGRAPH" check "$T/pipe"
tr ',' '\t' <"$T/comma/entities.csv" >"$T/tab/entities.csv"
tr ',' '\t' <"$T/comma/relations.csv" >"$T/tab/relations.csv"
expect "check: tab-separated .csv files" 0 "3 entities, 2 relations" "" -- "$KGRAPH" check "$T/tab"

# A quoted header holding commas does not count: semicolons win.
mkdir "$T/quoted"
printf '"id";"label, long"\na;A\nb;B\n' >"$T/quoted/entities.csv"
printf '"source";"relation, verb";"target";"x,y,z"\na;knows;b;1\n' >"$T/quoted/relations.csv"
expect "check: commas inside quoted headers are not the delimiter" 0 "2 entities, 1 relations" \
    "" -- "$KGRAPH" check "$T/quoted" --map relations.relation="relation, verb"

# --delimiter forces one; the wrong one is explained.
expect "check --delimiter ';' on the Excel file" 0 "3 entities" "" -- \
    "$KGRAPH" check "$DATA/excel" --delimiter ';'
expect "check --delimiter , on a semicolon file names the semicolon" 2 "" \
    "the header holds ';': if it separates the columns, use --delimiter ';'" -- \
    "$KGRAPH" check "$DATA/excel" --delimiter ,
expect "the wrong delimiter: FILE:LINE of the header" 2 "" "excel/entities.csv:1: missing required column 'id'" -- \
    "$KGRAPH" check "$DATA/excel" --delimiter ,
expect "--delimiter tab" 0 "3 entities" "" -- "$KGRAPH" check "$T/tab" --delimiter tab
expect "an invalid --delimiter is a usage error" 2 "" "invalid --delimiter 'x'" -- \
    "$KGRAPH" check "$T/tab" --delimiter x
# a file whose header has no delimiter at all is one column
mkdir "$T/one"
printf 'id\na\n' >"$T/one/entities.csv"
printf 'source;relation;target\na;r;a\n' >"$T/one/relations.csv"
expect "a one-column file and a semicolon file side by side" 0 "1 entities, 1 relations" "" -- \
    "$KGRAPH" check "$T/one"

# Bad input still writes nothing: the output stays as it was.
echo keep >"$T/keep.svg"
"$KGRAPH" render "$DATA/excel" --delimiter , -o "$T/keep.svg" 2>/dev/null
[ "$(cat "$T/keep.svg")" = keep ] && ok "a failed render leaves the output untouched" ||
    fail "a failed render changed the output"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
