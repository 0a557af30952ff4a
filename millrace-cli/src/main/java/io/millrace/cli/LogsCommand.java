package io.millrace.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.millrace.api.MillraceException;
import io.millrace.api.run.LogLine;
import io.millrace.api.run.RunRecord;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.core.logs.NodeLogs;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = "Print the logs of a run's node attempts (statements, timings, rows, errors "
    + "with the SQL position), from .millrace/logs/<run>/<node>.<attempt>.log.")
final class LogsCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Parameters(index = "1", paramLabel = "RUN_ID", description = "A run id (see 'millrace runs'), or 'last'.")
  String runId;

  @Parameters(index = "2", arity = "0..1", paramLabel = "NODE", description = "Only this node (default: every node).")
  String node;

  @Option(names = "--log-format", defaultValue = "text", description = "text or json (one JSON object a line; default: ${DEFAULT-VALUE})")
  String format;

  @Override
  public Integer call() {
    if (!format.equals("text") && !format.equals("json")) {
      throw MillraceException.user("Cannot print logs as '%s': use --log-format text or json", format);
    }
    try (ProjectContext ctx = ProjectContext.inspect(project.project, project.overrides())) {
      String id = runId;
      if (id.equals("last")) {
        id = ctx.runStore().runs(ctx.spec().name(), 1).stream().findFirst().map(RunRecord::runId)
            .orElseThrow(() -> MillraceException.user("Cannot show logs: project '%s' has no runs yet", ctx.spec().name()));
      }
      NodeLogs logs = new NodeLogs(ctx.spec().stateDir());
      List<String> nodes = logs.nodes(id);
      if (nodes.isEmpty()) {
        throw MillraceException.user("Cannot show logs of run '%s': no logs under %s (see 'millrace runs %s')", id,
            ctx.spec().stateDir().resolve("logs"), project.project);
      }
      if (node != null && !nodes.contains(node.replace(':', '_'))) {
        throw MillraceException.user("Cannot show logs of node '%s' in run %s: it has none (nodes: %s)", node, id,
            String.join(", ", nodes));
      }
      for (String n : node != null ? List.of(node) : nodes) {
        print(logs.read(id, n), node == null);
      }
      return 0;
    }
  }

  private void print(List<LogLine> lines, boolean prefix) {
    for (LogLine l : lines) {
      if (format.equals("json")) {
        System.out.println(JsonNodeFactory.instance.objectNode().put("time", l.time().toString()).put("level", l.level())
            .put("node", l.node()).put("attempt", l.attempt()).put("message", l.message()));
      } else {
        String head = l.time() + " " + l.level() + (prefix ? " [" + l.node() + "." + l.attempt() + "] " : " ");
        System.out.println(head + l.message().replace("\n", "\n    "));
      }
    }
  }
}
