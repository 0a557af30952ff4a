package io.millrace.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.stream.Aggregation;
import io.millrace.api.stream.FeatureSpec;
import io.millrace.api.stream.FeatureWindow;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.Threshold;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.api.stream.WindowAggregate;
import io.millrace.api.stream.WindowSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamSpecLoadingTest {
  @TempDir Path dir;

  private static final String VIEWING = """
      topic: ${prefix}viewing
      format: json
      key: content_id
      event_time: {field: ts, format: epoch_millis}
      grace: 1m
      fields:
        content_id: bigint
        watch_seconds: {path: event_data.watch_seconds, type: double}
        event_data.device: string
        ts: bigint
      windows:
        per_minute:
          group_by: content_id
          tumbling: 1m
          grace: 1m
          aggregates: {views: count, avg_watch_seconds: avg(watch_seconds)}
      outputs: {topic: viewing.out}
      commit_interval: 2s
      processing: exactly_once_v2
      partitions: 3
      """;

  private Map<String, StreamJobSpec> load(String name, String yaml) throws IOException {
    Files.writeString(dir.resolve("millrace.yaml"), "name: p\nvars: {prefix: \"t.\"}\n");
    Files.createDirectories(dir.resolve("streams"));
    Files.writeString(dir.resolve("streams").resolve(name + ".yaml"), yaml);
    return ProjectLoader.load(dir, Map.of()).streams();
  }

  @Test
  void readsAStreamJobWithTypedNestedFieldsAndWindows() throws IOException {
    StreamJobSpec job = load("viewing", VIEWING).get("viewing");
    assertThat(job.topic()).isEqualTo("t.viewing");
    assertThat(job.key()).isEqualTo("content_id");
    assertThat(job.eventTime()).isEqualTo("ts");
    assertThat(job.eventTimeFormat()).isEqualTo("epoch_millis");
    assertThat(job.grace()).isEqualTo(Duration.ofMinutes(1));
    assertThat(job.field("watch_seconds").orElseThrow().path()).containsExactly("event_data", "watch_seconds");
    assertThat(job.field("watch_seconds").orElseThrow().type()).isEqualTo(LogicalType.DOUBLE);
    assertThat(job.field("event_data_device").orElseThrow().path()).containsExactly("event_data", "device");
    assertThat(job.deadLetterTopic()).isEqualTo("viewing.dlq");
    assertThat(job.outputTopic()).isEqualTo("viewing.out");
    assertThat(job.processing()).isEqualTo(Processing.EXACTLY_ONCE_V2);
    assertThat(job.partitions()).isEqualTo(3);
    assertThat(job.commitInterval()).isEqualTo(Duration.ofSeconds(2));
    WindowSpec w = job.windows().get(0);
    assertThat(w.tumbling()).isTrue();
    assertThat(w.size()).isEqualTo(Duration.ofMinutes(1));
    assertThat(w.aggregates()).containsExactly(
        new WindowAggregate("views", WindowAggregate.Function.COUNT, null),
        new WindowAggregate("avg_watch_seconds", WindowAggregate.Function.AVG, "watch_seconds"));
    assertThat(job.tables()).containsExactly("viewing_events", "viewing_per_minute");
  }

  @Test
  void defaultsToAtLeastOnceAndTheJobsDeadLetterTopic() throws IOException {
    StreamJobSpec job = load("clicks", "topic: clicks\nkey: u\nevent_time: t\nfields: {u: string, t: timestamp}\n")
        .get("clicks");
    assertThat(job.processing()).isEqualTo(Processing.AT_LEAST_ONCE);
    assertThat(job.deadLetterTopic()).isEqualTo("clicks.dlq");
    assertThat(job.outputTopic()).isEqualTo("clicks.scores");
    assertThat(job.bootstrapServers()).isNull();
  }

  @Test
  void readsTheWindowOfRelationLevelChecks() throws IOException {
    Files.createDirectories(dir.resolve("checks"));
    Files.writeString(dir.resolve("checks/clicks.yaml"), "expectations: []\n");
    StreamJobSpec job = load("clicks", "topic: clicks\nkey: u\nevent_time: t\nfields: {u: string, t: timestamp}\n"
        + "checks: [{suite: checks/clicks.yaml, window: 5m}, checks/clicks.yaml]\n").get("clicks");
    assertThat(job.checks().get(0).window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(job.checks().get(1).window()).isNull();
    assertThatThrownBy(() -> load("clicks", "topic: clicks\nkey: u\nevent_time: t\nfields: {u: string, t: timestamp}\n"
        + "checks: [{suite: checks/clicks.yaml, window: 0s}]\n"))
        .hasMessageContaining("streams/clicks.yaml:5:").hasMessageContaining("window must be positive");
  }

  @Test
  void namesFileLineAndKeyOfAnUnknownKey() {
    assertThatThrownBy(() -> load("clicks", "topic: clicks\nkey: u\nevent_time: t\nfields: {u: string, t: timestamp}\ngrase: 1m\n"))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("streams/clicks.yaml:5:1")
        .hasMessageContaining("did you mean 'grace'");
  }

  @Test
  void refusesAKeyThatIsNotAField() {
    assertThatThrownBy(() -> load("clicks", "topic: clicks\nkey: user\nevent_time: t\nfields: {u: string, t: timestamp}\n"))
        .hasMessageContaining("streams/clicks.yaml:1:1")
        .hasMessageContaining("key 'user' is not one of its fields [u, t]");
  }

  @Test
  void refusesAnUnknownAggregateWithItsLocation() {
    String yaml = VIEWING.replace("avg(watch_seconds)", "median(watch_seconds)");
    assertThatThrownBy(() -> load("viewing", yaml))
        .hasMessageContaining("streams/viewing.yaml:16:51")
        .hasMessageContaining("median(watch_seconds)");
  }

  @Test
  void readsFeaturesAndScoring() throws IOException {
    StreamJobSpec job = load("users", """
        topic: users
        key: user_id
        event_time: timestamp
        fields: {user_id: bigint, event_type: string, amount: {path: event_data.amount, type: double}, timestamp: timestamp}
        features:
          event_fields: {is_purchase_event: "event_type = 'purchase'"}
          aggregates:
            event_count: count
            unique_event_types: count_distinct(event_type)
            total_value: {agg: sum(amount), filter: "event_type = 'purchase'"}
            recent_activity_7d: {agg: count, window: {trailing: 7d}}
            total_sessions: {agg: session_count, window: {session: 30m}}
          derived: {avg_value_per_event: "total_value / greatest(event_count, 1)"}
        scoring:
          weights: {event_count: 0.1, is_purchase_event: 0.5}
          thresholds: {medium_value_user: 0.3, high_value_user: 0.7}
          default: low_value_user
        """).get("users");
    assertThat(job.features().names()).containsExactly("is_purchase_event", "event_count", "unique_event_types",
        "total_value", "recent_activity_7d", "total_sessions", "avg_value_per_event");
    FeatureSpec total = job.features().aggregates().get(2);
    assertThat(total).isEqualTo(new FeatureSpec("total_value", Aggregation.SUM, "amount", "event_type = 'purchase'",
        FeatureWindow.lifetime()));
    assertThat(job.features().aggregates().get(3).window()).isEqualTo(new FeatureWindow.Trailing(Duration.ofDays(7)));
    assertThat(job.features().aggregates().get(4).window()).isEqualTo(new FeatureWindow.Session(Duration.ofMinutes(30)));
    assertThat(job.scoring().thresholds()).extracting(Threshold::label).containsExactly("high_value_user", "medium_value_user");
    assertThat(job.scoring().defaultLabel()).isEqualTo("low_value_user");
    assertThat(job.tables()).containsExactly("users_events", "users_features");
  }

  @Test
  void namesTheLineOfAnUnknownAggregation() {
    assertThatThrownBy(() -> load("users", "topic: u\nkey: u\nevent_time: t\nfields: {u: string, t: timestamp}\n"
        + "features:\n  aggregates:\n    n: median(u)\n"))
        .hasMessageContaining("streams/users.yaml:7:8")
        .hasMessageContaining("median(u)");
  }

  @Test
  void aProjectWithoutStreamsHasNone() throws IOException {
    Files.writeString(dir.resolve("millrace.yaml"), "name: p\n");
    assertThat(ProjectLoader.load(dir, Map.of()).streams()).isEmpty();
  }

  @Test
  void acceptsAVarThatOnlyAStreamJobUses() throws IOException {
    Files.writeString(dir.resolve("millrace.yaml"), "name: p\n");
    Files.createDirectories(dir.resolve("streams"));
    Files.writeString(dir.resolve("streams/viewing.yaml"), VIEWING.replace("${prefix}", "${topic_prefix}"));
    StreamJobSpec job = ProjectLoader.load(dir, Map.of("topic_prefix", "eu.")).streams().get("viewing");
    assertThat(job.topic()).isEqualTo("eu.viewing");
    assertThatThrownBy(() -> ProjectLoader.load(dir, Map.of("topic_prefx", "eu.")))
        .isInstanceOf(MillraceException.class)
        .hasMessage("Cannot use --var topic_prefx: the project neither declares nor uses a variable 'topic_prefx'; "
            + "did you mean 'topic_prefix'?");
  }
}
