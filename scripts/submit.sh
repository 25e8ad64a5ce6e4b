#!/usr/bin/env bash
# Runs spark-rnn on a cluster with spark-submit (YARN, Kubernetes, standalone):
#   scripts/submit.sh --master yarn --deploy-mode cluster -- train --conf jobs/char-shakespeare.conf --set input=hdfs:///data/shakespeare.txt
# Arguments before "--" go to spark-submit, the rest to spark-rnn. The application jar is thin: Spark comes
# from the cluster; the bundled native OpenBLAS jars (org.bytedeco:openblas, javacpp) are passed with --jars,
# and OpenBLAS runs one thread per task on the executors. In cluster deploy mode the driver runs on the
# cluster: give the job file as a URI it can read (--conf hdfs:///jobs/NAME.conf), or on YARN ship it with
# --files jobs/NAME.conf and pass --conf NAME.conf.
#
# Exit code: spark-submit's, which is the job's (0, 2 configuration, 3 bad input, 4 diverged, 5 output in
# use, 1 other) in client mode and on YARN. A standalone cluster in cluster deploy mode reports only the
# driver's final state, and spark-submit exits 0 whatever it is; here spark-submit waits for the driver
# (spark.standalone.submit.waitAppCompletion) and this script exits 1 unless the driver FINISHED, naming the
# state and where the driver's own output is (the job's message and exit code).
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
command=(spark-submit
  --class dev.sparkrnn.app.Main
  --jars "$native_jars"
  --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1
  --conf "spark.driver.extraJavaOptions=--add-modules=jdk.incubator.vector"
  --conf "spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector")
# a standalone master (spark://) with --deploy-mode cluster
master=""; mode=client
for ((i = 0; i < ${#submit_args[@]}; i++)); do
  case ${submit_args[$i]} in
    --master) master=${submit_args[$((i + 1))]:-} ;;
    --master=*) master=${submit_args[$i]#--master=} ;;
    --deploy-mode) mode=${submit_args[$((i + 1))]:-} ;;
    --deploy-mode=*) mode=${submit_args[$i]#--deploy-mode=} ;;
  esac
done
if [[ $master != spark://* || $mode != cluster ]]; then
  exec "${command[@]}" "${submit_args[@]}" "$jar" "$@"
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
"${command[@]}" --conf spark.standalone.submit.waitAppCompletion=true "${submit_args[@]}" "$jar" "$@" 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
set -e
# Spark's Client: "State of driver driver-20261202061840-0000 is FAILED, exiting spark-submit JVM."
final=$(sed -n 's/.*State of driver \(driver-[0-9-]*\) is \([A-Z]*\), exiting spark-submit JVM.*/\1 \2/p' "$log" | tail -1)
driver=${final% *}; state=${final#* }
if [ -z "$final" ]; then
  echo "spark-rnn: spark-submit ended (exit $code) without the driver's final state" >&2
  [ "$code" = 0 ] && exit 1 || exit "$code"
fi
if [ "$state" != FINISHED ]; then
  echo "spark-rnn: driver $driver ended $state; its output (the job's message and exit code) is in the Worker's" \
    "work directory, $driver/stderr (the master's web UI links it)" >&2
  exit 1
fi
exit "$code"
