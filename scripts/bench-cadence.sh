#!/usr/bin/env bash
# The cost of an update outside the kernel on local[1], local[2] and local-cluster with 1, 2 and 4 executor
# JVMs (one core each), for H = 64, 256, 512 and two update sizes, fitted to the README's cost model
# (outside = a + b P + c P |theta| bytes) and projected to 10, 100 and 1,000 executors, with the sequences an
# update of the main job must carry there to keep the share outside the kernel under 10%. Writes
# bench-results/cadence.json. Options:
#   --input PATH    corpus (default: the bundled Shakespeare slice)
#   --seconds S     training seconds per measurement (default 4)
#   --masters LIST  comma-separated masters (default local[1],local[2],local-cluster[1,1,1024],...[2,...],...[4,...])
set -euo pipefail
source "$(dirname "$0")/common.sh"
input="$ROOT/jobs/data/tinyshakespeare/shakespeare.txt"; seconds=4
masters="local[1],local[2],local-cluster[1,1,1024],local-cluster[2,1,1024],local-cluster[4,1,1024]"
while [ $# -gt 0 ]; do
  case $1 in
    --input) input=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --masters) masters=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
build
# local-cluster launches executor JVMs through Spark's launcher, which wants a SPARK_HOME with a jars/ folder
# (empty: the executors get this class path) and the Scala version
export SPARK_HOME="$ROOT/target/spark-home" SPARK_SCALA_VERSION=2.13
mkdir -p "$SPARK_HOME/jars"
# split on the commas between masters, not inside local-cluster[...]
mapfile -t list < <(echo "$masters" | sed 's/\(\]\|[0-9a-z*]\),\(local\|spark\|yarn\)/\1\n\2/g')
# the executors get this JVM's flags
SPARKRNN_JVM_FLAGS="$(jvm_flags)" JAVA_OPTS="${JAVA_OPTS:-} -Xmx4g -Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties" \
  run_java dev.sparkrnn.bench.CadenceBench "$input" "$ROOT/bench-results/cadence.json" "$seconds" "${list[@]}" \
  2> >(grep -v ' INFO ' >&2)
