#!/bin/bash
# docs.sh: the man page (src/cli/kgraph.1) and bash completion (src/cli/kgraph.bash) cover
# every command `kgraph --help` lists and every long option `kgraph help COMMAND` names,
# and the man page formats without a warning. Fails when a command or option is added
# without documentation. $1 = kgraph binary, $2 = source dir. Exit 0 when all passed.
set -u
KGRAPH=${1:?usage: docs.sh KGRAPH SOURCE_DIR}
SRC=${2:?usage: docs.sh KGRAPH SOURCE_DIR}
MAN=$SRC/src/cli/kgraph.1
COMPLETION=$SRC/src/cli/kgraph.bash

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# ---- the man page formats cleanly --------------------------------------------------------
warnings=$(groff -man -Tutf8 -ww -z "$MAN" 2>&1)
[ -z "$warnings" ] && ok "groff -man -ww: no warnings" || fail "groff warnings: $warnings"
if command -v mandoc >/dev/null 2>&1; then
    lint=$(mandoc -Tlint -W warning "$MAN" 2>&1)
    [ -z "$lint" ] && ok "mandoc -Tlint: clean" || fail "mandoc -Tlint: $lint"
fi

# complete WORDS...: what the completion offers for the last word
complete_words() {
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _kgraph
             printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETION" "$@"
}

# ---- every command -------------------------------------------------------------------------
commands=$("$KGRAPH" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$commands" ] && ok "kgraph --help lists: $(echo $commands)" || fail "no commands in kgraph --help"
offered=$(complete_words kgraph "")
for cmd in $commands; do
    grep -q "^\.SS \"kgraph $cmd[ \"]" "$MAN" && ok "man page has a section for $cmd" ||
        fail "man page: no '.SS \"kgraph $cmd ...\"' section"
    grep -qx -- "$cmd" <<<"$offered" && ok "completion offers $cmd" ||
        fail "completion does not offer the command $cmd"
    [ "$cmd" = help ] && continue
    if ! cmp -s <("$KGRAPH" help "$cmd") <("$KGRAPH" "$cmd" --help); then
        fail "kgraph help $cmd and kgraph $cmd --help differ"
    fi
    # the section of this command: from its .SS line to the next .SS/.SH
    section=$(awk -v want=".SS \"kgraph $cmd" 'index($0, want) == 1 { on = 1; print; next }
        /^\.S[SH] / { on = 0 } on' "$MAN")
    dataset_section=$(sed -n '/^\.SH DATASET OPTIONS/,/^\.SH EXIT/p' "$MAN")
    opts=$(complete_words kgraph "$cmd" --)
    # options as the help defines them: lines indented 2-4 spaces starting with '-', up
    # to the description (3 spaces or more)
    defined=$("$KGRAPH" help "$cmd" | grep -E '^ {2,4}-' | sed -E 's/   +.*//' |
              grep -oE -- '--[a-z][a-z-]*' | sort -u)
    [ -n "$defined" ] || fail "kgraph help $cmd defines no option"
    for opt in $defined; do
        roff=${opt//-/\\-}
        if ! grep -qF -- "$roff" <<<"$section$dataset_section"; then
            fail "man page: $cmd's option $opt is not in its section or DATASET OPTIONS"
        fi
        grep -qx -- "$opt" <<<"$opts" || fail "completion: kgraph $cmd $opt is not offered"
    done
    ok "$cmd: every option in the man page and the completion"
    if "$KGRAPH" help "$cmd" | grep -q -- '-T, --format'; then
        values=$(complete_words kgraph "$cmd" -T "")
        [ -n "$values" ] && ok "completion offers $cmd -T values: $(echo $values)" ||
            fail "completion offers no values for $cmd -T"
    fi
done

# a command the completion does not know is noticed (the check above can fail)
if grep -qx -- "no-such-command" <<<"$offered"; then
    fail "completion offers a command that does not exist"
fi

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
