#!/bin/bash
# install.sh: `cmake --install` into a temporary prefix holds everything the README lists
# (CLI, libkgraph.so with its SONAME and only the public API exported, libkgraph.a,
# headers, kgraph.pc, the CMake package, man page, completion), the installed CLI runs,
# and the example tests/example/render_dataset.c builds against the installed tree
# through pkg-config (shared and static) and through find_package (kgraph::kgraph and
# kgraph::kgraph_static), and renders data/. $1 = kgraph binary (in the build tree's top
# directory), $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: install.sh KGRAPH SOURCE_DIR}
SRC=$(cd "${2:?usage: install.sh KGRAPH SOURCE_DIR}" && pwd)
BUILD=$(cd "$(dirname "$KGRAPH")" && pwd)
CC=${CC:-cc}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-install-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
P=$T/prefix

cache() { sed -n "s/^$1:[A-Z]*=//p" "$BUILD/CMakeCache.txt"; }
LIBDIR=$(cache CMAKE_INSTALL_LIBDIR)
LIBDIR=${LIBDIR:-lib}
# a sanitizer build's library needs the sanitizer runtime in everything linking it
SAN=()
[ "$(cache KGRAPH_SANITIZE)" = ON ] && SAN=(-fsanitize=address,undefined)

if ! cmake --install "$BUILD" --prefix "$P" >"$T/install.log" 2>&1; then
    fail "cmake --install: $(tail -5 "$T/install.log")"
    exit 1
fi
ok "cmake --install --prefix $P"

# ---- the tree ------------------------------------------------------------------------------
for f in bin/kgraph "$LIBDIR/libkgraph.so.0.1.0" "$LIBDIR/libkgraph.a" include/kgraph.h \
         "$LIBDIR/pkgconfig/kgraph.pc" "$LIBDIR/cmake/kgraph/kgraphConfig.cmake" \
         "$LIBDIR/cmake/kgraph/kgraphConfigVersion.cmake" "$LIBDIR/cmake/kgraph/kgraphTargets.cmake" \
         "$LIBDIR/cmake/kgraph/FindLibCSV.cmake" share/man/man1/kgraph.1 \
         share/bash-completion/completions/kgraph; do
    [ -f "$P/$f" ] || fail "missing $f"
done
[ "$(readlink "$P/$LIBDIR/libkgraph.so.0")" = libkgraph.so.0.1.0 ] &&
    [ "$(readlink "$P/$LIBDIR/libkgraph.so")" = libkgraph.so.0 ] &&
    ok "libkgraph.so -> .so.0 -> .so.0.1.0" || fail "library symlinks"
diff -r -x version.h "$SRC/include" "$P/include" >"$T/diff" && ok "headers: include/ installed as is" ||
    fail "installed headers differ: $(head -5 "$T/diff")"
# kgraph/version.h: generated from project(VERSION), the version --version prints
grep -q '^#define KG_VERSION_STRING "0.1.0"$' "$P/include/kgraph/version.h" 2>/dev/null &&
    ok "kgraph/version.h installed, KG_VERSION_STRING 0.1.0" ||
    fail "kgraph/version.h: $(head -c 300 "$P/include/kgraph/version.h" 2>&1)"
soname=$(readelf -d "$P/$LIBDIR/libkgraph.so.0.1.0" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
[ "$soname" = libkgraph.so.0 ] && ok "SONAME libkgraph.so.0" || fail "SONAME '$soname'"

# exported: exactly the functions the installed headers declare with KG_API (the build
# tree's library is checked in more detail by exports.sh)
nm -D --defined-only "$P/$LIBDIR/libkgraph.so.0.1.0" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' |
    sort -u >"$T/exported"
sed -nE 's/^KG_API [^(]*[ *](kg_[a-z0-9_]+)\(.*/\1/p' "$P"/include/kgraph/*.h | sort -u >"$T/declared"
if cmp -s "$T/exported" "$T/declared"; then
    ok "libkgraph.so exports the $(wc -l <"$T/declared") functions of the headers, nothing else"
else
    fail "exports differ from the headers: $(diff "$T/declared" "$T/exported" | grep '^[<>]' | head -10 | tr '\n' ' ')"
fi
grep -qx kg__malloc "$T/exported" && fail "internal kg__malloc is exported"

# ---- the installed CLI, man page and completion ---------------------------------------------
"$P/bin/kgraph" --version | grep -q '^kgraph 0.1.0' && ok "installed kgraph --version" ||
    fail "installed kgraph --version: $("$P/bin/kgraph" --version 2>&1)"
"$P/bin/kgraph" render "$SRC/data" -q -o "$T/cli.svg" && grep -q '<svg' "$T/cli.svg" &&
    ok "installed kgraph renders data/" || fail "installed kgraph render"
found=$(MANPATH="$P/share/man" man -w kgraph 2>/dev/null)
[ "$found" = "$P/share/man/man1/kgraph.1" ] && ok "man -w kgraph finds it" || fail "man -w kgraph: '$found'"
bash -c 'source "$1"; declare -F _kgraph >/dev/null && complete -p kgraph >/dev/null' _ \
    "$P/share/bash-completion/completions/kgraph" && ok "completion defines _kgraph for kgraph" ||
    fail "completion script"

# ---- the example, four ways ---------------------------------------------------------------------
# check_example NAME BINARY: it loads data/, renders an SVG and exports JSON
# The counts the example prints must be those kgraph check finds in data/.
COUNTS=$("$KGRAPH" check "$SRC/data" -q | sed -E 's/^.*: ([0-9]+ entities, [0-9]+ relations \([0-9]+ citations\)).*$/\1/')
check_example() {
    local name=$1 bin=$2
    if ! "$bin" "$SRC/data" "$T/$name.svg" "$T/$name.json" >"$T/$name.out" 2>"$T/$name.err"; then
        fail "$name: example failed: $(head -c 400 "$T/$name.err")"
        return
    fi
    grep -qF "data: $COUNTS" "$T/$name.out" &&
        grep -q '<svg' "$T/$name.svg" && grep -q 'xi_jinping' "$T/$name.svg" &&
        grep -q '"nodes": \[' "$T/$name.json" && ok "$name: the example renders data/" ||
        fail "$name: unexpected output: $(cat "$T/$name.out")"
}
export PKG_CONFIG_PATH="$P/$LIBDIR/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" # keeps a Graphviz in its own prefix
[ "$(pkg-config --modversion kgraph)" = 0.1.0 ] && ok "pkg-config --modversion kgraph" ||
    fail "pkg-config does not find kgraph"
# pkg-config, shared
if "$CC" -std=c11 -Wall -Wextra -Werror "${SAN[@]}" "$SRC/tests/example/render_dataset.c" \
        $(pkg-config --cflags --libs kgraph) -o "$T/ex-pc" 2>"$T/err"; then
    LD_LIBRARY_PATH="$P/$LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ldd "$T/ex-pc" | grep -q "libkgraph.so.0 => $P/$LIBDIR/" ||
        fail "pkg-config shared: not linked to the installed libkgraph.so.0"
    LD_LIBRARY_PATH="$P/$LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" check_example pkg-config-shared "$T/ex-pc"
else
    fail "pkg-config shared build: $(head -c 400 "$T/err")"
fi
# pkg-config, static: libkgraph.a and its private dependencies
libs=$(pkg-config --static --libs kgraph | sed 's/-lkgraph /-Wl,-Bstatic -lkgraph -Wl,-Bdynamic /')
if "$CC" -std=c11 -Wall -Wextra -Werror "${SAN[@]}" "$SRC/tests/example/render_dataset.c" \
        $(pkg-config --cflags kgraph) $libs -o "$T/ex-pc-static" 2>"$T/err"; then
    readelf -d "$T/ex-pc-static" | grep -q 'libkgraph' && fail "pkg-config static: links libkgraph.so"
    check_example pkg-config-static "$T/ex-pc-static"
else
    fail "pkg-config static build: $(head -c 400 "$T/err")"
fi
# find_package, shared and static
for variant in OFF ON; do
    dir=$T/ex-cmake-$variant
    if cmake -S "$SRC/tests/example" -B "$dir" -DCMAKE_PREFIX_PATH="$P" -DRENDER_DATASET_STATIC=$variant \
            -DCMAKE_C_FLAGS="${SAN[*]}" -DCMAKE_EXE_LINKER_FLAGS="${SAN[*]}" >"$T/err" 2>&1 &&
       cmake --build "$dir" >>"$T/err" 2>&1; then
        if [ $variant = OFF ]; then
            readelf -d "$dir/render_dataset" | grep -q 'NEEDED.*libkgraph.so.0' ||
                fail "find_package: kgraph::kgraph is not libkgraph.so"
        else
            readelf -d "$dir/render_dataset" | grep -q 'libkgraph' &&
                fail "find_package: kgraph::kgraph_static links libkgraph.so"
        fi
        check_example "find_package-static-$variant" "$dir/render_dataset"
    else
        fail "find_package build (static $variant): $(tail -c 600 "$T/err")"
    fi
done
# the version file: a newer minor version is not compatible while at 0.x
echo 'cmake_minimum_required(VERSION 3.18)
project(v LANGUAGES C)
find_package(kgraph 0.2 CONFIG QUIET)
if(kgraph_FOUND)
  message(FATAL_ERROR "0.2 accepted")
endif()' >"$T/CMakeLists.txt"
cmake -S "$T" -B "$T/v" -DCMAKE_PREFIX_PATH="$P" >/dev/null 2>&1 && ok "find_package(kgraph 0.2) is refused by 0.1.0" ||
    fail "kgraphConfigVersion.cmake accepted 0.2"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
