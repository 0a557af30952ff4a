#!/usr/bin/env bash
# Millrace benchmarks: every figure is reported next to a baseline measured in the same run.
#   benchmarks/run.sh [all|etl|load|engine|dag|validate|commit|plan|nodes|memory]    (default: all; ~20 minutes on 2 cores)
# MILLRACE_BIN=/path/to/other/checkout/millrace runs the plan, nodes and memory cases with another build
# (e.g. the previous release) to put old figures beside new ones; benchmarks/oldnew.py runs both builds
# alternately in one run (the figures in BENCHMARKS.md section 8).
# MILLRACE_OLD=/path/to/other/checkout (built: millrace-cli and benchmarks packaged) adds that build's
# runs to the etl, engine and commit cases, interleaved with this build's: old and new side by side.
# Needs Java 17, Maven, /usr/bin/python3; Debian's python3-pandas and sqlite3 are installed with apt-get when missing.
# Results: benchmarks/results/<time>.txt (not committed); copy the figures into BENCHMARKS.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
what="${1:-all}"
data="$root/benchmarks/data"; work="$data/work"; mkdir -p "$data" "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
say() { echo "$*" | tee -a "$out"; }
timed() { # timed LABEL CMD... -> prints "LABEL wall_s peak_rss_mb cpu_s" (cpu: user + system, all threads)
  local label=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@" > "$work/$label.log" 2>&1 || { echo "FAILED: $label (see $work/$label.log)"; tail -20 "$work/$label.log"; exit 1; }
  read -r wall rss user sys < "$work/time.txt"
  say "$(printf '%-28s wall_s=%-7s peak_rss_mb=%-5d cpu_s=%s' "$label" "$wall" $((rss / 1024)) "$(python3 -c "print(f'{$user+$sys:.2f}')")")"
}
cpu() { awk -v l="$1" '$1 == l {for (i = 2; i <= NF; i++) if ($i ~ /^cpu_s=/) {split($i,a,"="); print a[2]}}' "$out" | tail -1; }   # cpu() LABEL -> seconds
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
wall() { awk -v l="$1" '$1 == l {split($2,a,"="); print a[2]}' "$out" | tail -1; }   # wall() LABEL -> seconds
mr="${MILLRACE_BIN:-$root/millrace}"
old="${MILLRACE_OLD:-}"
[[ -z $old ]] || "$old/millrace" --version > /dev/null
# the baselines: Debian's pandas and sqlite3 under /usr/bin (a fresh machine has neither)
if ! /usr/bin/python3 -c "import pandas" 2>/dev/null || ! command -v sqlite3 > /dev/null; then
  apt-get install -y python3-pandas sqlite3 > "$work/apt.log" 2>&1 || { echo "cannot install python3-pandas sqlite3 (see $work/apt.log)"; exit 2; }
fi

./millrace --version > /dev/null   # build the CLI once, outside the timings
mvn -B -q -Dstyle.color=never -DskipTests -pl benchmarks -am package > /dev/null
cp_jars="$root/millrace-cli/target/millrace.jar:$root/benchmarks/target/classes"
say "# Millrace benchmarks $(date -u +%FT%TZ) on $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GB"

project_copy() { # project_copy NAME -> a fresh copy of examples/sales-etl under $work
  rm -rf "$work/$1"; cp -r "$root/examples/sales-etl" "$work/$1"; rm -rf "$work/$1/warehouse" "$work/$1/.millrace" "$work/$1/data"
}

engine_project() { # engine_project NAME -> sales-etl under $work without exports and checks
  project_copy "$1"
  python3 - "$work/$1/millrace.yaml" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
s = re.sub(r"\nexports:\n(  - .*\n)+", "\n", s)          # engine throughput: no export,
s = re.sub(r"\n    checks:\n(      - .*\n)+", "\n", s)    # and no checks (DuckDB runs none)
open(p, "w").write(s)
PY
}

if [[ $what == all || $what == etl ]]; then
  say "## sales-etl, 1M rows, whole command (JVM start included) vs pandas + sqlite3"
  [[ -f $data/sales-1m.csv ]] || ./millrace generate sales --rows 1000000 --seed 1 --defects --out "$data/sales-1m.csv" > /dev/null
  for i in 1 2 3; do
    project_copy etl
    timed "millrace_run_$i" ./millrace run "$work/etl" --quiet --var input="$data/sales-1m.csv" --var sqlite_path="$work/etl.sqlite"
    if [[ -n $old ]]; then
      project_copy etl_old
      timed "old_millrace_run_$i" "$old/millrace" run "$work/etl_old" --quiet --var input="$data/sales-1m.csv" --var sqlite_path="$work/etl_old.sqlite"
    fi
    rm -f "$work/pandas.sqlite"
    timed "pandas_$i" /usr/bin/python3 benchmarks/baseline/sales_etl_pandas.py "$data/sales-1m.csv" "$work/pandas.sqlite"
  done
  grep -E "^(total|node|Time by phase|Startup|  )" "$work/millrace_run_3.log" | head -40 >> "$out" || true
  m=$(grep -h "^millrace_run_" "$out" | awk '{split($2,a,"="); print a[2]}' | sort -n | sed -n 2p)
  p=$(grep -h "^pandas_" "$out" | awk '{split($2,a,"="); print a[2]}' | sort -n | sed -n 2p)
  say "median millrace_s=$m pandas_s=$p speedup=$(ratio "$p" "$m") load=$(cut -d' ' -f1-3 /proc/loadavg)"
  mc=$(for i in 1 2 3; do cpu "millrace_run_$i"; done | sort -n | sed -n 2p)
  pc=$(for i in 1 2 3; do cpu "pandas_$i"; done | sort -n | sed -n 2p)
  say "median cpu millrace_cpu_s=$mc pandas_cpu_s=$pc cpu_ratio=$(ratio "$pc" "$mc")"
  if [[ -n $old ]]; then
    grep -E "^(total|Time by phase|Startup)" "$work/old_millrace_run_3.log" | sed 's/^/old: /' >> "$out" || true
    o=$(grep -h "^old_millrace_run_" "$out" | awk '{split($2,a,"="); print a[2]}' | sort -n | sed -n 2p)
    say "median old_millrace_s=$o old_speedup=$(ratio "$p" "$o")"
    oc=$(for i in 1 2 3; do cpu "old_millrace_run_$i"; done | sort -n | sed -n 2p)
    say "median cpu old_millrace_cpu_s=$oc cpu_ratio_old=$(ratio "$pc" "$oc")"
  fi
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
  engine_project engine
  timed "duckdb_direct" java -cp "$cp_jars" io.millrace.benchmarks.DirectDuckDbSalesEtl "$data/sales-10m.csv" "$root/examples/sales-etl/models" "$work/direct"
  timed "millrace_engine" ./millrace run "$work/engine" --quiet --var input="$data/sales-10m.csv"
  grep -E "^(total|Time by phase|Startup)" "$work/millrace_engine.log" >> "$out" || true
  d=$(awk '$1 == "duckdb_direct" {split($2,a,"="); print a[2]}' "$out" | tail -1)
  m=$(awk '$1 == "millrace_engine" {split($2,a,"="); print a[2]}' "$out" | tail -1)
  say "rows=10000000 millrace_rows_per_s=$(python3 -c "print(int(10e6/$m))") ratio_millrace_over_duckdb=$(ratio "$m" "$d") load=$(cut -d' ' -f1-3 /proc/loadavg)"
  if [[ -n $old ]]; then
    engine_project engine_old
    timed "old_millrace_engine" "$old/millrace" run "$work/engine_old" --quiet --var input="$data/sales-10m.csv"
    grep -E "^(total|Time by phase|Startup)" "$work/old_millrace_engine.log" | sed 's/^/old: /' >> "$out" || true
    timed "duckdb_direct_2" java -cp "$cp_jars" io.millrace.benchmarks.DirectDuckDbSalesEtl "$data/sales-10m.csv" "$root/examples/sales-etl/models" "$work/direct"
    o=$(awk '$1 == "old_millrace_engine" {split($2,a,"="); print a[2]}' "$out" | tail -1)
    d2=$(awk '$1 == "duckdb_direct_2" {split($2,a,"="); print a[2]}' "$out" | tail -1)
    say "ratio_old_millrace_over_duckdb=$(ratio "$o" "$d2") (against the second DuckDB run, right after it)"
  fi
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
  say "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -cp "$cp_jars" io.millrace.benchmarks.CommitLatency 200 "$work/commit" | tee -a "$out"
  if [[ -n $old ]]; then
    java -cp "$old/millrace-cli/target/millrace.jar:$old/benchmarks/target/classes" io.millrace.benchmarks.CommitLatency 200 \
      "$work/commit_old" | sed 's/^/old: /' | tee -a "$out"
    java -cp "$cp_jars" io.millrace.benchmarks.CommitLatency 200 "$work/commit" | sed 's/^/new again: /' | tee -a "$out"
  fi
  say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
if [[ $what == all || $what == plan ]]; then
  say "## planning: 'millrace plan' of 10 vs 1,000 trivial view models, whole command (JVM start included)"
  "$mr" --version > /dev/null   # builds (and trains class data sharing) outside the timings
  for shape in flat chain; do for n in 10 1000; do
    rm -rf "$work/$shape$n"; python3 benchmarks/make_project.py "$work/$shape$n" "$shape" "$n"
  done; done
  for i in 1 2 3; do timed "jvm_start_$i" "$mr" --version; done
  timed plan_flat10 "$mr" plan "$work/flat10"
  timed plan_flat1000 "$mr" plan "$work/flat1000"
  timed plan_chain10 "$mr" plan "$work/chain10"
  timed plan_chain1000 "$mr" plan "$work/chain1000"
  timed replan_flat1000 "$mr" plan "$work/flat1000"       # unchanged project: the plan cache answers
  echo "-- changed" >> "$work/flat1000/models/m00500.sql"
  timed replan_flat1000_one_changed "$mr" plan "$work/flat1000"
  j=$(grep -h "^jvm_start_" "$out" | awk '{split($2,a,"="); print a[2]}' | sort -n | sed -n 2p)
  say "plan_ms_per_model flat=$(python3 -c "print(f'{($(wall plan_flat1000)-$(wall plan_flat10))/990*1000:.2f}')")" \
      "chain=$(python3 -c "print(f'{($(wall plan_chain1000)-$(wall plan_chain10))/990*1000:.2f}')")" \
      "replan_beyond_jvm_start_s=$(python3 -c "print(f'{$(wall replan_flat1000)-$j:.2f}')") jvm_start_s=$j"
  say "plan_cpu_ms_per_model flat=$(python3 -c "print(f'{($(cpu plan_flat1000)-$(cpu plan_flat10))/990*1000:.2f}')")" \
      "chain=$(python3 -c "print(f'{($(cpu plan_chain1000)-$(cpu plan_chain10))/990*1000:.2f}')")" \
      "load=$(cut -d' ' -f1-3 /proc/loadavg)"
fi

if [[ $what == all || $what == nodes ]]; then
  say "## fixed cost per node: 'millrace run' (plan included) of 10 vs 1,000 nodes, whole command"
  "$mr" --version > /dev/null
  for spec in "dag 10" "dag 1000" "flat 10" "flat 1000" "table 2 1000" "table 22 1000"; do
    set -- $spec; name="$1$2"
    rm -rf "$work/run_$name"; python3 benchmarks/make_project.py "$work/run_$name" "$@"
    timed "run_$name" "$mr" run "$work/run_$name" --quiet
  done
  rm -rf "$work/run_dag1000/warehouse"   # again from scratch, with the plan cache of the first run
  timed rerun_dag1000 "$mr" run "$work/run_dag1000" --quiet
  say "run_ms_per_node random_view_dag=$(python3 -c "print(f'{($(wall run_dag1000)-$(wall run_dag10))/990*1000:.2f}')")" \
      "random_view_dag_plan_cached=$(python3 -c "print(f'{($(wall rerun_dag1000)-$(wall run_dag10))/990*1000:.2f}')")" \
      "flat_views=$(python3 -c "print(f'{($(wall run_flat1000)-$(wall run_flat10))/990*1000:.2f}')")" \
      "table_on_1000_rows=$(python3 -c "print(f'{($(wall run_table22)-$(wall run_table2))/20*1000:.1f}')")"
  # the same in CPU time (user + system): less sensitive to other work on the machine than wall time
  say "run_cpu_ms_per_node random_view_dag=$(python3 -c "print(f'{($(cpu run_dag1000)-$(cpu run_dag10))/990*1000:.2f}')")" \
      "random_view_dag_plan_cached=$(python3 -c "print(f'{($(cpu rerun_dag1000)-$(cpu run_dag10))/990*1000:.2f}')")" \
      "flat_views=$(python3 -c "print(f'{($(cpu run_flat1000)-$(cpu run_flat10))/990*1000:.2f}')")" \
      "load=$(cut -d' ' -f1-3 /proc/loadavg)"
fi

if [[ $what == all || $what == memory ]]; then
  say "## memory: sales-etl models at 10M rows (no export), peak RSS with DuckDB's default limit and with engine.memory limits"
  "$mr" --version > /dev/null
  [[ -f $data/sales-10m.csv ]] || "$mr" generate sales --rows 10000000 --seed 2 --out "$data/sales-10m.csv" > /dev/null
  for limit in default 1GB ${MEMORY_LOW:-256MB}; do
    name="mem_$limit"
    engine_project "$name"
    [[ $limit == default ]] || printf 'engine: {memory: %s}\n' "$limit" >> "$work/$name/millrace.yaml"
    # while the run lasts, sample the spill folder (DuckDB's temp_directory, emptied when the engine closes)
    spill="$work/$name/.millrace/spill"
    ( set +e +o pipefail; peak=0; files=0
      while [[ ! -f $work/$name.done ]]; do
        kb=$(du -sk "$spill" 2>/dev/null | cut -f1); kb=${kb:-0}; (( kb > peak )) && peak=$kb
        n=$(find "$spill" -type f 2>/dev/null | wc -l); (( n > files )) && files=$n
        sleep 0.2
      done
      echo "$peak $files" > "$work/$name.spill" ) &
    sampler=$!
    rm -f "$work/$name.done"
    timed "$name" "$mr" run "$work/$name" --quiet --var input="$data/sales-10m.csv"
    touch "$work/$name.done"; wait "$sampler"; rm -f "$work/$name.done"
    read -r peak files < "$work/$name.spill" || { peak=0; files=0; }
    say "$(printf '%-28s spill_peak_mb=%d spill_files_peak=%d load=%s' "$name" $((peak / 1024)) "$files" "$(cut -d' ' -f1-3 /proc/loadavg)")"
    grep -E "^(total|Time by phase)" "$work/$name.log" >> "$out" || true
  done
fi

say "results: $out"
