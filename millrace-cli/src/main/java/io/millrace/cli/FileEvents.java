package io.millrace.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.MillraceException;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.cli.internal.Console;
import io.millrace.cli.internal.ProduceTarget;
import io.millrace.stream.kafka.EventProducer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code millrace produce --from FILE.jsonl}: sends a file's events, one JSON object per line, as they
 * are, keyed by the stream job's key field. A line that is not JSON or has no key is sent without a
 * key, as written: the stream job dead-letters it with its reason. Blank lines are skipped.
 */
final class FileEvents {
  private static final long PROGRESS_NANOS = 2_000_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final long limit;
  private final String format;

  FileEvents(Path file, long limit, String format) {
    this.file = file;
    this.limit = limit;
    this.format = format;
  }

  int produce(ProjectSpec spec, ProduceTarget target, Path bufferDir, Path projectDir) {
    if (!Files.isRegularFile(file)) {
      throw MillraceException.user("Cannot produce events from %s: no such file", file);
    }
    StreamJobSpec job = target.job() == null ? null : spec.streams().get(target.job());
    if (job == null) {
      throw MillraceException.user("Cannot produce events from %s: no stream job to take the key field from; "
          + "name one with --job (the project has %s)", file, spec.streams().keySet());
    }
    String key = job.key();
    Console.err(String.format(Locale.ROOT, "millrace: producing the events of %s to topic '%s' of stream job %s at %s",
        file, target.topic(), job.name(), target.bootstrapServers() == null ? "the local buffer (no broker running)"
            : target.bootstrapServers()));
    long sent = 0;
    long unkeyed = 0;
    long started = System.nanoTime();
    boolean delivered;
    long acked;
    long buffered;
    long bytes;
    try (EventProducer producer = EventProducer.open(target.bootstrapServers(),
        io.millrace.stream.kafka.ClusterConfig.topic(target.topic(), target.partitions(), job), bufferDir);
         BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long nextProgress = started + PROGRESS_NANOS;
      String line;
      while (sent < limit && (line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String k = keyOf(line, key);
        if (k == null) {
          unkeyed++;
        }
        producer.send(k == null ? null : k.getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8));
        sent++;
        if (System.nanoTime() > nextProgress) {
          nextProgress = System.nanoTime() + PROGRESS_NANOS;
          Console.err(String.format(Locale.ROOT, "[%6.1fs] %,d events sent", (System.nanoTime() - started) / 1e9, sent));
        }
      }
      Duration wait = producer.online() ? Duration.ofMinutes(2) : Duration.ofSeconds(10);
      delivered = producer.drain(wait);
      acked = producer.acknowledged();
      buffered = producer.buffered();
      bytes = producer.bytes();
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot read events from %s: %s", file, e.getMessage());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    print(target, sent, unkeyed, acked, buffered, bytes, seconds);
    if (!delivered) {
      throw MillraceException.external(null, "Cannot deliver %,d events to Kafka: the broker is %s; they are kept in "
          + "%s and forwarded by the next 'millrace produce %s' that reaches a broker", buffered,
          target.bootstrapServers() == null ? "not configured or running" : "unreachable",
          bufferDir.resolve(target.topic()), projectDir);
    }
    return 0;
  }

  /** The key field's value as text, or null when the line is not a JSON object or has no such value. */
  static String keyOf(String line, String field) {
    try {
      JsonNode node = JSON.readTree(line);
      JsonNode v = node == null || !node.isObject() ? null : node.get(field);
      return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private void print(ProduceTarget target, long sent, long unkeyed, long acked, long buffered, long bytes, double s) {
    if (format.equals("json")) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("topic", target.topic());
      out.put("bootstrap_servers", target.bootstrapServers());
      out.put("file", file.toString());
      out.put("events", sent);
      out.put("without_key", unkeyed);
      out.put("acknowledged", acked);
      out.put("buffered", buffered);
      out.put("bytes", bytes);
      out.put("seconds", Math.round(s * 1000) / 1000.0);
      try {
        Console.out(JSON.writeValueAsString(out));
      } catch (JsonProcessingException e) {
        throw MillraceException.internal(e, "Cannot print the produce summary: %s", e.getMessage());
      }
      return;
    }
    Console.out(String.format(Locale.ROOT, "produced %,d events from %s to '%s' in %.2f s: acknowledged %,d, "
        + "waiting in the buffer %,d, without a key %,d", sent, file, target.topic(), s, acked, buffered, unkeyed));
  }
}
