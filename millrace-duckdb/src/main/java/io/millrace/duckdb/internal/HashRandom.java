package io.millrace.duckdb.internal;

/**
 * SQL expressions for the generators' randomness: {@code hash(key, seed, tag)}, deterministic per (row,
 * seed, purpose), independent across purposes, and parallel-safe.
 */
record HashRandom(long seed) {
  /** A bucket in [0, n) for {@code key} and purpose {@code tag}. */
  String bucket(String key, String tag, long n) {
    return bucket(key, tag, Long.toString(n));
  }

  String bucket(String key, String tag, String n) {
    return "CAST(hash(" + key + ", " + seed + ", '" + tag + "') % " + n + " AS BIGINT)";
  }

  /** A uniform double in [0, 1). */
  String uniform(String key, String tag) {
    return "(" + bucket(key, tag, 1_000_000) + " / 1000000.0)";
  }

  /** Roughly standard normal: the sum of four uniforms, centred and scaled (Irwin–Hall). */
  String normal(String key, String tag) {
    return "((" + uniform(key, tag + "1") + " + " + uniform(key, tag + "2") + " + "
        + uniform(key, tag + "3") + " + " + uniform(key, tag + "4") + " - 2) * sqrt(3))";
  }
}
