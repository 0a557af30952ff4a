package io.millrace.features.online;

import io.millrace.api.MillraceException;
import io.millrace.api.Secrets;
import io.millrace.api.project.OnlineStoreSpec;
import io.millrace.features.online.internal.EncodedStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The scale-out online store: Redis by URL ({@code redis://host:port[/db]}). Each entity row is one
 * string key {@code <prefix><view><entity key>} holding the encoded row, so a batch lookup is one
 * {@code MGET}; a view's metadata (feature schemas, materialization marker) is one hash
 * {@code <prefix>meta:<view>}. The prefix ({@code millrace:<project>:} by default) lets projects share
 * a Redis.
 *
 * <p>Design notes. "Keep the newer event time" must hold with several writers (materialize and a
 * stream feed at once), so an upsert batch is one Lua script that compares each new row's event time
 * with the stored row's (its bytes 2–9, big-endian microseconds) and writes only when not older;
 * Redis runs a script atomically. Batches are cut at {@value #BATCH} keys to keep each script short.
 * Thread-safe (a pooled client). Single-node Redis: a script's keys may span hash slots.
 */
public final class RedisOnlineStore extends EncodedStore {
  static final int BATCH = 2000;
  private static final byte[] UPSERT = ("""
      local n = 0
      for i, k in ipairs(KEYS) do
        local old = redis.call('GET', k)
        local write = true
        if old and string.len(old) >= 9 then
          local t = 0
          for j = 2, 9 do t = t * 256 + string.byte(old, j) end
          if string.byte(old, 2) >= 128 then t = t - 18446744073709551616 end
          write = t <= tonumber(ARGV[2 * i - 1])
        end
        if write then
          redis.call('SET', k, ARGV[2 * i])
          n = n + 1
        end
      end
      return n
      """).getBytes(StandardCharsets.UTF_8);

  private final String url;
  private final byte[] prefix;
  private final RedisClient redis;

  private RedisOnlineStore(String url, String prefix) {
    this.url = url;
    this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    try {
      this.redis = RedisClient.create(URI.create(url));
      redis.ping();
    } catch (JedisException | IllegalArgumentException e) {
      throw MillraceException.external(e, "Cannot open the online store %s: %s", OnlineStoreSpec.mask(url),
          Secrets.mask(String.valueOf(e.getMessage())));
    }
  }

  /**
   * Connects to Redis.
   *
   * @param prefix prepended to every key this store writes, e.g. {@code millrace:<project>:}
   * @throws MillraceException EXTERNAL when Redis does not answer
   */
  public static RedisOnlineStore open(String url, String prefix) {
    return new RedisOnlineStore(url, prefix);
  }

  @Override
  protected List<byte[]> getAll(List<byte[]> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    byte[][] full = new byte[keys.size()][];
    for (int i = 0; i < full.length; i++) {
      full[i] = concat(prefix, keys.get(i));
    }
    try {
      return redis.mget(full);
    } catch (JedisException e) {
      throw fail("read", e);
    }
  }

  @Override
  protected void upsert(List<byte[]> keys, List<byte[]> rows, long[] eventMicros) {
    try {
      for (int from = 0; from < keys.size(); from += BATCH) {
        int to = Math.min(keys.size(), from + BATCH);
        List<byte[]> k = new ArrayList<>(to - from);
        List<byte[]> args = new ArrayList<>(2 * (to - from));
        for (int i = from; i < to; i++) {
          k.add(concat(prefix, keys.get(i)));
          args.add(Long.toString(eventMicros[i]).getBytes(StandardCharsets.US_ASCII));
          args.add(rows.get(i));
        }
        redis.eval(UPSERT, k, args);
      }
    } catch (JedisException e) {
      throw fail("write to", e);
    }
  }

  @Override
  protected byte[] meta(String view, String name) {
    try {
      return redis.hget(metaKey(view), name.getBytes(StandardCharsets.UTF_8));
    } catch (JedisException e) {
      throw fail("read", e);
    }
  }

  @Override
  protected void meta(String view, String name, byte[] value) {
    try {
      redis.hset(metaKey(view), name.getBytes(StandardCharsets.UTF_8), value);
    } catch (JedisException e) {
      throw fail("write to", e);
    }
  }

  @Override
  protected String describe() {
    return OnlineStoreSpec.mask(url);
  }

  @Override
  public void close() {
    redis.close();
  }

  private byte[] metaKey(String view) {
    return concat(prefix, ("meta:" + view).getBytes(StandardCharsets.UTF_8));
  }

  private MillraceException fail(String verb, JedisException e) {
    return MillraceException.external(e, "Cannot %s the online store %s: %s", verb, OnlineStoreSpec.mask(url),
        Secrets.mask(String.valueOf(e.getMessage())));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
