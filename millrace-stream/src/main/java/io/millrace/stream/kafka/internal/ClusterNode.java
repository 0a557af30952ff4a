package io.millrace.stream.kafka.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * The main class of one node of a local cluster, run as a child process by
 * {@link io.millrace.stream.kafka.KafkaCluster}: formats the node's storage if needed, starts the
 * KRaft server, writes {@code ready} in its directory, and shuts down cleanly when its standard input
 * closes (the parent stopped it, or the parent died) or on SIGTERM.
 *
 * <p>Arguments: {@code DIR NODE_ID PORT CONTROLLER_PORT VOTERS NODES CLUSTER_ID}.
 */
public final class ClusterNode {
  /** The file a node writes in its directory once it serves clients. */
  public static final String READY_FILE = "ready";

  private ClusterNode() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 7) {
      System.err.println("usage: ClusterNode DIR NODE_ID PORT CONTROLLER_PORT VOTERS NODES CLUSTER_ID");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    BrokerConfig config = BrokerConfig.forClusterNode(dir, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
        Integer.parseInt(args[3]), args[4], Integer.parseInt(args[5]));
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(READY_FILE));
    config.formatIfNeeded(args[6]);
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config.properties(), false), Time.SYSTEM);
    Thread stop = new Thread(() -> {
      try {
        Files.deleteIfExists(dir.resolve(READY_FILE));
      } catch (IOException ignored) {
        // the parent checks the process, not only the file
      }
      server.shutdown();
      server.awaitShutdown();
    }, "millrace-kafka-node-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      server.startup();
    } catch (RuntimeException e) {
      e.printStackTrace();
      Runtime.getRuntime().halt(1);
    }
    Files.writeString(dir.resolve(READY_FILE), "127.0.0.1:" + config.port() + "\n");
    System.err.println("node " + config.nodeId() + " ready on 127.0.0.1:" + config.port());
    // the parent holds our standard input open while it wants us running
    InputStream in = System.in;
    while (in.read() != -1) {
      // nothing is ever sent; reading only waits for end of input
    }
    System.exit(0);   // runs the shutdown hook: a clean (controlled) shutdown
  }
}
