#!/usr/bin/env bash
# Kafka cluster benchmark for issue 11 point 6: the recsys user_events job replaying N generated events
# (default 50,000, 5% invalid) on one broker (`millrace kafka start`) vs a local three-broker cluster
# (`millrace kafka start --brokers 3`: replication 3, min.insync.replicas 2, each broker a child JVM),
# at_least_once and exactly_once_v2; then exactly_once_v2 on three brokers with one broker killed
# (SIGKILL) KILL_AFTER seconds into the run (default 15).
#   benchmarks/kafka_cluster.sh [N] [KILL_AFTER]
# Whole-command wall time per run; the job's own throughput_eps from its summary.
# Results: benchmarks/results/kafka-cluster-<time>.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
n="${1:-50000}"
kill_after="${2:-15}"
work="$root/benchmarks/data/kafka-cluster"; rm -rf "$work"; mkdir -p "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/kafka-cluster-$(date -u +%Y%m%dT%H%M%SZ).txt"
source "$root/benchmarks/lib.sh"
./millrace --version > /dev/null
say "# Millrace Kafka cluster benchmark $(date -u +%FT%TZ), $n events, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# cluster BROKERS LABEL -> starts `millrace kafka start --brokers BROKERS` on free ports; sets $bootstrap, $cpid
cluster() {
  local d="$work/kafka-$2"
  ./millrace kafka start --brokers "$1" --port 0 --dir "$d" > "$d.out" 2> "$d.err" &
  cpid=$!; pids+=("$cpid")
  for _ in $(seq 1 900); do [[ -s $d.out ]] && break; sleep 0.2; done
  [[ -s $d.out ]] || { echo "the cluster did not start: $(cat "$d.err")"; exit 1; }
  bootstrap=$(head -1 "$d.out")
  say "$2: $(head -1 "$d.err")"
}
stop_cluster() { kill "$cpid"; wait "$cpid" 2>/dev/null || true; }

project() {   # project NAME PROCESSING -> a copy of examples/recsys with that delivery guarantee
  local p="$work/$1"
  cp -r examples/recsys "$p"; rm -rf "$p/data" "$p/warehouse" "$p/.millrace"
  sed -i "s/^processing: .*/processing: $2/" "$p/streams/user_events.yaml"
  echo "$p"
}
replay() {    # replay LABEL PROJECT
  timed_width=400 timed "$1" ./millrace stream "$2" --job user_events --bootstrap-servers "$bootstrap" \
    --replay "$n" --format json
}

# each run on a fresh cluster: the runs share the project's topic names and consumer group
for brokers in 1 3; do
  for processing in at_least_once exactly_once_v2; do
    label="b${brokers}_${processing}"
    cluster "$brokers" "$label"
    replay "$label" "$(project "$label" "$processing")"
    stop_cluster
  done
done
label=b3_eos_broker_killed
cluster 3 "$label"
p=$(project "$label" exactly_once_v2)
victim=$(grep -o 'broker 2: [0-9.:]*, pid [0-9]*' "$work/kafka-$label.err" | awk '{print $NF}')
( sleep "$kill_after"; kill -9 "$victim"; echo "killed broker 2 (pid $victim) $kill_after s into the run" > "$work/kill.txt" ) &
replay "$label" "$p"
say "$(cat "$work/kill.txt" 2>/dev/null || echo 'the kill did not happen before the run ended')"
grep "exited" "$work/kafka-$label.err" | head -1 | while read -r l; do say "cluster: $l"; done
stop_cluster
say "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
say "results: $out"
