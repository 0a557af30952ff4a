package io.millrace.stream.features;

import java.util.Map;
import java.util.TreeMap;

/**
 * One accumulator per window that contains the entity's latest event (at most
 * {@code ceil(size / advance)}); an event updates every kept window that contains it. The value
 * as of {@code asOf} is the oldest window containing {@code asOf}.
 */
final class HoppingWindow extends WindowState {
  private final Acc.Kind kind;
  private final long size;
  private final long advance;
  private final TreeMap<Long, Acc> windows = new TreeMap<>();

  HoppingWindow(Acc.Kind kind, long size, long advance) {
    this.kind = kind;
    this.size = size;
    this.advance = advance;
  }

  /** Index of the oldest window containing {@code t}. */
  private long oldest(long t) {
    return Math.floorDiv(t - size, advance) + 1;
  }

  @Override void add(Object value, long micros, long entityMax) {
    windows.headMap(oldest(entityMax)).clear();
    long from = Math.max(oldest(micros), oldest(entityMax));
    for (long k = from; k <= Math.floorDiv(micros, advance); k++) {
      windows.computeIfAbsent(k, x -> kind.create()).add(value, micros);
    }
  }

  @Override Object result(long asOf) {
    Acc acc = windows.get(oldest(asOf));
    return (acc == null ? kind.create() : acc).result();
  }

  @Override void write(ByteSink out) {
    out.uvarint(windows.size());
    for (Map.Entry<Long, Acc> e : windows.entrySet()) {
      out.varlong(e.getKey());
      e.getValue().write(out);
    }
  }

  @Override void readFrom(ByteSource in) {
    int n = in.count();
    for (int i = 0; i < n; i++) {
      windows.put(in.varlong(), kind.read(in));
    }
  }
}
