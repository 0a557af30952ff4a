package io.millrace.quality.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/** Statistics checked against values printed by scipy 1.10 / numpy 1.24 for the same inputs. */
class DistStatsTest {
  private static final double[] DATA = {0.1, 0.5, 0.9, 1.3, -0.2, 0.05, 2.1, -1.0};

  @Test
  void entropyMatchesScipyAndIsInfiniteWhereOnlyExpectedIsZero() {
    assertThat(DistStats.entropy(new double[] {0.5, 0.25, 0.25}, new double[] {0.54, 0.36, 0.1}))
        .isCloseTo(0.09943138400349724, within(1e-12));
    assertThat(DistStats.entropy(new double[] {0.5, 0.5}, new double[] {1, 0})).isInfinite();
    assertThat(DistStats.entropy(new double[] {1, 0}, new double[] {0.5, 0.5})).isCloseTo(Math.log(2), within(1e-12));
  }

  @Test
  void chiSquareSurvivalIsAccurateFarIntoTheTail() {
    assertThat(DistStats.chiSquareSf(7.5, 3)).isCloseTo(0.0575584519726364, within(1e-12));
    assertThat(DistStats.chiSquareSf(240.8, 2)).isCloseTo(5.139778209762386e-53, within(1e-60));
    assertThat(DistStats.chiSquareSf(Double.POSITIVE_INFINITY, 2)).isZero();
  }

  @Test
  void autoBinsFollowNumpy() {
    assertThat(DistStats.autoBins(DATA)).containsExactly(new double[] {-1, -0.225, 0.55, 1.325, 2.1}, within(1e-12));
    assertThat(DistStats.histogram(DATA, new double[] {-1, 0, 1, 2.1})).containsExactly(2, 4, 2);
  }

  @Test
  void scipyDistributionsUseLocAndScale() {
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    assertThat(ks.kolmogorovSmirnovStatistic(ScipyDistribution.of("norm", Map.of("mean", 0, "std_dev", 1)), DATA))
        .isCloseTo(0.29574029056089696, within(1e-9));
    assertThat(ks.kolmogorovSmirnovStatistic(ScipyDistribution.of("gamma", List.of(2, -1.5, 0.7)), DATA))
        .isCloseTo(0.4289484419543683, within(1e-9));
    assertThat(ks.kolmogorovSmirnovTest(ScipyDistribution.of("norm", List.of(0, 1)), DATA))
        .isCloseTo(0.40743655530858014, within(0.01));
  }

  @Test
  void rejectsBadDistributionParameters() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScipyDistribution.of("norm", Map.of("mean", 0)))
        .isInstanceOf(BindError.class).hasMessageContaining("std_dev");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScipyDistribution.of("beta", List.of(-1, 2)))
        .isInstanceOf(BindError.class).hasMessageContaining("alpha");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScipyDistribution.of("cauchy", List.of()))
        .isInstanceOf(BindError.class).hasMessageContaining("not supported");
  }

  @Test
  void cramersPhiOfAPerfectAssociationIsOneAndOfIndependenceZero() {
    Crosstab diagonal = new Crosstab(new long[][] {{3, 0, 0}, {0, 3, 0}, {0, 0, 3}});
    assertThat(CramersPhi.phi(diagonal, 9)).isCloseTo(1.0, within(1e-12));
    Crosstab independent = new Crosstab(new long[][] {{2, 2}, {4, 4}});
    assertThat(CramersPhi.phi(independent, 12)).isZero();
  }

  @Test
  void twoByTwoTablesUseYatesCorrection() {
    // scipy.stats.chi2_contingency([[10, 2], [3, 9]])[0] == 6.041958041958042 (corrected)
    assertThat(new Crosstab(new long[][] {{10, 2}, {3, 9}}).chiSquare()).isCloseTo(6.041958041958042, within(1e-9));
  }
}
