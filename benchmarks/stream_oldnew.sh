#!/usr/bin/env bash
# Two builds of `millrace stream` side by side on the same events, in one run (issue #6 speed work).
#   OLD=/path/to/old/checkout/millrace [NEW=./millrace] benchmarks/stream_oldnew.sh [EVENTS] [REPS] [GUARANTEES]
# (defaults: 200000 events, 3 repetitions, "at_least_once"; GUARANTEES e.g. "at_least_once exactly_once_v2")
# One standalone broker (the old build's `millrace kafka start`, 127.0.0.1). The events are produced
# once (`millrace produce`, 1% invalid, 2 partitions); then each repetition runs
# `millrace stream P --job user_events --from-beginning --until-idle 5` with each build, alternating
# which goes first, each time on a fresh copy of examples/recsys and after deleting every topic but
# the input (outputs, events, dead letters, changelogs), so both builds do the same work.
# Each repetition also times the Python confluent-kafka consumer loop (benchmarks/baseline) on the topic.
# Reported per run: wall, CPU of the stream process (user+sys) and of the broker during the run, events/s = EVENTS / (wall - 5 s idle),
# the job's own busy rate, the counts (in, dead-lettered, outputs, lake rows), and the load average.
# Results: benchmarks/results/stream-oldnew-<time>.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
n="${1:-200000}"; reps="${2:-3}"; guarantees="${3:-at_least_once}"
old="${OLD:?set OLD to the launcher of the other build}"; new="${NEW:-$root/millrace}"
work="$root/benchmarks/data/stream-oldnew"; rm -rf "$work"; mkdir -p "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/stream-oldnew-$(date -u +%Y%m%dT%H%M%SZ).txt"
source "$root/benchmarks/lib.sh"
py=/usr/bin/python3
$py -c "import confluent_kafka" 2>/dev/null || { echo "needs python3-confluent-kafka under /usr/bin/python3"; exit 2; }
"$old" --version > /dev/null; "$new" --version > /dev/null   # build both outside the timings
say "# stream old/new $(date -u +%FT%TZ), $n events, $reps reps, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
say "old=$old new=$new"
# the broker from the old build
port=$($py -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$old" kafka start --port "$port" --dir "$work/kafka" > "$work/broker.out" 2> "$work/broker.err" &
broker=$!
trap 'kill $broker 2>/dev/null; wait $broker 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do [[ -s $work/broker.out ]] && break; sleep 0.2; done
bootstrap=$(head -1 "$work/broker.out")
fresh() {   # fresh DIR: a clean copy of the recsys example
  rm -rf "$1"; cp -r examples/recsys "$1"; rm -rf "$1/data" "$1/warehouse" "$1/.millrace"
}
fresh "$work/producer"
"$old" produce "$work/producer" --job user_events --events "$n" --invalid-fraction 0.01 --partitions 2 \
  --bootstrap-servers "$bootstrap" --format json > "$work/produce.json" 2> "$work/produce.err"
say "produced: $(tail -1 "$work/produce.json" | cut -c1-200)"
clean_topics() {
  $py - "$bootstrap" <<'EOF'
import sys, time
from confluent_kafka.admin import AdminClient
a = AdminClient({"bootstrap.servers": sys.argv[1]})
ts = [t for t in a.list_topics(timeout=30).topics if t != "user_events" and not t.startswith("__")]
if ts:
    for f in a.delete_topics(ts, operation_timeout=30).values():
        f.result()
    for _ in range(100):   # deletion is asynchronous: wait until they are gone
        if not set(ts) & set(a.list_topics(timeout=30).topics): break
        time.sleep(0.2)
EOF
}
cat > "$work/row.py" <<'EOF'
import json, sys
f, label, wall, u, s, rss, n, l0, l1 = sys.argv[1:]
j = json.loads(open(f).read().strip().splitlines()[-1]); j = j[0] if isinstance(j, list) else j
wall, cpu = float(wall), float(u) + float(s)
print(f"{label:28s} wall={wall:6.1f}s cpu={cpu:6.1f}s eps_whole={int(n)/(wall-5):8.0f} busy_eps={j.get('throughput_eps', 0):8.0f} "
      f"in={j.get('events_in')} dead={j.get('dead_lettered')} out={j.get('outputs')} lake={j.get('lake_rows')} "
      f"p50={j.get('latency_p50_ms')} p99={j.get('latency_p99_ms')} rss={int(rss)//1024}MB load={l0}->{l1}")
EOF
broker_cpu() {   # the broker's CPU so far (user + system, clock ticks): it works for each run too
  awk '{ print $14 + $15 }' "/proc/$broker/stat"
}
one() {   # one BUILD GUARANTEE REP
  local label="$1-$2-$3" bin; [[ $1 == old ]] && bin=$old || bin=$new
  clean_topics
  fresh "$work/p-$label"
  sed -i -E "s/^processing:.*$/processing: $2/" "$work/p-$label/streams/user_events.yaml"
  local l0 b0; l0=$(cut -d' ' -f1 /proc/loadavg); b0=$(broker_cpu)
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$bin" stream "$work/p-$label" --job user_events \
    --bootstrap-servers "$bootstrap" --from-beginning --until-idle 5 --format json > "$work/$label.json" 2> "$work/$label.err" \
    || { say "FAILED $label: $(tail -3 "$work/$label.err")"; return; }
  read -r wall u s rss < "$work/time.txt"
  local l1 row; l1=$(cut -d' ' -f1 /proc/loadavg)
  row=$($py "$work/row.py" "$work/$label.json" "$label" "$wall" "$u" "$s" "$rss" "$n" "$l0" "$l1")
  say "$row broker_cpu=$($py -c "print(round(($(broker_cpu) - $b0) / $(getconf CLK_TCK), 1))")s"
}
confluent() {   # the Python confluent-kafka consumer loop (per-user dicts) over the same topic, whole command
  local l0 w; l0=$(cut -d' ' -f1 /proc/loadavg)
  (cd benchmarks/baseline && /usr/bin/time -f "%e" -o "$work/time.txt" $py stream_dicts_confluent.py "$bootstrap" user_events "$n" \
    > "$work/confluent.json" 2> "$work/confluent.err") || { say "FAILED confluent: $(tail -3 "$work/confluent.err")"; return; }
  w=$(cat "$work/time.txt")
  say "$(printf '%-28s wall=%6.1fs eps_whole=%8.0f load=%s->%s %s' "confluent-kafka-loop-$1" "$w" "$($py -c "print($n/$w)")" \
    "$l0" "$(cut -d' ' -f1 /proc/loadavg)" "$(cut -c1-120 "$work/confluent.json")")"
}
for r in $(seq 1 "$reps"); do
  confluent "$r"
  for g in $guarantees; do
    if (( r % 2 )); then one old "$g" "$r"; one new "$g" "$r"; else one new "$g" "$r"; one old "$g" "$r"; fi
  done
done
say "results: $out"
