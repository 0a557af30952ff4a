package io.millrace.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.project.PipelineSpec;
import io.millrace.core.project.ProjectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipeline.lease} in millrace.yaml. */
class LeaseConfigTest {
  @TempDir Path dir;

  private PipelineSpec load(String yaml) throws Exception {
    Files.writeString(dir.resolve("millrace.yaml"), yaml);
    return ProjectLoader.load(dir, Map.of(), name -> null).pipeline();
  }

  @Test
  void defaultsToThirtySeconds() throws Exception {
    PipelineSpec p = load("name: r\npipeline: {schedule: '@daily'}\n");
    assertThat(p.lease()).isNull();
    assertThat(p.leaseOrDefault()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void readsTheLease() throws Exception {
    assertThat(load("name: r\npipeline: {schedule: '@daily', lease: 2m}\n").leaseOrDefault())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void refusesALeaseUnder100msNamingTheKey() {
    assertThatThrownBy(() -> load("name: r\npipeline: {schedule: '@daily', lease: 50ms}\n"))
        .isInstanceOf(MillraceException.class)
        .satisfies(e -> assertThat(((MillraceException) e).kind()).isEqualTo(ErrorKind.USER))
        .hasMessageContaining("pipeline.lease").hasMessageContaining("50ms");
  }
}
