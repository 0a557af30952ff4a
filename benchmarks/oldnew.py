#!/usr/bin/env python3
"""Planning and per-node cost of two builds side by side, in one run (issue #7 sections 1 and 2).

    OLD=/path/to/old/checkout/millrace NEW=./millrace benchmarks/oldnew.py plan|nodes|tables|all [REPS]

Each case runs REPS times per build, alternating old and new (old first on even repetitions), so a
machine whose speed drifts (other builds running) treats both alike. Reports the median wall time
and the median CPU time (user + system of the whole process tree, less sensitive to the load than
wall time), and the per-model / per-node figures (t(1000) - t(10)) / 990. Projects come from
make_project.py under benchmarks/data/work/oldnew/<build>/ (each build has its own plan cache).
"""
import os, shutil, subprocess, sys, time, statistics, json
here = os.path.dirname(os.path.abspath(__file__))
builds = {"old": os.environ["OLD"], "new": os.environ.get("NEW", os.path.join(here, "..", "millrace"))}
mk = os.path.join(here, "make_project.py")
root = os.path.join(here, "data", "work", "oldnew"); reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
what = sys.argv[1] if len(sys.argv) > 1 else "plan"
def load(): return open("/proc/loadavg").read().split()[0]
def project(b, shape, *args):
    d = f"{root}/{b}/{shape}{''.join(args)}"
    if not os.path.isdir(d):
        os.makedirs(os.path.dirname(d), exist_ok=True)
        subprocess.run(["python3", mk, d, shape, *args], check=True, stdout=subprocess.DEVNULL)
    return d
def clean(d, cache=True):
    for x in ([".millrace"] if cache else []) + ["warehouse"]:
        shutil.rmtree(os.path.join(d, x), ignore_errors=True)
    if not cache:   # keep the plan cache, drop the run store and the rest
        for f in os.listdir(os.path.join(d, ".millrace")) if os.path.isdir(os.path.join(d, ".millrace")) else []:
            if f != "plan-cache.json":
                p = os.path.join(d, ".millrace", f)
                shutil.rmtree(p, ignore_errors=True) if os.path.isdir(p) else os.remove(p)
import resource
cpu = {}
def timed(cmd):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic(); r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0: print("FAILED", cmd, r.stderr[-2000:]); sys.exit(1)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu[tuple(cmd)] = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return time.monotonic() - t
cases = []
if what in ("plan", "all"):
    cases += [
      ("jvm_start", lambda b: None, lambda b: [builds[b], "--version"]),
      ("plan_flat10", lambda b: clean(project(b, "flat", "10")), lambda b: [builds[b], "plan", project(b, "flat", "10")]),
      ("plan_flat1000", lambda b: clean(project(b, "flat", "1000")), lambda b: [builds[b], "plan", project(b, "flat", "1000")]),
      ("plan_chain1000", lambda b: clean(project(b, "chain", "1000")), lambda b: [builds[b], "plan", project(b, "chain", "1000")]),
      ("replan_flat1000", lambda b: None, lambda b: [builds[b], "plan", project(b, "flat", "1000")]),
      ("replan_flat1000_one_changed", lambda b: open(project(b, "flat", "1000") + "/models/m00500.sql", "a").write("\n-- changed %f\n" % time.time()),
       lambda b: [builds[b], "plan", project(b, "flat", "1000")]),
    ]
if what == "tables":
    cases += [
      ("run_table2", lambda b: clean(project(b, "table", "2", "1000")), lambda b: [builds[b], "run", project(b, "table", "2", "1000"), "--quiet"]),
      ("run_table22", lambda b: clean(project(b, "table", "22", "1000")), lambda b: [builds[b], "run", project(b, "table", "22", "1000"), "--quiet"]),
    ]
if what in ("nodes", "all"):
    cases += [
      ("run_dag10", lambda b: clean(project(b, "dag", "10")), lambda b: [builds[b], "run", project(b, "dag", "10"), "--quiet"]),
      ("run_dag1000", lambda b: clean(project(b, "dag", "1000")), lambda b: [builds[b], "run", project(b, "dag", "1000"), "--quiet"]),
      ("rerun_dag1000", lambda b: clean(project(b, "dag", "1000"), cache=False), lambda b: [builds[b], "run", project(b, "dag", "1000"), "--quiet"]),
      ("run_table2", lambda b: clean(project(b, "table", "2", "1000")), lambda b: [builds[b], "run", project(b, "table", "2", "1000"), "--quiet"]),
      ("run_table22", lambda b: clean(project(b, "table", "22", "1000")), lambda b: [builds[b], "run", project(b, "table", "22", "1000"), "--quiet"]),
    ]
for b in builds: subprocess.run([builds[b], "--version"], stdout=subprocess.DEVNULL)   # build + class-data sharing training
res = {b: {c[0]: [] for c in cases} for b in builds}
rcpu = {b: {c[0]: [] for c in cases} for b in builds}
print(f"# {what} {time.strftime('%H:%M:%S', time.gmtime())}Z load {load()}", flush=True)
loads = [float(load())]
for i in range(reps):
    for name, prep, cmd in cases:
        for b in (["old", "new"] if i % 2 == 0 else ["new", "old"]):
            prep(b); res[b][name].append(timed(cmd(b))); rcpu[b][name].append(cpu[tuple(cmd(b))]); loads.append(float(load()))
        print(f"{name:30s} rep{i} old {res['old'][name][-1]:7.2f}  new {res['new'][name][-1]:7.2f}  cpu old {rcpu['old'][name][-1]:6.2f} new {rcpu['new'][name][-1]:6.2f}  load {load()}", flush=True)
med = {b: {k: statistics.median(v) for k, v in res[b].items()} for b in builds}
print(f"# medians of {reps}, load {min(loads):.1f}-{max(loads):.1f} (mean {statistics.mean(loads):.1f}), ended {time.strftime('%H:%M:%S', time.gmtime())}Z")
cmed = {b: {k: statistics.median(v) for k, v in rcpu[b].items()} for b in builds}
for k in med["old"]: print(f"{k:30s} wall old {med['old'][k]:7.2f}  new {med['new'][k]:7.2f}  new/old {med['new'][k]/med['old'][k]:.2f}   cpu old {cmed['old'][k]:6.2f} new {cmed['new'][k]:6.2f} new/old {cmed['new'][k]/cmed['old'][k]:.2f}")
for b, m, kind in [(b, med[b], "wall") for b in builds] + [(b, cmed[b], "cpu") for b in builds]:
    out = [kind]
    if "plan_flat1000" in m:
        out.append(f"plan_ms_per_model flat={(m['plan_flat1000']-m['plan_flat10'])/990*1000:.2f} chain={(m['plan_chain1000']-m['plan_flat10'])/990*1000:.2f} replan_beyond_jvm_s={m['replan_flat1000']-m['jvm_start']:.2f} one_changed_beyond_jvm_s={m['replan_flat1000_one_changed']-m['jvm_start']:.2f}")
    if "run_table22" in m and "run_dag1000" not in m:
        out.append(f"run_ms_per_table_node_on_1000_rows={(m['run_table22']-m['run_table2'])/20*1000:.1f}")
    if "run_dag1000" in m:
        out.append(f"run_ms_per_node dag_cold={(m['run_dag1000']-m['run_dag10'])/990*1000:.2f} dag_cached={(m['rerun_dag1000']-m['run_dag10'])/990*1000:.2f} table_on_1000_rows={(m['run_table22']-m['run_table2'])/20*1000:.1f}")
    print(b, " ".join(out))
os.makedirs(os.path.join(here, "results"), exist_ok=True)
json.dump({"wall": res, "cpu": rcpu}, open(os.path.join(here, "results", f"oldnew-{what}-{int(time.time())}.json"), "w"))
