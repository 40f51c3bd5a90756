#!/bin/bash
# export.sh: `kgraph export` end to end. JSON read back with python3's json module and
# GraphML with xml.etree, both compared field by field with the CSV files as python's csv
# module reads them (the bundled dataset and a hostile one); Neo4j CSV read back with
# python's csv; determinism, standard output, usage errors, and bad input writing nothing.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: export.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: export.sh KGRAPH SOURCE_DIR}
PY=$(command -v python3) || { echo "FAIL: python3 is needed (scripts/install-deps)"; exit 1; }

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-export-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# A hostile dataset: quotes, commas, CRLF and LF inside fields, markup, ]]>, unicode,
# unknown columns in every file, a relation with two citations.
H=$T/hostile
mkdir -p "$H"
printf '%s\r\n' 'id,label,type,aliases,description,url,x note,"we""ird, col"' \
    'a,"Alpha ""A"", Inc.",person,A;Al,"line1' 'line2 <b>&amp; ]]> end",https://example.org/?a=1&b=2,ü € 😀,"tab	here"' \
    'b,,org,,,,,' '"c d",Gamma,type with space,,,,,x' >"$H/entities.csv"
printf '%s\n' 'source,relation,target,polarity,date,doc,quote,confidence,claimed_by,extra' \
    'a,meets,b,positive,2022-02-04,s1,"He said ""hi"", then <left> & ]]>",0.50,,"e,1"' \
    'a,meets,b,negative,2022,s2,"multi' 'line quote",,c d,' \
    '"c d",sanctions,a,,,s1,ü,1,,' >"$H/relations.csv"
printf '%s\n' 'id,title,publisher,author,date,url,file,lang' 's1,"T, one",P,,2022,,,en' \
    's2,"T ""two""",,,,,,' >"$H/sources.csv"

# compare FORMAT FILE DATASET: the export holds every row and field of the CSV files
compare() {
    "$PY" - "$@" <<'PYEOF'
import csv, json, sys, xml.etree.ElementTree as ET
fmt, path, ds = sys.argv[1:4]
def rows(name):
    try:
        with open(f"{ds}/{name}", newline="", encoding="utf-8-sig") as f:
            r = list(csv.reader(f))
    except FileNotFoundError:
        return [], []
    return r[0], [dict(zip(r[0], row + [""] * (len(r[0]) - len(row)))) for row in r[1:]]
def fix(v):  # the loader turns CRLF inside quoted fields into LF
    return v.replace("\r\n", "\n")
ent_h, ents = rows("entities.csv")
rel_h, rels = rows("relations.csv")
src_h, srcs = rows("sources.csv")
problems = []
def check(what, got, want):
    if got != want:
        problems.append(f"{what}: {got!r} != {want!r}")
if fmt == "json":
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    check("directed", d["directed"], True)
    check("multigraph", d["multigraph"], True)
    check("node count", len(d["nodes"]), len(ents))
    check("link count", len(d["links"]), len(rels))
    for node, row in zip(d["nodes"], ents):
        for k in ent_h:
            check(f"node {row['id']} {k}", node.get(k), fix(row[k]))
    for link, row in zip(d["links"], rels):
        for k in rel_h:
            check(f"link {row['source']}->{row['target']} {k}", link.get(k), fix(row[k]))
        for k in ("kgraph_relation", "kgraph_citations", "kgraph_documents"):
            check(f"link {k} is a number", isinstance(link.get(k), int), True)
    check("source count", len(d["graph"]["sources"]), len(srcs))
    for s, row in zip(d["graph"]["sources"], srcs):
        for k in src_h:
            check(f"source {row['id']} {k}", s.get(k), fix(row[k]))
    # the shape networkx.node_link_graph reads: ids of the ends are node ids
    ids = {n["id"] for n in d["nodes"]}
    for link in d["links"]:
        check("link ends are nodes", link["source"] in ids and link["target"] in ids, True)
else:
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(path).getroot()
    keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.findall("g:key", ns)}
    check("every key typed", all(t for _, _, t in keys.values()), True)
    g = root.find("g:graph", ns)
    def data(el):
        return {keys[x.get("key")][1]: x.text or "" for x in el.findall("g:data", ns)}
    nodes = {n.get("id"): data(n) for n in g.findall("g:node", ns)}
    edges = g.findall("g:edge", ns)
    check("edge count", len(edges), len(rels))
    for row in ents:
        n = nodes.get(row["id"], {})
        check(f"node {row['id']} kind", n.get("kgraph_kind"), "entity")
        for k in ent_h:
            check(f"node {row['id']} {k}", n.get(k, ""), fix(row[k]))
    for row in srcs:
        n = nodes.get("source:" + row["id"], {})
        for k in src_h:
            check(f"source {row['id']} {k}", n.get("source." + k, ""), fix(row[k]))
    for e, row in zip(edges, rels):
        check("edge ends", (e.get("source"), e.get("target")), (row["source"], row["target"]))
        got = data(e)
        for k in rel_h:
            check(f"edge {row['source']}->{row['target']} {k}", got.get(k, ""), fix(row[k]))
for p in problems[:20]:
    print("   ", p)
sys.exit(1 if problems else 0)
PYEOF
}

for ds in "$SRC/data" "$H"; do
    name=$(basename "$ds")
    for fmt in json graphml; do
        if ! "$KGRAPH" export "$ds" -q -T $fmt -o "$T/$name.$fmt" 2>"$T/err"; then
            fail "export $name -T $fmt: $(cat "$T/err")"
            continue
        fi
        compare $fmt "$T/$name.$fmt" "$ds" && ok "$name: $fmt holds every row and field" ||
            fail "$name: $fmt differs from the CSV"
        "$KGRAPH" export "$ds" -q -T $fmt >"$T/again" 2>/dev/null
        cmp -s "$T/again" "$T/$name.$fmt" && ok "$name: $fmt on stdout, same bytes" ||
            fail "$name: -T $fmt to stdout differs from -o"
    done
    xmllint --noout "$T/$name.graphml" 2>"$T/err" && ok "$name: xmllint reads the GraphML" ||
        fail "$name: xmllint: $(head -c 300 "$T/err")"
done

# networkx (python3-networkx, scripts/install-deps) reads both as graphs: node_link_graph
# the JSON, read_graphml the GraphML with its typed keys (confidence as a float)
NXPY=
for py in /usr/bin/python3 "$PY"; do
    "$py" -c 'import networkx' 2>/dev/null && { NXPY=$py; break; }
done
if [ -z "$NXPY" ]; then
    fail "networkx is not installed (python3-networkx; scripts/install-deps)"
else
    for ds in data hostile; do
        "$NXPY" - "$T/$ds.json" "$T/$ds.graphml" <<'PYEOF' && ok "$ds: networkx reads the JSON and the GraphML" || fail "$ds: networkx"
import json, sys, networkx as nx
with open(sys.argv[1], encoding="utf-8") as f:
    d = json.load(f)
g = nx.node_link_graph(d)
assert g.is_directed() and g.is_multigraph()
assert g.number_of_nodes() == len(d["nodes"]) and g.number_of_edges() == len(d["links"])
h = nx.read_graphml(sys.argv[2])
entities = [n for n, a in h.nodes(data=True) if a.get("kgraph_kind") == "entity"]
assert sorted(entities) == sorted(g.nodes), (entities, list(g.nodes))
assert h.number_of_edges() == g.number_of_edges()
conf = [a["confidence"] for _, _, a in h.edges(data=True) if "confidence" in a]
assert conf and all(isinstance(c, float) for c in conf), conf
quotes = sorted(a.get("quote", "") for _, _, a in h.edges(data=True))
assert quotes == sorted(l["quote"] for l in d["links"]), "quotes differ"
PYEOF
    done
fi

# golden files: the byte-exact outputs of tests/golden/diff/new, in the three formats
# (regenerate with kgraph export tests/golden/diff/new -T FMT -o tests/golden/export/...)
G=$SRC/tests/golden/export
"$KGRAPH" export "$SRC/tests/golden/diff/new" -q -T graphml -o "$T/new.graphml" &&
    cmp -s "$T/new.graphml" "$G/new.graphml" && ok "golden: new.graphml" || fail "golden: new.graphml differs"
"$KGRAPH" export "$SRC/tests/golden/diff/new" -q -T json -o "$T/new.json" &&
    cmp -s "$T/new.json" "$G/new.json" && ok "golden: new.json" || fail "golden: new.json differs"
"$KGRAPH" export "$SRC/tests/golden/diff/new" -q -T neo4j -o "$T/new-neo4j" &&
    diff -r "$T/new-neo4j" "$G/neo4j" >/dev/null && ok "golden: neo4j/" || fail "golden: neo4j/ differs"

# format from the extension; neo4j read back with python's csv
"$KGRAPH" export "$H" -o "$T/by-ext.json" && cmp -s "$T/by-ext.json" "$T/hostile.json" &&
    ok "-o FILE.json picks json" || fail "-o FILE.json"
if "$KGRAPH" export "$H" -T neo4j -o "$T/neo" 2>"$T/err"; then
    "$PY" - "$T/neo" <<'PYEOF' && ok "neo4j: headers and rows read back" || fail "neo4j files"
import csv, sys
d = sys.argv[1]
def read(n):
    with open(f"{d}/{n}", newline="", encoding="utf-8") as f:
        return list(csv.reader(f))
e, r, s = read("entities.csv"), read("relationships.csv"), read("sources.csv")
assert e[0][0] == "id:ID(Entity)" and ":LABEL" in e[0] and "x note:string" in e[0], e[0]
assert r[0][:3] == [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"], r[0]
assert "confidence:double" in r[0] and "extra:string" in r[0], r[0]
assert s[0][0] == "id:ID(Source)" and "lang:string" in s[0], s[0]
assert len(e) == 4 and len(r) == 4 and len(s) == 3
q = r[0].index("quote:string")
assert r[2][q] == "multi\nline quote" and r[1][q] == 'He said "hi", then <left> & ]]>', r[1][q]
assert r[1][r[0].index("extra:string")] == "e,1"
PYEOF
else
    fail "export -T neo4j: $(cat "$T/err")"
fi

# usage errors: exit 2, a message, a hint, nothing written
expect_usage() {
    local what=$1 pattern=$2; shift 2
    "$KGRAPH" export "$@" >"$T/out" 2>"$T/err"
    local status=$?
    if [ $status -ne 2 ]; then fail "$what: exit $status, expected 2"
    elif ! grep -q -- "$pattern" "$T/err"; then fail "$what: stderr: $(cat "$T/err")"
    elif ! grep -q "^Try 'kgraph help export'" "$T/err"; then fail "$what: no hint"
    else ok "$what"; fi
}
expect_usage "neo4j to stdout is refused" "not standard output" "$H" -T neo4j -o -
expect_usage "neo4j without -o is refused" "give -o DIR" "$H" -T neo4j
expect_usage "no format is refused" "no format given" "$H"
expect_usage "unknown extension is refused" "cannot tell the export format" "$H" -o "$T/x.csv"
expect_usage "unknown format is refused" "unknown export format 'gexf'" "$H" -T gexf

# bad input: exit 2, FILE:LINE message, the existing output untouched, no temporary left
mkdir -p "$T/bad"
printf 'id\na\n' >"$T/bad/entities.csv"
printf 'source,relation,target\na,r,nobody\n' >"$T/bad/relations.csv"
echo keep >"$T/keep.json"
"$KGRAPH" export "$T/bad" -o "$T/keep.json" 2>"$T/err"
status=$?
[ $status -eq 2 ] && grep -q "relations.csv:2: target 'nobody'" "$T/err" &&
    [ "$(cat "$T/keep.json")" = keep ] && ok "bad input: exit 2, message, output untouched" ||
    fail "bad input: exit $status, $(cat "$T/err")"
"$KGRAPH" export "$T/bad" -T neo4j -o "$T/neo" 2>/dev/null
cmp -s "$T/neo/entities.csv" <("$KGRAPH" export "$H" -T neo4j -o "$T/neo2" && cat "$T/neo2/entities.csv") &&
    ok "bad input: the neo4j directory untouched" || fail "bad input replaced the neo4j directory"
leftovers=$(ls -A "$T" | grep -c 'kgraph-tmp\|\.tmp')
[ "$leftovers" -eq 0 ] && ok "no temporary files left" || fail "temporary files left: $(ls -A "$T")"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
