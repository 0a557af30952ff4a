package io.millrace.api.features;

import java.util.List;

/**
 * Where each entity's latest feature values are kept for serving: RocksDB under the project's
 * {@code .millrace/online/} by default, Redis by URL when scaled out. One contract, tested on both.
 */
public interface OnlineStore extends AutoCloseable {
  /** Upserts rows of one view; a row replaces the entity's previous one only if its event time is not older. */
  void write(String view, List<OnlineRow> rows);

  /** One entry per key, in order; null where the store holds no row for that entity. */
  List<OnlineRow> read(String view, List<EntityKey> keys);

  @Override
  void close();
}
