package io.millrace.stream.features;

import io.millrace.api.LogicalType;
import io.millrace.api.stream.Aggregation;
import io.millrace.api.stream.FeatureWindow;
import java.time.Duration;

/**
 * One feature's state for one entity: the events of its window that can still count. Times are
 * microseconds since the epoch. {@code entityMax} is the entity's latest accepted event time (over
 * all its events, filtered or not); every query has {@code asOf >= entityMax}, so events that no
 * window containing such an {@code asOf} can see are forgotten.
 */
abstract class WindowState {

  /** Adds one accepted event that passed the feature's filter (value null only for COUNT(*)). */
  abstract void add(Object value, long micros, long entityMax);

  /** The feature's value as of {@code asOf >= entityMax}. */
  abstract Object result(long asOf);

  abstract void write(ByteSink out);

  /** Builds and reads the state of one feature for its window kind. */
  record Kind(Acc.Kind acc, FeatureWindow window, LogicalType valueType, long grace) {
    WindowState create() {
      if (window instanceof FeatureWindow.Lifetime) {
        return new LifetimeWindow(acc.create());
      } else if (window instanceof FeatureWindow.Tumbling t) {
        return new TumblingWindow(acc, micros(t.size()));
      } else if (window instanceof FeatureWindow.Hopping h) {
        return new HoppingWindow(acc, micros(h.size()), micros(h.advance()));
      } else if (window instanceof FeatureWindow.Trailing t) {
        return new TrailingWindow(acc, valueType, micros(t.period()), grace);
      } else {
        FeatureWindow.Session s = (FeatureWindow.Session) window;
        return new SessionWindows(acc.aggregation() == Aggregation.AVG_SESSION_LENGTH,
            micros(s.gap()), grace);
      }
    }

    WindowState read(ByteSource in) {
      WindowState w = create();
      w.readFrom(in);
      return w;
    }
  }

  abstract void readFrom(ByteSource in);

  static long micros(Duration d) {
    return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1_000);
  }
}
