package io.millrace.stream.kafka;

import io.millrace.api.MillraceException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Topic administration against any broker (embedded, standalone or a real cluster). */
public final class KafkaTopics {
  private static final long TIMEOUT_MS = 30_000;

  private KafkaTopics() {}

  /**
   * Creates the topics that do not exist yet; existing topics are left as they are (their partition
   * count is not changed). Blocks until the broker has created them.
   *
   * @throws MillraceException EXTERNAL when the broker is unreachable or refuses a topic
   */
  public static void create(String bootstrapServers, Collection<TopicSpec> topics) {
    if (topics.isEmpty()) {
      return;
    }
    try (Admin admin = Admin.create(adminProps(bootstrapServers))) {
      List<NewTopic> news = topics.stream()
          .map(t -> new NewTopic(t.name(), Optional.of(t.partitions()),
              t.replicationFactor() > 0 ? Optional.of((short) t.replicationFactor()) : Optional.empty())
              .configs(t.configs()))
          .toList();
      for (var entry : admin.createTopics(news).values().entrySet()) {
        awaitCreated(bootstrapServers, entry.getKey(), entry.getValue());
      }
    }
  }

  /** The partition count of each existing topic among {@code names}; absent topics are left out. */
  public static Map<String, Integer> partitions(String bootstrapServers, Collection<String> names) {
    try (Admin admin = Admin.create(adminProps(bootstrapServers))) {
      var existing = admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      var wanted = names.stream().filter(existing::contains).toList();
      var described = admin.describeTopics(wanted).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      var out = new TreeMap<String, Integer>();
      described.forEach((name, d) -> out.put(name, d.partitions().size()));
      return out;
    } catch (ExecutionException | TimeoutException e) {
      throw MillraceException.external(e, "Cannot describe Kafka topics %s at %s: %s", names, bootstrapServers,
          rootMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MillraceException.external(e, "Cannot describe Kafka topics %s at %s: interrupted", names, bootstrapServers);
    }
  }

  /**
   * The number of records in {@code topic} (latest minus earliest offset, summed over partitions).
   * Exact for topics written without transactions; transaction markers count as records otherwise.
   */
  public static long recordCount(String bootstrapServers, String topic) {
    try (Admin admin = Admin.create(adminProps(bootstrapServers))) {
      var described = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      var partitions = described.get(topic).partitions().stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      long total = 0;
      var latest = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p,
          p -> OffsetSpec.latest()))).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      var earliest = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p,
          p -> OffsetSpec.earliest()))).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      for (var p : partitions) {
        total += latest.get(p).offset() - earliest.get(p).offset();
      }
      return total;
    } catch (ExecutionException | TimeoutException e) {
      throw MillraceException.external(e, "Cannot count the records of Kafka topic '%s' at %s: %s", topic,
          bootstrapServers, rootMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MillraceException.external(e, "Cannot count the records of Kafka topic '%s': interrupted", topic);
    }
  }

  static Properties adminProps(String bootstrapServers) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    return p;
  }

  private static void awaitCreated(String bootstrapServers, String topic, KafkaFuture<Void> f) {
    try {
      f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InvalidReplicationFactorException) {
        throw MillraceException.user("Cannot create Kafka topic '%s' at %s: %s (set replication_factor to at most the "
            + "number of brokers; the embedded broker is one)", topic, bootstrapServers, rootMessage(e));
      }
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw MillraceException.external(e.getCause(), "Cannot create Kafka topic '%s' at %s: %s", topic,
            bootstrapServers, rootMessage(e));
      }
    } catch (TimeoutException e) {
      throw MillraceException.external(e, "Cannot create Kafka topic '%s' at %s: no answer within %d s", topic,
          bootstrapServers, TIMEOUT_MS / 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MillraceException.external(e, "Cannot create Kafka topic '%s': interrupted", topic);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
