package io.millrace.core.plan;

import io.millrace.api.project.ExportSpec;
import io.millrace.api.stream.StreamJobSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The text {@code millrace plan P} prints: nodes by level with their kind, each node's upstream, and
 * the critical path. Example:
 * <pre>
 * plan sales-etl: 4 nodes in 3 levels
 * level 0: sales (source)
 * level 1: sales_data (model, table)
 * level 2: daily (model, view), export:sales_data:0 (export, sqlite)
 *
 * sales_data &lt;- sales
 * ...
 * critical path (by median duration): sales -&gt; sales_data -&gt; export:sales_data:0 (3.2 s)
 * </pre>
 */
public final class PlanPrinter {
  private PlanPrinter() {}

  /** Stream jobs run apart from the batch DAG (`millrace stream`); their tables are listed for reference. */
  private static void streams(Plan plan, StringBuilder b) {
    if (plan.project().streams().isEmpty()) {
      return;
    }
    b.append('\n').append("stream jobs (millrace stream): ").append(plan.project().streams().size()).append('\n');
    for (StreamJobSpec j : plan.project().streams().values()) {
      b.append(j.name()).append(": ").append(j.topic()).append(" -> ").append(String.join(", ", j.tables()))
          .append("; dead letters ").append(j.deadLetterTopic());
      if (j.features() != null) {
        b.append("; scores ").append(j.outputTopic());
      }
      b.append("; ").append(j.processing().name().toLowerCase(Locale.ROOT)).append('\n');
    }
  }

  public static String print(Plan plan) {
    StringBuilder b = new StringBuilder();
    b.append("plan ").append(plan.project().name()).append(": ").append(plan.nodes().size())
        .append(plan.nodes().size() == 1 ? " node" : " nodes").append(" in ").append(plan.levels().size())
        .append(plan.levels().size() == 1 ? " level" : " levels").append('\n');
    Map<String, PlanNode> byName = new HashMap<>();
    plan.nodes().forEach(n -> byName.put(n.name(), n));
    for (int i = 0; i < plan.levels().size(); i++) {
      b.append("level ").append(i).append(": ").append(plan.levels().get(i).stream()
          .map(n -> n + " (" + kind(plan, byName.get(n)) + ")").collect(Collectors.joining(", "))).append('\n');
    }
    b.append('\n');
    for (PlanNode n : plan.nodes()) {
      b.append(n.name()).append(" <- ");
      if (n.kind() == NodeKind.STREAM) {
        b.append("stream job ").append(job(plan, n)).append(" (millrace stream; read at its latest commit)");
      } else {
        b.append(n.upstream().isEmpty() ? "(nothing)" : n.upstream().stream().sorted().collect(Collectors.joining(", ")));
      }
      if (n.schema() != null) {
        b.append("  [").append(n.schema().columns().size()).append(" columns]");
      }
      b.append('\n');
    }
    b.append('\n').append(criticalPath(plan)).append('\n');
    streams(plan, b);
    return b.toString();
  }

  /**
   * {@code critical path (by median duration): a -> b (3.2 s)}; without run history, the chain the
   * run starts first, by estimated cost (no time is printed for estimates).
   */
  static String criticalPath(Plan plan) {
    List<String> path = plan.criticalPath();
    String chain = path.isEmpty() ? "(empty)" : String.join(" -> ", path);
    if (plan.measured().isEmpty()) {
      return "critical path (no run history yet, estimated from input sizes): " + chain;
    }
    long total = path.stream().filter(plan.measured()::contains).mapToLong(n -> plan.weights().getOrDefault(n, 1L)).sum();
    long estimated = path.stream().filter(n -> !plan.measured().contains(n)).count();
    return "critical path (by median duration): " + chain + " (" + duration(total)
        + (estimated == 0 ? "" : ", plus " + estimated + " node" + (estimated == 1 ? "" : "s") + " not run yet") + ")";
  }

  static String duration(long millis) {
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long s = millis / 1000;
    return s / 3600 > 0 ? (s / 3600) + "h " + (s % 3600 / 60) + "m" : (s / 60) + "m " + (s % 60) + "s";
  }

  private static String job(Plan plan, PlanNode n) {
    return plan.project().streamJobWriting(n.name()).map(StreamJobSpec::name).orElse("?");
  }

  private static String kind(Plan plan, PlanNode n) {
    switch (n.kind()) {
      case SOURCE:
        return "source";
      case STREAM:
        return "stream table of job " + job(plan, n);
      case TRAINING_SET:
        return "training set";
      case TRAIN:
        return "train, predictor " + n.name().substring("train:".length());
      case MODEL:
        return "model, " + n.model().materialized().name().toLowerCase(Locale.ROOT);
      default:
        ExportSpec e = n.export();
        return "export, " + e.format().name().toLowerCase(Locale.ROOT);
    }
  }
}
