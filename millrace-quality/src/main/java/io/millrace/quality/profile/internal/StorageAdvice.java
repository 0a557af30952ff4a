package io.millrace.quality.profile.internal;

import java.util.Locale;

/**
 * Storage advice from cardinality and entropy. Entropy is the lower bound on bits per value an
 * encoding can reach; a dictionary pays off when values repeat a lot (few distinct values, or a
 * skewed distribution whose entropy is well below the {@code log2(distinct)} bits of fixed-width
 * dictionary codes), while near-unique columns gain nothing from a dictionary.
 */
public final class StorageAdvice {
  private StorageAdvice() {}

  public static String of(long rows, long nonNull, long distinct, double entropy) {
    String advice = core(nonNull, distinct, entropy);
    if (rows > 0 && nonNull > 0 && nonNull < rows / 10) {
      advice += "; mostly null (" + pct(1 - (double) nonNull / rows) + "): sparse";
    }
    return advice;
  }

  private static String core(long nonNull, long distinct, double entropy) {
    if (nonNull == 0) {
      return "all null: drop the column or store a constant";
    }
    if (distinct == 1) {
      return "constant: run-length encoding";
    }
    double uniqueness = (double) distinct / nonNull;
    if (uniqueness >= 0.9) {
      return String.format(Locale.ROOT, "plain (near-unique: %d distinct in %d values)", distinct, nonNull);
    }
    double maxBits = Entropy.log2(distinct);
    if (distinct * 10 <= nonNull) {
      return String.format(Locale.ROOT, "dictionary encoding (%d distinct values, %.2f bits/value)", distinct, entropy);
    }
    if (entropy < 0.5 * maxBits) {
      return String.format(Locale.ROOT, "dictionary encoding (skewed: %.2f of %.2f bits/value)", entropy, maxBits);
    }
    return String.format(Locale.ROOT, "plain (%d distinct in %d values, %.2f bits/value)", distinct, nonNull, entropy);
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }
}
