package io.millrace.features.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.MillraceException;
import io.millrace.api.features.EntityKey;
import io.millrace.api.features.OnlineRow;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer in another process (as {@code materialize} or {@code stream} beside {@code serve}): the
 * server's reader sees each write without the writer closing, a second writer is refused, and a
 * killed writer loses nothing it wrote.
 */
class TwoProcessRocksDbTest {
  @TempDir Path dir;

  @Test
  void aReaderFollowsAWriterInAnotherProcess() throws Exception {
    Path db = dir.resolve("online");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        WriterProcess.class.getName(), db.toString()).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
      Writer in = new OutputStreamWriter(writer.getOutputStream(), StandardCharsets.UTF_8);
      assertThat(out.readLine()).isEqualTo("wrote 1");

      assertThatThrownBy(() -> RocksDbOnlineStore.open(db)).isInstanceOf(MillraceException.class)
          .hasMessageContaining("another process is writing it");
      try (RocksDbOnlineStore reader = RocksDbOnlineStore.openReader(db, 0)) {
        assertThat(x(reader)).isEqualTo(1L);
        in.write("go\n");
        in.flush();
        assertThat(out.readLine()).isEqualTo("wrote 2");
        assertThat(x(reader)).as("seen on the next lookup, the writer still open").isEqualTo(2L);
      }
    } finally {
      writer.destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    try (RocksDbOnlineStore after = RocksDbOnlineStore.open(db)) {
      assertThat(x(after)).as("the killed writer's rows survive").isEqualTo(2L);
    }
  }

  private static Object x(RocksDbOnlineStore store) {
    OnlineRow r = store.read("v", List.of(EntityKey.of(1L))).get(0);
    return r == null ? null : r.values().get("x");
  }
}
