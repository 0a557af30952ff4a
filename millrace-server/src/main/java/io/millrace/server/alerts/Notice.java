package io.millrace.server.alerts;

import io.millrace.api.alert.AlertSpec;
import io.millrace.api.alert.AlertState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One notification, as sent: the webhook's JSON body, the command's standard input, the log line.
 *
 * @param subject the table, {@code table/suite}, stream job, or "" for the project
 * @param runId the run that caused it, or null (periodic checks)
 */
record Notice(AlertSpec alert, String project, String subject, AlertState state, String summary, String runId,
              Instant time) {
  /** The JSON body: {@code alert, when, project, state, summary, run_id, time, subject, text}. */
  Map<String, Object> body() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("alert", alert.name());
    m.put("when", alert.when().label());
    m.put("project", project);
    m.put("state", state.label());
    m.put("summary", summary);
    m.put("run_id", runId);
    m.put("time", time.toString());
    m.put("subject", subject);
    m.put("text", text());
    return m;
  }

  /** One line for people (Slack shows the {@code text} field): {@code [FIRING] name (project): summary}. */
  String text() {
    return "[" + state.name() + "] " + alert.name() + " (" + project + "): " + summary;
  }
}
