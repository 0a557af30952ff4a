package io.millrace.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The live consumer lag of a stream job, read from its broker when asked: the consumer group's
 * committed offset against the input topic's end offset, per partition (Kafka's AdminClient:
 * {@code listGroups}, {@code describeTopics}, {@code listOffsets(latest)} and the group's committed
 * offsets). For processes that do not run the job ({@code millrace serve}, {@code schedule}); a
 * running job reports its own lag from its consumer's metrics ({@link StreamJob#consumerLag()}).
 *
 * <p>Never hangs and never throws for the broker's sake: a broker that does not answer within the
 * timeout gives an {@link Status#UNREACHABLE} reading. Thread-safe (stateless); each call opens and
 * closes its own admin client.
 */
public final class ConsumerLag {
  /** What a reading found. */
  public enum Status {
    /** The group has committed offsets on the topic: {@link Reading#partitions()} carry the lag. */
    OK,
    /** The broker answered, but no group of the job has committed an offset on the topic yet. */
    NO_GROUP,
    /** The broker answered, but the input topic does not exist. */
    NO_TOPIC,
    /** No broker answered within the timeout (or it refused the request). */
    UNREACHABLE
  }

  /**
   * One partition of the input topic.
   *
   * @param committed the group's committed offset, null when it has none for this partition
   * @param end the topic's end (latest) offset
   */
  public record Partition(int partition, Long committed, long end) {
    /** Records behind the end: {@code end - committed}, or {@code end} when nothing was committed. */
    public long lag() {
      return Math.max(0, end - (committed == null ? 0 : committed));
    }
  }

  /**
   * A reading.
   *
   * @param group the consumer group read (null when none was found)
   * @param groupState Kafka's group state ({@code Stable}: members are consuming; {@code Empty}: no
   *     member, the job is stopped), null when unknown
   * @param partitions per partition, in partition order (empty unless {@link Status#OK} or NO_GROUP)
   * @param message why, for NO_TOPIC and UNREACHABLE (null otherwise)
   * @param millis how long the reading took
   */
  public record Reading(Status status, String bootstrapServers, String topic, String group, String groupState,
                        List<Partition> partitions, String message, long millis) {
    public Reading {
      partitions = List.copyOf(partitions);
    }

    /** Records behind, summed over partitions; null unless {@link Status#OK}. */
    public Long total() {
      return status != Status.OK ? null : partitions.stream().mapToLong(Partition::lag).sum();
    }
  }

  /** A run id ({@code 20261130T045909108Z-530d}), the suffix of a {@code --from-beginning} run's group. */
  private static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile("\\d{8}T\\d+Z-[0-9a-f]+");

  private ConsumerLag() {}

  /**
   * The consumer group (Kafka Streams' {@code application.id}) {@code millrace stream} uses for a job;
   * a run with {@code --from-beginning} uses {@code <group>-<run id>}.
   */
  public static String group(String project, String job) {
    return "millrace-" + project + "-" + job;
  }

  /**
   * Reads the lag of {@code group} (or, when it has no offsets on the topic, of the most recent
   * {@code <group>-<run id>} group) on {@code topic}.
   *
   * @param timeout the most the whole reading may take (a few hundred ms on a live local broker)
   */
  public static Reading read(String bootstrapServers, String group, String topic, Duration timeout) {
    long t0 = System.nanoTime();
    Admin admin;
    try {
      admin = Admin.create(props(bootstrapServers, timeout));
    } catch (RuntimeException e) {   // an address that does not resolve
      return reading(Status.UNREACHABLE, bootstrapServers, topic, null, null, List.of(), e.getMessage(), t0);
    }
    // the broker's time starts now: creating the client is local work (the first one of a process loads
    // Kafka's client classes, which on a loaded machine can take longer than the broker's answer)
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      var topics = admin.describeTopics(List.of(topic)).allTopicNames();
      var groups = admin.listGroups().all();
      List<TopicPartition> parts;
      try {
        parts = get(topics, deadline).get(topic).partitions().stream()
            .map(p -> new TopicPartition(topic, p.partition())).toList();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          return reading(Status.NO_TOPIC, bootstrapServers, topic, null, null, List.of(),
              "topic '" + topic + "' does not exist", t0);
        }
        throw e;
      }
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      parts.forEach(p -> latest.put(p, OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all();
      List<GroupListing> candidates = get(groups, deadline).stream()
          .filter(g -> g.groupId().equals(group) || g.groupId().startsWith(group + "-")
              && RUN_ID.matcher(g.groupId().substring(group.length() + 1)).matches())
          // the exact group first, then the newest run's (run ids sort by time)
          .sorted(Comparator.comparing((GroupListing g) -> !g.groupId().equals(group))
              .thenComparing(GroupListing::groupId, Comparator.reverseOrder()))
          .toList();
      Map<TopicPartition, Long> endOffsets = new HashMap<>();
      get(ends, deadline).forEach((p, info) -> endOffsets.put(p, info.offset()));
      for (GroupListing g : candidates) {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, g, deadline);
        List<Partition> out = partitions(parts, committed, endOffsets);
        if (out.stream().anyMatch(p -> p.committed() != null)) {
          return reading(Status.OK, bootstrapServers, topic, g.groupId(),
              g.groupState().map(Object::toString).orElse(null), out, null, t0);
        }
      }
      return reading(Status.NO_GROUP, bootstrapServers, topic, candidates.isEmpty() ? null : candidates.get(0).groupId(),
          candidates.isEmpty() ? null : candidates.get(0).groupState().map(Object::toString).orElse(null),
          partitions(parts, Map.of(), endOffsets), null, t0);
    } catch (TimeoutException e) {
      return reading(Status.UNREACHABLE, bootstrapServers, topic, null, null, List.of(),
          "no answer from " + bootstrapServers + " within " + timeout.toMillis() + " ms", t0);
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      return reading(Status.UNREACHABLE, bootstrapServers, topic, null, null, List.of(),
          c.getClass().getSimpleName() + ": " + c.getMessage(), t0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return reading(Status.UNREACHABLE, bootstrapServers, topic, null, null, List.of(), "interrupted", t0);
    } finally {
      admin.close(Duration.ZERO);   // never wait for pending requests of an unreachable broker
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, GroupListing g, long deadline)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> m;
    if (g.type().filter(t -> t == GroupType.STREAMS).isPresent()) {
      m = get(admin.listStreamsGroupOffsets(Map.of(g.groupId(), new ListStreamsGroupOffsetsSpec()))
          .partitionsToOffsetAndMetadata(g.groupId()), deadline);
    } else {
      m = get(admin.listConsumerGroupOffsets(g.groupId()).partitionsToOffsetAndMetadata(), deadline);
    }
    return m == null ? Map.of() : m;
  }

  private static List<Partition> partitions(List<TopicPartition> parts, Map<TopicPartition, OffsetAndMetadata> committed,
                                            Map<TopicPartition, Long> ends) {
    List<Partition> out = new ArrayList<>();
    for (TopicPartition p : parts) {
      OffsetAndMetadata c = committed.get(p);
      out.add(new Partition(p.partition(), c == null ? null : c.offset(), ends.getOrDefault(p, 0L)));
    }
    out.sort(Comparator.comparingInt(Partition::partition));
    return out;
  }

  private static <T> T get(KafkaFuture<T> f, long deadline)
      throws ExecutionException, TimeoutException, InterruptedException {
    long left = Math.max(1, deadline - System.nanoTime());
    return f.get(left, TimeUnit.NANOSECONDS);
  }

  private static Reading reading(Status s, String servers, String topic, String group, String state,
                                 List<Partition> parts, String message, long t0) {
    return new Reading(s, servers, topic, group, state, parts, message, (System.nanoTime() - t0) / 1_000_000);
  }

  private static Properties props(String bootstrapServers, Duration timeout) {
    int ms = (int) Math.max(100, timeout.toMillis());
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, (long) ms);
    p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, (long) ms);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "millrace-lag");
    return p;
  }

  /** The bootstrap address of a job: its own, else the project's embedded broker when one runs. */
  public static Optional<String> servers(String jobServers, java.nio.file.Path stateDir) {
    if (jobServers != null && !jobServers.isBlank()) {
      return Optional.of(jobServers);
    }
    return io.millrace.stream.kafka.EmbeddedKafka.runningAt(stateDir.resolve("kafka"));
  }
}
