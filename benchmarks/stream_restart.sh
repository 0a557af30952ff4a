#!/usr/bin/env bash
# Restart benchmark for issue #6: time from process start to resumed processing for a stream job holding
# ENTITIES entities of state (default 1,000,000). One standalone broker (`millrace kafka start`, 127.0.0.1).
#   benchmarks/stream_restart.sh [ENTITIES]
# 1. produce one event per entity (benchmarks/baseline/produce_entities.py) and run the recsys job over them
#    (`millrace stream P --job user_events --bootstrap-servers B --until-idle 10`): ENTITIES keys in its
#    RocksDB store and changelog, and in the user_events_features table;
# 2. produce 1,000 more events, start the job again (warm: its state directory as the first run left it)
#    and take the broker's append time of its first output record minus the process's start time;
# 3. the same after deleting the state directory (cold: the store is restored from its changelog).
# Needs /usr/bin/python3 with python3-confluent-kafka. Results: benchmarks/results/stream-restart-<time>.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
n="${1:-1000000}"
work="$root/benchmarks/data/stream-restart"; rm -rf "$work"; mkdir -p "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/stream-restart-$(date -u +%Y%m%dT%H%M%SZ).txt"
source "$root/benchmarks/lib.sh"
if ! /usr/bin/python3 -c "import confluent_kafka" 2>/dev/null; then
  apt-get install -y python3-confluent-kafka > "$work/apt.log" 2>&1 || { echo "cannot install python3-confluent-kafka"; exit 2; }
fi
./millrace --version > /dev/null
say "# Millrace stream restart benchmark $(date -u +%FT%TZ), $n entities, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
start_broker
b=$bootstrap
cp -r examples/recsys "$work/project"; rm -rf "$work/project/data" "$work/project/warehouse" "$work/project/.millrace"
stream() { ./millrace stream "$work/project" --job user_events --bootstrap-servers "$b" --until-idle "$1" --format json; }
py=/usr/bin/python3
# the job creates its topics (2 partitions) on its first start: start it once on the empty topic
stream 1 > "$work/create.json" 2> "$work/create.err"
$py benchmarks/baseline/produce_entities.py "$b" user_events "$n" 1 > "$work/produce.json"
say "produced: $(cat "$work/produce.json")"
s0=$(date +%s.%N)
stream 10 > "$work/fill.json" 2> "$work/fill.err"
s1=$(date +%s.%N)
say "fill run (ENTITIES events, 10 s idle included): wall_s=$(python3 -c "print(round($s1-$s0,1))") $(cat "$work/fill.json")"
say "state directory: $(du -sh "$work/project/.millrace/streams" | cut -f1)"
restart() {   # restart LABEL FIRST_ID
  $py benchmarks/baseline/first_output.py "$b" user_events.scores "$work/ends.json" save
  $py benchmarks/baseline/produce_entities.py "$b" user_events 1000 "$2" > /dev/null
  local t0; t0=$(date +%s%3N)
  stream 3 > "$work/$1.json" 2> "$work/$1.err"
  local t1; t1=$(date +%s%3N)
  local first; first=$($py benchmarks/baseline/first_output.py "$b" user_events.scores "$work/ends.json")
  say "$1 restart: process start to first output $(python3 -c "print(round(($first-$t0)/1000,2))") s (whole run $(python3 -c "print(round(($t1-$t0)/1000,1))") s, 3 s idle included) $(cat "$work/$1.json")"
}
restart warm 1
rm -rf "$work/project/.millrace/streams"
restart cold 1001
say "results: $out"
