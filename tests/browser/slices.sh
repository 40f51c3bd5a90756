#!/bin/bash
# slices.sh: the browser check of `kgraph render --slices` (ctest browser_slices): cuts the
# small slice dataset by month and steps through DIR/index.html in headless Chromium with
# slices_check.py, checking the entities of each frame.
# $1 = kgraph binary, $2 = source dir, $3 = where to save the screenshot (PNG).
# Exit 0 passed, 1 failed, 77 skipped (chromium missing: scripts/install-deps installs it).
set -u
KGRAPH=${1:?usage: slices.sh KGRAPH SOURCE_DIR SCREENSHOT}
SRC=${2:?usage: slices.sh KGRAPH SOURCE_DIR SCREENSHOT}
SHOT=${3:?usage: slices.sh KGRAPH SOURCE_DIR SCREENSHOT}
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    echo "skipped: chromium is not installed (scripts/install-deps installs it)"
    [ -n "${KGRAPH_REQUIRE_BROWSER:-}" ] && { echo "FAIL: KGRAPH_REQUIRE_BROWSER is set"; exit 1; }
    exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-browser-slices-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
bash "$SRC/tests/layout/slice_data.sh" "$T/d" || exit 1
"$KGRAPH" render "$T/d" -q --slices month -o "$T/out/" || exit 1
cat >"$T/expected.json" <<'JSON'
[{"label": "2022-01", "entities": ["a", "b", "f"]},
 {"label": "2022-02", "entities": ["a", "b", "c", "f"]},
 {"label": "2022-03", "entities": ["a", "b", "c", "d", "f"]},
 {"label": "2022-04", "entities": ["a", "b", "c", "d", "f"]},
 {"label": "2022-05", "entities": ["a", "b", "c", "d", "e", "f"]}]
JSON
python3 "$SRC/tests/browser/slices_check.py" "$T/out/index.html" "$T/expected.json" "$SHOT"
