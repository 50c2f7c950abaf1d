#!/usr/bin/env bash
# Formats a fresh KRaft log dir and runs the broker in the foreground (spawned by kafka.sh's kafka_start).
#   run.sh LIBS_DIR SERVER_PROPERTIES LOG4J_PROPERTIES CLUSTER_ID
set -euo pipefail
libs="$1" props="$2" log4j="$3" cluster_id="$4"
jvm=(-Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
  -Dlog4j.configuration="file:$log4j" -cp "$libs/*")
java "${jvm[@]}" kafka.tools.StorageTool format --ignore-formatted --cluster-id "$cluster_id" --config "$props"
exec java "${jvm[@]}" kafka.Kafka "$props"
