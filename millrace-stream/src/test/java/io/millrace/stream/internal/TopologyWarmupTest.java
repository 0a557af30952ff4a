package io.millrace.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.stream.EventCheck;
import io.millrace.stream.Warmup;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up's topology run in memory, without a broker. */
class TopologyWarmupTest {
  private static final EventCheck NONE = r -> List.of();

  @Test
  void putsEveryGeneratedEventThroughTheTopologyInMemory() {
    StreamJobSpec job = io.millrace.stream.StreamRunnerTestJobs.userEvents("user_events", Processing.EXACTLY_ONCE_V2);
    Warmup w = TopologyWarmup.run(job, NONE, 1200).orElseThrow();
    assertThat(w.events()).isEqualTo(1200);
    // each event is scored or dead-lettered (the generator's invalid ones), one record each
    assertThat(w.outputs()).isEqualTo(1200);
    assertThat(w.took()).isGreaterThanOrEqualTo(w.settle());
  }

  @Test
  void skipsJobsWhoseInputTheGeneratorDoesNotMakeAndZeroEvents() {
    StreamJobSpec other = io.millrace.stream.StreamRunnerTestJobs.userEvents("payments", Processing.AT_LEAST_ONCE);
    assertThat(io.millrace.stream.kafka.EventKind.of(other)).isEmpty();
    assertThat(TopologyWarmup.run(other, NONE, 1000)).isEmpty();
    StreamJobSpec job = io.millrace.stream.StreamRunnerTestJobs.userEvents("user_events", Processing.AT_LEAST_ONCE);
    assertThat(TopologyWarmup.run(job, NONE, 0)).isEmpty();
  }
}
