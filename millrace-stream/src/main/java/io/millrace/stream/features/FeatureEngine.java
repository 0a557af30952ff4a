package io.millrace.stream.features;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.stream.FeatureSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a {@link FeatureSet} event by event, per entity, in event time.
 *
 * <p>Semantics (the batch SQL of {@link FeatureSql} computes the same values):
 * <ul>
 *   <li>Each entity has its own clock: its latest accepted event time. An event earlier than that
 *       clock minus the grace period is <em>late</em>: it changes no feature
 *       ({@link #isLate} tells the caller, which dead-letters or counts it). Every other event,
 *       in or out of order, counts exactly as if the events had arrived sorted by event time,
 *       except for ties: FIRST keeps the earlier arrival and LAST the later one.</li>
 *   <li>Features are evaluated as of an instant at or after the entity's clock (by default the
 *       clock itself); windows are read as documented on
 *       {@link io.millrace.api.stream.FeatureWindow}.</li>
 *   <li>Filters and columns that are NULL exclude the event from that feature only.</li>
 *   <li>Event fields as features hold the values of the entity's latest event (greatest event time,
 *       ties to the later arrival); a scored event uses its own ({@link #valuesForEvent}).</li>
 * </ul>
 *
 * <p>State per entity: constant for lifetime, tumbling and session counters (sessions keep only
 * those that a not-late event could still join), one accumulator per overlapping hopping window,
 * one entry per event of a trailing period (a few bytes each), and up to {@code distinctCap}
 * values per COUNT_DISTINCT feature (the count is exact up to the cap and reports the cap beyond).
 *
 * <p>Immutable and thread-safe; the states it hands out are not.
 */
public final class FeatureEngine {
  /** Default most distinct values kept per entity and COUNT_DISTINCT feature. */
  public static final int DEFAULT_DISTINCT_CAP = 10_000;
  private static final int FORMAT = 2;   // 2: trailing periods write the time their first delta is from

  private final BoundFeatures bound;
  private final List<WindowState.Kind> kinds;

  private FeatureEngine(BoundFeatures bound) {
    this.bound = bound;
    this.kinds = bound.aggregates.stream().map(bound::kind).toList();
  }

  /**
   * Binds {@code set} to events with {@code eventColumns} (name to type).
   *
   * @param grace how late (behind the entity's clock) an event may be and still count
   * @throws MillraceException USER naming the feature whose definition does not bind
   */
  public static FeatureEngine create(FeatureSet set, Map<String, LogicalType> eventColumns,
                                     Duration grace) {
    return create(set, eventColumns, grace, DEFAULT_DISTINCT_CAP);
  }

  /** As {@link #create(FeatureSet, Map, Duration)} with a cap on distinct values per feature. */
  public static FeatureEngine create(FeatureSet set, Map<String, LogicalType> eventColumns,
                                     Duration grace, int distinctCap) {
    return new FeatureEngine(new BoundFeatures(set, eventColumns, grace, distinctCap));
  }

  /** Every feature's name and type, in output order: event fields, aggregates, derived. */
  public Map<String, LogicalType> types() {
    return bound.types;
  }

  public Duration grace() {
    return bound.grace;
  }

  /** A state for an entity without events. */
  public FeatureState newState() {
    WindowState[] states = new WindowState[kinds.size()];
    for (int i = 0; i < states.length; i++) {
      states[i] = kinds.get(i).create();
    }
    return new FeatureState(bound.fingerprint, states, bound.fields.size());
  }

  /** True when an event at {@code eventTime} is too late for the entity's state to count it. */
  public boolean isLate(FeatureState state, Instant eventTime) {
    return state != null && isLate(state, Values.micros(eventTime));
  }

  private boolean isLate(FeatureState state, long t) {
    return state.accepted > 0 && t < state.latest - WindowState.micros(bound.grace);
  }

  /**
   * Counts one event. A late event only increments {@link FeatureState#lateEvents()}. The update is
   * all or nothing: when an expression or a value fails, the state is unchanged.
   *
   * @param state the entity's state, mutated and returned; null for an entity without state
   * @param event the event's fields (an absent field is NULL)
   * @throws MillraceException USER when a value does not fit its declared type or an expression
   *     fails on it (the event should be dead-lettered with this message)
   */
  public FeatureState update(FeatureState state, Map<String, ?> event, Instant eventTime) {
    FeatureState s = state == null ? newState() : checked(state);
    long t = Values.micros(eventTime);
    if (isLate(s, t)) {
      s.late++;
      return s;
    }
    EventRow row = new EventRow(event, bound.fields).compute();
    Object[] inputs = new Object[kinds.size()];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = input(bound.aggregates.get(i), row);
    }
    long max = s.accepted == 0 ? t : Math.max(s.latest, t);
    if (s.accepted == 0 || t >= s.latest) {
      for (int i = 0; i < bound.fields.size(); i++) {
        s.latestFields[i] = row.field(i);
      }
    }
    s.latest = max;
    s.accepted++;
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] != null) {
        s.features[i].add(inputs[i], t, max);
      }
    }
    return s;
  }

  /** What aggregate {@code a} takes from the row: its value, TRUE for COUNT(*), null to skip. */
  private static Object input(BoundFeatures.Aggregate a, EventRow row) {
    if (a.filter() != null && !Boolean.TRUE.equals(a.filter().eval(row))) {
      return null;
    }
    if (a.spec().column() == null) {
      return Boolean.TRUE;
    }
    return Values.coerce(row.get(a.spec().column()), a.columnType(),
        "column " + a.spec().column() + " of feature " + a.spec().name());
  }

  /** The event fields of one event, in declaration order. */
  public Map<String, Object> eventFields(Map<String, ?> event) {
    EventRow row = new EventRow(event, bound.fields).compute();
    Map<String, Object> out = new LinkedHashMap<>(capacity());
    for (int i = 0; i < bound.fields.size(); i++) {
      out.put(bound.fields.get(i).name(), row.field(i));
    }
    return out;
  }

  /** The entity's features as of its latest event (an empty state gives 0 counts and NULLs). */
  public Map<String, Object> values(FeatureState state) {
    return values(state, state == null || state.accepted == 0 ? null : Values.instant(state.latest));
  }

  /**
   * The entity's features as of {@code asOf}.
   *
   * @throws MillraceException USER when {@code asOf} is before the entity's latest event: the state
   *     no longer knows what it held then
   */
  public Map<String, Object> values(FeatureState state, Instant asOf) {
    FeatureState s = state == null ? newState() : checked(state);
    long a = asOf == null ? 0 : Values.micros(asOf);   // null: an empty state, any instant will do
    if (s.accepted > 0 && a < s.latest) {
      throw MillraceException.user("Cannot evaluate features as of %s: the entity has an event at %s",
          asOf, Values.instant(s.latest));
    }
    Map<String, Object> out = new LinkedHashMap<>(capacity());
    for (int i = 0; i < bound.fields.size(); i++) {
      out.put(bound.fields.get(i).name(), s.latestFields[i]);
    }
    return aggregatesAndDerived(s, a, out);
  }

  /**
   * Features for scoring one event just counted: the aggregates as of the entity's latest event,
   * with this event's own event fields (an out-of-order event keeps its own hour of day).
   */
  public Map<String, Object> valuesForEvent(FeatureState state, Map<String, ?> event) {
    FeatureState s = checked(state);
    Map<String, Object> out = eventFields(event);
    return aggregatesAndDerived(s, s.latest, out);
  }

  /** A map capacity that holds every feature without rehashing. */
  private int capacity() {
    return bound.types.size() * 4 / 3 + 2;
  }

  private Map<String, Object> aggregatesAndDerived(FeatureState s, long asOf, Map<String, Object> out) {
    for (int i = 0; i < kinds.size(); i++) {
      out.put(bound.aggregates.get(i).spec().name(), s.features[i].result(asOf));
    }
    for (BoundFeatures.Derived d : bound.derived) {
      out.put(d.name(), d.expr().eval(out));
    }
    return out;
  }

  /** The state's compact binary form (for a changelogged key-value store). */
  public byte[] toBytes(FeatureState state) {
    FeatureState s = checked(state);
    ByteSink out = new ByteSink(s.encodedSize + 16);
    out.u8(FORMAT);
    out.varlong(s.fingerprint);
    out.uvarint(s.accepted);
    out.uvarint(s.late);
    if (s.accepted > 0) {
      out.varlong(s.latest);
      for (int i = 0; i < bound.fields.size(); i++) {
        Values.writeNullable(out, bound.fields.get(i).expr().type(), s.latestFields[i]);
      }
    }
    for (WindowState w : s.features) {
      w.write(out);
    }
    s.encodedSize = out.size();
    return out.toBytes();
  }

  /**
   * Reads what {@link #toBytes} wrote.
   *
   * @throws MillraceException USER when the bytes come from other feature definitions (the job's
   *     state must then be reset), INTERNAL when they are corrupt
   */
  public FeatureState fromBytes(byte[] bytes) {
    ByteSource in = new ByteSource(bytes);
    try {
      int format = in.u8();
      int fingerprint = (int) in.varlong();
      if (format != FORMAT || fingerprint != bound.fingerprint) {
        throw MillraceException.user("Cannot read feature state: it was written by other feature "
            + "definitions (format %d, fingerprint %08x; expected %d, %08x); reset the job's state",
            format, fingerprint, FORMAT, bound.fingerprint);
      }
      FeatureState s = new FeatureState(bound.fingerprint, new WindowState[kinds.size()],
          bound.fields.size());
      s.accepted = in.uvarint();
      s.late = in.uvarint();
      if (s.accepted > 0) {
        s.latest = in.varlong();
        for (int i = 0; i < bound.fields.size(); i++) {
          s.latestFields[i] = Values.readNullable(in, bound.fields.get(i).expr().type());
        }
      }
      for (int i = 0; i < kinds.size(); i++) {
        s.features[i] = kinds.get(i).read(in);
      }
      if (!in.exhausted()) {
        throw new IllegalStateException("trailing bytes after the last feature");
      }
      return s;
    } catch (IllegalStateException | IndexOutOfBoundsException e) {
      throw MillraceException.internal(e, "Cannot read feature state of %d bytes: %s",
          bytes.length, e.getMessage());
    }
  }

  private FeatureState checked(FeatureState s) {
    if (s.fingerprint != bound.fingerprint) {
      throw new IllegalArgumentException("state of other feature definitions");
    }
    return s;
  }

  /**
   * Whether {@link #update} either succeeds or leaves the state it was given as it was: true unless a
   * feature sums or averages an integer column (whose overflow is found after earlier features of
   * the same event were added). Every other refusal (a value that does not fit, an expression that
   * fails) happens before the state is touched.
   */
  public boolean atomicUpdates() {
    return bound.aggregates.stream().noneMatch(a -> (a.spec().aggregation() == io.millrace.api.stream.Aggregation.SUM
        || a.spec().aggregation() == io.millrace.api.stream.Aggregation.AVG) && a.columnType() != io.millrace.api.LogicalType.DOUBLE);
  }

  BoundFeatures bound() {
    return bound;
  }
}
