package io.millrace.api.run;

import java.time.Instant;
import java.util.Objects;

/**
 * One action taken on a project through the server (trigger, backfill, resume, cancel), kept in the
 * run store whatever its outcome.
 *
 * @param at when the action was asked for
 * @param project project name
 * @param who the caller: {@code token} when a bearer token was checked, else {@code loopback}, with
 *     the remote address
 * @param action {@code trigger}, {@code backfill}, {@code resume} or {@code cancel}
 * @param target what it acted on: a run id, an interval, or empty
 * @param result {@code accepted: run <id>}, {@code refused: <reason>}, ...
 */
public record AuditRecord(Instant at, String project, String who, String action, String target, String result) {
  public AuditRecord {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
    target = target == null ? "" : target;
    result = result == null ? "" : result;
  }
}
