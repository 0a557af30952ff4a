package io.millrace.server.alerts;

import io.millrace.api.Secrets;
import io.millrace.api.alert.AlertEvent;
import io.millrace.api.alert.AlertSpec;
import io.millrace.api.alert.AlertSpec.When;
import io.millrace.api.alert.AlertState;
import io.millrace.api.run.RunRecord;
import io.millrace.api.spi.RunStore;
import io.millrace.api.spi.TableInfo;
import io.millrace.api.spi.Warehouse;
import io.millrace.server.alerts.Conditions.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Evaluates a project's alerts and delivers their notifications.
 *
 * <p>Design notes. Evaluation lives here, beside delivery, because it needs nothing but run results,
 * table state and the alert history — all reached through {@code millrace-api} interfaces — and because
 * every process that can notice a condition runs it: {@code run}, {@code backfill} and {@code schedule}
 * after each run (the CLI chains a run-end hook), {@code schedule} and {@code serve} periodically for
 * conditions that arise without a run (freshness, consumer lag). The run store's alert history is the
 * state: the newest event of an (alert, subject) pair says whether it is firing and when it was last
 * sent, so a firing alert is deduplicated across processes (a run every 15 minutes in a fresh JVM does
 * not re-send within {@code repeat}), a notification whose delivery failed is tried again at the next
 * evaluation, and a condition that clears sends one {@code resolved} notification. Thread-safe
 * (evaluations are serialized).
 */
public final class AlertEngine {
  private final String project;
  private final List<AlertSpec> alerts;
  private final RunStore store;
  private final Supplier<Warehouse> warehouse;
  private final Clock clock;
  private final Consumer<String> log;
  private final Notifier notifier;
  private volatile Supplier<Map<String, Double>> lags = Map::of;
  private volatile List<String> streamJobs = List.of();

  /**
   * @param warehouse for freshness alerts (called only when the project has one)
   * @param log where log deliveries and delivery failures are written (a line each)
   */
  public AlertEngine(String project, List<AlertSpec> alerts, RunStore store, Supplier<Warehouse> warehouse,
                     Clock clock, Consumer<String> log) {
    this(project, alerts, store, warehouse, clock, log, d -> Thread.sleep(d.toMillis()));
  }

  AlertEngine(String project, List<AlertSpec> alerts, RunStore store, Supplier<Warehouse> warehouse, Clock clock,
              Consumer<String> log, Notifier.Sleeper sleeper) {
    this.project = project;
    this.alerts = List.copyOf(alerts);
    this.store = store;
    this.warehouse = warehouse;
    this.clock = clock;
    this.log = log;
    this.notifier = new Notifier(log, sleeper);
  }

  /** The configured alerts. */
  public List<AlertSpec> alerts() {
    return alerts;
  }

  /**
   * The project's stream jobs, so that a {@code dead_letters} alert's subject is the job of the stream
   * run (found by the metrics the run recorded under the job's name); without them, or when a run
   * recorded none (it failed early), the subject is the project.
   */
  public void streamJobs(List<String> jobs) {
    this.streamJobs = List.copyOf(jobs);
  }

  /** The job whose metrics carry {@code runId}, or "" when none does. */
  private String jobOf(String runId) {
    for (String job : streamJobs) {
      if (store.metrics(job).stream().anyMatch(p -> p.runId().equals(runId))) {
        return job;
      }
    }
    return "";
  }

  /** Where the consumer lag of running stream jobs is read (job → records behind), for stream_lag alerts. */
  public void lagSource(Supplier<Map<String, Double>> lags) {
    this.lags = lags;
  }

  /**
   * Evaluates the alerts that a run decides (run_failed, check_failed, anomaly, dead_letters, and
   * freshness of the tables) once the run has ended and its records are in the store. Never throws: a
   * failure to evaluate or deliver is written to the log and kept in the history.
   */
  public synchronized void afterRun(RunRecord run) {
    boolean stream = "stream".equals(run.trigger());
    for (AlertSpec a : alerts) {
      guarded(a, () -> {
        switch (a.when()) {
          case RUN_FAILED -> decide(a, Conditions.runFailed(run, store.attempts(run.runId())), run.runId());
          case CHECK_FAILED, ANOMALY -> {
            if (!stream) {
              for (Verdict v : Conditions.checks(a, store.checks(run.runId()), a.when() == When.ANOMALY)) {
                decide(a, v, run.runId());
              }
            }
          }
          case DEAD_LETTERS -> {
            if (stream && run.endedAt() != null) {
              decide(a, Conditions.deadLetters(a, run, jobOf(run.runId())), run.runId());
            }
          }
          case FRESHNESS -> freshness(a, run.runId());
          default -> { }
        }
      });
    }
  }

  /** Evaluates the conditions that arise without a run: freshness and consumer lag. Never throws. */
  public synchronized void periodic() {
    for (AlertSpec a : alerts) {
      guarded(a, () -> {
        if (a.when() == When.FRESHNESS) {
          freshness(a, null);
        } else if (a.when() == When.STREAM_LAG) {
          lags.get().forEach((job, lag) -> {
            if (a.job() == null || a.job().equals(job)) {
              decide(a, Conditions.lag(a, job, lag), null);
            }
          });
        }
      });
    }
  }

  /** Whether any alert needs {@link #periodic} evaluation. */
  public boolean hasPeriodic() {
    return alerts.stream().anyMatch(a -> a.when() == When.FRESHNESS || a.when() == When.STREAM_LAG);
  }

  private void freshness(AlertSpec a, String runId) {
    Warehouse w = warehouse.get();
    Optional<TableInfo> t = w.tables().stream().filter(x -> x.name().equals(a.table())).findFirst();
    decide(a, Conditions.freshness(a, t, clock.instant()), runId);
  }

  private void guarded(AlertSpec a, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      log.accept("millrace: Cannot evaluate alert '" + a.name() + "' (" + a.location() + "): "
          + Secrets.mask(String.valueOf(e.getMessage())));
    }
  }

  /** The state machine: notify on a change, re-notify a firing one after {@code repeat}, else stay quiet. */
  private void decide(AlertSpec a, Verdict v, String runId) {
    AlertEvent last = latest().get(key(a.name(), v.subject()));
    Instant now = clock.instant();
    boolean wasFiring = last != null && last.state() == AlertState.FIRING;
    if (v.firing()) {
      boolean due = !wasFiring || !last.delivered()
          || Duration.between(last.time(), now).compareTo(a.repeat()) >= 0;
      if (due) {
        send(a, v, AlertState.FIRING, runId, now);
      }
    } else if (wasFiring) {
      send(a, v, AlertState.RESOLVED, runId, now);
    }
  }

  private void send(AlertSpec a, Verdict v, AlertState state, String runId, Instant now) {
    Notice n = new Notice(a, project, v.subject(), state, Secrets.mask(v.summary()), runId, now);
    String result = notifier.deliver(n);
    store.saveAlertEvent(new AlertEvent(project, a.name(), v.subject(), state, now, n.summary(), runId, result));
  }

  /** The newest event per (alert, subject), from the history (the store is the state across processes). */
  private Map<String, AlertEvent> latest() {
    Map<String, AlertEvent> m = new LinkedHashMap<>();
    for (AlertEvent e : store.alertEvents(project, 1000)) {
      m.putIfAbsent(key(e.alert(), e.subject()), e);
    }
    return m;
  }

  private static String key(String alert, String subject) {
    return alert + "\u0000" + subject;
  }
}
