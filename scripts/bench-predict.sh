#!/usr/bin/env bash
# Batch scoring with the spark.ml models' transform: a sentiment classifier (H=128) over a Parquet table of at
# least a million sentences built from the shipped sentiment sentences, and greedy and beam-4 g2p decoding
# (H=256) of every dictionary headword, on local[1] and local[2]: rows/s, rows/s per core, time steps/s and
# peak heap. Both models are fitted first (one epoch each, a few minutes). Writes bench-results/predict.json.
# Options:
#   --rows N     sentences in the table (default 1000000)
#   --peers      also run PyTorch's batched inference (bench_torch_infer.py classify and g2p, one thread) in
#                the same sitting, and print our rows/s per core over the peer's
set -euo pipefail
source "$(dirname "$0")/common.sh"
rows=1000000; peers=0
while [ $# -gt 0 ]; do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --peers) peers=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
build
out="$ROOT/bench-results/predict.json"
JAVA_OPTS="${JAVA_OPTS:-} -Xmx6g -Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties" \
  run_java dev.sparkrnn.bench.PredictBench "$out" "$ROOT/target/bench-predict" "$ROOT/jobs/data/sentiment" \
  "$ROOT/jobs/data/cmudict-g2p/cmudict-train.dict" "$rows" 'local[1]' 'local[2]' \
  2> >(grep -v ' INFO ' >&2)
if [ $peers = 1 ]; then
  infer="$ROOT/../shared/bench/bench_torch_infer.py"
  [ -f "$infer" ] || { echo "no ../shared/bench beside the project: peer not measured" >&2; exit 0; }
  peer_blas_env
  for task in classify g2p; do
    /usr/bin/python3 "$infer" $task float32 2>/dev/null | tail -1 | tee -a "$out"
  done
  # our rows/s per core over the peer's sequences/s on one core, per measurement
  /usr/bin/python3 - "$out" <<'PY' | tee -a "$out"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
peer = {l["task"]: l["sequences_per_s"] for l in lines if l.get("impl") == "torch-infer"}
for l in lines:
    if l.get("bench") == "predict" and l["task"] in peer:
        print(json.dumps(dict(bench="predict-vs-peer", task=l["task"], beam=l.get("beam"), master=l["master"],
                              rows_per_s_per_core=l["rows_per_s_per_core"], peer_sequences_per_s=peer[l["task"]],
                              ratio=round(l["rows_per_s_per_core"] / peer[l["task"]], 2))))
PY
fi
