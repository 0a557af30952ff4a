package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code millrace stream --instance NAME} is refused (exit 2, before anything starts) with a name
 * that is not a folder name, and without a Kafka cluster to share (the embedded broker is one per
 * process); so is a negative {@code --warmup}. Two instances sharing a cluster's partitions are tested in millrace-stream
 * ({@code LakeSinkGroupTest}).
 */
class StreamInstanceOptionTest {
  @TempDir Path dir;

  @Test
  void anInstanceNeedsAFolderNameAndACluster() throws Exception {
    Path p = dir.resolve("shop");
    Files.createDirectories(p.resolve("streams"));
    Files.createDirectories(p.resolve("checks"));
    Path recsys = Path.of("..", "examples", "recsys").toAbsolutePath().normalize();
    Files.copy(recsys.resolve("streams/user_events.yaml"), p.resolve("streams/user_events.yaml"));
    Files.copy(recsys.resolve("checks/user_events.yaml"), p.resolve("checks/user_events.yaml"));
    Files.writeString(p.resolve("millrace.yaml"), "name: shop\n");

    CliRun bad = CliRun.of("stream", p.toString(), "--instance", "../x");
    assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
    assertThat(bad.err()).contains("--instance '../x'").contains("letters, digits");

    CliRun alone = CliRun.of("stream", p.toString(), "--instance", "a");
    assertThat(alone.exitCode()).as(alone.toString()).isEqualTo(2);
    assertThat(alone.err()).contains("--instance a without a Kafka cluster").contains("--bootstrap-servers");
    assertThat(p.resolve(".millrace/kafka")).as("no embedded broker started").doesNotExist();

    CliRun negative = CliRun.of("stream", p.toString(), "--warmup", "-5");
    assertThat(negative.exitCode()).as(negative.toString()).isEqualTo(2);
    assertThat(negative.err()).contains("Cannot warm up on -5 events").contains("0 or more");
    assertThat(p.resolve(".millrace/kafka")).as("no embedded broker started").doesNotExist();
  }
}
