package io.millrace.core.schedule;

import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.RunStore;
import io.millrace.core.pipeline.NodeEvent;
import io.millrace.core.pipeline.PipelineListener;
import io.millrace.core.store.AbandonedRuns;
import java.net.InetAddress;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** What a scheduler process needs to run intervals under leases: its id, fencing, and take-over clean-up. */
public final class SchedulerInstance {
  private SchedulerInstance() {}

  /**
   * A new scheduler instance id, {@code host:pid:random} (e.g. {@code worker-2:4711:9f3a}), shown in
   * logs and recorded as the holder of its leases.
   */
  public static String newId() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "localhost";
      }
    }
    return host + ":" + ProcessHandle.current().pid() + ":"
        + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
  }

  /**
   * A run listener that records the run on the lease when it starts and checks the lease before
   * every node attempt starts (fencing): a scheduler that lost its lease stops before writing
   * another table, and its run fails. Without a lease (null), no listener.
   */
  public static PipelineListener fencing(IntervalLeases leases, Lease lease) {
    if (lease == null) {
      return PipelineListener.NONE;
    }
    return new PipelineListener() {
      @Override
      public void onNode(NodeEvent event) {
        if (event.state() == NodeState.RUNNING) {
          lease.check();
        }
      }

      @Override
      public void onRunStart(RunRecord run) {
        leases.attachRun(lease, run.runId());
      }
    };
  }

  /**
   * When {@code lease} took the interval over from a scheduler whose lease expired after its run of
   * the interval had already ended (it died between recording the run and completing the lease),
   * that run: it is the interval's outcome, and running the interval again would run it twice.
   */
  public static java.util.Optional<RunRecord> finishedBeforeTakeOver(RunStore store, Lease lease) {
    if (lease == null || !lease.previousExpired() || lease.previousRunId() == null) {
      return java.util.Optional.empty();
    }
    return store.run(lease.previousRunId()).filter(r -> r.state() != RunState.RUNNING);
  }

  /**
   * When {@code lease} took the interval over from a scheduler whose lease expired, marks that
   * scheduler's unfinished run of the interval FAILED, so it does not stay running forever: the run
   * recorded on the lease, and any other scheduled run of the interval still running (one that died
   * before it could record its run on the lease).
   */
  public static void closeAbandoned(RunStore store, String project, Lease lease, String instance) {
    if (lease == null || !lease.previousExpired()) {
      return;
    }
    String reason = "abandoned: scheduler " + lease.previousHolder() + " stopped renewing its lease on interval "
        + lease.interval() + "; taken over by " + instance;
    if (lease.previousRunId() != null) {
      AbandonedRuns.closeRun(store, lease.previousRunId(), reason);
    }
    for (RunRecord r : store.runs(project, RECENT_RUNS)) {
      if (r.state() == RunState.RUNNING && "schedule".equals(r.trigger()) && r.intervalStart() != null
          && LocalDateTime.parse(r.intervalStart()).equals(lease.interval().start())) {
        AbandonedRuns.closeRun(store, r.runId(), reason);
      }
    }
  }

  private static final int RECENT_RUNS = 20;
}
