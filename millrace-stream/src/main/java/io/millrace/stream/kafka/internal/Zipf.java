package io.millrace.stream.kafka.internal;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Samples ranks 0..n-1 with probability proportional to 1/(rank+1)^s, by inverse CDF. */
public final class Zipf {
  private final double[] cdf;

  public Zipf(int n, double s) {
    if (n < 1) {
      throw new IllegalArgumentException("Zipf needs at least one rank, not " + n);
    }
    cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, s);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
  }

  public int sample(SplittableRandom random) {
    int i = Arrays.binarySearch(cdf, random.nextDouble());
    return Math.min(i >= 0 ? i : -i - 1, cdf.length - 1);
  }
}
