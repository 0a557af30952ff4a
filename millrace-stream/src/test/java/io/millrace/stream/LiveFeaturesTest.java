package io.millrace.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client side of a job's feature endpoint when no job answers: never an error, never a remote host. */
class LiveFeaturesTest {
  @Test
  void noFileMeansNoRunningJob(@TempDir Path dir) {
    assertThat(LiveFeatures.query(FeatureEndpoint.file(dir, "user_events"), "17")).isEmpty();
  }

  @Test
  void aFileLeftByAKilledJobIsNotARunningJob(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path file = FeatureEndpoint.file(dir, "user_events");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "http://127.0.0.1:" + port + "\n");
    assertThat(LiveFeatures.query(file, "17")).isEmpty();
  }

  @Test
  void followsOnlyLoopbackAddresses(@TempDir Path dir) throws Exception {
    Path file = FeatureEndpoint.file(dir, "user_events");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "http://203.0.113.7:8080\n");
    assertThat(LiveFeatures.query(file, "17")).isEmpty();
  }
}
