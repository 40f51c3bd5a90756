#!/bin/bash
# report_each_relation.sh: `kgraph report` draws the relations from one entity to another
# as one edge in every diagram (overview and entity sections) by default, and one edge
# per relation with --each-relation, as render does. $1 = kgraph binary, $2 = source dir.
# Exit 0 when all passed, 1 when a check failed.
set -u
KGRAPH=${1:?usage: report_each_relation.sh KGRAPH SOURCE_DIR}
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-reporteach-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

mkdir "$T/d"
printf 'id,label,type\nchina,China,country\nrussia,Russia,country\nusa,USA,country\n' >"$T/d/entities.csv"
printf 'source,relation,target\nchina,partners_with,russia\nchina,trades_with,russia\nchina,supports,russia\nrussia,opposes,usa\n' >"$T/d/relations.csv"

"$KGRAPH" report "$T/d" -q -o "$T/merged.html" || fail "report failed"
"$KGRAPH" report "$T/d" -q --each-relation -o "$T/each.html" || fail "report --each-relation failed"
# ids as the SVG writes them ('-' as &#45;): r-china--russia (merged), r-china--VERB--russia
merged=$(grep -c 'id="[a-z0-9_&#;-]*r&#45;china&#45;&#45;russia" class="edge' "$T/merged.html")
each=$(grep -c 'id="[a-z0-9_&#;-]*r&#45;china&#45;&#45;[a-z_]*&#45;&#45;russia" class="edge' "$T/each.html")
[ "$merged" -ge 2 ] && ok "default: China -> Russia is one edge in each of $merged diagrams" ||
    fail "default: no merged China -> Russia edge ($merged)"
grep -q 'r&#45;china&#45;&#45;[a-z_]*&#45;&#45;russia" class="edge' "$T/merged.html" &&
    fail "default: a per-relation China -> Russia edge is drawn" || ok "default: no per-relation edge"
[ "$each" -ge 6 ] && ok "--each-relation: three edges in each diagram ($each in all)" ||
    fail "--each-relation: $each per-relation edges (expected 3 in each of at least 2 diagrams)"
grep -q 'r&#45;china&#45;&#45;russia" class="edge' "$T/each.html" &&
    fail "--each-relation: a merged edge is drawn" || ok "--each-relation: no merged edge"
[ "$failures" -eq 0 ]
