#!/usr/bin/env bash
# Ingestion of a character corpus larger than memory: the main job's command in a JVM with a small heap, on a
# generated corpus (the bundled Shakespeare slice, its lines shuffled afresh for each copy) of FACTOR times the
# heap, stopped after its first update. Reports MB/s to the first update, peak heap (before and after a
# collection) and the peak size of Spark's local directory, and appends a JSON line to
# bench-results/ingest.json. Needs about 6 x the corpus in free disk space. Options:
#   --heap MB       the run's -Xmx (default 512; Spark needs at least 450)
#   --factor N      corpus size over heap (default 10)
#   --work DIR      where the corpus (kept for the next run), output and Spark's local files go
#                   (default target/bench-ingest)
set -euo pipefail
source "$(dirname "$0")/common.sh"
heap=512; factor=10; work="$ROOT/target/bench-ingest"
while [ $# -gt 0 ]; do
  case $1 in
    --heap) heap=$2; shift 2 ;;
    --factor) factor=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
build
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] && JVM_FLAGS_DROP="--add-modules=jdk.incubator.vector"
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
cp="$ROOT/target/classes:$(cat "$ROOT/target/classpath.txt")"
# shellcheck disable=SC2046
java -Xmx256m -cp "$cp" dev.sparkrnn.bench.IngestBench "$ROOT" "$ROOT/bench-results/ingest.json" "$work" "$heap" "$factor" \
  java $(jvm_flags) -Djava.util.logging.config.file="$ROOT/conf/jul.properties" -- "$cp" 2> >(grep -v ' INFO ' >&2)
