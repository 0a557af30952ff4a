package io.millrace.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.project.EngineSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineConfigTest {
  @TempDir Path dir;

  private EngineSpec load(String engine) throws IOException {
    Files.writeString(dir.resolve("millrace.yaml"), "name: p\n" + engine + "\n");
    return ProjectLoader.load(dir, Map.of(), n -> null).engine();
  }

  @Test
  void readsSparkMasterAndConf() throws IOException {
    EngineSpec e = load("engine: {type: spark, master: \"local[1]\", conf: {spark.sql.shuffle.partitions: 4, spark.x: y}}");
    assertThat(e.type()).isEqualTo("spark");
    assertThat(e.master()).isEqualTo("local[1]");
    assertThat(e.conf()).containsOnly(Map.entry("spark.sql.shuffle.partitions", "4"), Map.entry("spark.x", "y"));
  }

  @Test
  void sparkMasterDefaultsToLocal2() throws IOException {
    EngineSpec e = load("engine: {type: spark}");
    assertThat(e.master()).isEqualTo("local[2]");
    assertThat(e.conf()).isEmpty();
    assertThat(load("engine: {threads: 2}")).isEqualTo(new EngineSpec("duckdb", 2, null));
  }

  @Test
  void unknownTypeListsTheAvailableOnes() {
    assertThatThrownBy(() -> load("engine: {type: trino}"))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessageContaining("'trino'").hasMessageContaining("duckdb, spark");
  }

  @Test
  void masterOnDuckDbIsRefused() {
    assertThatThrownBy(() -> load("engine: {type: duckdb, master: \"local[2]\"}"))
        .isInstanceOf(MillraceException.class).hasMessageContaining("engine.master applies to the spark engine only");
  }
}
