package io.millrace.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.lineage.ColumnLineage;
import io.millrace.api.lineage.LineageQuery;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnLineageTest extends EngineFixture {
  private static final TableSchema SALES = schema("date", "product_id", "quantity", "price", "customer_id");
  private static final TableSchema CUSTOMERS = schema("customer_id", "name", "country");

  private static TableSchema schema(String... names) {
    return new TableSchema(Arrays.stream(names).map(n -> new Column(n, LogicalType.VARCHAR)).toList());
  }

  private static ColumnLineage lineage(String sql, TableSchema output) {
    return engine.columnLineage(List.of(new LineageQuery(sql, Map.of("sales", SALES, "customers", CUSTOMERS), output)))
        .get(0);
  }

  private static List<String> inputs(ColumnLineage l, String column) {
    return l.inputsOf(column).stream().map(Object::toString).toList();
  }

  @Test
  void tellsIdentityTransformationAndAggregationApart() {
    ColumnLineage l = lineage("select customer_id, round(sum(quantity * price), 2) as total, "
        + "upper(customer_id) as up, count(*) n from sales group by customer_id", null);
    assertThat(l.fields().keySet()).containsExactly("customer_id", "total", "up", "n");
    assertThat(inputs(l, "customer_id")).containsExactly("sales.customer_id (DIRECT/IDENTITY)");
    assertThat(inputs(l, "total")).containsExactly("sales.price (DIRECT/AGGREGATION)", "sales.quantity (DIRECT/AGGREGATION)");
    assertThat(inputs(l, "up")).containsExactly("sales.customer_id (DIRECT/TRANSFORMATION)");
    assertThat(inputs(l, "n")).isEmpty();
    assertThat(l.dataset().stream().map(Object::toString)).containsExactly("sales.customer_id (INDIRECT/GROUP_BY)");
    assertThat(l.complete()).isTrue();
  }

  @Test
  void resolvesStarsAliasesAndJoinsWithUsing() {
    ColumnLineage l = lineage("select s.*, c.name as customer from sales s join customers c using (customer_id) "
        + "where c.country = 'FR'", null);
    assertThat(l.fields().keySet()).containsExactly("date", "product_id", "quantity", "price", "customer_id", "customer");
    assertThat(inputs(l, "customer")).containsExactly("customers.name (DIRECT/IDENTITY)");
    assertThat(l.dataset().stream().map(Object::toString)).containsExactlyInAnyOrder(
        "customers.country (INDIRECT/FILTER)", "customers.customer_id (INDIRECT/JOIN)", "sales.customer_id (INDIRECT/JOIN)");
  }

  @Test
  void unqualifiedStarOverUsingJoinListsTheKeyOnce() {
    ColumnLineage l = lineage("select * from sales join customers using (customer_id)", null);
    assertThat(l.fields().keySet()).containsExactly("date", "product_id", "quantity", "price", "customer_id", "name", "country");
  }

  @Test
  void followsCtesAndSubqueriesKeepingTheStrongestTransform() {
    ColumnLineage l = lineage("with t as (select customer_id as cid, sum(price) as spent from sales where quantity > 0 "
        + "group by 1) select x.cid, x.spent, (select max(name) from customers) as top_name "
        + "from (select * from t) x order by spent desc", null);
    assertThat(inputs(l, "cid")).containsExactly("sales.customer_id (DIRECT/IDENTITY)");
    assertThat(inputs(l, "spent")).containsExactly("sales.price (DIRECT/AGGREGATION)");
    assertThat(inputs(l, "top_name")).containsExactly("customers.name (DIRECT/AGGREGATION)");
    assertThat(l.dataset().stream().map(Object::toString)).contains(
        "sales.quantity (INDIRECT/FILTER)", "sales.price (INDIRECT/SORT)");
  }

  @Test
  void namesUnaliasedExpressionsFromTheOutputSchemaAndMarksConditions() {
    ColumnLineage l = lineage("select upper(name), case when country = 'FR' then name else 'x' end as label, "
        + "rank() over (partition by country order by name) r from customers", schema("upper(\"name\")", "label", "r"));
    assertThat(inputs(l, "upper(\"name\")")).containsExactly("customers.name (DIRECT/TRANSFORMATION)");
    assertThat(inputs(l, "label")).containsExactly("customers.country (INDIRECT/CONDITIONAL)",
        "customers.name (DIRECT/TRANSFORMATION)");
    assertThat(inputs(l, "r")).containsExactly("customers.country (INDIRECT/WINDOW)", "customers.name (INDIRECT/WINDOW)");
  }

  @Test
  void unionsMergeColumnsByPosition() {
    ColumnLineage l = lineage("select customer_id as id from sales union all select name from customers", null);
    assertThat(inputs(l, "id")).containsExactly("customers.name (DIRECT/IDENTITY)", "sales.customer_id (DIRECT/IDENTITY)");
  }

  @Test
  void marksTableFunctionsAndUnknownTablesIncomplete() {
    ColumnLineage l = lineage("select s.price, r.range from sales s cross join range(3) r", null);
    assertThat(inputs(l, "price")).containsExactly("sales.price (DIRECT/IDENTITY)");
    assertThat(l.complete()).isFalse();
    assertThat(lineage("select a from elsewhere", null).complete()).isFalse();
  }

  @Test
  void refusesSqlThatDoesNotParse() {
    assertThatThrownBy(() -> lineage("select from where", null)).isInstanceOf(MillraceException.class)
        .hasMessageContaining("Cannot parse SQL");
  }
}
