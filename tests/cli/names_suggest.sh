#!/bin/bash
# names_suggest.sh: "did you mean ...?" for every unknown name (issue 17): commands,
# options, types, relation verbs, documents and polarities on the command line, and
# entity ids, source ids and polarities in the data; polarity values in any case.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: names_suggest.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: names_suggest.sh KGRAPH SOURCE_DIR}
DATA=$SRC/tests/data/names

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-names-suggest-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# expect_error WHAT LINE COMMAND-ARGS...: exit 2 and LINE (a whole line) on stderr
expect_error() {
    local what=$1 want=$2
    shift 2
    "$@" >"$T/stdout" 2>"$T/err"
    local status=$?
    if [ $status -ne 2 ]; then
        fail "$what: exit $status, expected 2: $(head -c 300 "$T/err")"
    elif ! grep -qxF -- "$want" "$T/err"; then
        fail "$what: stderr lacks the line \"$want\": $(head -c 400 "$T/err")"
    else
        ok "$what"
    fi
}

# ---- the command line ----------------------------------------------------------------------
expect_error "a command" "kgraph: unknown command 'rendr'; did you mean 'render'?" "$KGRAPH" rendr "$DATA"
expect_error "a command swapped" "kgraph: unknown command 'chekc'; did you mean 'check'?" "$KGRAPH" chekc
expect_error "help of a command" "kgraph: unknown command 'stat'; did you mean 'stats'?" "$KGRAPH" help stat
expect_error "an option" "kgraph: render: unknown option '--foucs'; did you mean '--focus'?" \
    "$KGRAPH" render "$DATA" --foucs xi
expect_error "an option with its value" "kgraph: stats: unknown option '--formt'; did you mean '--format'?" \
    "$KGRAPH" stats "$DATA" --formt=csv
expect_error "a dataset option" "kgraph: check: unknown option '--relation'; did you mean '--relations'?" \
    "$KGRAPH" check "$DATA" --relation x.csv
expect_error "a type" "kgraph: unknown entity type 'Person'; did you mean 'person'?" \
    "$KGRAPH" render "$DATA" --type Person -T dot
expect_error "a plural type" "kgraph: unknown entity type 'persons'; did you mean 'person'?" \
    "$KGRAPH" stats "$DATA" --type persons
expect_error "a verb" "kgraph: unknown relation 'meet'; did you mean 'meets'?" \
    "$KGRAPH" render "$DATA" --relation meet -T dot
expect_error "a document" "kgraph: unknown doc 'd_tas'; did you mean 'd_tass'?" \
    "$KGRAPH" conflicts "$DATA" --doc d_tas
expect_error "a polarity" "kgraph: render: unknown polarity 'postive'; did you mean 'positive'?" \
    "$KGRAPH" render "$DATA" --polarity postive -T dot
expect_error "nothing near" "kgraph: unknown command 'frobnicate'" "$KGRAPH" frobnicate

# polarities in any case on the command line
"$KGRAPH" render "$DATA" -q -T dot --polarity positive >"$T/lower.dot" 2>"$T/err" &&
    "$KGRAPH" render "$DATA" -q -T dot --polarity Positive,NEGATIVE >"$T/upper.dot" 2>>"$T/err" &&
    "$KGRAPH" render "$DATA" -q -T dot --polarity positive,negative >"$T/both.dot" 2>>"$T/err" &&
    cmp -s "$T/upper.dot" "$T/both.dot" && ! cmp -s "$T/lower.dot" "$T/both.dot" &&
    ok "--polarity Positive,NEGATIVE is --polarity positive,negative" ||
    fail "--polarity in upper case: $(head -c 300 "$T/err")"

# ---- the data ------------------------------------------------------------------------------
# polarities in any case are read (the fixture has Positive, NEGATIVE and Neutral)
"$KGRAPH" check "$DATA" -q >"$T/out" 2>"$T/err" &&
    grep -qF "8 entities, 6 relations" "$T/out" && ok "check: polarities in any case are valid" ||
    fail "check of the names fixture: $(head -c 300 "$T/err")"
"$KGRAPH" render "$DATA" -q -T dot --polarity negative >"$T/neg.dot" 2>"$T/err" &&
    grep -q 'class="relation rel-invades polarity-negative"' "$T/neg.dot" && ok "polarity NEGATIVE in the data is negative" ||
    fail "NEGATIVE in the data: $(head -c 300 "$T/err")"

bad=$T/bad
mkdir -p "$bad"
cp "$DATA/entities.csv" "$DATA/sources.csv" "$bad/"
cat >"$bad/relations.csv" <<'CSV'
source,relation,target,polarity,doc
china,supports,rusia,positive,d_tass
Xi Jinping,meets,putin,positive,d_tass
xi,meets,putin,postive,d_tass
xi,meets,putin,positive,d_tas
xi,meets,zzzzzzzz,positive,d_tass
CSV
"$KGRAPH" check "$bad" >"$T/out" 2>"$T/err"
status=$?
[ $status -eq 2 ] && ok "check of bad data exits 2" || fail "check of bad data: exit $status"
for want in \
    "kgraph: $bad/relations.csv:2: target 'rusia' is not an entity id; did you mean 'russia'?" \
    "kgraph: $bad/relations.csv:3: source 'Xi Jinping' is not an entity id; did you mean 'xi' (labelled 'Xi Jinping')?" \
    "kgraph: $bad/relations.csv:4: polarity 'postive' is not positive, negative or neutral; did you mean 'positive'?" \
    "kgraph: $bad/relations.csv:5: doc 'd_tas' is not a source id in $bad/sources.csv; did you mean 'd_tass'?" \
    "kgraph: $bad/relations.csv:6: target 'zzzzzzzz' is not an entity id"; do
    grep -qxF -- "$want" "$T/err" && ok "data error: ${want#*relations.csv:}" ||
        fail "data error: no line \"$want\" in: $(cat "$T/err")"
done

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
