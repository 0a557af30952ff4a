"""Baseline: the recsys stream job written the usual Python way (a confluent-kafka consumer loop with
per-user dicts, as a seed-style RealTimeDataProcessor does it), doing the same per-event work as
examples/recsys/streams/user_events.yaml: parse, the four checks of checks/user_events.yaml, the job's
17 features (event fields, counts, distinct types, purchase value, 30-minute sessions, 7-day trailing
count, per-type counts and ratios), the rules score and label, and one JSON prediction per valid event
to an output topic (acks=all, lz4, linger 5 ms, as the job's producer); an invalid event goes to a
dead-letter topic with its reason and original bytes. What it does not do, unlike the job: keep its
state durable (a restart loses it), write the lake tables, or handle late events.
usage: /usr/bin/python3 stream_seed_confluent.py BOOTSTRAP TOPIC EXPECTED_EVENTS [IDLE_SECONDS]"""
import collections, json, sys, time, uuid
from datetime import datetime, timezone
from confluent_kafka import Consumer, Producer

bootstrap, topic, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
idle = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
TYPES = ("page_view", "click", "add_to_cart", "purchase")
SESSION_GAP_S = 30 * 60
TRAILING_S = 7 * 24 * 3600
WEIGHTS = {"event_count": 0.1, "unique_event_types": 0.2, "total_value": 0.001, "is_purchase_event": 0.5}
THRESHOLDS = [("high_value_user", 0.7), ("medium_value_user", 0.3)]
BAND = (0.7 - 0.3) / 1


class User:
    __slots__ = ("count", "types", "purchase_value", "sessions", "last_ts", "recent", "per_type")

    def __init__(self):
        self.count = 0
        self.types = set()
        self.purchase_value = None
        self.sessions = 0
        self.last_ts = None
        self.recent = collections.deque()
        self.per_type = dict.fromkeys(TYPES, 0)


def iso(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def score(f):
    s = sum(w * float(f[k] or 0) for k, w in WEIGHTS.items())
    label = next((name for name, above in THRESHOLDS if s > above), "low_value_user")
    nearest = min(abs(s - above) for _, above in THRESHOLDS)
    return label, s, 0.5 + 0.5 * min(1.0, nearest / BAND)


start = time.time()
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "baseline-" + uuid.uuid4().hex,
                     "auto.offset.reset": "earliest", "enable.auto.commit": True})
producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True,
                     "compression.type": "lz4", "linger.ms": 5, "queue.buffering.max.kbytes": 65536})
consumer.subscribe([topic])
users = {}
valid = invalid = 0


def send(target, key, value):
    while True:
        try:
            producer.produce(target, value, key=key)
            return
        except BufferError:
            producer.poll(0.01)


def process(m):
    global valid, invalid
    raw = m.value()
    try:
        e = json.loads(raw)
        user, etype, stamp = e.get("user_id"), e.get("event_type"), e.get("timestamp")
        if user is None or stamp is None:
            raise ValueError("user_id or timestamp is null")
        if not isinstance(user, int):
            raise ValueError("user_id is not an integer")
        if etype not in TYPES:
            raise ValueError("event_type not in set")
        data = e.get("event_data") or {}
        amount = data.get("amount")
        if amount is not None:
            amount = float(amount)
            if amount < 0:
                raise ValueError("amount below 0")
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (ValueError, TypeError, AttributeError) as ex:
        invalid += 1
        send(topic + ".dead", m.key(), json.dumps({"reason": str(ex), "topic": m.topic(), "partition": m.partition(),
                                                  "offset": m.offset(), "value": raw.decode("utf-8", "replace")}).encode())
        return
    ts = when.timestamp()
    s = users.get(user)
    if s is None:
        s = users[user] = User()
    s.count += 1
    s.types.add(etype)
    s.per_type[etype] += 1
    if etype == "purchase" and amount is not None:
        s.purchase_value = (s.purchase_value or 0.0) + amount
    if s.last_ts is None or ts - s.last_ts > SESSION_GAP_S:
        s.sessions += 1
    s.last_ts = ts
    s.recent.append(ts)
    while s.recent[0] <= ts - TRAILING_S:
        s.recent.popleft()
    n = max(s.count, 1)
    total = s.purchase_value or 0.0
    f = {"is_purchase_event": etype == "purchase", "hour_of_day": when.hour, "day_of_week": when.isoweekday() - 1,
         "event_count": s.count, "unique_event_types": len(s.types), "purchase_value": s.purchase_value,
         "total_sessions": s.sessions, "avg_session_length": s.count / s.sessions,
         "recent_activity_7d": len(s.recent), "page_view_count": s.per_type["page_view"],
         "click_count": s.per_type["click"], "add_to_cart_count": s.per_type["add_to_cart"],
         "purchase_count": s.per_type["purchase"], "total_value": total, "avg_value_per_event": total / n,
         "page_view_ratio": s.per_type["page_view"] / n, "click_ratio": s.per_type["click"] / n,
         "add_to_cart_ratio": s.per_type["add_to_cart"] / n, "purchase_ratio": s.per_type["purchase"] / n}
    label, value, confidence = score(f)
    out = {"key": str(user), "label": label, "score": value, "confidence": confidence, "features": f,
           "event_time": stamp, "processed_at": iso(time.time())}
    send(topic + ".py_scores", str(user).encode(), json.dumps(out).encode())
    valid += 1


last = time.time()
while valid + invalid < expected and time.time() - last < idle:
    msgs = consumer.consume(num_messages=2000, timeout=0.5)
    for m in msgs:
        if m.error() is None:
            process(m)
    producer.poll(0)
    if msgs:
        last = time.time()
remaining = producer.flush(60)
consumer.close()
seconds = time.time() - start
print(json.dumps({"events_in": valid + invalid, "valid": valid, "invalid": invalid, "users": len(users),
                  "unsent": remaining, "seconds": round(seconds, 3),
                  "throughput_eps": round((valid + invalid) / seconds) if seconds > 0 else None}))
