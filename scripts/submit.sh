#!/usr/bin/env bash
# Runs spark-rnn on a cluster with spark-submit (YARN, Kubernetes, standalone):
#   scripts/submit.sh --master yarn --deploy-mode cluster -- train --conf jobs/char-shakespeare.conf --set input=hdfs:///data/shakespeare.txt
# Arguments before "--" go to spark-submit, the rest to spark-rnn. The application jar is thin: Spark comes
# from the cluster; the bundled native OpenBLAS jars (org.bytedeco:openblas, javacpp) are passed with --jars,
# and OpenBLAS runs one thread per task on the executors. In cluster deploy mode the driver runs on the
# cluster: ship the job file with --files jobs/NAME.conf and pass --conf NAME.conf.
set -euo pipefail
source "$(dirname "$0")/common.sh"
submit_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do submit_args+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: scripts/submit.sh [spark-submit options] -- <subcommand> --conf FILE [--set k=v ...]" >&2; exit 2; }
command -v spark-submit >/dev/null || { echo "spark-submit is not on PATH (set SPARK_HOME/bin)" >&2; exit 2; }
build
jar=$(ls "$ROOT"/target/spark-rnn-*.jar | head -1)
native_jars=$(tr ':' '\n' < "$ROOT/target/classpath.txt" | grep '/org/bytedeco/' | paste -sd, -)
exec spark-submit \
  --class dev.sparkrnn.app.Main \
  --jars "$native_jars" \
  --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1 \
  --conf "spark.driver.extraJavaOptions=--add-modules=jdk.incubator.vector" \
  --conf "spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector" \
  "${submit_args[@]}" "$jar" "$@"
