"""Baseline: kafka-python (Debian python3-kafka) consumer loop with per-user dicts.
usage: /usr/bin/python3 stream_dicts_kafka_python.py BOOTSTRAP TOPIC EXPECTED_EVENTS [IDLE_SECONDS]
Drains the topic from the beginning (fresh group) until EXPECTED_EVENTS were read or it was idle that long."""
import json, sys, time, uuid
from kafka import KafkaConsumer
from stream_dicts_common import Dicts

bootstrap, topic, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
idle = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
start = time.time()
consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id="baseline-" + uuid.uuid4().hex,
                         auto_offset_reset="earliest", enable_auto_commit=True, api_version=(2, 8, 0),
                         max_poll_records=2000, fetch_max_bytes=50 * 1024 * 1024)
state = Dicts()
last = time.time()
while state.valid + state.invalid < expected and time.time() - last < idle:
    batch = consumer.poll(timeout_ms=500)
    for records in batch.values():
        for r in records:
            state.process(r.value)
        last = time.time()
consumer.close()
print(json.dumps(state.summary(time.time() - start)))
