#!/bin/bash
# exports.sh: libkgraph.so exports exactly the functions declared with KG_API in
# include/kgraph/*.h: every dynamic symbol it defines (nm -D --defined-only) is one of them
# and each of them is defined; every function a public header declares carries KG_API.
# Every other global symbol of libkgraph.a and of the CLI's libkgraph_tool.a is internal
# and carries the mark kg_MODULE__name, or kg__name (docs/architecture.md, "Naming").
# Also proves the checks can fail: one name taken from either side of the comparison, and
# an unmarked internal name, must be reported.
# $1 = kgraph binary (the libraries are in src/ of the same build tree; libkgraph.so may be
# named by $KGRAPH_SHARED_LIBRARY), $2 = source dir. Exit 0 when every check passed, 77
# without nm.
set -u
KGRAPH=${1:?usage: exports.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: exports.sh KGRAPH SOURCE_DIR}
BUILD=$(cd "$(dirname "$KGRAPH")" && pwd)
LIB=${KGRAPH_SHARED_LIBRARY:-$BUILD/src/libkgraph.so}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

if ! command -v nm >/dev/null 2>&1; then
    echo "SKIP: nm is not installed (binutils)"
    exit 77
fi
[ -f "$LIB" ] || { echo "FAIL: no shared library at $LIB"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-exports-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# The declared set: the function each line starting with KG_API declares (its name and
# the opening parenthesis are on that line).
grep -h '^KG_API' "$SRC"/include/kgraph/*.h >"$T/api-lines"
sed -nE 's/^KG_API [^(]*[ *](kg_[a-z0-9_]+)\(.*/\1/p' "$T/api-lines" | sort -u >"$T/declared"
bad=$(grep -vE '^KG_API [^(]*[ *]kg_[a-z0-9_]+\(' "$T/api-lines")
[ -z "$bad" ] && ok "each KG_API line names a kg_ function" ||
    fail "KG_API lines that name no kg_ function on the same line: $bad"
# A function declaration at the start of a line without KG_API would not be exported.
unmarked=$(grep -nE '^[a-z][A-Za-z0-9_ *]*[ *]kg_[a-z0-9_]+\(' "$SRC"/include/kgraph/*.h | grep -v ':typedef ')
[ -z "$unmarked" ] && ok "every public function declaration carries KG_API" ||
    fail "public declarations without KG_API:
$unmarked"

# The exported set: every symbol the library defines for the dynamic linker, less the
# version node (type A); the version suffix (@@KGRAPH_0) is cut.
nm -D --defined-only "$LIB" >"$T/nm" || { echo "FAIL: nm -D $LIB"; exit 1; }
awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' "$T/nm" | sort -u >"$T/exported"

# compare DECLARED EXPORTED: 0 when equal, else prints the difference both ways
compare() {
    local missing extra
    missing=$(comm -23 "$1" "$2")
    extra=$(comm -13 "$1" "$2")
    [ -z "$missing" ] && [ -z "$extra" ] && return 0
    [ -n "$missing" ] && echo "declared with KG_API, not exported:" $missing
    [ -n "$extra" ] && echo "exported, not declared with KG_API:" $extra
    return 1
}

if [ ! -s "$T/declared" ] || [ ! -s "$T/exported" ]; then
    fail "empty set: $(wc -l <"$T/declared") declared, $(wc -l <"$T/exported") exported"
elif compare "$T/declared" "$T/exported" >"$T/diff"; then
    ok "libkgraph.so exports the $(wc -l <"$T/declared") KG_API functions, nothing else"
else
    fail "$(cat "$T/diff")"
fi

# Internal names: a global symbol of the static libraries that is not a KG_API function
# must have the mark (symbols the compiler makes, starting with _, aside).
# unmarked LIST: prints the names of LIST (one a line) that are neither declared nor marked
unmarked() {
    grep -vxFf "$T/declared" "$1" | grep -vE '^(kg_[a-z0-9]+__|kg__)[a-z0-9_]+$|^_' || true
}
for a in libkgraph.a libkgraph_tool.a; do
    if [ ! -f "$BUILD/src/$a" ]; then
        fail "no $a in $BUILD/src"
        continue
    fi
    nm -g --defined-only "$BUILD/src/$a" | awk 'NF == 3 && $2 != "A" { print $3 }' | sort -u >"$T/globals"
    [ -s "$T/globals" ] || fail "$a: no global symbols read"
    bad=$(unmarked "$T/globals")
    [ -z "$bad" ] && ok "$a: every global symbol is a KG_API function or marked kg_MODULE__name" ||
        fail "$a: global symbols neither KG_API nor marked kg_MODULE__name:" $bad
done
printf 'kg__malloc\nkg_buf__append\nkg_buf_append\n' >"$T/planted"
[ "$(unmarked "$T/planted")" = kg_buf_append ] && ok "self-check: an unmarked internal name is reported" ||
    fail "self-check: unmarked names: $(unmarked "$T/planted" | tr '\n' ' ')"

# The comparison itself: a name dropped from either side is reported.
first=$(head -1 "$T/declared")
grep -vx "$first" "$T/declared" >"$T/declared-1"
grep -vx "$first" "$T/exported" >"$T/exported-1"
compare "$T/declared-1" "$T/exported" >"$T/out1" && fail "self-check: an extra export went unnoticed"
grep -q "exported, not declared with KG_API: $first" "$T/out1" || fail "self-check: extra export: $(cat "$T/out1")"
compare "$T/declared" "$T/exported-1" >"$T/out2" && fail "self-check: a missing export went unnoticed"
grep -q "declared with KG_API, not exported: $first" "$T/out2" || fail "self-check: missing export: $(cat "$T/out2")"
ok "self-check: one name missing on either side is reported ($first)"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
