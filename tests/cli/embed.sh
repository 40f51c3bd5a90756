#!/usr/bin/env bash
# embed.sh: kgraph render --fragment / --id-prefix / --link-prefix make SVG for a page:
# no prolog, a viewBox without a size, every id prefixed, nodes linked to page sections;
# two prefixed diagrams share one HTML page without an id clash; misuse exits 2.
set -u
KGRAPH=${1:?usage: embed.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: embed.sh KGRAPH SOURCE_DIR}
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-embed-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

"$KGRAPH" render "$SRC/data" -q --fragment --id-prefix a- --link-prefix '#entity-' -o "$T/a.svg" || fail "render --fragment --id-prefix a-"
"$KGRAPH" render "$SRC/data" -q --focus nato --fragment --id-prefix b- -o "$T/b.svg" || fail "render --focus nato --fragment --id-prefix b-"
"$KGRAPH" render "$SRC/data" -q -o "$T/plain.svg" || fail "plain render"

head -c 200 "$T/a.svg" | grep -q '^<svg' && ok "the fragment starts with <svg>" || fail "fragment does not start with <svg>: $(head -c 80 "$T/a.svg")"
grep -q -e '<?xml' -e '<!DOCTYPE' -e '<!--' "$T/a.svg" && fail "fragment keeps a prolog, DOCTYPE or comment" || ok "no prolog, DOCTYPE or comment"
root=$(tr '\n' ' ' <"$T/a.svg" | grep -o '^<svg[^>]*>')
case $root in
*viewBox=*) ok "root keeps its viewBox" ;;
*) fail "root lost its viewBox: $root" ;;
esac
case $root in
*' width='* | *' height='*) fail "root has a fixed size: $root" ;;
*) ok "root has no fixed width or height" ;;
esac
grep -q '<?xml' "$T/plain.svg" && grep -q 'width=' "$T/plain.svg" && ok "without the options the SVG is a whole document" || fail "plain SVG changed"

unprefixed=$(grep -o ' id="[^"]*"' "$T/a.svg" | grep -v ' id="a-' | head -3)
[ -z "$unprefixed" ] && ok "every id carries the prefix" || fail "ids without the prefix: $unprefixed"
grep -q ' id="a-e&#45;xi_jinping"' "$T/a.svg" && ok "node ids are prefixed (a-e-xi_jinping)" || fail "no prefixed node id a-e-xi_jinping"
grep -q 'href="#entity-xi_jinping"' "$T/a.svg" && ok "nodes link to their page section" || fail "no link to #entity-xi_jinping"
grep -q 'href="https://' "$T/a.svg" && fail "--link-prefix left an entity url link" || ok "--link-prefix replaces the entity urls"

# Two diagrams on one page: the ids of the page are unique.
{
    echo '<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>'
    cat "$T/a.svg" "$T/b.svg"
    echo '</body></html>'
} >"$T/page.html"
dups=$(grep -o ' id="[^"]*"' "$T/page.html" | sort | uniq -d | head -3)
[ -z "$dups" ] && ok "two prefixed diagrams share a page without an id clash" || fail "duplicate ids on the page: $dups"
if command -v xmllint >/dev/null; then
    xmllint --noout "$T/a.svg" && ok "the fragment is well-formed XML" || fail "xmllint rejects the fragment"
fi

# Misuse: exit 2, a message, nothing written.
expect_usage() {
    local what=$1
    shift
    rm -f "$T/x.out"
    "$KGRAPH" render "$SRC/data" -q "$@" 2>"$T/err"
    local status=$?
    if [ "$status" -eq 2 ] && grep -q '^kgraph: ' "$T/err" && [ ! -e "$T/x.out" ]; then
        ok "$what exits 2"
    else
        fail "$what: status $status, $(head -c 200 "$T/err")"
    fi
}
expect_usage "--fragment with png" --fragment -T png -o "$T/x.out"
expect_usage "--id-prefix with dot" --id-prefix p- -T dot -o "$T/x.out"
expect_usage "an id prefix starting with a digit" --id-prefix 1p -o "$T/x.out"
expect_usage "an id prefix with a quote" --id-prefix 'p"><script>' -o "$T/x.out"
expect_usage "a javascript: link prefix" --link-prefix 'javascript:alert(1)//' -o "$T/x.out"
expect_usage "an absolute link prefix" --link-prefix '/etc/' -o "$T/x.out"

if [ "$failures" -ne 0 ]; then
    echo "embed: $failures check(s) failed"
    exit 1
fi
echo "embed: all checks passed"
