package io.millrace.cli.internal;

import io.millrace.api.project.PipelineSpec;
import io.millrace.core.pipeline.PipelineListener;
import io.millrace.core.pipeline.RunSummary;
import io.millrace.core.project.Durations;
import io.millrace.core.schedule.ExclusiveIntervals;
import io.millrace.core.schedule.Interval;
import io.millrace.core.schedule.IntervalLeases;
import io.millrace.core.schedule.Scheduler;
import io.millrace.core.schedule.SchedulerInstance;
import io.millrace.core.store.JdbcIntervalLeases;
import io.millrace.core.store.ProjectIdentity;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * {@code --lease} and {@code --wait} of the commands that run intervals outside a scheduler
 * ({@code backfill}, {@code run --resume} of an interval's run): they take the same interval leases
 * as {@code millrace schedule} when the run store is shared (PostgreSQL) or leases are set
 * ({@code pipeline.lease} or {@code --lease}), so no interval runs in two processes at once.
 */
public final class IntervalLeaseOptions {
  @Option(names = "--lease", paramLabel = "DURATION", description = "Take interval leases, as `millrace schedule` "
      + "does, with this duration (they are taken anyway on a PostgreSQL run store or with pipeline.lease).")
  public String lease;

  @Option(names = "--wait", description = "Wait for an interval a scheduler is running instead of refusing it "
      + "(exit code 3).")
  public boolean waitForHolder;

  /** The leases to run intervals under, or {@link Leases#NONE} when they are not taken. */
  public Leases open(ProjectContext ctx) {
    PipelineSpec p = ctx.spec().pipeline();
    boolean shared = ctx.spec().runStoreUrl().startsWith("jdbc:postgresql:");
    if (!shared && lease == null && p.lease() == null) {
      return Leases.NONE;
    }
    Duration duration = lease == null ? p.leaseOrDefault() : Durations.parse(lease);
    String instance = SchedulerInstance.newId();
    JdbcIntervalLeases leases = JdbcIntervalLeases.open(ctx.spec().runStoreUrl(),
        ProjectIdentity.of(ctx.spec().stateDir()), ctx.spec().name(), instance, duration);
    return new Leases(leases, new ExclusiveIntervals(leases, waitForHolder,
        m -> Console.err("millrace: [" + instance + "] " + m), Scheduler.Sleeper.system()));
  }

  /** Interval leases of one command, or none. */
  public static final class Leases implements AutoCloseable {
    static final Leases NONE = new Leases(null, null);
    private final IntervalLeases leases;
    private final ExclusiveIntervals intervals;

    private Leases(IntervalLeases leases, ExclusiveIntervals intervals) {
      this.leases = leases;
      this.intervals = intervals;
    }

    /**
     * Runs {@code work} holding the interval's lease, handing it the listener that records the run
     * on the lease and checks the lease before each node ({@link PipelineListener#NONE} without
     * leases); a run that a dead process left unfinished on the interval is marked failed first.
     *
     * @param what the command, for messages
     * @throws io.millrace.api.MillraceException EXTERNAL when a scheduler holds the interval (without
     *     {@code --wait})
     */
    public RunSummary run(ProjectContext ctx, Interval interval, String what, Function<PipelineListener, RunSummary> work) {
      if (intervals == null) {
        return work.apply(PipelineListener.NONE);
      }
      RunSummary[] summary = new RunSummary[1];
      intervals.run(interval, what, (i, lease) -> {
        SchedulerInstance.closeAbandoned(ctx.runStore(), ctx.spec().name(), lease, leases.holder());
        summary[0] = work.apply(SchedulerInstance.fencing(leases, lease));
        return summary[0].run().state();
      });
      return summary[0];
    }

    @Override
    public void close() {
      if (leases != null) {
        leases.close();
      }
    }
  }
}
