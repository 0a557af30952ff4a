#!/usr/bin/env bash
# Shared-catalog benchmark (issue 11, Performance: "Concurrent commits"): commits per second to ONE
# table from two OS processes at once through Iceberg's JDBC catalog (PostgreSQL), against one process
# alone, and against the local (file) catalog with one and two processes, in the same run.
#   benchmarks/catalog.sh [COMMITS_PER_PROCESS]        (default 100)
# Two kinds of commit, each of a one-row Parquet file written beforehand: an interval (an append with
# a replace tag, as a scheduled incremental model commits it: validated against concurrent writers, so
# a conflict means planning again) and a plain append (as a stream job commits: Iceberg re-applies it); only the commits are timed, from the moment all
# writers start together (a go file) to the last commit. Needs Java 17, Maven and PostgreSQL on
# 127.0.0.1:5432 (db test, user postgres, trust auth; PG_URL overrides). Results:
# benchmarks/results/catalog-<time>.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
n="${1:-100}"
pg="${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}"
work="$root/benchmarks/data/catalog"; rm -rf "$work"; mkdir -p "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/catalog-$(date -u +%Y%m%dT%H%M%SZ).txt"
source "$root/benchmarks/lib.sh"

./millrace --version > /dev/null   # build the CLI once, outside the timings
mvn -B -q -Dstyle.color=never -DskipTests -pl benchmarks -am package > /dev/null
cp_jars="$root/millrace-cli/target/millrace.jar:$root/benchmarks/target/classes"
schema="bench_catalog_$$_$(date +%s)"
psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE SCHEMA $schema" > /dev/null
trap 'psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE" > /dev/null 2>&1 || true' EXIT
uri="$pg?currentSchema=$schema"

say "# Millrace shared-catalog benchmark $(date -u +%FT%TZ), $n commits per process, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# case LABEL KIND PROCESSES MODE -> "LABEL processes=P commits=C seconds=S commits_per_s=R replans=X"
case_run() {
  local label=$1 kind=$2 procs=$3 mode=$4 dir="$work/$1" go="$work/$1/go"
  mkdir -p "$dir"
  local pids=()
  for id in $(seq 1 "$procs"); do
    java -Xmx256m -cp "$cp_jars" io.millrace.benchmarks.CatalogCommits "$kind" "$uri" "$dir/wh" "bench" \
      "bench_$schema" "t_$label" "$id" "$n" "$go" "$mode" > "$dir/out-$id" 2> "$dir/err-$id" &
    pids+=($!)
  done
  for id in $(seq 1 "$procs"); do
    for _ in $(seq 1 3000); do [[ -f $go.ready-$id ]] && break; sleep 0.05; done
    [[ -f $go.ready-$id ]] || { say "FAILED: $label writer $id not ready: $(tail -3 "$dir/err-$id")"; exit 1; }
  done
  touch "$go"
  for pid in "${pids[@]}"; do wait "$pid" || { say "FAILED: $label: $(tail -3 "$dir"/err-*)"; exit 1; }; done
  say "$(python3 - "$label" "$procs" "$dir" <<'PY'
import re, sys, glob
label, procs, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = [dict(re.findall(r'(\w+)=([\d.]+)', open(f).read().strip().splitlines()[-1])) for f in sorted(glob.glob(d + '/out-*'))]
commits = sum(int(r['commits']) for r in rows)
secs = (max(int(r['to']) for r in rows) - min(int(r['from']) for r in rows)) / 1000
print(f"{label:<14} processes={procs} commits={commits} seconds={secs:.2f} commits_per_s={commits/secs:.1f} "
      f"replans={sum(int(r['replans']) for r in rows)}")
PY
)"
}

rate() { awk -v l="$1" '$1==l {for (i=2;i<=NF;i++) if ($i ~ /^commits_per_s=/) {split($i,a,"="); print a[2]}}' "$out" | tail -1; }
for mode in tagged append; do
  say "## $mode commits"
  case_run "local_1_$mode" local 1 "$mode"
  case_run "local_2_$mode" local 2 "$mode"
  case_run "jdbc_1_$mode" jdbc 1 "$mode"
  case_run "jdbc_2_$mode" jdbc 2 "$mode"
  say "ratios ($mode): jdbc_2/jdbc_1=$(ratio "$(rate "jdbc_2_$mode")" "$(rate "jdbc_1_$mode")")" \
    "jdbc_1/local_1=$(ratio "$(rate "jdbc_1_$mode")" "$(rate "local_1_$mode")")" \
    "jdbc_2/local_2=$(ratio "$(rate "jdbc_2_$mode")" "$(rate "local_2_$mode")")"
done
# every two-process table holds each commit exactly once
for c in local_2_tagged:local jdbc_2_tagged:jdbc local_2_append:local jdbc_2_append:jdbc; do
  label=${c%%:*}; kind=${c##*:}
  res=$(java -cp "$cp_jars" io.millrace.benchmarks.CatalogCommits check "$kind" "$uri" "$work/$label/wh" bench \
    "bench_$schema" "t_$label" $((2 * n))) || { say "FAILED: $label lost or duplicated commits: $res"; exit 1; }
  say "check $res"
done
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
