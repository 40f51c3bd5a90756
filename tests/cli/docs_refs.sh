#!/bin/bash
# docs_refs.sh: every repository path, `kgraph COMMAND` and --option that README.md,
# data/README.md, docs/*.md and the man page (src/cli/kgraph.1) name exists: paths in the
# source tree (globs and upper-case placeholders such as HARNESS allowed), commands in
# `kgraph --help`, options in `kgraph help COMMAND`; and every kg_, KG_ or KGRAPH_ name
# (functions, constants, environment variables) occurs in the code. Also proves it can
# fail: a planted document with one bad reference of each kind gives exactly those. Relative
# Markdown links must lead to a file, and their #anchor to one of its headings.
# Conventions the check relies on: an option alone in a code span (`--depth N`) is a kgraph
# option; write another tool's options with its name (`git log --ext-diff`). A word in
# capitals in a path or after `kgraph help` is a placeholder.
# $1 = kgraph binary, $2 = source dir. Exit 0 when all passed, 77 without python3.
set -u
KGRAPH=${1:?usage: docs_refs.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: docs_refs.sh KGRAPH SOURCE_DIR}

# Documents that other branches add (issue 15): a reference to one of these passes while
# the file is missing. Once it exists the entry is stale and the test fails: remove it.
PENDING=""

if ! command -v python3 >/dev/null 2>&1; then
    echo "SKIP: python3 is not installed (scripts/install-deps installs it)"
    exit 77
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-docrefs-XXXXXX") || exit 1
trap 'rm -rf -- "$T"' EXIT

# What exists: the commands, each command's help text, the global options.
"$KGRAPH" --help >"$T/help" || { echo "FAIL: kgraph --help"; exit 1; }
sed -n '/^Commands:/,/^$/p' "$T/help" | awk 'NR > 1 && NF { print $1 }' >"$T/commands"
[ -s "$T/commands" ] || { echo "FAIL: no commands in kgraph --help"; exit 1; }
while read -r cmd; do
    [ "$cmd" = help ] && continue
    "$KGRAPH" help "$cmd" >"$T/help.$cmd" 2>&1 || "$KGRAPH" "$cmd" --help >"$T/help.$cmd" 2>&1
done <"$T/commands"

cat >"$T/check.py" <<'EOF'
"""Prints one line per reference in the given documents that does not exist."""
import glob, os, re, sys

src, tmp, pending = sys.argv[1], sys.argv[2], sys.argv[3].split()
docs = sys.argv[4:]
commands = open(os.path.join(tmp, "commands")).read().split()
helps = {}
for c in commands:
    p = os.path.join(tmp, "help." + c)
    if os.path.exists(p):
        helps[c] = set(re.findall(r"--[a-z][a-z0-9-]*", open(p).read()))
global_opts = set(re.findall(r"--[a-z][a-z0-9-]*", open(os.path.join(tmp, "help")).read()))
all_opts = set(global_opts)
for s in helps.values():
    all_opts |= s

PATH_RE = re.compile(r"(?<![A-Za-z0-9_./~:-])((?:src|tests|scripts|data|docs|graphs|include|cmake)/"
                     r"[A-Za-z0-9_.*/+-]*)")
CMD_RE = re.compile(r"(?<![A-Za-z0-9_.-])(?:build/)?kgraph +([a-z-][a-z0-9-]*)")
OPT_RE = re.compile(r"(?<![A-Za-z0-9-])(--[a-z][a-z0-9-]*)")
# Other programs the man page names with their options: what follows them is not kgraph's.
FOREIGN = re.compile(r'(?:^|[\s("])(?:pkg-config|neo4j-admin|git|cmake|ctest|cc|chromium|scripts/[a-z-]+)(?=\s)')

def kgraph_part(line):
    """The part of a man page line before another program's name."""
    m = FOREIGN.search(line)
    return line[:m.start()] if m else line

IDENT_RE = re.compile(r"(?<![A-Za-z0-9_])((?:kg|KG|KGRAPH)_[A-Za-z0-9_]*[A-Za-z0-9])(?![A-Za-z0-9_])")
_idents = None

def ident_exists(name):
    """Whether a kg_/KG_/KGRAPH_ name occurs in the code (src, include, tests, scripts, cmake)."""
    global _idents
    if _idents is None:
        _idents = set()
        for top in ("src", "include", "tests", "scripts", "cmake", "CMakeLists.txt", ".ci"):
            base = os.path.join(src, top)
            files = [base] if os.path.isfile(base) else [
                os.path.join(d, f) for d, _, fs in os.walk(base) for f in fs]
            for f in files:
                if (f.endswith((".md", ".1", "docs_refs.sh")) or "/corpus/" in f
                        or "/regressions/" in f):
                    continue
                try:
                    _idents.update(IDENT_RE.findall(open(f, encoding="utf-8", errors="replace").read()))
                except OSError:
                    pass
    return name in _idents

def check_idents(text, where, out):
    for name in IDENT_RE.findall(text):
        if not ident_exists(name):
            out.append(f"{where}: {name}: no such name in the code")

def path_exists(p):
    p = p.split("#")[0].rstrip(".,;:")
    while p.endswith(".") or p.endswith(","):
        p = p[:-1]
    if p.rstrip("/") in [x.rstrip("/") for x in pending]:
        return True
    if os.path.exists(os.path.join(src, p)) or glob.glob(os.path.join(src, p)):
        return True
    # a word in capitals (HARNESS, test_MODULE.c) is a placeholder: any name
    pattern = re.sub(r"[A-Z][A-Z_]+", "*", p)
    return pattern != p and bool(glob.glob(os.path.join(src, pattern)))

def check_command_line(text, where, out):
    """Checks every `kgraph CMD ...` in one line of code: the command and its options."""
    for m in CMD_RE.finditer(text):
        word = m.group(1)
        rest = re.split(r"[|;#]|&&|\|\|", text[m.end():])[0]
        if word.startswith("-"):
            opt = re.match(r"--?[A-Za-z][a-z0-9-]*", word)
            if word.startswith("--") and word not in global_opts:
                out.append(f"{where}: kgraph {word}: no such global option")
            continue
        if word not in commands:
            out.append(f"{where}: kgraph {word}: no such command")
            continue
        if word == "help":
            nxt = rest.split()
            # COMMAND, [COMMAND]: a placeholder
            if nxt and re.fullmatch(r"[a-z][a-z0-9-]*", nxt[0]) and nxt[0] not in commands:
                out.append(f"{where}: kgraph help {nxt[0]}: no such command")
            continue
        for opt in OPT_RE.findall(rest):
            if opt not in helps.get(word, set()):
                out.append(f"{where}: kgraph {word} {opt}: no such option of {word}")

LINK_RE = re.compile(r"\]\(([^)\s]+)\)")

def slugs(md):
    """GitHub's heading anchors of a Markdown file."""
    out, fenced = set(), False
    for line in open(md, encoding="utf-8"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            out.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return out

def check_link(path, target, where, out):
    """A relative Markdown link: its file exists, and its #anchor is a heading there."""
    if re.match(r"[a-z]+:", target):
        return  # http:, https:, mailto:
    file, _, anchor = target.partition("#")
    inside = not os.path.relpath(path, src).startswith("..")
    base = os.path.dirname(path) if inside else src  # the planted document: as if at the top
    dest = os.path.normpath(os.path.join(base, file)) if file else path
    relp = os.path.relpath(dest, src)
    if relp in pending:
        return
    if file and not os.path.exists(dest):
        if not PATH_RE.fullmatch(file):  # else the path check reports it
            out.append(f"{where}: link {target}: no such file")
        return
    if anchor and dest.endswith(".md") and anchor not in slugs(dest):
        out.append(f"{where}: link {target}: no heading #{anchor} in {relp}")

def check_markdown(path, rel, out):
    fenced = False
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        where = f"{rel}:{n}"
        if not fenced:
            for target in LINK_RE.findall(line):
                check_link(path, target, where, out)
        for p in PATH_RE.findall(line):
            if not path_exists(p):
                out.append(f"{where}: {p}: no such file or directory")
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            check_command_line(line, where, out)
            check_idents(line, where, out)
            continue
        for span in re.findall(r"`([^`]+)`", line):
            check_idents(span, where, out)
            if CMD_RE.search(span):
                check_command_line(span, where, out)
            elif span.startswith("--"):
                # an option on its own (`--depth N`): some command must have it
                opt = OPT_RE.match(span).group(1)
                if opt not in all_opts:
                    out.append(f"{where}: {opt}: no kgraph command has this option")

def check_man(path, rel, out):
    section = None  # the command whose .SS block this is
    example = False
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        where = f"{rel}:{n}"
        if raw.startswith('.\\"'):
            continue
        line = raw.replace("\\-", "-").replace("\\(ti", "~").replace("\\e", "\\")
        line = re.sub(r"\\f[BIRP]", "", line)
        for p in PATH_RE.findall(line):
            if not path_exists(p):
                out.append(f"{where}: {p}: no such file or directory")
        check_idents(line, where, out)
        m = re.match(r'\.SS "kgraph ([a-z-]+)', line)
        if m:
            section = m.group(1)
            if section not in commands:
                out.append(f"{where}: section kgraph {section}: no such command")
            continue
        if line.startswith(".SH"):
            section = None
        if line.startswith(".EX"):
            example = True
            continue
        if line.startswith(".EE"):
            example = False
            continue
        if example:
            # examples: only kgraph's own command lines (not neo4j-admin's options)
            check_command_line(line, where, out)
            continue
        if line.startswith("."):
            # commands are named in macro lines (.B kgraph diff); a text line is prose
            check_command_line(line, where, out)
        line = kgraph_part(line)
        if section and section in helps and not CMD_RE.search(line):
            allowed = helps[section] | global_opts
            for opt in OPT_RE.findall(line):
                if opt not in allowed and opt not in all_opts:
                    out.append(f"{where}: {opt}: no kgraph command has this option")
                elif opt not in allowed:
                    out.append(f"{where}: {opt}: not an option of kgraph {section}")
        elif not CMD_RE.search(line):
            for opt in OPT_RE.findall(line):
                if opt not in all_opts:
                    out.append(f"{where}: {opt}: no kgraph command has this option")

out = []
for d in docs:
    rel = os.path.relpath(d, src)
    (check_man if d.endswith(".1") else check_markdown)(d, rel, out)
for x in pending:
    if os.path.exists(os.path.join(src, x)):
        out.append(f"tests/cli/docs_refs.sh: {x} exists now: remove it from PENDING")
print("\n".join(out))
EOF

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

docs=("$SRC/README.md" "$SRC/src/cli/kgraph.1")
[ -f "$SRC/data/README.md" ] && docs+=("$SRC/data/README.md")
for f in "$SRC"/docs/*.md; do [ -f "$f" ] && docs+=("$f"); done

python3 "$T/check.py" "$SRC" "$T" "$PENDING" "${docs[@]}" >"$T/found" || fail "check.py failed"
if [ -s "$T/found" ] && grep -q . "$T/found"; then
    while IFS= read -r line; do [ -n "$line" ] && fail "$line"; done <"$T/found"
else
    ok "every path, command and option in ${#docs[@]} documents exists"
fi

# The check can fail: a planted document with one bad reference of each kind.
mkdir -p "$T/plant"
cat >"$T/plant/planted.md" <<'EOF'
See `src/no_such_file.c` and run `kgraph rendr data`, then `kgraph render data --no-such-option`.
Call `kg_no_such_function()`, read [the docs](docs/no-such.md) and [this](data/README.md#no-such-heading).
Real ones pass: `kgraph render data --focus x -o a.svg`, [data](data/README.md#sources), `tests/fuzz/corpus/HARNESS/`,
`kg_dataset_load`, `KG_ENOMEM`.
EOF
python3 "$T/check.py" "$SRC" "$T" "" "$T/plant/planted.md" >"$T/planted" || fail "check.py failed on the planted document"
found=$(grep -c . "$T/planted")
if [ "$found" -eq 6 ] && grep -q 'src/no_such_file.c' "$T/planted" &&
   grep -q 'kgraph rendr' "$T/planted" && grep -q -- '--no-such-option' "$T/planted" &&
   grep -q 'kg_no_such_function' "$T/planted" && grep -q 'docs/no-such.md' "$T/planted" &&
   grep -q '#no-such-heading' "$T/planted"; then
    ok "a planted bad path, command, option, function name and link are each reported"
else
    fail "the planted document gave $found findings instead of 6: $(cat "$T/planted")"
fi

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
