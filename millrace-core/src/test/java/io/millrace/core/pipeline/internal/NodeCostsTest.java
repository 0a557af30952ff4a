package io.millrace.core.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.Materialization;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.project.RetryPolicy;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.PlanNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCostsTest {
  @TempDir Path dir;

  /** The sales-etl example's DAG: one CSV source, three aggregates, a join, a summary, three exports. */
  private List<PlanNode> salesEtl(long csvBytes) throws IOException {
    Path csv = dir.resolve("sales.csv");
    Files.write(csv, new byte[(int) csvBytes]);
    return List.of(
        source("sales", csv),
        model("customer_stats", "select customer_id, sum(quantity) as q from sales group by customer_id", "sales"),
        model("product_stats", "select product_id, count(*) as n from sales group by product_id", "sales"),
        model("daily_summary", "select date, sum(quantity) as q from sales group by date order by date", "sales"),
        model("sales_data", "select * from sales s join customer_stats c using (customer_id) "
            + "join product_stats p using (product_id)", "sales", "customer_stats", "product_stats"),
        model("customer_summary", "select * from customer_stats order by customer_id", "customer_stats"),
        export("export:sales_data:0", "sales_data", ExportSpec.Format.SQLITE),
        export("export:daily_summary:1", "daily_summary", ExportSpec.Format.SQLITE),
        export("export:customer_summary:2", "customer_summary", ExportSpec.Format.SQLITE));
  }

  @Test
  void firstRunStartsTheLongestChainFirst() throws IOException {
    List<PlanNode> nodes = salesEtl(4_000_000);
    Map<String, Long> unit = new HashMap<>();
    nodes.forEach(n -> unit.put(n.name(), 1L));   // what the plan carries without history

    Map<String, Long> bottom = Tasks.bottomLevels(nodes, NodeCosts.weights(nodes, unit));

    // the join and its database export outrank the day aggregate, which the old unit weights tied
    assertThat(Tasks.bottomLevels(nodes, unit).get("daily_summary"))
        .isEqualTo(Tasks.bottomLevels(nodes, unit).get("sales_data"));
    assertThat(bottom.get("sales_data")).isGreaterThan(bottom.get("daily_summary"));
    assertThat(bottom.get("sales_data")).isGreaterThan(bottom.get("customer_summary"));
    assertThat(bottom.get("customer_stats")).isGreaterThan(bottom.get("daily_summary"));
    assertThat(bottom.get("product_stats")).isGreaterThan(bottom.get("daily_summary"));
    assertThat(bottom.get("sales")).isGreaterThan(bottom.get("customer_stats"));
  }

  @Test
  void estimatesGrowWithTheSourceFileAndWeighDatabaseExportsAboveFileExports() throws IOException {
    Map<String, Long> small = NodeCosts.estimates(salesEtl(400_000));
    Map<String, Long> large = NodeCosts.estimates(salesEtl(40_000_000));
    assertThat(large.get("sales")).isGreaterThan(small.get("sales") * 50);
    assertThat(large.get("export:sales_data:0")).isGreaterThan(small.get("export:sales_data:0") * 50);

    List<PlanNode> withFile = List.of(
        source("sales", dir.resolve("sales.csv")),
        export("export:sales:0", "sales", ExportSpec.Format.SQLITE),
        export("export:sales:1", "sales", ExportSpec.Format.PARQUET));
    Map<String, Long> e = NodeCosts.estimates(withFile);
    assertThat(e.get("export:sales:0")).isGreaterThan(e.get("export:sales:1"));
  }

  @Test
  void aViewCostsNothingItselfButPassesItsInputOn() throws IOException {
    Path csv = dir.resolve("big.csv");
    Files.write(csv, new byte[5_000_000]);
    List<PlanNode> nodes = List.of(
        source("big", csv),
        new PlanNode("v", NodeKind.MODEL, null, new ModelSpec("v", null, "select * from big",
            Materialization.VIEW, List.of(), RetryPolicy.DEFAULT, List.of()), null, Set.of("big"), null,
            RetryPolicy.DEFAULT),
        model("t", "select * from v", "v"));
    Map<String, Long> e = NodeCosts.estimates(nodes);
    assertThat(e.get("v")).isEqualTo(1L);
    assertThat(e.get("t")).isGreaterThan(1L);
  }

  @Test
  void pastDurationsWinAndOnlyNodesWithoutHistoryAreEstimated() throws IOException {
    List<PlanNode> nodes = salesEtl(4_000_000);
    Map<String, Long> past = new HashMap<>();
    nodes.forEach(n -> past.put(n.name(), 500L));
    past.put("daily_summary", 1L);   // added since the last run: no history

    Map<String, Long> w = NodeCosts.weights(nodes, past);

    assertThat(w.get("sales_data")).isEqualTo(500L);
    assertThat(w.get("daily_summary")).isEqualTo(NodeCosts.estimates(nodes).get("daily_summary"));
  }

  @Test
  void unreadableSourcesGetADefaultSize() {
    List<PlanNode> nodes = List.of(source("gone", dir.resolve("missing.csv")));
    assertThat(NodeCosts.estimates(nodes).get("gone"))
        .isEqualTo(NodeCosts.UNKNOWN_SOURCE_BYTES / NodeCosts.SOURCE_BYTES_PER_MS);
  }

  private static PlanNode source(String name, Path path) {
    SourceSpec s = SourceSpec.file(name, SourceFormat.CSV, path, List.of(new Column("a", LogicalType.INTEGER)));
    return new PlanNode(name, NodeKind.SOURCE, s, null, null, Set.of(), null, RetryPolicy.DEFAULT);
  }

  private static PlanNode model(String name, String sql, String... upstream) {
    ModelSpec m = new ModelSpec(name, null, sql, Materialization.TABLE, List.of(), RetryPolicy.DEFAULT, List.of());
    return new PlanNode(name, NodeKind.MODEL, null, m, null, Set.of(upstream), null, RetryPolicy.DEFAULT);
  }

  private static PlanNode export(String name, String table, ExportSpec.Format format) {
    ExportSpec x = new ExportSpec(table, format, "out", null, ExportSpec.Mode.REPLACE);
    return new PlanNode(name, NodeKind.EXPORT, null, null, x, Set.of(table), null, RetryPolicy.DEFAULT);
  }
}
