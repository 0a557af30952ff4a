"""Baseline producer: confluent-kafka with the settings of 'millrace produce' (idempotent, acks=all, lz4,
linger 10 ms, 256 KB batches), generating user events of the same shape in Python.
usage: /usr/bin/python3 produce_confluent.py BOOTSTRAP TOPIC EVENTS"""
import bisect, itertools, json, random, sys, time
from datetime import datetime, timedelta, timezone
from confluent_kafka import Producer

bootstrap, topic, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(7)
types = ["page_view", "click", "add_to_cart", "purchase"]
weights = [0.55, 0.27, 0.12, 0.06]
users = list(range(1, 1001))
# cumulative weights computed once (random.choices would recompute them for every event)
user_cdf = list(itertools.accumulate(1 / (u ** 1.1) for u in users))
type_cdf = list(itertools.accumulate(weights))
t0 = datetime(2025, 1, 15, tzinfo=timezone.utc)
start = time.time()
p = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all",
              "compression.type": "lz4", "linger.ms": 10, "batch.size": 256 * 1024,
              "queue.buffering.max.kbytes": 65536})
acked = [0]

def done(err, msg):
    if err is None:
        acked[0] += 1

size = 0
for i in range(n):
    user = users[min(bisect.bisect(user_cdf, rnd.random() * user_cdf[-1]), len(users) - 1)]
    etype = types[min(bisect.bisect(type_cdf, rnd.random() * type_cdf[-1]), len(types) - 1)]
    data = {"amount": round(rnd.lognormvariate(3.4, 0.8), 2)} if etype == "purchase" else {"page": "/p/%d" % rnd.randint(1, 1000)}
    ts = (t0 + timedelta(milliseconds=i * 800)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    value = json.dumps({"user_id": user, "event_type": etype, "event_data": data, "timestamp": ts}).encode()
    size += len(value)
    while True:
        try:
            p.produce(topic, value, key=str(user).encode(), on_delivery=done)
            break
        except BufferError:
            p.poll(0.01)
    p.poll(0)
p.flush()
s = time.time() - start
print(json.dumps({"events": n, "acknowledged": acked[0], "bytes": size, "seconds": round(s, 3), "events_per_s": round(n / s)}))
