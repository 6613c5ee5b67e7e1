#!/usr/bin/env bash
# Shared by run-sync.sh and run-serve.sh: builds the committed tree (HEAD, or $LANDFALL_BENCH_REF) plus this
# bench module in a private copy under /tmp (never touching the other modules' target/ dirs or ~/.m2), then runs
# the given main class on that classpath. The copy is reused while commit and bench sources are unchanged.
# Extra JVM flags: BENCH_JAVA_OPTS (e.g. "-XX:StartFlightRecording=filename=/tmp/sync.jfr").
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$repo" rev-parse "${LANDFALL_BENCH_REF:-HEAD}")
benchsum=$(cd "$repo" && find bench/pom.xml bench/src -type f | sort | xargs sha1sum | sha1sum | cut -c1-10)
src=/tmp/landfall-bench-src/${commit:0:12}-$benchsum
if [ ! -s "$src/bench/target/classpath.txt" ]; then
  echo "building $commit (+ bench $benchsum) in $src ..." >&2
  rm -rf "$src" && mkdir -p "$src"
  git -C "$repo" archive "$commit" | tar -x -C "$src"
  rm -rf "$src/bench" && cp -r "$repo/bench" "$src/bench" && rm -rf "$src/bench/target"
  grep -q '<module>bench</module>' "$src/pom.xml" \
    || sed -i 's#^    <module>standalone</module>$#    <module>standalone</module>\n    <module>bench</module>#' "$src/pom.xml"
  (cd "$src" && ./mvnw -B -q -o -pl bench -am package -Dmaven.test.skip=true -Dspring-boot.repackage.skip=true -Pbench-classpath) >&2
fi
echo "commit $commit, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores" >&2
exec java -Xms1g -Xmx3g ${BENCH_JAVA_OPTS:-} -cp "$src/bench/target/classes:$(cat "$src/bench/target/classpath.txt")" "$@"
