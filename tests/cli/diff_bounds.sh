#!/bin/bash
# diff_bounds.sh: `kgraph diff` on malformed input stays bounded: one unterminated quote in
# entities.csv, sources.csv or relations.csv is refused with the loader's message by every
# method (scan, model, the default one on inputs of 8 MiB or more, the git driver), instead
# of the scan taking the bad row again and again until the row limit (15 GB for a 12-byte
# file); a git blob or a git driver's file over --max-file-size is refused before it is
# read (it was read whole first). Memory is held by an address-space limit where the build allows one (not under
# AddressSanitizer, whose shadow memory needs terabytes of address space; the resource-bound
# table, tests/bounds/diff_*.case, measures it there). $1 = kgraph binary, $2 = source dir.
set -u
KGRAPH=${1:?usage: diff_bounds.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: diff_bounds.sh KGRAPH SOURCE_DIR}
KGRAPH=$(cd "$(dirname "$KGRAPH")" && pwd)/$(basename "$KGRAPH")

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-diffb-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
cd "$T" || exit 1

# 1 GiB of address space is 50 times what these inputs need (kgraph itself needs < 60 MB).
limit=
limited=0
if ! ldd "$KGRAPH" 2>/dev/null | grep -q 'libasan\|libtsan\|libmsan'; then
    limited=1 limit=1048576
fi

# refused WHAT LINE-MESSAGE CMD...: CMD exits 2 and stderr names the bad line (within the
# memory limit; the timeout only ends a runaway, it is no speed threshold).
refused() {
    local what=$1 msg=$2
    shift 2
    (
        [ -n "$limit" ] && ulimit -v "$limit"
        exec timeout -s KILL 600 "$@"
    ) >"$T/out" 2>"$T/err"
    local got=$?
    if [ "$got" -eq 2 ] && grep -qF -- "$msg" "$T/err"; then
        ok "$what: refused with '$msg'"
    else
        fail "$what: exit $got, expected 2 and '$msg'; stderr: $(head -c 300 "$T/err")"
    fi
}

UNTERMINATED="unterminated quoted field"

# ---- the 12-byte file of issue 14, for entities and sources, both methods --------------------
printf 'id,label\na,"x\n' >x_entities.csv
printf 'id,label\na,"x\n' >x_sources.csv
# relations: the bad field after the required ones (before them, a missing target stopped it)
printf 'source,relation,target,doc\na,r,b,"x\n' >x_relations.csv
for f in x_entities.csv x_sources.csv x_relations.csv; do
    for m in scan model; do
        refused "$f, --method $m" "$f:2: $UNTERMINATED" "$KGRAPH" diff "$f" "$f" --method "$m"
    done
done

# ---- the default method on inputs of 8 MiB or more (it scans them) -------------------------------
# 400,000 valid rows (9 MiB), then the unterminated quote on line 400,002
awk 'BEGIN { print "id,label"; for (i = 0; i < 400000; i++) printf "entity%07d,label of %07d\n", i, i;
             printf "zz,\"x\n" }' >big_entities.csv
size=$(wc -c <big_entities.csv)
[ "$size" -gt $((8 << 20)) ] && ok "big_entities.csv is $size bytes (over 8 MiB)" ||
    fail "big_entities.csv is only $size bytes"
refused "a file over 8 MiB, default method" "big_entities.csv:400002: $UNTERMINATED" \
    "$KGRAPH" diff big_entities.csv big_entities.csv
refused "a file over 8 MiB, --method scan" "big_entities.csv:400002: $UNTERMINATED" \
    "$KGRAPH" diff big_entities.csv big_entities.csv --method scan
# a dataset directory whose entities.csv is the big file
mkdir -p ds
cp big_entities.csv ds/entities.csv
printf 'source,relation,target\nentity0000000,r,entity0000001\n' >ds/relations.csv
refused "a dataset over 8 MiB, default method" "entities.csv:400002: $UNTERMINATED" \
    "$KGRAPH" diff ds ds

# ---- the git driver (git runs: kgraph diff --git PATH OLD HEX MODE NEW HEX MODE) ------------------
H=0000000000000000000000000000000000000000
refused "git driver, 12-byte file" "a/x_entities.csv:2: $UNTERMINATED" \
    "$KGRAPH" diff --git x_entities.csv x_entities.csv $H 100644 x_entities.csv $H 100644
refused "git driver, a file over 8 MiB" "a/data/entities.csv:400002: $UNTERMINATED" \
    "$KGRAPH" diff --git data/entities.csv big_entities.csv $H 100644 big_entities.csv $H 100644

# ---- a file over --max-file-size from git is refused unread -------------------------------------
if ! command -v git >/dev/null; then
    echo "SKIP: git not installed: blobs over --max-file-size"
else
    export HOME=$T GIT_CONFIG_NOSYSTEM=1
    mkdir -p repo/big && cd repo || exit 1
    # 200 MB that git stores in 200 KB
    { echo id,label; yes 'e,x' | head -c 200000000; } >big/entities.csv
    git init -q && git add big && git -c user.name=kgraph -c user.email=kgraph@example.org commit -qm big ||
        fail "cannot make a git repository"
    printf 'id,label
a,x
' >small_entities.csv
    # 150 MB of address space: less than the blob, plenty for kgraph
    [ "$limited" = 1 ] && limit=153600
    refused "a 200 MB blob, --max-file-size 1K" \
        "HEAD:big/entities.csv: file is 200000009 bytes, over the limit of 1024 (see --max-file-size)" \
        "$KGRAPH" diff --max-file-size 1K HEAD:big/entities.csv small_entities.csv
    refused "git driver, a 200 MB file, --max-file-size 1K" \
        "a/big/entities.csv: file is 200000009 bytes, over the limit of 1024 (see --max-file-size)" \
        "$KGRAPH" diff --git --max-file-size 1K big/entities.csv big/entities.csv $H 100644 \
        small_entities.csv $H 100644
    cd "$T" || exit 1
fi

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
