"""Baseline: confluent-kafka (librdkafka, Debian python3-confluent-kafka) consumer loop with per-user dicts.
usage: /usr/bin/python3 stream_dicts_confluent.py BOOTSTRAP TOPIC EXPECTED_EVENTS [IDLE_SECONDS]"""
import json, sys, time, uuid
from confluent_kafka import Consumer
from stream_dicts_common import Dicts

bootstrap, topic, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
idle = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
start = time.time()
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "baseline-" + uuid.uuid4().hex,
                     "auto.offset.reset": "earliest", "enable.auto.commit": True})
consumer.subscribe([topic])
state = Dicts()
last = time.time()
while state.valid + state.invalid < expected and time.time() - last < idle:
    msgs = consumer.consume(num_messages=2000, timeout=0.5)
    for m in msgs:
        if m.error() is None:
            state.process(m.value())
    if msgs:
        last = time.time()
consumer.close()
print(json.dumps(state.summary(time.time() - start)))
