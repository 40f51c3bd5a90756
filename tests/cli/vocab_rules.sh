#!/bin/bash
# vocab_rules.sh: the warnings vocabulary.csv adds to check, and --strict making them
# errors: a citation whose polarity contradicts the verb's fixed polarity (an empty polarity
# is neutral; "mixed" and an empty vocabulary polarity fix nothing); a source or target
# whose entity type the verb does not allow (once per relation, empty types included; a
# symmetric verb's types either way round; empty types in the vocabulary allow any).
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: vocab_rules.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: vocab_rules.sh KGRAPH SOURCE_DIR}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-vocab-rules-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
FIX="$SRC/tests/data/vocab"

# fresh DIR: a copy of the fixture with the given rows appended to relations.csv
fresh() {
    rm -rf "$T/d"
    mkdir "$T/d"
    cp "$FIX"/*.csv "$T/d/"
    printf '%s\n' "$@" >>"$T/d/relations.csv"
}
# expect_warning NAME PATTERN: check exits 0 with a warning matching PATTERN at the last
# line of relations.csv, check --strict exits 2
expect_warning() {
    local line status
    line=$(wc -l <"$T/d/relations.csv")
    "$KGRAPH" check "$T/d" >/dev/null 2>"$T/err"
    status=$?
    if [ $status -ne 0 ]; then
        fail "$1: check exit $status, expected 0: $(cat "$T/err")"
    elif ! grep -q "^kgraph: $T/d/relations.csv:$line: warning: $2" "$T/err"; then
        fail "$1: no warning '$2' at line $line: $(cat "$T/err")"
    elif "$KGRAPH" check "$T/d" --strict >/dev/null 2>&1; then
        fail "$1: check --strict passes"
    elif [ "$("$KGRAPH" check "$T/d" --strict >/dev/null 2>&1; echo $?)" != 2 ]; then
        fail "$1: check --strict does not exit 2"
    else
        ok "$1: warning at line $line, --strict exits 2"
    fi
}
# expect_clean NAME: check --strict passes
expect_clean() {
    "$KGRAPH" check "$T/d" --strict >/dev/null 2>"$T/err" && ok "$1: no warning" ||
        fail "$1: $(cat "$T/err")"
}

# ---- fixed polarity --------------------------------------------------------------------------------

fresh 'russia,allies_with,china,neutral,d2,not an alliance'
expect_warning "polarity contradicting the verb" \
    "polarity 'neutral' contradicts relation 'allies_with', which is positive in $T/d/vocabulary.csv\$"
fresh 'china,opposes,nato,,d2,China opposes NATO expansion'
expect_warning "empty polarity (neutral) under a negative verb" \
    "polarity 'neutral' contradicts relation 'opposes', which is negative"
fresh 'china,opposes,nato,negative,d2,China opposes NATO expansion'
expect_clean "polarity as the verb's"
fresh 'china,supports,nato,negative,d2,a verb whose polarity varies'
expect_clean "a verb without a fixed polarity"
fresh 'china,debates,russia,positive,d2,x' 'china,debates,russia,negative,d2,y'
printf 'debates,argues with,,,no,mixed,\n' >>"$T/d/vocabulary.csv"
expect_clean "a verb fixed 'mixed' fixes no citation"

# ---- entity types ----------------------------------------------------------------------------------

fresh 'xi,leads,nato,neutral,d2,Xi leads NATO'
expect_warning "target type not allowed" \
    "target 'nato' has type 'alliance', which relation 'leads' does not allow (target types in $T/d/vocabulary.csv: country)\$"
fresh 'china,leads,russia,neutral,d2,China leads Russia'
expect_warning "source type not allowed" \
    "source 'china' has type 'country', which relation 'leads' does not allow (source types in .*: person)\$"
fresh 'xi,allies_with,putin,positive,d2,x'
expect_warning "symmetric verb, both types wrong" "source 'putin' has type 'person', which relation 'allies_with'"
grep -q "target 'xi' has type 'person'" "$T/err" && ok "symmetric verb: both ends named" ||
    fail "symmetric verb: target not named: $(cat "$T/err")"
fresh 'russia,opposes,xi,negative,d2,empty types allow any'
expect_clean "empty source_types and target_types allow any type"
fresh 'xi,leads,china,neutral,d2,a second citation of a valid relation'
expect_clean "a second citation of an allowed relation"
rm -rf "$T/d"
mkdir "$T/d"
cp "$FIX"/*.csv "$T/d/"
printf 'lavrov,Sergei Lavrov,\n' >>"$T/d/entities.csv"
printf 'lavrov,leads,russia,neutral,d2,an entity without a type\n' >>"$T/d/relations.csv"
expect_warning "an entity without a type" \
    "source 'lavrov' has no type, and relation 'leads' allows only source types person"
# one warning per relation, not per citation
printf 'lavrov,leads,russia,neutral,d1,again\n' >>"$T/d/relations.csv"
"$KGRAPH" check "$T/d" >/dev/null 2>"$T/err"
[ "$(grep -c "source 'lavrov' has no type" "$T/err")" = 1 ] &&
    ok "types: one warning per relation, not per citation" ||
    fail "types: $(cat "$T/err")"

# a type listed among several ('|')
fresh 'xi,leads,nato,neutral,d2,x'
sed -i 's/^leads,is head of,person,country,/leads,is head of,person,country | alliance,/' "$T/d/vocabulary.csv"
expect_clean "a type among several separated by '|' (spaces around ignored)"

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
exit 0
