"""Baseline for benchmarks/online.sh: each entity's latest row (greatest event time, then created)
at or before UNTIL, within TTL, from a CSV, into a Python dict {entity: (event_time, values)} pickled
to a file -- what a hand-written materialization into a key-value store does.

usage: materialize_pandas.py ROWS.csv OUT.pickle UNTIL TTL_HOURS [PREVIOUS.pickle]
With PREVIOUS: the incremental run, ROWS holding only the changed rows, merged into the loaded dict.
"""
import pickle
import sys
import time

import pandas as pd


def latest(df, until, ttl_hours):
    df = df[(df["event_ts"] <= until) & (df["event_ts"] >= until - pd.Timedelta(hours=ttl_hours))]
    df = df.sort_values(["user_id", "event_ts", "created_ts"], na_position="first")
    return df.groupby("user_id", sort=False).last()


def main():
    t0 = time.time()
    rows, out, until, ttl = sys.argv[1], sys.argv[2], pd.Timestamp(sys.argv[3]), float(sys.argv[4])
    df = pd.read_csv(rows, parse_dates=["event_ts", "created_ts"])
    store = {}
    if len(sys.argv) > 5:
        with open(sys.argv[5], "rb") as f:
            store = pickle.load(f)
    last = latest(df, until, ttl)
    features = [c for c in last.columns if c not in ("event_ts", "created_ts")]
    written = 0
    for key, ts, values in zip(last.index, last["event_ts"], last[features].itertuples(index=False, name=None)):
        old = store.get(key)
        if old is None or old[0] <= ts:
            store[key] = (ts, values)
            written += 1
    with open(out, "wb") as f:
        pickle.dump(store, f, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"pandas: {written} entities written, {len(store)} in the dict, {time.time() - t0:.1f} s")


main()
