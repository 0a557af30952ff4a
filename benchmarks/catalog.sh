#!/usr/bin/env bash
# Shared-catalog benchmark (issue 11, Performance: "Concurrent commits"): commits per second to ONE
# table from two OS processes at once through Iceberg's JDBC catalog (PostgreSQL), against one process
# alone, and against the local (file) catalog with one and two processes, in the same run.
#   benchmarks/catalog.sh [COMMITS_PER_PROCESS] [REPEATS]       (defaults 100 and 2)
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
repeats="${2:-2}"
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

# case LABEL KIND PROCESSES MODE REP -> "LABEL processes=P commits=C seconds=S commits_per_s=R replans=X
#   cpu_ms_per_commit=M" (the writers' process CPU while committing, all threads, per commit: far less
#   inflated by a busy machine than wall time)
case_run() {
  local label=$1 kind=$2 procs=$3 mode=$4 dir="$work/$1-$5" go="$work/$1-$5/go"
  mkdir -p "$dir"
  local pids=()
  for id in $(seq 1 "$procs"); do
    java -Xmx256m -cp "$cp_jars" io.millrace.benchmarks.CatalogCommits "$kind" "$uri" "$dir/wh" "bench" \
      "bench_$schema" "t_${label}_$5" "$id" "$n" "$go" "$mode" > "$dir/out-$id" 2> "$dir/err-$id" &
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
cpu = sum(float(r['cpu']) for r in rows)
print(f"{label:<14} processes={procs} commits={commits} seconds={secs:.2f} commits_per_s={commits/secs:.1f} "
      f"replans={sum(int(r['replans']) for r in rows)} cpu_ms_per_commit={1000*cpu/commits:.1f}")
PY
)"
}

# median commits/s of a case over the repeats
rate() { awk -v l="$1" '$1==l {for (i=2;i<=NF;i++) if ($i ~ /^commits_per_s=/) {split($i,a,"="); print a[2]}}' "$out" \
  | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
for rep in $(seq 1 "$repeats"); do   # the cases interleaved, so that each sees the same machine load
  for mode in tagged append; do
    for c in local_1:local:1 local_2:local:2 jdbc_1:jdbc:1 jdbc_2:jdbc:2; do
      IFS=: read -r name kind procs <<< "$c"
      case_run "${name}_$mode" "$kind" "$procs" "$mode" "$rep"
    done
  done
done
for mode in tagged append; do
  say "median commits/s ($mode): local_1=$(rate "local_1_$mode") local_2=$(rate "local_2_$mode")" \
    "jdbc_1=$(rate "jdbc_1_$mode") jdbc_2=$(rate "jdbc_2_$mode"); ratios jdbc_2/jdbc_1=$(ratio "$(rate "jdbc_2_$mode")" "$(rate "jdbc_1_$mode")")" \
    "jdbc_1/local_1=$(ratio "$(rate "jdbc_1_$mode")" "$(rate "local_1_$mode")")" \
    "jdbc_2/local_2=$(ratio "$(rate "jdbc_2_$mode")" "$(rate "local_2_$mode")")"
done
# every two-process table holds each commit exactly once
for mode in tagged append; do
  for c in local_2:local jdbc_2:jdbc; do
    label="${c%%:*}_$mode"; kind=${c##*:}
    for rep in $(seq 1 "$repeats"); do
      res=$(java -cp "$cp_jars" io.millrace.benchmarks.CatalogCommits check "$kind" "$uri" "$work/$label-$rep/wh" bench \
        "bench_$schema" "t_${label}_$rep" $((2 * n))) || { say "FAILED: $label lost or duplicated commits: $res"; exit 1; }
      say "check $res"
    done
  done
done
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
