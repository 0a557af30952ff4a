package io.millrace.core.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run ids that sort by start time and read as a UTC timestamp: {@code 20250101T120000123Z-3f2a}
 * (milliseconds, then 4 random hex digits so ids from different processes do not collide). Within
 * one process ids are strictly increasing: a second id in the same millisecond takes the next one.
 */
public final class RunIds {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
  private static final AtomicLong LAST = new AtomicLong();

  private RunIds() {}

  /** A new id for a run starting now. */
  public static String next() {
    return next(Instant.now());
  }

  /** A new id for a run starting at {@code start} (or just after, to stay increasing). */
  public static String next(Instant start) {
    long millis = LAST.updateAndGet(last -> Math.max(last + 1, start.toEpochMilli()));
    byte[] b = new byte[2];
    ThreadLocalRandom.current().nextBytes(b);
    return FORMAT.format(Instant.ofEpochMilli(millis)) + "-" + HexFormat.of().formatHex(b);
  }
}
