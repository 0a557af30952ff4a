package io.millrace.stream.kafka;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.stream.kafka.internal.BrokerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka broker running inside this process: KRaft, one node acting as broker and controller,
 * listeners on 127.0.0.1 only, replication factors 1 and transaction-log settings that let
 * {@code exactly_once_v2} work on a single broker.
 *
 * <p>Storage lives under {@code dataDir} (the broker's log and metadata directory). It is formatted
 * the first time and reused afterwards, so topics, records and committed consumer offsets survive a
 * restart on the same directory. A directory is locked while a broker uses it; a second broker on
 * the same directory fails with an EXTERNAL {@link MillraceException}.
 *
 * <p>Record retention is Kafka's default (7 days, by the time records were produced).
 *
 * <p>Thread-safe. {@link #close()} shuts the broker down cleanly within a bounded time.
 */
public final class EmbeddedKafka implements AutoCloseable {
  /** The file in the data directory that holds a running broker's bootstrap address. */
  public static final String ADDRESS_FILE = "bootstrap.servers";
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final int port;
  private final Duration startupTime;
  private boolean closed;

  private EmbeddedKafka(KafkaRaftServer server, Path dataDir, int port, Duration startupTime) {
    this.server = server;
    this.dataDir = dataDir;
    this.port = port;
    this.startupTime = startupTime;
  }

  /**
   * Starts a broker on {@code dataDir} and returns once it accepts clients.
   *
   * @param port the client port on 127.0.0.1; 0 picks a free one
   * @throws MillraceException USER if the port is taken or invalid; EXTERNAL if the directory is
   *     locked by another broker or cannot be written, or the broker fails to start
   */
  public static EmbeddedKafka start(Path dataDir, int port) {
    long t0 = System.nanoTime();
    Path dir = dataDir.toAbsolutePath().normalize();
    BrokerConfig config = BrokerConfig.forDirectory(dir, port);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot start Kafka broker in %s: %s", dir, e.getMessage());
    }
    config.requireUnlocked();
    config.formatIfNeeded();
    KafkaConfig kafkaConfig = new KafkaConfig(config.properties(), false);
    KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      shutdownQuietly(server);
      throw startFailure(config, e);
    }
    EmbeddedKafka kafka = new EmbeddedKafka(server, dir, config.port(), Duration.ofNanos(System.nanoTime() - t0));
    kafka.advertise();
    return kafka;
  }

  /**
   * The bootstrap address of the broker running on {@code dataDir} in this or another process (an
   * embedded broker of {@code millrace stream} or a {@code millrace kafka start}, or the cluster of a
   * {@code millrace kafka start --brokers N}), or empty when no broker holds that directory.
   */
  public static Optional<String> runningAt(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    Path file = dir.resolve(ADDRESS_FILE);
    try {
      // a single broker locks DIR/logs; a KafkaCluster's first node DIR/node-1/logs
      boolean locked = BrokerConfig.forExisting(dir).locked()
          || Files.isDirectory(dir.resolve("node-1")) && BrokerConfig.forExisting(dir.resolve("node-1")).locked();
      if (!Files.exists(file) || !locked) {
        return Optional.empty();
      }
      String address = Files.readString(file).trim();
      return address.isEmpty() ? Optional.empty() : Optional.of(address);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** {@code 127.0.0.1:PORT}, for clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The client port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The broker's storage directory. */
  public Path dataDir() {
    return dataDir;
  }

  /** How long {@link #start} took (formatting included), for start-up reports. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Creates the topics that do not exist yet; see {@link KafkaTopics#create}. */
  public void createTopics(Collection<TopicSpec> topics) {
    KafkaTopics.create(bootstrapServers(), topics);
  }

  /** Creates the topics that do not exist yet. */
  public void createTopics(TopicSpec... topics) {
    createTopics(List.of(topics));
  }

  /**
   * Shuts the broker down: flushes logs and releases the directory lock. Gives up waiting after
   * 30 s (the broker's threads are then left to die with the process). Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Files.deleteIfExists(dataDir.resolve(ADDRESS_FILE));
    } catch (IOException e) {
      // a stale address file is harmless: runningAt() also checks the directory lock
    }
    ExecutorService stopper = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "millrace-kafka-shutdown");
      t.setDaemon(true);
      return t;
    });
    try {
      stopper.submit(() -> shutdownQuietly(server)).get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // A broker that does not stop in time keeps its threads until the process exits; the caller
      // has nothing better to do with it than to go on.
    } finally {
      stopper.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + bootstrapServers() + ", " + dataDir + "]";
  }

  // lets other processes of the same project (millrace produce) find this broker
  private void advertise() {
    try {
      Files.writeString(dataDir.resolve(ADDRESS_FILE), bootstrapServers() + "\n");
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot write %s: %s", dataDir.resolve(ADDRESS_FILE), e.getMessage());
    }
  }

  private static void shutdownQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException ignored) {
      // shutting down after a failed start-up: the start-up failure is the one to report
    }
  }

  // the port and the lock are checked before start-up; these catch the races that remain
  private static MillraceException startFailure(BrokerConfig config, RuntimeException e) {
    String reason = KafkaTopics.rootMessage(e);
    if (reason.contains("Failed to acquire lock")) {
      return config.inUse(e);
    }
    if (reason.contains("Address already in use")) {
      return new MillraceException(ErrorKind.USER, String.format("Cannot start Kafka broker on "
          + "127.0.0.1:%d: the port is in use (choose another with --port, or 0 for a free one)", config.port()), e);
    }
    return MillraceException.external(e, "Cannot start Kafka broker in %s: %s", config.logDir().getParent(), reason);
  }
}
