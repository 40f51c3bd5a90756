# tests/rdf/virtuoso.sh: start, use and stop a private Virtuoso (own ini and database in a
# directory of its own, ports chosen free on 127.0.0.1). Sourced by tests/cli/rdf_virtuoso.sh
# and scripts/bench; sets nothing global but the VIRT_* variables below.
#
#   virt_start DIR FILEDIR   creates DIR/virtuoso.ini and the database in DIR, allows loading
#                            files from FILEDIR, starts virtuoso-t in the background and waits
#                            until it is online. Sets VIRT_PID, VIRT_PORT (SQL), VIRT_HTTP.
#                            Returns 0, or 1 after printing why (the log's end).
#                            VIRT_BUFFERS, when set, is its NumberOfBuffers (8 KB pages; the
#                            package's default 10000 suits small tests; big loads want more).
#   virt_sql STATEMENT...    runs SQL through isql-vt (prints its output).
#   virt_load FILE GRAPH     loads the Turtle FILE (absolute, under FILEDIR) into GRAPH.
#   virt_sparql GRAPH QUERY  runs QUERY over HTTP with GRAPH as the default graph; prints the
#                            result as CSV (header line first).
#   virt_stop                shuts the server down (SQL shutdown, then SIGTERM, then SIGKILL)
#                            and waits until the process is gone. Safe to call twice.

VIRT_PID=""
VIRT_PORT=""
VIRT_HTTP=""
VIRT_DIR=""

# virt_free_ports: prints two distinct TCP ports free on 127.0.0.1 right now.
virt_free_ports() {
    python3 - <<'PY'
import socket
socks = []
for _ in range(2):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
PY
}

virt_start() {
    local dir=$1 filedir=$2 try ports i
    VIRT_DIR=$dir
    command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null || {
        echo "virtuoso-t or isql-vt is missing (apt-get install virtuoso-opensource)"
        return 1
    }
    for try in 1 2 3; do
        ports=$(virt_free_ports) || return 1
        VIRT_PORT=${ports% *}
        VIRT_HTTP=${ports#* }
        sed -e "s|/var/lib/virtuoso-opensource-7/db|$dir|g" \
            -e "s|^ServerPort[[:space:]]*=[[:space:]]*1111|ServerPort = 127.0.0.1:$VIRT_PORT|" \
            -e "s|^ServerPort[[:space:]]*=[[:space:]]*8890|ServerPort = 127.0.0.1:$VIRT_HTTP|" \
            -e "s|^DirsAllowed[[:space:]]*=.*|DirsAllowed = ., $filedir, /usr/share/virtuoso-opensource-7/vad|" \
            -e "s|^\(Load[0-9]*[[:space:]]*=\)|;\1|" \
            -e "s|^NumberOfBuffers[[:space:]]*=.*|NumberOfBuffers = ${VIRT_BUFFERS:-10000}|" \
            -e "s|^MaxDirtyBuffers[[:space:]]*=.*|MaxDirtyBuffers = $((${VIRT_BUFFERS:-10000} * 3 / 4))|" \
            /etc/virtuoso-opensource-7/virtuoso.ini >"$dir/virtuoso.ini"
        rm -f "$dir/virtuoso.log"
        (cd "$dir" && exec virtuoso-t +configfile "$dir/virtuoso.ini" +foreground \
            >"$dir/stdout.log" 2>&1) &
        VIRT_PID=$!
        for ((i = 0; i < 600; i++)); do
            if grep -q "Server online at" "$dir/virtuoso.log" 2>/dev/null; then
                return 0
            fi
            kill -0 "$VIRT_PID" 2>/dev/null || break
            sleep 0.1
        done
        echo "virtuoso did not come online (try $try):"
        tail -n 15 "$dir/virtuoso.log" "$dir/stdout.log" 2>/dev/null
        virt_stop
        rm -f "$dir"/virtuoso.db "$dir"/virtuoso.trx "$dir"/virtuoso.lck "$dir"/virtuoso-temp.*
    done
    return 1
}

virt_sql() {
    isql-vt "127.0.0.1:$VIRT_PORT" dba dba "$@"
}

virt_load() {
    virt_sql exec="DB.DBA.TTLP_MT(file_to_string_output('$1'), '', '$2', 0, 2);" \
        exec="checkpoint;"
}

virt_sparql() {
    curl -sS --fail --max-time 60 "http://127.0.0.1:$VIRT_HTTP/sparql" \
        --data-urlencode "default-graph-uri=$1" --data-urlencode "query=$2" \
        -H 'Accept: text/csv'
}

virt_stop() {
    local i=0
    [ -n "$VIRT_PID" ] || return 0
    if kill -0 "$VIRT_PID" 2>/dev/null; then
        timeout 20 isql-vt "127.0.0.1:$VIRT_PORT" dba dba exec="shutdown;" >/dev/null 2>&1
        while kill -0 "$VIRT_PID" 2>/dev/null && [ "$i" -lt 100 ]; do
            sleep 0.1
            i=$((i + 1))
        done
        if kill -0 "$VIRT_PID" 2>/dev/null; then
            kill -TERM "$VIRT_PID" 2>/dev/null
            sleep 2
            kill -KILL "$VIRT_PID" 2>/dev/null
        fi
    fi
    wait "$VIRT_PID" 2>/dev/null
    VIRT_PID=""
}
