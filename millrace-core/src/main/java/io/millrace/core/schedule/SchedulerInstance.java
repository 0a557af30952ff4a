package io.millrace.core.schedule;

import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunRecord;
import io.millrace.api.spi.RunStore;
import io.millrace.core.pipeline.NodeEvent;
import io.millrace.core.pipeline.PipelineListener;
import io.millrace.core.store.AbandonedRuns;
import java.net.InetAddress;
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
   * When {@code lease} took the interval over from a scheduler whose lease expired, marks that
   * scheduler's unfinished run FAILED, so it does not stay running forever.
   */
  public static void closeAbandoned(RunStore store, Lease lease, String instance) {
    if (lease != null && lease.previousRunId() != null) {
      AbandonedRuns.closeRun(store, lease.previousRunId(), "abandoned: scheduler " + lease.previousHolder()
          + " stopped renewing its lease on interval " + lease.interval() + "; taken over by " + instance);
    }
  }
}
