package io.millrace.stream.features;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.stream.Aggregation;
import java.util.HashSet;
import java.util.Set;

/**
 * The running aggregate of one feature over one set of events, fed in arrival order. Values are
 * never null here (the caller skips NULLs; COUNT without column gets a placeholder). Owned and
 * mutated by one state; not thread-safe.
 */
abstract class Acc {

  abstract void add(Object value, long micros);

  /** The aggregate; 0 for empty counts, null for other empty aggregates. */
  abstract Object result();

  abstract void write(ByteSink out);

  /** Creates and reads the accumulators of one feature. */
  record Kind(String feature, Aggregation aggregation, LogicalType type, int distinctCap) {
    Acc create() {
      return switch (aggregation) {
        case COUNT -> new Count();
        case COUNT_DISTINCT -> new Distinct(type, distinctCap);
        case SUM, AVG -> type == LogicalType.DOUBLE ? new DoubleSum(aggregation == Aggregation.AVG)
            : new LongSum(feature, aggregation == Aggregation.AVG);
        case MIN, MAX -> new Extreme(type, aggregation == Aggregation.MAX);
        case FIRST, LAST -> new Pick(type, aggregation == Aggregation.LAST);
        case SESSION_COUNT, AVG_SESSION_LENGTH ->
            throw new IllegalStateException("sessions have no accumulator: " + feature);
      };
    }

    Acc read(ByteSource in) {
      Acc acc = create();
      acc.readFrom(in);
      return acc;
    }
  }

  abstract void readFrom(ByteSource in);

  static final class Count extends Acc {
    long n;

    @Override void add(Object value, long micros) {
      n++;
    }

    @Override Object result() {
      return n;
    }

    @Override void write(ByteSink out) {
      out.uvarint(n);
    }

    @Override void readFrom(ByteSource in) {
      n = in.uvarint();
    }
  }

  /**
   * Integer sum, exact: a long with overflow refused (DuckDB's BIGINT addition refuses it too). The
   * mean divides the sum, converted to double, by the count.
   */
  static final class LongSum extends Acc {
    private final String feature;
    private final boolean mean;
    long sum;
    long n;

    LongSum(String feature, boolean mean) {
      this.feature = feature;
      this.mean = mean;
    }

    @Override void add(Object value, long micros) {
      try {
        sum = Math.addExact(sum, ((Number) value).longValue());
      } catch (ArithmeticException e) {
        throw MillraceException.user("Cannot sum feature %s: adding %s to %s overflows a BIGINT",
            feature, value, sum);
      }
      n++;
    }

    @Override Object result() {
      return n == 0 ? null : mean ? (double) sum / n : (Object) sum;
    }

    @Override void write(ByteSink out) {
      out.uvarint(n);
      out.varlong(sum);
    }

    @Override void readFrom(ByteSource in) {
      n = in.uvarint();
      sum = in.varlong();
    }
  }

  /**
   * Double sum, added left to right in arrival order: the batch SQL folds the values in the same
   * order, so both round identically.
   */
  static final class DoubleSum extends Acc {
    private final boolean mean;
    double sum;
    long n;

    DoubleSum(boolean mean) {
      this.mean = mean;
    }

    @Override void add(Object value, long micros) {
      sum = n == 0 ? (Double) value : sum + (Double) value;
      n++;
    }

    @Override Object result() {
      return n == 0 ? null : mean ? sum / n : (Object) sum;
    }

    @Override void write(ByteSink out) {
      out.uvarint(n);
      if (n > 0) {
        out.f64(sum);
      }
    }

    @Override void readFrom(ByteSource in) {
      n = in.uvarint();
      sum = n > 0 ? in.f64() : 0.0;
    }
  }

  static final class Extreme extends Acc {
    private final LogicalType type;
    private final boolean max;
    Object best;

    Extreme(LogicalType type, boolean max) {
      this.type = type;
      this.max = max;
    }

    @Override void add(Object value, long micros) {
      if (best == null) {
        best = value;
      } else {
        int c = Values.compare(value, best);
        if (max ? c > 0 : c < 0) {
          best = value;
        }
      }
    }

    @Override Object result() {
      return best;
    }

    @Override void write(ByteSink out) {
      Values.writeNullable(out, type, best);
    }

    @Override void readFrom(ByteSource in) {
      best = Values.readNullable(in, type);
    }
  }

  /**
   * FIRST keeps the value of the least (event time, arrival), LAST of the greatest: fed in arrival
   * order, FIRST replaces only on a strictly earlier time and LAST on a later or equal one.
   */
  static final class Pick extends Acc {
    private final LogicalType type;
    private final boolean last;
    Object value;
    long micros;

    Pick(LogicalType type, boolean last) {
      this.type = type;
      this.last = last;
    }

    @Override void add(Object v, long t) {
      if (value == null || (last ? t >= micros : t < micros)) {
        value = v;
        micros = t;
      }
    }

    @Override Object result() {
      return value;
    }

    @Override void write(ByteSink out) {
      Values.writeNullable(out, type, value);
      if (value != null) {
        out.varlong(micros);
      }
    }

    @Override void readFrom(ByteSource in) {
      value = Values.readNullable(in, type);
      micros = value == null ? 0 : in.varlong();
    }
  }

  /**
   * Distinct values, exact up to {@code cap}: once {@code cap} values are held no new one is added,
   * so the reported count is {@code min(distinct values, cap)} (the batch SQL reports the same).
   */
  static final class Distinct extends Acc {
    private final LogicalType type;
    private final int cap;
    final Set<Object> seen = new HashSet<>();

    Distinct(LogicalType type, int cap) {
      this.type = type;
      this.cap = cap;
    }

    @Override void add(Object value, long micros) {
      if (seen.size() < cap) {
        seen.add(Values.distinctKey(value));
      }
    }

    @Override Object result() {
      return (long) seen.size();
    }

    @Override void write(ByteSink out) {
      out.uvarint(seen.size());
      for (Object v : seen) {
        Values.write(out, type, v);
      }
    }

    @Override void readFrom(ByteSource in) {
      int n = in.count();
      for (int i = 0; i < n; i++) {
        seen.add(Values.read(in, type));
      }
    }
  }
}
