package io.millrace.api.features;

import java.util.List;
import java.util.Optional;

/**
 * Where each entity's latest feature values are kept for serving: RocksDB under the project's
 * {@code .millrace/online/} by default, Redis by URL when scaled out. One contract, tested on both.
 *
 * <p>Values keep their types: Long (any integral number is stored as a Long), Double (Float as Double),
 * BigDecimal, String, Boolean, Instant (LocalDateTime is read as UTC, OffsetDateTime converted),
 * LocalDate, and null. Thread-safe.
 */
public interface OnlineStore extends AutoCloseable {
  /**
   * Upserts rows of one view; a row replaces the entity's previous one only if its event time is not
   * older (several rows of one entity in one call: the newest wins, the later one on equal times).
   *
   * @throws io.millrace.api.MillraceException USER naming the view and feature for a value of an
   *     unsupported type; EXTERNAL when the store cannot be written
   */
  void write(String view, List<OnlineRow> rows);

  /** One entry per key, in order; null where the store holds no row for that entity. */
  List<OnlineRow> read(String view, List<EntityKey> keys);

  /**
   * A short text the store keeps beside a view's rows (materialization records its high-water mark
   * here, so the mark always describes what this store holds). Empty when none was set.
   */
  default Optional<String> marker(String view) {
    return Optional.empty();
  }

  /** Sets {@link #marker}. */
  default void setMarker(String view, String text) {
    throw new UnsupportedOperationException("markers are not supported by " + getClass().getName());
  }

  @Override
  void close();
}
