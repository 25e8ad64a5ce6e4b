#!/usr/bin/env bash
# Which update cadence converges fastest per wall-clock second on tinyshakespeare (local[*]): full batch
# and mini-batch of several sizes, each trained for the same time, scored on a held-out 10%.
# Writes bench-results/convergence.json. Options: --input PATH, --seconds S (default 90), --hidden H (256).
set -euo pipefail
source "$(dirname "$0")/common.sh"
input="$ROOT/../shared/data/tinyshakespeare/input.txt"
[ -f "$input" ] || input="$ROOT/jobs/data/tinyshakespeare/shakespeare.txt"
seconds=90; hidden=256
while [ $# -gt 0 ]; do
  case $1 in
    --input) input=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --hidden) hidden=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
build
rm -f "$ROOT/bench-results/convergence.json"
JAVA_OPTS="${JAVA_OPTS:-} -Xmx6g -Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties" \
  run_java dev.sparkrnn.bench.ConvergenceBench "$input" "$ROOT/bench-results/convergence.json" "$seconds" "$hidden" 100 \
  adam:0.005:1 adam:0.005:20 adam:0.005:200 adagrad:0.05:200 rmsprop:0.002:200 \
  2> >(grep -v ' INFO ' >&2)
