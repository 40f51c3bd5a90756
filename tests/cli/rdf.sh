#!/bin/bash
# rdf.sh: `kgraph export -T turtle / ntriples` end to end. Every export parses with rapper
# (raptor2-utils), Turtle and N-Triples hold the same triples, and the triples read back
# (python3 over rapper's N-Triples) carry every label, alias, quote, document field and
# unknown column of the CSV files exactly, for the bundled dataset and a hostile one
# (quotes, backslashes, line breaks, tabs, non-ASCII, odd ids and column names, urls with
# characters an IRI cannot hold). Also: deterministic bytes, --base-iri, views, usage
# errors, and failures leaving an existing output untouched.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed, 77 when rapper is
# missing (1 then if KGRAPH_REQUIRE_VIRTUOSO is set: scripts/test installs it).
set -u
KGRAPH=${1:?usage: rdf.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: rdf.sh KGRAPH SOURCE_DIR}
PY=$(command -v python3) || { echo "FAIL: python3 is needed (scripts/install-deps)"; exit 1; }
if ! command -v rapper >/dev/null; then
    if [ -n "${KGRAPH_REQUIRE_VIRTUOSO:-}" ]; then
        echo "FAIL: rapper is missing and KGRAPH_REQUIRE_VIRTUOSO is set (apt-get install raptor2-utils)"
        exit 1
    fi
    echo "SKIP: rapper is missing (apt-get install raptor2-utils)"
    exit 77
fi

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-rdf-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# A hostile dataset: every kind of character a literal or an IRI must escape.
H=$T/hostile
mkdir -p "$H"
printf '%s\r\n' \
    'id,label,type,aliases,description,url,x note,"we""ird, col",:colon,ü' \
    'a,"Alpha ""A"", Inc.",person,"A; Al ;;back\slash ""q""","line1' \
    'line2 <b>&amp; ]]> end",https://example.org/a{b}|c^d`e?q=1&r=%41%zz,ü € 😀,"tab	here",x,y' \
    'b,,org,,,,,,,' \
    '"c d",Gamma,type with space,,trailing backslash \,page.html,,x,,' \
    '-1,"minus one",person,,,,,,,' \
    '42,"forty ""two""",person,,,,,,,' \
    'ünï/cödé#x%20?y,"Ünïcödé \u0041",Typ-é,"ä;b",,http://example.org/ü,,,,' \
    'x.,"dot.",person,,"\\n is not a newline",,,,,' >"$H/entities.csv"
printf '%s\n' 'source,relation,target,polarity,date,doc,quote,confidence,claimed_by,status,extra,"odd ""col"""' \
    'a,meets,b,positive,2022-02-04,s1,"He said ""hi"", then \ left <b> & ]]>",0.50,,,"e,1",' \
    'a,meets,b,negative,2022,s 2,"multi' 'line quote	tab",1e-1,c d,contested,,"q"""' \
    '"c d",sanctions,a,,2021-12,s1,ü😀,1,,asserted,,' \
    '-1,has part,42,neutral,,s1,"""",.5,ünï/cödé#x%20?y,,,' \
    'ünï/cödé#x%20?y,verb/with:odd#chars,x.,,,s1,x,,,,,' >"$H/relations.csv"
printf '%s\n' 'id,title,publisher,author,date,url,file,lang' 's1,"T, ""one""",P\,"A
B",2022,https://example.org/doc?x=1,f.txt,en' \
    's 2,"T ""two""",,,2022-03,,,' >"$H/sources.csv"

"$KGRAPH" check "$H" -q >/dev/null 2>"$T/check.err" || { fail "the hostile dataset does not load:"; cat "$T/check.err"; }

# parse FILE SYNTAX OUT: rapper parses FILE and writes its triples as N-Triples to OUT;
# prints the triple count.
parse() {
    rapper -q -i "$2" -o ntriples "$1" >"$3" 2>"$T/rapper.err" || { cat "$T/rapper.err"; return 1; }
    wc -l <"$3"
}

# check_roundtrip NT DATASET BASE: the triples (rapper's N-Triples) hold the CSV's values.
check_roundtrip() {
    "$PY" - "$@" <<'PYEOF'
import csv, re, sys, urllib.parse
nt_path, ds, base = sys.argv[1:4]
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
KG = base + "vocab/"
def unescape(s):
    return re.sub(r'\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)',
                  lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] in "uU" and len(m.group(1)) > 1
                  else {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\", "b": "\b", "f": "\f", "'": "'"}[m.group(1)], s)
term = r'(<[^>]*>|"(?:[^"\\]|\\.)*"(?:\^\^<[^>]*>|@[a-zA-Z-]+)?|_:\S+)'
line_re = re.compile(r'^' + term + r' ' + term + r' ' + term + r' \.$')
triples = set()
def parse_term(t):
    if t.startswith("<"):
        return ("iri", unescape(t[1:-1]))
    m = re.match(r'^"((?:[^"\\]|\\.)*)"(?:\^\^<([^>]*)>)?', t)
    return ("lit", unescape(m.group(1)), m.group(2) or XSD + "string")
with open(nt_path, encoding="utf-8") as f:
    for line in f:
        m = line_re.match(line.rstrip("\n"))
        if not m:
            print(f"FAIL: unparsed line {line!r}"); sys.exit(1)
        triples.add(tuple(parse_term(t) for t in m.groups()))
def rows(name):
    try:
        with open(f"{ds}/{name}", newline="", encoding="utf-8-sig") as f:
            r = list(csv.reader(f))
    except FileNotFoundError:
        return [], []
    return r[0], [dict(zip(r[0], [v.replace("\r\n", "\n") for v in row])) for row in r[1:]]
def enc(s):
    return urllib.parse.quote(s, safe="-._~")
def I(ns, s):
    return ("iri", ns + s)
def L(s, dt=XSD + "string"):
    return ("lit", s, dt)
problems = []
def want(t, what):
    if t not in triples:
        problems.append(f"missing {what}: {t}")
known_e = {"id", "label", "type", "aliases", "description", "url"}
eh, ents = rows("entities.csv")
for e in ents:
    s = I(base + "entity/", enc(e["id"]))
    want((s, I(RDF, "type"), I(KG, "Entity")), "entity")
    want((s, I(RDFS, "label"), L(e.get("label") or e["id"])), "label")
    want((s, I(DCT, "identifier"), L(e["id"])), "identifier")
    if e.get("type"):
        want((s, I(RDF, "type"), I(base + "type/", enc(e["type"]))), "type")
    for a in (e.get("aliases") or "").split(";"):
        if a.strip(" \t"):
            want((s, I(SKOS, "altLabel"), L(a.strip(" \t"))), "alias")
    if e.get("description"):
        want((s, I(DCT, "description"), L(e["description"])), "description")
    u = e.get("url") or ""
    if u.lower().startswith(("http:", "https:")):
        iri = "".join(c if 0x20 < ord(c) < 0x7F and c not in '<>"{}|^`\\' else
                      "".join(f"%{b:02X}" for b in c.encode()) for c in u)
        iri = re.sub(r'%(?![0-9A-Fa-f]{2})', '%25', iri)
        want((s, I(RDFS, "seeAlso"), ("iri", iri)), "url")
    elif u:
        want((s, I(KG, "url"), L(u)), "relative url")
    for k in eh:
        if k not in known_e and e.get(k):
            want((s, I(base + "column/", enc(k)), L(e[k])), f"column {k}")
rh, rels = rows("relations.csv")
known_r = {"source", "relation", "target", "polarity", "date", "doc", "quote", "confidence", "claimed_by", "status"}
for n, r in enumerate(rels, 1):
    c = I(base + "citation/", str(n))
    S, P, O = I(base + "entity/", enc(r["source"])), I(base + "relation/", enc(r["relation"])), I(base + "entity/", enc(r["target"]))
    want((S, P, O), "direct triple")
    want((c, I(RDF, "type"), I(RDF, "Statement")), "statement")
    want((c, I(RDF, "subject"), S), "rdf:subject")
    want((c, I(RDF, "predicate"), P), "rdf:predicate")
    want((c, I(RDF, "object"), O), "rdf:object")
    if r.get("quote"):
        want((c, I(KG, "quote"), L(r["quote"])), "quote")
    if r.get("doc"):
        want((c, I(PROV, "wasQuotedFrom"), I(base + "document/", enc(r["doc"]))), "document")
    if r.get("claimed_by"):
        want((c, I(PROV, "wasAttributedTo"), I(base + "entity/", enc(r["claimed_by"]))), "claimant")
    if r.get("date"):
        dt = {4: "gYear", 7: "gYearMonth", 10: "date"}[len(r["date"])]
        want((c, I(DCT, "date"), L(r["date"], XSD + dt)), "date")
    if r.get("confidence"):
        dt = "double" if re.search("[eE]", r["confidence"]) else "decimal"
        want((c, I(KG, "confidence"), L(r["confidence"], XSD + dt)), "confidence")
    want((c, I(KG, "polarity"), L(r.get("polarity") or "neutral")), "polarity")
    want((c, I(KG, "status"), L(r.get("status") or "asserted")), "status")
    for k in rh:
        if k not in known_r and r.get(k):
            want((c, I(base + "column/", enc(k)), L(r[k])), f"column {k}")
sh, srcs = rows("sources.csv")
for d in srcs:
    s = I(base + "document/", enc(d["id"]))
    want((s, I(DCT, "identifier"), L(d["id"])), "document id")
    for col, p in (("title", "title"), ("publisher", "publisher"), ("author", "creator")):
        if d.get(col):
            want((s, I(DCT, p), L(d[col])), f"document {col}")
    if d.get("file"):
        want((s, I(KG, "file"), L(d["file"])), "document file")
    for k in sh:
        if k not in {"id", "title", "publisher", "author", "date", "url", "file"} and d.get(k):
            want((s, I(base + "column/", enc(k)), L(d[k])), f"column {k}")
for p in problems[:20]:
    print("FAIL:", p)
print(f"{len(triples)} triples, {len(problems)} problems")
sys.exit(1 if problems else 0)
PYEOF
}

# export_both DATASET NAME [OPTIONS...]: writes NAME.ttl and NAME.nt; checks both parse, hold
# the same triples, and read back to the CSV values (check_roundtrip).
export_both() {
    local ds=$1 name=$2 base=https://kgraph.example/
    shift 2
    for a in "$@"; do case $a in --base-iri=*) base=${a#--base-iri=} ;; esac; done
    "$KGRAPH" export "$ds" -q -T turtle -o "$T/$name.ttl" "$@" || { fail "$name: turtle export failed"; return; }
    "$KGRAPH" export "$ds" -q -o "$T/$name.nt" "$@" || { fail "$name: ntriples export failed"; return; }
    local n1 n2
    n1=$(parse "$T/$name.ttl" turtle "$T/$name.ttl.nt") || { fail "$name: rapper rejects the Turtle"; return; }
    n2=$(parse "$T/$name.nt" ntriples "$T/$name.nt.nt") || { fail "$name: rapper rejects the N-Triples"; return; }
    if [ "$n1" -eq "$n2" ] && [ "$n1" -gt 0 ] &&
        cmp -s <(LC_ALL=C sort "$T/$name.ttl.nt") <(LC_ALL=C sort "$T/$name.nt.nt"); then
        ok "$name: rapper parses both, the same $n1 triples"
    else
        fail "$name: turtle ($n1 triples) and ntriples ($n2) differ"
    fi
    if [ -n "${ROUNDTRIP:-}" ]; then
        if out=$(check_roundtrip "$T/$name.nt.nt" "$ds" "$base"); then
            ok "$name: every CSV value read back ($out)"
        else
            fail "$name: values lost:"; echo "$out"
        fi
    fi
}

ROUNDTRIP=1 export_both "$SRC/data" data
ROUNDTRIP=1 export_both "$H" hostile
ROUNDTRIP=1 export_both "$H" hostile-base --base-iri=urn:x:base#

# no sources.csv: free-text docs become documents, once each
F=$T/free
mkdir -p "$F"
cp "$H/entities.csv" "$F/"
printf '%s\n' 'source,relation,target,doc,quote' 'a,meets,b,"Le Monde, 2 mai",q1' \
    'b,meets,a,"Le Monde, 2 mai",q2' 'a,likes,b,"",q3' >"$F/relations.csv"
ROUNDTRIP=1 export_both "$F" free
n=$(grep -c 'dct:identifier "Le Monde, 2 mai"' "$T/free.ttl")
[ "$n" = 1 ] && ok "a free-text document is written once" || fail "free-text document written $n times"

# the Turtle escapes what it must
grep -q 'kg:quote "He said \\"hi\\", then \\\\ left <b> & ]]>"' "$T/hostile.ttl" &&
    grep -q 'kg:quote "multi\\nline quote\\ttab"' "$T/hostile.ttl" &&
    grep -q '<https://kgraph.example/entity/%C3%BCn%C3%AF%2Fc%C3%B6d%C3%A9%23x%2520%3Fy>' "$T/hostile.ttl" &&
    grep -q '<https://example.org/a%7Bb%7D%7Cc%5Ed%60e?q=1&r=%41%25zz>' "$T/hostile.ttl" &&
    grep -q 'ent:42 ' "$T/hostile.ttl" && grep -q '<https://kgraph.example/entity/-1>' "$T/hostile.ttl" &&
    ok "turtle escapes quotes, backslashes, line breaks, ids and urls" ||
    fail "turtle escaping: $(grep -n 'quote\|seeAlso' "$T/hostile.ttl" | head -5)"
if LC_ALL=C grep -q '[[:cntrl:]]' <(tr -d '\n' <"$T/hostile.ttl"); then
    fail "a raw control character in the Turtle"
else
    ok "no raw control characters"
fi

# deterministic
"$KGRAPH" export "$SRC/data" -T turtle -o "$T/again.ttl"
cmp -s "$T/data.ttl" "$T/again.ttl" && ok "same input, same bytes" || fail "two exports differ"
"$KGRAPH" export "$SRC/data" -T ntriples >"$T/stdout.nt" && cmp -s "$T/stdout.nt" "$T/data.nt" &&
    ok "standard output" || fail "ntriples to standard output differs"

# views: only what the view keeps, with the citations and documents of its relations
"$KGRAPH" export "$SRC/data" -T turtle --focus wang_yi --depth 1 --relation supports,opposes -o "$T/view.ttl" ||
    fail "export with a view failed"
parse "$T/view.ttl" turtle "$T/view.nt" >/dev/null || fail "rapper rejects the view's Turtle"
"$PY" - "$T/view.nt" "$SRC/data" <<'PYEOF' && ok "a view exports only what it keeps" || fail "view export"
import csv, sys
nt, ds = sys.argv[1:3]
text = open(nt, encoding="utf-8").read()
rels = list(csv.DictReader(open(f"{ds}/relations.csv", encoding="utf-8")))
keep = [r for r in rels if r["relation"] in ("supports", "opposes") and "wang_yi" in (r["source"], r["target"])]
ends = {r["source"] for r in keep} | {r["target"] for r in keep}
ent = "https://kgraph.example/entity/"
bad = []
for r in keep:
    if f'<{ent}{r["source"]}> <https://kgraph.example/relation/{r["relation"]}> <{ent}{r["target"]}> .' not in text:
        bad.append("missing " + str(r))
subjects = {l.split(" ")[0] for l in text.splitlines() if l.startswith(f"<{ent}")}
if subjects != {f"<{ent}{e}>" for e in ends}:
    bad.append(f"entities {sorted(subjects)} != {sorted(ends)}")
cits = sum(1 for l in text.splitlines() if "22-rdf-syntax-ns#Statement" in l)
if cits != len(keep):
    bad.append(f"{cits} citations, want {len(keep)}")
if "China has been drawing closer" in text:
    bad.append("a quote of a relation outside the view")
if bad: print(*bad, sep="\n")
sys.exit(1 if bad or not keep else 0)
PYEOF

# usage errors: nothing written
status=0
"$KGRAPH" export "$SRC/data" -T turtle --base-iri 'https://x.example/no-slash' -o "$T/u1.ttl" 2>"$T/u.err" || status=$?
[ "$status" = 2 ] && [ ! -e "$T/u1.ttl" ] && grep -q "must end with '/' or '#'" "$T/u.err" &&
    ok "a base IRI without / or # is a usage error" || fail "bad base IRI: status $status: $(cat "$T/u.err")"
for bad in 'https://x.example/a b/' 'no-scheme/' 'https://x.example/<x>/' 'https://x.example/ü/'; do
    status=0
    "$KGRAPH" export "$SRC/data" -T turtle --base-iri "$bad" -o "$T/u2.ttl" 2>"$T/u.err" || status=$?
    [ "$status" = 2 ] && [ ! -e "$T/u2.ttl" ] || fail "base IRI '$bad' accepted (status $status)"
done
status=0
"$KGRAPH" export "$SRC/data" -T graphml --base-iri https://x.example/ -o "$T/u3.graphml" 2>"$T/u.err" || status=$?
[ "$status" = 2 ] && [ ! -e "$T/u3.graphml" ] && ok "--base-iri with graphml is a usage error" ||
    fail "--base-iri with graphml: status $status"
status=0
"$KGRAPH" export "$SRC/data" -T json --focus china -o "$T/u4.json" 2>"$T/u.err" || status=$?
[ "$status" = 2 ] && [ ! -e "$T/u4.json" ] && grep -q "turtle and ntriples only" "$T/u.err" &&
    ok "a view with json is a usage error" || fail "view with json: status $status: $(cat "$T/u.err")"
status=0
"$KGRAPH" export "$SRC/data" -T turtle --focus nobody -o "$T/u5.ttl" 2>"$T/u.err" || status=$?
[ "$status" = 2 ] && [ ! -e "$T/u5.ttl" ] && ok "an unknown focus id is an error" || fail "unknown focus: status $status"

# bad data: the existing output is left untouched
B=$T/bad
mkdir -p "$B"
cp "$H"/*.csv "$B/"
printf 'a,meets,nobody,,,,,,,,,\n' >>"$B/relations.csv"
cp "$T/hostile.ttl" "$T/keep.ttl"
status=0
"$KGRAPH" export "$B" -q -T turtle -o "$T/keep.ttl" 2>/dev/null || status=$?
[ "$status" = 2 ] && cmp -s "$T/keep.ttl" "$T/hostile.ttl" && [ -z "$(ls "$T" | grep -c kgraph-tmp | grep -v '^0$')" ] &&
    ok "invalid data leaves the existing output untouched" || fail "invalid data: status $status, output changed"
status=0
"$KGRAPH" export "$SRC/data" -T turtle -o "$T/no/such/dir/x.ttl" 2>/dev/null || status=$?
[ "$status" = 2 ] && ok "an unwritable output is an error" || fail "unwritable output: status $status"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
