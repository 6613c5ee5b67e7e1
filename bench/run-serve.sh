#!/usr/bin/env bash
# Serving benchmark (README.md): Landfall vs an own nginx on the same bytes, wrk -t2 -c64 -d10s; args e.g. --rounds=2
exec "$(dirname "$0")/launch.sh" dev.landfall.bench.ServeBenchmark "$@"
