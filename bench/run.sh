#!/usr/bin/env bash
# The load benchmark in one command, from anywhere in the repository:
#
#   bench/run.sh 2000000                    # N = 2,000,000 messages into Parquet
#   bench/run.sh 2000000 --scenario validated   # schema (5 typed fields, Sha256) + SQL filter
#   bench/run.sh 2000000 --scenario both --rounds 2   # both scenarios against the same raw runs
#   bench/run.sh 2000000 --scenario tables --rounds 2   # issue 5: into PostgreSQL and Iceberg
#   bench/run.sh 2000000 --scenario offload  # issue 14: topic -> topic, Parquet -> topic
#   bench/run.sh --memory                   # 10,000,000 messages, validated, worker at -Xmx512m
#   bench/run.sh 200000 --format Json --partitions 6 --max-records 250000 --xmx 512m
#   bench/run.sh 2000000 --jfr              # plus a JFR profile of the worker (not for headlines)
#   bench/run.sh --no-build 2000000         # use the jars as they are (no Maven)
#   bench/run.sh --from-head 2000000        # build and run a clean export of HEAD (see below)
#
# It builds the worker (mvn -B -q -pl worker -am -DskipTests install: worker/target/kafkaload.jar,
# worker/target/lib/, and the artifact in ~/.m2 that bench/pom.xml compiles against) and the
# benchmark (mvn -B -q -f bench/pom.xml package), then runs io.kafkaload.bench.LoadBenchmark.
# The benchmark JVM runs on the worker's own jars (worker/target/kafkaload.jar + lib/), so the
# broker, the sample events and the measured worker always come from the same build.
#
# --from-head: the worker is built from `git archive HEAD` extracted into $BENCH_SRC (default
# /tmp/bench-src, emptied first) instead of the working tree, and run from there: the figures
# belong to one commit (recorded as git.head), uncommitted edits of other people are neither
# measured nor touched (the build's formatter never runs on the working tree), and a rebuild in
# the working tree cannot swap the worker jar between rounds. bench/ itself is always built from
# the working tree. When the working tree's worker does not compile, run.sh falls back to this
# by itself. With --no-build --from-head, the jars already in $BENCH_SRC are used.
# Options: see `bench/run.sh --no-build --help` or bench/README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

build=1
from_head=0
args=()
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    --from-head) from_head=1 ;;
    *) args+=("$a") ;;
  esac
done
export_dir="${BENCH_SRC:-/tmp/bench-src}"

build_export() {
  local commit
  commit="$(git -C "$root" rev-parse --short HEAD)"
  echo "building a clean export of HEAD ($commit) in $export_dir:" \
    "mvn -B -q -pl worker -am -DskipTests install" >&2
  rm -rf "$export_dir"
  mkdir -p "$export_dir"
  git -C "$root" archive HEAD | tar -x -C "$export_dir"
  echo "$commit" >"$export_dir/.bench-commit"
  (cd "$export_dir" && mvn -B -q -pl worker -am -DskipTests install)
}

if [[ $build == 1 ]]; then
  if [[ $from_head == 1 ]]; then
    build_export
  else
    echo "building the worker: mvn -B -q -pl worker -am -DskipTests install" >&2
    if ! mvn -B -q -pl worker -am -DskipTests install; then
      echo "the working tree's worker does not build: falling back to a clean export of HEAD" >&2
      from_head=1
      build_export
    fi
  fi
fi
src="$root"
if [[ $from_head == 1 ]]; then
  src="$export_dir"
  if [[ -f "$export_dir/.bench-commit" ]]; then
    BENCH_COMMIT="$(cat "$export_dir/.bench-commit")"
    export BENCH_COMMIT
  fi
fi
if [[ ! -f "$src/worker/target/kafkaload.jar" ]]; then
  echo "no $src/worker/target/kafkaload.jar: run without --no-build" >&2
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
cp="$root/bench/target/kafkaload-bench.jar:$src/worker/target/kafkaload.jar:$src/worker/target/lib/*:$root/bench/target/lib/*"
exec java -Xmx"${BENCH_XMX:-1g}" -cp "$cp" io.kafkaload.bench.LoadBenchmark \
  --worker-jar "$src/worker/target/kafkaload.jar" --results-dir "$root/bench/results" \
  ${args[@]+"${args[@]}"}
