package io.millrace.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.EngineSession.StandInQuery;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code describeAllAs}: many queries bound as stand-ins in one script, as one-by-one binding would. */
class BatchBindTest extends EngineFixture {
  @Test
  void bindsInOrderEachSeeingTheStandInsBefore() {
    session.standIn("src", new TableSchema(List.of(new Column("v", LogicalType.INTEGER))));
    List<TableSchema> schemas = session.describeAllAs(List.of(
        new StandInQuery("b1", "select v + 1 as v, 'x' as s from src -- a trailing comment", false),
        new StandInQuery("b2", "select v, s || s as ss from b1;", false),
        new StandInQuery("b3", "select count(*) as n from b2 join b1 using (v)", true)));
    assertThat(schemas).containsExactly(
        new TableSchema(List.of(new Column("v", LogicalType.INTEGER), new Column("s", LogicalType.VARCHAR))),
        new TableSchema(List.of(new Column("v", LogicalType.INTEGER), new Column("ss", LogicalType.VARCHAR))),
        new TableSchema(List.of(new Column("n", LogicalType.BIGINT))));
    assertThat(session.query("select count(*) from b3").rows().get(0).get(0)).isEqualTo(0L);
  }

  @Test
  void bindsWithoutRunning() {
    assertThat(session.describeAllAs(List.of(new StandInQuery("e1",
        "select cast(error('boom') as integer) as x from range(3)", false))).get(0).columns())
        .containsExactly(new Column("x", LogicalType.INTEGER));
  }

  @Test
  void aStoredStandInHasTheLogicalTypesAndLaterQueriesSeeThem() {
    List<TableSchema> schemas = session.describeAllAs(List.of(
        new StandInQuery("t1", "select 1::tinyint as x, 1.5::float as f", true),
        new StandInQuery("v1", "select x, f from t1", false),
        new StandInQuery("v0", "select 1::tinyint as y", false)));
    assertThat(schemas.get(1).columns()).containsExactly(
        new Column("x", LogicalType.INTEGER), new Column("f", LogicalType.DOUBLE));
    assertThat(types("t1")).containsExactly("INTEGER", "DOUBLE");
    assertThat(types("v1")).containsExactly("INTEGER", "DOUBLE");   // bound again after t1 was retyped
    assertThat(types("v0")).containsExactly("TINYINT");   // a view reads the engine's exact type
  }

  @Test
  void reportsDuplicateColumnNamesButAcceptsLookAlikes() {
    assertThat(session.describeAllAs(List.of(new StandInQuery("d1", "select 1 as a, 2 as a_1", false)))
        .get(0).names()).containsExactly("a", "a_1");
    assertThatThrownBy(() -> session.describeAllAs(List.of(new StandInQuery("d2", "select 1 as a, 2 as A", false))))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("its result has two columns named 'a' and 'A'");
  }

  @Test
  void bindsMoreQueriesThanOneScriptHolds() {
    session.standIn("root", new TableSchema(List.of(new Column("v", LogicalType.BIGINT))));
    List<StandInQuery> chain = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      chain.add(new StandInQuery("c" + i, "select v + 1 as v from " + (i == 0 ? "root" : "c" + (i - 1)), i % 7 == 0));
    }
    List<TableSchema> schemas = session.describeAllAs(chain);
    assertThat(schemas).hasSize(600).allSatisfy(s -> assertThat(s.columns())
        .containsExactly(new Column("v", LogicalType.BIGINT)));
  }

  @Test
  void failsWithTheEnginesMessage() {
    assertThatThrownBy(() -> session.describeAllAs(List.of(
        new StandInQuery("f1", "select 1 as v", false), new StandInQuery("f2", "select nope from f1", false))))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("Referenced column \"nope\" not found");
  }

  private static List<Object> types(String table) {
    return session.query("select data_type from duckdb_columns() where database_name = 'temp' and table_name = '"
        + table + "' order by column_index").rows().stream().map(r -> r.get(0)).toList();
  }
}
