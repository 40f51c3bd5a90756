#!/bin/bash
# names_pipe.sh: a closed pipe ends kgraph quietly, as GNU tools (issue 17): `kgraph check
# data | head -1` prints nothing on stderr and ends by SIGPIPE (or 0), for every command
# writing to standard output, even when the caller ignored SIGPIPE; a full device
# (/dev/full) is still an error: exit 2 with a message.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: names_pipe.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: names_pipe.sh KGRAPH SOURCE_DIR}
DATA=$SRC/data
NAMES=$SRC/tests/data/names

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-names-pipe-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# every command that writes to standard output, as WHAT|ARGS (ARGS split at spaces)
commands=(
    "check|check $DATA"
    "render -T dot|render $DATA -T dot"
    "stats|stats $DATA"
    "stats -T csv|stats $DATA -T csv"
    "diff|diff $NAMES $DATA"
    "export -T json|export $DATA -T json"
    "conflicts|conflicts $DATA"
)

# 1. a pipe with no reader left (deterministic: a FIFO opened for writing, its only
# reader closed before kgraph starts): the first write raises SIGPIPE
mkfifo "$T/fifo" || exit 1
for c in "${commands[@]}"; do
    what=${c%%|*}
    read -r -a args <<<"${c#*|}"
    for ignored in "" "trap '' PIPE;"; do
        (
            exec 3<>"$T/fifo" 4>"$T/fifo" 3<&-
            bash -c "$ignored"' exec "$@" >&4 2>"$0"' "$T/err" "$KGRAPH" "${args[@]}" -q
        )
        status=$?
        label="$what into a closed pipe${ignored:+ (SIGPIPE ignored by the caller)}"
        if [ $status -ne 141 ]; then
            fail "$label: exit $status, expected 141 (SIGPIPE): $(head -c 300 "$T/err")"
        elif [ -s "$T/err" ]; then
            fail "$label: a message: $(head -c 300 "$T/err")"
        else
            ok "$label ends quietly by SIGPIPE"
        fi
    done
done

# 2. a pipeline whose reader stops early
for c in "${commands[@]}"; do
    what=${c%%|*}
    read -r -a args <<<"${c#*|}"
    "$KGRAPH" "${args[@]}" -q 2>"$T/err" | head -c 1 >/dev/null
    status=${PIPESTATUS[0]}
    if [ $status -ne 141 ] && [ $status -ne 0 ] && [ $status -ne 1 ]; then
        fail "$what | head -c 1: exit $status: $(head -c 300 "$T/err")"
    elif [ -s "$T/err" ]; then
        fail "$what | head -c 1: a message: $(head -c 300 "$T/err")"
    else
        ok "$what | head -c 1 ends quietly (exit $status)"
    fi
done
"$KGRAPH" check "$DATA" 2>/dev/null | head -1 >"$T/first"
[ "${PIPESTATUS[0]}" -ne 2 ] && grep -q "entities" "$T/first" && ok "check | head -1" ||
    fail "check | head -1"

# 3. a full device: exit 2 with a message
for c in "${commands[@]}"; do
    what=${c%%|*}
    read -r -a args <<<"${c#*|}"
    "$KGRAPH" "${args[@]}" -q >/dev/full 2>"$T/err"
    status=$?
    if [ $status -ne 2 ]; then
        fail "$what >/dev/full: exit $status, expected 2"
    elif ! grep -q '^kgraph: .*\(standard output\|write\)' "$T/err"; then
        fail "$what >/dev/full: no message about the write: $(head -c 300 "$T/err")"
    else
        ok "$what >/dev/full: exit 2, $(head -1 "$T/err")"
    fi
done

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
