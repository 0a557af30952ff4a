"""Point-in-time training set with pandas, the usual way (Feast's local offline store does the same):
merge_asof(by=key, direction="backward", tolerance=ttl) on the same CSV files, ties on event time
decided by the greatest created (sorted last, so merge_asof takes it), input order restored.

    /usr/bin/python3 training_set_pandas.py VIEW.csv ENTITIES.csv OUT.csv TTL   (TTL e.g. 24h)
"""
import sys

import pandas as pd


def main(view_csv, entities_csv, out_csv, ttl):
    view = pd.read_csv(view_csv, parse_dates=["event_ts", "created_ts"])
    ents = pd.read_csv(entities_csv, parse_dates=["event_timestamp"])
    columns = list(ents.columns)
    ents["_row"] = range(len(ents))
    view = view.sort_values(["event_ts", "created_ts"], kind="stable")
    ents = ents.sort_values("event_timestamp", kind="stable")
    joined = pd.merge_asof(ents, view[["user_id", "event_ts", "f1", "f2"]], left_on="event_timestamp",
                           right_on="event_ts", by="user_id", direction="backward",
                           tolerance=pd.Timedelta(ttl), allow_exact_matches=True)
    joined = joined.sort_values("_row")[columns + ["f1", "f2"]]
    joined.to_csv(out_csv, index=False)
    print(f"wrote {len(joined)} rows")


if __name__ == "__main__":
    main(*sys.argv[1:5])
