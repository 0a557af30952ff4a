"""End-to-end latency of a stream job, read back from its output topic: for each output record, the
broker's append time of the output (the topic uses LogAppendTime) minus the input record's timestamp
(the producer's send time, carried in the output's `millrace.event` header as `_ingested_at`).
usage: /usr/bin/python3 output_latency.py BOOTSTRAP OUTPUT_TOPIC EXPECTED [SKIP_SECONDS] [IDLE_SECONDS]
Prints one JSON line: count, p50/p99/p999/max in ms over all records and over those whose input was
sent SKIP_SECONDS (default 10) or more after the first, and the worst seconds (p99 per second)."""
import json, sys, time, uuid
from datetime import datetime
from confluent_kafka import Consumer, TIMESTAMP_LOG_APPEND_TIME

bootstrap, topic, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
skip = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
idle = float(sys.argv[5]) if len(sys.argv) > 5 else 15.0
c = Consumer({"bootstrap.servers": bootstrap, "group.id": "latency-" + uuid.uuid4().hex,
              "auto.offset.reset": "earliest", "enable.auto.commit": False})
c.subscribe([topic])
pairs = []   # (input sent ms, latency ms)
last = time.time()
while len(pairs) < expected and time.time() - last < idle:
    msgs = c.consume(num_messages=5000, timeout=0.5)
    for m in msgs:
        if m.error() is not None:
            continue
        kind, appended = m.timestamp()
        row = dict(m.headers() or []).get("millrace.event")
        if kind != TIMESTAMP_LOG_APPEND_TIME or row is None:
            continue
        ing = json.loads(row)["_ingested_at"]
        sent = datetime.fromisoformat(ing.replace("Z", "+00:00")).timestamp() * 1000
        pairs.append((sent, appended - sent))
    if msgs:
        last = time.time()
c.close()

def pct(xs, q):
    if not xs:
        return None
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(q * len(xs)))], 1)

def stats(xs):
    return {"n": len(xs), "p50_ms": pct(xs, .5), "p99_ms": pct(xs, .99), "p999_ms": pct(xs, .999),
            "max_ms": round(max(xs), 1) if xs else None}

t0 = min(p[0] for p in pairs) if pairs else 0
by_sec = {}
for sent, lat in pairs:
    by_sec.setdefault(int((sent - t0) / 1000), []).append(lat)
worst = sorted(((pct(v, .99), s) for s, v in by_sec.items()), reverse=True)[:8]
print(json.dumps({"all": stats([l for _, l in pairs]),
                  "after_%gs" % skip: stats([l for s, l in pairs if s - t0 >= skip * 1000]),
                  "seconds": len(by_sec), "worst_seconds_p99_ms": [{"second": s, "p99_ms": p} for p, s in worst]}))
