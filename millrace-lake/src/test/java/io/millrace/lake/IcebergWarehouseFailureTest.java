package io.millrace.lake;

import static io.millrace.api.LogicalType.*;
import static io.millrace.lake.LakeFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.SnapshotInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IcebergWarehouseFailureTest {
  @TempDir Path dir;
  LakeFixture lake;
  SnapshotInfo first;

  static final TableSchema S = schema("id", INTEGER, "name", VARCHAR);

  @BeforeEach
  void open() {
    lake = new LakeFixture(dir.resolve("wh"));
    first = lake.overwrite("t", S, "SELECT 1::INTEGER AS id, 'one' AS name");
  }

  @AfterEach
  void close() throws Exception {
    lake.close();
  }

  private void assertUnchanged() {
    assertThat(lake.warehouse.snapshots("t")).extracting(SnapshotInfo::snapshotId).containsExactly(first.snapshotId());
    assertThat(lake.icebergTable("t").currentSnapshot().snapshotId()).isEqualTo(first.snapshotId());
    assertThat(lake.warehouse.schema("t")).contains(S);
    assertThat(lake.duckRows(lake.warehouse.files("t"), "SELECT id, name FROM t")).containsExactly(List.of(1, "one"));
  }

  private MillraceException commitFails(TableSchema schema, CommitRequest.Mode mode, Path... files) {
    CommitRequest request = new CommitRequest("t", schema, List.of(files), mode, null, Map.of());
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> lake.warehouse.commit(request));
    assertThat(thrown).isInstanceOf(MillraceException.class);
    return (MillraceException) thrown;
  }

  @Test
  void missingFileLeavesPreviousSnapshotCurrent() {
    Path good = lake.write("t", S, "SELECT 2::INTEGER AS id, 'two' AS name");
    Path missing = lake.warehouse.newDataFile("t");

    MillraceException e = commitFails(S, CommitRequest.Mode.OVERWRITE, good, missing);

    assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
    assertThat(e).hasMessage("Cannot commit table 't': data file " + missing + " does not exist");
    assertUnchanged();
  }

  @Test
  void failedCommitDoesNotEvolveTheSchema() {
    TableSchema wider = schema("id", BIGINT, "name", VARCHAR, "extra", DOUBLE);
    commitFails(wider, CommitRequest.Mode.APPEND, lake.warehouse.newDataFile("t"));

    assertUnchanged();
    assertThat(lake.warehouse.fieldIds("t", wider)).containsEntry("extra", 3);
  }

  @Test
  void rejectsFileWithoutFieldIds() {
    Path noIds = lake.writeWithoutIds("t", "SELECT 2::INTEGER AS id, 'two' AS name");

    MillraceException e = commitFails(S, CommitRequest.Mode.APPEND, noIds);

    assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
    assertThat(e.getMessage()).contains("column 'id' of data file " + noIds + " has no Iceberg field id");
    assertUnchanged();
  }

  @Test
  void rejectsFileWithOtherFieldIds() {
    Path swapped = lake.write("t", "SELECT 2::INTEGER AS id, 'two' AS name", Map.of("id", 2, "name", 1));

    MillraceException e = commitFails(S, CommitRequest.Mode.APPEND, swapped);

    assertThat(e.getMessage()).contains("column 'id' of data file " + swapped + " is int with field id 2, "
        + "but the table has int with field id 1");
    assertUnchanged();
  }

  @Test
  void rejectsFileWhoseTypesDifferFromTheSchema() {
    Path strings = lake.write("t", "SELECT 'x' AS id, 'two' AS name", Map.of("id", 1, "name", 2));

    MillraceException e = commitFails(S, CommitRequest.Mode.APPEND, strings);

    assertThat(e.getMessage()).contains("column 'id' of data file " + strings + " is string");
    assertUnchanged();
  }

  @Test
  void rejectsFileWithColumnsNotInTheSchema() {
    Path more = lake.write("t", "SELECT 2::INTEGER AS id, 'two' AS name, 3 AS other",
        Map.of("id", 1, "name", 2, "other", 3));

    MillraceException e = commitFails(S, CommitRequest.Mode.APPEND, more);

    assertThat(e.getMessage()).contains("column 'other' of data file " + more + " is not in the table's schema");
    assertUnchanged();
  }

  @Test
  void rejectsAFileThatIsNotParquet() throws Exception {
    Path text = lake.warehouse.newDataFile("t");
    java.nio.file.Files.writeString(text, "id,name\n2,two\n");

    MillraceException e = commitFails(S, CommitRequest.Mode.OVERWRITE, text);

    assertThat(e.kind()).isEqualTo(ErrorKind.EXTERNAL);
    assertThat(e.getMessage()).startsWith("Cannot commit table 't': data file " + text + " is not a readable Parquet file");
    assertUnchanged();
  }

  @Test
  void rejectsTheSameFileListedTwice() {
    Path good = lake.write("t", S, "SELECT 2::INTEGER AS id, 'two' AS name");

    MillraceException e = commitFails(S, CommitRequest.Mode.OVERWRITE, good, good);

    assertThat(e.getMessage()).contains("the same data file is listed twice");
    assertUnchanged();
  }

  @Test
  void namesTheWarehouseAndItsTablesForAnUnknownTable() {
    lake.overwrite("b", S, "SELECT 1::INTEGER AS id, 'one' AS name");

    assertThatThrownBy(() -> lake.warehouse.files("nope"))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage("Cannot read table 'nope': no such table in warehouse " + lake.warehouse.folder()
            + "/ (tables: b, t)");
    assertThatThrownBy(() -> lake.warehouse.snapshots("nope")).hasMessageStartingWith("Cannot read table 'nope'");
    assertThat(lake.warehouse.exists("nope")).isFalse();
  }

  @Test
  void namesTheValidSnapshotsForAnUnknownSnapshot() {
    assertThatThrownBy(() -> lake.warehouse.files("t", 12345L))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage("Cannot read table 't' at snapshot 12345: no such snapshot (snapshots: ["
            + first.snapshotId() + "])");
  }

  @Test
  void rejectsTableNamesThatAreNotIdentifiers() {
    assertThatThrownBy(() -> lake.warehouse.newDataFile("../escape"))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage("Cannot use table name '../escape': use only letters, digits and '_'");
    assertThatThrownBy(() -> lake.warehouse.commit(new CommitRequest("a b", S, List.of(),
        CommitRequest.Mode.OVERWRITE, null, Map.of()))).hasMessageStartingWith("Cannot use table name 'a b'");
  }

  @Test
  void findsTheSnapshotCurrentAtATime() throws Exception {
    Thread.sleep(5);
    SnapshotInfo second = lake.overwrite("t", S, "SELECT 2::INTEGER AS id, 'two' AS name");

    assertThat(lake.warehouse.snapshotAsOf("t", first.committedAt().minusMillis(1))).isEmpty();
    assertThat(lake.warehouse.snapshotAsOf("t", first.committedAt())).contains(first.snapshotId());
    assertThat(lake.warehouse.snapshotAsOf("t", second.committedAt().minusMillis(1))).contains(first.snapshotId());
    assertThat(lake.warehouse.snapshotAsOf("t", Instant.now())).contains(second.snapshotId());
  }
}
