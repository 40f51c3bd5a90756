#!/bin/bash
# import_init.sh: issue 17 item 4: `kgraph init DIR` guesses from the headers of a folder
# of spreadsheets which file holds what and which header feeds each column, prints it,
# writes DIR/kgraph.ini (atomically) that the other commands then read, and never
# replaces an existing one without --force. $1 = kgraph binary, $2 = source dir.
set -u
KGRAPH=${1:?usage: import_init.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: import_init.sh KGRAPH SOURCE_DIR}
DATA=$SRC/tests/data/import

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-import-init-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT
. "$SRC/tests/cli/import_lib.inc" # failures, fail, ok, expect

cp -r "$DATA/sheets" "$T/s"
expect "init prints its guesses" 0 "relations: links.csv" "" -- "$KGRAPH" init "$T/s"
for want in "entities: people.csv" "  id          <- 'Name'" "  type        <- 'Category'" \
    "  source      <- 'Actor'" "  relation    <- 'Verb'" "  target      no header found: set it in [relations]" \
    "  date        <- 'Year'" "not read:   'Counterpart'" "wrote $T/s/kgraph.ini"; do
    grep -qF -- "$want" "$T/out" && ok "init says: $want" || fail "init output lacks '$want': $(cat "$T/out")"
done
for want in "entities = people.csv" "relations = links.csv" "delimiter = pipe" "id = Name" \
    "source = Actor" "; target = HEADER"; do
    grep -qxF -- "$want" "$T/s/kgraph.ini" && ok "kgraph.ini has: $want" || fail "kgraph.ini lacks '$want': $(cat "$T/s/kgraph.ini")"
done
[ "$(stat -c %a "$T/s/kgraph.ini")" = "$(umask -S >/dev/null; printf '%o' $((0666 & ~0$(umask))))" ] &&
    ok "kgraph.ini has the mode of a new file ($(stat -c %a "$T/s/kgraph.ini"))" ||
    fail "kgraph.ini mode $(stat -c %a "$T/s/kgraph.ini")"
ls "$T/s" | grep -q 'kgraph.ini.' && fail "a temporary file was left: $(ls "$T/s")" || ok "no temporary file left"
expect "check reads it and names the header to set" 2 "" "missing required column 'target'" -- "$KGRAPH" check "$T/s"
sed -i 's/^; target = HEADER/target = Counterpart/' "$T/s/kgraph.ini"
expect "check after filling in the target" 0 "2 entities, 1 relations (1 citations)" "" -- "$KGRAPH" check "$T/s"
cp "$T/s/kgraph.ini" "$T/before"
expect "init refuses to replace kgraph.ini" 2 "" "kgraph.ini exists already (use --force to replace it)" -- \
    "$KGRAPH" init "$T/s"
cmp -s "$T/before" "$T/s/kgraph.ini" && ok "the existing kgraph.ini is untouched" || fail "kgraph.ini changed"
expect "init --force replaces it" 0 "wrote" "" -- "$KGRAPH" init "$T/s" --force
grep -qxF "; target = HEADER" "$T/s/kgraph.ini" && ok "--force wrote a new guess" || fail "not replaced"
# a folder of the usual files with synonyms: nothing left to fill in
mkdir "$T/syn"
cp "$DATA/synonyms/"*.csv "$T/syn/"
expect "init on a folder of entities.csv and relations.csv" 0 "  target      <- 'Object'" "" -- "$KGRAPH" init "$T/syn"
grep -q '^\[dataset\]' "$T/syn/kgraph.ini" && ! grep -q '^entities =' "$T/syn/kgraph.ini" &&
    ok "the usual file names are not written" || fail "kgraph.ini: $(cat "$T/syn/kgraph.ini")"
expect "check reads what init wrote" 0 "2 entities, 1 relations" "" -- "$KGRAPH" check "$T/syn"
# files with different delimiters: no delimiter line, each file keeps its own
mkdir "$T/mixed"
printf 'id;label\na;A\nb;B\n' >"$T/mixed/entities.csv"
printf 'source\trelation\ttarget\na\tr\tb\n' >"$T/mixed/relations.tsv"
expect "init on files of different delimiters" 0 "relations: relations.tsv" "" -- "$KGRAPH" init "$T/mixed"
grep -q '^delimiter' "$T/mixed/kgraph.ini" && fail "a delimiter was forced: $(cat "$T/mixed/kgraph.ini")" ||
    ok "no delimiter forced on files that differ"
expect "check reads them each with its own" 0 "2 entities, 1 relations" "" -- "$KGRAPH" check "$T/mixed"
# a folder without a relations file
mkdir "$T/none"
printf 'id\na\n' >"$T/none/things.csv"
expect "init without a relations file" 2 "" "no .csv or .tsv file with headers for two of source, relation and target" -- \
    "$KGRAPH" init "$T/none"
[ ! -e "$T/none/kgraph.ini" ] && ok "nothing written" || fail "kgraph.ini written"
expect "init in a missing directory" 2 "" "cannot read the directory" -- "$KGRAPH" init "$T/nowhere"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
