package io.millrace.features.online.internal;

import io.millrace.api.features.FeatureColumn;
import io.millrace.api.features.FeatureViewSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A view's materialization high-water mark, kept in the online store beside its rows: the source
 * table's snapshot read, the {@code until} time, and a fingerprint of what the view computes (a
 * changed definition means a full read). Text: {@code v1 snapshot=<id> until=<µs> def=<hex>}.
 */
public record Marker(long snapshot, Instant until, String fingerprint) {
  public static Optional<Marker> parse(String text) {
    String[] parts = text.trim().split(" ");
    if (parts.length != 4 || !parts[0].equals("v1")) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Marker(Long.parseLong(value(parts[1], "snapshot")),
          RowCodec.instant(Long.parseLong(value(parts[2], "until"))), value(parts[3], "def")));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A hash of the view's keys, source table, times, ttl and features. */
  public static String fingerprint(FeatureViewSpec v, String table) {
    StringBuilder s = new StringBuilder().append(v.entities()).append('|').append(table).append('|')
        .append(v.timestamp()).append('|').append(v.created()).append('|').append(v.ttl());
    for (FeatureColumn f : v.features()) {
      s.append('|').append(f.name()).append('=').append(f.expression());
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "v1 snapshot=" + snapshot + " until=" + RowCodec.micros(until) + " def=" + fingerprint;
  }

  private static String value(String part, String name) {
    if (!part.startsWith(name + "=")) {
      throw new IllegalArgumentException(part);
    }
    return part.substring(name.length() + 1);
  }
}
