package io.millrace.features.online;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Materializer#run} writes.
 *
 * @param views the views to materialize; empty for every {@code online: true} view
 * @param until the time the store should reflect: each entity's latest row at or before it (and, with a
 *     ttl, not older than {@code until - ttl})
 * @param full ignore the high-water mark and read every row again
 */
public record MaterializeRequest(List<String> views, Instant until, boolean full) {
  public MaterializeRequest {
    views = views == null ? List.of() : List.copyOf(views);
    Objects.requireNonNull(until, "until");
  }
}
