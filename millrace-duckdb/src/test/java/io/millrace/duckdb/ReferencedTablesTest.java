package io.millrace.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import org.junit.jupiter.api.Test;

class ReferencedTablesTest extends EngineFixture {
  @Test
  void findsTablesOfJoinsSubqueriesAndUnions() {
    assertThat(engine.referencedTables("select * from a join b using (id) "
        + "where id in (select id from c) union all select * from (select * from d) x;"))
        .containsExactlyInAnyOrder("a", "b", "c", "d");
  }

  @Test
  void excludesNamesDefinedByCtesIncludingNestedOnes() {
    String sql = "with daily as (select * from sales), "
        + "top as (with inner_cte as (select * from daily join products using (product_id)) "
        + "select * from inner_cte) select * from top join customers using (customer_id)";
    assertThat(engine.referencedTables(sql))
        .containsExactlyInAnyOrder("sales", "products", "customers");
  }

  @Test
  void readsTheExampleModelWithWindowAndCrossJoin() {
    String sql = "with daily as (select cast(timestamp as date) as day from transaction_history group by all),\n"
        + "ranked as (select *, rank() over (partition by category order by price desc) r from product_features)\n"
        + "select * from ranked r cross join daily d -- trailing comment";
    assertThat(engine.referencedTables(sql))
        .containsExactlyInAnyOrder("transaction_history", "product_features");
  }

  @Test
  void ignoresTableFunctions() {
    assertThat(engine.referencedTables("select * from range(10) join t on true")).containsExactly("t");
  }

  @Test
  void rejectsInvalidSqlWithTheParserMessage() {
    assertThatThrownBy(() -> engine.referencedTables("selec * from t"))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("syntax error at or near")
        .satisfies(e -> assertThat(((MillraceException) e).kind()).isEqualTo(ErrorKind.USER));
  }

  @Test
  void keepsQualifiedNamesAndMatchesCteNamesIgnoringCase() {
    assertThat(engine.referencedTables("with Recent as (select * from main.sales) "
        + "select * from RECENT r join cat.shop.products p on r.id = p.id join \"Quoted Name\" q on true"))
        .containsExactly("main.sales", "cat.shop.products", "Quoted Name");
  }

  @Test
  void refusesSeveralStatementsAndOtherKindsOfStatement() {
    assertThatThrownBy(() -> engine.referencedTables("select 1; select 2"))
        .isInstanceOf(MillraceException.class).hasMessageContaining("it holds 2 statements");
    assertThatThrownBy(() -> engine.referencedTables("-- nothing"))
        .isInstanceOf(MillraceException.class).hasMessageContaining("it holds no statement");
    assertThatThrownBy(() -> engine.referencedTables("create table t (x int)"))
        .isInstanceOf(MillraceException.class).hasMessageContaining("statement other than SELECT");
  }
}
