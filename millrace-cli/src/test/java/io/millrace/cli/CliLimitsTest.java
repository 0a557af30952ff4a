package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smaller commands' limits: generate's size cap, profile of an empty file, validate's error reasons. */
class CliLimitsTest {
  @TempDir Path tmp;

  @Test
  void generateRefusesHugeRowCountsUnlessAllowed() {
    Path out = tmp.resolve("huge.csv");

    CliRun r = CliRun.of("generate", "sales", "--rows", "400000000", "--out", out.toString());
    CliRun disk = CliRun.of("generate", "sales", "--rows", "9000000000000", "--allow-large", "--out", out.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Cannot generate 400000000 rows: more than the limit of 20000000")
        .contains("--allow-large");
    assertThat(disk.exitCode()).isEqualTo(2);
    assertThat(disk.err()).contains("GB needed").contains("GB free");
    assertThat(out).doesNotExist();
  }

  @Test
  void profileOfAnEmptyFileSaysSoInsteadOfInventingAColumn() throws Exception {
    Path empty = tmp.resolve("empty.csv");
    Files.writeString(empty, "");

    CliRun r = CliRun.of("profile", empty.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("the file is empty (no columns and no rows)");
    assertThat(r.out() + r.err()).doesNotContain("column0");
  }

  @Test
  void validateTableShowsTheWholeErrorReason() throws Exception {
    Path csv = tmp.resolve("d.csv");
    Files.writeString(csv, "id\n1\n2\n");
    Path suite = tmp.resolve("s.yaml");
    Files.writeString(suite, "name: s\nexpectations:\n  - expect_column_values_to_match_regex: "
        + "{column: id, regex: '(unclosed', catch_exceptions: true}\n");

    CliRun r = CliRun.of("validate", csv.toString(), "--suite", suite.toString());

    assertThat(r.out()).contains("error (below)");
    String reason = r.out().lines().filter(l -> l.startsWith("    ")).map(String::strip)
        .reduce("", (a, b) -> a + " " + b);
    assertThat(reason).contains("error:").hasSizeGreaterThan(40);
    assertThat(r.out()).doesNotContain("…");
  }
}
