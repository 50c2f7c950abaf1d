# FerretDB (MongoDB wire protocol) with its SQLite backend, built from its Go module (sourced by services.sh).
# The binary is cached in $CF_BIN/ferretdb (keyed by version), so only the first install on a machine builds.

FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
FERRETDB_MODULE="github.com/FerretDB/FerretDB"
# FerretDB's debug HTTP listener (metrics, pprof) defaults to 127.0.0.1:8088; keep it on loopback, off common ports.
FERRETDB_DEBUG_ADDR="${FERRETDB_DEBUG_ADDR:-127.0.0.1:28088}"

# host:port of MONGODB_URL (mongodb://[user:pass@]host:port/db), for --listen-addr.
ferretdb_listen_addr() {
  local url="${MONGODB_URL:-mongodb://127.0.0.1:27017/chargeflow}" hostport
  hostport="${url#*://}"; hostport="${hostport##*@}"; hostport="${hostport%%/*}"; hostport="${hostport%%\?*}"
  [[ "$hostport" == *:* ]] || hostport="$hostport:27017"
  echo "$hostport"
}

ferretdb_install() {
  local bin="$CF_BIN/ferretdb" stamp="$CF_BIN/ferretdb.version"
  if [[ -x "$bin" && "$(cat "$stamp" 2>/dev/null)" == "$FERRETDB_VERSION" ]]; then return 0; fi
  command -v go >/dev/null || die "ferretdb: Go is needed to build FerretDB $FERRETDB_VERSION (not found on PATH)"
  log "ferretdb: building FerretDB $FERRETDB_VERSION from its Go module (first time on this machine; a few minutes)"
  local t=$SECONDS work="$CF_CACHE/ferretdb-src" dir build
  mkdir -p "$work"
  # Outside any module, `go mod download MODULE@VERSION` fetches the module through the Go proxy into GOMODCACHE.
  dir="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -n "$dir" && -d "$dir" ]] || die "ferretdb: go mod download $FERRETDB_MODULE@$FERRETDB_VERSION gave no source dir"
  # The module cache is read-only: build from a writable copy.
  build="$work/FerretDB-$FERRETDB_VERSION"
  rm -rf "$build"; cp -r "$dir" "$build"; chmod -R u+w "$build"
  # build/version embeds version.txt; without it the binary panics at start.
  mkdir -p "$build/build/version"
  printf '%s\n' "$FERRETDB_VERSION" >"$build/build/version/version.txt"
  (cd "$build" && GOFLAGS="-buildvcs=false -mod=mod" CGO_ENABLED=0 go build -trimpath -o "$bin.tmp" ./cmd/ferretdb) ||
    die "ferretdb: go build failed"
  mv -f "$bin.tmp" "$bin"
  echo "$FERRETDB_VERSION" >"$stamp"
  rm -rf "$build"
  log "ferretdb: built $bin in $((SECONDS - t))s"
}

ferretdb_start() {
  local addr; addr="$(ferretdb_listen_addr)"
  port_busy "${addr##*:}" && die "ferretdb: port ${addr##*:} is taken by something that does not answer as MongoDB"
  spawn ferretdb "$CF_BIN/ferretdb" \
    --handler=sqlite \
    --sqlite-url="file:$CF_DATA/ferretdb/" \
    --listen-addr="$addr" \
    --debug-addr="$FERRETDB_DEBUG_ADDR" \
    --telemetry=disable \
    --log-level="${FERRETDB_LOG_LEVEL:-error}" \
    --state-dir="$CF_DATA/ferretdb"
}

ferretdb_endpoint() { echo "${MONGODB_URL:-mongodb://127.0.0.1:27017/chargeflow}"; }
