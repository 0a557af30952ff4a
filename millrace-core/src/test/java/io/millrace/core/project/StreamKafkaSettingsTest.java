package io.millrace.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.stream.StreamJobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kafka:} in millrace.yaml (defaults for every job) and in a stream job (its own settings). */
class StreamKafkaSettingsTest {
  private static final String JOB = "topic: clicks\nkey: u\nevent_time: t\nfields: {u: string, t: timestamp}\n";
  @TempDir Path dir;

  private Map<String, StreamJobSpec> load(String project, String... jobs) throws IOException {
    Files.writeString(dir.resolve("millrace.yaml"), "name: p\nvars: {brokers: \"b1:9092,b2:9092\"}\n" + project);
    Files.createDirectories(dir.resolve("streams"));
    for (int i = 0; i < jobs.length; i++) {
      Files.writeString(dir.resolve("streams").resolve("job" + (i + 1) + ".yaml"), jobs[i]);
    }
    return ProjectLoader.load(dir, Map.of()).streams();
  }

  @Test
  void withoutSettingsAJobUsesTheEmbeddedBrokerAndBrokerDefaults() throws IOException {
    StreamJobSpec job = load("", JOB).get("job1");
    assertThat(job.bootstrapServers()).isNull();
    assertThat(job.replicationFactor()).isZero();
    assertThat(job.minInsyncReplicas()).isZero();
  }

  @Test
  void readsTheJobsKafkaBlock() throws IOException {
    StreamJobSpec job = load("", JOB + "kafka: {bootstrap_servers: \"${brokers}\", replication_factor: 3, "
        + "min_insync_replicas: 2}\n").get("job1");
    assertThat(job.bootstrapServers()).isEqualTo("b1:9092,b2:9092");
    assertThat(job.replicationFactor()).isEqualTo(3);
    assertThat(job.minInsyncReplicas()).isEqualTo(2);
  }

  @Test
  void projectSettingsApplyToEveryJobAndAJobsOwnWin() throws IOException {
    Map<String, StreamJobSpec> jobs = load("kafka:\n  bootstrap_servers: ${brokers}\n  replication_factor: 3\n"
            + "  min_insync_replicas: 2\n",
        JOB,
        JOB + "bootstrap_servers: other:9092\n",
        JOB + "kafka: {replication_factor: 1, min_insync_replicas: 1}\n");
    assertThat(jobs.get("job1")).extracting(StreamJobSpec::bootstrapServers, StreamJobSpec::replicationFactor,
        StreamJobSpec::minInsyncReplicas).containsExactly("b1:9092,b2:9092", 3, 2);
    // the top-level bootstrap_servers of a job (the form from before kafka:) still works
    assertThat(jobs.get("job2")).extracting(StreamJobSpec::bootstrapServers, StreamJobSpec::replicationFactor)
        .containsExactly("other:9092", 3);
    assertThat(jobs.get("job3")).extracting(StreamJobSpec::bootstrapServers, StreamJobSpec::replicationFactor,
        StreamJobSpec::minInsyncReplicas).containsExactly("b1:9092,b2:9092", 1, 1);
  }

  @Test
  void refusesAMinIsrAboveTheReplicationFactor() {
    assertThatThrownBy(() -> load("", JOB + "kafka: {replication_factor: 2, min_insync_replicas: 3}\n"))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("streams/job1.yaml:5")
        .hasMessageContaining("min_insync_replicas (3) cannot exceed replication_factor (2)")
        .extracting(e -> ((MillraceException) e).kind()).isEqualTo(ErrorKind.USER);
  }

  @Test
  void refusesAMinIsrAboveTheReplicationFactorInMillraceYaml() {
    assertThatThrownBy(() -> load("kafka: {replication_factor: 1, min_insync_replicas: 2}\n", JOB))
        .hasMessageContaining("millrace.yaml:3")
        .hasMessageContaining("min_insync_replicas (2) cannot exceed replication_factor (1)");
  }

  @Test
  void refusesAZeroReplicationFactorAndUnknownKeys() {
    assertThatThrownBy(() -> load("kafka: {replication_factor: 0}\n", JOB))
        .hasMessageContaining("millrace.yaml:3").hasMessageContaining("replication_factor");
    assertThatThrownBy(() -> load("", JOB + "kafka: {replication: 3}\n"))
        .hasMessageContaining("streams/job1.yaml:5").hasMessageContaining("replication");
    assertThatThrownBy(() -> load("", JOB + "bootstrap_servers: a:1\nkafka: {bootstrap_servers: b:1}\n"))
        .hasMessageContaining("give it once");
  }
}
