package io.millrace.lake;

import static io.millrace.api.LogicalType.*;
import static io.millrace.lake.LakeFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.millrace.api.TableSchema;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.SnapshotInfo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IcebergWarehouseCommitTest {
  @TempDir Path dir;
  LakeFixture lake;

  @BeforeEach
  void open() {
    lake = new LakeFixture(dir.resolve("wh"));
  }

  @AfterEach
  void close() throws Exception {
    lake.close();
  }

  static final TableSchema ALL_TYPES = schema("b", BOOLEAN, "i", INTEGER, "l", BIGINT, "d", DOUBLE,
      "s", VARCHAR, "dt", DATE, "ts", TIMESTAMP, "tz", TIMESTAMPTZ, "tm", TIME, "bl", BLOB);

  @Test
  void readsBackEveryTypeWithIcebergsReaderByFieldId() {
    SnapshotInfo snap = lake.overwrite("all_types", ALL_TYPES, """
        SELECT true AS b, 7::INTEGER AS i, 9000000000::BIGINT AS l, 2.5::DOUBLE AS d, 'héllo' AS s,
               DATE '2024-02-29' AS dt, TIMESTAMP '2024-01-02 03:04:05.123456' AS ts,
               TIMESTAMPTZ '2024-01-02 03:04:05+02' AS tz, TIME '13:14:15' AS tm, '\\xAA\\xBB'::BLOB AS bl
        UNION ALL
        SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL""");

    assertThat(snap.totalRows()).isEqualTo(2);
    assertThat(snap.operation()).isEqualTo("append");
    assertThat(lake.warehouse.schema("all_types")).contains(ALL_TYPES);
    List<Record> rows = lake.icebergRows("all_types");
    rows.sort(Comparator.comparing(r -> r.getField("i") == null ? 1 : 0));
    Record r = rows.get(0);
    assertThat(r.getField("b")).isEqualTo(true);
    assertThat(r.getField("i")).isEqualTo(7);
    assertThat(r.getField("l")).isEqualTo(9_000_000_000L);
    assertThat(r.getField("d")).isEqualTo(2.5);
    assertThat(r.getField("s")).isEqualTo("héllo");
    assertThat(r.getField("dt")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(r.getField("ts")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000));
    assertThat(r.getField("tz")).isEqualTo(OffsetDateTime.of(2024, 1, 2, 1, 4, 5, 0, ZoneOffset.UTC));
    assertThat(r.getField("tm")).isEqualTo(LocalTime.of(13, 14, 15));
    assertThat(r.getField("bl")).isEqualTo(ByteBuffer.wrap(new byte[] {(byte) 0xAA, (byte) 0xBB}));
    Record empty = rows.get(1);
    for (int i = 0; i < ALL_TYPES.columns().size(); i++) {
      assertThat(empty.get(i)).isNull();
    }
  }

  @Test
  void columnsAreMatchedByFieldIdNotByPosition() {
    TableSchema ab = schema("a", INTEGER, "b", INTEGER);
    // the file's columns are in the opposite order of the table's: only the ids can line them up
    Path file = lake.write("swapped", "SELECT 2::INTEGER AS b, 1::INTEGER AS a", Map.of("a", 1, "b", 2));
    lake.warehouse.commit(new CommitRequest("swapped", ab, List.of(file), CommitRequest.Mode.OVERWRITE,
        null, Map.of()));

    Record r = lake.icebergRows("swapped").get(0);
    assertThat(List.of(r.getField("a"), r.getField("b"))).containsExactly(1, 2);
  }

  @Test
  void overwriteReplacesAllRows() {
    TableSchema s = schema("id", INTEGER);
    lake.overwrite("t", s, "SELECT range::INTEGER AS id FROM range(5)");
    SnapshotInfo second = lake.overwrite("t", s, "SELECT 100::INTEGER AS id");

    assertThat(lake.icebergRows("t")).extracting(r -> r.getField("id")).containsExactly(100);
    assertThat(second.operation()).isEqualTo("overwrite");
    assertThat(second.totalRows()).isEqualTo(1);
    assertThat(lake.warehouse.files("t")).hasSize(1);
  }

  @Test
  void appendAddsRows() {
    TableSchema s = schema("id", INTEGER);
    lake.append("t", s, null, "SELECT 1::INTEGER AS id");
    SnapshotInfo second = lake.append("t", s, null, "SELECT 2::INTEGER AS id");

    assertThat(lake.icebergRows("t")).extracting(r -> r.getField("id")).containsExactlyInAnyOrder(1, 2);
    assertThat(second.operation()).isEqualTo("append");
    assertThat(second.totalRows()).isEqualTo(2);
    assertThat(lake.warehouse.files("t")).hasSize(2);
  }

  @Test
  void appendWithSameReplaceTagReplacesOnlyThatTagsRows() {
    TableSchema s = schema("day", VARCHAR, "n", BIGINT);
    lake.append("events", s, "2024-01-01", "SELECT '2024-01-01' AS day, range AS n FROM range(3)");
    lake.append("events", s, "2024-01-02", "SELECT '2024-01-02' AS day, range AS n FROM range(4)");
    lake.append("events", s, null, "SELECT 'untagged' AS day, 0::BIGINT AS n");
    // re-running day 1 twice, with a different result each time
    lake.append("events", s, "2024-01-01", "SELECT '2024-01-01' AS day, range AS n FROM range(10, 12)");
    SnapshotInfo last = lake.append("events", s, "2024-01-01",
        "SELECT '2024-01-01' AS day, range AS n FROM range(20, 22)");

    assertThat(lake.duckRows(lake.warehouse.files("events"),
        "SELECT day, count(*), sum(n) FROM t GROUP BY day ORDER BY day"))
        .containsExactly(List.of("2024-01-01", 2L, java.math.BigInteger.valueOf(41)),
            List.of("2024-01-02", 4L, java.math.BigInteger.valueOf(6)),
            List.of("untagged", 1L, java.math.BigInteger.ZERO));
    assertThat(last.totalRows()).isEqualTo(7);
    assertThat(last.summary()).containsEntry("millrace.tag", "2024-01-01");
    assertThat(last.operation()).isEqualTo("overwrite");
  }

  @Test
  void overwriteWithNoFilesEmptiesTheTable() {
    TableSchema s = schema("id", INTEGER);
    lake.overwrite("t", s, "SELECT 1::INTEGER AS id");
    SnapshotInfo empty = lake.warehouse.commit(new CommitRequest("t", s, List.of(),
        CommitRequest.Mode.OVERWRITE, null, Map.of()));

    assertThat(empty.totalRows()).isZero();
    assertThat(lake.warehouse.files("t")).isEmpty();
    assertThat(lake.icebergRows("t")).isEmpty();
    assertThat(lake.warehouse.snapshots("t")).hasSize(2);
  }

  @Test
  void firstCommitWithNoFilesCreatesAnEmptyTable() {
    TableSchema s = schema("id", INTEGER, "name", VARCHAR);
    SnapshotInfo snap = lake.warehouse.commit(new CommitRequest("nothing", s, List.of(),
        CommitRequest.Mode.OVERWRITE, null, Map.of("millrace.run-id", "r1")));

    assertThat(snap.snapshotId()).isNotZero();
    assertThat(snap.totalRows()).isZero();
    assertThat(snap.summary()).containsEntry("millrace.run-id", "r1");
    assertThat(lake.warehouse.exists("nothing")).isTrue();
    assertThat(lake.warehouse.schema("nothing")).contains(s);
    assertThat(lake.warehouse.files("nothing")).isEmpty();
  }

  @Test
  void recordsPropertiesAndParentsInSnapshots() {
    TableSchema s = schema("id", INTEGER);
    Path f1 = lake.write("t", s, "SELECT 1::INTEGER AS id");
    SnapshotInfo first = lake.warehouse.commit(new CommitRequest("t", s, List.of(f1),
        CommitRequest.Mode.APPEND, null, Map.of("millrace.run-id", "run-1")));
    Path f2 = lake.write("t", s, "SELECT range::INTEGER AS id FROM range(3)");
    SnapshotInfo second = lake.warehouse.commit(new CommitRequest("t", s, List.of(f2),
        CommitRequest.Mode.APPEND, "x", Map.of("millrace.run-id", "run-2")));

    assertThat(lake.warehouse.snapshots("t"))
        .extracting(SnapshotInfo::snapshotId, SnapshotInfo::parentId, SnapshotInfo::totalRows,
            x -> x.summary().get("millrace.run-id"), x -> x.summary().get("millrace.tag"))
        .containsExactly(tuple(first.snapshotId(), 0L, 1L, "run-1", null),
            tuple(second.snapshotId(), first.snapshotId(), 4L, "run-2", "x"));
    assertThat(second.committedAt()).isAfterOrEqualTo(first.committedAt());
  }

  @Test
  void listsTablesSortedWithRowsFilesAndLastCommit() {
    TableSchema s = schema("id", INTEGER);
    lake.append("zeta", s, null, "SELECT range::INTEGER AS id FROM range(3)");
    SnapshotInfo z2 = lake.append("zeta", s, null, "SELECT range::INTEGER AS id FROM range(4)");
    SnapshotInfo a = lake.overwrite("alpha", s, "SELECT 1::INTEGER AS id");
    lake.overwrite("alpha__quarantine", s, "SELECT range::INTEGER AS id FROM range(2)");
    lake.warehouse.newDataFile("not_committed_yet");

    assertThat(lake.warehouse.tables())
        .extracting(t -> t.name(), t -> t.snapshotId(), t -> t.rows(), t -> t.files(), t -> t.lastCommit())
        .containsExactly(tuple("alpha", a.snapshotId(), 1L, 1, a.committedAt()),
            tuple("alpha__quarantine", lake.warehouse.snapshots("alpha__quarantine").get(0).snapshotId(), 2L, 1,
                lake.warehouse.snapshots("alpha__quarantine").get(0).committedAt()),
            tuple("zeta", z2.snapshotId(), 7L, 2, z2.committedAt()));
    assertThat(lake.warehouse.exists("not_committed_yet")).isFalse();
    assertThat(lake.warehouse.schema("not_committed_yet")).isEqualTo(Optional.empty());
  }

  @Test
  void seesCommitsOfAnotherWarehouseOnTheSameFolder() throws Exception {
    TableSchema s = schema("id", INTEGER);
    lake.append("t", s, null, "SELECT 1::INTEGER AS id");
    try (IcebergWarehouse other = IcebergWarehouse.open(lake.folder)) {
      assertThat(other.files("t")).hasSize(1); // loads and caches the table in the other instance
      lake.append("t", s, null, "SELECT 2::INTEGER AS id");
      Path f = lake.write("t", s, "SELECT 3::INTEGER AS id");
      SnapshotInfo third = other.commit(new CommitRequest("t", s, List.of(f), CommitRequest.Mode.APPEND, null,
          Map.of()));

      assertThat(third.totalRows()).isEqualTo(3);
      assertThat(lake.duckRows(lake.warehouse.files("t"), "SELECT id FROM t ORDER BY id"))
          .containsExactly(List.of(1), List.of(2), List.of(3));
      assertThat(lake.warehouse.snapshots("t")).hasSize(3);
    }
  }

  @Test
  void reopenedWarehouseSeesCommittedTables() throws Exception {
    TableSchema s = schema("id", INTEGER);
    lake.overwrite("t", s, "SELECT 42::INTEGER AS id");
    try (IcebergWarehouse again = IcebergWarehouse.open(lake.folder)) {
      assertThat(again.tables()).extracting(t -> t.name(), t -> t.rows()).containsExactly(tuple("t", 1L));
      assertThat(lake.duckRows(again.files("t"), "SELECT id FROM t")).containsExactly(List.of(42));
    }
  }

  @Test
  void newDataFileIsInsideTheTablesDataFolder() {
    Path f = lake.warehouse.newDataFile("orders");
    assertThat(f.getParent()).isEqualTo(lake.folder.toAbsolutePath().resolve("orders").resolve("data"));
    assertThat(f.getParent()).isDirectory();
    assertThat(f.getFileName().toString()).endsWith(".parquet");
    assertThat(lake.warehouse.newDataFile("orders")).isNotEqualTo(f);
  }
}
