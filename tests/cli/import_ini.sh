#!/bin/bash
# import_ini.sh: issue 17 item 4: DATASET/kgraph.ini names the files, the delimiter,
# the column mappings (read as --map), the title, the style and view defaults; the command
# line overrides it; its errors are kgraph.ini:LINE: with "did you mean" and exit 2,
# leaving the output untouched. $1 = kgraph binary, $2 = source dir. Exit 0 when passed.
set -u
KGRAPH=${1:?usage: import_ini.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: import_ini.sh KGRAPH SOURCE_DIR}
DATA=$SRC/tests/data/import

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-import-ini-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
. "$SRC/tests/cli/import_lib.inc" # failures, fail, ok, expect

expect "check: files, delimiter and mappings from kgraph.ini" 0 "2 entities, 1 relations (1 citations), 0 sources" "" -- \
    "$KGRAPH" check "$DATA/ini"
expect "render: the title from kgraph.ini" 0 'label="War in Ukraine"' "" -- "$KGRAPH" render "$DATA/ini" -T dot -o -
grep -q 'ru -> ua' "$T/out" && ok "render: the relation" || fail "no ru -> ua: $(head -c 300 "$T/out")"
expect "the command line's --title wins" 0 'label=Mine' "" -- "$KGRAPH" render "$DATA/ini" -T dot -o - --title Mine
expect "--no-title wins over the file's title" 0 "" "" -- "$KGRAPH" render "$DATA/ini" -T dot -o - --no-title
grep -q 'War in Ukraine' "$T/out" && fail "--no-title: the file's title is drawn" || ok "--no-title: no title"
# [view] since = 2020 keeps the 2022 relation; the command line's --since drops it
expect "the command line's --since wins over [view]" 0 "" "" -- "$KGRAPH" render "$DATA/ini" -T dot -o - --since 2023
grep -q 'ru -> ua' "$T/out" && fail "--since 2023 kept the 2022 relation" || ok "--since 2023 overrides since = 2020"
cp -r "$DATA/ini" "$T/view"
sed -i 's/^since = 2020/since = 2023/' "$T/view/kgraph.ini"
expect "[view] since applies" 0 "" "" -- "$KGRAPH" render "$T/view" -T dot -o -
grep -q 'ru -> ua' "$T/out" && fail "[view] since = 2023 kept the 2022 relation" || ok "[view] since = 2023 applies"
expect "[view] is ignored by a command without view options" 0 "2 entities" "" -- "$KGRAPH" check "$T/view"
# a --map on the command line wins over the file's mapping of the same column
expect "--map overrides the file's mapping" 2 "" "missing required column 'target' (mapped to header 'Nobody')" -- \
    "$KGRAPH" check "$DATA/ini" --map relations.target=Nobody
# --delimiter overrides the file's delimiter
expect "--delimiter overrides the file's" 2 "" "the header holds '|'" -- "$KGRAPH" check "$DATA/ini" --delimiter ';'
# the style file, relative to the directory
cp -r "$DATA/ini" "$T/style"
printf '[type: country]\nfillcolor = #123456\n' >"$T/style/look.style"
printf '[dataset]\nstyle = look.style\n' >>"$T/style/kgraph.ini"
expect "a second [dataset] section adds the style" 0 "#123456" "" -- "$KGRAPH" render "$T/style" -T dot -o -

# diff reads each side's kgraph.ini (files, delimiter, mappings), with both methods
cp -r "$DATA/ini" "$T/changed"
sed -i 's/invades/attacks/' "$T/changed/links.csv"
for m in scan model; do
    expect "diff --method $m: the same kgraph.ini dataset" 0 "no differences" "" -- \
        "$KGRAPH" diff "$DATA/ini" "$DATA/ini" --method "$m"
    expect "diff --method $m: a change in a kgraph.ini dataset" 1 "ru -[attacks]-> ua" "" -- \
        "$KGRAPH" diff "$DATA/ini" "$T/changed" --method "$m"
done
printf 'nonsense\n' >>"$T/changed/kgraph.ini"
expect "diff: a side's bad kgraph.ini" 2 "" "changed/kgraph.ini:17: expected '[SECTION]', 'KEY = VALUE' or a comment" -- \
    "$KGRAPH" diff "$DATA/ini" "$T/changed"

# errors: FILE:LINE, did you mean, exit 2, output untouched
mkdir "$T/bad"
cp "$DATA/ini/people.csv" "$DATA/ini/links.csv" "$T/bad/"
cat >"$T/bad/kgraph.ini" <<'INI'
[dataset]
relations = links.csv
titel = War
[relation]
source = Actor
[relations]
sorce = Actor
target =
[view]
focuss = ru
this line has no equals sign
[entities]
id = Name
id = Name
INI
echo keep >"$T/keep.svg"
expect "a bad kgraph.ini is exit 2" 2 "" "" -- "$KGRAPH" render "$T/bad" -o "$T/keep.svg"
for want in \
    "bad/kgraph.ini:3: unknown key 'titel' in [dataset]; did you mean 'title'?" \
    "bad/kgraph.ini:4: unknown section [relation]; did you mean 'relations'?" \
    "bad/kgraph.ini:7: relations.csv has no column 'sorce'; did you mean 'source'?" \
    "bad/kgraph.ini:8: 'target' has no value" \
    "bad/kgraph.ini:10: unknown key 'focuss' in [view]; did you mean 'focus'?" \
    "bad/kgraph.ini:11: expected '[SECTION]', 'KEY = VALUE' or a comment" \
    "bad/kgraph.ini:14: 'id' is set twice in [entities] (first at line 13)"; do
    grep -qF -- "$want" "$T/err" && ok "error: ${want#*bad/}" || fail "missing '$want'; got: $(cat "$T/err")"
done
[ "$(cat "$T/keep.svg")" = keep ] && ok "a bad kgraph.ini leaves the output untouched" || fail "output changed"
expect "check reports it too" 2 "" "kgraph.ini:3: unknown key 'titel'" -- "$KGRAPH" check "$T/bad"
# a line over libinih's 200 bytes is an error at its own line, not a cut value
mkdir "$T/long"
cp "$DATA/ini/people.csv" "$DATA/ini/links.csv" "$T/long/"
{ printf '[dataset]\nrelations = links.csv\ntitle = '; head -c 250 /dev/zero | tr '\0' x; printf '\ndelimiter = pipe\n'; } >"$T/long/kgraph.ini"
expect "a line over 199 bytes" 2 "" "long/kgraph.ini:3: line longer than 199 bytes" -- "$KGRAPH" check "$T/long"
grep -q "kgraph.ini:4" "$T/err" && fail "the long line's rest read as line 4: $(cat "$T/err")" || ok "its rest is not read as another line"
# delimiter words; ';' would start a comment
mkdir "$T/delim"
cp "$DATA/ini/people.csv" "$DATA/ini/links.csv" "$T/delim/"
printf '[dataset]\nrelations = links.csv\ndelimiter = ;\n' >"$T/delim/kgraph.ini"
expect "delimiter = ; explains the comment" 2 "" "kgraph.ini:3: 'delimiter' has no value (write comma, semicolon, tab or pipe" -- \
    "$KGRAPH" check "$T/delim"
printf '[dataset]\nrelations = links.csv\ndelimiter = colon\n' >"$T/delim/kgraph.ini"
expect "an unknown delimiter" 2 "" "kgraph.ini:3: delimiter 'colon' is not comma, semicolon, tab or pipe" -- \
    "$KGRAPH" check "$T/delim"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
