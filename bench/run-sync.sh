#!/usr/bin/env bash
# Initial-sync benchmark (README.md): 2,000 simulator projects, 1 then 2 fetchers; args e.g. --projects=2000 --fetchers=1,2 --s3=true
exec "$(dirname "$0")/launch.sh" dev.landfall.bench.SyncBenchmark "$@"
