package io.millrace.stream.features;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.stream.Aggregation;
import io.millrace.api.stream.DerivedFeature;
import io.millrace.api.stream.EventField;
import io.millrace.api.stream.FeatureSet;
import io.millrace.api.stream.FeatureSpec;
import io.millrace.api.stream.FeatureWindow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A {@link FeatureSet} bound to the event columns: expressions parsed, columns resolved, result
 * types known. Shared by the state engine and the SQL compiler so that both read one binding.
 */
final class BoundFeatures {
  /** Most hopping windows one event may fall in; more is a trailing window in disguise. */
  static final int MAX_HOPS = 1000;

  record Field(String name, Expr expr) {}

  record Aggregate(FeatureSpec spec, Expr filter, LogicalType columnType, LogicalType type) {}

  record Derived(String name, Expr expr) {}

  final FeatureSet set;
  final Duration grace;
  final int distinctCap;
  final List<Field> fields = new ArrayList<>();
  final List<Aggregate> aggregates = new ArrayList<>();
  final List<Derived> derived = new ArrayList<>();
  /** Every feature's result type, in output order (event fields, aggregates, derived). */
  final Map<String, LogicalType> types;
  final int fingerprint;

  BoundFeatures(FeatureSet set, Map<String, LogicalType> eventColumns, Duration grace, int distinctCap) {
    this.set = set;
    if (grace == null || grace.isNegative()) {
      throw MillraceException.user("Cannot bind features: the grace period %s is negative", grace);
    }
    if (distinctCap < 1) {
      throw MillraceException.user("Cannot bind features: distinct cap %d is below 1", distinctCap);
    }
    this.grace = grace;
    this.distinctCap = distinctCap;
    Map<String, LogicalType> row = new LinkedHashMap<>(eventColumns);
    Map<String, LogicalType> out = new LinkedHashMap<>();
    for (EventField f : set.eventFields()) {
      if (row.containsKey(f.name())) {
        throw MillraceException.user(
            "Cannot bind event field %s: the events already have a field of that name", f.name());
      }
      Expr e = Expr.parse("event field " + f.name(), f.expression(), row);
      fields.add(new Field(f.name(), e));
      row.put(f.name(), e.type());
      out.put(f.name(), e.type());
    }
    for (FeatureSpec spec : set.aggregates()) {
      Aggregate a = bind(spec, row);
      aggregates.add(a);
      out.put(spec.name(), a.type());
    }
    for (DerivedFeature d : set.derived()) {
      Expr e = Expr.parse("derived feature " + d.name(), d.expression(), out);
      derived.add(new Derived(d.name(), e));
      out.put(d.name(), e.type());
    }
    this.types = Collections.unmodifiableMap(out);
    CRC32 crc = new CRC32();
    crc.update((set + "|" + eventColumns + "|" + grace + "|" + distinctCap)
        .getBytes(StandardCharsets.UTF_8));
    this.fingerprint = (int) crc.getValue();
  }

  private Aggregate bind(FeatureSpec spec, Map<String, LogicalType> row) {
    Expr filter = spec.filter() == null ? null
        : Expr.parse("the filter of feature " + spec.name(), spec.filter(), row);
    if (filter != null && filter.type() != LogicalType.BOOLEAN) {
      throw MillraceException.user("Cannot bind feature %s: its filter %s is %s, not BOOLEAN",
          spec.name(), spec.filter(), filter.type());
    }
    LogicalType columnType = null;
    if (spec.column() != null) {
      columnType = row.get(spec.column());
      if (columnType == null) {
        throw MillraceException.user("Cannot bind feature %s: no event field %s (fields: %s)",
            spec.name(), spec.column(), String.join(", ", row.keySet()));
      }
    }
    Aggregation agg = spec.aggregation();
    boolean numeric = columnType == LogicalType.INTEGER || columnType == LogicalType.BIGINT
        || columnType == LogicalType.DOUBLE;
    if ((agg == Aggregation.SUM || agg == Aggregation.AVG) && !numeric) {
      throw MillraceException.user("Cannot bind feature %s: %s needs a number, %s is %s",
          spec.name(), agg, spec.column(), columnType);
    }
    if (columnType == LogicalType.BLOB && agg != Aggregation.COUNT) {
      throw MillraceException.user("Cannot bind feature %s: %s of BLOB column %s",
          spec.name(), agg, spec.column());
    }
    if (spec.window() instanceof FeatureWindow.Hopping h
        && (h.size().toMillis() + h.advance().toMillis() - 1) / h.advance().toMillis() > MAX_HOPS) {
      throw MillraceException.user("Cannot bind feature %s: a %s window overlaps more than %d "
          + "windows per event; use a trailing window", spec.name(), h, MAX_HOPS);
    }
    LogicalType type = switch (agg) {
      case COUNT, COUNT_DISTINCT, SESSION_COUNT -> LogicalType.BIGINT;
      case AVG, AVG_SESSION_LENGTH -> LogicalType.DOUBLE;
      case SUM -> columnType == LogicalType.DOUBLE ? LogicalType.DOUBLE : LogicalType.BIGINT;
      case MIN, MAX, FIRST, LAST -> columnType;
    };
    return new Aggregate(spec, filter, columnType, type);
  }

  /** The state kind of aggregate {@code a}. */
  WindowState.Kind kind(Aggregate a) {
    Acc.Kind acc = new Acc.Kind(a.spec().name(), a.spec().aggregation(), a.columnType(), distinctCap);
    LogicalType stored = a.spec().aggregation() == Aggregation.COUNT ? null : a.columnType();
    return new WindowState.Kind(acc, a.spec().window(), stored, WindowState.micros(grace));
  }
}
