package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.alert.AlertEvent;
import io.millrace.api.alert.AlertState;
import io.millrace.cli.internal.ConsoleSource;
import io.millrace.cli.internal.Operations;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.server.console.StreamStatus;
import io.millrace.stream.kafka.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live consumer lag of a stream job as `millrace serve` sees it without running the job: read
 * from the project's running embedded broker (a real Kafka Streams group), shown by the console's
 * streams page, published on `/metrics` and firing a `stream_lag` alert; "not running" once the
 * broker stops.
 */
class StreamLagOpsTest {
  @Test
  void serveReadsTheLiveLagOfAJobItDoesNotRun(@TempDir Path dir) throws Exception {
    Path project = CliRun.copyExample("recsys", dir);
    Files.writeString(project.resolve("millrace.yaml"), "\nalerts:\n  - name: viewing-behind\n    when: stream_lag\n"
        + "    job: viewing\n    threshold: 50\n    log: true\n", StandardOpenOption.APPEND);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(project.resolve(".millrace/kafka"), 0)) {
      CliRun replay = CliRun.of("stream", project.toString(), "--job", "viewing", "--replay", "300",
          "--bootstrap-servers", kafka.bootstrapServers(), "--format", "json");
      assertThat(replay.exitCode()).as(replay.toString()).isZero();
      // the job has stopped; 120 events arrive that nobody consumes
      CliRun produce = CliRun.of("produce", project.toString(), "--job", "viewing", "--events", "120");
      assertThat(produce.exitCode()).as(produce.toString()).isZero();

      try (ProjectContext ctx = ProjectContext.open(project, Map.of())) {
        List<StreamStatus> streams = new ConsoleSource(ctx, null).streams();
        StreamStatus viewing = streams.stream().filter(s -> s.job().equals("viewing")).findFirst().orElseThrow();
        assertThat(viewing.lag().status()).as(viewing.lag().toString()).isEqualTo("ok");
        assertThat(viewing.lag().group()).isEqualTo("millrace-recsys-viewing");
        // Stable until the stopped job's member times out (Kafka Streams does not leave the group on close), then Empty
        assertThat(viewing.lag().groupState()).isIn("Stable", "Empty", "PreparingRebalance", "CompletingRebalance");
        assertThat(viewing.lag().total()).isEqualTo(120);
        assertThat(viewing.lag().partitions()).isNotEmpty()
            .allSatisfy(p -> assertThat(p.lag()).isEqualTo(p.end() - p.committed()));
        StreamStatus users = streams.stream().filter(s -> s.job().equals("user_events")).findFirst().orElseThrow();
        assertThat(users.lag().status()).isIn("no_topic", "no_group");   // never ran on this broker

        var metrics = Operations.metricsWithLag(ctx);
        metrics.refresh();
        assertThat(OpsProject.samples(metrics.scrape()))
            .containsEntry(OpsProject.key("millrace_stream_consumer_lag", "job", "viewing", "project", "recsys"), 120.0);

        Operations.alerts(ctx).periodic();
        List<AlertEvent> history = ctx.runStore().alertEvents("recsys", 10);
        assertThat(history).anySatisfy(e -> {
          assertThat(e.alert()).isEqualTo("viewing-behind");
          assertThat(e.subject()).isEqualTo("viewing");
          assertThat(e.state()).isEqualTo(AlertState.FIRING);
          assertThat(e.summary()).contains("120");
        });
      }
    }
    try (ProjectContext ctx = ProjectContext.open(project, Map.of())) {
      long t0 = System.nanoTime();
      List<StreamStatus> streams = new ConsoleSource(ctx, null).streams();
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
      assertThat(streams).allSatisfy(s -> assertThat(s.lag().status()).isEqualTo("not_running"));
    }
  }
}
