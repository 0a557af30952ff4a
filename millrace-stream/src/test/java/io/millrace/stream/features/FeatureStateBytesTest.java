package io.millrace.stream.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.stream.FeatureSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state's binary form: what a changelogged store holds between two events of an entity. */
class FeatureStateBytesTest {
  final FeatureEngine engine =
      FeatureEngine.create(FeatureParityTest.everyAggregationAndWindow(), EventHistory.COLUMNS, Duration.ofHours(1));

  @Test
  void stateStoredAfterEveryEventGivesTheSameFeaturesAsStateKeptInMemory() {
    EventHistory history = EventHistory.generate(3, 100, 6);
    Parity memory = new Parity().stream(engine, history);
    Map<Long, byte[]> store = new HashMap<>();
    for (EventHistory.Event e : history.events) {
      byte[] b = store.get(e.userId());
      FeatureState s = engine.update(b == null ? null : engine.fromBytes(b), e.fields(), e.time());
      store.put(e.userId(), engine.toBytes(s));
    }
    store.forEach((k, b) -> {
      FeatureState s = engine.fromBytes(b);
      assertThat(engine.values(s)).as("entity %s", k).isEqualTo(engine.values(memory.states.get(k)));
      assertThat(s.lateEvents()).isEqualTo(memory.states.get(k).lateEvents());
      assertThat(engine.toBytes(s)).isEqualTo(b);
    });
  }

  @Test
  void recsysStateIsAFewHundredBytesPerUser() {
    FeatureEngine recsys = FeatureEngine.create(Recsys.features(), EventHistory.COLUMNS, Duration.ofHours(1));
    Parity p = new Parity().stream(recsys, EventHistory.generate(5, 300, 6));
    IntSummaryStatistics sizes = p.states.values().stream()
        .mapToInt(s -> recsys.toBytes(s).length).summaryStatistics();
    // all of a user's events lie inside the 7-day trailing period: one entry each
    // measured: 373 bytes on average, 719 at most, for 54 events per user on average
    assertThat(sizes.getAverage()).isLessThan(500);
    assertThat(sizes.getMax()).isLessThan(1200);
  }

  @Test
  void refusesStateOfOtherDefinitionsAndCorruptBytes() {
    FeatureState s = engine.update(null, Map.of("page", "/p/1"), EventHistory.START);
    byte[] bytes = engine.toBytes(s);
    FeatureEngine other = FeatureEngine.create(new FeatureSet(
        FeatureParityTest.everyAggregationAndWindow().aggregates().subList(0, 3), null, null),
        EventHistory.COLUMNS, Duration.ofHours(1));
    assertThatThrownBy(() -> other.fromBytes(bytes))
        .isInstanceOf(MillraceException.class)
        .hasMessageStartingWith("Cannot read feature state: it was written by other feature definitions");
    assertThatThrownBy(() -> engine.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
        .hasMessageStartingWith("Cannot read feature state of " + (bytes.length - 3) + " bytes");
  }
}
