#!/usr/bin/env bash
# Stream benchmarks: Millrace against the usual Python consumer loop (per-user dicts) on the same broker,
# the same events, in the same run; and `millrace produce` against a confluent-kafka producer.
#   benchmarks/stream.sh [EVENTS]        (default 1000000; about 10 minutes on 2 cores)
# (the restart time with a million entities of state: benchmarks/stream_restart.sh)
# Needs Java 17, Maven and Debian's python3-kafka, python3-lz4 (kafka-python reads lz4 batches with it) and python3-confluent-kafka under /usr/bin/python3
# (installed here with apt-get when missing). Results: benchmarks/results/stream-<time>.txt.
# Every process is timed whole (JVM or interpreter start included); the broker is a standalone
# `millrace kafka start` on a free 127.0.0.1 port that all of them share.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
n="${1:-1000000}"
work="$root/benchmarks/data/stream"; rm -rf "$work"; mkdir -p "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/stream-$(date -u +%Y%m%dT%H%M%SZ).txt"
source "$root/benchmarks/lib.sh"

if ! /usr/bin/python3 -c "import kafka, confluent_kafka, lz4" 2>/dev/null; then
  apt-get install -y python3-kafka python3-confluent-kafka python3-lz4 > "$work/apt.log" 2>&1 \
    || { echo "cannot install python3-kafka python3-confluent-kafka python3-lz4 (see $work/apt.log)"; exit 2; }
fi
./millrace --version > /dev/null   # build the CLI once, outside the timings
say "# Millrace stream benchmarks $(date -u +%FT%TZ), $n events, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

start_broker
say "broker: $(head -1 "$work/broker.err")"

# the recsys project (its stream job names the topic when it has one; else the topic is user_events)
cp -r examples/recsys "$work/project"; rm -rf "$work/project/data" "$work/project/warehouse" "$work/project/.millrace"
job=()
[[ -f $work/project/streams/user_events.yaml ]] && job=(--job user_events)

say "## producer: $n user events, idempotent, acks=all, lz4 (whole command)"
timed millrace_produce ./millrace produce "$work/project" "${job[@]}" --events "$n" --invalid-fraction 0.01 \
  --partitions 2 --bootstrap-servers "$bootstrap" --format json
topic=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['topic'])" "$work/millrace_produce.log")
timed confluent_produce /usr/bin/python3 benchmarks/baseline/produce_confluent.py "$bootstrap" py_produce "$n"
say "producer events/s: millrace=$(python3 -c "print(round($n/$(wall millrace_produce)))") confluent_kafka=$(python3 -c "print(round($n/$(wall confluent_produce)))") ratio=$(ratio "$(wall confluent_produce)" "$(wall millrace_produce)")"

say "## consume '$topic' from the beginning, per-user state (whole command)"
cd benchmarks/baseline
timed kafka_python /usr/bin/python3 stream_dicts_kafka_python.py "$bootstrap" "$topic" "$n"
timed confluent_kafka /usr/bin/python3 stream_dicts_confluent.py "$bootstrap" "$topic" "$n"
# the same job as Millrace's (checks, 17 features, score, a prediction per event to an output topic,
# dead letters), written the usual Python way: state in dicts, not durable, no lake tables
timed confluent_same_job /usr/bin/python3 stream_seed_confluent.py "$bootstrap" "$topic" "$n"
cd "$root"
for l in kafka_python confluent_kafka confluent_same_job; do say "$l events/s: $(python3 -c "print(round($n/$(wall $l)))")"; done

# Millrace: the recsys stream job (validation, dead letters, features, scoring, output topic, state in
# RocksDB), at-least-once then exactly-once, until the topic has been idle 5 s (subtracted below).
idle=5
if ./millrace help stream > /dev/null 2>&1 && [[ ${#job[@]} -gt 0 ]]; then
  for guarantee in at_least_once exactly_once_v2; do
    sed -i -E "s/^processing:.*$//" "$work/project/streams/user_events.yaml"
    echo "processing: $guarantee" >> "$work/project/streams/user_events.yaml"
    rm -rf "$work/project/.millrace/streams"
    timed "millrace_$guarantee" ./millrace stream "$work/project" --job user_events --bootstrap-servers "$bootstrap" \
      --from-beginning --until-idle "$idle" --format json || true
    w=$(wall "millrace_$guarantee")
    [[ -n $w ]] && say "millrace_$guarantee events/s (wall minus ${idle}s idle): $(python3 -c "print(round($n/($w-$idle)))") vs confluent_kafka: $(ratio "$(wall confluent_kafka)" "$(python3 -c "print($w-$idle)")")x, vs confluent_same_job: $(ratio "$(wall confluent_same_job)" "$(python3 -c "print($w-$idle)")")x"
  done
  # latency at a steady 10,000 events/s: input record timestamp (the producer's) to the scored output
  lat_n=$(( n < 100000 ? n : 100000 ))
  say "## latency: --replay $lat_n --rate 10000 (embedded broker in the same process, at-least-once)"
  cp -r examples/recsys "$work/latency"; rm -rf "$work/latency/data" "$work/latency/warehouse" "$work/latency/.millrace"
  timed millrace_latency ./millrace stream "$work/latency" --job user_events --replay "$lat_n" --rate 10000 \
    --invalid-fraction 0.01 --format json || true
else
  say "millrace stream: not in this build (needs 'millrace stream' and examples/recsys/streams/user_events.yaml)"
fi
say "results: $out"
