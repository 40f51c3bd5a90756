#!/bin/bash
# readable_size.sh: the default overview of data/ reads at page width (its entity labels
# at least 8 px high when the SVG is shown 1200 px wide: median font size x 1200 / the
# viewBox's width), and the size options: --width (png pixels, svg width attribute),
# --dpi (png), --page A4|letter (pdf), with their usage errors.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: readable_size.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: readable_size.sh KGRAPH SOURCE_DIR}
DATA=$SRC/data
. "$SRC/tests/cli/readable_lib.inc"

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-size-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

"$KGRAPH" render "$DATA" -q -o "$T/overview.svg" 2>"$T/err" || fail "overview: $(cat "$T/err")"
px=$(label_px "$T/overview.svg" 1200)
awk -v px="$px" 'BEGIN { exit !(px >= 8) }' && ok "overview at 1200 px: labels $px px high (at least 8)" ||
    fail "overview at 1200 px: labels $px px high, less than 8"

# --width: png pixels
"$KGRAPH" render "$DATA" -q --width 1200 -o "$T/w.png" 2>"$T/err" || fail "--width png: $(cat "$T/err")"
read -r w h < <(png_size "$T/w.png")
[ "${w:-0}" -ge 1198 ] && [ "${w:-0}" -le 1202 ] && ok "--width 1200: png ${w}x$h" || fail "--width 1200: png ${w:-?} wide"
# --width: the svg's width attribute, the viewBox kept
"$KGRAPH" render "$DATA" -q --width 1200 -o "$T/w.svg" 2>"$T/err" || fail "--width svg: $(cat "$T/err")"
grep -q '<svg width="1200px" height="[0-9]*px"' "$T/w.svg" && ok "--width 1200: svg width=\"1200px\"" ||
    fail "--width svg: $(grep -m1 '<svg' "$T/w.svg")"
[ "$(grep -m1 -o 'viewBox="[^"]*"' "$T/w.svg")" = "$(grep -m1 -o 'viewBox="[^"]*"' "$T/overview.svg")" ] &&
    ok "--width: the viewBox is unchanged" || fail "--width changed the viewBox"
# --dpi: half the dpi, about half the pixels
"$KGRAPH" render "$DATA" -q -o "$T/d96.png" 2>"$T/err" || fail "png: $(cat "$T/err")"
"$KGRAPH" render "$DATA" -q --dpi 48 -o "$T/d48.png" 2>"$T/err" || fail "--dpi 48: $(cat "$T/err")"
read -r w96 _ < <(png_size "$T/d96.png")
read -r w48 _ < <(png_size "$T/d48.png")
awk -v a="$w48" -v b="$w96" 'BEGIN { r = a / b; exit !(r > 0.45 && r < 0.55) }' &&
    ok "--dpi 48: $w48 px wide against $w96 at 96 dpi" || fail "--dpi 48: $w48 px wide against $w96"
# --page: the pdf's page fits A4 / letter, filling one side
for page in A4:595:842 letter:612:792; do
    IFS=: read -r name pw ph <<<"$page"
    "$KGRAPH" render "$DATA" -q --page "$name" -o "$T/p.pdf" 2>"$T/err" || fail "--page $name: $(cat "$T/err")"
    box=$(grep -a -o 'MediaBox \[ *[0-9.]* [0-9.]* [0-9.]* [0-9.]*' "$T/p.pdf" | head -1 | awk '{ print $(NF-1), $NF }')
    echo "$box" | awk -v pw="$pw" -v ph="$ph" '{
        a = $1 < $2 ? $1 : $2; b = $1 < $2 ? $2 : $1
        exit !(a <= pw + 1 && b <= ph + 1 && (a >= pw - 1 || b >= ph - 1))
    }' && ok "--page $name: page $box fits ${pw}x$ph" || fail "--page $name: page '$box', not fitted to ${pw}x$ph"
done

# usage errors: exit 2, nothing written
expect_usage() {
    local what=$1 pattern=$2
    shift 2
    "$KGRAPH" render "$DATA" "$@" 2>"$T/err"
    local status=$?
    [ "$status" -eq 2 ] && grep -q -- "$pattern" "$T/err" && ok "$what: usage error" ||
        fail "$what: exit $status: $(head -c 300 "$T/err")"
}
expect_usage "--width on pdf" "--width applies to png and svg" --width 800 -o "$T/x.pdf"
expect_usage "--width 0" "invalid --width '0'" --width 0 -o "$T/x.png"
expect_usage "--dpi on svg" "--dpi applies to png" --dpi 300 -o "$T/x.svg"
expect_usage "--dpi and --width" "not both" --dpi 300 --width 800 -o "$T/x.png"
expect_usage "--page on png" "--page applies to pdf" --page A4 -o "$T/x.png"
expect_usage "--page A3" "unknown page size 'A3'" --page A3 -o "$T/x.pdf"
for f in x.pdf x.png x.svg; do [ -e "$T/$f" ] && fail "a usage error wrote $f"; done

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "all readable_size checks passed"
