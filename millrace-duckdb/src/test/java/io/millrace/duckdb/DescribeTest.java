package io.millrace.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.ErrorKind;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import org.junit.jupiter.api.Test;

class DescribeTest extends EngineFixture {
  @Test
  void mapsDuckDbTypesToLogicalTypes() {
    TableSchema schema = session.describe("select 1.5 as dec, 1::float as f, 1::hugeint as h, "
        + "1::ubigint as ub, 1::uinteger as ui, 1::smallint as si, 1::tinyint as ti, 1::utinyint as ut, "
        + "1::usmallint as us, 1 as i, 1::bigint as b, 'x' as s, true as bo, date '2024-01-01' as d, "
        + "'2024-01-01'::timestamp_ns as tns, '2024-01-01'::timestamp_ms as tms, '2024-01-01'::timestamp_s as ts, "
        + "timestamptz '2024-01-01 00:00:00+00' as tz, time '10:00' as t, 'x'::blob as bl, uuid() as u;");
    assertThat(schema.columns()).containsExactly(
        Column.decimal("dec", 2, 1), new Column("f", LogicalType.DOUBLE),
        Column.decimal("h", 38, 0), new Column("ub", LogicalType.BIGINT),
        new Column("ui", LogicalType.BIGINT), new Column("si", LogicalType.INTEGER),
        new Column("ti", LogicalType.INTEGER), new Column("ut", LogicalType.INTEGER),
        new Column("us", LogicalType.INTEGER), new Column("i", LogicalType.INTEGER),
        new Column("b", LogicalType.BIGINT), new Column("s", LogicalType.VARCHAR),
        new Column("bo", LogicalType.BOOLEAN), new Column("d", LogicalType.DATE),
        new Column("tns", LogicalType.TIMESTAMP), new Column("tms", LogicalType.TIMESTAMP),
        new Column("ts", LogicalType.TIMESTAMP), new Column("tz", LogicalType.TIMESTAMPTZ),
        new Column("t", LogicalType.TIME), new Column("bl", LogicalType.BLOB),
        new Column("u", LogicalType.VARCHAR));
  }

  @Test
  void bindsWithoutRunning() {
    // error() would throw if the query ran
    assertThat(session.describe("select cast(error('boom') as integer) as x from range(3)").columns())
        .containsExactly(new Column("x", LogicalType.INTEGER));
  }

  @Test
  void rejectsNestedTypesNamingTheColumn() {
    assertThatThrownBy(() -> session.describe("select ['a', 'b'] as tags"))
        .isInstanceOf(MillraceException.class)
        .hasMessage("Cannot store column 'tags' of type VARCHAR[]: nested types are not supported yet");
    assertThatThrownBy(() -> session.describe("select {'a': 1} as s")).hasMessageContaining("'s' of type STRUCT");
    assertThatThrownBy(() -> session.describe("select map {'a': 1} as m")).hasMessageContaining("'m' of type MAP");
  }

  @Test
  void rejectsInvalidSqlWithDuckDbsMessage() {
    assertThatThrownBy(() -> session.describe("select nope from range(3)"))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("Referenced column \"nope\" not found")
        .satisfies(e -> assertThat(((MillraceException) e).kind()).isEqualTo(ErrorKind.USER));
  }
}
