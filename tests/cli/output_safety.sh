#!/bin/bash
# output_safety.sh: kgraph never reports success for output it could not write, and never
# damages an existing output file: stdout on a full device, a closed pipe, a read-only
# directory, a full file system, a missing directory, a bad dataset, bad usage.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed, 1 when one failed,
# 77 (skipped) when none failed but a part could not run (each skip says why).
set -u
KGRAPH=${1:?usage: output_safety.sh KGRAPH SOURCE_DIR}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
skips=0
skip() { echo "SKIP: $*"; skips=$((skips + 1)); }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-output-safety-XXXXXX") || exit 1
MOUNTS=()
cleanup() {
    for m in "${MOUNTS[@]+"${MOUNTS[@]}"}"; do
        umount "$m" 2>/dev/null
    done
    chmod -R u+rwx "$T" 2>/dev/null
    rm -rf -- "$T"
}
trap cleanup EXIT

# ---- datasets -------------------------------------------------------------------------

# small: a valid 3-entity dataset
mkdir "$T/small"
cat >"$T/small/entities.csv" <<'EOF'
id,label,type
xi_jinping,Xi Jinping,person
putin,Vladimir Putin,person
lavrov,Sergey Lavrov,person
EOF
cat >"$T/small/relations.csv" <<'EOF'
source,relation,target,doc,quote
xi_jinping,meets,putin,d1,They met
putin,appoints,lavrov,d1,Appointed
EOF

# wide: 100 entities (laid out quickly by dot) whose 2000-byte quotes make every format's
# output far larger than a pipe buffer (64 KiB) or the small file system below
mkdir "$T/wide"
quote=$(printf '%*s' 2000 '' | tr ' ' 'q')
{
    echo "id,label"
    for i in $(seq 100); do echo "e$i,Entity $i"; done
} >"$T/wide/entities.csv"
{
    echo "source,relation,target,quote"
    for i in $(seq 100); do echo "e$i,links,e$((i % 100 + 1)),$quote $i"; done
} >"$T/wide/relations.csv"

# big: 2000 entities and 2000 relations (DOT output, no layout, ~0.5 MB)
mkdir "$T/big"
{
    echo "id,label"
    for i in $(seq 2000); do echo "e$i,Entity number $i"; done
} >"$T/big/entities.csv"
{
    echo "source,relation,target,quote"
    for i in $(seq 2000); do echo "e$i,links,e$((i % 2000 + 1)),quote $i"; done
} >"$T/big/relations.csv"

# bad: a reference to an unknown entity
mkdir "$T/bad"
cp "$T/small/entities.csv" "$T/bad/"
printf 'source,relation,target\nxi_jinping,meets,putin\nputin,calls,nobody\n' >"$T/bad/relations.csv"

# ---- helpers ------------------------------------------------------------------------------

# expect_untouched FILE WHAT: FILE still holds ORIGINAL and no temporary file is beside it.
expect_untouched() {
    local file=$1 what=$2 dir base
    dir=$(dirname "$file")
    base=$(basename "$file")
    if [ "$(cat "$file" 2>/dev/null)" != "ORIGINAL" ]; then
        fail "$what: $file was modified"
    fi
    local stray
    stray=$(find "$dir" -maxdepth 1 -name ".$base.*" 2>/dev/null)
    if [ -n "$stray" ]; then
        fail "$what: temporary file(s) left behind: $stray"
    fi
}

# expect_failure STATUS ERRFILE WHAT [PATTERN]: status 2, a "kgraph:" message (matching
# PATTERN when given) on stderr.
expect_failure() {
    local status=$1 err=$2 what=$3 pattern=${4:-}
    if [ "$status" -ne 2 ]; then
        fail "$what: exit status $status, expected 2; stderr: $(head -c 500 "$err")"
        return
    fi
    if ! grep -q '^kgraph: ' "$err"; then
        fail "$what: exit status 2 but no 'kgraph:' message on stderr"
        return
    fi
    if [ -n "$pattern" ] && ! grep -q -- "$pattern" "$err"; then
        fail "$what: message does not match '$pattern': $(head -c 500 "$err")"
        return
    fi
    ok "$what"
}

# ---- 1. standard output on a full device --------------------------------------------------

if [ -w /dev/full ]; then
    for fmt in svg png pdf dot json; do
        "$KGRAPH" render "$T/wide" -T "$fmt" >/dev/full 2>"$T/err"
        expect_failure $? "$T/err" "render -T $fmt > /dev/full"
    done
    "$KGRAPH" check "$T/small" >/dev/full 2>"$T/err"
    expect_failure $? "$T/err" "check > /dev/full" "standard output"
else
    skip "/dev/full is not available"
fi

# -o naming a device or FIFO writes to it in place: renaming a file over /dev/full once
# replaced the device node itself. Private device nodes (made with mknod, as root) stand in
# for /dev/null and /dev/full, so that a regression cannot damage the machine's own.
if [ "$(id -u)" -eq 0 ] && mknod -m 666 "$T/null" c 1 3 2>/dev/null && mknod -m 666 "$T/dev-full" c 1 7 2>/dev/null; then
    for fmt in svg dot; do
        "$KGRAPH" render "$T/wide" -T "$fmt" -o "$T/dev-full" 2>"$T/err"
        expect_failure $? "$T/err" "render -T $fmt -o a full device" "dev-full"
    done
    if [ -c "$T/dev-full" ]; then ok "-o a full device left the device node in place"; else fail "-o a full device replaced the device node"; fi
    if "$KGRAPH" render "$T/small" -T dot -o "$T/null" 2>"$T/err" && [ -c "$T/null" ]; then
        ok "render -o a null device"
    else
        fail "render -o a null device: $(head -c 300 "$T/err")"
    fi
    stray=$(find "$T" -maxdepth 1 -name '.null.*' -o -maxdepth 1 -name '.dev-full.*')
    [ -z "$stray" ] || fail "temporary files left beside the devices: $stray"
else
    skip "-o a device: needs root to make private device nodes"
fi
mkfifo "$T/fifo"
timeout 60 cat "$T/fifo" >"$T/from-fifo" & # bounded: a kgraph that renamed a file over the FIFO would leave it waiting
reader=$!
"$KGRAPH" render "$T/small" -T dot -o "$T/fifo" 2>"$T/err"
status=$?
wait "$reader"
if [ "$status" -eq 0 ] && [ -p "$T/fifo" ] && grep -q '^digraph' "$T/from-fifo"; then
    ok "render -o FIFO streams the DOT into the pipe"
else
    fail "render -o FIFO: status $status; $(head -c 300 "$T/err")"
fi

# ---- 2. a closed pipe: a quiet end, as GNU tools (SIGPIPE, or 0), even when SIGPIPE was ignored -

for case in "wide svg" "wide json" "wide dot" "big dot"; do
    set -- $case
    for ignored in "" "trap '' PIPE;"; do
        bash -c "$ignored"' exec "$0" render "$1" -q -T "$2"' "$KGRAPH" "$T/$1" "$2" 2>"$T/err" |
            head -c 10 >/dev/null
        status=${PIPESTATUS[0]}
        what="render $1 -T $2 | head -c 10${ignored:+ (SIGPIPE ignored)}"
        if [ "$status" -ne 141 ] && [ "$status" -ne 0 ]; then
            fail "$what: exit status $status, expected 141 (SIGPIPE) or 0; $(head -c 300 "$T/err")"
        elif [ -s "$T/err" ]; then
            fail "$what: a message on stderr: $(head -c 300 "$T/err")"
        else
            ok "$what ends quietly"
        fi
    done
done

# ---- 3. the existing output file survives a bad dataset and bad usage ----------------------

printf ORIGINAL >"$T/out.svg"
"$KGRAPH" render "$T/bad" -o "$T/out.svg" 2>"$T/err"
expect_failure $? "$T/err" "render of a bad dataset" "relations.csv:3: target 'nobody' is not an entity id"
expect_untouched "$T/out.svg" "render of a bad dataset"

"$KGRAPH" render "$T/small" -T gif -o "$T/out.svg" 2>"$T/err"
expect_failure $? "$T/err" "render with an unknown format" "unknown format"
expect_untouched "$T/out.svg" "render with an unknown format"

"$KGRAPH" render "$T/small" -K nosuchengine -o "$T/out.svg" 2>"$T/err"
expect_failure $? "$T/err" "render with an unknown layout engine" "unknown layout engine"
expect_untouched "$T/out.svg" "render with an unknown layout engine"

"$KGRAPH" render "$T/small" --style "$T/no-such-style" -o "$T/out.svg" 2>"$T/err"
expect_failure $? "$T/err" "render with a missing style file"
expect_untouched "$T/out.svg" "render with a missing style file"

"$KGRAPH" render "$T/no-such-dataset" -o "$T/out.svg" 2>"$T/err"
expect_failure $? "$T/err" "render of a missing dataset" "cannot read"
expect_untouched "$T/out.svg" "render of a missing dataset"

# A successful render replaces it, atomically, with the mode a plain open would give.
(umask 022 && "$KGRAPH" render "$T/small" -q -o "$T/out.svg" 2>"$T/err")
status=$?
if [ $status -ne 0 ]; then
    fail "render of a good dataset over an existing file: exit $status: $(cat "$T/err")"
elif ! head -c 5 "$T/out.svg" | grep -q '<?xml'; then
    fail "render of a good dataset over an existing file: not replaced by an SVG"
elif [ -n "$(find "$T" -maxdepth 1 -name '.out.svg.*')" ]; then
    fail "render of a good dataset: temporary file left behind"
elif [ "$(stat -c %a "$T/out.svg")" != 644 ]; then
    fail "render of a good dataset: mode $(stat -c %a "$T/out.svg"), expected 644 under umask 022"
else
    ok "render of a good dataset replaces the existing file (mode 644, no temporary left)"
fi

# ---- 4. -o into a missing directory or onto a directory ------------------------------------

"$KGRAPH" render "$T/small" -q -o "$T/missing-dir/out.svg" 2>"$T/err"
expect_failure $? "$T/err" "render -o into a missing directory" "missing-dir"
[ -e "$T/missing-dir" ] && fail "render -o into a missing directory created it"

mkdir "$T/adir"
"$KGRAPH" render "$T/small" -q -o "$T/adir" -T svg 2>"$T/err"
expect_failure $? "$T/err" "render -o onto a directory" "directory"

# ---- 5. a read-only directory ------------------------------------------------------------------

# As root, permission bits do not stop writes: use a read-only tmpfs mount instead.
ro=""
mkdir "$T/ro"
printf ORIGINAL >"$T/ro/out.svg"
if [ "$(id -u)" -ne 0 ]; then
    chmod 555 "$T/ro" && ro="$T/ro"
elif mount -t tmpfs -o size=1m tmpfs "$T/ro" 2>/dev/null; then
    MOUNTS+=("$T/ro")
    printf ORIGINAL >"$T/ro/out.svg"
    if mount -o remount,ro "$T/ro" 2>/dev/null; then
        ro="$T/ro"
    fi
fi
if [ -n "$ro" ] && ! (: >"$ro/probe") 2>/dev/null; then
    "$KGRAPH" render "$T/small" -q -o "$ro/out.svg" 2>"$T/err"
    expect_failure $? "$T/err" "render -o into a read-only directory" "cannot create"
    expect_untouched "$ro/out.svg" "render -o into a read-only directory"
else
    skip "read-only directory: running as root without the permission to mount a read-only tmpfs"
fi

# ---- 6. a full file system ---------------------------------------------------------------------

# A 64 KiB tmpfs holding out.svg; each output of the wide dataset is several times larger.
full=""
if [ "$(id -u)" -eq 0 ]; then
    mkdir "$T/full"
    if mount -t tmpfs -o size=64k tmpfs "$T/full" 2>/dev/null; then
        MOUNTS+=("$T/full")
        full="$T/full"
    fi
fi
if [ -n "$full" ]; then
    for fmt in svg dot json; do
        printf ORIGINAL >"$full/out.$fmt"
        "$KGRAPH" render "$T/wide" -q -o "$full/out.$fmt" 2>"$T/err"
        expect_failure $? "$T/err" "render -o out.$fmt on a full file system"
        expect_untouched "$full/out.$fmt" "render -o out.$fmt on a full file system"
        rm -f "$full"/.out.* # do not let one case's leftovers fill the disk for the next
    done
else
    skip "full file system: needs root to mount a small tmpfs"
fi

# ---- issue 14 item 10: -o onto an input is refused; -o on a dangling link writes through ---
mkdir "$T/inp"
cp "$T/small/entities.csv" "$T/small/relations.csv" "$T/inp/"
sum_before=$(cat "$T/inp/entities.csv" "$T/inp/relations.csv" | md5sum)
for cmd in "stats -T csv" "conflicts -T csv" "render -T dot" "export -T json" "report -T html"; do
    for target in "$T/inp/entities.csv" "$T/inp/../inp/relations.csv"; do
        # shellcheck disable=SC2086
        "$KGRAPH" $cmd "$T/inp" -q -o "$target" 2>"$T/err"
        expect_failure $? "$T/err" "$cmd -o $(basename "$target")" "input files: refusing"
    done
done
[ "$(cat "$T/inp/entities.csv" "$T/inp/relations.csv" | md5sum)" = "$sum_before" ] &&
    ok "-o naming an input file (directly or by another path) leaves the data intact" ||
    fail "an input file was overwritten"
ln -s relations.csv "$T/inp/rel-link.csv"
"$KGRAPH" render "$T/inp" -q -T dot -o "$T/inp/rel-link.csv" 2>"$T/err"
expect_failure $? "$T/err" "-o a link to an input" "input files: refusing"
# sources.csv does not exist yet: writing it would change the dataset on the next run
"$KGRAPH" stats "$T/inp" -q -o "$T/inp/sources.csv" 2>"$T/err"
expect_failure $? "$T/err" "-o the dataset's missing sources.csv" "input files: refusing"
[ ! -e "$T/inp/sources.csv" ] && ok "the optional sources.csv was not created" ||
    fail "-o DIR/sources.csv created the file"
printf '[node]\ncolor = #b91c1c\n' >"$T/style.txt"
cp "$T/style.txt" "$T/style.orig"
"$KGRAPH" render "$T/small" -q --style "$T/style.txt" -T dot -o "$T/style.out" 2>"$T/err" ||
    fail "the style file does not load: $(cat "$T/err")"
"$KGRAPH" render "$T/small" -q --style "$T/style.txt" -T dot -o "$T/style.txt" 2>"$T/err"
expect_failure $? "$T/err" "-o the --style file" "input files: refusing"
cmp -s "$T/style.txt" "$T/style.orig" || fail "-o the --style file replaced it"

# diff reads both versions: -o may name no file of either side (a dataset directory, a
# single file, a companion named by --sources), for text, CSV and diagrams alike
mkdir "$T/dnew"
cp "$T/small/entities.csv" "$T/dnew/"
sed 's/They met/They met again/' "$T/small/relations.csv" >"$T/dnew/relations.csv"
printf 'id,title\nd1,Doc\n' >"$T/dsrc.csv"
cp -r "$T/inp" "$T/dold"
rm -f "$T/dold/rel-link.csv"
sum_before=$(cat "$T/dold"/*.csv "$T/dnew"/*.csv "$T/dsrc.csv" | md5sum)
for target in "$T/dold/entities.csv" "$T/dnew/../dnew/relations.csv" "$T/dold/sources.csv"; do
    for fmt in text csv dot; do
        "$KGRAPH" diff "$T/dold" "$T/dnew" -q -T $fmt -o "$target" 2>"$T/err"
        expect_failure $? "$T/err" "diff OLD NEW -T $fmt -o $(basename "$target")" "input files: refusing"
    done
done
"$KGRAPH" diff "$T/dold/relations.csv" "$T/dnew/relations.csv" -q -o "$T/dnew/relations.csv" 2>"$T/err"
expect_failure $? "$T/err" "diff OLD-FILE NEW-FILE -o NEW-FILE" "input files: refusing"
"$KGRAPH" diff "$T/dold" "$T/dnew" --sources "$T/dsrc.csv" -q -o "$T/dsrc.csv" 2>"$T/err"
expect_failure $? "$T/err" "diff --sources FILE -o FILE" "input files: refusing"
[ "$(cat "$T/dold"/*.csv "$T/dnew"/*.csv "$T/dsrc.csv" | md5sum)" = "$sum_before" ] &&
    [ ! -e "$T/dold/sources.csv" ] && ok "diff -o naming a file of either side leaves the data intact" ||
    fail "diff overwrote one of its inputs"
"$KGRAPH" diff "$T/dold" "$T/dnew" -q -o "$T/diff.txt" 2>"$T/err"
[ $? -eq 1 ] && [ -s "$T/diff.txt" ] && ok "diff -o another file is written" ||
    fail "diff -o another file: $(cat "$T/err")"

# export -T neo4j replaces a directory whole: not one holding an input
mkdir "$T/neo"
cp "$T/small/entities.csv" "$T/neo/"
"$KGRAPH" export "$T/neo" --relations "$T/small/relations.csv" -q -T neo4j -o "$T/neo" 2>"$T/err"
expect_failure $? "$T/err" "export -T neo4j -o the dataset's directory" "input files: refusing"
cmp -s "$T/neo/entities.csv" "$T/small/entities.csv" && [ ! -e "$T/neo/relationships.csv" ] &&
    ok "the dataset's directory is not replaced by a neo4j export" || fail "neo4j export replaced an input"

# a dangling link: its target is created, the link stays a link
ln -s made-by-link.svg "$T/dangling.svg"
"$KGRAPH" render "$T/small" -q -o "$T/dangling.svg" 2>"$T/err"
if [ $? -eq 0 ] && [ -L "$T/dangling.svg" ] && [ "$(readlink "$T/dangling.svg")" = made-by-link.svg ] &&
    grep -q '<svg' "$T/made-by-link.svg"; then
    ok "-o a dangling link: written through to its target, the link kept"
else
    fail "dangling link: $(ls -l "$T/dangling.svg" 2>&1) $(cat "$T/err")"
fi
# a chain of links, the last one dangling into a missing directory: an error, nothing made
ln -s "$T/no-such-dir/x.svg" "$T/far.svg"
ln -s far.svg "$T/chain.svg"
"$KGRAPH" render "$T/small" -q -o "$T/chain.svg" 2>"$T/err"
expect_failure $? "$T/err" "-o a link chain into a missing directory" "no-such-dir"
[ -L "$T/chain.svg" ] && [ -L "$T/far.svg" ] && ok "the links of a failed chain stay links" ||
    fail "link chain replaced"
ln -s loop-b.svg "$T/loop-a.svg"
ln -s loop-a.svg "$T/loop-b.svg"
"$KGRAPH" render "$T/small" -q -o "$T/loop-a.svg" 2>"$T/err"
expect_failure $? "$T/err" "-o a link loop" "symbolic links"

if [ "$failures" -ne 0 ]; then
    echo "output_safety: $failures check(s) failed"
    exit 1
fi
if [ "$skips" -ne 0 ]; then
    echo "output_safety: all checks that ran passed; $skips part(s) skipped"
    exit 77
fi
echo "output_safety: all checks passed"
exit 0
