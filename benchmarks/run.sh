#!/usr/bin/env bash
# Millrace benchmarks: every figure is reported next to a baseline measured in the same run.
#   benchmarks/run.sh [all|etl|load|engine|dag|validate|commit]    (default: all; ~10 minutes on 2 cores)
# Needs Java 17, Maven, /usr/bin/python3 with pandas (Debian: apt-get install python3-pandas) and sqlite3.
# Results: benchmarks/results/<time>.txt (not committed); copy the figures into BENCHMARKS.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
what="${1:-all}"
data="$root/benchmarks/data"; work="$data/work"; mkdir -p "$data" "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
say() { echo "$*" | tee -a "$out"; }
timed() { # timed LABEL CMD... -> prints "LABEL wall_s peak_rss_mb"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/$label.log" 2>&1 || { echo "FAILED: $label (see $work/$label.log)"; tail -20 "$work/$label.log"; exit 1; }
  read -r wall rss < "$work/time.txt"
  say "$(printf '%-28s wall_s=%-7s peak_rss_mb=%d' "$label" "$wall" $((rss / 1024)))"
}
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }

./millrace --version > /dev/null   # build the CLI once, outside the timings
mvn -B -q -Dstyle.color=never -DskipTests -pl benchmarks -am install > /dev/null
cp_jars="$root/millrace-cli/target/millrace.jar:$root/benchmarks/target/classes"
say "# Millrace benchmarks $(date -u +%FT%TZ) on $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GB"

project_copy() { # project_copy NAME -> a fresh copy of examples/sales-etl under $work
  rm -rf "$work/$1"; cp -r "$root/examples/sales-etl" "$work/$1"; rm -rf "$work/$1/warehouse" "$work/$1/.millrace" "$work/$1/data"
}

if [[ $what == all || $what == etl ]]; then
  say "## sales-etl, 1M rows, whole command (JVM start included) vs pandas + sqlite3"
  [[ -f $data/sales-1m.csv ]] || ./millrace generate sales --rows 1000000 --seed 1 --defects --out "$data/sales-1m.csv" > /dev/null
  for i in 1 2 3; do
    project_copy etl
    timed "millrace_run_$i" ./millrace run "$work/etl" --quiet --var input="$data/sales-1m.csv" --var sqlite_path="$work/etl.sqlite"
    rm -f "$work/pandas.sqlite"
    timed "pandas_$i" /usr/bin/python3 benchmarks/baseline/sales_etl_pandas.py "$data/sales-1m.csv" "$work/pandas.sqlite"
  done
  grep -E "^(total|node|  )" "$work/millrace_run_3.log" | head -40 >> "$out" || true
  m=$(grep -h millrace_run_ "$out" | awk '{split($2,a,"="); print a[2]}' | sort -n | sed -n 2p)
  p=$(grep -h "^pandas_" "$out" | awk '{split($2,a,"="); print a[2]}' | sort -n | sed -n 2p)
  say "median millrace_s=$m pandas_s=$p speedup=$(ratio "$p" "$m")"
  # the floor: SQLite's own bulk load (sqlite3 .import) of the same 1M-row sales_data
  sqlite3 -header -csv "$work/etl.sqlite" "select * from sales_data" > "$work/sales_data.csv"
  rm -f "$work/floor.sqlite"
  timed "sqlite3_import_floor" sqlite3 "$work/floor.sqlite" -cmd ".mode csv" ".import $work/sales_data.csv sales_data"
fi

if [[ $what == all || $what == load ]]; then
  say "## source load: the 1M-row sales CSV with strict types and rejects vs DuckDB's plain typed read_csv"
  [[ -f $data/sales-1m.csv ]] || ./millrace generate sales --rows 1000000 --seed 1 --defects --out "$data/sales-1m.csv" > /dev/null
  java -cp "$cp_jars" io.millrace.benchmarks.SourceLoadBench "$data/sales-1m.csv" | tee -a "$out"
fi

if [[ $what == all || $what == engine ]]; then
  say "## engine: sales-etl models at 10M rows into the warehouse (no export) vs DuckDB running the same SQL"
  [[ -f $data/sales-10m.csv ]] || ./millrace generate sales --rows 10000000 --seed 2 --out "$data/sales-10m.csv" > /dev/null
  project_copy engine
  python3 - "$work/engine/millrace.yaml" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
s = re.sub(r"\nexports:\n(  - .*\n)+", "\n", s)          # engine throughput: no export,
s = re.sub(r"\n    checks:\n(      - .*\n)+", "\n", s)    # and no checks (DuckDB runs none)
open(p, "w").write(s)
PY
  timed "duckdb_direct" java -cp "$cp_jars" io.millrace.benchmarks.DirectDuckDbSalesEtl "$data/sales-10m.csv" "$root/examples/sales-etl/models" "$work/direct"
  timed "millrace_engine" ./millrace run "$work/engine" --quiet --var input="$data/sales-10m.csv"
  d=$(awk '/duckdb_direct/{split($2,a,"="); print a[2]}' "$out" | tail -1)
  m=$(awk '/millrace_engine/{split($2,a,"="); print a[2]}' "$out" | tail -1)
  say "rows=10000000 millrace_rows_per_s=$(python3 -c "print(int(10e6/$m))") ratio_millrace_over_duckdb=$(ratio "$m" "$d")"
  cat "$work/duckdb_direct.log" >> "$out"
fi

if [[ $what == all || $what == dag ]]; then
  say "## orchestration overhead: DagExecutor vs a plain thread pool, no-op nodes"
  java -cp "$cp_jars" io.millrace.benchmarks.DagOverhead 1000 15 | tee -a "$out"
fi

if [[ $what == all || $what == validate ]]; then
  say "## validation: 10M rows x 10 columns, 20 expectations, 'millrace validate' end to end"
  [[ -f $data/wide-10m.parquet ]] || java -cp "$cp_jars" io.millrace.benchmarks.MakeWideParquet 10000000 "$data/wide-10m.parquet"
  for i in 1 2 3; do
    timed "validate20_$i" ./millrace validate "$data/wide-10m.parquet" --suite benchmarks/suites/validate20.yaml
  done
  v=$(grep -h "^validate20_" "$out" | awk '{split($2,a,"="); print a[2]}' | sort -n | sed -n 2p)
  say "median validate_s=$v rows_per_s=$(python3 -c "print(int(10e6/$v))")"
  say "## validation scaling in one JVM: planned scans vs one scan per expectation vs everything fused"
  java -cp "$cp_jars" io.millrace.benchmarks.ValidationScaling "$data/wide-10m.parquet" 3 \
    benchmarks/suites/validate1.yaml benchmarks/suites/validate10.yaml benchmarks/suites/validate20.yaml \
    benchmarks/suites/validate50.yaml | tee -a "$out"
fi
if [[ $what == all || $what == commit ]]; then
  say "## Iceberg commit latency on a local warehouse, per commit kind, vs writing + renaming one small file"
  java -cp "$cp_jars" io.millrace.benchmarks.CommitLatency 200 "$work/commit" | tee -a "$out"
fi
say "results: $out"
