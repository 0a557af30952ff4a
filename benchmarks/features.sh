#!/usr/bin/env bash
# Training-set benchmark (issue 9, Performance): `millrace training-set` against pandas merge_asof on
# the same data, in the same run. Per scale s: a feature view of s x 10M rows (s x 100k entities,
# ~100 versions each, ttl 24h, ties on event time decided by created) and s x 1M entity rows.
#   benchmarks/features.sh [SCALE ...]      (default: 1 2 4)
# Needs Java 17, Maven and Debian's python3-pandas under /usr/bin/python3 (installed with apt-get
# when missing). Results: benchmarks/results/features-<time>.txt. Every process is timed whole.
# Both sides read the same CSV files and write CSV; Millrace's view is first ingested into its
# warehouse by `millrace run` (timed separately: in a project the table is already there).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ $# -gt 0 ]]; then scales=("$@"); else scales=(1 2 4); fi
work="$root/benchmarks/data/features"; rm -rf "$work"; mkdir -p "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/features-$(date -u +%Y%m%dT%H%M%SZ).txt"
source "$root/benchmarks/lib.sh"
timed_width=60

if ! /usr/bin/python3 -c "import pandas" 2>/dev/null; then
  apt-get install -y python3-pandas > "$work/apt.log" 2>&1 || { echo "cannot install python3-pandas (see $work/apt.log)"; exit 2; }
fi
./millrace --version > /dev/null   # build the CLI once, outside the timings
say "# Millrace training-set benchmark $(date -u +%FT%TZ), scales ${scales[*]}, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

for s in "${scales[@]}"; do
  p="$work/p$s"; mkdir -p "$p/data" "$p/features"
  div=${BENCH_DIVISOR:-1}   # BENCH_DIVISOR=100: a quick smoke run on 1/100 of the data
  users=$((s * 100000 / div)); rows=$((s * 10000000 / div)); ents=$((s * 1000000 / div))
  echo "name: gen$s" > "$p/millrace.yaml"
  # view rows: user i % users, version v = i / users at hour v plus a jitter; versions 1, 11, 21, ...
  # repeat the previous version's event time (ties that created decides); entity rows: 1 in 11 has
  # an entity never seen
  ./millrace sql "$p" --write "COPY (SELECT user_id, TIMESTAMP '2024-01-01' + to_seconds(secs) AS event_ts,
      TIMESTAMP '2024-01-01' + to_seconds(secs + i // $users) AS created_ts, f1, f2
    FROM (SELECT i, i % $users AS user_id, CASE WHEN (i // $users) % 10 = 1
        THEN ((i - $users) // $users) * 3600 + CAST(hash(i - $users) % 3000 AS BIGINT)
        ELSE (i // $users) * 3600 + CAST(hash(i) % 3000 AS BIGINT) END AS secs,
      CAST(hash(i * 7) % 100000 AS BIGINT) / 100.0 AS f1, CAST(hash(i * 13) % 1000 AS BIGINT) AS f2
    FROM range($rows) t(i))) TO '$p/data/view.csv' (HEADER)" > /dev/null
  ./millrace sql "$p" --write "COPY (SELECT CAST(hash(j) % ($users * 11 // 10) AS BIGINT) AS user_id,
      TIMESTAMP '2024-01-01' + to_seconds(CAST(hash(j + 5) % (100 * 3600) AS BIGINT)) AS event_timestamp, j AS row_id,
      CAST(hash(j + 9) % 2 AS INTEGER) AS label
    FROM range($ents) t(j)) TO '$p/data/entities.csv' (HEADER)" > /dev/null
  cat > "$p/millrace.yaml" <<YAML
name: features$s
sources:
  view_rows:
    format: csv
    path: data/view.csv
    columns: {user_id: bigint, event_ts: timestamp, created_ts: timestamp, f1: double, f2: bigint}
YAML
  cat > "$p/features/stats.yaml" <<YAML
views:
  stats:
    entities: [user_id]
    source: view_rows
    timestamp: event_ts
    created: created_ts
    ttl: 24h
    features: [f1, f2]
YAML
  say "## scale $s: $ents entity rows x $rows view rows ($users entities), load $(cut -d' ' -f1-3 /proc/loadavg)"
  timed "ingest_x$s" ./millrace run "$p" --quiet
  timed "millrace_x$s" ./millrace training-set "$p" --entities "$p/data/entities.csv" --features stats:f1,stats:f2 \
    --out "$p/out_millrace.csv"
  timed "pandas_x$s" /usr/bin/python3 benchmarks/baseline/training_set_pandas.py "$p/data/view.csv" \
    "$p/data/entities.csv" "$p/out_pandas.csv" 24h
  # same rows, same order, same values (POSITIONAL JOIN compares row by row)
  diff=$(./millrace sql "$p" --format csv "SELECT format('{} of {} rows differ, {} with features',
      count(*) FILTER (WHERE m.row_id <> p.row_id OR m.f1 IS DISTINCT FROM p.f1
      OR CAST(m.f2 AS DOUBLE) IS DISTINCT FROM CAST(p.f2 AS DOUBLE)), count(*), count(m.f1))
    FROM read_csv('$p/out_millrace.csv') m POSITIONAL JOIN read_csv('$p/out_pandas.csv') p" | tail -1)
  say "check x$s: $diff"
  mw=$(wall "millrace_x$s"); pw=$(wall "pandas_x$s"); iw=$(wall "ingest_x$s")
  say "x$s entity rows/s: millrace=$(python3 -c "print(round($ents/$mw))") pandas=$(python3 -c "print(round($ents/$pw))") \
ratio pandas/millrace=$(python3 -c "print(f'{$pw/$mw:.2f}')") (with ingest: $(python3 -c "print(f'{$pw/($mw+$iw):.2f}')"))"
  rm -rf "$p/warehouse" "$p/data/view.csv"
done
say "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
