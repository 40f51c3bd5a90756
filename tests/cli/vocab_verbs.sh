#!/bin/bash
# vocab_verbs.sh: vocabulary.csv's verbs are enforced by every loading command: a verb the
# vocabulary lacks is an error at its relations.csv line with the nearest verb suggested
# (exit 2 from check, render, stats, export); no suggestion when none is near; without a
# vocabulary.csv any verb is fine; with files named one by one, the current directory's
# vocabulary.csv applies; the fixture with its vocabulary passes check --strict.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: vocab_verbs.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: vocab_verbs.sh KGRAPH SOURCE_DIR}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-vocab-verbs-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
FIX="$SRC/tests/data/vocab"

# ---- the fixture is valid with its vocabulary --------------------------------------------------

"$KGRAPH" check "$FIX" --strict >"$T/out" 2>"$T/err"
status=$?
[ $status -eq 0 ] && [ ! -s "$T/err" ] &&
    ok "fixture: check --strict passes with its vocabulary" ||
    fail "fixture: exit $status: $(cat "$T/err")"

# ---- an unknown verb: an error with a suggestion -------------------------------------------------

mkdir "$T/d"
cp "$FIX"/*.csv "$T/d/"
echo 'russia,distrust,nato,negative,d2,Russia does not trust NATO' >>"$T/d/relations.csv"
line=$(wc -l <"$T/d/relations.csv")
want="kgraph: $T/d/relations.csv:$line: relation 'distrust' is not in $T/d/vocabulary.csv; did you mean 'distrusts'?"
"$KGRAPH" check "$T/d" >"$T/out" 2>"$T/err"
status=$?
if [ $status -ne 2 ]; then
    fail "unknown verb: check exit $status, expected 2"
elif ! grep -qxF "$want" "$T/err"; then
    fail "unknown verb: message: $(cat "$T/err") (expected: $want)"
else
    ok "unknown verb: error at its line with 'did you mean 'distrusts'?', exit 2"
fi
for cmd in "render -T dot -o $T/g.dot" "stats" "export -T json -o $T/e.json" "conflicts"; do
    # shellcheck disable=SC2086
    "$KGRAPH" $cmd "$T/d" >/dev/null 2>"$T/err"
    status=$?
    [ $status -eq 2 ] && grep -qF "relation 'distrust' is not in" "$T/err" &&
        ok "unknown verb: '${cmd%% *}' refuses the dataset too (exit 2)" ||
        fail "unknown verb: '${cmd%% *}': exit $status: $(cat "$T/err")"
done
[ ! -e "$T/g.dot" ] && [ ! -e "$T/e.json" ] && ok "unknown verb: no output file written" ||
    fail "unknown verb: an output file was written"

# no near verb: no suggestion
cp "$FIX/relations.csv" "$T/d/relations.csv"
echo 'china,annexes,russia,negative,d2,quote' >>"$T/d/relations.csv"
"$KGRAPH" check "$T/d" >/dev/null 2>"$T/err"
status=$?
[ $status -eq 2 ] && grep -q "relation 'annexes' is not in .*vocabulary.csv\$" "$T/err" &&
    ok "unknown verb far from every verb: error without a suggestion" ||
    fail "unknown verb without suggestion: exit $status: $(cat "$T/err")"

# without a vocabulary.csv the same verb is fine
rm "$T/d/vocabulary.csv"
"$KGRAPH" check "$T/d" --strict >/dev/null 2>"$T/err" &&
    ok "no vocabulary.csv: any verb is accepted" ||
    fail "no vocabulary.csv: $(cat "$T/err")"

# files named one by one: the vocabulary.csv of the current directory, as for the files
# not named (none in $T, one in $T/d)
cp "$FIX/vocabulary.csv" "$T/d/"
(cd "$T" && "$KGRAPH" check --entities d/entities.csv --relations d/relations.csv \
    --sources d/sources.csv >/dev/null 2>"$T/err") &&
    ok "files named one by one, no vocabulary.csv in the current directory: any verb" ||
    fail "files named one by one, no vocabulary.csv here: $(cat "$T/err")"
(cd "$T/d" && "$KGRAPH" check --relations relations.csv >/dev/null 2>"$T/err")
status=$?
[ $status -eq 2 ] && grep -q "relation 'annexes' is not in vocabulary.csv" "$T/err" &&
    ok "files named one by one: the current directory's vocabulary.csv is enforced" ||
    fail "files named one by one, vocabulary.csv here: exit $status: $(cat "$T/err")"

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
exit 0
