package io.millrace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.MillraceException;
import io.millrace.api.Suggestions;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.features.online.OnlineStores;
import io.millrace.stream.OnlineFeed;
import io.millrace.cli.internal.Console;
import io.millrace.stream.SuiteChecks;
import io.millrace.cli.internal.Operations;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.cli.internal.StreamSummary;
import io.millrace.core.pipeline.PipelineListener;
import io.millrace.core.pipeline.RunStoreListener;
import io.millrace.core.store.RunIds;
import io.millrace.stream.EventCheck;
import io.millrace.stream.FeatureEndpoint;
import io.millrace.stream.StreamMetrics;
import io.millrace.stream.StreamRunClaim;
import io.millrace.stream.StreamRunner;
import io.millrace.stream.kafka.EmbeddedKafka;
import io.millrace.stream.kafka.EventGenerator;
import io.millrace.stream.kafka.EventKind;
import io.millrace.stream.kafka.EventProducer;
import io.millrace.stream.kafka.GeneratedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stream", description = {
    "Run the project's stream jobs (streams/*.yaml) on Kafka: validate events (dead letters for the invalid), "
        + "keep per-entity features, score, aggregate windows, append to warehouse tables.",
    "Without bootstrap_servers (in the job or --bootstrap-servers) a broker runs inside the process, data under "
        + "PROJECT/.millrace/kafka.",
    "  millrace stream P                      run until Ctrl-C",
    "  millrace stream P --replay 100000      produce generated events (some invalid), process them all, summarize",
    "  millrace stream P --job J --bootstrap-servers H:P --from-beginning --until-idle 10"})
final class StreamCommand implements Callable<Integer> {
  private final List<StreamRunClaim> claims = new ArrayList<>();
  private static final ObjectMapper JSON = new ObjectMapper();
  private final CountDownLatch closed = new CountDownLatch(1);

  @Mixin ProjectOptions project;

  @Option(names = "--job", paramLabel = "JOB", description = "Only this job (default: every job of the project).")
  String jobName;

  @Option(names = "--replay", paramLabel = "N", description = "Produce N generated events to each job's topic, process them all, print a summary and exit.")
  Long replay;

  @Option(names = "--invalid-fraction", paramLabel = "F", defaultValue = "0.05",
      description = "With --replay: fraction of events made invalid in varied ways (default: ${DEFAULT-VALUE}).")
  double invalidFraction;

  @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
      description = "With --replay: events per second to produce (default: as fast as possible).")
  double rate;

  @Option(names = "--users", paramLabel = "U", defaultValue = "1000", description = "With --replay: distinct entities (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--seed", defaultValue = "7", description = "With --replay: generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "A Kafka cluster (overrides the job's bootstrap_servers).")
  String bootstrapServers;

  @Option(names = "--from-beginning", description = "Process the input topic from its first record (a fresh consumer group).")
  boolean fromBeginning;

  @Option(names = "--until-idle", paramLabel = "SECONDS", description = "Exit once no event arrived for this long, with a summary.")
  Double untilIdle;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "5000", description = "Before consuming, put N "
      + "generated events through a copy of the job's topology in memory (no topic, state, table or metric touched), "
      + "so its first real events run compiled code; 0: none. Left out when 10 times N events or more are already "
      + "waiting (default: ${DEFAULT-VALUE}).")
  long warmup;

  @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve Prometheus metrics (events, dead "
      + "letters, lag, latency) on http://127.0.0.1:PORT/metrics while running (0 picks a free port).")
  Integer metricsPort;
  private Operations.Live live;   // meters, /metrics and lag alerts of this process

  @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--instance", paramLabel = "NAME", description = "Run as instance NAME (letters, digits, - and _) "
      + "of the jobs, so that several instances on one host share the partitions of a Kafka cluster: its own state "
      + "folder PROJECT/.millrace/instances/NAME and consumer-group member id (default: PROJECT/.millrace).")
  String instance;

  /** The state folder of this instance: the project's, or with --instance its own under it. */
  private java.nio.file.Path instanceDir(ProjectSpec spec) {
    return instance == null ? spec.stateDir() : spec.stateDir().resolve("instances").resolve(instance);
  }

  @Override
  public Integer call() {
    if (!format.equals("table") && !format.equals("json")) {
      throw MillraceException.user("Cannot print format '%s': use table or json", format);
    }
    if (warmup < 0) {
      throw MillraceException.user("Cannot warm up on %d events: --warmup takes a count of 0 or more (0: no warm-up)", warmup);
    }
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides());
         Operations.Live ops = new Operations.Live(ctx, metricsPort)) {
      live = ops;
      List<StreamJobSpec> jobs = jobs(ctx.spec());
      String servers = bootstrapServers != null ? bootstrapServers : jobs.get(0).bootstrapServers();
      if (instance != null && !instance.matches("[A-Za-z0-9_-]+")) {
        throw MillraceException.user("Cannot use --instance '%s': use letters, digits, - and _", instance);
      }
      if (instance != null && servers == null) {
        throw MillraceException.user("Cannot run --instance %s without a Kafka cluster: instances share the partitions "
            + "of a cluster's topics (set bootstrap_servers in the job or --bootstrap-servers)", instance);
      }
      EmbeddedKafka broker = null;
      if (servers == null) {
        Console.err("millrace: starting the embedded Kafka broker in " + ctx.spec().root().relativize(ctx.spec().stateDir().resolve("kafka")));
        broker = EmbeddedKafka.start(ctx.spec().stateDir().resolve("kafka"), 0);
        servers = broker.bootstrapServers();
      }
      try {
        List<StreamSummary> out = new ArrayList<>();
        for (StreamJobSpec job : jobs) {
          out.add(run(ctx, job, servers));
        }
        print(out);
      } finally {
        if (broker != null) {
          broker.close();
        }
        claims.forEach(StreamRunClaim::close);
        closed.countDown();
      }
      return 0;
    }
  }

  private List<StreamJobSpec> jobs(ProjectSpec spec) {
    if (spec.streams().isEmpty()) {
      throw MillraceException.user("Cannot run streams of project '%s': it has no streams/*.yaml", spec.name());
    }
    if (jobName == null) {
      return new ArrayList<>(spec.streams().values());
    }
    StreamJobSpec job = spec.streams().get(jobName);
    if (job == null) {
      String hint = Suggestions.closest(jobName, spec.streams().keySet()).map(s -> "; did you mean '" + s + "'?")
          .orElse(" (jobs: " + String.join(", ", spec.streams().keySet()) + ")");
      throw MillraceException.user("Cannot run stream job '%s': project '%s' has no such job%s", jobName, spec.name(), hint);
    }
    return List.of(job);
  }

  private StreamSummary run(ProjectContext ctx, StreamJobSpec job, String servers) {
    ProjectSpec spec = ctx.spec();
    String runId = RunIds.next();
    Instant started = Instant.now();
    String appId = "millrace-" + spec.name() + "-" + job.name() + (fromBeginning ? "-" + runId : "");
    PipelineListener hooks = Operations.hooks(ctx, new RunStoreListener(ctx.runStore())   // as batch runs: store, alerts
        .andThen(io.millrace.core.lineage.OpenLineageListener.forStream(spec, job)));
    // a run of this job left "running" by a process that died (kill -9) is marked failed (abandoned)
    StreamRunClaim claim = StreamRunClaim.claim(instanceDir(spec), job.name(), ctx.runStore(), runId);
    claims.add(claim);
    claim.abandoned().forEach(id -> Console.err("millrace: " + job.name() + ": run " + id
        + " was left running by a process that died; marked failed (abandoned)"));
    hooks.onRunStart(new RunRecord(runId, spec.name(), "stream", null, null, RunState.RUNNING, started, null,
        0, 0, 0, 0, null));
    StreamMetrics metrics = new StreamMetrics(live.registry(), job.name());
    EventGenerator generator = null;
    long lakeRows;
    double produceSeconds = 0;
    EventCheck checks = SuiteChecks.of(job, () -> ctx.engine().session(), instanceDir(spec).resolve("stream-staging"));
    StreamRunner runner;
    try {
      runner = StreamRunner.start(job, servers, appId, instanceDir(spec), checks, metrics, ctx.warehouse(),
          () -> ctx.engine().session(), runId, warmup);
      runner.job().warmup().ifPresent(w -> Console.err(String.format(java.util.Locale.ROOT,
          "millrace: %s: warmed up on %d generated events in %.2f s (JIT settled in %.2f s; in memory, nothing of the job touched)",
          job.name(), w.events(), w.took().toMillis() / 1000.0, w.settle().toMillis() / 1000.0)));
      runner.job().skippedForBacklog().ifPresent(n -> Console.err(String.format(java.util.Locale.ROOT,
          "millrace: %s: no warm-up: %,d events are already waiting on %s (they compile the job's path as they drain)",
          job.name(), n, job.topic())));
    } catch (RuntimeException e) {
      hooks.onRunEnd(new RunRecord(runId, spec.name(), "stream", null, null, RunState.FAILED, started,
          Instant.now(), 0, 0, 0, 0, e.getMessage()));
      throw e;
    }
    OnlineFeed feed;   // feature updates into the online store, for online views over stream:<job>
    try {
      feed = OnlineFeed.start(spec, job, runner.job().featureTypes(), servers, () -> OnlineStores.open(spec));
    } catch (RuntimeException e) {
      runner.close();
      hooks.onRunEnd(new RunRecord(runId, spec.name(), "stream", null, null, RunState.FAILED, started,
          Instant.now(), 0, 0, 0, 0, e.getMessage()));
      throw e;
    }
    // the feed closes last: after the job stopped, it reads the job's last updates into the store
    try (feed; runner; FeatureEndpoint endpoint = job.features() == null ? null
        : FeatureEndpoint.start(runner.job(), FeatureEndpoint.file(instanceDir(spec), job.name()))) {
      if (runner.job().warmup().isPresent()) {
        // Everything the start-up allocated (clients, buffers, the warm-up's garbage) is still in the
        // young generation: the first young collections under load would copy it all, pausing the
        // stream thread 55-140 ms each (BENCHMARKS.md section 5). One full collection now, before the
        // first events, moves it to the old generation while nothing waits.
        System.gc();
      }
      if (feed != null) {
        Console.err("millrace: " + job.name() + ": writing feature updates to the online store " + spec.onlineStore());
      }
      if (replay != null) {
        generator = EventGenerator.of(kind(job), seed, users, invalidFraction);
        Console.err("millrace: " + job.name() + ": producing " + replay + " events to " + job.topic());
        produceSeconds = produce(generator, job, servers, spec);
        runner.awaitProcessed(replay, Duration.ofMillis(300), Duration.ofMinutes(30));
      } else if (untilIdle != null) {
        runner.awaitProcessed(0, Duration.ofMillis((long) (untilIdle * 1000)), Duration.ofDays(365));
      } else {
        Console.err("millrace: " + job.name() + " is running on " + servers + "; Ctrl-C to stop");
        awaitInterrupt();
      }
      runner.check();
    } catch (RuntimeException e) {
      hooks.onRunEnd(new RunRecord(runId, spec.name(), "stream", null, null, RunState.FAILED, started,
          Instant.now(), metrics.snapshot().eventsIn(), 0, metrics.snapshot().deadLettered(), 0, e.getMessage()));
      throw e;
    }
    lakeRows = runner.committedRows();
    StreamMetrics.Snapshot s = metrics.snapshot();
    double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
    Map<String, Long> byKind = new LinkedHashMap<>();
    if (generator != null) {
      generator.injected().forEach((k, v) -> byKind.put(k.label(), v));
    }
    double throughput = s.throughput();
    List<MetricPoint> points = new ArrayList<>();
    Instant now = Instant.now();
    if (produceSeconds > 0) {
      points.add(new MetricPoint(runId, job.name(), "", "arrival_rate_eps", s.eventsIn() / produceSeconds, now));
    }
    points.add(new MetricPoint(runId, job.name(), "", "service_rate_eps", throughput, now));
    // what the console's streams page shows of the latest run
    points.add(new MetricPoint(runId, job.name(), "", "events_in", s.eventsIn(), now));
    points.add(new MetricPoint(runId, job.name(), "", "dead_lettered", s.deadLettered(), now));
    if (!Double.isNaN(s.latencyP50Ms())) {
      points.add(new MetricPoint(runId, job.name(), "", "latency_p50_ms", s.latencyP50Ms(), now));
      points.add(new MetricPoint(runId, job.name(), "", "latency_p99_ms", s.latencyP99Ms(), now));
    }
    ctx.runStore().saveMetrics(points);
    hooks.onRunEnd(new RunRecord(runId, spec.name(), "stream", null, null, RunState.SUCCESS, started,
        Instant.now(), s.eventsIn(), s.outputs(), s.deadLettered(), 0, null));
    return new StreamSummary(job.name(), s.eventsIn(), s.valid(), generator == null ? -1 : generator.injectedTotal(),
        byKind, s.deadLettered(), s.outputs(), lakeRows, seconds, throughput, s.latencyP50Ms(), s.latencyP99Ms(),
        job.processing().name().toLowerCase(java.util.Locale.ROOT), runId);
  }

  private EventKind kind(StreamJobSpec job) {
    return EventKind.of(job).orElseThrow(() -> MillraceException.user("Cannot replay stream job '%s': the generator writes topics %s, and the job reads '%s'",
        job.name(), java.util.Arrays.stream(EventKind.values()).map(EventKind::defaultTopic).toList(), job.topic()));
  }

  /** Produces the replay's events at the requested rate; returns the seconds it took. */
  private double produce(EventGenerator gen, StreamJobSpec job, String servers, ProjectSpec spec) {
    long t0 = System.nanoTime();
    try (EventProducer producer = EventProducer.open(servers, io.millrace.stream.kafka.ClusterConfig.inputTopic(job),
        spec.stateDir().resolve("produce-buffer").resolve(job.topic()))) {
      for (long i = 0; i < replay; i++) {
        GeneratedEvent e = gen.next();
        producer.send(e.keyBytes(), e.valueBytes());
        if (rate > 0) {
          long due = t0 + (long) ((i + 1) * 1e9 / rate);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
          }
        }
      }
      if (!producer.drain(Duration.ofMinutes(5))) {
        throw MillraceException.external(null, "Cannot replay into %s: the broker did not acknowledge every event", job.topic());
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * Blocks until Ctrl-C (SIGINT) or SIGTERM. Those are handled here, so the job stops and drains into
   * the lake on the main thread before the JVM begins to shut down: once shutdown has begun,
   * libraries the final lake commit needs refuse to start (Iceberg's worker pool registers a shutdown
   * hook when first used) and the drain would fail. A second signal aborts at once (committed
   * snapshots stay whole). Other ways out still run the shutdown hook, which waits (up to a minute)
   * for the job to close.
   */
  private void awaitInterrupt() {
    CountDownLatch stop = new CountDownLatch(1);
    for (String name : List.of("INT", "TERM")) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
          if (stop.getCount() == 0) {
            Runtime.getRuntime().halt(130);
          }
          Console.err("millrace: stopping (SIG" + name + "): draining into the warehouse; again to abort");
          stop.countDown();
        });
      } catch (IllegalArgumentException unsupported) {
        // the platform does not have this signal: the shutdown hook covers it
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      try {
        closed.await(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void print(List<StreamSummary> out) {
    if (format.equals("json")) {
      try {
        Object value = out.size() == 1 ? out.get(0).fields() : out.stream().map(StreamSummary::fields).toList();
        System.out.println(JSON.writeValueAsString(value));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw MillraceException.internal(e, "Cannot print the summary");
      }
    } else {
      out.forEach(s -> System.out.print(s.table()));
    }
  }
}
