#!/bin/bash
# report_aliases.sh: `kgraph report` shows an entity's aliases as a list (HTML <ul
# class="aliases">, Markdown bullets), split at ';', trimmed, empty ones dropped, escaped;
# and the sources list counts each source's citations in the view. $1 = kgraph binary,
# $2 = source dir. Exit 0 when all passed, 1 when a check failed.
set -u
KGRAPH=${1:?usage: report_aliases.sh KGRAPH SOURCE_DIR}
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-reportaliases-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

mkdir "$T/d"
printf 'id,label,type,aliases\nchina,China,country,PRC; Zhongguo ;;<b>x</b>\nrussia,Russia,country,\nusa,USA,country,US\n' >"$T/d/entities.csv"
printf 'source,relation,target,doc\nchina,partners_with,russia,s1\nrussia,opposes,usa,s2\nchina,trades_with,usa,s1\n' >"$T/d/relations.csv"
printf 'id,title\ns1,One\ns2,Two\n' >"$T/d/sources.csv"

"$KGRAPH" report "$T/d" -q -o "$T/r.html" || fail "report html failed"
grep -qF 'Also known as:<ul class="aliases"><li>PRC</li><li>Zhongguo</li><li>&lt;b&gt;x&lt;/b&gt;</li></ul>' "$T/r.html" &&
    ok "html: aliases as a list, trimmed, empty dropped, escaped" || fail "html: no alias list: $(grep -o 'Also known.\{0,120\}' "$T/r.html")"
grep -qF '<ul class="aliases"><li>US</li></ul>' "$T/r.html" && ok "html: a single alias is a list too" || fail "html: single alias"
"$KGRAPH" report "$T/d" -q -o "$T/r.md" || fail "report md failed"
grep -A5 -F '*Also known as:*' "$T/r.md" | tr '\n' '|' | grep -qF '*Also known as:*||- PRC|- Zhongguo|- \<b\>x\</b\>|' &&
    ok "markdown: aliases as bullets" || fail "markdown: no bullet list: $(grep -A5 -F 'Also known' "$T/r.md")"
# the sources' counts (one pass over the view): s1 twice, s2 once; with a view, s2 none
grep -qF 'Id <code>s1</code>; 2 citations in this view.' "$T/r.html" && ok "s1: 2 citations" || fail "s1 count"
grep -qF 'Id <code>s2</code>; 1 citation in this view.' "$T/r.html" && ok "s2: 1 citation" || fail "s2 count"
"$KGRAPH" report "$T/d" -q --relation partners_with -o "$T/v.html" || fail "report with a view failed"
grep -qF 'Id <code>s2</code>; 0 citations in this view.' "$T/v.html" && ok "view: s2 uncited" || fail "view: s2 count"
grep -qF 'Id <code>s1</code>; 1 citation in this view.' "$T/v.html" && ok "view: s1 once" || fail "view: s1 count"
exit $((failures > 0))
