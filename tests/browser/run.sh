#!/bin/bash
# run.sh: the browser check of `kgraph report` (ctest browser_report): renders the bundled
# dataset's HTML report and opens it in headless Chromium with report_check.py.
# $1 = kgraph binary, $2 = source dir, $3 = where to save the screenshot (PNG).
# Exit 0 passed, 1 failed, 77 skipped (chromium missing: scripts/install-deps installs it).
set -u
KGRAPH=${1:?usage: run.sh KGRAPH SOURCE_DIR SCREENSHOT}
SRC=${2:?usage: run.sh KGRAPH SOURCE_DIR SCREENSHOT}
SHOT=${3:?usage: run.sh KGRAPH SOURCE_DIR SCREENSHOT}
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    echo "skipped: chromium is not installed (scripts/install-deps installs it)"
    [ -n "${KGRAPH_REQUIRE_BROWSER:-}" ] && { echo "FAIL: KGRAPH_REQUIRE_BROWSER is set"; exit 1; }
    exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-browser-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
title="China–Russia alignment and the war in Ukraine (five news texts, 2021–2022)"
"$KGRAPH" report "$SRC/data" -q --title "$title" -o "$T/report.html" || exit 1
entities=$(python3 -c "import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding='utf-8'))))" \
    "$SRC/data/entities.csv")
python3 "$SRC/tests/browser/report_check.py" "$T/report.html" "$entities" "$SHOT" wang_yi
