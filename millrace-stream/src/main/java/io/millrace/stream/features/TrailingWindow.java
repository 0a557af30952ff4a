package io.millrace.stream.features;

import io.millrace.api.LogicalType;
import java.util.Arrays;

/**
 * The filtered events of the last {@code period} before the entity's latest event, in arrival
 * order (one entry each: its time and value); queries fold them afresh in that order, so sums
 * round exactly as the batch SQL's ordered fold.
 */
final class TrailingWindow extends WindowState {
  private final Acc.Kind kind;
  private final LogicalType valueType;
  private final long period;
  private long[] times = new long[4];
  private Object[] values;
  private int n;
  private long oldest = Long.MAX_VALUE;

  TrailingWindow(Acc.Kind kind, LogicalType valueType, long period) {
    this.kind = kind;
    this.valueType = valueType;
    this.period = period;
    this.values = valueType == null ? null : new Object[4];
  }

  @Override void add(Object value, long micros, long entityMax) {
    forgetBefore(entityMax - period);
    if (micros <= entityMax - period) {
      return;
    }
    if (n == times.length) {
      times = Arrays.copyOf(times, n * 2);
      if (values != null) {
        values = Arrays.copyOf(values, n * 2);
      }
    }
    times[n] = micros;
    oldest = Math.min(oldest, micros);
    if (values != null) {
      values[n] = value;
    }
    n++;
  }

  /** Drops entries at or before {@code bound}, keeping arrival order. */
  private void forgetBefore(long bound) {
    if (oldest > bound) {
      return;
    }
    oldest = Long.MAX_VALUE;
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (times[i] > bound) {
        oldest = Math.min(oldest, times[i]);
        times[kept] = times[i];
        if (values != null) {
          values[kept] = values[i];
        }
        kept++;
      }
    }
    if (values != null) {
      Arrays.fill(values, kept, n, null);
    }
    n = kept;
  }

  @Override Object result(long asOf) {
    Acc acc = kind.create();
    for (int i = 0; i < n; i++) {
      if (times[i] > asOf - period) {
        acc.add(values == null ? Boolean.TRUE : values[i], times[i]);
      }
    }
    return acc.result();
  }

  @Override void write(ByteSink out) {
    out.uvarint(n);
    long previous = 0;
    for (int i = 0; i < n; i++) {
      out.varlong(times[i] - previous);   // deltas: a few bytes per entry
      previous = times[i];
      if (values != null) {
        Values.write(out, valueType, values[i]);
      }
    }
  }

  @Override void readFrom(ByteSource in) {
    n = in.count();
    times = new long[Math.max(4, n)];
    values = values == null ? null : new Object[Math.max(4, n)];
    long previous = 0;
    for (int i = 0; i < n; i++) {
      times[i] = previous + in.varlong();
      previous = times[i];
      oldest = Math.min(oldest, times[i]);
      if (values != null) {
        values[i] = Values.read(in, valueType);
      }
    }
  }
}
