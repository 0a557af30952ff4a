package io.millrace.stream.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.stream.WindowAggregate;
import io.millrace.api.stream.WindowSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The running aggregate of one window: event count, then per aggregated field its non-NULL count,
 * sum, min and max, as a {@code double[]} (numeric fields only). Stateless; one per window spec.
 */
public final class WindowAccumulator {
  private final WindowSpec spec;
  private final List<String> fields = new ArrayList<>();

  public WindowAccumulator(WindowSpec spec) {
    this.spec = spec;
    for (WindowAggregate a : spec.aggregates()) {
      if (a.field() != null && !fields.contains(a.field())) {
        fields.add(a.field());
      }
    }
  }

  public List<String> fields() {
    return fields;
  }

  public double[] empty() {
    double[] acc = new double[1 + 4 * fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      acc[1 + 4 * i + 2] = Double.POSITIVE_INFINITY;
      acc[1 + 4 * i + 3] = Double.NEGATIVE_INFINITY;
    }
    return acc;
  }

  /** The numeric values of the aggregated fields of one event, NaN for NULL. */
  public double[] values(Map<String, Object> record) {
    double[] v = new double[fields.size()];
    for (int i = 0; i < v.length; i++) {
      Object o = record.get(fields.get(i));
      v[i] = o instanceof Number n ? n.doubleValue() : o instanceof Boolean b ? (b ? 1 : 0) : Double.NaN;
    }
    return v;
  }

  public double[] add(double[] values, double[] acc) {
    double[] out = acc.clone();
    out[0]++;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i])) {
        int b = 1 + 4 * i;
        out[b]++;
        out[b + 1] += values[i];
        out[b + 2] = Math.min(out[b + 2], values[i]);
        out[b + 3] = Math.max(out[b + 3], values[i]);
      }
    }
    return out;
  }

  /** Writes the aggregate columns into a row; an aggregate over no non-NULL values is NULL (count 0). */
  public void write(double[] acc, ObjectNode row) {
    for (WindowAggregate a : spec.aggregates()) {
      if (a.field() == null) {
        row.put(a.name(), (long) acc[0]);
        continue;
      }
      int b = 1 + 4 * fields.indexOf(a.field());
      double n = acc[b];
      switch (a.function()) {
        case COUNT -> row.put(a.name(), (long) n);
        case SUM -> put(row, a.name(), n == 0 ? null : acc[b + 1]);
        case AVG -> put(row, a.name(), n == 0 ? null : acc[b + 1] / n);
        case MIN -> put(row, a.name(), n == 0 ? null : acc[b + 2]);
        case MAX -> put(row, a.name(), n == 0 ? null : acc[b + 3]);
        default -> throw new IllegalStateException(a.function().name());
      }
    }
  }

  private static void put(ObjectNode row, String name, Double v) {
    if (v == null) {
      row.putNull(name);
    } else {
      row.put(name, v);
    }
  }

  /** Serde of the accumulator (changelog and repartition). */
  public static Serde<double[]> serde() {
    return Serdes.serdeFrom((topic, a) -> {
      if (a == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.allocate(8 * a.length);
      for (double d : a) {
        b.putDouble(d);
      }
      return b.array();
    }, (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      double[] a = new double[bytes.length / 8];
      for (int i = 0; i < a.length; i++) {
        a[i] = b.getDouble();
      }
      return a;
    });
  }
}
