#!/bin/bash
# duplicates.sh: duplicate entities in `kgraph check`: warnings at FILE:LINE naming both
# entities (exit 0), --strict turns every warning into an error (exit 2), -q hides them, and
# the bundled dataset has none.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: duplicates.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: duplicates.sh KGRAPH SOURCE_DIR}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-duplicates-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

mkdir "$T/ds"
cat >"$T/ds/entities.csv" <<'CSV'
id,label,type,aliases
xi_jinping,Xi Jinping,person,Xi;President Xi
putin,Vladimir Putin,person,Putin
xi,President Xi Jinping,person,
vlad,Vlad,person,Putin
china,China,country,
CSV
cat >"$T/ds/relations.csv" <<'CSV'
source,relation,target
xi_jinping,meets,putin
xi,meets,vlad
china,hosts,xi_jinping
CSV

"$KGRAPH" check "$T/ds" >"$T/out" 2>"$T/err"
status=$?
if [ $status -ne 0 ]; then
    fail "warnings: exit $status, expected 0: $(cat "$T/err")"
elif ! grep -qx "kgraph: $T/ds/entities.csv:4: warning: entity 'xi' may be a duplicate of 'xi_jinping' (line 2): its id 'xi' and the alias 'Xi' of 'xi_jinping' differ only by case, punctuation or a title" "$T/err"; then
    fail "warnings: title rule: $(cat "$T/err")"
elif ! grep -qx "kgraph: $T/ds/entities.csv:5: warning: entity 'vlad' may be a duplicate of 'putin' (line 3): its alias equals the alias of 'putin': 'Putin'" "$T/err"; then
    fail "warnings: shared alias: $(cat "$T/err")"
elif [ "$(grep -c 'may be a duplicate' "$T/err")" -ne 2 ]; then
    fail "warnings: expected exactly 2: $(cat "$T/err")"
else
    ok "warnings: both pairs at entities.csv:LINE, exit 0"
fi

"$KGRAPH" check "$T/ds" -q >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && [ ! -s "$T/err" ] && ok "-q: no warnings" || fail "-q: $(cat "$T/err")"

"$KGRAPH" check "$T/ds" --strict >"$T/out" 2>"$T/err"
status=$?
if [ $status -ne 2 ]; then
    fail "--strict: exit $status, expected 2"
elif ! grep -qx "kgraph: 2 warnings treated as errors (--strict)" "$T/err" ||
     [ "$(grep -c 'may be a duplicate' "$T/err")" -ne 2 ]; then
    fail "--strict: messages: $(cat "$T/err")"
else
    ok "--strict: 2 warnings treated as errors, exit 2"
fi

# a warning of the loader counts too
printf 'lonely,Lonely,person,\n' >>"$T/ds/entities.csv"
"$KGRAPH" check "$T/ds" --strict -q >/dev/null 2>"$T/err"
status=$?
[ $status -eq 2 ] && grep -q "entity 'lonely' takes part in no relation" "$T/err" &&
    grep -qx "kgraph: 3 warnings treated as errors (--strict)" "$T/err" &&
    ok "--strict: loader warnings count, shown even with -q" || fail "--strict -q: exit $status: $(cat "$T/err")"

"$KGRAPH" check "$SRC/data" --strict >"$T/out" 2>"$T/err"
status=$?
[ $status -eq 0 ] && [ ! -s "$T/err" ] && ok "bundled dataset: no duplicate (--strict passes)" ||
    fail "bundled dataset: exit $status: $(cat "$T/err")"

"$KGRAPH" help check | grep -q -- '--strict' && ok "help mentions --strict" || fail "help: no --strict"

if [ "$failures" -ne 0 ]; then
    echo "duplicates: $failures check(s) failed"
    exit 1
fi
