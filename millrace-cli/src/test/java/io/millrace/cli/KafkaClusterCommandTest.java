package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.stream.kafka.EmbeddedKafka;
import io.millrace.stream.kafka.internal.BrokerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code millrace kafka start --brokers N}: refusals (fast), and a real three-broker cluster (services). */
class KafkaClusterCommandTest {
  @TempDir Path tmp;

  @Test
  void refusesABadBrokerCountAndADirectoryFormattedForSomethingElse() throws Exception {
    CliRun tooMany = CliRun.of("kafka", "start", "--brokers", "10", "--port", "0", "--dir", tmp.resolve("a").toString());
    assertThat(tooMany.exitCode()).isEqualTo(2);
    assertThat(tooMany.err()).contains("--brokers is 1 to 9");

    Path single = Files.createDirectories(tmp.resolve("single/logs"));
    Files.writeString(single.resolve("meta.properties"), "node.id=1\n");
    CliRun onSingle = CliRun.of("kafka", "start", "--brokers", "3", "--port", "0", "--dir", single.getParent().toString());
    assertThat(onSingle.exitCode()).isEqualTo(2);
    assertThat(onSingle.err()).contains("holds a single embedded broker");

    Path two = Files.createDirectories(tmp.resolve("two"));
    Files.writeString(two.resolve("cluster.id"), "abc 2\n");
    CliRun onTwo = CliRun.of("kafka", "start", "--brokers", "3", "--port", "0", "--dir", two.toString());
    assertThat(onTwo.exitCode()).isEqualTo(2);
    assertThat(onTwo.err()).contains("it holds a cluster of 2").contains("--brokers 2");
  }

  @Test
  @Tag("services")
  void startsThreeBrokersThatAProjectUsesThroughItsKafkaSettings() throws Exception {
    Path dir = tmp.resolve("cluster");
    AtomicInteger exit = new AtomicInteger(-1);
    Thread command = new Thread(() -> exit.set(Main.execute("kafka", "start", "--brokers", "3", "--port", "0",
        "--dir", dir.toString())));
    command.start();
    String bootstrap = awaitCluster(dir);
    assertThat(bootstrap.split(",")).hasSize(3).allMatch(s -> s.startsWith("127.0.0.1:"));

    Path project = Files.createDirectories(tmp.resolve("p"));
    Files.writeString(project.resolve("millrace.yaml"), "name: p\nkafka:\n  bootstrap_servers: \"" + bootstrap
        + "\"\n  replication_factor: 2\n  min_insync_replicas: 1\n");
    Files.createDirectories(project.resolve("streams"));
    Files.writeString(project.resolve("streams/clicks.yaml"), "topic: clicks\nkey: user_id\nevent_time: timestamp\n"
        + "partitions: 2\nfields: {user_id: bigint, timestamp: timestamp}\n");
    CliRun produced = CliRun.of("produce", project.toString(), "--events", "300", "--format", "json");
    assertThat(produced.exitCode()).as(produced.toString()).isZero();
    JsonNode summary = new ObjectMapper().readTree(produced.out());
    assertThat(summary.get("bootstrap_servers").asText()).isEqualTo(bootstrap);
    assertThat(summary.get("acknowledged").asLong()).isEqualTo(300);
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
      var clicks = admin.describeTopics(List.of("clicks")).allTopicNames().get(30, TimeUnit.SECONDS).get("clicks");
      // created by produce with the job's settings (project kafka:), not the cluster's defaults (3 and 2)
      assertThat(clicks.partitions()).hasSize(2).allSatisfy(pi -> assertThat(pi.replicas()).hasSize(2));
      var res = new ConfigResource(ConfigResource.Type.TOPIC, "clicks");
      assertThat(admin.describeConfigs(List.of(res)).all().get(30, TimeUnit.SECONDS).get(res)
          .get("min.insync.replicas").value()).isEqualTo("1");
    }

    command.interrupt();   // as Ctrl-C: every broker stops cleanly
    command.join(120_000);
    assertThat(exit.get()).isZero();
    assertThat(EmbeddedKafka.runningAt(dir)).isEmpty();
    for (int id = 1; id <= 3; id++) {
      assertThat(BrokerConfig.forExisting(dir.resolve("node-" + id)).locked()).as("node %d stopped", id).isFalse();
    }
  }

  private static String awaitCluster(Path dir) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      var running = EmbeddedKafka.runningAt(dir);
      if (running.isPresent()) {
        return running.get();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the cluster did not start within 180 s");
  }
}
