#!/usr/bin/env bash
# Event-to-prediction latency of the recsys stream job at a steady arrival rate (issue #6: p99 < 50 ms
# at 10,000 events/s), measured outside the job: the job runs (`millrace stream --until-idle`) on a
# standalone broker, `millrace produce --rate R` sends the events, and afterwards
# baseline/output_latency.py reads the output topic: broker append time of each output minus its
# input's send time (the producer's record timestamp).
#   benchmarks/stream_latency.sh [EVENTS] [RATE] [GUARANTEE] [SKIP]   (defaults 150000 10000 at_least_once 10)
# INPUT_APPEND_TIME=1: latency from the input's arrival at the broker (see below).
# JOB_SETTLE=S: the producer starts S seconds after the job reports running.
# JOB_WARMUP=N: a whole pass of the same job (N events, renamed topics) warms the broker first (see below).
# SKIP: the "after" figures leave out the inputs sent in the first SKIP seconds (the whole run's are
# always printed too). MILLRACE=<launcher> measures another build; JOB_JAVA_OPTS / PRODUCE_JAVA_OPTS
# pass JVM options to the job or the producer alone (e.g. JOB_JAVA_OPTS=-XX:TieredStopAtLevel=4: C2,
# as a job left running gets). The job's, the producer's and the broker's CPU are reported.
# Needs /usr/bin/python3 with python3-confluent-kafka. Results: benchmarks/results/stream-latency-<time>.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
n="${1:-150000}"; rate="${2:-10000}"; guarantee="${3:-at_least_once}"; skip="${4:-10}"
work="$root/benchmarks/data/stream-latency"; rm -rf "$work"; mkdir -p "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/stream-latency-$(date -u +%Y%m%dT%H%M%SZ).txt"
source "$root/benchmarks/lib.sh"
# CPU seconds (user+sys) of a process, and of each of its threads by name
proc_cpu() { awk -v t="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); print ($12 + $13) / t}' "/proc/$1/stat"; }
thread_cpu() {
  local d
  for d in /proc/$1/task/*; do
    printf '%s=%s\n' "$(tr ' ' _ < "$d/comm")" "$(awk -v t="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); print ($12 + $13) / t}' "$d/stat")"
  done | awk -F= '{s[$1] += $2} END {for (k in s) if (s[k] >= 0.05) printf "%s=%.2f\n", k, s[k]}'
}
mr="${MILLRACE:-./millrace}"   # the launcher of the build to measure
"$mr" --version > /dev/null; ./millrace --version > /dev/null   # build the CLIs (the broker is this one's) outside the timings
say "# Millrace stream latency $(date -u +%FT%TZ), $n events at $rate/s, $guarantee, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
start_broker
broker_java=$(pgrep -P $broker | head -1 || true); broker_java=${broker_java:-$broker}
cp -r examples/recsys "$work/project"; rm -rf "$work/project/data" "$work/project/warehouse" "$work/project/.millrace"
sed -i -E "s/^processing:.*$/processing: $guarantee/" "$work/project/streams/user_events.yaml"
# A broker is a long-running service: one started a moment ago compiles its request path (C2) during
# the first seconds of load, beside the job (~5 s of CPU in a 150,000-event run). BROKER_WARMUP=N
# (default 300000; 0 = none) first sends N events through it on another topic and reads them back.
warm=${BROKER_WARMUP:-300000}
if (( warm > 0 )); then
  ./millrace produce "$work/project" --events "$warm" --topic broker_warmup --partitions 2 \
    --bootstrap-servers "$bootstrap" --format json > "$work/warmup.json" 2> "$work/warmup.err"
  (cd benchmarks/baseline && /usr/bin/python3 stream_dicts_confluent.py "$bootstrap" broker_warmup "$warm" 5 > "$work/warmup-read.json")
  say "broker warm-up: $warm events produced and read back on topic broker_warmup; broker CPU so far $(proc_cpu "$broker_java") s"
fi
# JOB_WARMUP=N (default 0; 0 = none): before the measured pass, a whole pass of the same job at the
# same rate (N events; its own JVM, project name and topics renamed, so it shares no state, group or
# topic with the measured job), so that the broker has already served this job's traffic (idempotent
# producers, small batches, its three readers) as a broker in service has. The measured job's JVM
# starts cold either way; the warm-up pass's own latency is printed too.
jwarm=${JOB_WARMUP:-0}
if (( jwarm > 0 )); then
  cp -r "$work/project" "$work/warm"
  sed -i -E 's/^name: recsys$/name: recsys_warmup/' "$work/warm/millrace.yaml"
  sed -i -E 's/^topic: user_events$/topic: warm_events/; s/topic: user_events\.scores/topic: warm_events.scores/' \
    "$work/warm/streams/user_events.yaml"
  MILLRACE_JAVA_OPTS="${JOB_JAVA_OPTS-${MILLRACE_JAVA_OPTS:-}}" "$mr" stream "$work/warm" --job user_events \
    --bootstrap-servers "$bootstrap" --until-idle 3 --format json > "$work/warm-stream.json" 2> "$work/warm-stream.err" &
  wjob=$!
  for _ in $(seq 1 600); do grep -q "online store" "$work/warm-stream.err" 2>/dev/null && break; kill -0 $wjob || break; sleep 0.2; done
  MILLRACE_JAVA_OPTS="${PRODUCE_JAVA_OPTS-${MILLRACE_JAVA_OPTS:-}}" "$mr" produce "$work/warm" --job user_events \
    --events "$jwarm" --rate "$rate" --invalid-fraction 0.01 --bootstrap-servers "$bootstrap" --format json \
    > "$work/warm-produce.json" 2> "$work/warm-produce.err"
  wait $wjob || { say "FAILED: warm-up stream (see $work/warm-stream.err)"; tail -5 "$work/warm-stream.err"; exit 1; }
  wvalid=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print((d[0] if isinstance(d, list) else d)['outputs'])" "$work/warm-stream.json")
  say "job warm-up pass: $jwarm events at $rate/s through the same job on topic warm_events; its latency: $(/usr/bin/python3 benchmarks/baseline/output_latency.py "$bootstrap" warm_events.scores "$wvalid" "$skip" | cut -c1-200); broker CPU so far $(proc_cpu "$broker_java") s"
fi
# INPUT_APPEND_TIME=1: the input topic is created with log-append time, so the latency read back is
# from the input's arrival at the broker (the job's side only), not from the producer's send
if [[ -n ${INPUT_APPEND_TIME:-} ]]; then
  /usr/bin/python3 - "$bootstrap" <<'PY2'
import sys
from confluent_kafka.admin import AdminClient, NewTopic
admin = AdminClient({"bootstrap.servers": sys.argv[1]})   # kept: its futures fail once it is gone
futures = admin.create_topics([NewTopic("user_events", 2, 1, config={"message.timestamp.type": "LogAppendTime"})])
[f.result() for f in futures.values()]
PY2
  say "input topic user_events created with log-append time: latency counted from the input's arrival at the broker"
fi
thread_cpu "$broker_java" > "$work/broker.threads0"

MILLRACE_JAVA_OPTS="${JOB_JAVA_OPTS-${MILLRACE_JAVA_OPTS:-}}" /usr/bin/time -f "%e %U %S %M" -o "$work/stream.time" \
  "$mr" stream "$work/project" --job user_events --bootstrap-servers "$bootstrap" --until-idle 25 --format json \
  > "$work/stream.json" 2> "$work/stream.err" &
job=$!
# the job is running once it reports writing to the online store (printed after its topology started)
for _ in $(seq 1 600); do grep -q "online store" "$work/stream.err" 2>/dev/null && break; kill -0 $job || break; sleep 0.2; done
# JOB_SETTLE=S (default 0): wait S seconds after the job reports running before producing
sleep "${JOB_SETTLE:-0}"
broker_cpu0=$(proc_cpu "$broker_java")
MILLRACE_JAVA_OPTS="${PRODUCE_JAVA_OPTS-${MILLRACE_JAVA_OPTS:-}}" /usr/bin/time -f "%e %U %S %M" -o "$work/produce.time" \
  "$mr" produce "$work/project" --job user_events --events "$n" --rate "$rate" --invalid-fraction 0.01 \
  --bootstrap-servers "$bootstrap" --format json > "$work/produce.json" 2> "$work/produce.err"
broker_cpu1=$(proc_cpu "$broker_java")
sleep 2   # the job's last outputs; then its CPU by thread (it is idle until --until-idle ends)
job_java=$(pgrep -P $job | head -1 || true)
[[ -n $job_java ]] && thread_cpu "$job_java" > "$work/stream.threads"
thread_cpu "$broker_java" > "$work/broker.threads1"
awk -F= 'NR == FNR {a[$1] = $2; next} {d = $2 - a[$1]; if (d >= 0.05) printf "%s=%.2f\n", $1, d}' \
  "$work/broker.threads0" "$work/broker.threads1" > "$work/broker.threads"
wait $job || { say "FAILED: stream (see $work/stream.err)"; tail -5 "$work/stream.err"; exit 1; }
say "produce: $(tail -1 "$work/produce.json")"
say "stream: $(tail -1 "$work/stream.json")"
valid=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[0]['outputs'] if isinstance(json.load(open(sys.argv[1])), list) else json.load(open(sys.argv[1]))['outputs'])" "$work/stream.json")
say "latency (output append time - input send time): $(/usr/bin/python3 benchmarks/baseline/output_latency.py "$bootstrap" user_events.scores "$valid" "$skip")"
read -r pw pu ps pm < "$work/produce.time"; read -r jw ju js jm < "$work/stream.time"
say "cpu: job process ${ju}+${js} s (wall $jw s, peak RSS $((jm / 1024)) MB), producer ${pu}+${ps} s (wall $pw s), broker during produce $(python3 -c "print(round($broker_cpu1-$broker_cpu0,2))") s"
[[ -s $work/stream.threads ]] && say "job threads (cpu s, at the end of producing + 2 s): $(sort -t= -k2 -rn "$work/stream.threads" | head -12 | tr '\n' ' ')"
say "broker threads (cpu s from the job's start to the end of producing + 2 s): $(sort -t= -k2 -rn "$work/broker.threads" | head -10 | tr '\n' ' ')"
say "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
say "results: $out"
