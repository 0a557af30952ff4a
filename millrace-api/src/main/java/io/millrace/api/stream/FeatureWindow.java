package io.millrace.api.stream;

import io.millrace.api.MillraceException;
import java.time.Duration;

/**
 * Which of an entity's events a feature covers, in event time, when evaluated as of an instant
 * {@code asOf} (the entity's latest event time in a stream job). Windows are aligned to the epoch
 * (1970-01-01T00:00Z), as Kafka Streams aligns them. Every window only ever sees events with event
 * time at or before {@code asOf}.
 */
public sealed interface FeatureWindow {

  /** The entity's whole history: every event with event time at or before {@code asOf}. */
  record Lifetime() implements FeatureWindow {
    @Override
    public String toString() {
      return "lifetime";
    }
  }

  /**
   * The tumbling window that contains {@code asOf}, up to {@code asOf}: events with event time in
   * {@code [floor(asOf / size) * size, asOf]}.
   */
  record Tumbling(Duration size) implements FeatureWindow {
    public Tumbling {
      positive("tumbling window size", size);
    }

    @Override
    public String toString() {
      return "tumbling " + size;
    }
  }

  /**
   * The oldest hopping window that contains {@code asOf} (the one with the most history), up to
   * {@code asOf}. Windows start at multiples of {@code advance} and last {@code size}; the chosen one
   * starts at {@code (floor((asOf - size) / advance) + 1) * advance}.
   */
  record Hopping(Duration size, Duration advance) implements FeatureWindow {
    public Hopping {
      positive("hopping window size", size);
      positive("hopping window advance", advance);
      if (advance.compareTo(size) > 0) {
        throw MillraceException.user(
            "Cannot define hopping window: advance %s is longer than its size %s", advance, size);
      }
    }

    @Override
    public String toString() {
      return "hopping " + size + " every " + advance;
    }
  }

  /** The period just before {@code asOf}: events with event time in {@code (asOf - period, asOf]}. */
  record Trailing(Duration period) implements FeatureWindow {
    public Trailing {
      positive("trailing period", period);
    }

    @Override
    public String toString() {
      return "trailing " + period;
    }
  }

  /**
   * Sessions of activity: events sorted by event time belong to the same session while each follows
   * the previous one by at most {@code gap}; a gap strictly longer than {@code gap} starts a new
   * session. Used by {@link Aggregation#SESSION_COUNT} and {@link Aggregation#AVG_SESSION_LENGTH}.
   */
  record Session(Duration gap) implements FeatureWindow {
    public Session {
      positive("session gap", gap);
    }

    @Override
    public String toString() {
      return "session (gap " + gap + ")";
    }
  }

  /** The whole-history window. */
  static FeatureWindow lifetime() {
    return new Lifetime();
  }

  private static void positive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw MillraceException.user("Cannot define %s: %s is not a positive duration", what, d);
    }
    if (d.toNanos() % 1_000_000 != 0) {
      throw MillraceException.user("Cannot define %s: %s is finer than a millisecond", what, d);
    }
  }
}
