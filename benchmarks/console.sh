#!/usr/bin/env bash
# Console render times, server side: `millrace serve` on 127.0.0.1, whole HTTP requests timed by curl
# (time_total: connect, request, render, transfer; curl's own start is outside it).
#   benchmarks/console.sh [REQUESTS]     (default 50 requests per page, after 20 warm-up requests)
# Pages: the runs page with 10,000 runs in the store (first page, a page 9,000 runs deep, filtered by
# state) and the run page of a 1,000-node run, each with its JSON twin. Baseline in the same run:
# GET /health on the same server (the HTTP floor); ratios are page / health medians.
# The 1,000-node run is real (`millrace run` of 1,000 chained view models from make_project.py); the
# other 9,999 runs are copies of its run record with new ids and earlier start times.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-50}
work=$(mktemp -d -t millrace-console-bench.XXXXXX)
out=$work/console.txt
source benchmarks/lib.sh
mr=./millrace
"$mr" --version > /dev/null   # builds outside the timings

say "## console: load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $n requests per page"
p=$work/chain1000
python3 benchmarks/make_project.py "$p" chain 1000
timed run_chain1000 "$mr" run "$p" --quiet
python3 - "$p/.millrace/runs.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
cols = [r[1] for r in db.execute("PRAGMA table_info(millrace_runs)")]
row = dict(zip(cols, db.execute("SELECT * FROM millrace_runs ORDER BY started_at DESC LIMIT 1").fetchone()))
copies = []
for i in range(1, 10000):
    r = dict(row)
    r["run_id"] = "copy-%05d" % i
    r["started_at"] = row["started_at"] - i * 60_000
    r["ended_at"] = (row["ended_at"] or row["started_at"]) - i * 60_000
    r["state"] = "FAILED" if i % 10 == 0 else "SUCCESS"
    copies.append(tuple(r[c] for c in cols))
db.executemany("INSERT INTO millrace_runs (%s) VALUES (%s)" % (",".join(cols), ",".join("?" * len(cols))), copies)
db.commit()
print(db.execute("SELECT count(*) FROM millrace_runs").fetchone()[0], "runs;",
      db.execute("SELECT count(*) FROM millrace_attempts WHERE run_id = ?", (row["run_id"],)).fetchone()[0],
      "attempts in the real run")
PY
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$mr" serve "$p" --port "$port" > "$work/serve.out" 2> "$work/serve.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 1 600); do curl -sf "$base/health" > /dev/null && break; sleep 0.2; done
run=$(curl -sf "$base/api/runs?limit=1" | python3 -c "import json,sys; print(json.load(sys.stdin)['runs'][0]['runId'])")
deep=$(curl -sf "$base/api/runs?limit=1000&after=copy-08000" | python3 -c "import json,sys; print(json.load(sys.stdin)['runs'][-1]['runId'])")
say "run page of $run: $(curl -sf "$base/api/runs/$run" | python3 -c "import json,sys; d=json.load(sys.stdin); print(len(d['nodes']), 'nodes,', len(d['criticalPath']), 'on the critical path')"); HTML $(curl -sf "$base/runs/$run" | wc -c) bytes"

# median and 95th percentile of time_total over $n requests, in ms
measure() {
  local label=$1 path=$2
  for _ in $(seq 1 20); do curl -sf -o /dev/null "$base$path"; done
  for _ in $(seq 1 "$n"); do curl -sf -o /dev/null -w "%{time_total}\n" "$base$path"; done > "$work/$label.times"
  python3 - "$label" "$path" "$work/$label.times" <<'PY' | tee -a "$out"
import statistics, sys
t = sorted(float(x) * 1000 for x in open(sys.argv[3]))
print(f"{sys.argv[1]:<22} median_ms={statistics.median(t):.1f} p95_ms={t[int(len(t) * 0.95) - 1]:.1f} max_ms={t[-1]:.1f}  {sys.argv[2][:60]}")
PY
}
med() { awk -v l="$1" '$1==l {split($2,a,"="); print a[2]}' "$out" | tail -1; }
measure health /health
measure runs_page /runs
measure runs_page_json /api/runs
measure runs_page_9000_deep "/runs?after=$deep"
measure runs_failed "/runs?state=failed"
measure run_page_1000 "/runs/$run"
measure run_page_1000_json "/api/runs/$run"
measure lineage_1000 /lineage
say "ratios to /health: runs $(ratio "$(med runs_page)" "$(med health)"), runs 9000 deep $(ratio "$(med runs_page_9000_deep)" "$(med health)"), run page 1000 nodes $(ratio "$(med run_page_1000)" "$(med health)")"
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results: $out"
