package io.millrace.stream.features;

import java.util.Arrays;

/**
 * Sessions: closed ones only as counts, open ones as {@code [start, end]} and their event count,
 * sorted by start. A session is closed once no acceptable event can join it: its end lies more
 * than {@code gap} before the earliest acceptable time ({@code entityMax - grace}).
 */
final class SessionWindows extends WindowState {
  private final boolean meanLength;
  private final long gap;
  private final long grace;
  private long closedSessions;
  private long closedEvents;
  private long[] starts = new long[2];
  private long[] ends = new long[2];
  private long[] counts = new long[2];
  private int open;

  SessionWindows(boolean meanLength, long gap, long grace) {
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
