package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.stream.FeatureEndpoint;
import io.millrace.stream.LiveFeatures;
import io.millrace.stream.kafka.EventGenerator;
import io.millrace.stream.kafka.EventKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code millrace features} against a running {@code millrace stream} (another process): the
 * answer comes live from the job's state store through its loopback endpoint; once the job stops,
 * from the lake with a note saying so, also when a killed job left its endpoint file behind.
 */
class LiveFeaturesCommandTest {
  static final int EVENTS = 400;
  static final int USERS = 10;

  @Test
  void featuresAreLiveWhileTheJobRunsAndFromTheLakeAfterwards(@TempDir Path dir) throws Exception {
    Path project = CliRun.copyExample("recsys", dir);
    Path endpointFile = FeatureEndpoint.file(project.resolve(".millrace"), "user_events");
    Process stream = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "stream", project.toString(), "--job", "user_events")
        .redirectOutput(dir.resolve("stream.out").toFile()).redirectError(dir.resolve("stream.err").toFile()).start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!Files.exists(endpointFile) && stream.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(endpointFile).as("the running job advertises its endpoint (%s)", Files.readString(dir.resolve("stream.err")))
          .exists();
      CliRun produce = CliRun.of("produce", project.toString(), "--events", String.valueOf(EVENTS), "--users",
          String.valueOf(USERS), "--job", "user_events");
      assertThat(produce.exitCode()).as(produce.toString()).isZero();
      long expected = validEventsOfUser1();
      awaitLiveCount(endpointFile, expected);

      CliRun live = CliRun.of("features", project.toString(), "1", "--job", "user_events", "--format", "json");
      assertThat(live.exitCode()).as(live.toString()).isZero();
      JsonNode l = new ObjectMapper().readTree(live.out());
      assertThat(l.get("_live").asBoolean()).isTrue();
      assertThat(l.get("event_count").asLong()).isEqualTo(expected);
      CliRun table = CliRun.of("features", project.toString(), "1", "--job", "user_events");
      assertThat(table.out()).contains("live, from the state store").doesNotContain("job not running");
    } finally {
      stream.destroy();   // SIGTERM: the job closes cleanly and removes its endpoint file
      assertThat(stream.waitFor(90, TimeUnit.SECONDS)).isTrue();
    }
    String log = Files.readString(dir.resolve("stream.err"));
    assertThat(endpointFile).as("removed on stop").doesNotExist();

    CliRun lake = CliRun.of("features", project.toString(), "1", "--job", "user_events");
    assertThat(lake.exitCode()).as("%s\n--- the job's log:\n%s", lake, log).isZero();
    assertThat(lake.out()).contains("(as of the last lake commit at ").contains("; job not running)");
    CliRun lakeJson = CliRun.of("features", project.toString(), "1", "--job", "user_events", "--format", "json");
    JsonNode j = new ObjectMapper().readTree(lakeJson.out());
    assertThat(j.get("_live").asBoolean()).isFalse();
    assertThat(j.get("event_count").asLong()).as("after a clean stop; the job's log:\n%s", log).isEqualTo(validEventsOfUser1());

    // a job killed hard leaves its file behind: nobody listens there, so the lake answers
    Files.createDirectories(endpointFile.getParent());
    Files.writeString(endpointFile, "http://127.0.0.1:1\n");
    CliRun stale = CliRun.of("features", project.toString(), "1", "--job", "user_events");
    assertThat(stale.exitCode()).as(stale.toString()).isZero();
    assertThat(stale.out()).contains("job not running");
  }

  private static long validEventsOfUser1() {
    EventGenerator gen = EventGenerator.of(EventKind.USER_EVENTS, 7, USERS, 0);
    long n = 0;
    for (int i = 0; i < EVENTS; i++) {
      if ("1".equals(gen.next().key())) {
        n++;
      }
    }
    return n;
  }

  private static void awaitLiveCount(Path endpointFile, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long seen = -1;
    while (System.nanoTime() < deadline) {
      Optional<LiveFeatures.Answer> a = LiveFeatures.query(endpointFile, "1");
      if (a.isPresent() && a.get().found()) {
        seen = ((Number) a.get().features().get("event_count")).longValue();
        if (seen == expected) {
          return;
        }
      }
      Thread.sleep(200);
    }
    assertThat(seen).as("user 1's live event_count").isEqualTo(expected);
  }
}
