package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.stream.kafka.EmbeddedKafka;
import io.millrace.stream.kafka.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code millrace kafka start} and {@code millrace produce} against it, in process, one broker. */
class KafkaAndProduceTest {
  @TempDir Path tmp;

  @Test
  void producesToTheProjectsBrokerAndBuffersWhileThereIsNone() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("p"));
    Files.writeString(project.resolve("millrace.yaml"), "name: p\n");
    Files.createDirectories(project.resolve("streams"));
    Files.writeString(project.resolve("streams/clicks.yaml"), "topic: clicks\nkey: user_id\nevent_time: timestamp\npartitions: 2\nfields: {user_id: bigint, timestamp: timestamp}\n");
    Path dataDir = project.resolve(".millrace/kafka");

    // no broker yet: the events wait in the project's buffer, and the command says so
    CliRun offline = CliRun.of("produce", project.toString(), "--events", "500", "--wait", "0");
    assertThat(offline.exitCode()).as(offline.toString()).isEqualTo(3);
    assertThat(offline.err()).contains("no Kafka broker").contains("millrace kafka start --dir");
    assertThat(offline.out()).contains("produced 500 events to 'clicks'").contains("waiting in the buffer: 500");
    assertThat(project.resolve(".millrace/produce-buffer/clicks")).isDirectoryContaining("glob:**.seg");

    AtomicInteger exit = new AtomicInteger(-1);
    Thread broker = new Thread(() -> exit.set(Main.execute("kafka", "start", "--port", "0", "--dir", dataDir.toString())));
    broker.start();
    String bootstrap = awaitBroker(dataDir);

    // the broker running on the project's data dir is found; the buffered events go first
    CliRun online = CliRun.of("produce", project.toString(), "--events", "1000", "--invalid-fraction", "0.1",
        "--seed", "8", "--format", "json");
    assertThat(online.exitCode()).as(online.toString()).isZero();
    JsonNode summary = new ObjectMapper().readTree(online.out());
    assertThat(summary.get("topic").asText()).isEqualTo("clicks");
    assertThat(summary.get("bootstrap_servers").asText()).isEqualTo(bootstrap);
    assertThat(summary.get("events").asLong()).isEqualTo(1000);
    assertThat(summary.get("acknowledged").asLong()).isEqualTo(1500);
    assertThat(summary.get("buffered").asLong()).isZero();
    assertThat(summary.get("invalid_injected").asLong()).isEqualTo(100);
    long byKind = 0;
    for (JsonNode n : summary.get("invalid_by_kind")) {
      byKind += n.asLong();
    }
    assertThat(byKind).isEqualTo(100);
    assertThat(KafkaTopics.recordCount(bootstrap, "clicks")).isEqualTo(1500);
    assertThat(KafkaTopics.partitions(bootstrap, List.of("clicks"))).containsEntry("clicks", 2);

    CliRun bad = CliRun.of("produce", project.toString(), "--events", "10", "--invalid-fraction", "1.5");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("Cannot inject --invalid-fraction 1.5");

    broker.interrupt();
    broker.join(60_000);
    assertThat(exit.get()).isZero();
    assertThat(EmbeddedKafka.runningAt(dataDir)).isEmpty();
  }

  @Test
  void helpDescribesBothCommands() {
    assertThat(CliRun.of("kafka", "start", "--help").out()).contains("--port").contains("--dir").contains("Ctrl-C");
    assertThat(CliRun.of("kafka", "help", "start").out()).contains("--port");
    assertThat(CliRun.of("help", "produce").out()).contains("--events").contains("--rate").contains("--invalid-fraction")
        .contains("produce-buffer");
  }

  private static String awaitBroker(Path dataDir) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      var running = EmbeddedKafka.runningAt(dataDir);
      if (running.isPresent()) {
        return running.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the broker did not start within 120 s");
  }
}
