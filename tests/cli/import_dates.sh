#!/bin/bash
# import_dates.sh: issue 17 item 6: a date written another way than ISO 8601 is an
# error that shows the ISO form to write, saying when the day and month order is
# ambiguous. $1 = kgraph binary, $2 = source dir. Exit 0 when all passed.
set -u
KGRAPH=${1:?usage: import_dates.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: import_dates.sh KGRAPH SOURCE_DIR}
DATA=$SRC/tests/data/import

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-import-dates-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
. "$SRC/tests/cli/import_lib.inc" # failures, fail, ok, expect

expect "dates in other forms are errors" 2 "" "" -- "$KGRAPH" check "$DATA/dates"
for want in \
    "relations.csv:2: date '03/02/2022' is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD): write 2022-02-03 if it is day 3 of february, or 2022-03-02 if it is march 2 (the day and month order is ambiguous)" \
    "relations.csv:3: date '2022/03/02' is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD): write 2022-03-02" \
    "relations.csv:4: date 'March 2022' is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD): write 2022-03" \
    "relations.csv:5: date '13/02/2022' is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD): write 2022-02-13" \
    "relations.csv:6: date '3 March 2022' is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD): write 2022-03-03"; do
    grep -qF -- "$want" "$T/err" && ok "hint: ${want:0:70}..." || fail "missing: $want; got: $(cat "$T/err")"
done
# a value that reads as no date keeps the plain message
mkdir "$T/plain"
cp "$DATA/dates/entities.csv" "$T/plain/"
printf 'source,relation,target,date\na,meets,b,soon\n' >"$T/plain/relations.csv"
expect "no hint for a value that is no date" 2 "" \
    "date 'soon' is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)" -- "$KGRAPH" check "$T/plain"
grep -q "write" "$T/err" && fail "a hint for 'soon': $(cat "$T/err")" || ok "no 'write' for 'soon'"
# sources.csv dates get the hint too
printf 'source,relation,target,doc\na,meets,b,s1\n' >"$T/plain/relations.csv"
printf 'id,date\ns1,2021/12/01\n' >"$T/plain/sources.csv"
expect "a sources.csv date gets the hint" 2 "" \
    "sources.csv:2: date '2021/12/01' is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD): write 2021-12-01" -- \
    "$KGRAPH" check "$T/plain"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
