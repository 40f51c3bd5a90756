#!/bin/bash
# readable_merged.sh: all the relations from one entity to another are one drawn edge:
# China -> Russia in data/ is one edge whose classes and tooltip carry every verb of
# relations.csv from china to russia; --each-relation draws one edge per relation again.
# $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: readable_merged.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: readable_merged.sh KGRAPH SOURCE_DIR}
DATA=$SRC/data

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-merged-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# the verbs from china to russia (ids and verbs are plain words: the first three fields)
verbs=$(awk -F, 'NR > 1 && $1 == "china" && $3 == "russia" { print $2 }' "$DATA/relations.csv" | sort -u)
n_verbs=$(printf '%s\n' "$verbs" | grep -c .)
[ "$n_verbs" -ge 2 ] || { echo "data/ has fewer than two verbs from china to russia: nothing to merge"; exit 77; }

"$KGRAPH" render "$DATA" -q -o "$T/m.svg" 2>"$T/err" || fail "render: $(cat "$T/err")"
edges=$(grep -cE '<g id="r&#45;china&#45;&#45;(russia|[a-z0-9_]*&#45;&#45;russia)" class="edge' "$T/m.svg")
[ "$edges" -eq 1 ] && ok "China -> Russia: one drawn edge" || fail "China -> Russia: $edges edges drawn"
line=$(grep '<g id="r&#45;china&#45;&#45;russia" class="edge relation merged ' "$T/m.svg")
# the edge's group: its tooltip is on the link inside it (→, or ↔ for a symmetric verb)
group=$(awk '/<g id="r&#45;china&#45;&#45;russia" class="edge/{on=1} on{print} on && /<\/g>/{n++} n==2{exit}' "$T/m.svg")
for verb in $verbs; do
    case " $line " in
    *" rel&#45;$verb "*) ok "class rel-$verb" ;;
    *) fail "the merged edge lacks class rel-$verb: $line" ;;
    esac
    printf '%s' "$group" | grep -q "xlink:title=\"[^\"]*&#8212; $verb &#\(8594\|8596\);\|xlink:title=\"[^\"]*— $verb [→↔]" &&
        ok "tooltip lists $verb" || fail "the tooltip lacks $verb"
done
printf '%s' "$group" | grep -q "China → Russia: $n_verbs relations" && ok "tooltip counts $n_verbs relations" ||
    fail "tooltip does not say '$n_verbs relations'"
printf '%s' "$line" | grep -q 'polarity&#45;' && ok "the merged edge has a polarity class" || fail "no polarity class"

"$KGRAPH" render "$DATA" -q --each-relation -o "$T/e.svg" 2>"$T/err" || fail "--each-relation: $(cat "$T/err")"
edges=$(grep -cE '<g id="r&#45;china&#45;&#45;[a-z0-9_]*&#45;&#45;russia" class="edge relation rel' "$T/e.svg")
[ "$edges" -eq "$n_verbs" ] && ok "--each-relation: $n_verbs edges from China to Russia" ||
    fail "--each-relation: $edges edges, expected $n_verbs"
grep -q 'class="edge relation merged' "$T/e.svg" && fail "--each-relation: a merged edge drawn" ||
    ok "--each-relation: no merged edge"

# the label: the most cited verbs, then "+N more"
"$KGRAPH" render "$DATA" -q -T dot -o "$T/m.dot" 2>"$T/err" || fail "-T dot: $(cat "$T/err")"
if [ "$n_verbs" -gt 4 ]; then
    grep 'id="r-china--russia"' "$T/m.dot" | grep -q "label=\"[^\"]*\\\\n+$((n_verbs - 3)) more\"" &&
        ok "label ends in +$((n_verbs - 3)) more" || fail "label: $(grep -o 'id="r-china--russia"[^]]*' "$T/m.dot" | head -c 300)"
fi
# deterministic: the same bytes twice
"$KGRAPH" render "$DATA" -q -o "$T/m2.svg" 2>/dev/null
cmp -s "$T/m.svg" "$T/m2.svg" && ok "same input, same bytes" || fail "two renders differ"

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "all readable_merged checks passed"
