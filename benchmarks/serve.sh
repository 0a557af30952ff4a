#!/usr/bin/env bash
# Feature server latency (issue 9, Performance): `millrace serve` answering POST /get-online-features for
# 10 features of 1 random entity among 1M materialized in the embedded RocksDB store, at constant rates of
# 1k, 5k and 10k requests/s; p50/p90/p99/p99.9 measured from each request's scheduled start (open loop, no
# coordinated omission) by benchmarks' ConstantRateLoad over 32 keep-alive connections to 127.0.0.1.
# Baselines in the same run, same generator, same rates:
#   - GET /health on the same server: the floor of an HTTP round trip through Jetty/Javalin here;
#   - HMGET of the same 10 fields of a random key among 1M hashes in a private redis-server (a store
#     lookup over the loopback network with no HTTP, JSON or feature logic: what Feast's Redis store does
#     under its feature server).
# Plus POST /predict/buy at 1k rps: an XGBoost predictor (50 trees, depth 4) over 5 of the features, with a rule.
#   benchmarks/serve.sh [SECONDS]     (seconds per rate, default 20, after 3 s of warm-up)
# BENCH_REFRESH_MS=N passes --refresh-ms N to serve (how often its RocksDB reader catches up; default 100).
# Needs Java 17, Maven, redis-server and redis-cli (Debian: apt-get install redis-server). Every server it
# starts binds 127.0.0.1 and is stopped when the script exits. Results: benchmarks/results/serve-<time>.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
secs="${1:-20}"
rates=(${BENCH_RATES:-1000 5000 10000})
entities=${BENCH_ENTITIES:-1000000}
work="$root/benchmarks/data/serve"; rm -rf "$work"; mkdir -p "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/serve-$(date -u +%Y%m%dT%H%M%SZ).txt"
source "$root/benchmarks/lib.sh"
timed_width=80

command -v redis-server > /dev/null || apt-get install -y redis-server > "$work/apt.log" 2>&1 \
  || { echo "cannot install redis-server (see $work/apt.log)"; exit 2; }
./millrace --version > /dev/null   # build the CLI once, outside the timings
(cd benchmarks && mvn -B -o -q package -DskipTests) > "$work/build.log" 2>&1 \
  || { echo "cannot build benchmarks (see $work/build.log)"; exit 2; }
load() { java -Xmx512m -cp benchmarks/target/millrace-benchmarks-0.1.0-SNAPSHOT.jar \
  io.millrace.benchmarks.ConstantRateLoad "$@"; }
free_port() { python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done' EXIT

say "# Millrace feature server benchmark $(date -u +%FT%TZ): $entities entities x 10 features, ${secs}s per rate" \
  "after 3s warm-up, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. a project with one online view of 10 features over 1M entities, ingested and materialized
p="$work/p"; mkdir -p "$p/data" "$p/features"
echo "name: serve_bench" > "$p/millrace.yaml"
cols=$(for i in $(seq 1 10); do printf ', CAST(hash(i * %d) %% 100000 AS DOUBLE) / 100.0 AS f%d' "$i" "$i"; done)
./millrace sql "$p" --write "COPY (SELECT i AS user_id, TIMESTAMP '2024-01-01' + to_seconds(i % 86400) AS event_ts
  $cols FROM range($entities) t(i)) TO '$p/data/stats.csv' (HEADER)" > /dev/null
cat > "$p/millrace.yaml" <<YAML
name: serve_bench
sources:
  stats_rows:
    format: csv
    path: data/stats.csv
    columns: {user_id: bigint, event_ts: timestamp, f1: double, f2: double, f3: double, f4: double, f5: double,
              f6: double, f7: double, f8: double, f9: double, f10: double}
YAML
cat > "$p/features/stats.yaml" <<YAML
views:
  stats:
    entities: [user_id]
    source: stats_rows
    timestamp: event_ts
    features: [f1, f2, f3, f4, f5, f6, f7, f8, f9, f10]
    online: true
YAML
# a predictor over 5 of the features: 20k labelled rows (label: f1 + f2 above the median), XGBoost with rules
./millrace sql "$p" --write "COPY (SELECT CAST(hash(j) % $entities AS BIGINT) AS user_id,
  TIMESTAMP '2024-01-02' + to_seconds(j) AS event_timestamp, 0 AS label FROM range(20000) t(j))
  TO '$p/data/labels_raw.csv' (HEADER)" > /dev/null
./millrace sql "$p" --write "COPY (SELECT l.user_id, l.event_timestamp,
  CAST(s.f1 + s.f2 > 1000 AS INTEGER) AS label FROM read_csv('$p/data/labels_raw.csv') l
  JOIN read_csv('$p/data/stats.csv') s USING (user_id)) TO '$p/data/labels.csv' (HEADER)" > /dev/null
mkdir -p "$p/predictors"
cat > "$p/predictors/buy.yaml" <<YAML
name: buy
training_set: {entities: data/labels.csv, features: [stats:f1, stats:f2, stats:f3, stats:f4, stats:f5]}
label: label
task: classification
algorithm: xgboost
params: {max_depth: 4, rounds: 50}
rules:
  - {name: big_f1, when: "f1 > 990", reason: "f1 above 990", decision: review}
decisions:
  review: "score >= 0.5"
  approve: "true"
YAML
timed ingest ./millrace run "$p" --quiet
timed materialize ./millrace materialize "$p"
timed train ./millrace train "$p" --predictor buy

port=$(free_port)
./millrace serve "$p" --port "$port" --refresh-ms "${BENCH_REFRESH_MS:-100}" > "$work/serve.out" 2> "$work/serve.err" &
pids+=($!)
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/health" > /dev/null || { echo "the server did not start: $(cat "$work/serve.err")"; exit 1; }
features='"stats:f1","stats:f2","stats:f3","stats:f4","stats:f5","stats:f6","stats:f7","stats:f8","stats:f9","stats:f10"'
body="{\"features\":[$features],\"entities\":{\"user_id\":[%d]}}"
sample=$(curl -s -X POST "http://127.0.0.1:$port/get-online-features" -d "$(printf "$body" 4242)")
say "sample response: $(echo "$sample" | cut -c1-300)"
echo "$sample" | grep -q '"statuses":\["PRESENT"' || { say "FAILED: the sample lookup found nothing"; exit 1; }

# 2. a private Redis with the same 1M x 10 values as hashes
rport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --daemonize no > "$work/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do redis-cli -p "$rport" ping > /dev/null 2>&1 && break; sleep 0.1; done
python3 - "$entities" > "$work/redis.resp" <<'PY'
import sys
n = int(sys.argv[1])
out = sys.stdout
for i in range(n):
    args = [b"HSET", b"stats:%d" % i]
    for f in range(1, 11):
        args += [b"f%d" % f, b"%.2f" % ((i * f * 2654435761 % 100000) / 100.0)]
    out.write("*%d\r\n" % len(args))
    out.write("".join("$%d\r\n%s\r\n" % (len(a), a.decode()) for a in args))
PY
redis-cli -p "$rport" --pipe < "$work/redis.resp" > "$work/redis-load.log"
say "redis: $(redis-cli -p "$rport" dbsize) keys loaded"
rm -f "$work/redis.resp"
hmget="HMGET stats:%d f1 f2 f3 f4 f5 f6 f7 f8 f9 f10"

# 3. warm the server up (JIT) with 20 s of lookups and predictions, not recorded
load "http://127.0.0.1:$port/get-online-features" 500 15 "$entities" "$body" > /dev/null
load "http://127.0.0.1:$port/predict/buy" 200 5 "$entities" '{"entities":{"user_id":[%d]}}' > /dev/null

# 4. the same rates, interleaved per rate so the machine's load falls on all three alike
for r in "${rates[@]}"; do
  say "## $r requests/s, load $(cut -d' ' -f1-3 /proc/loadavg)"
  say "get-online-features  $(load "http://127.0.0.1:$port/get-online-features" "$r" "$secs" "$entities" "$body")"
  say "health (HTTP floor)  $(load "http://127.0.0.1:$port/health" "$r" "$secs" 1 GET)"
  say "redis HMGET x10      $(load "redis://127.0.0.1:$rport" "$r" "$secs" "$entities" "$hmget")"
done
say "sample prediction: $(curl -s -X POST "http://127.0.0.1:$port/predict/buy" -d '{"entities":{"user_id":[4242]}}' | cut -c1-300)"
say "## predict at 1000 requests/s, load $(cut -d' ' -f1-3 /proc/loadavg)"
say "predict/buy          $(load "http://127.0.0.1:$port/predict/buy" 1000 "$secs" "$entities" '{"entities":{"user_id":[%d]}}')"
say "health (HTTP floor)  $(load "http://127.0.0.1:$port/health" 1000 "$secs" 1 GET)"
say "server RSS: $(ps -o rss= -p "${pids[0]}" | awk '{printf "%d MB", $1/1024}'); load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
