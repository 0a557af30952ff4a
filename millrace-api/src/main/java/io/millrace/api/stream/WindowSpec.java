package io.millrace.api.stream;

import io.millrace.api.MillraceException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Windowed aggregates written to a warehouse table when each window closes (its end plus the grace
 * period has passed in event time), e.g. views per {@code content_id} per minute.
 *
 * @param name window name; the table is {@code <job>_<name>}
 * @param groupBy the event field grouped by
 * @param size window length
 * @param advance hop (equal to {@code size} for tumbling windows)
 * @param grace allowed lateness after the window end; later events are counted as dropped
 * @param aggregates output columns besides {@code <groupBy>, window_start, window_end}
 */
public record WindowSpec(String name, String groupBy, Duration size, Duration advance, Duration grace,
                         List<WindowAggregate> aggregates) {
  public WindowSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(groupBy, "groupBy");
    Objects.requireNonNull(size, "size");
    advance = advance == null ? size : advance;
    grace = grace == null ? Duration.ZERO : grace;
    aggregates = List.copyOf(aggregates);
    if (size.isZero() || size.isNegative()) {
      throw MillraceException.user("Cannot declare window '%s': size must be positive, found %s", name, size);
    }
    if (advance.isZero() || advance.isNegative() || advance.compareTo(size) > 0) {
      throw MillraceException.user("Cannot declare window '%s': advance must be positive and at most the size %s, found %s",
          name, size, advance);
    }
    if (aggregates.isEmpty()) {
      throw MillraceException.user("Cannot declare window '%s': it needs at least one aggregate", name);
    }
  }

  public boolean tumbling() {
    return advance.equals(size);
  }
}
