#!/bin/bash
# regenerate.sh: rewrites every generated golden file in tests/golden/ (see README.md there)
# from its input, so a deliberate change of output is one command and a reviewed `git diff`.
#   tests/golden/regenerate.sh KGRAPH        KGRAPH = the kgraph binary (e.g. build/kgraph)
# The inputs (diff/old/, diff/new/, tests/data/...) are hand-made and never written.
# stats/karate.csv comes from networkx (tests/stats/networkx_check.py --golden), not from
# kgraph, so that the stats test compares kgraph with an independent reference.
# Exit 0 when every file was written, 2 on a usage error or a failed command.
set -u
KGRAPH=${1:?usage: regenerate.sh KGRAPH}
KGRAPH=$(cd "$(dirname "$KGRAPH")" && pwd)/$(basename "$KGRAPH")
SRC=$(cd "$(dirname "$0")/../.." && pwd)
G=$SRC/tests/golden
cd "$SRC" || exit 2 # conflicts name their input files as given: tests/data/conflicts/...

# run EXPECTED_STATUS OUT CMD...: runs CMD with stdout to OUT (via a temp file, renamed
# only when CMD exited with EXPECTED_STATUS, so a failure never leaves a clobbered file).
run() {
    local want=$1 out=$2
    shift 2
    "$@" >"$out.tmp"
    local status=$?
    if [ "$status" -ne "$want" ]; then
        echo "regenerate: $* exited $status, expected $want" >&2
        rm -f -- "$out.tmp"
        exit 2
    fi
    mv -- "$out.tmp" "$out"
    echo "wrote ${out#"$SRC"/}"
}

# conflicts/: kgraph conflicts of the small dataset tests/data/conflicts (exit 1: found)
for f in text csv json; do
    run 1 "$G/conflicts/conflicts.$f" "$KGRAPH" conflicts tests/data/conflicts -T "$f"
done

# diff/: kgraph diff of the hand-made pair diff/old -> diff/new (exit 1: differences)
run 1 "$G/diff/diff.txt" "$KGRAPH" diff "$G/diff/old" "$G/diff/new"
run 1 "$G/diff/diff.csv" "$KGRAPH" diff -T csv "$G/diff/old" "$G/diff/new"
run 1 "$G/diff/diff.json" "$KGRAPH" diff -T json "$G/diff/old" "$G/diff/new"

# export/: kgraph export of diff/new in the three formats (neo4j writes a directory)
run 0 "$G/export/new.graphml" "$KGRAPH" export "$G/diff/new" -q -T graphml -o -
run 0 "$G/export/new.json" "$KGRAPH" export "$G/diff/new" -q -T json -o -
rm -rf -- "$G/export/neo4j.tmp"
if ! "$KGRAPH" export "$G/diff/new" -q -T neo4j -o "$G/export/neo4j.tmp"; then
    echo "regenerate: kgraph export -T neo4j failed" >&2
    rm -rf -- "$G/export/neo4j.tmp"
    exit 2
fi
rm -rf -- "$G/export/neo4j" && mv -- "$G/export/neo4j.tmp" "$G/export/neo4j"
echo "wrote tests/golden/export/neo4j/"

# stats/: networkx's figures for Zachary's karate club (python3-networkx)
run 0 "$G/stats/karate.csv" python3 "$SRC/tests/stats/networkx_check.py" --golden tests/data/karate

echo "regenerate: done; review with git diff tests/golden"
