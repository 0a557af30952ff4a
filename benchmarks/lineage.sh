#!/usr/bin/env bash
# Column lineage at plan time (BENCHMARKS.md section 13): 1,000-model projects from make_project.py
# (flat, chain, dag), the lineage engine call against the parse pass planning already makes (same
# run, same statements), in-process medians; then `millrace plan --lineage` whole commands, cold and
# with the plan cache warm.
#   benchmarks/lineage.sh [MODELS]        (default 1000; ~3 minutes on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
n="${1:-1000}"
work="$root/benchmarks/data/work/lineage"; rm -rf "$work"; mkdir -p "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/lineage-$(date -u +%Y%m%dT%H%M%SZ).txt"
source benchmarks/lib.sh
./millrace --version > /dev/null
mvn -B -q -o -Dstyle.color=never -DskipTests -pl benchmarks -am package > /dev/null
cp_jars="$root/millrace-cli/target/millrace.jar:$root/benchmarks/target/classes"
say "# lineage benchmark $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for shape in flat chain dag; do
  python3 benchmarks/make_project.py "$work/$shape" "$shape" "$n" > /dev/null
  say "$shape: $(java -cp "$cp_jars" io.millrace.benchmarks.LineageBench "$work/$shape" 5)"
done
rm -rf "$work/flat/.millrace"
timed plan_cold ./millrace plan "$work/flat" --lineage
timed plan_cached ./millrace plan "$work/flat" --lineage
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
