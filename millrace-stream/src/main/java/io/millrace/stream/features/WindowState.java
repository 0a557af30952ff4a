package io.millrace.stream.features;

import io.millrace.api.LogicalType;
import io.millrace.api.stream.Aggregation;
import io.millrace.api.stream.FeatureWindow;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * One feature's state for one entity: the events of its window that can still count. Times are
 * microseconds since the epoch. {@code entityMax} is the entity's latest accepted event time (over
 * all its events, filtered or not); every query has {@code asOf >= entityMax}, so events that no
 * window containing such an {@code asOf} can see are forgotten.
 */
abstract class WindowState {

  /** Adds one accepted event that passed the feature's filter (value null only for COUNT(*)). */
  abstract void add(Object value, long micros, long entityMax);

  /** The feature's value as of {@code asOf >= entityMax}. */
  abstract Object result(long asOf);

  abstract void write(ByteSink out);

  /** Builds and reads the state of one feature for its window kind. */
  record Kind(Acc.Kind acc, FeatureWindow window, LogicalType valueType, long grace) {
    WindowState create() {
      if (window instanceof FeatureWindow.Lifetime) {
        return new Lifetime(acc.create());
      } else if (window instanceof FeatureWindow.Tumbling t) {
        return new Tumbling(acc, micros(t.size()));
      } else if (window instanceof FeatureWindow.Hopping h) {
        return new Hopping(acc, micros(h.size()), micros(h.advance()));
      } else if (window instanceof FeatureWindow.Trailing t) {
        return new Trailing(acc, valueType, micros(t.period()));
      } else {
        FeatureWindow.Session s = (FeatureWindow.Session) window;
        return new Sessions(acc.aggregation() == Aggregation.AVG_SESSION_LENGTH,
            micros(s.gap()), grace);
      }
    }

    WindowState read(ByteSource in) {
      WindowState w = create();
      w.readFrom(in);
      return w;
    }
  }

  abstract void readFrom(ByteSource in);

  static long micros(Duration d) {
    return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1_000);
  }

  /** The whole history: one accumulator. */
  static final class Lifetime extends WindowState {
    private Acc acc;

    Lifetime(Acc acc) {
      this.acc = acc;
    }

    @Override void add(Object value, long micros, long entityMax) {
      acc.add(value, micros);
    }

    @Override Object result(long asOf) {
      return acc.result();
    }

    @Override void write(ByteSink out) {
      acc.write(out);
    }

    @Override void readFrom(ByteSource in) {
      acc.readFrom(in);
    }
  }

  /**
   * Only the window of the latest filtered event is kept: an {@code asOf} at or after the entity's
   * latest event falls in that window or a later, empty, one.
   */
  static final class Tumbling extends WindowState {
    private final Acc.Kind kind;
    private final long size;
    private long index = Long.MIN_VALUE;
    private Acc acc;

    Tumbling(Acc.Kind kind, long size) {
      this.kind = kind;
      this.size = size;
    }

    @Override void add(Object value, long micros, long entityMax) {
      long w = Math.floorDiv(micros, size);
      if (w > index) {
        index = w;
        acc = kind.create();
      }
      if (w == index) {
        acc.add(value, micros);
      }
    }

    @Override Object result(long asOf) {
      return Math.floorDiv(asOf, size) == index ? acc.result() : kind.create().result();
    }

    @Override void write(ByteSink out) {
      out.u8(acc == null ? 0 : 1);
      if (acc != null) {
        out.varlong(index);
        acc.write(out);
      }
    }

    @Override void readFrom(ByteSource in) {
      if (in.u8() == 1) {
        index = in.varlong();
        acc = kind.read(in);
      }
    }
  }

  /**
   * One accumulator per window that contains the entity's latest event (at most
   * {@code ceil(size / advance)}); an event updates every kept window that contains it. The value
   * as of {@code asOf} is the oldest window containing {@code asOf}.
   */
  static final class Hopping extends WindowState {
    private final Acc.Kind kind;
    private final long size;
    private final long advance;
    private final TreeMap<Long, Acc> windows = new TreeMap<>();

    Hopping(Acc.Kind kind, long size, long advance) {
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

  /**
   * The filtered events of the last {@code period} before the entity's latest event, in arrival
   * order (one entry each: its time and value); queries fold them afresh in that order, so sums
   * round exactly as the batch SQL's ordered fold.
   */
  static final class Trailing extends WindowState {
    private final Acc.Kind kind;
    private final LogicalType valueType;
    private final long period;
    private long[] times = new long[4];
    private Object[] values;
    private int n;
    private long oldest = Long.MAX_VALUE;

    Trailing(Acc.Kind kind, LogicalType valueType, long period) {
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

  /**
   * Sessions: closed ones only as counts, open ones as {@code [start, end]} and their event count,
   * sorted by start. A session is closed once no acceptable event can join it: its end lies more
   * than {@code gap} before the earliest acceptable time ({@code entityMax - grace}).
   */
  static final class Sessions extends WindowState {
    private final boolean meanLength;
    private final long gap;
    private final long grace;
    private long closedSessions;
    private long closedEvents;
    private long[] starts = new long[2];
    private long[] ends = new long[2];
    private long[] counts = new long[2];
    private int open;

    Sessions(boolean meanLength, long gap, long grace) {
      this.meanLength = meanLength;
      this.gap = gap;
      this.grace = grace;
    }

    @Override void add(Object value, long t, long entityMax) {
      // open sessions that t joins: those with start - gap <= t <= end + gap (contiguous by order)
      int first = 0;
      while (first < open && ends[first] + gap < t) {
        first++;
      }
      int last = first;
      while (last < open && starts[last] - gap <= t) {
        last++;
      }
      long start = t;
      long end = t;
      long count = 1;
      for (int i = first; i < last; i++) {
        start = Math.min(start, starts[i]);
        end = Math.max(end, ends[i]);
        count += counts[i];
      }
      replace(first, last, start, end, count);
      close(entityMax - grace - gap);
    }

    /** Replaces open sessions {@code [from, to)} by one session. */
    private void replace(int from, int to, long start, long end, long count) {
      int newOpen = open - (to - from) + 1;
      if (newOpen > starts.length) {
        starts = Arrays.copyOf(starts, newOpen * 2);
        ends = Arrays.copyOf(ends, newOpen * 2);
        counts = Arrays.copyOf(counts, newOpen * 2);
      }
      int tail = open - to;
      System.arraycopy(starts, to, starts, from + 1, tail);
      System.arraycopy(ends, to, ends, from + 1, tail);
      System.arraycopy(counts, to, counts, from + 1, tail);
      starts[from] = start;
      ends[from] = end;
      counts[from] = count;
      open = newOpen;
    }

    private void close(long bound) {
      int closing = 0;
      while (closing < open && ends[closing] < bound) {
        closedSessions++;
        closedEvents += counts[closing];
        closing++;
      }
      if (closing > 0) {
        replaceHead(closing);
      }
    }

    private void replaceHead(int closing) {
      System.arraycopy(starts, closing, starts, 0, open - closing);
      System.arraycopy(ends, closing, ends, 0, open - closing);
      System.arraycopy(counts, closing, counts, 0, open - closing);
      open -= closing;
    }

    @Override Object result(long asOf) {
      long sessions = closedSessions + open;
      if (!meanLength) {
        return sessions;
      }
      long events = closedEvents;
      for (int i = 0; i < open; i++) {
        events += counts[i];
      }
      return sessions == 0 ? null : (double) events / sessions;
    }

    @Override void write(ByteSink out) {
      out.uvarint(closedSessions);
      out.uvarint(closedEvents);
      out.uvarint(open);
      for (int i = 0; i < open; i++) {
        out.varlong(starts[i]);
        out.uvarint(ends[i] - starts[i]);
        out.uvarint(counts[i]);
      }
    }

    @Override void readFrom(ByteSource in) {
      closedSessions = in.uvarint();
      closedEvents = in.uvarint();
      open = in.count();
      starts = new long[Math.max(2, open)];
      ends = new long[Math.max(2, open)];
      counts = new long[Math.max(2, open)];
      for (int i = 0; i < open; i++) {
        starts[i] = in.varlong();
        ends[i] = starts[i] + in.uvarint();
        counts[i] = in.uvarint();
      }
    }
  }
}
