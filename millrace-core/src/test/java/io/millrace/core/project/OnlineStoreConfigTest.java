package io.millrace.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.project.OnlineStoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code online_store} in millrace.yaml. */
class OnlineStoreConfigTest {
  @TempDir Path dir;

  private OnlineStoreSpec load(String yaml) throws Exception {
    Files.writeString(dir.resolve("millrace.yaml"), yaml);
    return ProjectLoader.load(dir, Map.of(), name -> null).onlineStore();
  }

  @Test
  void defaultsToRocksDbUnderTheStateFolder() throws Exception {
    OnlineStoreSpec spec = load("name: r\n");
    assertThat(spec.kind()).isEqualTo(OnlineStoreSpec.Kind.ROCKSDB);
    assertThat(spec.path()).isEqualTo(dir.resolve(".millrace").resolve("online"));
    assertThat(load("name: r\nonline_store: rocksdb\n")).isEqualTo(spec);
    assertThat(load("name: r\nonline_store: rocksdb:data/online\n").path()).isEqualTo(dir.resolve("data/online"));
  }

  @Test
  void readsARedisUrl() throws Exception {
    OnlineStoreSpec spec = load("name: r\nonline_store: redis://127.0.0.1:6379/2\n");
    assertThat(spec.kind()).isEqualTo(OnlineStoreSpec.Kind.REDIS);
    assertThat(spec.url()).isEqualTo("redis://127.0.0.1:6379/2");
    assertThat(load("name: r\nonline_store: redis://:s3cret@cache.local:6380\n").toString()).doesNotContain("s3cret");
  }

  @Test
  void refusesABadUrlNamingTheKeyAndLine() {
    assertThatThrownBy(() -> load("name: r\nonline_store: redis://127.0.0.1:6379/x\n"))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessageContaining("online_store").hasMessageContaining("database number").hasMessageContaining(":2");
    assertThatThrownBy(() -> load("name: r\nonline_store: redis://:6379\n")).hasMessageContaining("no host");
    assertThatThrownBy(() -> load("name: r\nonline_store: memcached://h:1\n"))
        .hasMessageContaining("online_store must be 'rocksdb'").hasMessageContaining("memcached://h:1");
    assertThatThrownBy(() -> load("name: r\nonline_store: redis://:pw9@h:1/x\n")).hasMessageNotContaining("pw9");
  }
}
