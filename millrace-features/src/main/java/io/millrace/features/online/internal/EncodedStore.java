package io.millrace.features.online.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.features.EntityKey;
import io.millrace.api.features.OnlineRow;
import io.millrace.api.features.OnlineStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every online store shares: rows encoded by {@link RowCodec}, feature names kept once per view
 * and schema, rows of one call deduplicated by entity before the store's conditional write.
 * Subclasses move bytes: batch reads, a batch upsert that keeps the newer event time, and a small
 * per-view metadata map.
 */
public abstract class EncodedStore implements OnlineStore {
  private static final String SCHEMA = "schema:";
  private static final String MARKER = "marker";
  private final Map<String, byte[]> prefixes = new ConcurrentHashMap<>();
  private final Map<String, List<String>> schemas = new ConcurrentHashMap<>();

  /** One value per key, in order; null where absent. */
  protected abstract List<byte[]> getAll(List<byte[]> keys);

  /** Writes each row unless the stored row of its key has a newer event time. Keys are distinct. */
  protected abstract void upsert(List<byte[]> keys, List<byte[]> rows, long[] eventMicros);

  protected abstract byte[] meta(String view, String name);

  protected abstract void meta(String view, String name, byte[] value);

  /** A short name for messages ({@code rocksdb /p/.millrace/online}). */
  protected abstract String describe();

  @Override
  public void write(String view, List<OnlineRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    byte[] prefix = prefix(view);
    // by encoded key: 7 and 7L are one entity; the newest row wins, the later one on equal times
    Map<ByteBuffer, OnlineRow> newest = new LinkedHashMap<>(rows.size() * 2);
    for (OnlineRow r : rows) {
      newest.merge(ByteBuffer.wrap(RowCodec.key(prefix, r.key(), view)), r,
          (old, now) -> now.eventTime().isBefore(old.eventTime()) ? old : now);
    }
    Map<List<String>, Integer> ids = new HashMap<>();
    List<byte[]> keys = new ArrayList<>(newest.size());
    List<byte[]> values = new ArrayList<>(newest.size());
    long[] times = new long[newest.size()];
    int i = 0;
    for (Map.Entry<ByteBuffer, OnlineRow> e : newest.entrySet()) {
      OnlineRow r = e.getValue();
      List<String> names = List.copyOf(r.values().keySet());
      int id = ids.computeIfAbsent(names, n -> register(view, n));
      long t = RowCodec.micros(r.eventTime());
      keys.add(e.getKey().array());
      values.add(RowCodec.row(t, id, new ArrayList<>(r.values().values()), names, view));
      times[i++] = t;
    }
    upsert(keys, values, times);
  }

  @Override
  public List<OnlineRow> read(String view, List<EntityKey> keys) {
    byte[] prefix = prefix(view);
    List<byte[]> encoded = new ArrayList<>(keys.size());
    for (EntityKey k : keys) {
      encoded.add(RowCodec.key(prefix, k, view));
    }
    List<byte[]> found = getAll(encoded);
    List<OnlineRow> out = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      byte[] row = found.get(i);
      out.add(row == null ? null : decode(view, keys.get(i), row));
    }
    return out;
  }

  @Override
  public Optional<String> marker(String view) {
    byte[] b = meta(view, MARKER);
    return b == null ? Optional.empty() : Optional.of(new String(b, StandardCharsets.UTF_8));
  }

  @Override
  public void setMarker(String view, String text) {
    meta(view, MARKER, text.getBytes(StandardCharsets.UTF_8));
  }

  private OnlineRow decode(String view, EntityKey key, byte[] row) {
    List<String> names = names(view, RowCodec.schemaId(row));
    List<Object> values = RowCodec.values(row, names.size());
    Map<String, Object> map = new LinkedHashMap<>(names.size() * 2);
    for (int i = 0; i < names.size(); i++) {
      map.put(names.get(i), values.get(i));
    }
    return new OnlineRow(key, RowCodec.instant(RowCodec.eventMicros(row)), map);
  }

  private List<String> names(String view, int id) {
    String cacheKey = view + '\0' + id;
    List<String> names = schemas.get(cacheKey);
    if (names == null) {
      byte[] b = meta(view, SCHEMA + id);
      if (b == null) {
        throw MillraceException.internal(null, "Cannot read view '%s' from the online store %s: a row names feature "
            + "schema %d, which the store does not hold; re-materialize the view", view, describe(), id);
      }
      names = RowCodec.names(b);
      schemas.put(cacheKey, names);
    }
    return names;
  }

  private int register(String view, List<String> names) {
    int id = RowCodec.schemaId(names);
    String cacheKey = view + '\0' + id;
    List<String> known = schemas.get(cacheKey);
    if (known == null) {
      byte[] stored = meta(view, SCHEMA + id);
      byte[] mine = RowCodec.names(names);
      if (stored == null) {
        meta(view, SCHEMA + id, mine);
      } else if (!Arrays.equals(stored, mine)) {
        throw MillraceException.internal(null, "Cannot write view '%s' to the online store %s: feature names %s hash "
            + "like the stored %s", view, describe(), names, RowCodec.names(stored));
      }
      schemas.put(cacheKey, names);
    } else if (!known.equals(names)) {
      throw MillraceException.internal(null, "Cannot write view '%s' to the online store %s: feature names %s hash "
          + "like %s", view, describe(), names, known);
    }
    return id;
  }

  private byte[] prefix(String view) {
    return prefixes.computeIfAbsent(view, RowCodec::prefix);
  }
}
