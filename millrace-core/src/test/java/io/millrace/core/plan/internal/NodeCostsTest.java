package io.millrace.core.plan.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.Materialization;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.project.RetryPolicy;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.core.math.LongestPath;
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
    Map<String, Set<String>> upstream = new HashMap<>();
    nodes.forEach(n -> upstream.put(n.name(), n.upstream()));

    Map<String, Long> estimated = NodeCosts.weights(nodes, Map.of());

    // the join and its database export: the chain the run starts first, which depth alone cannot tell
    assertThat(LongestPath.of(upstream, estimated, 1).nodes()).hasSize(4).startsWith("sales")
        .endsWith("sales_data", "export:sales_data:0");
    assertThat(estimated.get("sales_data")).isGreaterThan(estimated.get("daily_summary"));
    assertThat(estimated.get("export:sales_data:0")).isGreaterThan(estimated.get("export:daily_summary:1"));
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
    past.remove("daily_summary");   // added since the last run: no history
    past.put("customer_summary", 1L);   // a fast node's past duration is kept as it is

    Map<String, Long> w = NodeCosts.weights(nodes, past);

    assertThat(w.get("sales_data")).isEqualTo(500L);
    assertThat(w.get("customer_summary")).isEqualTo(1L);
    assertThat(w.get("daily_summary")).isEqualTo(NodeCosts.estimates(nodes).get("daily_summary")).isGreaterThan(1L);
    assertThat(w.keySet()).containsExactlyElementsOf(nodes.stream().map(PlanNode::name).toList());
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
