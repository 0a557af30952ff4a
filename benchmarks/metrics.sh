#!/usr/bin/env bash
# /metrics latency with 100 tables and 1,000 checked columns (target: < 50 ms).
#   benchmarks/metrics.sh [TABLES] [COLUMNS_PER_TABLE] [SECONDS]     (default 100 10 15)
# Builds a project of TABLES models of COLUMNS_PER_TABLE columns, each with a check suite (so every
# column has a null fraction and every table a quality score), runs it once, starts `millrace serve`
# and scrapes /metrics over one keep-alive connection for SECONDS (the state gauges are recomputed in
# the background every 5 s meanwhile). Baseline in the same run, same server, same client: GET /health.
# Results: benchmarks/results/metrics-<time>.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
tables="${1:-100}"; cols="${2:-10}"; seconds="${3:-15}"
work="$root/benchmarks/data/metrics"; rm -rf "$work"; mkdir -p "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/metrics-$(date -u +%Y%m%dT%H%M%SZ).txt"
source "$root/benchmarks/lib.sh"

./millrace --version > /dev/null   # build the CLI once, outside the timings
say "# /metrics benchmark $(date -u +%FT%TZ): $tables tables x $cols columns, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

p="$work/project"; mkdir -p "$p/models" "$p/checks"
echo "name: metricsbench" > "$p/millrace.yaml"
echo "models:" >> "$p/millrace.yaml"
select=$(python3 -c "print(', '.join(f'CASE WHEN i % {c + 2} = 0 THEN NULL ELSE i END AS c{c}' for c in range($cols)))")
for t in $(seq -w 1 "$tables"); do
  echo "SELECT $select FROM range(100) r(i)" > "$p/models/t$t.sql"
  echo "  t$t: {checks: checks/t$t.yaml}" >> "$p/millrace.yaml"
  printf 'name: t%s\nexpectations:\n  - expect_table_row_count_to_be_between: {min_value: 1}\n' "$t" > "$p/checks/t$t.yaml"
done
timed run ./millrace run "$p" --quiet

port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
./millrace serve "$p" --port "$port" > "$work/serve.out" 2> "$work/serve.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q serving "$work/serve.out" 2>/dev/null && break; sleep 0.2; done
grep -q serving "$work/serve.out" || { echo "the server did not start: $(cat "$work/serve.err")"; exit 1; }

/usr/bin/python3 - "$port" "$seconds" <<'PY' | tee -a "$out"
import http.client, sys, time, statistics
port, seconds = int(sys.argv[1]), float(sys.argv[2])
conn = http.client.HTTPConnection("127.0.0.1", port)
def get(path):
    t = time.perf_counter()
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    assert r.status == 200, (path, r.status)
    return (time.perf_counter() - t) * 1000, body
cold, body = get("/metrics")
lines = [l for l in body.decode().splitlines() if l and not l.startswith("#")]
cols = sum(1 for l in lines if l.startswith("millrace_column_null_fraction{"))
tables = sum(1 for l in lines if l.startswith("millrace_table_freshness_seconds{"))
print(f"first scrape (computes every gauge): {cold:.1f} ms, {len(body)} bytes, {len(lines)} samples, "
      f"{tables} tables with freshness, {cols} columns with null fraction")
def loop(path):
    ms = []
    end = time.perf_counter() + seconds / 2
    while time.perf_counter() < end:
        ms.append(get(path)[0])
    ms.sort()
    return ms
for path in ("/health", "/metrics", "/health", "/metrics"):   # interleaved halves: same machine load
    ms = loop(path)
    q = lambda f: ms[min(len(ms) - 1, int(f * len(ms)))]
    print(f"{path:9s} n={len(ms):5d} p50={q(0.5):.2f} ms p99={q(0.99):.2f} ms max={ms[-1]:.2f} ms mean={statistics.mean(ms):.2f} ms")
PY
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
