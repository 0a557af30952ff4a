package io.millrace.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.project.WarehouseRetention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warehouse_retention} in millrace.yaml. */
class WarehouseRetentionConfigTest {
  @TempDir Path dir;

  private WarehouseRetention load(String yaml) throws Exception {
    Files.writeString(dir.resolve("millrace.yaml"), yaml);
    return ProjectLoader.load(dir, Map.of(), name -> null).retention();
  }

  @Test
  void defaultsToAWeekAndTenSnapshots() throws Exception {
    assertThat(load("name: r\n")).isEqualTo(new WarehouseRetention(Duration.ofDays(7), 10));
  }

  @Test
  void readsKeepDaysAndKeepSnapshots() throws Exception {
    assertThat(load("name: r\nwarehouse_retention: {keep_days: 1.5, keep_snapshots: 3}\n"))
        .isEqualTo(new WarehouseRetention(Duration.ofHours(36), 3));
    assertThat(load("name: r\nwarehouse_retention: {keep_snapshots: 50}\n"))
        .isEqualTo(new WarehouseRetention(Duration.ofDays(7), 50));
  }

  @Test
  void refusesNonsenseNamingTheKey() {
    assertThatThrownBy(() -> load("name: r\nwarehouse_retention: {keep_days: 0}\n"))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessageContaining("keep_days");
    assertThatThrownBy(() -> load("name: r\nwarehouse_retention: {keep_snapshots: 0}\n"))
        .hasMessageContaining("keep_snapshots");
    assertThatThrownBy(() -> load("name: r\nwarehouse_retention: {keep_weeks: 1}\n"))
        .hasMessageContaining("keep_weeks");
  }
}
