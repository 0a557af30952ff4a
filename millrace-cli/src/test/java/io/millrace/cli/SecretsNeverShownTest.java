package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants passwords in the two URL forms a driver may echo (user info, {@code password=}), makes
 * both exports fail, and greps every output for them: stdout and stderr of run, plan, runs (list
 * and one run), report; and every file the project wrote (run store, its WAL, reports).
 */
class SecretsNeverShownTest {
  private static final String USERINFO_SECRET = "S3CRETPW";
  private static final String PARAM_SECRET = "Pa55wordParam";

  @Test
  void plantedPasswordsAppearInNoOutput(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("p");
    Files.createDirectories(p.resolve("models"));
    Files.writeString(p.resolve("models/a.sql"), "select 1 as x");
    Files.writeString(p.resolve("millrace.yaml"), """
        name: secrets
        pipeline: {retries: 0}
        exports:
          - {table: a, format: postgres, url: "jdbc:postgresql://postgres:%s@127.0.0.1:5432/test"}
          - {table: a, format: postgres, url: "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=%s"}
        """.formatted(USERINFO_SECRET, PARAM_SECRET));
    List<CliRun> outputs = new ArrayList<>();
    CliRun run = CliRun.of("run", p.toString());
    outputs.add(run);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out() + run.err()).contains("export:a:0").contains("postgres:***@127.0.0.1").contains("password=***");
    outputs.add(CliRun.of("plan", p.toString()));
    CliRun runs = CliRun.of("runs", p.toString());
    outputs.add(runs);
    String runId = runs.out().lines().skip(2).findFirst().orElseThrow().trim().split("\\s+")[0];
    CliRun one = CliRun.of("runs", p.toString(), runId);
    outputs.add(one);
    assertThat(one.out()).contains("***");
    CliRun report = CliRun.of("report", p.toString());
    outputs.add(report);
    assertThat(report.exitCode()).as(report.toString()).isZero();
    for (CliRun r : outputs) {
      assertThat(r.out() + r.err()).as(r.toString()).doesNotContain(USERINFO_SECRET).doesNotContain(PARAM_SECRET);
    }
    List<Path> written;
    try (Stream<Path> files = Files.walk(p)) {
      written = files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("millrace.yaml"))
          .toList();
    }
    assertThat(written).anyMatch(f -> f.toString().endsWith(".html")).anyMatch(f -> f.toString().endsWith("runs.db"));
    for (Path f : written) {
      String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertThat(bytes).as(f.toString()).doesNotContain(USERINFO_SECRET).doesNotContain(PARAM_SECRET);
    }
  }
}
