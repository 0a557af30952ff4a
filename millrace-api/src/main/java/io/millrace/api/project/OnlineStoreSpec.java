package io.millrace.api.project;

import io.millrace.api.Secrets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a project keeps its online features ({@code online_store:} in millrace.yaml): RocksDB in a
 * folder (default {@code .millrace/online/}) or Redis by URL ({@code redis://host:port[/db]}).
 *
 * @param kind the store
 * @param path the RocksDB folder; null for Redis
 * @param url the Redis URL; null for RocksDB
 */
public record OnlineStoreSpec(Kind kind, Path path, String url) {
  /** Which store. */
  public enum Kind { ROCKSDB, REDIS }

  public OnlineStoreSpec {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.ROCKSDB) {
      Objects.requireNonNull(path, "path");
    } else {
      Objects.requireNonNull(url, "url");
    }
  }

  /** The embedded default under a project's state folder. */
  public static OnlineStoreSpec rocksDb(Path stateDir) {
    return new OnlineStoreSpec(Kind.ROCKSDB, stateDir.resolve("online"), null);
  }

  public static OnlineStoreSpec redis(String url) {
    return new OnlineStoreSpec(Kind.REDIS, null, url);
  }

  /** For messages: the folder, or the URL with any password masked. */
  @Override
  public String toString() {
    return kind == Kind.ROCKSDB ? "rocksdb " + path : mask(url);
  }

  /** A Redis URL with its user info ({@code user:password@}, {@code :password@}) masked. */
  public static String mask(String url) {
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (scheme >= 0 && at > scheme) {
      return url.substring(0, scheme + 3) + "***" + url.substring(at);
    }
    return Secrets.mask(url);
  }
}
