#!/bin/bash
# run.sh: one row of the resource-bound table. Sources a case file (tests/bounds/*.case),
# lets it build its input, runs its command once under measure (wall time and peak RSS of
# the whole process tree, from wait4) and fails when the command outlives its bound, uses
# more memory than its bound, ends with another status or lacks the expected message.
# Bounds are generous ceilings against runaway cost (minutes, gigabytes), never a speed
# threshold: a case states what an input of its size may cost at most.
#
#   run.sh KGRAPH MEASURE CASE        exit 0 pass, 1 fail, 77 skip
#
# A case file is bash and sets:
#   WHAT           one line: the input and what it used to cost
#   BOUND_SECONDS  the wall-time ceiling (the command is killed at twice this)
#   BOUND_RSS_MB   the peak-memory ceiling
#   EXPECT_STATUS  the accepted exit statuses, space-separated ("0", "2", "0 1")
#   EXPECT_STDERR  optional: a fixed string stderr must contain
#   setup()        writes the input below $W (an empty temporary directory)
#   CMD            an array, set in setup(): the command, with "$KGRAPH" as its program
#   SANITIZED_SCALE  optional: the input's size under the sanitizers, in percent of the
#                  plain build's (default 100); the case sizes its input with `scaled N`
#                  (N in the plain build, N * SANITIZED_SCALE / 100 under the sanitizers),
#                  set SANITIZED_SCALE before its first use, and says why in a comment
# Under AddressSanitizer (KGRAPH_BOUNDS_SANITIZED=1) both ceilings are tripled: the
# sanitizer's shadow memory and checks, not the input, account for the difference.
set -u
KGRAPH=${1:?usage: run.sh KGRAPH MEASURE CASE}
MEASURE=${2:?usage: run.sh KGRAPH MEASURE CASE}
CASE=${3:?usage: run.sh KGRAPH MEASURE CASE}

: "${KGRAPH_SOURCE_DIR:?KGRAPH_SOURCE_DIR must name the source tree}"
W=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-bounds-XXXXXX") || exit 1
trap 'rm -rf -- "$W"' EXIT

WHAT= BOUND_SECONDS= BOUND_RSS_MB= EXPECT_STATUS= EXPECT_STDERR= CMD=() SANITIZED_SCALE=100
# scaled N: an input size N of the case, scaled by SANITIZED_SCALE under the sanitizers
scaled() {
    if [ "${KGRAPH_BOUNDS_SANITIZED:-0}" = 1 ]; then
        echo $(($1 * SANITIZED_SCALE / 100))
    else
        echo "$1"
    fi
}
# shellcheck source=/dev/null
. "$CASE" || { echo "FAIL: cannot read $CASE"; exit 1; }
name=$(basename "$CASE" .case)
for v in WHAT BOUND_SECONDS BOUND_RSS_MB EXPECT_STATUS; do
    [ -n "${!v}" ] || { echo "FAIL: $name: $v is not set"; exit 1; }
done
case $SANITIZED_SCALE in
    [1-9] | [1-9][0-9] | 100) ;;
    *) echo "FAIL: $name: SANITIZED_SCALE '$SANITIZED_SCALE' is not a percentage from 1 to 100"; exit 1 ;;
esac
setup || { echo "FAIL: $name: setup failed"; exit 1; }
[ ${#CMD[@]} -gt 0 ] || { echo "FAIL: $name: setup set no CMD"; exit 1; }

seconds=$BOUND_SECONDS rss_mb=$BOUND_RSS_MB
if [ "${KGRAPH_BOUNDS_SANITIZED:-0}" = 1 ]; then
    seconds=$((seconds * 3)) rss_mb=$((rss_mb * 3))
fi

"$MEASURE" --stdout "$W/.stdout" --stderr "$W/.stderr" --report "$W/.report" -- \
    timeout -s KILL $((seconds * 2)) "${CMD[@]}"
report=$(cat "$W/.report")
field() { printf '%s\n' "$report" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
wall=$(field wall) rss_kb=$(field maxrss_kb) status=$(field status)

echo "$name: $WHAT"
echo "$name: wall ${wall} s (bound ${seconds} s), peak RSS $((rss_kb / 1024)) MB (bound ${rss_mb} MB), exit $status"
failed=0
if [ "$status" = 137 ] || awk -v w="$wall" -v b="$seconds" 'BEGIN { exit !(w > b) }'; then
    echo "FAIL: $name: ran ${wall} s, past its bound of ${seconds} s"; failed=1
fi
if [ "$rss_kb" -gt $((rss_mb * 1024)) ]; then
    echo "FAIL: $name: peak RSS $((rss_kb / 1024)) MB, past its bound of ${rss_mb} MB"; failed=1
fi
case " $EXPECT_STATUS " in
    *" $status "*) ;;
    *) echo "FAIL: $name: exit status $status, expected one of: $EXPECT_STATUS"; failed=1 ;;
esac
if [ -n "$EXPECT_STDERR" ] && ! grep -qF -- "$EXPECT_STDERR" "$W/.stderr"; then
    echo "FAIL: $name: stderr lacks '$EXPECT_STDERR'"; failed=1
fi
if [ "$failed" -ne 0 ]; then
    echo "--- stderr (first 40 lines) ---"; head -n 40 "$W/.stderr"
    exit 1
fi
echo "ok: $name"
