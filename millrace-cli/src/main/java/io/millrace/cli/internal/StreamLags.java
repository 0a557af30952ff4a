package io.millrace.cli.internal;

import io.millrace.api.Secrets;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.server.console.StreamLag;
import io.millrace.stream.ConsumerLag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The live consumer lag of a project's stream jobs, as processes that do not run them see it
 * ({@code serve}, {@code schedule}): each job's broker (its {@code bootstrap_servers}, else the project's
 * embedded broker when one runs) is asked for the group's committed offsets and the topic's end offsets.
 * Jobs are read in parallel, each bounded by {@link #TIMEOUT}, so a page never waits much longer than
 * that whatever the brokers do.
 */
public final class StreamLags {
  /** The most one reading may take. */
  public static final Duration TIMEOUT = Duration.ofMillis(1500);
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "millrace-lag");
    t.setDaemon(true);
    return t;
  });

  private StreamLags() {}

  /** Each job's reading, by job name, in the project's order. */
  public static Map<String, StreamLag> read(ProjectSpec spec) {
    Map<String, Future<StreamLag>> pending = new LinkedHashMap<>();
    for (StreamJobSpec job : spec.streams().values()) {
      pending.put(job.name(), POOL.submit(() -> read(spec, job)));
    }
    Map<String, StreamLag> out = new LinkedHashMap<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos() + Duration.ofMillis(1000).toNanos();
    pending.forEach((job, f) -> {
      try {
        out.put(job, f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (java.util.concurrent.TimeoutException e) {
        f.cancel(true);
        out.put(job, new StreamLag("unreachable", null, null, null, null, List.of(),
            "no answer within " + TIMEOUT.toMillis() + " ms", TIMEOUT.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException e) {
        out.put(job, new StreamLag("unreachable", null, null, null, null, List.of(),
            String.valueOf(e.getCause()), 0));
      }
    });
    return out;
  }

  /** Records behind of each job whose lag could be read (for lag alerts and the lag gauge). */
  public static Map<String, Double> totals(ProjectSpec spec) {
    Map<String, Double> out = new TreeMap<>();
    read(spec).forEach((job, lag) -> {
      if (lag.total() != null) {
        out.put(job, lag.total().doubleValue());
      }
    });
    return out;
  }

  static StreamLag read(ProjectSpec spec, StreamJobSpec job) {
    Optional<String> servers = ConsumerLag.servers(job.bootstrapServers(), spec.stateDir());
    if (servers.isEmpty()) {
      return StreamLag.notRunning();
    }
    ConsumerLag.Reading r = ConsumerLag.read(servers.get(), ConsumerLag.group(spec.name(), job.name()), job.topic(), TIMEOUT);
    List<StreamLag.PartitionLag> parts = new ArrayList<>();
    for (ConsumerLag.Partition p : r.partitions()) {
      parts.add(new StreamLag.PartitionLag(p.partition(), p.committed(), p.end(), p.lag()));
    }
    // an address read from ${env:...} is a registered secret: pages show it masked, as errors do
    return new StreamLag(r.status().name().toLowerCase(java.util.Locale.ROOT), Secrets.mask(r.bootstrapServers()),
        r.group(), r.groupState(), r.total(), parts, Secrets.mask(r.message()), r.millis());
  }
}
