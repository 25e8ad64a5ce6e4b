#!/usr/bin/env bash
# Distributed trainer throughput on tinyshakespeare (H = 256, length 50, batch 32 per kernel call):
# epoch time and time steps/s on local[1] and local[2], the speed-up, and the share of an epoch spent
# outside the kernel. Writes bench-results/spark.json. Options:
#   --input PATH    corpus (default ../shared/data/tinyshakespeare/input.txt, else the bundled slice)
#   --epochs N      timed epochs after one warm-up epoch (default 2)
#   --slices N      updates per epoch (default 8)
#   --dtype D       float64 or float32 (default float64); the peer runs in the same precision
#   --peers         also run PyTorch DDP (2 single-threaded processes, config B) in the same sitting
set -euo pipefail
source "$(dirname "$0")/common.sh"
input="$ROOT/../shared/data/tinyshakespeare/input.txt"
[ -f "$input" ] || input="$ROOT/jobs/data/tinyshakespeare/shakespeare.txt"
epochs=2; slices=8; dtype=float64; peers=0
while [ $# -gt 0 ]; do
  case $1 in
    --input) input=$2; shift 2 ;;
    --epochs) epochs=$2; shift 2 ;;
    --slices) slices=$2; shift 2 ;;
    --dtype) dtype=$2; shift 2 ;;
    --peers) peers=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
build
JAVA_OPTS="${JAVA_OPTS:-} -Xmx6g -Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties" \
  run_java dev.sparkrnn.bench.SparkBench "$input" "$ROOT/bench-results/spark.json" "$epochs" "$slices" "$dtype" 'local[1]' 'local[2]' \
  2> >(grep -v ' INFO ' >&2)
if [ $peers = 1 ]; then
  ddp="$ROOT/../shared/bench/bench_torch_ddp.py"
  [ -f "$ddp" ] || { echo "no ../shared/bench beside the project: peer not measured" >&2; exit 0; }
  peer_blas_env
  timeout -k 5 120 /usr/bin/python3 "$ddp" 2 "$dtype" B 2>/dev/null | tail -1 | tee -a "$ROOT/bench-results/spark.json"
fi
