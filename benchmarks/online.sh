#!/usr/bin/env bash
# Online store benchmark (issue 9, Performance): `millrace materialize` of 1M entities x 10 features
# into the embedded RocksDB store, then an incremental run after 1% of the entities changed, against
# two baselines in the same run on the same data:
#   - duckdb: the same latest-per-entity query written by DuckDB's COPY to a Parquet file
#     (`millrace sql`), i.e. the reduction alone, without a key-value store;
#   - pandas: sort + groupby().last() into a Python dict pickled to a file, under /usr/bin/python3
#     (Debian's python3-pandas), full and incremental (the dict loaded, the changed rows merged).
#   benchmarks/online.sh [ENTITIES]     (default 1000000; BENCH_DIVISOR=100 for a smoke run)
# Results: benchmarks/results/online-<time>.txt. Every process is timed whole (wall, peak RSS).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
div=${BENCH_DIVISOR:-1}
n=$(( ${1:-1000000} / div ))
changed=$(( n / 100 ))
work="$root/benchmarks/data/online"; rm -rf "$work"; mkdir -p "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/online-$(date -u +%Y%m%dT%H%M%SZ).txt"
source "$root/benchmarks/lib.sh"
timed_width=90

if ! /usr/bin/python3 -c "import pandas" 2>/dev/null; then
  apt-get install -y python3-pandas > "$work/apt.log" 2>&1 || { echo "cannot install python3-pandas (see $work/apt.log)"; exit 2; }
fi
./millrace --version > /dev/null   # build the CLI once, outside the timings
say "# Millrace online-store benchmark $(date -u +%FT%TZ): $n entities x 10 features, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

p="$work/p"; mkdir -p "$p/data" "$p/features" "$p/models"
echo "name: gen" > "$p/millrace.yaml"
# two versions per entity (the second one 1 h later, with a created tie on 1 in 10), 10 features:
# 4 doubles, 4 bigints, 1 string, 1 boolean; the 1% changes: a third, later version
cols="user_id, event_ts, created_ts,
  hash(i * 3) % 100000 / 100.0 AS f1, hash(i * 5) % 1000 / 10.0 AS f2, hash(i * 7) % 77 / 7.0 AS f3,
  hash(i * 11) % 1000000 / 1000.0 AS f4, CAST(hash(i * 13) % 1000 AS BIGINT) AS f5,
  CAST(hash(i * 17) % 100 AS BIGINT) AS f6, CAST(hash(i * 19) % 10 AS BIGINT) AS f7,
  CAST(hash(i * 23) % 100000 AS BIGINT) AS f8, 'segment_' || (hash(i * 29) % 20) AS f9, hash(i * 31) % 2 = 0 AS f10"
./millrace sql "$p" --write "COPY (SELECT $cols FROM (SELECT i, i % $n AS user_id,
    TIMESTAMP '2026-01-01' + to_seconds(CAST(hash(i % $n) % 80000 AS BIGINT) + (i // $n) * 3600) AS event_ts,
    TIMESTAMP '2026-01-01' + to_seconds(CAST(hash(i) % 80000 AS BIGINT) + 7200) AS created_ts
  FROM range(2 * $n) t(i))) TO '$p/data/base.csv' (HEADER)" > /dev/null
./millrace sql "$p" --write "COPY (SELECT $cols FROM (SELECT i, (i * 97) % $n AS user_id,
    TIMESTAMP '2026-01-02' + to_seconds(CAST(hash(i) % 3600 AS BIGINT)) AS event_ts,
    TIMESTAMP '2026-01-02 02:00:00' AS created_ts
  FROM range(3 * $n, 3 * $n + $changed) t(i))) TO '$p/data/changes.csv' (HEADER)" > /dev/null
cat > "$p/millrace.yaml" <<YAML
name: onlinebench
vars: {batch: data/base.csv}
sources:
  incoming:
    format: csv
    path: \${batch}
    columns: {user_id: bigint, event_ts: timestamp, created_ts: timestamp, f1: double, f2: double, f3: double,
              f4: double, f5: bigint, f6: bigint, f7: bigint, f8: bigint, f9: string, f10: boolean}
models:
  user_rows: {materialized: incremental}
YAML
echo "SELECT * FROM incoming" > "$p/models/user_rows.sql"
cat > "$p/features/users.yaml" <<YAML
views:
  users:
    entities: [user_id]
    source: user_rows
    timestamp: event_ts
    created: created_ts
    ttl: 30d
    features: [f1, f2, f3, f4, f5, f6, f7, f8, f9, f10]
    online: true
YAML
until="2026-01-03T00:00:00Z"
timed ingest ./millrace run "$p" --quiet
timed materialize_full ./millrace materialize "$p" --until "$until"
timed duckdb_copy ./millrace sql "$p" --write "COPY (SELECT * EXCLUDE (created_ts) FROM user_rows
    WHERE event_ts <= TIMESTAMP '2026-01-03' AND event_ts >= TIMESTAMP '2026-01-03' - INTERVAL 30 DAY
    QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY event_ts DESC, created_ts DESC NULLS LAST) = 1)
  TO '$p/latest.parquet' (FORMAT parquet)"
timed pandas_full /usr/bin/python3 benchmarks/baseline/materialize_pandas.py "$p/data/base.csv" "$work/store.pickle" \
  "2026-01-03" 720
say "store size: $(du -sh "$p/.millrace/online" | cut -f1) (RocksDB), $(du -sh "$work/store.pickle" | cut -f1) (pickle)"

# 1% of the entities change: an incremental append to the source, then incremental runs on both sides
timed ingest_changes ./millrace run "$p" --quiet --var batch=data/changes.csv
timed materialize_incremental ./millrace materialize "$p" --until "$until"
timed pandas_incremental /usr/bin/python3 benchmarks/baseline/materialize_pandas.py "$p/data/changes.csv" \
  "$work/store2.pickle" "2026-01-03" 720 "$work/store.pickle"
timed materialize_full_again ./millrace materialize "$p" --until "$until" --full

mf=$(wall materialize_full); mi=$(wall materialize_incremental); dc=$(wall duckdb_copy)
pf=$(wall pandas_full); pi=$(wall pandas_incremental)
say "entities/s full: millrace=$(python3 -c "print(round($n/$mf))") pandas=$(python3 -c "print(round($n/$pf))"); \
ratio pandas/millrace full=$(ratio "$pf" "$mf") incremental=$(ratio "$pi" "$mi"); \
millrace full/incremental=$(ratio "$mf" "$mi"); millrace/duckdb_copy=$(ratio "$mf" "$dc")"
say "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$p/warehouse" "$p/data"
