package io.millrace.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.MillraceException;
import io.millrace.api.lineage.ColumnNode;
import io.millrace.api.lineage.ColumnRef;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.core.lineage.LineageGraph;
import io.millrace.core.lineage.LineagePrinter;
import io.millrace.core.plan.Binder;
import io.millrace.core.plan.Plan;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lineage", description = "Print a table's upstream (or downstream) tables as a tree, or for "
    + "TABLE.COLUMN the columns it is computed from back to the sources (identity, transformation, "
    + "aggregation), from the plan's column lineage. No data is read.")
final class LineageCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Parameters(index = "1", paramLabel = "TABLE[.COLUMN]", description = "A table, or one of its columns.")
  String target;

  @Option(names = "--upstream", description = "What it comes from (the default).")
  boolean upstream;

  @Option(names = "--downstream", description = "What is computed from it.")
  boolean downstream;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
  String format;

  @Override
  public Integer call() {
    if (upstream && downstream) {
      throw MillraceException.user("Cannot print lineage: choose --upstream or --downstream, not both");
    }
    if (!format.equals("text") && !format.equals("json")) {
      throw MillraceException.user("Cannot print lineage as '%s': use --format text or json", format);
    }
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides())) {
      Plan plan = Binder.bindCached(ctx.spec(), ctx::engine, Map.of(), true);
      LineageGraph graph = LineageGraph.of(plan);
      int dot = target.indexOf('.');
      if (dot > 0) {
        ColumnRef c = graph.column(target.substring(0, dot), target.substring(dot + 1));
        ColumnNode tree = downstream ? graph.columnDownstream(c) : graph.columnUpstream(c);
        System.out.print(format.equals("json") ? LineagePrinter.json(tree).toPrettyString() + "\n" : LineagePrinter.columns(tree));
      } else {
        String table = graph.table(target);
        Function<String, Set<String>> next = downstream ? graph::downstream : graph::upstream;
        System.out.print(format.equals("json") ? tablesJson(table, next).toPrettyString() + "\n"
            : LineagePrinter.tables(table, next));
      }
      return 0;
    }
  }

  private static ObjectNode tablesJson(String table, Function<String, Set<String>> next) {
    ObjectNode n = JsonNodeFactory.instance.objectNode().put("table", table);
    var children = n.putArray("children");
    next.apply(table).forEach(t -> children.add(tablesJson(t, next)));
    return n;
  }
}
