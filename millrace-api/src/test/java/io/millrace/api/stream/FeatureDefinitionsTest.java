package io.millrace.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.MillraceException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureDefinitionsTest {

  @Test
  void aggregationsTakeColumnsAndWindowsThatFitThem() {
    assertThat(FeatureSpec.lifetime("n", Aggregation.COUNT, null).window()).isEqualTo(FeatureWindow.lifetime());
    assertThatThrownBy(() -> FeatureSpec.lifetime("total", Aggregation.SUM, null))
        .isInstanceOf(MillraceException.class).hasMessage("Cannot define feature total: SUM needs a column");
    assertThatThrownBy(() -> new FeatureSpec("s", Aggregation.SESSION_COUNT, "page", null,
        new FeatureWindow.Session(Duration.ofMinutes(30))))
        .hasMessage("Cannot define feature s: SESSION_COUNT takes no column (got page)");
    assertThatThrownBy(() -> FeatureSpec.lifetime("s", Aggregation.SESSION_COUNT, null))
        .hasMessageStartingWith("Cannot define feature s: SESSION_COUNT over a lifetime window");
    assertThatThrownBy(() -> new FeatureSpec("c", Aggregation.COUNT, null, null,
        new FeatureWindow.Session(Duration.ofMinutes(30))))
        .hasMessageStartingWith("Cannot define feature c: COUNT over a session (gap PT30M) window");
    assertThatThrownBy(() -> FeatureSpec.lifetime("7d_count", Aggregation.COUNT, null))
        .hasMessageStartingWith("Cannot define feature '7d_count': a name is a letter or _");
  }

  @Test
  void windowsNeedPositiveMillisecondDurations() {
    assertThatThrownBy(() -> new FeatureWindow.Trailing(Duration.ZERO))
        .hasMessage("Cannot define trailing period: PT0S is not a positive duration");
    assertThatThrownBy(() -> new FeatureWindow.Tumbling(Duration.ofNanos(1500)))
        .hasMessageContaining("finer than a millisecond");
    assertThatThrownBy(() -> new FeatureWindow.Hopping(Duration.ofMinutes(5), Duration.ofMinutes(10)))
        .hasMessage("Cannot define hopping window: advance PT10M is longer than its size PT5M");
  }

  @Test
  void featureNamesAreUniqueAcrossAggregatesDerivedAndEventFields() {
    assertThatThrownBy(() -> new FeatureSet(List.of(FeatureSpec.lifetime("n", Aggregation.COUNT, null)),
        List.of(new DerivedFeature("N", "n * 2")), List.of()))
        .hasMessage("Cannot define features: the name N is declared twice");
    FeatureSet set = new FeatureSet(List.of(FeatureSpec.lifetime("n", Aggregation.COUNT, null)),
        List.of(new DerivedFeature("twice", "n * 2")), List.of(new EventField("hour", "hour(ts)")));
    assertThat(set.names()).containsExactly("hour", "n", "twice");
  }

  @Test
  void thresholdsAreListedHighestFirst() {
    assertThatThrownBy(() -> ScoringSpec.rules(Map.of("n", 1.0),
        List.of(new Threshold("medium", 0.3), new Threshold("high", 0.7)), "low"))
        .hasMessage("Cannot define scoring: thresholds must be listed highest first "
            + "(high 0.7 comes after medium 0.3)");
    assertThatThrownBy(() -> ScoringSpec.rules(Map.of(), List.of(), "low"))
        .hasMessage("Cannot define scoring: neither weights nor a model class");
    assertThat(new ScoringSpec(Map.of(), List.of(), "low", "com.example.Model").modelClass())
        .isEqualTo("com.example.Model");
  }
}
