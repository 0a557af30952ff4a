"""Restart benchmark helper: one valid user event per entity, user_id FIRST..FIRST+N-1 (every event a new
entity), keyed like 'millrace produce' (the id as text, Kafka's murmur2 partitioner).
usage: /usr/bin/python3 produce_entities.py BOOTSTRAP TOPIC N [FIRST]"""
import json, sys, time
from datetime import datetime, timedelta, timezone
from confluent_kafka import Producer

bootstrap, topic, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
first = int(sys.argv[4]) if len(sys.argv) > 4 else 1
t0 = datetime(2025, 1, 15, tzinfo=timezone.utc)
p = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all", "compression.type": "lz4",
              "linger.ms": 10, "batch.size": 256 * 1024, "queue.buffering.max.kbytes": 65536,
              "partitioner": "murmur2_random"})
start = time.time()
for i in range(n):
    user = first + i
    ts = (t0 + timedelta(milliseconds=i)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    value = json.dumps({"user_id": user, "event_type": "page_view", "event_data": {"page": "/p/%d" % (user % 1000)},
                        "timestamp": ts}).encode()
    while True:
        try:
            p.produce(topic, value, key=str(user).encode())
            break
        except BufferError:
            p.poll(0.01)
    p.poll(0)
left = p.flush(120)
print(json.dumps({"events": n, "unacknowledged": left, "seconds": round(time.time() - start, 3)}))
