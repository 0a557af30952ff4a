package io.millrace.lake;

import static io.millrace.api.LogicalType.*;
import static io.millrace.lake.LakeFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.TableSchema;
import io.millrace.api.spi.SnapshotInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IcebergWarehouseEvolutionTest {
  @TempDir java.nio.file.Path dir;
  LakeFixture lake;

  static final TableSchema V1 = schema("id", INTEGER, "name", VARCHAR, "score", INTEGER, "code", VARCHAR);
  /** name dropped, score widened int to long, code retyped string to int, city added. */
  static final TableSchema V2 = schema("id", INTEGER, "score", BIGINT, "code", INTEGER, "city", VARCHAR);

  @BeforeEach
  void open() {
    lake = new LakeFixture(dir.resolve("wh"));
  }

  @AfterEach
  void close() throws Exception {
    lake.close();
  }

  private SnapshotInfo commitV1() {
    return lake.append("t", V1, null, """
        SELECT 1::INTEGER AS id, 'ann' AS name, 10::INTEGER AS score, 'A1' AS code
        UNION ALL SELECT 2, 'bob', 20, 'B2'""");
  }

  @Test
  void newTableGetsIdsOneToNInColumnOrder() {
    assertThat(lake.warehouse.fieldIds("t", V1)).containsExactly(Map.entry("id", 1), Map.entry("name", 2),
        Map.entry("score", 3), Map.entry("code", 4));
  }

  @Test
  void predictsIdsOfAddedRetypedAndPromotedColumnsWithoutChangingTheTable() {
    commitV1();
    Table before = lake.icebergTable("t");

    Map<String, Integer> ids = lake.warehouse.fieldIds("t", V2);

    assertThat(ids).containsExactly(Map.entry("id", 1), Map.entry("score", 3), Map.entry("code", 5),
        Map.entry("city", 6));
    Table after = lake.icebergTable("t");
    assertThat(after.schema().sameSchema(before.schema())).isTrue();
    assertThat(lastColumnId(after)).isEqualTo(4);
    assertThat(after.currentSnapshot().snapshotId()).isEqualTo(before.currentSnapshot().snapshotId());
  }

  @Test
  void evolvesSchemaAndReadsOldAndNewSnapshots() {
    SnapshotInfo s1 = commitV1();
    lake.append("t", V2, null, "SELECT 3::INTEGER AS id, 30000000000::BIGINT AS score, 7::INTEGER AS code, "
        + "'Oslo' AS city");

    assertThat(lake.warehouse.schema("t")).contains(V2);
    Table table = lake.icebergTable("t");
    assertThat(table.schema().columns()).extracting(Types.NestedField::fieldId).containsExactly(1, 3, 5, 6);

    // current snapshot, Iceberg: old rows have the widened score, and null for the retyped and new columns
    List<Record> now = lake.icebergRows("t");
    now.sort(Comparator.comparing(r -> (Integer) r.getField("id")));
    assertThat(now).extracting(r -> List.of(r.getField("id"), r.getField("score"),
            String.valueOf(r.getField("code")), String.valueOf(r.getField("city"))))
        .containsExactly(List.of(1, 10L, "null", "null"), List.of(2, 20L, "null", "null"),
            List.of(3, 30_000_000_000L, "7", "Oslo"));

    // the same with DuckDB reading by field id: the old string 'code' (id 4) must not leak into the new int 'code' (id 5)
    assertThat(lake.duckRowsById(lake.warehouse.files("t"), V2, lake.warehouse.fieldIds("t", V2),
        "SELECT id, score, code, city FROM t ORDER BY id"))
        .extracting(r -> r.stream().map(String::valueOf).toList())
        .containsExactly(List.of("1", "10", "null", "null"), List.of("2", "20", "null", "null"),
            List.of("3", "30000000000", "7", "Oslo"));

    // old snapshot, time travel by file list (DuckDB) and by Iceberg (the snapshot's own schema)
    assertThat(lake.duckRows(lake.warehouse.files("t", s1.snapshotId()),
        "SELECT id, name, score, code FROM t ORDER BY id"))
        .containsExactly(List.of(1, "ann", 10, "A1"), List.of(2, "bob", 20, "B2"));
    List<Record> then = lake.icebergRows("t", s1.snapshotId());
    then.sort(Comparator.comparing(r -> (Integer) r.getField("id")));
    assertThat(then).extracting(r -> List.of(r.getField("id"), r.getField("name"), r.getField("code")))
        .containsExactly(List.of(1, "ann", "A1"), List.of(2, "bob", "B2"));
  }

  @Test
  void readdedColumnGetsANewIdAndNoOldValues() {
    commitV1();
    lake.append("t", V2, null, "SELECT 3::INTEGER AS id, 1::BIGINT AS score, 7::INTEGER AS code, 'x' AS city");
    TableSchema v3 = schema("id", INTEGER, "score", BIGINT, "code", INTEGER, "city", VARCHAR, "name", VARCHAR);

    assertThat(lake.warehouse.fieldIds("t", v3)).containsEntry("name", 7);
    lake.append("t", v3, null, "SELECT 4::INTEGER AS id, 2::BIGINT AS score, 8::INTEGER AS code, 'y' AS city, "
        + "'dan' AS name");

    List<Record> rows = lake.icebergRows("t");
    rows.sort(Comparator.comparing(r -> (Integer) r.getField("id")));
    assertThat(rows).extracting(r -> String.valueOf(r.getField("name")))
        .containsExactly("null", "null", "null", "dan");
  }

  @Test
  void reordersColumnsToTheRequestedOrderKeepingIds() {
    commitV1();
    TableSchema reordered = schema("code", VARCHAR, "id", INTEGER, "score", INTEGER, "name", VARCHAR);

    assertThat(lake.warehouse.fieldIds("t", reordered)).containsExactly(Map.entry("code", 4), Map.entry("id", 1),
        Map.entry("score", 3), Map.entry("name", 2));
    lake.append("t", reordered, null, "SELECT 'C3' AS code, 3::INTEGER AS id, 30::INTEGER AS score, 'cy' AS name");

    assertThat(lake.warehouse.schema("t")).contains(reordered);
    assertThat(lake.duckRows(lake.warehouse.files("t"), "SELECT id, code FROM t ORDER BY id"))
        .containsExactly(List.of(1, "A1"), List.of(2, "B2"), List.of(3, "C3"));
  }

  @Test
  void unchangedSchemaAddsNoSchemaVersion() {
    commitV1();
    commitV1();
    Table table = lake.icebergTable("t");
    assertThat(table.schemas()).hasSize(1);
    assertThat(lastColumnId(table)).isEqualTo(4);
  }

  @Test
  void neverReusesTheIdOfADroppedColumn() {
    commitV1();
    TableSchema dropped = schema("id", INTEGER, "name", VARCHAR, "score", INTEGER);
    lake.append("t", dropped, null, "SELECT 3::INTEGER AS id, 'cy' AS name, 30::INTEGER AS score");
    TableSchema added = schema("id", INTEGER, "name", VARCHAR, "score", INTEGER, "extra", DOUBLE);

    // the highest id in the schema is 3, but 4 was used by 'code': Iceberg continues at 5
    assertThat(lake.warehouse.fieldIds("t", added)).containsEntry("extra", 5);
    lake.append("t", added, null, "SELECT 4::INTEGER AS id, 'di' AS name, 40::INTEGER AS score, 0.5::DOUBLE AS extra");
    assertThat(lake.icebergTable("t").schema().findField("extra").fieldId()).isEqualTo(5);
    assertThat(lake.duckRowsById(lake.warehouse.files("t"), added, lake.warehouse.fieldIds("t", added),
        "SELECT id, extra FROM t ORDER BY id"))
        .extracting(r -> r.stream().map(String::valueOf).toList())
        .containsExactly(List.of("1", "null"), List.of("2", "null"), List.of("3", "null"), List.of("4", "0.5"));
  }

  @Test
  void overwritesWithARetypedColumnInTheSameCommit() {
    SnapshotInfo s1 = commitV1();
    TableSchema retyped = schema("id", VARCHAR, "name", VARCHAR, "score", INTEGER, "code", VARCHAR);
    SnapshotInfo s2 = lake.overwrite("t", retyped,
        "SELECT 'k9' AS id, 'kim' AS name, 90::INTEGER AS score, 'K9' AS code");

    assertThat(lake.warehouse.fieldIds("t", retyped)).containsEntry("id", 5);
    assertThat(lake.icebergRows("t")).extracting(r -> r.getField("id"), r -> r.getField("score"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("k9", 90));
    assertThat(lake.warehouse.schema("t")).contains(retyped);
    assertThat(s2.totalRows()).isEqualTo(1);
    // the old snapshot still reads with its own types
    assertThat(lake.duckRows(lake.warehouse.files("t", s1.snapshotId()), "SELECT sum(id) FROM t"))
        .containsExactly(List.of(java.math.BigInteger.valueOf(3)));
  }

  private static int lastColumnId(Table t) {
    return ((HasTableOperations) t).operations().current().lastColumnId();
  }
}
