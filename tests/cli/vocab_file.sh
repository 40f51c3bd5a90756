#!/bin/bash
# vocab_file.sh: errors in vocabulary.csv itself, each at vocabulary.csv:LINE with exit 2 and
# nothing written: a duplicate verb, an empty verb, a symmetric value other than yes/no, an
# unknown polarity, an inverse naming no verb (with a suggestion), inverses that disagree, a
# symmetric verb with another verb as inverse, a row with more fields than the header, a
# missing verb column, a malformed file.
# Optional columns may be absent and unknown ones are allowed.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: vocab_file.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: vocab_file.sh KGRAPH SOURCE_DIR}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-vocab-file-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
FIX="$SRC/tests/data/vocab"
HEADER='verb,meaning,source_types,target_types,symmetric,polarity,inverse'
# the verbs the fixture's relations use, valid
VERBS='meets,,,,yes,,
allies_with,,,,yes,,
opposes,,,,,,
distrusts,,,,,,
leads,,,,,,led_by
led_by,,,,,,leads
supports,,,,,,'

# expect_error NAME LINE MESSAGE: with vocabulary.csv as written to $T/d, check and render
# exit 2 with "kgraph: $T/d/vocabulary.csv:LINE: MESSAGE" and render writes nothing
expect_error() {
    local status
    rm -f "$T/g.dot"
    "$KGRAPH" check "$T/d" >/dev/null 2>"$T/err"
    status=$?
    if [ $status -ne 2 ]; then
        fail "$1: check exit $status, expected 2: $(cat "$T/err")"
    elif ! grep -qxF "kgraph: $T/d/vocabulary.csv:$2: $3" "$T/err"; then
        fail "$1: expected 'vocabulary.csv:$2: $3', got: $(cat "$T/err")"
    elif "$KGRAPH" render "$T/d" -q -T dot -o "$T/g.dot" 2>/dev/null || [ -e "$T/g.dot" ]; then
        fail "$1: render accepted the dataset"
    else
        ok "$1: vocabulary.csv:$2, exit 2"
    fi
}
# vocab LINES...: the fixture with a vocabulary.csv of the header, the valid verbs, LINES
vocab() {
    rm -rf "$T/d"
    mkdir "$T/d"
    cp "$FIX"/*.csv "$T/d/"
    { echo "$HEADER"; echo "$VERBS"; [ $# -gt 0 ] && printf '%s\n' "$@"; } >"$T/d/vocabulary.csv"
}

vocab
"$KGRAPH" check "$T/d" --strict >/dev/null 2>"$T/err" && ok "a minimal vocabulary is valid" ||
    fail "minimal vocabulary: $(cat "$T/err")"

vocab 'meets,again,,,yes,,'
expect_error "duplicate verb" 9 "duplicate verb 'meets' (first defined at line 2)"
vocab ',a verb without a name,,,,,'
expect_error "empty verb" 9 "verb is empty"
vocab 'calls,phones,,,maybe,,'
expect_error "symmetric neither yes nor no" 9 "symmetric 'maybe' is not yes or no (empty means no)"
vocab 'calls,phones,,,Yes,,'
expect_error "symmetric is case-sensitive" 9 "symmetric 'Yes' is not yes or no (empty means no)"
vocab 'praises,praises,,,no,good,'
expect_error "unknown polarity" 9 "polarity 'good' is not positive, negative, neutral or mixed (empty: it varies)"
vocab 'follows,comes after,,,no,,precede' 'precedes,comes before,,,no,,follows'
expect_error "inverse naming no verb" 9 "inverse 'precede' is not a verb of the vocabulary; did you mean 'precedes'?"
vocab 'follows,comes after,,,no,,zzzzzzzzz'
expect_error "inverse naming no verb, none near" 9 "inverse 'zzzzzzzzz' is not a verb of the vocabulary"
vocab 'follows,comes after,,,no,,precedes' 'precedes,comes before,,,no,,opposes'
expect_error "inverses that disagree" 9 "inverse 'precedes' names 'opposes' as its inverse (line 10), not 'follows'"
vocab 'calls,phones,,,yes,,leads'
expect_error "symmetric verb with another inverse" 9 "verb 'calls' is symmetric: its inverse can only be itself, not 'leads'"

# a missing verb column; a malformed file
vocab
printf 'name,meaning\nmeets,x\n' >"$T/d/vocabulary.csv"
expect_error "no verb column" 1 "missing required column 'verb'"
vocab
printf 'verb,meaning\nmeets,"unterminated\n' >"$T/d/vocabulary.csv"
"$KGRAPH" check "$T/d" >/dev/null 2>"$T/err"
status=$?
[ $status -eq 2 ] && grep -q "^kgraph: $T/d/vocabulary.csv:[0-9]*: " "$T/err" &&
    ok "malformed vocabulary.csv: an error at its line, exit 2" ||
    fail "malformed vocabulary.csv: exit $status: $(cat "$T/err")"

vocab 'calls,phones,,,yes,,,extra'
expect_error "a row with more fields than the header" 9 "row has 8 fields, the header has 7"

# only the verb column, and an unknown column: fine
vocab
{ echo 'verb,note'; echo "$VERBS" | cut -d, -f1 | sed 's/$/,x/'; } >"$T/d/vocabulary.csv"
"$KGRAPH" check "$T/d" --strict >/dev/null 2>"$T/err" &&
    ok "only the verb column and an unknown one: valid" || fail "verb column only: $(cat "$T/err")"

# an error in vocabulary.csv does not bury relations.csv under unknown-verb errors
vocab 'meets,again,,,yes,,'
"$KGRAPH" check "$T/d" >/dev/null 2>"$T/err"
[ "$(grep -c 'relations.csv' "$T/err")" = 0 ] && ok "a broken vocabulary is not enforced" ||
    fail "broken vocabulary enforced: $(cat "$T/err")"

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
exit 0
