package io.millrace.stream.kafka.internal;

import io.millrace.api.MillraceException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * The configuration of a KRaft node on 127.0.0.1 and the formatting of its storage: the single node
 * of the embedded broker, or one node of a local cluster ({@link #forClusterNode}).
 *
 * <p>Design notes. The node is broker and controller at once, with a static one-voter quorum
 * ({@code controller.quorum.voters}); the voter's address is not stored in the metadata log with a
 * static quorum, so the controller (and client) ports may differ between restarts on the same
 * directory. Internal topics are created with few partitions because a single broker on a small
 * machine gains nothing from 50 and their creation is on the path of the first consumer group.
 * Thread pools are small: this broker shares its process with the stream job.
 *
 * <p>A cluster node is broker and controller too; every node is a voter of the controller quorum,
 * so a cluster of 3 keeps working (metadata and partition leadership) with one node down. Its
 * replication defaults make topics survive a lost node: {@code default.replication.factor} and the
 * internal topics' replication min(3, nodes), {@code min.insync.replicas} 2 from 3 nodes on.
 */
public final class BrokerConfig {
  static final int NODE_ID = 1;
  private static final String HOST = "127.0.0.1";

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final int nodeId;
  private final String voters;
  private final int nodes;

  private BrokerConfig(Path dir, int port, int controllerPort) {
    this(dir, port, controllerPort, NODE_ID, NODE_ID + "@" + HOST + ":" + controllerPort, 1);
  }

  private BrokerConfig(Path dir, int port, int controllerPort, int nodeId, String voters, int nodes) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.nodeId = nodeId;
    this.voters = voters;
    this.nodes = nodes;
  }

  /**
   * Node {@code nodeId} of a local cluster of {@code nodes} nodes.
   *
   * @param voters {@code controller.quorum.voters}: {@code id@127.0.0.1:controllerPort} of every node
   */
  public static BrokerConfig forClusterNode(Path dir, int nodeId, int port, int controllerPort, String voters,
                                            int nodes) {
    return new BrokerConfig(dir, port, controllerPort, nodeId, voters, nodes);
  }

  /** The replication factor of topics and internal topics on a cluster of {@code nodes}. */
  public static int replicationFor(int nodes) {
    return Math.min(3, nodes);
  }

  /** {@code min.insync.replicas} on a cluster of {@code nodes}: a write needs 2 replicas from 3 nodes on. */
  public static int minInsyncFor(int nodes) {
    return nodes >= 3 ? 2 : 1;
  }

  /** A configuration for a broker on {@code dir}; port 0 picks free client and controller ports. */
  public static BrokerConfig forDirectory(Path dir, int port) {
    if (port < 0 || port > 65535) {
      throw MillraceException.user("Cannot start Kafka broker on port %d: a port is 0 (any free port) to 65535", port);
    }
    int client = port == 0 ? freePort() : requireFree(port);
    int controller = freePort();
    while (controller == client) {
      controller = freePort();
    }
    return new BrokerConfig(dir, client, controller);
  }

  /** The configuration of an existing directory, to probe its lock. */
  public static BrokerConfig forExisting(Path dir) {
    return new BrokerConfig(dir, 0, 0);
  }

  /**
   * Whether a broker (in this process or another) holds the directory's lock. Kafka takes the lock
   * ({@code logs/.lock}) when it starts; this probe releases it at once.
   */
  public boolean locked() {
    Path lock = logDir().resolve(".lock");
    if (!Files.exists(lock)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE)) {
      FileLock held = ch.tryLock();
      if (held == null) {
        return true;
      }
      held.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot start Kafka broker in %s: cannot open %s: %s", dir, lock, e.getMessage());
    }
  }

  public int port() {
    return port;
  }

  public Path logDir() {
    return dir.resolve("logs");
  }

  /** The broker's configuration, as {@code server.properties} keys. */
  public Map<String, String> properties() {
    Map<String, String> p = new TreeMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(nodeId));
    p.put("controller.quorum.voters", voters);
    p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir().toString());
    p.put("metadata.log.dir", logDir().toString());
    // one broker: every replication factor and min ISR is 1; a cluster: see the class comment
    String rf = String.valueOf(replicationFor(nodes));
    String minIsr = String.valueOf(minInsyncFor(nodes));
    p.put("default.replication.factor", rf);
    p.put("min.insync.replicas", minIsr);
    p.put("offsets.topic.replication.factor", rf);
    p.put("offsets.topic.num.partitions", "5");
    // exactly_once_v2 needs the transaction state log, which by default wants 3 replicas
    p.put("transaction.state.log.replication.factor", rf);
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", rf);
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    p.put("num.partitions", "1");
    // consumers and stream threads join their group at once instead of waiting 3 s for others
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("background.threads", "4");
    // the log cleaner (compacted changelog and offsets topics) reserves this much heap up front
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
    return p;
  }

  /** Formats the storage directory unless it already holds a formatted broker. */
  public void formatIfNeeded() {
    formatIfNeeded(Uuid.randomUuid().toString());
  }

  /** Formats the storage directory for cluster {@code clusterId} unless it already holds a formatted broker. */
  public void formatIfNeeded(String clusterId) {
    if (Files.exists(logDir().resolve("meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(logDir());
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setClusterId(clusterId)
          .setNodeId(nodeId)
          .setDirectories(List.of(logDir().toString()))
          .setMetadataLogDirectory(logDir().toString())
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setControllerListenerName("CONTROLLER")
          .setIgnoreFormatted(true)
          .run();
    } catch (Exception e) {
      throw MillraceException.external(e, "Cannot format Kafka storage in %s: %s", logDir(), e.getMessage());
    }
  }

  /** Fails fast, before the broker spends seconds starting, when another broker holds the directory. */
  public void requireUnlocked() {
    if (locked()) {
      throw inUse(null);
    }
  }

  /** The error for a directory that another broker (in this process or another) is using. */
  public MillraceException inUse(Throwable cause) {
    return MillraceException.external(cause, "Cannot start Kafka broker in %s: the directory is in use by another "
        + "broker (another 'millrace kafka start' or 'millrace stream' on this project?)", dir);
  }

  public int controllerPort() {
    return controllerPort;
  }

  public int nodeId() {
    return nodeId;
  }

  /** {@code port} if it is free on 127.0.0.1. @throws MillraceException USER when it is taken */
  public static int requireFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
      return port;
    } catch (IOException e) {
      throw MillraceException.user("Cannot start Kafka broker on %s:%d: the port is in use (choose another with "
          + "--port, or 0 for a free one)", HOST, port);
    }
  }

  /** A free port on 127.0.0.1. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot find a free port on %s: %s", HOST, e.getMessage());
    }
  }
}
