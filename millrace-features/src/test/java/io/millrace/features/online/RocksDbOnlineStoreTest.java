package io.millrace.features.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.features.EntityKey;
import io.millrace.api.features.OnlineStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbOnlineStoreTest extends OnlineStoreContract {
  @TempDir Path dir;

  @Override
  OnlineStore openFresh() {
    return RocksDbOnlineStore.open(dir.resolve("online"));
  }

  @Override
  OnlineStore reopen() {
    return RocksDbOnlineStore.open(dir.resolve("online"));
  }

  @Test
  void aReaderBesideTheWriterSeesItsWritesAfterCatchingUp() {
    store.write("v", List.of(row(1L, T0, "x", 1L)));
    try (RocksDbOnlineStore reader = RocksDbOnlineStore.openReader(dir.resolve("online"), 0)) {
      assertThat(reader.readOnly()).isTrue();
      assertThat(reader.read("v", List.of(EntityKey.of(1L))).get(0).values()).containsEntry("x", 1L);
      // written while the reader is open, never flushed: the reader finds it in the writer's WAL
      store.write("v", List.of(row(1L, T0.plusSeconds(1), "x", 2L), row(2L, T0, "x", 3L)));
      List<io.millrace.api.features.OnlineRow> back = reader.read("v", List.of(EntityKey.of(1L), EntityKey.of(2L)));
      assertThat(back.get(0).values()).containsEntry("x", 2L);
      assertThat(back.get(1).values()).containsEntry("x", 3L);
      assertThatThrownBy(() -> reader.write("v", List.of(row(3L, T0, "x", 1L))))
          .isInstanceOf(MillraceException.class).hasMessageContaining("opened for reading");
    }
  }

  @Test
  void aReaderOpensAStoreNoWriterCreatedYet() {
    try (RocksDbOnlineStore reader = RocksDbOnlineStore.openReader(dir.resolve("fresh"), 0)) {
      assertThat(reader.read("v", List.of(EntityKey.of(1L)))).containsExactly((io.millrace.api.features.OnlineRow) null);
    }
  }

  @Test
  void refusesASecondWriterWithAClearError() {
    assertThatThrownBy(() -> RocksDbOnlineStore.open(dir.resolve("online")))
        .isInstanceOf(MillraceException.class)
        .satisfies(e -> assertThat(((MillraceException) e).kind()).isEqualTo(ErrorKind.EXTERNAL))
        .hasMessageContaining("another process is writing it");
  }
}
