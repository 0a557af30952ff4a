package io.millrace.stream.internal;

import io.millrace.api.stream.StreamJobSpec;
import io.millrace.stream.StreamMetrics;
import io.millrace.stream.WindowChecks;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The window-check branch of a job's topology: input records → one partition → {@link
 * WindowCheckProcessor} (its buffer in a changelogged store) → {@code <job>.window_checks}. Absent
 * when the job has no relation-level expectations.
 */
public final class WindowCheckTopology {
  private static final byte[] ONE_KEY = new byte[0];

  private WindowCheckTopology() {}

  public static String store(StreamJobSpec job) {
    return job.name() + "-window-checks";
  }

  public static void attach(StreamsBuilder b, KStream<byte[], byte[]> input, StreamJobSpec job, WindowChecks checks,
                            StreamMetrics metrics) {
    if (checks == null) {
      return;
    }
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store(job)), Serdes.String(),
        Serdes.ByteArray()));
    EventParser parser = new EventParser(job);
    long grace = job.grace().toMillis();
    // a window is a relation over every input partition: judge it in one task
    input.selectKey((k, v) -> ONE_KEY, Named.as("window-checks-one-key"))
        .repartition(Repartitioned.<byte[], byte[]>with(Serdes.ByteArray(), Serdes.ByteArray())
            .withName("window-checks").withNumberOfPartitions(1))
        .process(() -> new WindowCheckProcessor(parser, checks, store(job), grace, metrics), Named.as("window-checks"),
            store(job))
        .to(WindowChecks.topic(job), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("window-check-results"));
  }
}
