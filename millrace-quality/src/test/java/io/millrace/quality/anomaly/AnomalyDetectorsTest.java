package io.millrace.quality.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.millrace.api.MillraceException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyDetectorsTest {
  // By hand, alpha 0.5 over [10, 12, 11]: s0=10 d0=0; d1=0.5*|12-10|=1, s1=11; d2=0.5*|11-11|+0.5*1=0.5, s2=11.
  private static final List<Double> SHORT = List.of(10.0, 12.0, 11.0);

  @Test
  void smoothsLevelAndDeviationAsHandComputed() {
    AnomalyVerdict v = AnomalyDetectors.exponentialSmoothing(SHORT, 13, 0.5, 3, 3);
    assertThat(v.expected()).isEqualTo(11.0);
    assertThat(v.deviation()).isEqualTo(2.0);
    // band = 3 * 0.5 = 1.5 < 2
    assertThat(v.anomalous()).isTrue();
    assertThat(v.explanation()).contains("1.5");
  }

  @Test
  void acceptsValueInsideTheBand() {
    AnomalyVerdict v = AnomalyDetectors.exponentialSmoothing(SHORT, 12.5, 0.5, 3, 3);
    assertThat(v.deviation()).isEqualTo(1.5);
    assertThat(v.anomalous()).isFalse();
  }

  @Test
  void flagsSpikeAfterSteadyNoisySeries() {
    List<Double> steady = List.of(100.0, 102.0, 98.0, 101.0, 99.0, 100.0, 101.0, 99.0, 100.0, 100.0);
    assertThat(AnomalyDetectors.exponentialSmoothing(steady, 101, 0.3, 3, 5).anomalous()).isFalse();
    AnomalyVerdict spike = AnomalyDetectors.exponentialSmoothing(steady, 150, 0.3, 3, 5);
    assertThat(spike.anomalous()).isTrue();
    assertThat(spike.expected()).isCloseTo(100.0, within(1.0));
  }

  @Test
  void doesNotFlagSlowTrend() {
    List<Double> trend = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      trend.add(100.0 + i);
    }
    // The level lags a linear trend by (1-a)/a * slope and d converges to lag + slope, so the next step fits.
    AnomalyVerdict v = AnomalyDetectors.exponentialSmoothing(trend, 130, 0.3, 3, 5);
    assertThat(v.anomalous()).isFalse();
    assertThat(v.expected()).isCloseTo(130 - 1 / 0.3, within(0.01));
  }

  @Test
  void needsMinimumHistory() {
    AnomalyVerdict v = AnomalyDetectors.exponentialSmoothing(List.of(1.0, 2.0), 1000, 0.5, 3, 3);
    assertThat(v.anomalous()).isFalse();
    assertThat(v.explanation()).isEqualTo("not enough history (2 < 3)");
  }

  @Test
  void flatHistoryFlagsAnyRealDifferenceOnly() {
    List<Double> flat = List.of(5.0, 5.0, 5.0, 5.0);
    assertThat(AnomalyDetectors.exponentialSmoothing(flat, 5.0, 0.5, 3, 2).anomalous()).isFalse();
    assertThat(AnomalyDetectors.exponentialSmoothing(flat, 5.0 + 1e-12, 0.5, 3, 2).anomalous()).isFalse();
    assertThat(AnomalyDetectors.exponentialSmoothing(flat, 5.01, 0.5, 3, 2).anomalous()).isTrue();
    List<Double> zeros = List.of(0.0, 0.0, 0.0);
    assertThat(AnomalyDetectors.exponentialSmoothing(zeros, 0.0, 0.5, 3, 2).anomalous()).isFalse();
    assertThat(AnomalyDetectors.exponentialSmoothing(zeros, 1.0, 0.5, 3, 2).anomalous()).isTrue();
  }

  @Test
  void rejectsBadParametersAndHistory() {
    assertThatThrownBy(() -> AnomalyDetectors.exponentialSmoothing(SHORT, 1, 0, 3, 1))
        .isInstanceOf(MillraceException.class).hasMessageContaining("alpha 0.0");
    assertThatThrownBy(() -> AnomalyDetectors.exponentialSmoothing(SHORT, 1, 0.5, -1, 1))
        .hasMessageContaining("k -1.0");
    List<Double> withNull = new ArrayList<>(List.of(1.0, 2.0));
    withNull.add(null);
    assertThatThrownBy(() -> AnomalyDetectors.exponentialSmoothing(withNull, 1, 0.5, 3, 1))
        .hasMessage("Cannot detect anomalies: history point 2 is null, not a finite number");
    assertThat(AnomalyDetectors.exponentialSmoothing(SHORT, Double.NaN, 0.5, 3, 1).anomalous()).isTrue();
  }

  @Test
  void relativeChangeComparesWithLastValue() {
    List<Double> h = List.of(500.0, 100.0);
    AnomalyVerdict up = AnomalyDetectors.relativeChange(h, 160, 0.5, 0.5);
    assertThat(up.anomalous()).isTrue();
    assertThat(up.expected()).isEqualTo(100.0);
    assertThat(up.deviation()).isCloseTo(0.6, within(1e-12));
    assertThat(up.explanation()).contains("+60.0%").contains("+50.0%");
    assertThat(AnomalyDetectors.relativeChange(h, 150, 0.5, 0.5).anomalous()).isFalse();
    AnomalyVerdict down = AnomalyDetectors.relativeChange(h, 40, 0.5, 0.5);
    assertThat(down.anomalous()).isTrue();
    assertThat(down.deviation()).isCloseTo(-0.6, within(1e-12));
    assertThat(AnomalyDetectors.relativeChange(h, 40, 0.5, null).anomalous()).isFalse();
  }

  @Test
  void relativeChangeFromZeroIsInfinite() {
    assertThat(AnomalyDetectors.relativeChange(List.of(0.0), 1, 10.0, null).anomalous()).isTrue();
    assertThat(AnomalyDetectors.relativeChange(List.of(0.0), 0, 0.0, 0.0).anomalous()).isFalse();
    assertThat(AnomalyDetectors.relativeChange(List.of(), 1e9, 0.1, 0.1).anomalous()).isFalse();
    assertThatThrownBy(() -> AnomalyDetectors.relativeChange(List.of(1.0), 1, null, null))
        .hasMessageContaining("neither max increase nor max decrease");
  }

  @Test
  void boundsAreInclusive() {
    assertThat(AnomalyDetectors.bounds(0, 0.0, 10.0).anomalous()).isFalse();
    assertThat(AnomalyDetectors.bounds(10, 0.0, 10.0).anomalous()).isFalse();
    AnomalyVerdict low = AnomalyDetectors.bounds(-2, 0.0, null);
    assertThat(low.anomalous()).isTrue();
    assertThat(low.expected()).isEqualTo(0.0);
    assertThat(low.deviation()).isEqualTo(2.0);
    AnomalyVerdict high = AnomalyDetectors.bounds(12.5, null, 10.0);
    assertThat(high.anomalous()).isTrue();
    assertThat(high.deviation()).isEqualTo(2.5);
    assertThatThrownBy(() -> AnomalyDetectors.bounds(1, 5.0, 1.0)).hasMessageContaining("min 5.0 is greater than max 1.0");
  }
}
