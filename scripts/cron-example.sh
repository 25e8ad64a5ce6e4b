#!/usr/bin/env bash
# Scheduled batch training, e.g. from cron (crontab -e):
#   15 2 * * *  /opt/spark-rnn/scripts/cron-example.sh >> /var/log/spark-rnn-char.log 2>&1
# Each run trains for at most TRAIN_SECONDS and then stops with a checkpoint; the next run resumes from it.
# When the job has finished, a rerun does nothing and exits 0. Exit codes: 0 done or progressed, 2 bad
# configuration, 3 bad input data, 4 training diverged (the last good checkpoint is kept), 1 other errors.
# With a cluster, replace scripts/spark-rnn by: scripts/submit.sh --master yarn -- train ...
set -uo pipefail
cd "$(dirname "$0")/.."
TRAIN_SECONDS=${TRAIN_SECONDS:-3000}
scripts/spark-rnn train --conf jobs/char-shakespeare.conf \
  --set output=target/scheduled/char-shakespeare \
  --set train.max.seconds="$TRAIN_SECONDS"
status=$?
case $status in
  0) echo "$(date -u +%FT%TZ) spark-rnn: ok" ;;
  4) echo "$(date -u +%FT%TZ) spark-rnn: training diverged; see the log, the last good checkpoint is kept" ;;
  *) echo "$(date -u +%FT%TZ) spark-rnn: failed with exit code $status" ;;
esac
exit $status
