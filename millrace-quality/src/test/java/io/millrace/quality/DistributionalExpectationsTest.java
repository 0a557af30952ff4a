package io.millrace.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.MillraceException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The distributional expectations on generated samples, beyond GE's own cases. */
class DistributionalExpectationsTest {
  private DuckRunner db;

  @BeforeEach
  void setUp() {
    db = new DuckRunner();
    // The normal sample has its own stream, so its KS p-value is fixed (checked with scipy).
    Random gauss = new Random(42); // scipy: kstest p = 0.123 against N(0, 1)
    Random rnd = new Random(43);
    StringJoiner rows = new StringJoiner(", ");
    for (int i = 0; i < 2000; i++) {
      double z = gauss.nextGaussian();
      String cat = i % 10 < 5 ? "a" : i % 10 < 8 ? "b" : "c";
      String dep = cat.equals("a") ? "x" : "y";
      String indep = (i / 10) % 2 == 0 ? "x" : "y";
      rows.add("(" + z + ", " + (z + 0.5) + ", " + (-Math.log(1 - rnd.nextDouble()) * 3) + ", '" + cat + "', '"
          + dep + "', '" + indep + "')");
    }
    db.execute("CREATE TABLE d (z DOUBLE, shifted DOUBLE, expo DOUBLE, cat VARCHAR, dep VARCHAR, indep VARCHAR)");
    db.execute("INSERT INTO d VALUES " + rows);
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private ExpectationResult run(String type, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    ValidationResult r = new Validator().validate(Suite.of("t", List.of(ExpectationConfig.of(type, m))), db, "d",
        ValidationOptions.DEFAULT);
    return r.results().get(0);
  }

  private static final String KS = "expect_column_parameterized_distribution_ks_test_p_value_to_be_greater_than";

  @Test
  void normalSamplePassesNormKsTestAndShiftedSampleFails() {
    Map<String, Object> std = Map.of("mean", 0, "std_dev", 1);
    ExpectationResult ok = run(KS, "column", "z", "distribution", "norm", "params", std);
    ExpectationResult shifted = run(KS, "column", "shifted", "distribution", "norm", "params", std);
    assertThat(ok.success()).as("%s", ok.result()).isTrue();
    assertThat((Double) ok.result().get("observed_value")).isGreaterThan(0.05);
    assertThat(shifted.success()).isFalse();
    assertThat((Double) shifted.result().get("observed_value")).isLessThan(1e-10);
  }

  @Test
  void exponentialSamplePassesExponTestWithItsScaleOnly() {
    assertThat(run(KS, "column", "expo", "distribution", "expon", "params", List.of(0, 3)).success()).isTrue();
    assertThat(run(KS, "column", "expo", "distribution", "expon", "params", List.of(0, 1.5)).success()).isFalse();
  }

  @Test
  void klDivergenceOfMatchingCategoriesIsNearZeroAndUnexpectedValueNeedsTailHoldout() {
    Map<String, Object> exact = Map.of("values", List.of("a", "b", "c"), "weights", List.of(0.5, 0.3, 0.2));
    ExpectationResult same = run("expect_column_kl_divergence_to_be_less_than", "column", "cat",
        "partition_object", exact, "threshold", 0.01);
    assertThat(same.success()).isTrue();
    assertThat((Double) same.result().get("observed_value")).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
    Map<String, Object> missingC = Map.of("values", List.of("a", "b"), "weights", List.of(0.6, 0.4));
    ExpectationResult strict = run("expect_column_kl_divergence_to_be_less_than", "column", "cat",
        "partition_object", missingC, "threshold", 0.5);
    assertThat(strict.success()).isFalse();
    assertThat(strict.result().get("observed_value")).isNull();
    ExpectationResult held = run("expect_column_kl_divergence_to_be_less_than", "column", "cat",
        "partition_object", missingC, "threshold", 0.5, "tail_weight_holdout", 0.2);
    assertThat(held.success()).isTrue();
  }

  @Test
  void klDivergenceOverNormalBinsDetectsAShift() {
    Map<String, Object> normalDeciles = Map.of(
        "bins", List.of(-1.2816, -0.8416, -0.5244, -0.2533, 0.0, 0.2533, 0.5244, 0.8416, 1.2816),
        "weights", List.of(0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1), "tail_weights", List.of(0.1, 0.1));
    ExpectationResult ok = run("expect_column_kl_divergence_to_be_less_than", "column", "z",
        "partition_object", normalDeciles, "threshold", 0.02);
    ExpectationResult shifted = run("expect_column_kl_divergence_to_be_less_than", "column", "shifted",
        "partition_object", normalDeciles, "threshold", 0.02);
    assertThat(ok.success()).isTrue();
    assertThat(shifted.success()).isFalse();
    assertThat((Double) shifted.result().get("observed_value")).isGreaterThan(0.1);
    @SuppressWarnings("unchecked")
    Map<String, Object> observed = (Map<String, Object>) ((Map<String, Object>) ok.result().get("details"))
        .get("observed_partition");
    assertThat((List<?>) observed.get("weights")).hasSize(8);
    assertThat((List<?>) observed.get("tail_weights")).hasSize(2);
  }

  @Test
  void chiSquareAcceptsTheTrueFrequenciesAndRejectsUniformOnes() {
    ExpectationResult ok = run("expect_column_chisquare_test_p_value_to_be_greater_than", "column", "cat",
        "partition_object", Map.of("values", List.of("a", "b", "c"), "weights", List.of(0.5, 0.3, 0.2)));
    ExpectationResult bad = run("expect_column_chisquare_test_p_value_to_be_greater_than", "column", "cat",
        "partition_object", Map.of("values", List.of("a", "b", "c"), "weights", List.of(0.34, 0.33, 0.33)));
    assertThat(ok.success()).isTrue();
    assertThat((Double) ok.result().get("observed_value")).isEqualTo(1.0);
    assertThat(bad.success()).isFalse();
  }

  @Test
  void cramersPhiIsOneForADeterminedColumnAndZeroForAnIndependentOne() {
    ExpectationResult dependent = run("expect_column_pair_cramers_phi_value_to_be_less_than",
        "column_A", "cat", "column_B", "dep");
    ExpectationResult independent = run("expect_column_pair_cramers_phi_value_to_be_less_than",
        "column_A", "cat", "column_B", "indep");
    assertThat(dependent.success()).isFalse();
    assertThat((Double) dependent.result().get("observed_value")).isCloseTo(1.0,
        org.assertj.core.data.Offset.offset(1e-3));
    assertThat(independent.success()).isTrue();
  }

  @Test
  void bootstrappedKsIsReproducibleAndSeparatesShiftedData() {
    Map<String, Object> partition = Map.of(
        "bins", List.of(-4.0, -2.0, -1.0, 0.0, 1.0, 2.0, 4.0),
        "weights", List.of(0.0228, 0.1359, 0.3413, 0.3413, 0.1359, 0.0228));
    String type = "expect_column_bootstrapped_ks_test_p_value_to_be_greater_than";
    ExpectationResult first = run(type, "column", "z", "partition_object", partition, "bootstrap_sample_size", 200);
    ExpectationResult again = run(type, "column", "z", "partition_object", partition, "bootstrap_sample_size", 200);
    ExpectationResult shifted = run(type, "column", "shifted", "partition_object", partition,
        "bootstrap_sample_size", 200);
    assertThat(first.success()).isTrue();
    assertThat(again.result().get("observed_value")).isEqualTo(first.result().get("observed_value"));
    assertThat(shifted.success()).isFalse();
  }

  @Test
  void invalidPartitionIsAUserErrorNamingTheExpectation() {
    assertThatThrownBy(() -> run("expect_column_kl_divergence_to_be_less_than", "column", "z",
        "partition_object", Map.of("bins", List.of(0, 1), "weights", List.of(0.5)), "threshold", 0.1))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("expect_column_kl_divergence_to_be_less_than")
        .hasMessageContaining("Invalid partition object");
    assertThatThrownBy(() -> run("expect_column_bootstrapped_ks_test_p_value_to_be_greater_than", "column", "z",
        "partition_object", Map.of("bins", List.of(Double.NEGATIVE_INFINITY, 0, 1), "weights", List.of(0.5, 0.5))))
        .isInstanceOf(MillraceException.class).hasMessageContaining("Partition endpoints must be finite");
  }
}
