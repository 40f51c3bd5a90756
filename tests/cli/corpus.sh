#!/bin/bash
# corpus.sh: `kgraph check --corpus`: every quote of the bundled dataset is found in the seed
# texts (../shared/seeds beside the clone; SKIP when absent), and small hand-made corpora
# fail the way they should: a quote altered, a file missing, a path escaping the corpus.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed, 1 when one failed,
# 77 (skipped) when none failed but the seed texts were absent (it says so).
set -u
KGRAPH=${1:?usage: corpus.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: corpus.sh KGRAPH SOURCE_DIR}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
skips=0

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-corpus-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# ---- 1. the bundled dataset against the seed texts -------------------------------------------

SEEDS="$SRC/../shared/seeds"
if [ -d "$SEEDS" ]; then
    "$KGRAPH" check "$SRC/data" --corpus "$SEEDS" >"$T/out" 2>"$T/err"
    status=$?
    citations=$(sed -n '1s/.*(\([0-9]*\) citations).*/\1/p' "$T/out")
    if [ $status -ne 0 ]; then
        fail "bundled dataset: exit $status: $(grep -v warning "$T/err" | head -20)"
    elif ! grep -qx "quotes: $citations verified in [0-9]* documents" "$T/out"; then
        fail "bundled dataset: not every one of the $citations quotes verified: $(sed -n 2p "$T/out")"
    elif ! grep -qx 'mentioned but in no relation: none' "$T/out"; then
        fail "bundled dataset: coverage: $(tail -1 "$T/out")"
    elif [ "$(grep -c '^coverage: ' "$T/out")" -ne "$(($(wc -l <"$SRC/data/entities.csv") - 1))" ]; then
        fail "bundled dataset: not one coverage line per entity"
    else
        ok "bundled dataset: $(sed -n 2p "$T/out")"
    fi

    # the same data with one quote altered: an error at its line with the closest passage
    cp -r "$SRC/data" "$T/altered"
    sed -i 's/even as Russia threatens Ukraine/even as Russia invades Ukraine/' "$T/altered/relations.csv"
    line=$(grep -n 'even as Russia invades Ukraine' "$T/altered/relations.csv" | cut -d: -f1)
    "$KGRAPH" check "$T/altered" --corpus "$SEEDS" -q >"$T/out" 2>"$T/err"
    status=$?
    if [ -z "$line" ]; then
        fail "altered quote: the quote to alter is no longer in data/relations.csv"
    elif [ $status -ne 2 ]; then
        fail "altered quote: exit $status, expected 2"
    elif ! grep -q "^kgraph: $T/altered/relations.csv:$line: quote not found in .*: \"even as Russia invades Ukraine\"" "$T/err"; then
        fail "altered quote: no error at line $line: $(head -3 "$T/err")"
    elif ! grep -q "^kgraph: $T/altered/relations.csv:$line: note: closest passage: \".*Russia threatens Ukraine" "$T/err"; then
        fail "altered quote: closest passage not shown: $(head -3 "$T/err")"
    else
        ok "altered quote: reported at relations.csv:$line with the closest passage"
    fi
else
    echo "SKIP: $SEEDS does not exist (the seed texts live beside the clone in CI)"
    skips=$((skips + 1))
fi

# ---- 2. hand-made corpora ---------------------------------------------------------------------

mkdir -p "$T/ds" "$T/corpus" "$T/outside"
cat >"$T/ds/entities.csv" <<'EOF'
id,label,type,aliases
xi,Xi Jinping,person,Xi
putin,Vladimir Putin,person,Putin
EOF
cat >"$T/ds/sources.csv" <<'EOF'
id,title,file
a,Doc A,a.txt
EOF
printf 'Xi met Putin on \xe2\x80\x9cWednesday\xe2\x80\x9d.\nPutinxe2x80x99s reply was\nwarm.\n' >"$T/corpus/a.txt"
echo 'Xi met Putin, said the secret file.' >"$T/outside/secret.txt"

cat >"$T/ds/relations.csv" <<'EOF'
source,relation,target,doc,quote
xi,meets,putin,a,"Xi met Putin on ""Wednesday""."
putin,answers,xi,a,Putin's reply was warm.
EOF
"$KGRAPH" check "$T/ds" --corpus "$T/corpus" >"$T/out" 2>"$T/err"
status=$?
if [ $status -eq 0 ] && grep -qx 'quotes: 2 verified in 1 documents' "$T/out" &&
    grep -qx 'coverage: xi (Xi Jinping): a' "$T/out"; then
    ok "curly quotes, line breaks and spelled-out bytes match"
else
    fail "small corpus: exit $status: $(cat "$T/out" "$T/err")"
fi

printf 'id,title,file\na,Doc A,gone.txt\n' >"$T/ds/sources.csv"
"$KGRAPH" check "$T/ds" --corpus "$T/corpus" >"$T/out" 2>"$T/err"
status=$?
if [ $status -eq 2 ] && grep -q "sources.csv:2: source 'a': cannot read '.*gone.txt': No such file" "$T/err"; then
    ok "a missing document is an error naming the source and its line"
else
    fail "missing document: exit $status: $(cat "$T/err")"
fi

printf 'id,title,file\na,Doc A,../outside/secret.txt\n' >"$T/ds/sources.csv"
"$KGRAPH" check "$T/ds" --corpus "$T/corpus" >"$T/out" 2>"$T/err"
status=$?
if [ $status -eq 2 ] && grep -q "sources.csv:2: source 'a': file '../outside/secret.txt' is not a plain file name" "$T/err" &&
    grep -qx 'quotes: 0 of 2 verified in 0 documents (0 not found, 2 unchecked)' "$T/out"; then
    ok "a file name reaching outside the corpus is rejected"
else
    fail "path traversal: exit $status: $(cat "$T/out" "$T/err")"
fi

"$KGRAPH" check "$T/ds" --corpus "$T/no-such-dir" >"$T/out" 2>"$T/err"
status=$?
if [ $status -eq 2 ] && grep -q "cannot read corpus directory '.*no-such-dir'" "$T/err"; then
    ok "a missing corpus directory is an error"
else
    fail "missing corpus directory: exit $status: $(cat "$T/err")"
fi

# ---- issue 14 item 7: the corpus reader opens only regular files inside the corpus ----------

# a symbolic link out of the corpus (evil.txt -> the outside file): refused, never read, and
# the outside file's text never shown as a "closest passage"
ln -s "$T/outside/secret.txt" "$T/corpus/evil.txt"
printf 'id,title,file\na,Doc A,evil.txt\n' >"$T/ds/sources.csv"
printf 'source,relation,target,doc,quote\nxi,meets,putin,a,Xi met Putin\nputin,answers,xi,a,nothing like this\n' \
    >"$T/ds/relations.csv"
"$KGRAPH" check "$T/ds" --corpus "$T/corpus" >"$T/out" 2>"$T/err"
status=$?
if [ $status -eq 2 ] && grep -q "sources.csv:2: source 'a': cannot read '.*evil.txt': a symbolic link" "$T/err" &&
    ! grep -q "secret" "$T/out" "$T/err" && grep -q '0 of 2 verified' "$T/out"; then
    ok "a symbolic link out of the corpus is refused, its target never read"
else
    fail "symlink out of the corpus: exit $status: $(cat "$T/out" "$T/err")"
fi

# a link to a file inside the corpus is refused as well (no symbolic links at all)
ln -s a.txt "$T/corpus/inside.txt"
printf 'id,title,file\na,Doc A,inside.txt\n' >"$T/ds/sources.csv"
"$KGRAPH" check "$T/ds" --corpus "$T/corpus" >"$T/out" 2>"$T/err"
status=$?
[ $status -eq 2 ] && grep -q "cannot read '.*inside.txt': a symbolic link" "$T/err" &&
    ok "a symbolic link inside the corpus is refused too" ||
    fail "symlink inside the corpus: exit $status: $(cat "$T/err")"

# a FIFO: refused without blocking (no writer ever comes)
if mkfifo "$T/corpus/pipe.txt" 2>/dev/null; then
    printf 'id,title,file\na,Doc A,pipe.txt\n' >"$T/ds/sources.csv"
    timeout 20 "$KGRAPH" check "$T/ds" --corpus "$T/corpus" >"$T/out" 2>"$T/err"
    status=$?
    [ $status -eq 2 ] && grep -q "cannot read '.*pipe.txt': not a regular file" "$T/err" &&
        ok "a FIFO in the corpus is refused without waiting for a writer" ||
        fail "FIFO: exit $status: $(cat "$T/err")"
else
    echo "skip: mkfifo unavailable"
fi

# a symbolic link to a directory outside (sub -> outside/): neither the link itself nor a
# path through it is read
ln -s "$T/outside" "$T/corpus/sub"
printf 'id,title,file\na,Doc A,sub\nb,Doc B,sub/secret.txt\n' >"$T/ds/sources.csv"
printf 'source,relation,target,doc,quote\nxi,meets,putin,a,Xi met Putin\nputin,answers,xi,b,Xi met Putin\n' \
    >"$T/ds/relations.csv"
"$KGRAPH" check "$T/ds" --corpus "$T/corpus" >"$T/out" 2>"$T/err"
status=$?
if [ $status -eq 2 ] && grep -q "sources.csv:2: source 'a': cannot read '.*sub': a symbolic link" "$T/err" &&
    grep -q "sources.csv:3: source 'b': file 'sub/secret.txt' is not a plain file name" "$T/err" &&
    grep -q '0 of 2 verified' "$T/out"; then
    ok "a symbolically linked subdirectory is never entered"
else
    fail "symlinked subdirectory: exit $status: $(cat "$T/out" "$T/err")"
fi

# ---- issue 14 item 5: the closest passage is shown with C1 and bidi controls escaped --------
printf '\xffXi met \xc2\x9b31mPutin \xe2\x80\xaeon Monday\xe2\x80\xac in town.\n' >"$T/corpus/ctl.txt"
printf 'id,title,file\na,Doc A,ctl.txt\n' >"$T/ds/sources.csv"
printf 'source,relation,target,doc,quote\nxi,meets,putin,a,Xi met Putin on Monday in town\n' \
    >"$T/ds/relations.csv"
"$KGRAPH" check "$T/ds" --corpus "$T/corpus" >"$T/out" 2>"$T/err"
status=$?
if [ $status -eq 2 ] && grep -qF 'closest passage: "\xFFXi met \u009B31mPutin \u202Eon Monday\u202C in' "$T/err" &&
    ! LC_ALL=C grep -q $'\xc2\x9b\|\xe2\x80\xae\|\xff' "$T/err"; then
    ok "C1 and bidi controls and malformed bytes of a document are escaped when shown"
else
    fail "controls in the closest passage: exit $status: $(cat -v "$T/err")"
fi

if [ "$failures" -ne 0 ]; then
    echo "corpus: $failures check(s) failed"
    exit 1
fi
if [ "$skips" -ne 0 ]; then
    echo "corpus: all checks that ran passed; the seed texts part skipped"
    exit 77
fi
echo "corpus: all checks passed"
exit 0
