package io.millrace.quality.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The Kolmogorov–Smirnov expectations. Both need the sample itself, so they read the column's
 * non-null values (at most {@link ColumnData#MAX_VALUES}, else the expectation reports an error)
 * and test them in Java with commons-math.
 *
 * <ul>
 *   <li>{@code expect_column_parameterized_distribution_ks_test_p_value_to_be_greater_than}: one-sample
 *       two-sided KS test against a scipy-named distribution ({@link ScipyDistribution}); succeeds
 *       when the p-value is at least {@code p_value} (default 0.05).
 *   <li>{@code expect_column_bootstrapped_ks_test_p_value_to_be_greater_than}: {@code bootstrap_samples}
 *       (default 1000) resamples of {@code bootstrap_sample_size} values (default twice the number of
 *       bins) are each KS-tested against the partition's interpolated CDF; the observed value is
 *       {@code (1 + #rounds with p-value >= p) / (rounds + 1)} and must exceed {@code p}. Unlike GE,
 *       resampling uses a fixed seed, so a result is reproducible.
 * </ul>
 */
final class KsExpectations {
  /** Seed of the bootstrap resampling: fixed so that validating the same data gives the same verdict. */
  static final long BOOTSTRAP_SEED = 20_240_601L;

  private KsExpectations() {}

  static Check parameterized(BindContext c) {
    Kwargs k = c.kwargs();
    String col = ColumnData.numericColumn(c);
    String name = k.requiredString("distribution");
    Double pv = k.number("p_value");
    double threshold = pv == null ? 0.05 : pv;
    if (threshold <= 0 || threshold >= 1) {
      throw new BindError("p_value must be between 0 and 1 exclusive, got " + threshold + " (ValueError)");
    }
    Object params = k.raw("params");
    RealDistribution dist = ScipyDistribution.of(name, params);
    String sql = ColumnData.valuesSql(c, col);
    return new Check.Aggregate(col, col, "ks_p_value", plan -> {
      int q = plan.query(sql);
      return r -> {
        double[] data = ColumnData.doubles(AggregateExpectations.rows(r, q), col);
        if (data.length == 0) {
          return Outcome.of(false, null);
        }
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        double statistic = ks.kolmogorovSmirnovStatistic(dist, data);
        double p = ks.kolmogorovSmirnovTest(dist, data);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("statistic", statistic);
        result.put("pvalue", p);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("expected_params", params);
        details.put("observed_ks_result", result);
        return Outcome.of(p >= threshold, p).withDetails(details);
      };
    });
  }

  static Check bootstrapped(BindContext c) {
    Kwargs k = c.kwargs();
    String col = ColumnData.numericColumn(c);
    Partition p = Partition.parse(k.raw("partition_object"));
    if (p == null || p.categorical()) {
      throw new BindError("Invalid continuous partition object (ValueError)");
    }
    if (p.lowerInfinite() || p.upperInfinite()) {
      throw new BindError("Partition endpoints must be finite (ValueError)");
    }
    if (p.tailWeights() != null && Partition.sum(p.tailWeights()) > 0) {
      throw new BindError("Partition cannot have tail weights -- endpoints must be finite (ValueError)");
    }
    Double pk = k.number("p");
    double threshold = pk == null ? 0.05 : pk;
    Integer samplesKw = k.integer("bootstrap_samples");
    Integer sizeKw = k.integer("bootstrap_sample_size");
    int samples = samplesKw == null ? 1000 : samplesKw;
    int size = sizeKw == null ? 2 * p.weights().length : sizeKw;
    if (samples < 1 || size < 1) {
      throw new BindError("bootstrap_samples and bootstrap_sample_size must be positive (ValueError)");
    }
    String sql = ColumnData.valuesSql(c, col);
    return new Check.Aggregate(col, col, "bootstrapped_ks_p_value", plan -> {
      int q = plan.query(sql);
      return r -> {
        double[] data = ColumnData.doubles(AggregateExpectations.rows(r, q), col);
        if (data.length == 0) {
          return Outcome.of(false, null);
        }
        double observed = bootstrap(data, new PartitionCdf(p), samples, size, threshold);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bootstrap_samples", (long) samples);
        details.put("bootstrap_sample_size", (long) size);
        details.putAll(ObservedPartition.describe(data, p));
        return Outcome.of(observed > threshold, observed).withDetails(details);
      };
    });
  }

  /** Share (with GE's +1 smoothing) of bootstrap rounds whose KS p-value is at least {@code threshold}. */
  static double bootstrap(double[] data, RealDistribution cdf, int samples, int size, double threshold) {
    SplittableRandom rnd = new SplittableRandom(BOOTSTRAP_SEED);
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    double[] sample = new double[size];
    int passed = 0;
    for (int round = 0; round < samples; round++) {
      for (int i = 0; i < size; i++) {
        sample[i] = data[rnd.nextInt(data.length)];
      }
      if (ks.kolmogorovSmirnovTest(cdf, sample) >= threshold) {
        passed++;
      }
    }
    return (1.0 + passed) / (samples + 1);
  }
}
