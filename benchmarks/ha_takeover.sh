#!/usr/bin/env bash
# Fail-over of highly available scheduling (issue 11 point 5): how long an interval waits after its
# scheduler dies, for several lease lengths. Three `millrace schedule P` processes share one project
# (same identity and warehouse) on the PostgreSQL run store at 127.0.0.1:5432 (db test, user postgres,
# a schema of its own, dropped at the end). The interval's source is a PostgreSQL query that sleeps
# (pg_sleep), so a run lasts long enough and burns no CPU.
#   benchmarks/ha_takeover.sh [LEASE...]        (default: 2s 5s 10s)
# For each lease: wait until a scheduler runs the interval, kill -9 it, and time until another holds
# the interval (fencing token 2): the take-over latency. Baseline in the same run: what was left of the
# killed scheduler's lease at the kill (read from the store just before), the least any take-over can
# take. Then the new holder is stopped with SIGTERM and the time until the third one holds the interval
# (token 3) is reported too: its run is inside the JDBC source, which does not react to the cancel, so
# this is the slow case of a graceful stop (it waits up to one lease period, then the lease expires).
# Results: benchmarks/results/ha-takeover-<time>.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
leases=("$@"); [[ ${#leases[@]} -gt 0 ]] || leases=(2s 5s 10s)
work="$root/benchmarks/data/ha-takeover"; rm -rf "$work"; mkdir -p "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/ha-takeover-$(date -u +%Y%m%dT%H%M%SZ).txt"
source "$root/benchmarks/lib.sh"
pg=(psql -h 127.0.0.1 -U postgres -d test -tAq)
schema="millrace_bench_ha_$$"
"${pg[@]}" -c "create schema $schema"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; "${pg[@]}" -c "drop schema if exists $schema cascade" || true; }
trap cleanup EXIT
./millrace --version > /dev/null
say "# Millrace scheduler take-over benchmark $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
now_ms='cast(extract(epoch from clock_timestamp()) * 1000 as bigint)'
ms() { date +%s%3N; }
q() { "${pg[@]}" -c "set search_path to $schema; $1"; }
# waits until the lease of interval $1 has token $2 and returns its holder
wait_token() {
  local h
  for _ in $(seq 1 2000); do
    h=$(q "select holder from millrace_leases where project_id = '$id' and interval_start = '$1' and token = $2 and state = 'HELD'" 2>/dev/null || true)
    [[ -n $h ]] && { echo "$h"; return; }
    sleep 0.02
  done
  echo "timeout waiting for token $2 of $1" >&2; exit 1
}
for lease in "${leases[@]}"; do
  id=$(cat /proc/sys/kernel/random/uuid)
  day=$(date -u -d "yesterday" +%F)
  for n in 1 2 3; do
    d="$work/$lease/node$n"; mkdir -p "$d/models" "$d/.millrace"
    echo "$id" > "$d/.millrace/project-id"
    cat > "$d/millrace.yaml" <<YAML
name: ha-bench-$lease
warehouse: $work/$lease/warehouse
run_store: "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=$schema"
sources:
  slow: {format: jdbc, url: "jdbc:postgresql://127.0.0.1:5432/test?user=postgres", query: "select 1 as x from pg_sleep(120)"}
models: {d: {materialized: incremental}}
pipeline: {schedule: '@daily', start_date: $day, catchup: true, retries: 0, lease: $lease}
YAML
    echo "select TIMESTAMP '\${data_interval_start}' as interval_start, count(*) as n from slow" > "$d/models/d.sql"
  done
  pids=()
  for n in 1 2 3; do
    { ./millrace schedule "$work/$lease/node$n" --once > "$work/$lease/s$n.out" 2> "$work/$lease/s$n.err" & } 2>/dev/null
    pids+=($!)
  done
  interval="${day}T00:00"
  holder=$(wait_token "$interval" 1)
  # let the run get going (its run id recorded on the lease), then kill its scheduler
  for _ in $(seq 1 500); do [[ -n $(q "select run_id from millrace_leases where project_id = '$id' and interval_start = '$interval'") ]] && break; sleep 0.02; done
  sleep 1
  left=$(q "select expires_at - $now_ms from millrace_leases where project_id = '$id' and interval_start = '$interval'")
  t0=$(ms); kill -9 "$(echo "$holder" | cut -d: -f2)"
  second=$(wait_token "$interval" 2); t1=$(ms)
  sleep 1
  t2=$(ms); kill -TERM "$(echo "$second" | cut -d: -f2)"
  wait_token "$interval" 3 > /dev/null; t3=$(ms)
  say "$(printf 'lease %-4s kill -9: taken over after %5d ms; baseline, the lease left at the kill: %5d ms; ratio %s;   SIGTERM: %5d ms' \
    "$lease" $((t1 - t0)) "$left" "$(ratio $((t1 - t0)) "$left")" $((t3 - t2)))"
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  grep -h "taking over" "$work/$lease"/s*.err | sed 's/^/  /' | tee -a "$out"
done
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
