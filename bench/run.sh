#!/usr/bin/env bash
# The load benchmark in one command, from anywhere in the repository:
#
#   bench/run.sh 2000000                    # N = 2,000,000 messages into Parquet
#   bench/run.sh 200000 --format Json --partitions 6 --max-records 250000 --xmx 512m
#   bench/run.sh 2000000 --jfr              # plus a JFR profile of the worker (not for headlines)
#   bench/run.sh --no-build 2000000         # use the jars as they are (no Maven)
#
# It builds the worker (mvn -B -q -pl worker -am -DskipTests install: worker/target/kafkaload.jar,
# worker/target/lib/, and the artifact in ~/.m2 that bench/pom.xml compiles against) and the
# benchmark (mvn -B -q -f bench/pom.xml package), then runs io.kafkaload.bench.LoadBenchmark.
# The benchmark JVM runs on the worker's own jars (worker/target/kafkaload.jar + lib/), so the
# broker, the sample events and the measured worker always come from the same build.
# Options: see `bench/run.sh --no-build --help` or bench/README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

build=1
args=()
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    *) args+=("$a") ;;
  esac
done

if [[ $build == 1 ]]; then
  echo "building the worker: mvn -B -q -pl worker -am -DskipTests install" >&2
  mvn -B -q -pl worker -am -DskipTests install
fi
if [[ ! -f worker/target/kafkaload.jar ]]; then
  echo "no worker/target/kafkaload.jar: run without --no-build" >&2
  exit 2
fi
# the benchmark itself: rebuilt when its sources or pom changed
if [[ $build == 1 || ! -f bench/target/kafkaload-bench.jar ]] \
  || [[ -n "$(find bench/pom.xml bench/src -newer bench/target/kafkaload-bench.jar -print -quit)" ]]; then
  echo "building the benchmark: mvn -B -q -f bench/pom.xml package" >&2
  mvn -B -q -f bench/pom.xml package
fi

mkdir -p bench/results
# worker jars first: the classes under test win over the copy in bench/target/lib
cp="$root/bench/target/kafkaload-bench.jar:$root/worker/target/kafkaload.jar:$root/worker/target/lib/*:$root/bench/target/lib/*"
exec java -Xmx"${BENCH_XMX:-1g}" -cp "$cp" io.kafkaload.bench.LoadBenchmark \
  --worker-jar "$root/worker/target/kafkaload.jar" --results-dir "$root/bench/results" \
  ${args[@]+"${args[@]}"}
