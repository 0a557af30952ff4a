package io.millrace.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QueueingTest {
  @Test
  void computesUtilizationQueueAndWaitOfAnMm1Queue() {
    Queueing q = new Queueing(8_000, 10_000);
    assertThat(q.utilization()).isCloseTo(0.8, within(1e-12));
    assertThat(q.stable()).isTrue();
    assertThat(q.meanQueueLength()).isCloseTo(0.64 / 0.2, within(1e-9));          // 3.2 events
    assertThat(q.meanWaitSeconds()).isCloseTo(0.8 / (10_000 * 0.2), within(1e-12)); // 0.4 ms
  }

  @Test
  void anOverloadedQueueIsUnstableWithUnboundedWait() {
    Queueing q = new Queueing(12_000, 10_000);
    assertThat(q.stable()).isFalse();
    assertThat(q.meanWaitSeconds()).isInfinite();
    assertThat(q.meanQueueLength()).isInfinite();
  }

  @Test
  void sizesTheServiceRateForATargetWait() {
    Queueing q = new Queueing(8_000, 10_000);
    double mu = q.serviceRateFor(0.0001);
    assertThat(new Queueing(8_000, mu).meanWaitSeconds()).isCloseTo(0.0001, within(1e-12));
    assertThat(mu).isGreaterThan(10_000);
  }

  @Test
  void sizesTheInstanceCountForATargetWait() {
    Queueing q = new Queueing(25_000, 10_000);
    int n = q.instancesFor(0.05);
    assertThat(n).isEqualTo(3);
    assertThat(new Queueing(25_000 / 3.0, 10_000).meanWaitSeconds()).isLessThanOrEqualTo(0.05);
    assertThat(new Queueing(25_000 / 2.0, 10_000).stable()).isFalse();
  }

  @Test
  void refusesANonPositiveServiceRate() {
    assertThatThrownBy(() -> new Queueing(1, 0)).hasMessageContaining("service rate must be > 0, found 0.0");
  }
}
