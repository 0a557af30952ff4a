package io.millrace.stream.features;

import java.time.Instant;
import java.util.Optional;

/**
 * The feature state of one entity, owned by one caller at a time: {@link FeatureEngine#update}
 * mutates and returns it. Serialize it with {@link FeatureEngine#toBytes} (a few bytes per counter,
 * plus one entry per event of a trailing period, per distinct value and per open session).
 * Not thread-safe.
 */
public final class FeatureState {
  final int fingerprint;
  final WindowState[] features;
  final Object[] latestFields;
  long latest = Long.MIN_VALUE;
  long accepted;
  long late;
  /** Bytes of its last encoding: the next one's buffer size. */
  int encodedSize;

  FeatureState(int fingerprint, WindowState[] features, int fields) {
    this.fingerprint = fingerprint;
    this.features = features;
    this.latestFields = new Object[fields];
  }

  /** Event time of the entity's latest accepted event; empty before the first. */
  public Optional<Instant> latestEventTime() {
    return accepted == 0 ? Optional.empty() : Optional.of(Values.instant(latest));
  }

  /** Events that updated this state. */
  public long acceptedEvents() {
    return accepted;
  }

  /** Events refused because they came later than the grace period allows. */
  public long lateEvents() {
    return late;
  }
}
