# kgraph.bash: bash completion for kgraph(1) (installed as share/bash-completion/completions/kgraph).
# Commands, their options, and the values of -T, -K, --color, --method, --polarity and
# --cluster. To add a command: add it to _kgraph_commands and give it a branch in
# _kgraph_options (and in _kgraph_formats if it has -T). tests/cli/docs.sh runs this against `kgraph help`.

_kgraph_commands="check render report diff stats conflicts export init help"

# _kgraph_options COMMAND: the options of COMMAND, the dataset options included.
_kgraph_options()
{
    local dataset="--entities --relations --sources --map --delimiter --max-field-size
        --max-file-size --max-rows -q --quiet -h --help"
    local filters="--focus --depth --type --relation --polarity --doc --since --until
        --min-sources --strict" view="--focus --depth --type --relation --polarity --doc --since
        --until --min-sources --strict --cluster"
    case $1 in
        check)     echo "--strict --corpus --coverage $dataset" ;;
        render)    echo "-o --output -T --format -K --engine --title --no-title --no-legend
                         --legend --each-relation --width --dpi --page --top
                         --style --fragment --id-prefix --link-prefix --max-pixels --save-layout
                         --layout-from --slices --window $view $dataset" ;;
        report)    echo "-o --output -T --format --title -K --engine --style --top --diagram-budget --each-relation
                         --save-layout --layout-from
                         $view $dataset" ;;
        diff)      echo "-T --format -o --output --color --context --each-relation -K --engine --title
                         --no-title --no-legend --style --save-layout --layout-from --side-by-side
                         --method --git --csv-raw $view $dataset" ;;
        stats)     echo "-o --output -T --format --top --exact --samples --seed
                         --no-betweenness --csv-raw $filters $dataset" ;;
        conflicts) echo "-o --output -T --format --csv-raw $filters $dataset" ;;
        export)    echo "-T --format -o --output --base-iri $filters $dataset" ;;
        init)      echo "-f --force -h --help" ;;
        *)         echo "-h --help" ;;
    esac
}

# _kgraph_formats COMMAND: the values of -T.
_kgraph_formats()
{
    case $1 in
        render)    echo "svg png pdf dot gv json" ;;
        report)    echo "html md" ;;
        diff)      echo "text csv json svg png pdf dot" ;;
        stats)     echo "text csv json" ;;
        conflicts) echo "text csv json" ;;
        export)    echo "graphml json neo4j turtle ntriples" ;;
    esac
}

_kgraph()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd="" i
    COMPREPLY=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            -*) ;;
            *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$_kgraph_commands --help --version -h -V" -- "$cur"))
        return
    fi
    if [[ $cmd == help ]]; then
        COMPREPLY=($(compgen -W "$_kgraph_commands" -- "$cur"))
        return
    fi
    case $prev in
        -T|--format)  COMPREPLY=($(compgen -W "$(_kgraph_formats "$cmd")" -- "$cur")); return ;;
        -K|--engine)  COMPREPLY=($(compgen -W "auto dot neato fdp sfdp circo twopi" -- "$cur")); return ;;
        --legend)     COMPREPLY=($(compgen -W "right bottom none" -- "$cur")); return ;;
        --page)       COMPREPLY=($(compgen -W "A4 letter" -- "$cur")); return ;;
        --color)      COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        --slices)     COMPREPLY=($(compgen -W "year quarter month" -- "$cur")); return ;;
        --method)     COMPREPLY=($(compgen -W "auto scan model" -- "$cur")); return ;;
        --corpus)     COMPREPLY=($(compgen -d -- "$cur")); return ;;
        -o|--output|--entities|--relations|--sources|--style)
                      COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --polarity)   COMPREPLY=($(compgen -W "positive negative neutral mixed" -- "$cur")); return ;;
        --cluster)    COMPREPLY=($(compgen -W "type" -- "$cur")); return ;;
        --delimiter)  COMPREPLY=($(compgen -W ", ';' '|' tab" -- "$cur")); return ;;
        --id-prefix|--link-prefix|--max-pixels|--title|--focus|--depth|--type|--relation|--doc|--since|--until|--min-sources|\
        --context|--top|--diagram-budget|--samples|--seed|--map|--max-field-size|--max-file-size|--max-rows)
                      return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_kgraph_options "$cmd")" -- "$cur"))
    else
        COMPREPLY=($(compgen -d -- "$cur")) # DATASET directories (and diff's OLD NEW)
    fi
}
complete -o filenames -F _kgraph kgraph
