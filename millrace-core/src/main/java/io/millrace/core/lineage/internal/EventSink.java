package io.millrace.core.lineage.internal;

import java.util.List;

/** Where serialized OpenLineage events go, in order. */
public interface EventSink {
  /** Delivers or keeps {@code events} (one JSON document each); never loses them silently. */
  void send(List<String> events);

  /** Waits for queued events, at most as long as the sink's timeout; then keeps what is left. */
  default void flush() {}
}
