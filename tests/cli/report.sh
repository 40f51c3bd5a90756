#!/bin/bash
# report.sh: `kgraph report` end to end on the bundled dataset: HTML and Markdown hold
# every relation's quote and every entity's section, load nothing from elsewhere, the
# Markdown's SVG files are well-formed and linked relatively, views apply, output is
# deterministic, and failures leave existing files untouched.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: report.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: report.sh KGRAPH SOURCE_DIR}
DATA=$SRC/data

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-report-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

start=$(date +%s%N)
"$KGRAPH" report "$DATA" -q -o "$T/r.html" 2>"$T/err" || fail "report -o r.html: $(cat "$T/err")"
echo "note: kgraph report data -o r.html took $((($(date +%s%N) - start) / 1000000)) ms"
"$KGRAPH" report "$DATA" -q -o "$T/r.md" 2>"$T/err" || fail "report -o r.md: $(cat "$T/err")"

# every quote of relations.csv, escaped as each format escapes text; every entity's section
python3 - "$DATA" "$T/r.html" "$T/r.md" <<'PY' || failures=$((failures + 1))
import csv, re, sys
data, html_path, md_path = sys.argv[1:4]
html = open(html_path, encoding="utf-8").read()
md = open(md_path, encoding="utf-8").read()
def h(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
             .replace('"', "&quot;").replace("'", "&#39;"))
def m(s):
    return re.sub(r"([\\`*_{}\[\]<>()#+\-.!|~&])", r"\\\1", re.sub(r"[\x00-\x1f\x7f]", " ", s))
rows = list(csv.DictReader(open(data + "/relations.csv", encoding="utf-8")))
ents = list(csv.DictReader(open(data + "/entities.csv", encoding="utf-8")))
bad = [r["quote"] for r in rows if "<q>" + h(r["quote"].replace("\n", " ")) + "</q>" not in html]
bad_md = [r["quote"] for r in rows if "\u201c" + m(r["quote"]) + "\u201d" not in md]
enc = lambda s: "".join(c if c.isascii() and (c.isalnum() or c == "_") else "".join(".%02X" % b for b in c.encode()) for c in s)
missing = [e["id"] for e in ents if 'id="entity-%s"' % enc(e["id"]) not in html]
print(("ok" if not bad else "FAIL") + ": HTML holds all %d quotes (%d missing%s)" % (len(rows), len(bad), (": " + bad[0]) if bad else ""))
print(("ok" if not bad_md else "FAIL") + ": Markdown holds all %d quotes (%d missing%s)" % (len(rows), len(bad_md), (": " + bad_md[0]) if bad_md else ""))
print(("ok" if not missing else "FAIL") + ": a section per entity (%d of %d missing)" % (len(missing), len(ents)))
sys.exit(1 if bad or bad_md or missing else 0)
PY

# the statistics are kgraph stats's: every listed entity's degree, citations (weighted
# degree) and betweenness, in the order of the ranking, and the number of components
"$KGRAPH" stats "$DATA" -q -T csv -o "$T/stats.csv" 2>"$T/err" || fail "stats -T csv: $(cat "$T/err")"
python3 - "$T/stats.csv" "$T/r.html" "$T/r.md" <<'PY' || failures=$((failures + 1))
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
html = open(sys.argv[2], encoding="utf-8").read()
md = open(sys.argv[3], encoding="utf-8").read()
table = html[html.index('<table id="most-connected">'):]
table = table[:table.index("</table>")]
got = re.findall(r'<tr><td class="num">(\d+)</td><td><a href="#entity-([^"]+)">[^<]*</a></td>'
                 r'<td class="num">(\d+)</td><td class="num">(\d+)</td><td class="num">([0-9.]+)</td></tr>', table)
order = sorted(range(len(rows)), key=lambda i: (-int(rows[i]["degree"]), -int(rows[i]["weighted_degree"]), i))
want = [(str(k + 1), rows[i]["id"], rows[i]["degree"], rows[i]["weighted_degree"],
         "%.4f" % float(rows[i]["betweenness"])) for k, i in enumerate(order[:10])]
comps = max(int(r["component"]) for r in rows)
errs = []
if not got or got[0] != want[0]:
    errs.append("top entity: report %s, stats %s" % (got[:1], want[0]))
if got != want:
    errs.append("ranking differs: report %s, stats %s" % (got, want))
if '<tr><th>Connected components</th><td class="num">%d</td></tr>' % comps not in html:
    errs.append("HTML: not %d connected components" % comps)
if "| Connected components | %d |" % comps not in md:
    errs.append("Markdown: not %d connected components" % comps)
top = rows[order[0]]
if "| 1 | [%s](#" % top["label"] not in md or " | %s | %s | %s |\n" % want[0][2:] not in md:
    errs.append("Markdown: the top entity's figures are not stats's")
print(("FAIL: " + "; ".join(errs)) if errs else
      "ok: the report's most connected entities are kgraph stats's (top: %s, degree %s, "
      "betweenness %s), %d components" % (top["id"], top["degree"], top["betweenness"], comps))
sys.exit(1 if errs else 0)
PY

# nothing loaded from elsewhere
if grep -Eq '<(script|link|img|iframe|object|embed)[ >]|src=|@import|url\((https?:)?//' "$T/r.html"; then
    fail "the HTML loads something: $(grep -Eo '<(script|link|img|iframe)[^>]*>|src=[^ ]*|@import[^;]*' "$T/r.html" | head -3)"
else
    ok "the HTML has no script, stylesheet link, image or other resource to load"
fi
nsvg=$(grep -c '<svg ' "$T/r.html")
nent=$(($(python3 -c "import csv; print(sum(1 for _ in csv.DictReader(open('$DATA/entities.csv'))))")))
[ "$nsvg" -ge 2 ] && ok "the HTML holds $nsvg inline diagrams" || fail "only $nsvg inline diagrams"
grep -q '<?xml' "$T/r.html" && fail "an XML prolog inside the HTML" || ok "inline diagrams are fragments"
grep -q 'xlink:href="#entity-xi_jinping"' "$T/r.html" && ok "nodes link to entity sections" ||
    fail "no node link to #entity-xi_jinping"

# Markdown: images in r_files/, each a well-formed SVG, linked relatively
n=0
for img in $(grep -o '](r_files/[^)]*\.svg)' "$T/r.md" | sed 's/^](//; s/)$//'); do
    n=$((n + 1))
    xmllint --noout "$T/$img" 2>"$T/xerr" || fail "$img: $(head -3 "$T/xerr")"
done
[ "$n" -ge 2 ] && ok "the Markdown links $n SVG files in r_files/, all well-formed" ||
    fail "the Markdown links $n SVG files"
[ "$(ls "$T/r_files" | wc -l)" -eq "$n" ] && ok "every SVG written is linked" ||
    fail "$(ls "$T/r_files" | wc -l) files written, $n linked"

# a narrower report into the same place: the diagrams it lacks are removed, other files stay
echo "my notes" >"$T/r_files/notes.txt"
"$KGRAPH" report "$DATA" -q --focus wang_yi --depth 1 -o "$T/r.md" 2>"$T/err" ||
    fail "narrower Markdown report: $(cat "$T/err")"
linked=$(grep -o '](r_files/[^)]*\.svg)' "$T/r.md" | sort -u | wc -l)
present=$(ls "$T/r_files" | grep -c '\.svg$')
[ "$linked" -lt "$n" ] && [ "$present" -eq "$linked" ] &&
    ok "a narrower report leaves only its own $linked diagrams (of $n before)" ||
    fail "$present SVG files in r_files/, $linked linked (before: $n)"
[ "$(cat "$T/r_files/notes.txt")" = "my notes" ] && ok "files kgraph did not write stay" ||
    fail "notes.txt was removed or changed"

# deterministic
"$KGRAPH" report "$DATA" -q -o "$T/again.html" && cmp -s "$T/r.html" "$T/again.html" &&
    ok "the same input gives the same bytes" || fail "two runs differ"

# views apply to the report
"$KGRAPH" report "$DATA" -q --focus wang_yi -o "$T/f.html" 2>"$T/err" || fail "report --focus: $(cat "$T/err")"
nf=$(grep -c '<section class="entity"' "$T/f.html")
nr=$(grep -c 'class="node entity' "$T/f.html")
if [ "$nf" -ge 2 ] && [ "$nf" -lt "$nent" ] && grep -q 'id="entity-wang_yi"' "$T/f.html" &&
    ! grep -q 'id="entity-aukus"' "$T/f.html"; then
    ok "report --focus wang_yi has $nf entity sections"
else
    fail "report --focus wang_yi: $nf sections"
fi
"$KGRAPH" report "$DATA" -q --cluster type -o "$T/c.html" 2>"$T/err" && grep -q 'cluster&#45;type&#45;person' "$T/c.html" &&
    ok "report --cluster type frames the overview by type" || fail "report --cluster type: $(cat "$T/err")"

# failures: exit 2, nothing clobbered
echo keep >"$T/keep.html"
"$KGRAPH" report "$DATA" --relation nosuch -o "$T/keep.html" 2>"$T/err"
[ $? -eq 2 ] && [ "$(cat "$T/keep.html")" = keep ] && grep -q "unknown relation 'nosuch'" "$T/err" &&
    ok "an unknown relation leaves the report untouched" || fail "unknown relation: $(cat "$T/err")"
printf 'id,label\nbad\n' >"$T/ents.csv"
"$KGRAPH" report "$DATA" --entities "$T/ents.csv" -o "$T/keep.html" 2>"$T/err"
[ $? -eq 2 ] && [ "$(cat "$T/keep.html")" = keep ] && ok "invalid data leaves the report untouched" ||
    fail "invalid data: $(cat "$T/err")"
"$KGRAPH" report "$DATA" -o "$T/r.pdf" 2>"$T/err"
[ $? -eq 2 ] && grep -q "unknown report format 'pdf'" "$T/err" && ok "unknown extension is a usage error" ||
    fail "report -o r.pdf: $(cat "$T/err")"
"$KGRAPH" report "$DATA" -T md -o - 2>"$T/err" >/dev/null
[ $? -eq 2 ] && grep -q "needs -o FILE.md" "$T/err" && ok "Markdown to stdout is refused" || fail "md to stdout: $(cat "$T/err")"
"$KGRAPH" report "$DATA" -q -o - 2>/dev/null | head -c 15 | grep -q '<!DOCTYPE html>' && ok "HTML to standard output" ||
    fail "report -o -"
"$KGRAPH" help report | grep -q -- "--min-sources" && "$KGRAPH" report --help | grep -q "Usage: kgraph report" &&
    ok "kgraph help report and report --help" || fail "report help"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
