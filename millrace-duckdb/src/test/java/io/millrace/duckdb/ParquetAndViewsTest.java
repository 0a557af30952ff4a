package io.millrace.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.SourceLoad;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetAndViewsTest extends EngineFixture {
  @TempDir Path dir;

  @Test
  void writesEveryColumnWithItsFieldIdAndLogicalType() {
    Path file = dir.resolve("out/part-1.parquet");
    String sql = "select i::smallint as \"a b\", 'x' || i as \"it's\", i * 1.5::double as \"q\"\"x\", "
        + "date '2024-01-01' + i::integer as d from range(10) t(i);";

    long rows = session.writeParquet(sql, file, Map.of("a b", 3, "it's", 5, "q\"x", 7, "d", 11));

    assertThat(rows).isEqualTo(10);
    var ids = session.query("select name, field_id, type from parquet_schema('" + file + "') "
        + "where field_id is not null order by field_id").rows();
    assertThat(ids).containsExactly(List.of("a b", 3L, "INT32"), List.of("it's", 5L, "BYTE_ARRAY"),
        List.of("q\"x", 7L, "DOUBLE"), List.of("d", 11L, "INT32"));
    assertThat(session.query("select sum(\"q\"\"x\") from '" + file + "'").scalar()).isEqualTo(67.5);
  }

  @Test
  void keepsTheOrderOfAQueryWithOrderByAndEveryRowOfOneWithout() {
    // 600,000 rows: several of DuckDB's row groups, so an unordered write could interleave them
    Path sorted = dir.resolve("sorted.parquet");
    Path any = dir.resolve("any.parquet");
    session.writeParquet("select (i * 7919) % 600000 as v from range(600000) t(i) order by v desc", sorted, Map.of("v", 1));
    session.writeParquet("select i as v from range(600000) t(i)", any, Map.of("v", 1));

    assertThat(session.query("select count(*) filter (where v > prev) from (select v, lag(v) over "
        + "(order by file_row_number) as prev from read_parquet('" + sorted + "', file_row_number = true))")
        .scalar()).isEqualTo(0L);
    assertThat(session.query("select count(*), count(distinct v), sum(v) from '" + any + "'").rows())
        .containsExactly(List.of(600000L, 600000L, java.math.BigInteger.valueOf(179999700000L)));
  }

  @Test
  void appendsRowsMadeInJavaToASessionTable() {
    session.execute("create temp table r (run_id varchar, line bigint, reason varchar)");

    boolean bulk = session.appendRows("r", List.of(java.util.Arrays.asList("run-1", 3L, "it's bad"),
        java.util.Arrays.asList("run-1", 7L, null)));

    assertThat(bulk).isTrue();
    assertThat(session.query("select run_id, line, coalesce(reason, 'NULL') from r order by line").rows())
        .containsExactly(List.of("run-1", 3L, "it's bad"), List.of("run-1", 7L, "NULL"));
    assertThatThrownBy(() -> session.appendRows("no_such_table", List.of(List.of("x"))))
        .isInstanceOf(MillraceException.class).hasMessageContaining("no_such_table");
  }

  @Test
  void refusesAColumnWithoutFieldId() {
    assertThatThrownBy(() -> session.writeParquet("select 1 as a, 2 as b", dir.resolve("x.parquet"), Map.of("a", 1)))
        .isInstanceOf(MillraceException.class).hasMessageContaining("column 'b' has no field id");
  }

  @Test
  void registersFilesAsATableVisibleToOtherSessions() {
    Path f1 = dir.resolve("f1.parquet");
    Path f2 = dir.resolve("f2.parquet");
    session.writeParquet("select i::integer as id from range(3) t(i)", f1, Map.of("id", 1));
    session.writeParquet("select i::integer as id, 'n' || i as name from range(3, 5) t(i)", f2,
        Map.of("id", 1, "name", 2));
    TableSchema schema = new TableSchema(List.of(new Column("id", LogicalType.BIGINT),
        new Column("name", LogicalType.VARCHAR), new Column("added", LogicalType.DATE)));

    session.registerTable("people", schema, List.of(f1, f2));

    try (EngineSession other = engine.session()) {
      assertThat(other.describe("select * from people")).isEqualTo(schema);
      assertThat(other.query("select count(*), count(name), count(added) from people").rows())
          .containsExactly(List.of(5L, 2L, 0L));
    }
  }

  @Test
  void registersAnEmptyTypedTableWithoutFiles() {
    TableSchema schema = new TableSchema(List.of(new Column("id", LogicalType.INTEGER),
        new Column("at", LogicalType.TIMESTAMPTZ)));

    session.registerTable("empty_one", schema, List.of());

    assertThat(session.describe("select * from empty_one")).isEqualTo(schema);
    assertThat(session.query("select count(*) from empty_one").scalar()).isEqualTo(0L);
  }

  @Test
  void replacesALoadedTableWithAViewAndDropsEither() {
    session.execute("create or replace table shifting as select 1 as x");
    session.registerView("shifting", "select 2 as x;");
    assertThat(session.query("select x from shifting").scalar()).isEqualTo(2);

    session.drop("shifting");
    session.drop("shifting");

    assertThatThrownBy(() -> session.query("select * from shifting"))
        .isInstanceOf(MillraceException.class).hasMessageContaining("shifting");
  }

  @Test
  void loadsAParquetSourceAndChecksDeclaredColumns() {
    Path file = dir.resolve("src.parquet");
    Map<String, Integer> ids = new HashMap<>(Map.of("id", 1, "amount", 2));
    session.writeParquet("select i as id, i / 2 as amount from range(4) t(i)", file, ids);

    SourceLoad load = session.loadSource(SourceSpec.file("src", SourceFormat.PARQUET, file,
        List.of(new Column("id", LogicalType.INTEGER))), "src");

    assertThat(load.rows()).isEqualTo(4);
    assertThat(load.schema().columns()).containsExactly(new Column("id", LogicalType.INTEGER),
        new Column("amount", LogicalType.DOUBLE));
    assertThatThrownBy(() -> session.loadSource(SourceSpec.file("src", SourceFormat.PARQUET, file,
        List.of(new Column("price", LogicalType.DOUBLE))), "src"))
        .hasMessage("Cannot read source 'src' from " + file + ": column 'price' is missing from the file "
            + "(found: id, amount)");
  }
}
