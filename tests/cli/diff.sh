#!/bin/bash
# diff.sh: `kgraph diff` end to end: exit codes, text/CSV/JSON against golden files, what
# never counts as a change, bad input reported as render reports it, colours and NO_COLOR,
# the diagram's colours and --context, atomic -o, REV:PATH from git, and the git driver
# set up by scripts/git-setup. $1 = kgraph binary, $2 = source dir. Exit 0 when all passed,
# 1 when a check failed, 77 (skipped) when none failed but a part could not run (says why).
set -u
KGRAPH=${1:?usage: diff.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: diff.sh KGRAPH SOURCE_DIR}
SRC=$(cd "$SRC" && pwd)
KGRAPH=$(cd "$(dirname "$KGRAPH")" && pwd)/$(basename "$KGRAPH")
GOLD=$SRC/tests/golden/diff

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
skips=0
skip() { echo "SKIP: $*"; skips=$((skips + 1)); }

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-diff-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# expect STATUS WHAT CMD...: runs CMD (stdout to $T/out, stderr to $T/err), checks the status
expect() {
    local want=$1 what=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    local got=$?
    if [ "$got" -eq "$want" ]; then
        ok "$what (exit $got)"
        return 0
    fi
    fail "$what: exit $got, expected $want; stderr: $(head -c 400 "$T/err")"
    return 1
}

# same FILE GOLDEN WHAT: FILE is byte for byte GOLDEN
same() {
    if cmp -s "$1" "$2"; then ok "$3"; else fail "$3: differs from $2:"; diff "$2" "$1" | head -20; fi
}

# ---- exit codes and golden outputs -----------------------------------------------------------

expect 0 "a dataset against itself" "$KGRAPH" diff "$SRC/data" "$SRC/data" &&
    { grep -qx "no differences" "$T/out" && ok "it says: no differences" || fail "no 'no differences' line"; }

for m in model scan; do
    expect 1 "golden pair, text ($m)" "$KGRAPH" diff --method "$m" "$GOLD/old" "$GOLD/new" &&
        same "$T/out" "$GOLD/diff.txt" "text output ($m)"
    expect 1 "golden pair, csv ($m)" "$KGRAPH" diff --method "$m" -T csv "$GOLD/old" "$GOLD/new" &&
        same "$T/out" "$GOLD/diff.csv" "csv output ($m)"
    expect 1 "golden pair, json ($m)" "$KGRAPH" diff --method "$m" -T json "$GOLD/old" "$GOLD/new" &&
        same "$T/out" "$GOLD/diff.json" "json output ($m)"
done
if command -v jq >/dev/null; then
    jq -e '.summary.relations.changed == 3' "$GOLD/diff.json" >/dev/null &&
        ok "the json is valid (jq)" || fail "jq cannot read the json output"
else
    skip "jq not installed: json validity"
fi
tail -n 1 "$GOLD/diff.txt" | grep -qx "1 relation added, 1 removed, 3 changed; 1 entity added, 1 removed, 2 changed; 1 source added" &&
    ok "summary line" || fail "summary line: $(tail -n 1 "$GOLD/diff.txt")"

# ---- what never counts as a change ---------------------------------------------------------

# the bundled dataset rewritten: rows reversed, unquoted fields quoted, CRLF, a BOM
mkdir "$T/re"
for f in entities relations sources; do
    {
        printf '\357\273\277'
        head -n 1 "$SRC/data/$f.csv"
        tail -n +2 "$SRC/data/$f.csv" | tac | awk -F, -v OFS=, '
            index($0, "\"") { print; next }   # lines with quotes stay as they are
            { for (i = 1; i <= NF; i++) $i = "\"" $i "\""; print }'
    } | sed 's/$/\r/' >"$T/re/$f.csv"
done
for m in model scan; do
    expect 0 "reordered, re-quoted, CRLF and BOM: no differences ($m)" \
        "$KGRAPH" diff --method "$m" "$SRC/data" "$T/re"
done

# columns in another order
mkdir "$T/cols"
cp "$GOLD/old/entities.csv" "$GOLD/old/sources.csv" "$T/cols/"
awk -F, -v OFS=, 'NR == 1 || !index($0, "\"") { print $3, $1, $2, $9, $8, $7, $6, $5, $4; next } { print "SKIP" }' \
    "$GOLD/old/relations.csv" | grep -v SKIP >"$T/cols/relations.csv"
# the rows with quoted fields, reordered by hand
printf '%s\n' 'putin,xi,meets,,0.9,"They met in Beijing, before the Olympics.",s1,2022-02-04,positive' \
    'russia,china,partners_with,qin,0.8,"Closer than ever, said ""both sides"".",s2,2022-02,positive' \
    >>"$T/cols/relations.csv"
expect 0 "columns in another order: no differences" "$KGRAPH" diff "$GOLD/old" "$T/cols"

# ---- bad input: reported as render reports it ------------------------------------------------

mkdir "$T/bad"
cp "$GOLD/new/"*.csv "$T/bad/"
sed -i 's/^russia,opposes,nato,neutral/russia,opposes,nato,hostile/' "$T/bad/relations.csv"
"$KGRAPH" render "$T/bad" -o "$T/render.svg" >/dev/null 2>"$T/render.err"
for m in model scan; do
    expect 2 "invalid data on the new side ($m)" "$KGRAPH" diff --method "$m" "$GOLD/old" "$T/bad" &&
        same "$T/err" "$T/render.err" "the messages are render's ($m)"
done
grep -q "relations.csv:3: polarity 'hostile' is not positive, negative or neutral" "$T/render.err" &&
    ok "render's message names file, line and value" || fail "unexpected render message: $(cat "$T/render.err")"

expect 2 "one argument is bad usage" "$KGRAPH" diff "$GOLD/old"
grep -q "Try 'kgraph help diff'" "$T/err" && ok "usage hint" || fail "no usage hint"
expect 2 "a missing version" "$KGRAPH" diff "$GOLD/old" "$T/nowhere"
expect 2 "--context with text" "$KGRAPH" diff --context 1 "$GOLD/old" "$GOLD/new"
expect 2 "an unknown format" "$KGRAPH" diff -T xml "$GOLD/old" "$GOLD/new"
expect 0 "kgraph help diff" "$KGRAPH" help diff &&
    { grep -q "REV:PATH" "$T/out" && ok "help mentions REV:PATH" || fail "help lacks REV:PATH"; }

# ---- colours -------------------------------------------------------------------------------------

esc=$(printf '\033')
expect 1 "--color=always" "$KGRAPH" diff --color=always "$GOLD/old" "$GOLD/new" &&
    { grep -q "${esc}\[33m~ relation russia -\[opposes\]-> nato" "$T/out" && ok "changed lines in colour" ||
        fail "no colour with --color=always"; }
expect 1 "piped output" "$KGRAPH" diff "$GOLD/old" "$GOLD/new" &&
    { grep -q "$esc" "$T/out" && fail "colour in piped output" || ok "no colour when piped"; }
if command -v script >/dev/null && script -qec true /dev/null >/dev/null 2>&1; then
    script -qec "'$KGRAPH' diff '$GOLD/old' '$GOLD/new'" /dev/null >"$T/tty" 2>&1
    grep -q "$esc\[" "$T/tty" && ok "colour on a terminal" || fail "no colour on a terminal"
    NO_COLOR=1 script -qec "'$KGRAPH' diff '$GOLD/old' '$GOLD/new'" /dev/null >"$T/tty" 2>&1
    grep -q "$esc\[3" "$T/tty" && fail "colour on a terminal despite NO_COLOR" || ok "NO_COLOR honoured"
else
    skip "script(1) cannot make a terminal: colour on a terminal, NO_COLOR"
fi

# ---- the diagram ---------------------------------------------------------------------------------

# svg_has ID PATTERN WHAT: the SVG element with this id contains PATTERN
svg_has() {
    awk -v id="id=\"$1\"" 'index($0, id) { on = 1 } on { print } on && /^<\/g>$/ { exit }' "$T/d.svg" |
        grep -q -- "$2" && ok "$3" || fail "$3: element $1 lacks $2"
}
expect 1 "diagram -T svg" "$KGRAPH" diff -q "$GOLD/old" "$GOLD/new" -o "$T/d.svg" && {
    svg_has 'e&#45;ukraine' 'stroke="#0072b2"' "added entity in blue"
    svg_has 'e&#45;qin' 'stroke="#e69f00"' "removed entity in orange"
    svg_has 'e&#45;qin' 'stroke-dasharray' "removed entity dashed"
    svg_has 'e&#45;nato' 'stroke="#000000"' "changed entity in black"
    svg_has 'e&#45;russia' 'stroke="#bdbdbd"' "unchanged entity in grey"
    svg_has 'r&#45;russia&#45;&#45;invades&#45;&#45;ukraine' 'stroke="#0072b2"' "added relation in blue"
    svg_has 'r&#45;qin&#45;&#45;speaks_for&#45;&#45;china' 'stroke-dasharray' "removed relation dashed"
    svg_has 'r&#45;xi&#45;&#45;meets&#45;&#45;putin' 'stroke="#000000"' "changed relation in black"
    svg_has 'legend&#45;diff&#45;added' 'added' "legend names the colours"
}
expect 1 "diagram --context 0" "$KGRAPH" diff -q --context 0 -T dot "$GOLD/old" "$GOLD/new" -o "$T/c0.dot" &&
    { grep -q 'id="e-xi"' "$T/c0.dot" && grep -q 'id="e-ukraine"' "$T/c0.dot" && ok "context 0 keeps what changed" ||
        fail "context 0 lost a changed entity"; }
mkdir "$T/ctx"
cp "$GOLD/old/"*.csv "$T/ctx/"
printf 'far,Far away,place,\n' >>"$T/ctx/entities.csv"
printf 'far,near,nato,neutral,,s1,x,,\n' >>"$T/ctx/relations.csv"
cp -r "$T/ctx" "$T/ctx2"
sed -i 's/^russia,opposes,nato,negative/russia,opposes,nato,neutral/' "$T/ctx2/relations.csv"
"$KGRAPH" diff -q --context 0 -T dot "$T/ctx" "$T/ctx2" -o "$T/c0.dot"
"$KGRAPH" diff -q --context 1 -T dot "$T/ctx" "$T/ctx2" -o "$T/c1.dot"
grep -q 'id="e-far"' "$T/c0.dot" && fail "context 0 draws an entity 2 hops away" || ok "context 0 leaves out what is 2 hops away"
grep -q 'id="e-far"' "$T/c1.dot" && ok "context 1 draws the neighbour of nato" || fail "context 1 lacks far"

# ---- -o is atomic ----------------------------------------------------------------------------

echo keep >"$T/out.txt"
expect 2 "bad input with -o" "$KGRAPH" diff "$GOLD/old" "$T/bad" -o "$T/out.txt"
[ "$(cat "$T/out.txt")" = keep ] && ok "-o FILE untouched on failure" || fail "-o FILE damaged on failure"
expect 1 "-o FILE.txt" "$KGRAPH" diff "$GOLD/old" "$GOLD/new" -o "$T/out.txt" && same "$T/out.txt" "$GOLD/diff.txt" "-o writes the text"
expect 1 "-o FILE.json picks json" "$KGRAPH" diff "$GOLD/old" "$GOLD/new" -o "$T/out.json" && same "$T/out.json" "$GOLD/diff.json" "-o .json writes json"
expect 2 "-o into a missing directory" "$KGRAPH" diff "$GOLD/old" "$GOLD/new" -o "$T/none/out.txt"
ls "$T" | grep -q '^\.kgraph\|\.tmp' && fail "a temporary file was left behind" || ok "no temporary file left"

# ---- a single file: the other files are made up, and options about them do not break it ----------
printf 'id,label\na,x\n' >"$T/a_entities.csv"
printf 'id,label\na,y\n' >"$T/b_entities.csv"
for m in model scan; do
    # a --map for relations.csv (the made-up one had the plain header: "missing required column")
    expect 1 "one entities.csv, --map relations.source=from ($m)" "$KGRAPH" diff --method "$m" \
        --map relations.source=from --map relations.doc=d "$T/a_entities.csv" "$T/b_entities.csv"
    # a field limit the file meets but the made-up relations.csv header ("relation") does not
    expect 1 "one entities.csv, --max-field-size 5 ($m)" "$KGRAPH" diff --method "$m" \
        --max-field-size 5 "$T/a_entities.csv" "$T/b_entities.csv"
    grep -q relations.csv "$T/err" && fail "a message about the made-up relations.csv: $(cat "$T/err")" ||
        ok "no message about the made-up relations.csv ($m)"
    # 3 rows naming 6 entities: within --max-rows 3, the made-up entities.csv is not
    printf 'source,relation,target\na,r,b\nc,r,d\ne,r,f\n' >"$T/a_relations.csv"
    printf 'source,relation,target\na,r,b\nc,r,d\ne,s,f\n' >"$T/b_relations.csv"
    expect 1 "one relations.csv of 3 rows and 6 entities, --max-rows 3 ($m)" "$KGRAPH" diff \
        --method "$m" --max-rows 3 "$T/a_relations.csv" "$T/b_relations.csv"
    expect 2 "one relations.csv of 3 rows, --max-rows 2 ($m)" "$KGRAPH" diff \
        --method "$m" --max-rows 2 "$T/a_relations.csv" "$T/b_relations.csv"
    grep -q "a_relations.csv:4: more than 2 rows" "$T/err" && ok "the row limit names the file ($m)" ||
        fail "row limit message: $(cat "$T/err")"
done

# ---- the git driver on a file of no dataset: git's own line diff, on stdout, exit 0 ----------------
if command -v git >/dev/null 2>&1; then
    printf 'a\nb\n' >"$T/plain-old.txt"
    printf 'a\nc\n' >"$T/plain-new.txt"
    expect 0 "git driver, a plain text file" "$KGRAPH" diff --git notes.txt "$T/plain-old.txt" \
        0000000000000000000000000000000000000000 100644 "$T/plain-new.txt" \
        0000000000000000000000000000000000000000 100644
    grep -qx -- '-b' "$T/out" && grep -qx -- '+c' "$T/out" && ok "git driver: the line diff of a plain file" ||
        fail "git driver, plain file: $(head -c 300 "$T/out")"
else
    skip "git not installed: the git driver on a plain file"
fi

# ---- C1 and bidi controls never reach the terminal raw (issue 14, item 9) -------------------------
# the git driver's header holds the repository's path: U+202E and U+009B in it are escaped
H=0000000000000000000000000000000000000000
expect 0 "git driver, a path with U+202E and U+009B" "$KGRAPH" diff --git \
    "$(printf 'x\xe2\x80\xaeevil\xc2\x9b_entities.csv')" "$GOLD/old/entities.csv" $H 100644 \
    "$GOLD/new/entities.csv" $H 100644
if head -n 1 "$T/out" | grep -qxF 'kgraph diff a/x\u202Eevil\u009B_entities.csv b/x\u202Eevil\u009B_entities.csv'; then
    ok "the header shows them as \\uXXXX"
else
    fail "header: $(head -n 1 "$T/out" | od -c | head -3)"
fi

# ---- git: REV:PATH and the diff driver ------------------------------------------------------------

if ! command -v git >/dev/null; then
    skip "git not installed: REV:PATH and the git driver"
else
    export HOME=$T GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_DATE=2024-01-01T00:00:00 GIT_COMMITTER_DATE=2024-01-01T00:00:00
    R=$T/repo
    mkdir -p "$R/data"
    cp "$GOLD/old/"*.csv "$R/data/"
    (cd "$R" && git init -q && git config user.name kgraph && git config user.email kgraph@example.org &&
        git add . && git commit -qm old) || fail "cannot make a git repository"
    cp "$GOLD/new/"*.csv "$R/data/"
    cd "$R" || exit 1
    expect 1 "diff HEAD:data data" "$KGRAPH" diff HEAD:data data && same "$T/out" "$GOLD/diff.txt" "HEAD:data against the work tree"
    git add . && git commit -qm new
    expect 1 "diff HEAD~1:data HEAD:data" "$KGRAPH" diff HEAD~1:data HEAD:data && same "$T/out" "$GOLD/diff.txt" "two revisions"
    expect 0 "diff HEAD:data data after the commit" "$KGRAPH" diff HEAD:data data
    expect 1 "one file from git: HEAD~1:data/relations.csv" "$KGRAPH" diff HEAD~1:data/relations.csv data/relations.csv &&
        { grep -q "^1 relation added, 1 removed, 3 changed$" "$T/out" && ok "a single file compares its relations only" ||
            fail "single-file summary: $(tail -n 1 "$T/out")"; }
    # a bad revision is reported with REV:PATH/FILE:LINE
    cp "$T/bad/relations.csv" data/relations.csv && git commit -qam bad
    expect 2 "invalid data in a revision" "$KGRAPH" diff HEAD~1:data HEAD:data
    grep -q "^kgraph: HEAD:data/relations.csv:3: polarity 'hostile'" "$T/err" && ok "message names HEAD:data/relations.csv:3" ||
        fail "message does not name the revision's file: $(cat "$T/err")"
    git reset -q --hard HEAD~1
    expect 2 "a path that is neither on disk nor in git" "$KGRAPH" diff HEAD:nothing data
    # a directory whose name has a colon is a directory
    mkdir "$T/x:y" && cp data/*.csv "$T/x:y/"
    expect 0 "a directory named x:y is a path, not REV:PATH" "$KGRAPH" diff data "$T/x:y"
    # a REV:PATH that begins with '-' is a revision to git, never an option (issue 14, item 10)
    expect 2 "a REV:PATH beginning with '-'" "$KGRAPH" diff -- -t:data/entities.csv data
    if grep -q "unknown switch\|unknown option\|usage: git" "$T/err"; then
        fail "git took '-t:data/entities.csv' for an option: $(cat "$T/err")"
    else
        ok "git took '-t:data/entities.csv' for a revision"
    fi
    # every cat-file call puts the spec after --end-of-options (seen by a git that logs its
    # arguments, first on PATH)
    mkdir -p "$T/loggit"
    printf '#!/bin/sh\nprintf "%%s\\n" "$*" >>"%s"\nexec "%s" "$@"\n' "$T/git.log" "$(command -v git)" >"$T/loggit/git"
    chmod +x "$T/loggit/git"
    PATH=$T/loggit:$PATH expect 1 "diff HEAD~1:data HEAD:data (logged git)" "$KGRAPH" diff HEAD~1:data HEAD:data
    PATH=$T/loggit:$PATH expect 2 "diff -- -t:data/entities.csv data (logged git)" "$KGRAPH" diff -- -t:data/entities.csv data
    calls=$(grep -c '^cat-file' "$T/git.log")
    bad=$(grep '^cat-file' "$T/git.log" | grep -v -- ' --end-of-options [^ ]*$')
    if [ "$calls" -gt 0 ] && [ -z "$bad" ]; then
        ok "all $calls git cat-file calls end with --end-of-options SPEC"
    else
        fail "git cat-file calls without --end-of-options before the spec: ${bad:-none logged}"
    fi

    # the driver
    expect 0 "scripts/git-setup" "$SRC/scripts/git-setup" --kgraph "$KGRAPH"
    grep -qx "relations.csv diff=kgraph" .gitattributes && ok ".gitattributes line" || fail "no .gitattributes line"
    git add .gitattributes && git commit -qm attributes
    cp "$GOLD/old/relations.csv" data/relations.csv
    expect 0 "git diff exits 0 with the driver" git diff
    grep -q "^kgraph diff a/data/relations.csv b/data/relations.csv$" "$T/out" && ok "git diff shows kgraph's header" ||
        fail "git diff output: $(head -c 300 "$T/out")"
    grep -q "^~ relation xi -\[meets\]-> putin$" "$T/out" && ok "git diff shows the semantic change" ||
        fail "no semantic change in git diff"
    git checkout -q data/relations.csv
    { head -n 1 data/relations.csv; tail -n +2 data/relations.csv | tac; } | sed 's/$/\r/' >"$T/rev.csv"
    cp "$T/rev.csv" data/relations.csv
    expect 0 "git diff of reordered CRLF rows" git diff && {
        grep -qx "no differences" "$T/out" && ok "git diff: reordering is no difference" ||
            fail "git diff of reordered rows: $(cat "$T/out")"; }
    git checkout -q data/relations.csv
    mkdir data2 && cp "$GOLD/new/relations.csv" data2/relations.csv && git add data2
    expect 0 "git diff --cached of a new file" git diff --cached &&
        { grep -q "^+ relation russia -\[invades\]-> ukraine$" "$T/out" && ok "a new file is all additions" ||
            fail "new file: $(head -c 300 "$T/out")"; }
    expect 0 "scripts/git-setup --remove" "$SRC/scripts/git-setup" --remove
    git config diff.kgraph.command >/dev/null && fail "driver still configured" || ok "driver removed"
    cd "$T" || exit 1
fi

echo "diff.sh: $failures failure(s), $skips part(s) skipped"
[ "$failures" -eq 0 ] || exit 1
[ "$skips" -eq 0 ] || exit 77
