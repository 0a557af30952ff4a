package io.millrace.lake;

import static io.millrace.api.LogicalType.INTEGER;
import static io.millrace.api.LogicalType.VARCHAR;
import static io.millrace.lake.LakeFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.SnapshotInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 3: Iceberg metadata records absolute paths, yet a warehouse folder that is moved or
 * copied keeps working, and a copy reads only its own files.
 */
class IcebergWarehouseRelocationTest {
  static final TableSchema S = schema("id", INTEGER, "name", VARCHAR);

  @TempDir Path dir;

  /** Three snapshots: overwrite, append, tagged append. */
  private List<SnapshotInfo> build(Path folder) throws Exception {
    try (LakeFixture lake = new LakeFixture(folder)) {
      SnapshotInfo one = lake.overwrite("t", S, "SELECT 1::INTEGER AS id, 'one' AS name");
      SnapshotInfo two = lake.append("t", S, null, "SELECT 2::INTEGER AS id, 'two' AS name");
      SnapshotInfo three = lake.append("t", S, "2025-01-01", "SELECT 3::INTEGER AS id, 'three' AS name");
      return List.of(one, two, three);
    }
  }

  private static List<List<Object>> rows(LakeFixture lake, List<Path> files) {
    return lake.duckRows(files, "SELECT id, name FROM t ORDER BY id");
  }

  @Test
  void aMovedWarehouseReadsTimeTravelsAndCommits() throws Exception {
    List<SnapshotInfo> snaps = build(dir.resolve("p/wh"));
    Files.move(dir.resolve("p"), dir.resolve("p2"));

    try (LakeFixture moved = new LakeFixture(dir.resolve("p2/wh"))) {
      assertThat(moved.warehouse.files("t")).allSatisfy(f -> assertThat(f).startsWith(dir.resolve("p2/wh")));
      assertThat(rows(moved, moved.warehouse.files("t"))).hasSize(3);
      assertThat(rows(moved, moved.warehouse.files("t", snaps.get(0).snapshotId())))
          .containsExactly(List.of(1, "one"));
      moved.append("t", S, "2025-01-01", "SELECT 4::INTEGER AS id, 'four' AS name");   // replaces id 3
      assertThat(rows(moved, moved.warehouse.files("t")))
          .containsExactly(List.of(1, "one"), List.of(2, "two"), List.of(4, "four"));
      assertThat(moved.warehouse.snapshots("t")).hasSize(4);
    }
  }

  @Test
  void aCopiedWarehouseReadsOnlyItsOwnFiles() throws Exception {
    List<SnapshotInfo> snaps = build(dir.resolve("p/wh"));
    copy(dir.resolve("p"), dir.resolve("p2"));

    try (LakeFixture original = new LakeFixture(dir.resolve("p/wh"));
         LakeFixture copy = new LakeFixture(dir.resolve("p2/wh"))) {
      for (long id : List.of(snaps.get(0).snapshotId(), snaps.get(2).snapshotId())) {
        assertThat(copy.warehouse.files("t", id)).allSatisfy(f -> assertThat(f).startsWith(dir.resolve("p2/wh")));
      }
      copy.overwrite("t", S, "SELECT 9::INTEGER AS id, 'nine' AS name");
      assertThat(rows(copy, copy.warehouse.files("t"))).containsExactly(List.of(9, "nine"));
      assertThat(rows(original, original.warehouse.files("t"))).hasSize(3);   // the original is untouched
      assertThat(rows(copy, copy.warehouse.files("t", snaps.get(1).snapshotId())))
          .containsExactly(List.of(1, "one"), List.of(2, "two"));
    }
  }

  @Test
  void deletingTheCopysDataIsNotMaskedByTheOriginal() throws Exception {
    build(dir.resolve("p/wh"));
    copy(dir.resolve("p"), dir.resolve("p2"));
    try (Stream<Path> data = Files.list(dir.resolve("p2/wh/t/data"))) {
      data.forEach(f -> {
        try {
          Files.delete(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }

    try (LakeFixture copy = new LakeFixture(dir.resolve("p2/wh"));
         LakeFixture original = new LakeFixture(dir.resolve("p/wh"))) {
      assertThatThrownBy(() -> copy.warehouse.files("t"))
          .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
          .hasMessageContaining("Cannot read table 't': its data file " + dir.resolve("p2/wh/t/data"))
          .hasMessageContaining("is missing");
      assertThat(rows(original, original.warehouse.files("t"))).hasSize(3);
    }
  }

  @Test
  void theCopysMetadataNeverReachesTheOriginal() throws Exception {
    build(dir.resolve("p/wh"));
    copy(dir.resolve("p"), dir.resolve("p2"));
    // the original disappears: a copy that still read through its recorded paths would fail now
    Files.move(dir.resolve("p"), dir.resolve("elsewhere"));

    try (LakeFixture copy = new LakeFixture(dir.resolve("p2/wh"))) {
      assertThat(rows(copy, copy.warehouse.files("t"))).hasSize(3);
      assertThat(copy.warehouse.tables()).extracting(t -> t.rows()).containsExactly(3L);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
