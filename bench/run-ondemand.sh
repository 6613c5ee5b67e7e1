#!/usr/bin/env bash
# On-demand benchmark (bench/README.md): Landfall in on-demand mode vs devpi-server on one simulator world;
# args e.g. --projects=500 --tree=10 --churn=3 --crawl-seconds=90 --devpi-expiry=30
exec "$(dirname "$0")/launch.sh" dev.landfall.bench.OnDemandBenchmark "$@"
