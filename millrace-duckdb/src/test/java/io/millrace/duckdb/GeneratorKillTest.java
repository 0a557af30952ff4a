package io.millrace.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generation killed half-way (kill -9 of its process) never leaves a file under the real name. */
class GeneratorKillTest {
  @TempDir Path dir;

  /** Generates sales rows into args[0]; run in a child JVM that the test kills. */
  public static void main(String[] args) {
    DataGenerator.sales(Path.of(args[0]), Long.parseLong(args[1]), 1, true);
  }

  @Test
  void aKilledGenerationLeavesNoPartialSourceFile() throws Exception {
    Path target = dir.resolve("sales.csv");
    Path partial = DataGenerator.partial(target);
    Process child = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), GeneratorKillTest.class.getName(),
        target.toString(), "50000000"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!(Files.exists(partial) && Files.size(partial) > 0) && child.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(Files.size(partial)).as("the child writes the partial file first").isPositive();
    } finally {
      child.destroyForcibly();   // SIGKILL: no shutdown hooks, no cleanup
      child.waitFor(10, TimeUnit.SECONDS);
    }

    assertThat(target).doesNotExist();

    DataGenerator.sales(target, 1000, 1, false);   // the next generation overwrites the leftover
    assertThat(Files.readAllLines(target)).hasSize(1001);
    assertThat(partial).doesNotExist();
    assertThat(dir.toFile().list()).doesNotContain(partial.getFileName().toString())
        .allMatch(name -> !name.endsWith(File.separator));
  }
}
