#!/usr/bin/env bash
# The long chaos campaign (~30 min of faults plus start-up and drain), printing the report at the end.
#   chaos/run-long.sh [--minutes=30] [--seed=N]
# Builds the service exec jars and this module first (without tests), then runs dev.landfall.chaos.ChaosMain.
# Logs and report: chaos/target/chaos/long-<timestamp>/ (report.txt). Exit code 0 = everything that must hold held.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -pl changelog-poller,fetcher-service,index-server,chaos -am package -DskipTests
fi
CP="chaos/target/classes:$(cat chaos/target/harness.classpath)"
exec java -Xmx512m -cp "$CP" dev.landfall.chaos.ChaosMain "$@"
