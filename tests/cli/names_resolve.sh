#!/bin/bash
# names_resolve.sh: entities named on the command line by label or alias, not only by id
# (issue 17): --focus "Xi Jinping" draws what --focus xi draws, in render, report, stats,
# conflicts and diff; a name two entities share is an error listing both; an unknown one
# names the nearest (id or label).
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: names_resolve.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: names_resolve.sh KGRAPH SOURCE_DIR}
DATA=$SRC/tests/data/names

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-names-resolve-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# same_as_id WHAT NAME ID COMMAND...: COMMAND --focus NAME writes what --focus ID writes
same_as_id() {
    local what=$1 name=$2 id=$3
    shift 3
    "$@" --focus "$id" >"$T/by-id" 2>"$T/err-id"
    local s1=$?
    "$@" --focus "$name" >"$T/by-name" 2>"$T/err"
    local s2=$?
    if [ $s1 -ne 0 ] || [ $s2 -ne 0 ]; then
        fail "$what: exit $s1 (id) and $s2 (name '$name'): $(head -c 300 "$T/err")"
    elif ! cmp -s "$T/by-id" "$T/by-name"; then
        fail "$what: --focus '$name' differs from --focus $id"
    elif [ ! -s "$T/by-name" ]; then
        fail "$what: no output"
    else
        ok "$what"
    fi
}
same_as_id "render: a label" "Xi Jinping" xi "$KGRAPH" render "$DATA" -q -T dot --depth 0
same_as_id "render: an alias" "Putin" putin "$KGRAPH" render "$DATA" -q -T dot
same_as_id "render: an alias with spaces around it in the file" "People's Republic of China" china \
    "$KGRAPH" render "$DATA" -q -T dot
same_as_id "render: a label ignoring case" "xi jinping" xi "$KGRAPH" render "$DATA" -q -T dot
same_as_id "render: an id ignoring case" "NATO" nato "$KGRAPH" render "$DATA" -q -T dot
same_as_id "stats: a label" "Vladimir Putin" putin "$KGRAPH" stats "$DATA" -q -T csv
same_as_id "conflicts: an alias" "Russian Federation" russia "$KGRAPH" conflicts "$DATA" -q -T csv
same_as_id "diff: a label" "Ukraine" ukraine "$KGRAPH" diff "$DATA" "$DATA" -q -T dot

# the default title names the entity by its label, whichever name was given
"$KGRAPH" render "$DATA" -q -T dot --focus "President Xi" >"$T/t.dot" 2>"$T/err"
grep -q 'label="names: focus on Xi Jinping (depth 1)"' "$T/t.dot" &&
    ok "the focus title of an alias shows the label" ||
    fail "focus title: $(grep -o 'label="names[^"]*"' "$T/t.dot" | head -1) $(head -c 200 "$T/err")"

# report: a section per entity of the view
"$KGRAPH" report "$DATA" -q --focus "Kim Yo Jong" --depth 0 -o "$T/r.html" 2>"$T/err" &&
    grep -q 'Kim Yo Jong' "$T/r.html" && ok "report: --focus by label" ||
    fail "report --focus 'Kim Yo Jong': $(head -c 300 "$T/err")"

# ---- errors: exit 2, a message naming the candidates or the nearest name, nothing written ----
echo keep >"$T/out.svg"
expect_error() { # expect_error WHAT FIXED-STRING COMMAND-ARGS...
    local what=$1 want=$2
    shift 2
    "$@" >"$T/stdout" 2>"$T/err"
    local status=$?
    if [ $status -ne 2 ]; then
        fail "$what: exit $status, expected 2"
    elif ! grep -qF -- "$want" "$T/err"; then
        fail "$what: stderr lacks \"$want\": $(head -c 300 "$T/err")"
    elif [ "$(cat "$T/out.svg")" != keep ]; then
        fail "$what: the output file was touched"
    else
        ok "$what"
    fi
}
expect_error "an alias two entities share" \
    "kgraph: ambiguous entity name 'Kim': kim_jong_un (Kim Jong Un), kim_yo_jong (Kim Yo Jong)" \
    "$KGRAPH" render "$DATA" --focus Kim -o "$T/out.svg"
expect_error "ambiguous ignoring case" "ambiguous entity name 'kim': kim_jong_un (Kim Jong Un), kim_yo_jong (Kim Yo Jong)" \
    "$KGRAPH" stats "$DATA" --focus kim -o "$T/out.svg"
expect_error "an unknown id near an id" "kgraph: unknown entity id 'rusia'; did you mean 'russia'?" \
    "$KGRAPH" render "$DATA" --focus rusia -o "$T/out.svg"
expect_error "an unknown name near a label" \
    "kgraph: unknown entity id 'Vladimir Puttin'; did you mean 'Vladimir Putin' (putin)?" \
    "$KGRAPH" render "$DATA" --focus "Vladimir Puttin" -o "$T/out.svg"
expect_error "a name the duplicate check normalises to a label" \
    "unknown entity id 'President Vladimir Putin.'; did you mean 'Vladimir Putin' (putin)?" \
    "$KGRAPH" render "$DATA" --focus "President Vladimir Putin." -o "$T/out.svg"
expect_error "diff: an unknown name in both versions" "unknown entity id 'ukrane'; did you mean 'ukraine'?" \
    "$KGRAPH" diff "$DATA" "$DATA" --focus ukrane -o "$T/out.svg"
expect_error "an unknown name far from every name" "kgraph: unknown entity id 'zzzzzzzz'" \
    "$KGRAPH" render "$DATA" --focus zzzzzzzz -o "$T/out.svg"
grep -q "did you mean" "$T/err" && fail "a far name got a suggestion: $(cat "$T/err")" ||
    ok "a far name gets no suggestion"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
