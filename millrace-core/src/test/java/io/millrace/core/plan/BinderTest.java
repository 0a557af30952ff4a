package io.millrace.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.core.project.ProjectLoader;
import io.millrace.duckdb.DuckDbEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinderTest {
  private static DuckDbEngine engine;
  @TempDir Path dir;

  @BeforeAll
  static void openEngine() {
    engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  @BeforeEach
  void sources() throws IOException {
    write("data/sales.csv", "date,product_id,quantity,price,customer_id\n2025-01-01,1,2,9.5,7\n");
    write("data/products.csv", "product_id,name\n1,apple\n");
  }

  private static final String HEAD = """
      name: shop
      vars: {min_qty: "1"}
      sources:
        sales:
          path: data/sales.csv
          columns: {date: date, product_id: integer, quantity: integer, price: double, customer_id: integer}
        products: {path: data/products.csv}
      """;

  private void write(String relative, String text) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private ProjectSpec project(String extraYaml, String... models) throws IOException {
    write("millrace.yaml", HEAD + extraYaml);
    for (int i = 0; i < models.length; i += 2) {
      write("models/" + models[i] + ".sql", models[i + 1]);
    }
    return ProjectLoader.load(dir, Map.of(), n -> null);
  }

  private AbstractThrowableAssert<?, ? extends Throwable> bindFails(ProjectSpec p) {
    return assertThatThrownBy(() -> Binder.bind(p, engine, Map.of()))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER));
  }

  private ProjectSpec shop() throws IOException {
    return project("""
            models:
              daily: {materialized: view}
            exports:
              - {table: sales_data, format: csv, path: out/sales.csv}
            """,
        "sales_data", "select s.*, p.name, s.quantity * s.price as amount from Sales s "
            + "join products p using (product_id) where quantity >= ${min_qty} "
            + "and date >= cast('${data_interval_start}' as timestamp)",
        "daily", "select date, sum(amount) as revenue from sales_data group by date",
        "top_days", "with d as (select * from daily) select * from d order by revenue desc limit 3");
  }

  @Test
  void bindsNodesLevelsSchemasAndExports() throws IOException {
    Plan plan = Binder.bind(shop(), engine, Map.of());
    assertThat(plan.levels()).containsExactly(List.of("sales", "products"), List.of("sales_data"),
        List.of("daily", "export:sales_data:0"), List.of("top_days"));
    PlanNode salesData = plan.node("sales_data");
    assertThat(salesData.kind()).isEqualTo(NodeKind.MODEL);
    assertThat(salesData.upstream()).containsExactlyInAnyOrder("sales", "products");
    assertThat(salesData.schema().names()).containsExactly("date", "product_id", "quantity", "price",
        "customer_id", "name", "amount");
    assertThat(salesData.schema().column("amount").orElseThrow().type()).isEqualTo(LogicalType.DOUBLE);
    assertThat(plan.node("products").schema().names()).containsExactly("product_id", "name");
    assertThat(plan.node("top_days").upstream()).containsExactly("daily");
    assertThat(plan.node("top_days").schema().names()).containsExactly("date", "revenue");
    PlanNode export = plan.node("export:sales_data:0");
    assertThat(export.kind()).isEqualTo(NodeKind.EXPORT);
    assertThat(export.upstream()).containsExactly("sales_data");
    assertThat(plan.nodes()).extracting(PlanNode::name).containsExactly("sales", "products", "sales_data",
        "daily", "top_days", "export:sales_data:0");
    // the catalog is left clean: plan-time tables are dropped
    try (var s = engine.session()) {
      assertThatThrownBy(() -> s.describe("select * from sales_data")).isInstanceOf(MillraceException.class);
    }
  }

  @Test
  void criticalPathFollowsMedianDurations() throws IOException {
    ProjectSpec p = shop();
    Plan byDepth = Binder.bind(p, engine, Map.of());
    assertThat(byDepth.criticalPath()).hasSize(4).endsWith("top_days");
    Plan weighted = Binder.bind(p, engine, Map.of("products", 5_000L, "sales", 10L, "sales_data", 100L,
        "export:sales_data:0", 2_000L, "daily", 1L, "top_days", 1L));
    assertThat(weighted.criticalPath()).containsExactly("products", "sales_data", "export:sales_data:0");
    assertThat(weighted.weights()).containsEntry("products", 5_000L).containsEntry("top_days", 1L);
    assertThat(PlanPrinter.print(weighted)).contains(
        "level 0: sales (source), products (source)",
        "level 2: daily (model, view), export:sales_data:0 (export, csv)",
        "sales_data <- products, sales",
        "critical path (by median duration): products -> sales_data -> export:sales_data:0 (7.1 s)");
  }

  @Test
  void rejectsAnUnknownReferenceListingKnownTables() throws IOException {
    bindFails(project("", "m", "select * from sale")).hasMessage(
        "Cannot plan model 'm' (models/m.sql): it reads 'sale', which is neither a source nor a model "
            + "(known: sales, products, m; did you mean 'sales'?)");
  }

  @Test
  void rejectsCyclicModels() throws IOException {
    bindFails(project("", "a", "select * from c", "b", "select * from a", "c", "select * from b join sales using (date)"))
        .hasMessageContaining("Cannot plan project 'shop': models form a cycle")
        .hasMessageMatching("(?s).*(a -> b -> c -> a|b -> c -> a -> b|c -> a -> b -> c).*");
  }

  @Test
  void rejectsAModelNamedLikeASource() throws IOException {
    bindFails(project("", "Sales", "select 1 as x")).hasMessage("Cannot plan project 'shop': the name 'Sales' is "
        + "used twice, by source 'sales' (millrace.yaml) and by model 'Sales' (models/Sales.sql); table names "
        + "must be unique (case-insensitive)");
  }

  @Test
  void rejectsSqlTheEngineRejectsWithItsMessage() throws IOException {
    bindFails(project("", "m", "select no_such_column from sales"))
        .hasMessageStartingWith("Cannot plan model 'm' (models/m.sql): ")
        .hasMessageContaining("no_such_column");
    bindFails(project("", "m", "selec 1")).hasMessageStartingWith("Cannot plan model 'm' (models/m.sql): ")
        .hasMessageContaining("syntax error");
  }

  @Test
  void aBadModelAmongManyBoundTogetherIsNamed() throws IOException {
    List<String> models = new java.util.ArrayList<>();
    StringBuilder views = new StringBuilder("models:\n");
    for (int i = 0; i < 40; i++) {
      String from = i == 0 ? "sales" : "v" + (i - 1);
      models.add("v" + i);
      models.add(i == 23 ? "select quantity, nope from " + from : "select quantity + 1 as quantity from " + from);
      views.append("  v").append(i).append(": {materialized: view}\n");
    }
    bindFails(project(views.toString(), models.toArray(String[]::new)))
        .hasMessageStartingWith("Cannot plan model 'v23' (models/v23.sql): ")
        .hasMessageContaining("nope");
  }

  @Test
  void dependantsOfATableModelBindAgainstItsStoredTypes() throws IOException {
    // a table stores an ENUM as VARCHAR: a view calling an ENUM-only function on it would fail at
    // run time, so the plan refuses it (bound in one batch with the table, which is retyped first)
    bindFails(project("models:\n  v: {materialized: view}\n",
        "t", "select 'a'::enum('a', 'b') as e",
        "v", "select enum_first(e) as first from t"))
        .hasMessageStartingWith("Cannot plan model 'v' (models/v.sql): ")
        .hasMessageContaining("needs an ENUM");
  }

  @Test
  void rejectsAnUnknownVariableInSqlWithItsLine() throws IOException {
    bindFails(project("", "m", "select *\nfrom sales\nwhere quantity > ${min_qtty}"))
        .hasMessageStartingWith("Cannot plan model 'm' (models/m.sql:3): unknown variable '${min_qtty}'")
        .hasMessageContaining("did you mean 'min_qty'?");
  }

  @Test
  void rejectsAMissingSourceFileUnlessAllowed() throws IOException {
    Files.delete(dir.resolve("data/products.csv"));
    ProjectSpec p = project("", "m", "select p.name, s.quantity from sales s join products p using (product_id)",
        "n", "select quantity from sales");
    bindFails(p).hasMessage("Cannot plan source 'products': file " + dir.toAbsolutePath().normalize()
        .resolve("data/products.csv") + " does not exist");
    Plan plan = Binder.bind(p, engine, Map.of(), true);
    assertThat(plan.node("products").schema()).isNull();
    assertThat(plan.node("m").schema()).isNull();
    assertThat(plan.node("n").schema().names()).containsExactly("quantity");
  }

  @Test
  void rejectsAUniqueKeyMissingFromTheModelResult() throws IOException {
    bindFails(project("models:\n  m: {materialized: incremental, unique_key: [order_id]}\n",
        "m", "select product_id, quantity from sales"))
        .hasMessage("Cannot plan model 'm' (models/m.sql): unique_key column 'order_id' is not in its result "
            + "(columns: product_id, quantity)");
  }

  @Test
  void printsByDepthWithoutRunHistory() throws IOException {
    String text = PlanPrinter.print(Binder.bind(shop(), engine, Map.of()));
    assertThat(text).startsWith("plan shop: 6 nodes in 4 levels\n")
        .contains("sales <- (nothing)  [5 columns]")
        .contains("critical path (no run history yet, estimated from input sizes): sales -> sales_data -> daily -> top_days");
    assertThat(PlanPrinter.duration(850)).isEqualTo("850 ms");
    assertThat(PlanPrinter.duration(125_000)).isEqualTo("2m 5s");
  }

  @Test
  void printsMedianDurationsAndCountsNodesThatHaveNotRunYet() throws IOException {
    Map<String, Long> past = Map.of("sales", 1200L, "products", 5L, "sales_data", 800L, "daily", 300L,
        "export:sales_data:0", 100L);   // top_days added since the last run
    Plan plan = Binder.bind(shop(), engine, past);
    assertThat(plan.measured()).containsExactlyInAnyOrderElementsOf(past.keySet());
    assertThat(plan.weights()).containsEntry("sales", 1200L).containsKey("top_days");
    assertThat(PlanPrinter.print(plan)).contains("critical path (by median duration): sales -> sales_data -> daily "
        + "-> top_days (2.3 s, plus 1 node not run yet)");
  }

  @Test
  void rejectsAnExportOfAnUnknownTable() throws IOException {
    bindFails(project("exports:\n  - {table: salez, format: csv, path: out.csv}\n"))
        .hasMessageContaining("Cannot plan export 0 (millrace.yaml exports[0]): table 'salez' is neither a source "
            + "nor a model").hasMessageContaining("did you mean 'sales'?");
  }

  @Test
  void rejectsDuplicateOutputColumnNamesNamingModelAndColumn() throws IOException {
    bindFails(project("", "m", "select product_id as id, customer_id as id from sales"))
        .hasMessage("Cannot plan model 'm' (models/m.sql): its result has two columns named 'id'; "
            + "give each output column its own name (column names are case-insensitive)");
    bindFails(project("", "m", "select 1 as a, 2 as A"))
        .hasMessage("Cannot plan model 'm' (models/m.sql): its result has two columns named 'a' and 'A'; "
            + "give each output column its own name (column names are case-insensitive)");
  }

  @Test
  void reservesSystemTableNames() throws IOException {
    bindFails(project("", "sales__rejects", "select 1 as x")).hasMessage("Cannot plan model 'sales__rejects' "
        + "(models/sales__rejects.sql): the name 'sales__rejects' is reserved for the rejected lines of source "
        + "'sales'; names ending in __rejects or __quarantine, or starting with __, are system tables");
    bindFails(project("", "orders__Quarantine", "select 1 as x")).hasMessageContaining(
        "the name 'orders__Quarantine' is reserved for the quarantined rows of table 'orders'");
    bindFails(project("", "__load_x", "select 1 as x")).hasMessageContaining(
        "the name '__load_x' is reserved for Millrace's working tables");
  }

  @Test
  void rejectsModelFilesThatAreNotOneSelectNamingTheFile() throws IOException {
    bindFails(project("", "m", "select 1 as x; select 2 as y")).hasMessage(
        "Cannot plan model 'm' (models/m.sql): it holds 2 statements; a model is exactly one SELECT");
    bindFails(project("", "m", "-- nothing yet\n")).hasMessage(
        "Cannot plan model 'm' (models/m.sql): it holds no statement; a model is exactly one SELECT");
    bindFails(project("", "m", ";")).hasMessage(
        "Cannot plan model 'm' (models/m.sql): it holds no statement; a model is exactly one SELECT");
    bindFails(project("", "m", "select 1 as x; drop table sales")).hasMessage(
        "Cannot plan model 'm' (models/m.sql): it holds a statement other than SELECT; a model is exactly one SELECT");
    bindFails(project("", "m", "drop table sales")).hasMessage(
        "Cannot plan model 'm' (models/m.sql): it holds a statement other than SELECT; a model is exactly one SELECT");
  }

  @Test
  void bindsTheSalesExample() {
    Path example = Path.of("..", "examples", "sales-etl");
    if (!Files.isDirectory(example)) {
      return;
    }
    ProjectSpec p = ProjectLoader.load(example, Map.of(), n -> null);
    Plan plan = Binder.bind(p, engine, Map.of(), true);
    assertThat(plan.node("sales_data").upstream()).containsExactlyInAnyOrder("sales", "customer_stats",
        "product_stats");
    assertThat(plan.node("customer_summary").schema().names()).contains("customer_lifetime_days");
  }
}
