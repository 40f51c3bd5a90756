#!/bin/bash
# rdf_virtuoso.sh: the Turtle export in a real triple store. Starts a private Virtuoso
# (tests/rdf/virtuoso.sh: its own ini and database in a temporary directory, free ports on
# 127.0.0.1, stopped at the end whatever happens), loads `kgraph export data -T turtle`,
# and checks over the SPARQL HTTP endpoint, against answers computed from the CSV files
# by python3: every entity with its label, every relation as a direct triple, every quote,
# each citation's document and claimant, who supports whom according to which document,
# and that every SPARQL query of docs/rdf.md runs and finds something. Then a hostile
# dataset's Turtle is loaded too and its values read back exactly.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed; 77 when Virtuoso,
# isql-vt or curl is missing, unless KGRAPH_REQUIRE_VIRTUOSO is set (scripts/test sets
# it: install-deps installs them), then 1.
set -u
KGRAPH=${1:?usage: rdf_virtuoso.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: rdf_virtuoso.sh KGRAPH SOURCE_DIR}
PY=$(command -v python3) || { echo "FAIL: python3 is needed (scripts/install-deps)"; exit 1; }
for tool in virtuoso-t isql-vt curl; do
    if ! command -v "$tool" >/dev/null; then
        if [ -n "${KGRAPH_REQUIRE_VIRTUOSO:-}" ]; then
            echo "FAIL: $tool is missing and KGRAPH_REQUIRE_VIRTUOSO is set (scripts/install-deps)"
            exit 1
        fi
        echo "SKIP: $tool is missing (apt-get install virtuoso-opensource curl)"
        exit 77
    fi
done
# shellcheck source=../rdf/virtuoso.sh
. "$SRC/tests/rdf/virtuoso.sh"

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-virtuoso-XXXXXX") || exit 1
STARTED_PID=""
cleanup() {
    virt_stop
    if [ -n "$STARTED_PID" ] && kill -0 "$STARTED_PID" 2>/dev/null; then
        echo "FAIL: the Virtuoso process $STARTED_PID is still running"
        kill -KILL "$STARTED_PID" 2>/dev/null
    fi
    rm -rf -- "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
mkdir -p "$T/db" "$T/files"

"$KGRAPH" export "$SRC/data" -q -T turtle -o "$T/files/data.ttl" || { echo "FAIL: export failed"; exit 1; }

if ! virt_start "$T/db" "$T/files"; then
    echo "FAIL: the private Virtuoso did not start"
    exit 1
fi
STARTED_PID=$VIRT_PID
ok "private Virtuoso online (pid $VIRT_PID, SQL port $VIRT_PORT, HTTP port $VIRT_HTTP)"

G=https://kgraph.example/graph
if virt_load "$T/files/data.ttl" "$G" >"$T/load.log" 2>&1 && ! grep -q "Error" "$T/load.log"; then
    ok "the Turtle of data/ loaded"
else
    fail "loading the Turtle: $(cat "$T/load.log")"
fi

PREFIXES='PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct:  <http://purl.org/dc/terms/>
PREFIX kg:   <https://kgraph.example/vocab/>
PREFIX ent:  <https://kgraph.example/entity/>
PREFIX type: <https://kgraph.example/type/>
PREFIX rel:  <https://kgraph.example/relation/>
'

# q NAME QUERY: runs the query (with the prefixes) into $T/NAME.csv.
q() {
    virt_sparql "$G" "$PREFIXES$2" >"$T/$1.csv" 2>"$T/$1.err" || {
        fail "query $1: $(cat "$T/$1.err" "$T/$1.csv" | head -5)"
        return 1
    }
}

q entities 'SELECT ?id ?label WHERE { ?e a kg:Entity ; dct:identifier ?id ; rdfs:label ?label }'
q direct 'SELECT ?s ?p ?o WHERE { ?s ?p ?o . ?s a kg:Entity . ?o a kg:Entity }'
q quotes 'SELECT ?c ?quote WHERE { ?c a kg:Citation ; kg:quote ?quote }'
q citations 'SELECT ?c ?s ?p ?o ?doc ?title ?publisher ?author ?claimant WHERE {
  ?c a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?c prov:wasQuotedFrom ?d . ?d dct:identifier ?doc ; dct:title ?title .
             OPTIONAL { ?d dct:publisher ?publisher } OPTIONAL { ?d dct:creator ?author } }
  OPTIONAL { ?c prov:wasAttributedTo ?w . ?w dct:identifier ?claimant }
}'
# the analyst's question, as docs/rdf.md asks it
q supports 'SELECT ?supporter ?supported ?title ?quote WHERE {
  ?s rel:supports ?o .
  ?c rdf:subject ?s ; rdf:predicate rel:supports ; rdf:object ?o ;
     kg:quote ?quote ; prov:wasQuotedFrom ?d .
  ?d dct:title ?title .
  ?s rdfs:label ?supporter . ?o rdfs:label ?supported .
}'

"$PY" - "$T" "$SRC/data" <<'PYEOF'
import csv, sys, urllib.parse
T, ds = sys.argv[1:3]
B = "https://kgraph.example/"
def table(name):
    with open(f"{T}/{name}.csv", newline="", encoding="utf-8") as f:
        r = list(csv.reader(f))
    return r[1:]
def rows(name):
    with open(f"{ds}/{name}", newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))
def enc(s):
    return urllib.parse.quote(s, safe="-._~")
ents, rels, srcs = rows("entities.csv"), rows("relations.csv"), rows("sources.csv")
src = {s["id"]: s for s in srcs}
label = {e["id"]: e["label"] or e["id"] for e in ents}
failed = 0
def check(what, got, want):
    global failed
    if got == want:
        print(f"ok: SPARQL finds {what} ({len(want)}), as the CSV says")
    else:
        failed += 1
        print(f"FAIL: {what}: {len(got)} from SPARQL, {len(want)} from the CSV")
        for x in sorted(got - want)[:5]: print("  only in SPARQL:", x)
        for x in sorted(want - got)[:5]: print("  only in the CSV:", x)

check("every entity with its label", {tuple(r) for r in table("entities")}, set(label.items()))
check("every relation as a direct triple", {tuple(r) for r in table("direct")},
      {(B + "entity/" + enc(r["source"]), B + "relation/" + enc(r["relation"]),
        B + "entity/" + enc(r["target"])) for r in rels})
check("every quote", {tuple(r) for r in table("quotes")},
      {(B + "citation/" + str(n), r["quote"]) for n, r in enumerate(rels, 1) if r["quote"]})
want = set()
for n, r in enumerate(rels, 1):
    d = src.get(r["doc"])
    want.add((B + "citation/" + str(n), B + "entity/" + enc(r["source"]),
              B + "relation/" + enc(r["relation"]), B + "entity/" + enc(r["target"]),
              r["doc"] if d else "", d["title"] if d else "", d["publisher"] if d else "",
              d["author"] if d else "", r["claimed_by"]))
got = {tuple(r) for r in table("citations")}
check("each citation's statement, document (title, publisher, author) and claimant", got, want)
if not any(r[8] for r in got) or not any(r[5] for r in got):
    failed += 1
    print("FAIL: no citation with a claimant or a document title: the check proves nothing")
sup = {(label[r["source"]], label[r["target"]], src[r["doc"]]["title"], r["quote"])
       for r in rels if r["relation"] == "supports" and r["doc"] in src and r["quote"]}
check("who supports whom, according to which document", {tuple(r) for r in table("supports")}, sup)
if len(sup) < 3:
    failed += 1
    print("FAIL: fewer than 3 'supports' citations in data/: the question proves little")
sys.exit(1 if failed else 0)
PYEOF
[ $? -eq 0 ] || failures=$((failures + 1))

# every query of docs/rdf.md runs and finds something
"$PY" - "$SRC/docs/rdf.md" "$T" <<'PYEOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"```sparql\n(.*?)```", text, re.S)
for i, b in enumerate(blocks[1:], 1):  # the first block is the prefixes
    open(f"{sys.argv[2]}/doc{i}.rq", "w", encoding="utf-8").write(b)
PYEOF
for f in "$T"/doc*.rq; do
    name=$(basename "$f" .rq)
    if q "$name" "$(cat "$f")"; then
        n=$(($(wc -l <"$T/$name.csv") - 1))
        [ "$n" -gt 0 ] && ok "docs/rdf.md query $name: $n rows" ||
            fail "docs/rdf.md query $name found nothing: $(head -3 "$f")"
    fi
done

# a hostile dataset loads into Virtuoso and reads back exactly
H=$T/hostile
mkdir -p "$H"
printf '%s\n' 'id,label,type,aliases,url,x note' \
    'a,"Alpha ""A"" \ back, slash","per son","A;""B""",https://example.org/a{b}|c,ü € 😀' \
    '"c d/é#%20?","multi' 'line	tab ü😀",org,,page.html,' >"$H/entities.csv"
printf '%s\n' 'source,relation,target,quote,doc' \
    'a,has part,"c d/é#%20?","He said ""hi"" \n \",doc 1' >"$H/relations.csv"
"$KGRAPH" export "$H" -q -T turtle -o "$T/files/hostile.ttl" || fail "hostile export failed"
G=https://kgraph.example/hostile
if virt_load "$T/files/hostile.ttl" "$G" >"$T/load2.log" 2>&1 && ! grep -q "Error" "$T/load2.log"; then
    q hlabels 'SELECT ?id ?label WHERE { ?e a kg:Entity ; dct:identifier ?id ; rdfs:label ?label }'
    q hquote 'SELECT ?quote ?doc WHERE { ?c kg:quote ?quote ; prov:wasQuotedFrom ?d . ?d dct:identifier ?doc .
              ?c rdf:subject ?s . ?s ?p ?o . ?o rdfs:label ?l }'
    "$PY" - "$T" <<'PYEOF' && ok "hostile values read back from Virtuoso exactly" || fail "hostile values changed in Virtuoso"
import csv, sys
T = sys.argv[1]
def table(n):
    return {tuple(r) for r in list(csv.reader(open(f"{T}/{n}.csv", newline="", encoding="utf-8")))[1:]}
want = {("a", 'Alpha "A" \\ back, slash'), ("c d/é#%20?", "multi\nline\ttab ü😀")}
got = table("hlabels")
q = table("hquote")
ok = got == want and q == {('He said "hi" \\n \\', "doc 1")}
if not ok:
    print("labels", got, "quote", q)
sys.exit(0 if ok else 1)
PYEOF
else
    fail "loading the hostile Turtle: $(cat "$T/load2.log")"
fi

pid=$VIRT_PID
virt_stop
if kill -0 "$pid" 2>/dev/null; then
    fail "Virtuoso (pid $pid) still runs after the shutdown"
else
    ok "Virtuoso stopped (pid $pid gone)"
fi

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
