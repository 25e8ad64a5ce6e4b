#!/usr/bin/env bash
# Time to quality on the README's main job: its validation bits/char against training time (the sum of the
# updates' wall-clock seconds, validation included; Spark's start-up and the ingestion are not counted),
# validated every 100 updates, beside PyTorch's nn.RNN with the same model and settings
# (../shared/bench/bench_torch_charlm_time.py, one process and two) in the same sitting. Appends JSON lines to
# bench-results/time-to-quality.json, and prints when each first reaches the target. Options:
#   --precision P   float64 or float32 (default: both, one run each)
#   --target B      validation bits/char to reach (default 2.39, the main job's final figure)
#   --peers         also run the PyTorch peer for as long as the longest spark-rnn run took
#   --set K=V       a setting for the spark-rnn runs (repeatable; e.g. train.slices=auto, validate.every=10),
#                   recorded in the JSON lines as "sets"
set -euo pipefail
source "$(dirname "$0")/common.sh"
precisions="float64 float32"; target=2.39; peers=0; sets=(); label=
while [ $# -gt 0 ]; do
  case $1 in
    --precision) precisions=$2; shift 2 ;;
    --target) target=$2; shift 2 ;;
    --peers) peers=1; shift ;;
    --set) sets+=(--set "$2"); label="$label${label:+ }$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
build
out="$ROOT/bench-results/time-to-quality.json"
mkdir -p "$ROOT/bench-results"
longest=0
for p in $precisions; do
  dir="$ROOT/target/bench-time-to-quality-$p"
  rm -rf "$dir"
  "$ROOT/scripts/spark-rnn" train --conf jobs/char-shakespeare.conf --quiet --set output="$dir" \
    --set validate.every=100 --set precision="$p" "${sets[@]}" > /dev/null
  # the training curve: cumulative update seconds at each validation
  awk -v p="$p" -v target="$target" -v sets="$label" '
    { match($0, /"seconds":[0-9.]+/); t += substr($0, RSTART + 10, RLENGTH - 10) }
    /"validation_loss"/ {
      match($0, /"iteration":[0-9]+/); it = substr($0, RSTART + 12, RLENGTH - 12)
      match($0, /"validation_loss":[0-9.]+/); b = substr($0, RSTART + 18, RLENGTH - 18) / log(2)
      printf "{\"impl\":\"spark-rnn\",\"precision\":\"%s\",\"sets\":\"%s\",\"master\":\"local[2]\",\"t\":%.1f,\"updates\":%d,\"val_bits_per_char\":%.3f}\n", p, sets, t, it, b
      if (!reached && b <= target) { reached = t }
    }
    END { printf "{\"impl\":\"spark-rnn\",\"precision\":\"%s\",\"sets\":\"%s\",\"target_bits_per_char\":%s,\"seconds_to_target\":%s,\"training_seconds\":%.1f}\n", p, sets, target, reached ? sprintf("%.1f", reached) : "null", t }
  ' "$dir"/metrics/*.jsonl | tee -a "$out"
  secs=$(tail -1 "$out" | sed 's/.*"training_seconds":\([0-9.]*\).*/\1/')
  longest=$(awk -v a="$longest" -v b="$secs" 'BEGIN { print (b > a ? b : a) }')
done
if [ $peers = 1 ]; then
  peer="$ROOT/../shared/bench/bench_torch_charlm_time.py"
  [ -f "$peer" ] || { echo "no ../shared/bench beside the project: peer not measured" >&2; exit 0; }
  peer_blas_env
  budget=$(awk -v a="$longest" 'BEGIN { printf "%d", a + 1 }')
  for world in 1 2; do
    /usr/bin/python3 "$peer" "$ROOT/jobs/data/tinyshakespeare/shakespeare.txt" "$budget" "$world" 2>/dev/null \
      | tee -a "$out" | awk -v w="$world" -v target="$target" '
        { match($0, /"t": [0-9.]+/); t = substr($0, RSTART + 5, RLENGTH - 5)
          match($0, /"val_bits_per_char": [0-9.]+/); b = substr($0, RSTART + 21, RLENGTH - 21)
          if (!reached && b <= target) reached = t }
        END { printf "{\"impl\":\"torch-charlm\",\"world\":%d,\"target_bits_per_char\":%s,\"seconds_to_target\":%s}\n", w, target, reached ? reached : "null" }' \
      | tee -a "$out"
  done
fi
