package io.millrace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.MillraceException;
import io.millrace.api.project.ProjectSpec;
import io.millrace.cli.internal.Console;
import io.millrace.cli.internal.ProduceTarget;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.core.project.ProjectLoader;
import io.millrace.stream.kafka.EventGenerator;
import io.millrace.stream.kafka.EventProducer;
import io.millrace.stream.kafka.GeneratedEvent;
import io.millrace.stream.kafka.InvalidKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "produce", description = {
    "Write generated, realistic events to Kafka with an idempotent producer (acks=all, lz4, batched), keyed by "
        + "entity: user events (page_view, click, add_to_cart, purchase with amounts) or viewing events.",
    "The topic and broker come from the flags, else from the project's stream job (streams/*.yaml: topic, "
        + "bootstrap_servers), else the broker running on PROJECT/.millrace/kafka (millrace stream, or millrace "
        + "kafka start --dir PROJECT/.millrace/kafka).",
    "When no broker is reachable, events are kept in PROJECT/.millrace/produce-buffer and forwarded in order "
        + "when it is back (during this run, or by the next produce); the command then exits 3.",
    "  millrace produce examples/recsys --events 100000 --invalid-fraction 0.05",
    "  millrace produce P --events 1000000 --rate 10000 --bootstrap-servers 127.0.0.1:9092",
    "  millrace produce examples/fraud --job card_transactions --from events.jsonl   (one JSON event per line)"})
final class ProduceCommand implements Callable<Integer> {
  private static final long PROGRESS_NANOS = 2_000_000_000L;

  @Mixin ProjectOptions project;

  @Option(names = "--events", paramLabel = "N", description = "Number of events to produce (with --from: at most N lines).")
  Long events;

  @Option(names = "--from", paramLabel = "FILE.jsonl", description = "Send the events of this file, one JSON "
      + "object per line, as they are, keyed by the stream job's key field, instead of generated events.")
  Path from;

  @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
      description = "Events per second (default: as fast as the broker takes them).")
  double rate;

  @Option(names = "--users", paramLabel = "U", defaultValue = "1000", description = "Distinct users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--invalid-fraction", paramLabel = "F", defaultValue = "0",
      description = "Fraction of events made invalid in varied ways: missing key, unknown event type, negative "
          + "value, malformed JSON, bad timestamp, wrong type (default: ${DEFAULT-VALUE}).")
  double invalidFraction;

  @Option(names = "--topic", paramLabel = "T", description = "Topic (default: the stream job's, else user_events or viewing).")
  String topic;

  @Option(names = "--job", paramLabel = "J", description = "The stream job whose topic and broker to use.")
  String job;

  @Option(names = "--kind", paramLabel = "KIND", description = "user_events or viewing (default: from the job's key, else user_events).")
  String kind;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "The Kafka broker(s).")
  String bootstrapServers;

  @Option(names = "--partitions", paramLabel = "N", description = "Partitions when the topic is created (default: the job's, else 1).")
  Integer partitions;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "10",
      description = "How long to wait at the end for an unreachable broker before leaving events in the buffer "
          + "(default: ${DEFAULT-VALUE}).")
  double waitSeconds;

  @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    validate();
    ProjectSpec spec = ProjectLoader.load(project.project, project.overrides());
    ProduceTarget target = ProduceTarget.resolve(spec, job, topic, kind, bootstrapServers, partitions);
    Path bufferDir = spec.stateDir().resolve("produce-buffer");
    if (from != null) {
      return new FileEvents(from, events == null ? Long.MAX_VALUE : events, format)
          .produce(spec, target, bufferDir, project.project);
    }
    EventGenerator gen = EventGenerator.of(target.kind(), seed, users, invalidFraction);
    announce(target, spec);
    boolean delivered;
    long started;
    long earlier;
    long acked;
    long buffered;
    long bytes;
    try (EventProducer producer = EventProducer.open(target.bootstrapServers(),
        io.millrace.stream.kafka.ClusterConfig.topic(target.topic(), target.partitions(),
            target.job() == null ? null : spec.streams().get(target.job())), bufferDir)) {
      if (target.bootstrapServers() != null && !producer.online()) {
        Console.err("millrace: Kafka at " + target.bootstrapServers() + " is not reachable ("
            + (producer.buffered() > 0 ? producer.buffered() + " events from an earlier run wait in the buffer; " : "")
            + producer.lastError() + "): buffering events in " + producer.bufferDirectory()
            + "; they are forwarded in order when the broker answers");
      }
      earlier = producer.buffered();
      started = System.nanoTime();
      produce(gen, producer, started);
      Duration wait = producer.online() ? Duration.ofMinutes(2) : Duration.ofMillis((long) (waitSeconds * 1000));
      delivered = producer.drain(wait);
      acked = producer.acknowledged();
      buffered = producer.buffered();
      bytes = producer.bytes();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    print(target, gen, acked, earlier, buffered, bytes, seconds);
    if (!delivered) {
      throw MillraceException.external(null, "Cannot deliver %,d events to Kafka%s: %s; they are kept in %s and "
          + "forwarded by the next 'millrace produce %s' that reaches a broker", buffered,
          target.bootstrapServers() == null ? "" : " at " + target.bootstrapServers(),
          target.bootstrapServers() == null ? "no broker is configured or running" : "the broker is unreachable",
          bufferDir.resolve(target.topic()), project.project);
    }
    return 0;
  }

  private void validate() {
    if (events == null && from == null) {
      throw MillraceException.user("Cannot produce events: give --events N (generated events) or --from FILE.jsonl");
    }
    if (events != null && events < 1) {
      throw MillraceException.user("Cannot produce %d events: --events must be at least 1", events);
    }
    if (rate < 0) {
      throw MillraceException.user("Cannot produce at --rate %s: use 0 (unlimited) or a positive rate", rate);
    }
    if (users < 1) {
      throw MillraceException.user("Cannot generate events for %d users: --users must be at least 1", users);
    }
    if (!(invalidFraction >= 0 && invalidFraction <= 1)) {
      throw MillraceException.user("Cannot inject --invalid-fraction %s: use a fraction from 0 to 1", invalidFraction);
    }
    if (!format.equals("table") && !format.equals("json")) {
      throw MillraceException.user("Cannot print format '%s': use table or json", format);
    }
  }

  private void announce(ProduceTarget target, ProjectSpec spec) {
    String to = target.bootstrapServers() == null
        ? "the local buffer (no Kafka broker: none configured with --bootstrap-servers or a stream job's "
            + "bootstrap_servers, and none running on " + spec.stateDir().resolve("kafka") + "; start one with "
            + "'millrace kafka start --dir " + spec.stateDir().resolve("kafka") + "')"
        : target.bootstrapServers() + " (" + target.brokerSource() + ")";
    Console.err(String.format(Locale.ROOT, "millrace: producing %,d %s events to topic '%s'%s at %s", events,
        target.kind().defaultTopic(), target.topic(), target.job() == null ? "" : " of stream job " + target.job(), to));
  }

  private void produce(EventGenerator gen, EventProducer producer, long started) {
    long nextProgress = started + PROGRESS_NANOS;
    double nanosPerEvent = rate > 0 ? 1e9 / rate : 0;
    long paced = started;
    for (long i = 0; i < events; i++) {
      if (i == 1) {
        paced = System.nanoTime(); // the first send waits for the topic's metadata: pace from after it
      }
      if (nanosPerEvent > 0 && i > 0) {
        long due = paced + (long) ((i - 1) * nanosPerEvent);
        long ahead = due - System.nanoTime();
        if (ahead > 200_000) {
          LockSupport.parkNanos(ahead);
        }
      }
      GeneratedEvent e = gen.next();
      producer.send(e.keyBytes(), e.valueBytes());
      if (System.nanoTime() > nextProgress) {
        nextProgress = System.nanoTime() + PROGRESS_NANOS;
        double s = (System.nanoTime() - started) / 1e9;
        Console.err(String.format(Locale.ROOT, "[%6.1fs] %,d / %,d events  %,.0f events/s  %s", s, i + 1, events,
            (i + 1) / s, producer.online() ? "acknowledged " + String.format("%,d", producer.acknowledged())
                : "buffered " + String.format("%,d", producer.buffered())));
      }
    }
  }

  private void print(ProduceTarget target, EventGenerator gen, long acked, long earlier, long buffered, long bytes,
                     double seconds) {
    Map<String, Long> invalid = new LinkedHashMap<>();
    for (InvalidKind k : InvalidKind.values()) {
      if (k.appliesTo(target.kind())) {
        invalid.put(k.label(), gen.injected().getOrDefault(k, 0L));
      }
    }
    if (format.equals("json")) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("topic", target.topic());
      out.put("bootstrap_servers", target.bootstrapServers());
      out.put("events", gen.generated());
      out.put("acknowledged", acked);
      out.put("from_earlier_buffer", earlier);
      out.put("buffered", buffered);
      out.put("invalid_injected", gen.injectedTotal());
      out.put("invalid_by_kind", invalid);
      out.put("bytes", bytes);
      out.put("seconds", Math.round(seconds * 1000) / 1000.0);
      out.put("events_per_s", Math.round(gen.generated() / seconds));
      try {
        Console.out(new ObjectMapper().writeValueAsString(out));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw MillraceException.internal(e, "Cannot print the produce summary: %s", e.getMessage());
      }
      return;
    }
    Console.out(String.format(Locale.ROOT, "produced %,d events to '%s' in %.2f s (until acknowledged): %,.0f events/s, "
        + "%.1f MB (%.1f MB/s)",
        gen.generated(), target.topic(), seconds, gen.generated() / seconds, bytes / 1e6, bytes / 1e6 / seconds));
    Console.out(String.format(Locale.ROOT, "  acknowledged by the broker: %,d%s   waiting in the buffer: %,d", acked,
        earlier > 0 ? String.format(Locale.ROOT, " (%,d of them from an earlier run's buffer)", earlier) : "", buffered));
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  invalid injected: %,d", gen.injectedTotal()));
    if (gen.injectedTotal() > 0) {
      b.append(" (");
      invalid.forEach((k, v) -> b.append(k).append(' ').append(String.format("%,d", v)).append(", "));
      b.setLength(b.length() - 2);
      b.append(')');
    }
    Console.out(b.toString());
  }
}
