package io.millrace.core.lineage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events are in the file as soon as they are sent, also when the file was replaced in between. */
class FileSinkTest {
  @TempDir Path dir;

  @Test
  void eachEventIsInTheFileAtOnceAndAReplacedFileIsFollowed() throws Exception {
    Path file = dir.resolve("lineage/events.jsonl");
    FileSink sink = new FileSink(file);
    sink.send(List.of("{\"a\":1}"));
    sink.send(List.of("{\"a\":2}", "{\"a\":3}"));
    assertThat(Files.readAllLines(file)).containsExactly("{\"a\":1}", "{\"a\":2}", "{\"a\":3}");
    // another process prunes the file: a new file moved over the old one
    Path pruned = dir.resolve("pruned.jsonl");
    Files.writeString(pruned, "{\"a\":3}\n");
    Files.move(pruned, file, StandardCopyOption.REPLACE_EXISTING);
    sink.send(List.of("{\"a\":4}"));
    assertThat(Files.readAllLines(file)).containsExactly("{\"a\":3}", "{\"a\":4}");
    sink.flush();
    Files.delete(file);
    sink.send(List.of("{\"a\":5}"));
    sink.flush();
    assertThat(Files.readAllLines(file)).containsExactly("{\"a\":5}");
  }
}
