#!/bin/bash
# names_empty.sh: a view that selects no entity (issue 17): a warning on stderr naming the
# view options, the picture saying "no entities" where its title goes (SVG, DOT, PNG, PDF;
# report and diff too), and --strict making it an error (exit 2, no output written).
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: names_empty.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: names_empty.sh KGRAPH SOURCE_DIR}
DATA=$SRC/tests/data/names

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-names-empty-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

warning="kgraph: warning: the view selects no entity (--since 2025)"

# warns WHAT COMMAND...: exit 0 and the warning line alone on stderr
warns() {
    local what=$1
    shift
    "$@" 2>"$T/err"
    local status=$?
    if [ $status -ne 0 ]; then
        fail "$what: exit $status: $(head -c 300 "$T/err")"
    elif [ "$(cat "$T/err")" != "$warning" ]; then
        fail "$what: stderr is not the warning: $(head -c 300 "$T/err")"
    else
        ok "$what warns"
    fi
}
warns "render svg" "$KGRAPH" render "$DATA" --since 2025 -o "$T/e.svg"
grep -q '>names (no entities)</text>' "$T/e.svg" && ok "the svg's title says 'no entities'" ||
    fail "svg title: $(grep -o '<text[^>]*>[^<]*</text>' "$T/e.svg" | head -3)"
warns "render dot" "$KGRAPH" render "$DATA" --since 2025 -T dot -o "$T/e.dot"
grep -q 'label="names (no entities)"' "$T/e.dot" && ok "the dot's graph label says 'no entities'" ||
    fail "dot label: $(grep -o 'label="[^"]*"' "$T/e.dot" | head -1)"
"$KGRAPH" render "$DATA" --since 2025 --no-title -T dot -o "$T/n.dot" 2>/dev/null
grep -q 'label="no entities"' "$T/n.dot" && ok "--no-title: the label is 'no entities'" ||
    fail "--no-title label: $(grep -o 'label="[^"]*"' "$T/n.dot" | head -1)"
for f in png pdf; do
    warns "render $f" "$KGRAPH" render "$DATA" --since 2025 -o "$T/e.$f"
    [ -s "$T/e.$f" ] && ok "render $f written" || fail "render $f: no file"
done
warns "report" "$KGRAPH" report "$DATA" --since 2025 -o "$T/r.html"
grep -q 'No entities in this view.' "$T/r.html" && ok "the report's overview says 'no entities'" ||
    fail "report: no 'no entities' in the overview"
"$KGRAPH" diff "$DATA" "$DATA" --since 2025 -T dot -o "$T/d.dot" 2>"$T/err"
status=$?
[ $status -eq 0 ] && [ "$(cat "$T/err")" = "$warning" ] && ok "diff warns" ||
    fail "diff: exit $status: $(head -c 300 "$T/err")"
grep -q 'label="[^"]*(no entities)"' "$T/d.dot" && ok "the diff diagram's title says 'no entities'" ||
    fail "diff label: $(grep -o 'label="[^"]*"' "$T/d.dot" | head -1)"
warns "stats" "$KGRAPH" stats "$DATA" --since 2025 -o "$T/s.txt"
warns "conflicts" "$KGRAPH" conflicts "$DATA" --since 2025 -o "$T/c.txt"

# the warning names every view option given
"$KGRAPH" render "$DATA" --type person --relation invades --depth 0 --focus ukraine --polarity NEGATIVE \
    -T dot -o "$T/x.dot" 2>"$T/err"
want="kgraph: warning: the view selects no entity (--focus ukraine --depth 0 --type person --relation invades --polarity negative)"
[ "$(cat "$T/err")" = "$want" ] && ok "the warning names the options" ||
    fail "warning with several options: $(cat "$T/err")"

# quiet, and no warning for a view that selects something
"$KGRAPH" render "$DATA" -q --since 2025 -T dot -o "$T/q.dot" 2>"$T/err"
[ $? -eq 0 ] && [ ! -s "$T/err" ] && ok "-q: no warning" || fail "-q: $(cat "$T/err")"
"$KGRAPH" render "$DATA" --since 2023 -T dot -o "$T/s.dot" 2>"$T/err"
grep -q "selects no entity" "$T/err" && fail "a view with entities warns: $(cat "$T/err")" ||
    ok "a view with entities does not warn"
grep -q "no entities" "$T/s.dot" && fail "a view with entities says 'no entities'" ||
    ok "a view with entities has its plain title"

# --strict: exit 2, the message, no output written (an existing file untouched)
strict() { # strict WHAT OUTPUT COMMAND...
    local what=$1 out=$2
    shift 2
    "$@" 2>"$T/err" >"$T/stdout"
    local status=$?
    if [ $status -ne 2 ]; then
        fail "$what --strict: exit $status"
    elif ! grep -qxF "kgraph: the view selects no entity (--since 2025); an error with --strict" "$T/err"; then
        fail "$what --strict: $(head -c 300 "$T/err")"
    elif [ -n "$out" ] && [ -e "$out" ]; then
        fail "$what --strict: $out was written"
    elif [ -s "$T/stdout" ]; then
        fail "$what --strict: standard output was written"
    else
        ok "$what --strict: exit 2, nothing written"
    fi
}
strict "render" "$T/strict.svg" "$KGRAPH" render "$DATA" --since 2025 --strict -o "$T/strict.svg"
strict "render dot to stdout" "" "$KGRAPH" render "$DATA" --since 2025 --strict -T dot
strict "report" "$T/strict.html" "$KGRAPH" report "$DATA" --since 2025 --strict -o "$T/strict.html"
strict "diff" "$T/strict.dot" "$KGRAPH" diff "$DATA" "$DATA" --since 2025 --strict -o "$T/strict.dot"
strict "stats" "" "$KGRAPH" stats "$DATA" --since 2025 --strict
strict "conflicts" "" "$KGRAPH" conflicts "$DATA" --since 2025 --strict
echo keep >"$T/keep.svg"
"$KGRAPH" render "$DATA" --since 2025 --strict -o "$T/keep.svg" 2>/dev/null
[ $? -eq 2 ] && [ "$(cat "$T/keep.svg")" = keep ] && ok "--strict leaves an existing file untouched" ||
    fail "--strict touched an existing file"
"$KGRAPH" render "$DATA" --since 2023 --strict -T dot -o "$T/ok.dot" 2>"$T/err"
[ $? -eq 0 ] && [ -s "$T/ok.dot" ] && ok "--strict with a view that selects entities writes" ||
    fail "--strict with entities: $(head -c 300 "$T/err")"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
