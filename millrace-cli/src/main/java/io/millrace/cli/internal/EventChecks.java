package io.millrace.cli.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.stream.EventCheck;

/** The per-event checks of a stream job, from its suites. */
public final class EventChecks {
  private EventChecks() {}

  public static EventCheck of(StreamJobSpec job) {
    if (job.checks().isEmpty()) {
      return EventCheck.NONE;
    }
    throw MillraceException.user("Cannot check events of stream job '%s': per-event suites are not wired yet", job.name());
  }
}
