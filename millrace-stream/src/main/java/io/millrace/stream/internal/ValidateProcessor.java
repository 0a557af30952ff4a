package io.millrace.stream.internal;

import io.millrace.stream.EventCheck;
import io.millrace.stream.StreamMetrics;
import java.util.List;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Parses, types and checks each input record. Valid events go on keyed by the entity key with their
 * event time as timestamp; everything else becomes a dead letter naming why and where it came from.
 * Nothing is dropped: every input record leaves as exactly one of the two.
 */
public final class ValidateProcessor extends ContextualProcessor<byte[], byte[], String, Routed> {
  private final EventParser parser;
  private final EventCheck check;
  private final StreamMetrics metrics;

  public ValidateProcessor(EventParser parser, EventCheck check, StreamMetrics metrics) {
    this.parser = parser;
    this.check = check;
    this.metrics = metrics;
  }

  @Override
  public void process(Record<byte[], byte[]> in) {
    metrics.in();
    EventParser.Parsed p = parser.parse(in.value());
    List<String> failed = p.ok() ? check.failures(p.record()) : List.of();
    RecordMetadata m = context().recordMetadata().orElse(null);
    if (p.ok() && failed.isEmpty()) {
      context().forward(new Record<>(p.key(), new Routed.Valid(p.record(), p.key(), p.eventTimeMillis(), in.timestamp(),
          in.value(), m == null ? -1 : m.partition(), m == null ? -1 : m.offset()), p.eventTimeMillis()));
      return;
    }
    metrics.deadLettered();
    String reason = p.ok() ? "failed " + failed.size() + " check(s)" : p.error();
    byte[] letter = DeadLetters.of(reason, failed, m == null ? null : m.topic(), m == null ? -1 : m.partition(),
        m == null ? -1 : m.offset(), in.value());
    String key = in.key() == null ? null : new String(in.key(), java.nio.charset.StandardCharsets.UTF_8);
    context().forward(new Record<>(key, new Routed.Dead(letter), in.timestamp()));
  }
}
