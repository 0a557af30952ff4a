package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.spi.EngineProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engines are found by type with ServiceLoader; the CLI's own class path has DuckDB only. */
class EngineChoiceTest {
  @TempDir Path dir;

  @Test
  void duckDbRegistersItself() {
    assertThat(EngineProvider.available()).containsKey("duckdb");
  }

  @Test
  void unknownEngineIsAUserErrorListingTheAvailableOnes() throws Exception {
    Files.writeString(dir.resolve("millrace.yaml"), "name: p\n");
    CliRun r = CliRun.of("sql", dir.toString(), "SELECT 1 AS x", "--engine", "nosuch");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("unknown engine type").contains("available: duckdb");
  }

  @Test
  void sparkWithoutItsModuleSaysHowToGetIt() throws Exception {
    Files.writeString(dir.resolve("millrace.yaml"), "name: p\n");
    CliRun r = CliRun.of("sql", dir.toString(), "SELECT 1 AS x", "--engine", "spark");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("not on the class path").contains("--engine spark");
    CliRun ok = CliRun.of("sql", dir.toString(), "SELECT 41 + 1 AS x", "--engine", "duckdb");
    assertThat(ok.exitCode()).as(ok.toString()).isEqualTo(0);
    assertThat(ok.out()).contains("42");
  }
}
