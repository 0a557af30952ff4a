package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.OSInfo;

/**
 * The launcher ({@code ./millrace}) passes {@code -Dorg.sqlite.lib.path/-Dorg.sqlite.lib.name} pointing at the
 * library that the build unpacks beside the jar. These tests pin the sqlite-jdbc behaviour it relies on, in a
 * forked JVM: the library is loaded in place (nothing extracted to the temp folder), and a missing file falls
 * back to sqlite-jdbc's own extraction.
 */
class SqliteNativeLibraryTest {

  @TempDir Path dir;

  @Test
  void loadsTheUnpackedLibraryInPlaceWithoutExtractingIt() throws Exception {
    String name = libraryName();
    Path libDir = Files.createDirectories(dir.resolve("native"));
    try (InputStream in = OSInfo.class.getResourceAsStream(
        "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name)) {
      assertThat(in).as("sqlite-jdbc has a library for this platform").isNotNull();
      Files.copy(in, libDir.resolve(name));
    }
    String out = probe(libDir);
    assertThat(out).contains("sqlite 3.");
    assertThat(loadedSqliteLibrary(out)).isEqualTo(libDir.resolve(name).toString());
  }

  @Test
  void fallsBackToExtractionWhenTheUnpackedLibraryIsMissing() throws Exception {
    Path missing = dir.resolve("not-built");
    String out = probe(missing);
    assertThat(out).contains("sqlite 3.");
    assertThat(loadedSqliteLibrary(out)).startsWith(dir.resolve("tmp").toString()).doesNotStartWith(missing.toString());
  }

  private static String libraryName() {
    return OSInfo.getOSName().equals("Mac") ? "libsqlitejdbc.dylib" : "libsqlitejdbc.so";
  }

  /** Runs {@link SqliteOpenProbe} with the launcher's flags and a private temp folder; returns its output. */
  private String probe(Path libDir) throws IOException, InterruptedException {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:library=info", "-Djava.io.tmpdir=" + tmp,
        "-Dorg.sqlite.lib.path=" + libDir, "-Dorg.sqlite.lib.name=" + libraryName(),
        "-cp", System.getProperty("java.class.path"), SqliteOpenProbe.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  /** The path of the sqlite-jdbc library in the JVM's "Loaded library" log line. */
  private static String loadedSqliteLibrary(String out) {
    return out.lines()
        .filter(l -> l.contains("Loaded library") && l.contains("sqlitejdbc"))
        .map(l -> l.replaceFirst(".*Loaded library ", "").replaceFirst(", handle.*", ""))
        .findFirst().orElse("(not loaded: " + out + ")");
  }
}
