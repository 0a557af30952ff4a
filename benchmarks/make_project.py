#!/usr/bin/env python3
"""Writes a synthetic Millrace project for the planning and per-node benchmarks.

  make_project.py DIR SHAPE N [ROWS]

SHAPE: flat  - N view models, each `select v + 1 as v, upper(s) as s from nK where v >= 0`
               reading one of ten CSV roots n0..n9 (model i reads n(i mod 10));
       chain - the same models, but model i reads model i-10 (chains N/10 levels deep);
       dag   - a random DAG of N view models, model i reading two earlier nodes at random:
               `select v + 1 as v from nA union all select v from nB` (seed 1);
       table - N table models (materialized), each reading one of ten roots.
ROWS: rows of each root CSV (default 3).
"""
import os, random, sys

def main():
    out, shape, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rows = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    os.makedirs(os.path.join(out, "models"), exist_ok=True)
    os.makedirs(os.path.join(out, "data"), exist_ok=True)
    roots = [f"n{k}" for k in range(10)]
    for r in roots:
        with open(os.path.join(out, "data", r + ".csv"), "w") as f:
            f.write("v,s\n")
            for i in range(rows):
                f.write(f"{i},s{i}\n")
    rnd = random.Random(1)
    names = []
    for i in range(n):
        name = f"m{i:05d}"
        if shape == "flat" or shape == "table":
            sql = f"select v + 1 as v, upper(s) as s from {roots[i % 10]} where v >= 0\n"
        elif shape == "chain":
            up = roots[i] if i < 10 else names[i - 10]
            sql = f"select v + 1 as v, upper(s) as s from {up} where v >= 0\n"
        elif shape == "dag":
            pool = roots + names
            a, b = rnd.choice(pool), rnd.choice(pool)
            sql = f"select v + 1 as v from {a} union all select v from {b}\n"
        else:
            sys.exit(f"unknown shape {shape}")
        with open(os.path.join(out, "models", name + ".sql"), "w") as f:
            f.write(sql)
        names.append(name)
    kind = "table" if shape == "table" else "view"
    with open(os.path.join(out, "millrace.yaml"), "w") as f:
        f.write(f"name: synthetic-{shape}-{n}\nsources:\n")
        for r in roots:
            f.write(f"  {r}: {{format: csv, path: data/{r}.csv, columns: {{v: integer, s: string}}}}\n")
        f.write("models:\n")
        for name in names:
            f.write(f"  {name}: {{materialized: {kind}}}\n")

if __name__ == "__main__":
    main()
