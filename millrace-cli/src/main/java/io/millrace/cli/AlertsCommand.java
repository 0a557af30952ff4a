package io.millrace.cli;

import io.millrace.api.alert.AlertEvent;
import io.millrace.api.alert.AlertSpec;
import io.millrace.api.alert.AlertState;
import io.millrace.cli.internal.Operations;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.cli.internal.ResultFormatter;
import io.millrace.core.project.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "alerts", description = {
    "List the project's alerts (alerts: in millrace.yaml), their current state and their recent notifications.",
    "Alerts are evaluated after each run of run, backfill, schedule and stream, and every minute by schedule "
        + "and serve (freshness, consumer lag); --evaluate checks freshness and lag now."})
final class AlertsCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(names = "--limit", defaultValue = "20", paramLabel = "N",
      description = "Notifications of the history to show (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--evaluate", description = "Evaluate freshness and lag alerts now (and deliver what changed) "
      + "before listing.")
  boolean evaluate;

  @Override
  public Integer call() {
    try (ProjectContext ctx = ProjectContext.inspect(project.project, project.overrides())) {
      List<AlertSpec> alerts = ctx.spec().alerts();
      if (alerts.isEmpty()) {
        System.out.println("No alerts: add an 'alerts:' list to millrace.yaml (see docs/operations.md).");
        return 0;
      }
      if (evaluate) {
        Operations.alerts(ctx).periodic();
      }
      String name = ctx.spec().name();
      List<AlertEvent> history = ctx.runStore().alertEvents(name, Math.max(limit, 1000));
      System.out.print(ResultFormatter.table(List.of("alert", "when", "condition", "delivery", "repeat", "state",
          "last notified"), configured(alerts, history)));
      List<List<String>> rows = new ArrayList<>();
      for (AlertEvent e : history.subList(0, Math.min(limit, history.size()))) {
        rows.add(List.of(e.time().toString(), e.alert(), e.subject(), e.state().label(),
            e.delivery() == null ? "" : e.delivery(), e.summary() == null ? "" : e.summary()));
      }
      System.out.println();
      if (rows.isEmpty()) {
        System.out.println("No notifications yet.");
      } else {
        System.out.println("Recent notifications (newest first):");
        System.out.print(ResultFormatter.table(List.of("time", "alert", "subject", "state", "delivery", "summary"),
            rows));
      }
      return 0;
    }
  }

  private static List<List<String>> configured(List<AlertSpec> alerts, List<AlertEvent> history) {
    Map<String, AlertEvent> latest = new LinkedHashMap<>();   // newest per (alert, subject)
    for (AlertEvent e : history) {
      latest.putIfAbsent(e.alert() + "\u0000" + e.subject(), e);
    }
    List<List<String>> rows = new ArrayList<>();
    for (AlertSpec a : alerts) {
      List<AlertEvent> mine = latest.values().stream().filter(e -> e.alert().equals(a.name())).toList();
      long firing = mine.stream().filter(e -> e.state() == AlertState.FIRING).count();
      String state = mine.isEmpty() ? "ok (never fired)" : firing == 0 ? "ok (resolved)"
          : "FIRING" + (firing > 1 ? " (" + firing + " subjects)" : "");
      String last = mine.isEmpty() ? "" : mine.get(0).time().toString();
      rows.add(List.of(a.name(), a.when().label(), condition(a), a.delivery().toString(),
          Durations.format(a.repeat()), state, last));
    }
    return rows;
  }

  private static String condition(AlertSpec a) {
    return io.millrace.cli.internal.AlertTexts.condition(a);
  }

}
