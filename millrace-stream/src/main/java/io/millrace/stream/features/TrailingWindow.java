package io.millrace.stream.features;

import io.millrace.api.LogicalType;
import io.millrace.api.stream.Aggregation;
import java.util.Arrays;

/**
 * The filtered events of the last {@code period} before the entity's latest event, in arrival
 * order (one entry each: its time and value); queries fold them afresh in that order, so sums
 * round exactly as the batch SQL's ordered fold. A count is answered without a fold when no entry
 * can have left the period.
 *
 * <p>The state is kept ready to write, so that one more event costs about the same however many
 * the period holds: each entry is encoded once, when it arrives (its time as the delta from the
 * entry before it, then its value), writing the state copies those bytes, and forgetting the
 * oldest entries moves a start offset. Written form: the count, then (when not empty) the time the
 * first entry's delta is from, then the entries' bytes.
 *
 * <p>Forgetting relies on what {@link FeatureEngine} accepts: an event is never more than the
 * grace period before an event accepted earlier. So past the first entry later than
 * {@code bound + grace}, no entry is at or before {@code bound}, and only the entries before it
 * need looking at.
 */
final class TrailingWindow extends WindowState {
  private final Acc.Kind kind;
  private final LogicalType valueType;
  private final long period;
  private final long grace;
  private long[] times = new long[8];
  private Object[] values;
  /** {@code start[i]}: offset of entry i's bytes in {@link #enc}; {@code start[tail]} is their end. */
  private int[] start = new int[9];
  private int head;
  private int tail;
  private ByteSink enc = new ByteSink(32);
  /** The time entry {@code head}'s delta is from (0 while empty). */
  private long base;
  /** At most the earliest time held ({@code Long.MAX_VALUE} while empty). */
  private long low = Long.MAX_VALUE;

  TrailingWindow(Acc.Kind kind, LogicalType valueType, long period, long grace) {
    this.kind = kind;
    this.valueType = valueType;
    this.period = period;
    this.grace = grace;
    this.values = valueType == null ? null : new Object[8];
  }

  @Override void add(Object value, long micros, long entityMax) {
    forgetBefore(entityMax - period);
    if (micros <= entityMax - period) {
      return;
    }
    if (tail == times.length) {
      makeRoom();
    }
    append(micros, value, head == tail ? base : times[tail - 1]);
  }

  private void append(long micros, Object value, long previous) {
    enc.varlong(micros - previous);
    if (values != null) {
      Values.write(enc, valueType, value);
      values[tail] = value;
    }
    times[tail] = micros;
    tail++;
    start[tail] = enc.size();
    low = Math.min(low, micros);
  }

  /** Moves the entries to the front of the arrays and buffer, and doubles them when over half full. */
  private void makeRoom() {
    int n = tail - head;
    if (head > 0) {
      int from = start[head];
      enc.dropFront(from);
      System.arraycopy(times, head, times, 0, n);
      if (values != null) {
        System.arraycopy(values, head, values, 0, n);
        Arrays.fill(values, n, tail, null);
      }
      for (int i = 0; i <= n; i++) {
        start[i] = start[head + i] - from;
      }
      head = 0;
      tail = n;
    }
    if (n * 2 >= times.length) {
      int cap = times.length * 2;
      times = Arrays.copyOf(times, cap);
      start = Arrays.copyOf(start, cap + 1);
      if (values != null) {
        values = Arrays.copyOf(values, cap);
      }
    }
  }

  /** Drops entries at or before {@code bound}, keeping arrival order. */
  private void forgetBefore(long bound) {
    if (low > bound) {
      return;
    }
    int stop = head;
    while (stop < tail && times[stop] - grace <= bound) {
      stop++;
    }
    int kept = head;
    while (kept < stop && times[kept] <= bound) {
      kept++;
    }
    if (kept > head) {
      base = times[kept - 1];
      if (values != null) {
        Arrays.fill(values, head, kept, null);
      }
      head = kept;
    }
    for (int i = head; i < stop; i++) {
      if (times[i] <= bound) {   // an out-of-order entry behind one that stays
        rebuild(bound, stop);
        stop = head;
        while (stop < tail && times[stop] - grace <= bound) {
          stop++;
        }
        break;
      }
    }
    if (head == tail) {
      head = 0;
      tail = 0;
      start[0] = 0;
      enc.clear();
      base = 0;
      low = Long.MAX_VALUE;
      return;
    }
    long least = stop < tail ? times[stop] - grace : Long.MAX_VALUE;
    for (int i = head; i < stop; i++) {
      least = Math.min(least, times[i]);
    }
    low = least;
  }

  /**
   * Encodes the entries before {@code stop} (and entry {@code stop}, whose predecessor may go)
   * afresh without those at or before {@code bound}; the bytes of the later ones are copied.
   */
  private void rebuild(long bound, int stop) {
    int end = Math.min(stop + 1, tail);
    long[] oldTimes = times;
    Object[] oldValues = values;
    int[] oldStart = start;
    ByteSink old = enc;
    times = new long[oldTimes.length];
    values = oldValues == null ? null : new Object[oldValues.length];
    start = new int[oldStart.length];
    enc = new ByteSink(old.size());
    int from = head;
    int to = tail;
    head = 0;
    tail = 0;
    low = Long.MAX_VALUE;
    for (int i = from; i < end; i++) {
      if (oldTimes[i] > bound) {
        append(oldTimes[i], oldValues == null ? null : oldValues[i], tail == 0 ? base : times[tail - 1]);
      }
    }
    int shift = enc.size() - oldStart[end];
    enc.bytes(old.raw(), oldStart[end], oldStart[to] - oldStart[end]);
    for (int i = end; i < to; i++) {
      times[tail] = oldTimes[i];
      if (values != null) {
        values[tail] = oldValues[i];
      }
      tail++;
      start[tail] = oldStart[i + 1] + shift;
      low = Math.min(low, oldTimes[i]);
    }
  }

  @Override Object result(long asOf) {
    if (kind.aggregation() == Aggregation.COUNT && low > asOf - period) {
      return (long) (tail - head);
    }
    Acc acc = kind.create();
    for (int i = head; i < tail; i++) {
      if (times[i] > asOf - period) {
        acc.add(values == null ? Boolean.TRUE : values[i], times[i]);
      }
    }
    return acc.result();
  }

  @Override void write(ByteSink out) {
    out.uvarint(tail - head);
    if (tail > head) {
      out.varlong(base);
      out.bytes(enc.raw(), start[head], start[tail] - start[head]);
    }
  }

  @Override void readFrom(ByteSource in) {
    int n = in.count();
    int cap = Math.max(8, Integer.highestOneBit(Math.max(1, n)) * 2);
    times = new long[cap];
    start = new int[cap + 1];
    values = values == null ? null : new Object[cap];
    enc = new ByteSink(Math.max(32, n * 4));
    head = 0;
    tail = 0;
    base = 0;
    low = Long.MAX_VALUE;
    if (n == 0) {
      return;
    }
    base = in.varlong();
    long previous = base;
    for (int i = 0; i < n; i++) {
      long t = previous + in.varlong();
      append(t, values == null ? null : Values.read(in, valueType), previous);
      previous = t;
    }
  }
}
