#!/bin/bash
# report_files.sh: a report's names derived from ids and its companion files (issue 14
# item 6): long ids (a 27-character Chinese id, 300-byte ids sharing a prefix) give bounded,
# unique file names that the links match exactly and unique HTML element ids; a Markdown
# report replaces NAME_files all or nothing: on any failure the old report and its files
# stay as they were, and no temporary directory is left. $1 = kgraph binary, $2 = source
# dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: report_files.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: report_files.sh KGRAPH SOURCE_DIR}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-report-files-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

long=$(printf 'x%.0s' $(seq 300))
zh=$(printf '\xe4\xb8\xad%.0s' $(seq 27)) # 27 x U+4E2D: 81 bytes, 243 once encoded
wide=$(printf 'L%.0s' $(seq 150))         # a wide label: the diagram gets a zoom toggle
mkdir "$T/ds"
cat >"$T/ds/entities.csv" <<EOF2
id,label
c,Centre
${long}a,A$wide
${long}b,B$wide
$zh,Zhong
EOF2
cat >"$T/ds/relations.csv" <<EOF2
source,relation,target,quote,doc
${long}a,meets,c,q1,d1
${long}b,meets,c,q2,d1
c,meets,$zh,q3,d1
EOF2

# ---- names: bounded, unique, links matching files -------------------------------------------
mkdir "$T/md"
"$KGRAPH" report "$T/ds" -q -o "$T/md/r.md" 2>"$T/err"
status=$?
if [ $status -ne 0 ]; then
    fail "Markdown report of long ids: exit $status: $(cat "$T/err")"
else
    python3 - "$T/md" <<'PY' || failures=$((failures + 1))
import os, re, sys
d = sys.argv[1]
md = open(os.path.join(d, "r.md"), encoding="utf-8").read()
links = re.findall(r"\]\(r_files/([^)]*)\)", md)
files = sorted(os.listdir(os.path.join(d, "r_files")))
bad = []
if sorted(links) != files:
    bad.append("links %s != files %s" % (sorted(links), files))
if len(set(links)) != len(links):
    bad.append("two links to one file")
if len(files) != 5:
    bad.append("%d files, expected 5 (overview and 4 entities)" % len(files))
if any(len(f.encode()) > 160 for f in files):
    bad.append("a file name longer than 160 bytes")
print(("FAIL: " + "; ".join(bad)) if bad else "ok: long ids: 5 SVG files, names at most 160 bytes, links match them exactly")
sys.exit(1 if bad else 0)
PY
fi
"$KGRAPH" report "$T/ds" -q -o "$T/r.html" 2>"$T/err" || fail "HTML report of long ids: $(cat "$T/err")"
dups=$(grep -o ' id="[^"]*"' "$T/r.html" | sort | uniq -d | cut -c1-80)
zooms=$(grep -c 'class="zoom" id=' "$T/r.html")
[ -z "$dups" ] && [ "$zooms" -ge 2 ] && ok "HTML: every element id unique ($zooms zoom toggles)" ||
    fail "HTML: duplicate element ids ($zooms zoom toggles): $dups"
"$KGRAPH" report "$T/ds" -q -o "$T/md/again.md" 2>"$T/err" &&
    cmp -s <(ls "$T/md/r_files") <(ls "$T/md/again_files") &&
    ok "the names are deterministic" || fail "names differ between runs"

# ---- all or nothing -------------------------------------------------------------------------
# an earlier report with a file kgraph did not write
mkdir -p "$T/aon/r_files"
echo OLD >"$T/aon/r.md"
echo OLD >"$T/aon/r_files/entity-c.svg"
echo OLD >"$T/aon/r_files/overview.svg"
echo notes >"$T/aon/r_files/notes.txt"
snapshot() { (cd "$T/aon" && find . -type f | sort | xargs md5sum); }
before=$(snapshot)

# a failure after the diagrams (the report file cannot be replaced): nothing changes
mkdir "$T/aon/blocked.md"
"$KGRAPH" report "$T/ds" -q -o "$T/aon/blocked.md" 2>"$T/err"
status=$?
mv "$T/aon/blocked_files" "$T/aon/blocked_files.made" 2>/dev/null &&
    fail "a failed report left its directory blocked_files"
rmdir "$T/aon/blocked.md"
[ $status -eq 2 ] && [ "$(snapshot)" = "$before" ] && [ -z "$(ls -A "$T/aon" | grep '^\.')" ] &&
    ok "a report that cannot be written leaves everything as it was, no temporary left" ||
    fail "failed report: exit $status, files: $(ls -A "$T/aon") $(cat "$T/err")"

# a failure on the existing directory (it holds a subdirectory the swap cannot keep)
mkdir "$T/aon/r_files/sub"
"$KGRAPH" report "$T/ds" -q -o "$T/aon/r.md" 2>"$T/err"
status=$?
[ $status -eq 2 ] && grep -q "holds 'sub'" "$T/err" && [ "$(snapshot)" = "$before" ] &&
    [ -z "$(ls -A "$T/aon" | grep '^\.')" ] &&
    ok "a subdirectory in r_files: refused, the old report and files intact" ||
    fail "subdirectory: exit $status: $(cat "$T/err")"
rmdir "$T/aon/r_files/sub"

# the dataset that used to fail half-way (File name too long after entity-c.svg was
# overwritten) now succeeds whole: new report, new SVGs, the notes kept, stale ones gone
"$KGRAPH" report "$T/ds" -q -o "$T/aon/r.md" 2>"$T/err"
status=$?
if [ $status -eq 0 ] && [ "$(cat "$T/aon/r_files/notes.txt")" = notes ] &&
    grep -q '<svg' "$T/aon/r_files/entity-c.svg" && grep -q '^# ' "$T/aon/r.md" &&
    [ "$(ls "$T/aon/r_files" | grep -c '\.svg$')" -eq 5 ] && [ -z "$(ls -A "$T/aon" | grep '^\.')" ]; then
    ok "the report is replaced whole: 5 new SVGs, notes.txt kept, no temporary left"
else
    fail "replacement: exit $status: $(ls -A "$T/aon" "$T/aon/r_files") $(cat "$T/err")"
fi
# a stale diagram of an earlier report goes; a second run gives the same bytes
echo stale >"$T/aon/r_files/entity-gone.svg"
"$KGRAPH" report "$T/ds" -q -o "$T/aon/r.md" 2>"$T/err"
[ ! -e "$T/aon/r_files/entity-gone.svg" ] && [ -e "$T/aon/r_files/notes.txt" ] &&
    ok "a stale entity diagram is removed, other files kept" || fail "stale diagram: $(ls "$T/aon/r_files")"

# r_files a symbolic link to a directory: written at its target, the link kept
mkdir "$T/real_files" "$T/lnk"
ln -s ../real_files "$T/lnk/r_files"
"$KGRAPH" report "$T/ds" -q -o "$T/lnk/r.md" 2>"$T/err"
[ $? -eq 0 ] && [ -L "$T/lnk/r_files" ] && [ "$(ls "$T/real_files" | grep -c '\.svg$')" -eq 5 ] &&
    ok "r_files a link to a directory: the target is replaced, the link kept" ||
    fail "linked r_files: $(ls -l "$T/lnk") $(cat "$T/err")"

if [ "$failures" -ne 0 ]; then
    echo "report_files: $failures check(s) failed"
    exit 1
fi
echo "report_files: all checks passed"
exit 0
