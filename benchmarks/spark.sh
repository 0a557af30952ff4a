#!/usr/bin/env bash
# Spark engine vs DuckDB (BENCHMARKS.md, Spark section): the sales-etl example (check suites left out:
# quality on Spark is separate work) at ROWS rows, whole `millrace run` commands on DuckDB, Spark
# local[2] and Spark local[1] (each on its own copy with the same generated CSV); then the plan-time
# check of 100 models (make_project.py flat) on Spark: `millrace plan`, cold (plan cache empty).
#   benchmarks/spark.sh [ROWS]        (default 1000000; 10000000 for the issue's figure)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rows="${1:-1000000}"
work="$root/benchmarks/data/work/spark"; rm -rf "$work"; mkdir -p "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/spark-$(date -u +%Y%m%dT%H%M%SZ).txt"
source benchmarks/lib.sh
./millrace --version > /dev/null
say "# spark benchmark $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), rows=$rows"

copy() {   # copy NAME ENGINE_LINE
  local p="$work/$1"
  mkdir -p "$p"
  cp -r examples/sales-etl/models "$p/"
  # the example's millrace.yaml without its check suites, with the engine line given
  awk -v eng="$2" '
    /^[ ]+checks:/ { drop = 1; n = match($0, /[^ ]/); next }
    drop && (match($0, /[^ ]/) > n) { next }
    { drop = 0; print }
    END { if (eng != "") print eng }' examples/sales-etl/millrace.yaml > "$p/millrace.yaml"
}
copy duck ""
copy spark2 'engine: {type: spark, master: "local[2]"}'
copy spark1 'engine: {type: spark, master: "local[1]"}'
# the data once (DuckDB's generator), shared by the three copies
./millrace generate sales --out "$work/data/sales.csv" --rows "$rows" --defects > /dev/null 2>&1
for p in duck spark2 spark1; do rm -rf "$work/$p/.millrace" "$work/$p/warehouse"; done
# warm the Spark build and class path once (not timed)
./millrace sql "$work/spark2" "select 1" > /dev/null 2>&1 || true
timed duckdb ./millrace run "$work/duck" --quiet --var input="$work/data/sales.csv"
timed spark_local2 ./millrace run "$work/spark2" --quiet --var input="$work/data/sales.csv"
timed spark_local1 ./millrace run "$work/spark1" --quiet --var input="$work/data/sales.csv"
say "spark local[2] / duckdb: $(ratio "$(wall spark_local2)" "$(wall duckdb)")x"
say "spark local[1] / local[2]: $(ratio "$(wall spark_local1)" "$(wall spark_local2)")x"
# Spark's start-up alone: a one-row query through the CLI
timed spark_startup ./millrace sql "$work/spark2" "select 1 as x"
# plan-time check of 100 models on Spark
python3 benchmarks/make_project.py "$work/plan100" flat 100 > /dev/null
echo 'engine: {type: spark, master: "local[2]"}' >> "$work/plan100/millrace.yaml"
timed spark_plan_100 ./millrace plan "$work/plan100"
python3 benchmarks/make_project.py "$work/plan100duck" flat 100 > /dev/null
timed duckdb_plan_100 ./millrace plan "$work/plan100duck"
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
