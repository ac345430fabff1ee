#!/usr/bin/env bash
# A private Virtuoso for `kg push` and its tests: never the system instance, never a public port.
#
#   .ci/virtuoso.sh install     Debian's Virtuoso binaries, if missing (apt-get; root only, else a message)
#   .ci/virtuoso.sh start [DIR] a fresh database in DIR (default: a new temp folder), SQL and HTTP on
#                               127.0.0.1 only, on free ports; prints KEY=VALUE lines (eval-able) once it answers
#   .ci/virtuoso.sh stop [DIR]  shuts that instance down and deletes DIR
#   .ci/virtuoso.sh             install, then start
#
# Why the -bin package and not the `virtuoso-opensource` metapackage: the metapackage registers a system-wide
# service on 0.0.0.0:8890/1111 with a debconf password prompt; the binaries (virtuoso-t, isql-vt) are all a
# private instance needs. The database is new (no demo DB), so dba's password is `dba`; it only listens on
# loopback. dba may use the Graph Store Protocol at /sparql-graph-crud-auth with HTTP digest auth.
set -euo pipefail

PKG=virtuoso-opensource-7-bin
SERVER=virtuoso-t
ISQL=isql-vt
WAIT=${VIRTUOSO_WAIT:-60}  # seconds to wait for the server to answer

die() { echo "virtuoso.sh: $1" >&2; exit "${2:-1}"; }

install() {
  if command -v "$SERVER" >/dev/null 2>&1 && command -v "$ISQL" >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" != 0 ]; then
    echo "virtuoso.sh: $SERVER missing and not root: the Virtuoso tests will be skipped" >&2
    return 0
  fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$PKG" >/dev/null
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

write_ini() {  # DIR SQLPORT HTTPPORT
  local dir=$1 sql=$2 http=$3
  cat >"$dir/virtuoso.ini" <<EOF
; A private instance written by .ci/virtuoso.sh: loopback only, files only in $dir.
[Database]
DatabaseFile       = $dir/virtuoso.db
ErrorLogFile       = $dir/virtuoso.log
LockFile           = $dir/virtuoso.lck
TransactionFile    = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $dir/virtuoso-temp.db
TransactionFile    = $dir/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:$sql
DisableUnixSocket    = 1
ServerThreads        = 10
CheckpointInterval   = 60
NumberOfBuffers      = 20000
MaxDirtyBuffers      = 15000
DirsAllowed          = ., $dir
DefaultIsolation     = 2
UnremovableFiles     = 0

[HTTPServer]
ServerPort           = 127.0.0.1:$http
ServerRoot           = $dir/www
ServerThreads        = 10
MaxClientConnections = 10
MaxKeepAlives        = 10
KeepAliveTimeout     = 10
EnabledDavVSP        = 0
HTTPProxyEnabled     = 0

[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryExecutionTime      = 60
MaxQueryCostEstimationTime = 400
DefaultQuery               = select distinct ?g where { graph ?g { ?s ?p ?o } }
EOF
}

start() {
  command -v "$SERVER" >/dev/null 2>&1 || die "$SERVER is not installed (run: make virtuoso, as root)" 3
  local dir=${1:-}
  if [ -z "$dir" ]; then dir=$(mktemp -d "${TMPDIR:-/tmp}/kg-virtuoso.XXXXXX"); fi
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then die "$dir is not empty: give a new or empty folder (stop deletes it)"; fi
  mkdir -p "$dir/www"
  dir=$(cd "$dir" && pwd)
  local sql=${VIRTUOSO_SQL_PORT:-$(free_port)} http=${VIRTUOSO_HTTP_PORT:-$(free_port)}
  write_ini "$dir" "$sql" "$http"
  (cd "$dir" && exec "$SERVER" +foreground +configfile "$dir/virtuoso.ini" >"$dir/stdout.log" 2>&1) &
  local pid=$!
  echo "$pid" >"$dir/virtuoso.pid"
  echo "$sql" >"$dir/sql.port"
  local t=0
  until "$ISQL" "127.0.0.1:$sql" dba dba exec="select 1;" >/dev/null 2>&1 \
        && curl -s -o /dev/null "http://127.0.0.1:$http/sparql?query=ASK%7B%7D"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$dir/virtuoso.pid"
      die "$SERVER exited while starting: $(tail -n 3 "$dir/virtuoso.log" 2>/dev/null | tr '\n' ' ')" 4
    fi
    [ "$t" -ge $((WAIT * 4)) ] && { stop "$dir" >/dev/null 2>&1 || true; die "$SERVER did not answer within ${WAIT}s" 4; }
    sleep 0.25; t=$((t + 1))
  done
  echo "VIRTUOSO_DIR=$dir"
  echo "VIRTUOSO_GSP=http://127.0.0.1:$http/sparql-graph-crud-auth"
  echo "VIRTUOSO_SPARQL=http://127.0.0.1:$http/sparql"
  echo "VIRTUOSO_ISQL=127.0.0.1:$sql"
  echo "VIRTUOSO_USER=dba"
  echo "VIRTUOSO_PASSWORD=dba"
}

stop() {
  local dir=${1:-}
  [ -n "$dir" ] || die "stop needs the DIR that start printed (VIRTUOSO_DIR)"
  grep -qs '^; A private instance written by .ci/virtuoso.sh' "$dir/virtuoso.ini" \
    || die "$dir is not a folder this script started Virtuoso in"
  if [ -f "$dir/virtuoso.pid" ]; then
    local pid sql
    pid=$(cat "$dir/virtuoso.pid"); sql=$(cat "$dir/sql.port" 2>/dev/null || echo "")
    [ -n "$sql" ] && timeout 10 "$ISQL" "127.0.0.1:$sql" dba dba exec="shutdown;" >/dev/null 2>&1 || true
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; sleep 1; kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -rf "$dir"
}

case "${1:-all}" in
  install) install ;;
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  all) install; start "${2:-}" ;;
  *) die "usage: $0 [install|start [DIR]|stop DIR]" 2 ;;
esac
