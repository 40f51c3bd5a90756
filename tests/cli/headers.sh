#!/bin/bash
# headers.sh: each public header (include/kgraph.h, include/kgraph/*.h) compiles alone
# with -std=c11 -Wall -Wextra -pedantic -Werror, and as C++ (their extern "C"), and every
# public function declaration sits under a comment (its contract) or in a group under
# one. $1 = kgraph binary (unused), $2 = source dir. Exit 0 when every check passed.
set -u
SRC=${2:?usage: headers.sh KGRAPH SOURCE_DIR}
CC=${CC:-cc}
CXX=${CXX:-$(command -v g++ || command -v c++ || true)}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-headers-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

cd "$SRC/include" || exit 1
for h in kgraph.h kgraph/*.h; do
    printf '#include <%s>\n#include <%s> /* twice: include guards */\n' "$h" "$h" >"$T/one.c"
    if "$CC" -std=c11 -Wall -Wextra -pedantic -Werror -fsyntax-only -I. "$T/one.c" 2>"$T/err"; then
        ok "$h compiles alone as C11"
    else
        fail "$h as C11: $(head -c 400 "$T/err")"
    fi
    if [ -n "$CXX" ]; then
        cp "$T/one.c" "$T/one.cpp"
        if "$CXX" -std=c++11 -Wall -Wextra -pedantic -Werror -fsyntax-only -I. "$T/one.cpp" 2>"$T/err"; then
            ok "$h compiles alone as C++11"
        else
            fail "$h as C++11: $(head -c 400 "$T/err")"
        fi
    fi
done
[ -n "$CXX" ] || echo "note: no C++ compiler: C++ checks skipped"

# A declaration at the start of a line must follow a comment's end, or another line of
# a block that does (a group of accessors under one comment); a blank line ends a block.
undocumented=$(awk 'FNR == 1 { blk = 0 } /^[ \t]*$/ { blk = 0; next }
    /\*\/[ \t]*$/ || /^[ \t]*\/\// { blk = 1; next }
    /^(KG_API )?[a-z].*[ *]kg_[a-z0-9_]+\(/ { if (!blk) print FILENAME ":" FNR ": " $0 }' kgraph/*.h)
[ -z "$undocumented" ] && ok "every public function has its contract above it" ||
    fail "declarations with no comment above them:
$undocumented"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
