#!/bin/bash
# conflicts.sh: `kgraph conflicts` end to end: the disagreements of the bundled dataset (one
# text calls China and Russia allies, others say there is no real trust) are found, exit 1;
# golden text, CSV and JSON of a small dataset; exit 0 without conflicts; an invalid status
# is an error at its line; help and usage errors.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: conflicts.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: conflicts.sh KGRAPH SOURCE_DIR}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-conflicts-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# ---- the bundled dataset: the texts disagree about China and Russia --------------------------

"$KGRAPH" conflicts "$SRC/data" -q -T csv >"$T/data.csv" 2>"$T/err"
status=$?
pair() { grep '^[0-9]*,china,russia,' "$T/data.csv"; }
if [ $status -ne 1 ]; then
    fail "bundled dataset: exit $status, expected 1: $(cat "$T/err")"
elif ! pair | grep -q ',positive,china,allies_with,russia,.*an alliance of two authoritarian regimes'; then
    fail "bundled dataset: the alliance claim is not on the China–Russia conflict"
elif ! pair | grep -q ",negative,china,distrusts,russia,.*There's no real trust between Russia and China"; then
    fail "bundled dataset: 'no real trust' is not on the China–Russia conflict"
elif ! pair | grep -q ',contested,translated_2022_china_russia_alliance,.*who choose and trust each other – or pretend'; then
    fail "bundled dataset: the contested partnership ('trust each other – or pretend') is not listed"
else
    ok "bundled dataset: China–Russia: alliance against no real trust, contested partnership (exit 1)"
fi
"$KGRAPH" conflicts "$SRC/data" -q >"$T/data.txt"
grep -q '^china (China) and russia (Russia): opposite polarity, contested$' "$T/data.txt" &&
    grep -q '^[0-9]* conflicts: ' "$T/data.txt" &&
    ok "bundled dataset: text names the pair and counts the conflicts" ||
    fail "bundled dataset: text: $(head -3 "$T/data.txt"; tail -1 "$T/data.txt")"

# ---- golden outputs of a small dataset ---------------------------------------------------------

for f in text csv json; do
    (cd "$SRC" && "$KGRAPH" conflicts tests/data/conflicts -T "$f") >"$T/out.$f" 2>"$T/err"
    status=$?
    if [ $status -ne 1 ]; then
        fail "golden $f: exit $status: $(cat "$T/err")"
    elif ! cmp -s "$T/out.$f" "$SRC/tests/golden/conflicts/conflicts.$f"; then
        fail "golden $f: differs: $(diff "$T/out.$f" "$SRC/tests/golden/conflicts/conflicts.$f" | head -5)"
    else
        ok "golden $f: identical"
    fi
done
if command -v python3 >/dev/null && ! python3 -m json.tool "$T/out.json" >/dev/null; then
    fail "json: not valid JSON"
fi
(cd "$SRC" && "$KGRAPH" conflicts tests/data/conflicts -o "$T/c.csv")
[ $? -eq 1 ] && cmp -s "$T/c.csv" "$SRC/tests/golden/conflicts/conflicts.csv" &&
    ok "-o FILE.csv: CSV by extension, exit 1" || fail "-o FILE.csv"

# ---- no conflicts: exit 0 ----------------------------------------------------------------------

"$KGRAPH" conflicts "$SRC/tests/data/karate" >"$T/none" 2>"$T/err"
status=$?
[ $status -eq 0 ] && [ "$(cat "$T/none")" = "no conflicts" ] && ok "no conflicts: exit 0" ||
    fail "no conflicts: exit $status: $(cat "$T/none" "$T/err")"

# ---- an invalid status: exit 2 at its line, nothing written -----------------------------------

cp -r "$SRC/tests/data/conflicts" "$T/bad"
sed -i '3s/,$/,disputed/' "$T/bad/relations.csv"
printf ORIGINAL >"$T/out.txt"
"$KGRAPH" conflicts "$T/bad" -o "$T/out.txt" 2>"$T/err"
status=$?
if [ $status -ne 2 ]; then
    fail "invalid status: exit $status, expected 2"
elif ! grep -q "^kgraph: $T/bad/relations.csv:3: status 'disputed' is not asserted or contested" "$T/err"; then
    fail "invalid status: message: $(cat "$T/err")"
elif [ "$(cat "$T/out.txt")" != ORIGINAL ]; then
    fail "invalid status: output file modified"
else
    ok "invalid status: exit 2 at relations.csv:3, output untouched"
fi

# ---- help and usage ----------------------------------------------------------------------------

"$KGRAPH" help conflicts | grep -q '^Usage: kgraph conflicts' && "$KGRAPH" conflicts -h | grep -q contested &&
    ok "help" || fail "help"
"$KGRAPH" conflicts "$SRC/data" -T svg >/dev/null 2>"$T/err"
status=$?
[ $status -eq 2 ] && grep -q "unknown format 'svg'" "$T/err" && grep -q "^Try 'kgraph help conflicts'" "$T/err" &&
    ok "-T svg: usage error" || fail "-T svg: exit $status: $(cat "$T/err")"

# ---- views: only the citations of the relations a view keeps are compared ---------------------

"$KGRAPH" conflicts "$SRC/data" -q -T csv --focus china,russia --depth 0 >"$T/v.csv" 2>"$T/err"
status=$?
pairs=$(tail -n +2 "$T/v.csv" | cut -d, -f2,3 | sort -u)
[ $status -eq 1 ] && [ "$pairs" = "china,russia" ] &&
    ok "--focus china,russia --depth 0: only the China-Russia conflict, exit 1" ||
    fail "--focus china,russia --depth 0: exit $status, pairs: $pairs $(cat "$T/err")"
"$KGRAPH" conflicts "$SRC/data" -q --type person >"$T/v.txt" 2>"$T/err"
status=$?
[ $status -eq 0 ] && [ "$(cat "$T/v.txt")" = "no conflicts" ] &&
    ok "--type person: no conflict among people alone, exit 0" ||
    fail "--type person: exit $status: $(head -3 "$T/v.txt") $(cat "$T/err")"
"$KGRAPH" conflicts "$SRC/data" -q --type planet >"$T/out" 2>"$T/err"
status=$?
[ $status -eq 2 ] && grep -q "planet" "$T/err" && [ ! -s "$T/out" ] &&
    ok "an unknown type: exit 2 naming it, nothing written" || fail "unknown type: exit $status: $(cat "$T/err")"
"$KGRAPH" conflicts "$SRC/data" -q --cluster type >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && grep -q "unknown option '--cluster'" "$T/err" &&
    ok "--cluster (a drawing option) is not taken" || fail "--cluster: $(cat "$T/err")"

if [ "$failures" -ne 0 ]; then
    echo "conflicts: $failures check(s) failed"
    exit 1
fi
