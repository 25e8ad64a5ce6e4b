#!/usr/bin/env bash
# Single-thread kernel throughput (time steps/s and GFLOP/s) for configs A, B, C, B-bidirectional and
# B-encoder-decoder; prints JSON lines and
# writes them to bench-results/kernel.json. Options:
#   --seconds S   length of each of the three timed runs (default 3)
#   --only A,B    configs to run
#   --dtype D     float64, float32 or both (default float64,float32; bidirectional and encoder-decoder: float64)
#   --peers       also run ../shared/bench/run-peers.sh (PyTorch, numpy) in the same sitting
set -euo pipefail
source "$(dirname "$0")/common.sh"
seconds=3; only=A,B,C,B-bidirectional,B-encoder-decoder; dtype=float64,float32; peers=0
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --dtype) dtype=$2; shift 2 ;;
    --peers) peers=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
build
out="$ROOT/bench-results/kernel.json"
run_java dev.sparkrnn.bench.KernelBench "$out" "$seconds" "$only" "$dtype"
if [ $peers = 1 ]; then
  peers_script="$ROOT/../shared/bench/run-peers.sh"
  if [ -x "$peers_script" ] || [ -f "$peers_script" ]; then
    (peer_blas_env; echo "peers with OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-detected}" >&2
     bash "$peers_script" | tee "$ROOT/bench-results/peers.json")
  else
    echo "no ../shared/bench/run-peers.sh beside the project: peers not measured" >&2
  fi
fi
