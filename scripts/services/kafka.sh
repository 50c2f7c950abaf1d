# Apache Kafka 3.9 in KRaft mode (one node, broker + controller), from Maven Central's jars (sourced by services.sh).
# kafka/pom.xml lists the broker's runtime jars; `mvn dependency:copy-dependencies` copies them once per machine
# into $CF_CACHE/kafka-<version>/libs (keyed by the pom's hash). Each start formats a fresh $CF_DATA/kafka with a
# random cluster id (kafka/run.sh) and runs `java -cp "libs/*" kafka.Kafka server.properties` on 127.0.0.1.

KAFKA_FILES="$CF_ROOT/scripts/services/kafka"
# The one place the version is set is kafka/pom.xml's <kafka.version>.
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_FILES/pom.xml")"
KAFKA_HOME="$CF_CACHE/kafka-$KAFKA_VERSION"

# The broker port: the first entry of KAFKA_BROKERS (host:port[,host:port...]). The controller takes the next port.
kafka_port() {
  local first="${KAFKA_BROKERS:-127.0.0.1:9092}"
  first="${first%%,*}"
  echo "${first##*:}"
}

kafka_install() {
  local libs="$KAFKA_HOME/libs" stamp="$KAFKA_HOME/libs.pom.sha256" want
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  want="$(sha256sum "$KAFKA_FILES/pom.xml" | cut -d' ' -f1)"
  [[ -d "$libs" && "$(cat "$stamp" 2>/dev/null)" == "$want" ]] && return 0
  command -v mvn >/dev/null || apt_install maven
  log "kafka: fetching Kafka $KAFKA_VERSION's jars from Maven Central (first time on this machine)"
  local t=$SECONDS
  rm -rf "$libs.tmp"
  # mvn's output goes to a log (even -q -B prints stray ANSI resets); shown only when it fails.
  local mvn_log="$CF_LOGS/kafka-install.log"
  if ! mvn -q -B -Dstyle.color=never -f "$KAFKA_FILES/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$libs.tmp" >"$mvn_log" 2>&1; then
    tail -n 40 "$mvn_log" >&2
    die "kafka: mvn dependency:copy-dependencies failed (log: $mvn_log)"
  fi
  ls "$libs.tmp"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null || die "kafka: kafka_2.13-$KAFKA_VERSION.jar missing (check kafka/pom.xml)"
  rm -rf "$libs"; mv "$libs.tmp" "$libs"
  echo "$want" >"$stamp"
  log "kafka: $(ls "$libs" | wc -l) jars in $libs in $((SECONDS - t))s"
}

kafka_start() {
  local port controller dir="$CF_DATA/kafka" cluster_id
  port="$(kafka_port)"; controller=$((port + 1))
  port_busy "$port" && die "kafka: port $port is taken by something that does not answer as a Kafka broker"
  port_busy "$controller" && die "kafka: controller port $controller is taken"
  sed -e "s#@PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$controller#g" -e "s#@LOG_DIR@#$dir/logs#g" \
    "$KAFKA_FILES/server.properties" >"$dir/server.properties"
  # A Kafka Uuid: 16 random bytes, base64url without padding (what `kafka-storage random-uuid` prints); like
  # Kafka, avoid one starting with '-', which the formatter's argument parser would take for an option.
  cluster_id="-"
  while [[ "$cluster_id" == -* ]]; do cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"; done
  spawn kafka bash "$KAFKA_FILES/run.sh" "$KAFKA_HOME/libs" "$dir/server.properties" "$KAFKA_FILES/log4j.properties" "$cluster_id"
}

kafka_endpoint() { echo "${KAFKA_BROKERS:-127.0.0.1:9092}"; }
