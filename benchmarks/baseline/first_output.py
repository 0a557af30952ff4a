"""Restart benchmark helper: the broker's append time (ms since the epoch) of the first record of TOPIC
past the end offsets saved in FILE (a JSON {partition: offset}); with 'save', writes the end offsets
now to FILE instead. usage: /usr/bin/python3 first_output.py BOOTSTRAP TOPIC FILE [save]"""
import json, sys
from confluent_kafka import Consumer, TopicPartition

bootstrap, topic, path = sys.argv[1], sys.argv[2], sys.argv[3]
c = Consumer({"bootstrap.servers": bootstrap, "group.id": "millrace-bench-first-output", "enable.auto.commit": False})
parts = c.list_topics(topic, timeout=30).topics[topic].partitions.keys()
if len(sys.argv) > 4 and sys.argv[4] == "save":
    ends = {p: c.get_watermark_offsets(TopicPartition(topic, p), timeout=30)[1] for p in parts}
    json.dump(ends, open(path, "w"))
    sys.exit(0)
ends = {int(k): v for k, v in json.load(open(path)).items()}
first = None
for p in parts:
    tp = TopicPartition(topic, p, ends.get(p, 0))
    c.assign([tp])
    m = c.poll(10)
    if m is not None and m.error() is None:
        first = m.timestamp()[1] if first is None else min(first, m.timestamp()[1])
print(first if first is not None else "")
