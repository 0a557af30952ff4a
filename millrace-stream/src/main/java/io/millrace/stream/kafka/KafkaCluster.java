package io.millrace.stream.kafka;

import io.millrace.api.MillraceException;
import io.millrace.stream.kafka.internal.BrokerConfig;
import io.millrace.stream.kafka.internal.ClusterNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * A local Kafka cluster of several KRaft nodes on 127.0.0.1, each in its own child process (a JVM
 * running {@link ClusterNode} from this process's class path), for trying stream jobs on a
 * replicated cluster and for failure tests: {@link #kill} ends a node with SIGKILL, as a crashed
 * machine would, without taking its neighbours (or the caller) along.
 *
 * <p>Every node is broker and controller; the controller quorum is all nodes. Topics get min(3,
 * nodes) replicas and {@code min.insync.replicas} 2 from 3 nodes on, internal topics (consumer
 * offsets, transaction state) too, so {@code exactly_once_v2} works and survives one lost node.
 *
 * <p>Storage lives under {@code dir/node-<id>} with a shared cluster id (in {@code dir/cluster.id});
 * a restart on the same directory keeps topics and offsets. Client ports are {@code port},
 * {@code port+1}, ... (or free ones when {@code port} is 0); controller ports are free ones. While the
 * cluster runs, {@code dir/bootstrap.servers} holds its bootstrap address.
 *
 * <p>Child nodes stop cleanly when this object is closed, and on their own when this process dies
 * (their standard input, a pipe from here, closes). Thread-safe.
 */
public final class KafkaCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final String JVM_OPTIONS_ENV = "MILLRACE_KAFKA_NODE_OPTS";

  private final Path dir;
  private final String clusterId;
  private final List<BrokerConfig> configs;
  private final String voters;
  private final Process[] processes;
  private volatile Duration startupTime;
  private volatile java.util.function.BiConsumer<Integer, Integer> exitListener = (id, code) -> { };
  private volatile boolean closed;

  private KafkaCluster(Path dir, String clusterId, List<BrokerConfig> configs, String voters, Duration startupTime) {
    this.dir = dir;
    this.clusterId = clusterId;
    this.configs = configs;
    this.voters = voters;
    this.processes = new Process[configs.size()];
    this.startupTime = startupTime;
  }

  /**
   * Starts {@code nodes} nodes and returns once every one is a registered, unfenced broker.
   *
   * @param port the first client port; 0 picks free ones
   * @throws MillraceException USER for a bad node count, a taken port or a directory formatted for
   *     another number of nodes; EXTERNAL if a node is locked by another process or fails to start
   */
  public static KafkaCluster start(Path dir, int nodes, int port) {
    long t0 = System.nanoTime();
    if (nodes < 1 || nodes > 9) {
      throw MillraceException.user("Cannot start a Kafka cluster of %d brokers: use 1 to 9", nodes);
    }
    if (port < 0 || port + nodes - 1 > 65535) {
      throw MillraceException.user("Cannot start Kafka brokers on ports %d..%d: a port is 0 (any free port) to 65535",
          port, port + nodes - 1);
    }
    Path root = dir.toAbsolutePath().normalize();
    String clusterId = clusterId(root, nodes);
    List<Integer> clientPorts = new ArrayList<>();
    Set<Integer> taken = new HashSet<>();
    for (int i = 0; i < nodes; i++) {
      int p = port == 0 ? freeDistinct(taken) : BrokerConfig.requireFree(port + i);
      taken.add(p);
      clientPorts.add(p);
    }
    List<Integer> controllerPorts = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      int p = freeDistinct(taken);
      taken.add(p);
      controllerPorts.add(p);
    }
    StringBuilder voters = new StringBuilder();
    for (int i = 0; i < nodes; i++) {
      voters.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(controllerPorts.get(i));
    }
    List<BrokerConfig> configs = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      BrokerConfig c = BrokerConfig.forClusterNode(root.resolve("node-" + (i + 1)), i + 1, clientPorts.get(i),
          controllerPorts.get(i), voters.toString(), nodes);
      if (Files.exists(c.logDir()) && c.locked()) {
        throw c.inUse(null);
      }
      configs.add(c);
    }
    KafkaCluster cluster = new KafkaCluster(root, clusterId, configs, voters.toString(), Duration.ZERO);
    try {
      for (int i = 1; i <= nodes; i++) {
        cluster.launch(i);
      }
      cluster.awaitBrokers(nodes, START_TIMEOUT);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    cluster.startupTime = Duration.ofNanos(System.nanoTime() - t0);
    cluster.advertise();
    return cluster;
  }

  /** {@code 127.0.0.1:P1,127.0.0.1:P2,...}, for clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return configs.stream().map(c -> "127.0.0.1:" + c.port()).collect(Collectors.joining(","));
  }

  /** The number of nodes. */
  public int size() {
    return configs.size();
  }

  /** The client port of node {@code id} (1-based). */
  public int port(int id) {
    return configs.get(id - 1).port();
  }

  /** The process id of node {@code id}, or -1 when it is not running. */
  public synchronized long pid(int id) {
    Process p = processes[id - 1];
    return p != null && p.isAlive() ? p.pid() : -1;
  }

  public Path dir() {
    return dir;
  }

  public String clusterId() {
    return clusterId;
  }

  /** How long {@link #start} took (formatting included). */
  public Duration startupTime() {
    return startupTime;
  }

  /**
   * Calls {@code listener} with the node id and exit code when a node's process ends other than by
   * {@link #stop}, {@link #kill} or {@link #close} (it crashed, or someone killed it).
   */
  public void onUnexpectedExit(java.util.function.BiConsumer<Integer, Integer> listener) {
    exitListener = listener;
  }

  /**
   * Ends node {@code id} with SIGKILL and waits until its process is gone: no controlled shutdown,
   * its partitions' leadership moves once the controller misses its heartbeats
   * ({@code broker.session.timeout.ms}, 9 s).
   */
  public synchronized void kill(int id) {
    Process p = processes[id - 1];
    if (p != null) {
      processes[id - 1] = null;
      p.destroyForcibly();
      waitFor(p, STOP_TIMEOUT);
    }
  }

  /** Stops node {@code id} cleanly (a controlled shutdown that hands its leadership over first). */
  public synchronized void stop(int id) {
    Process p = processes[id - 1];
    if (p != null) {
      processes[id - 1] = null;
      stopProcess(p);
    }
  }

  /** Starts node {@code id} again (after {@link #kill} or {@link #stop}) on the same ports and storage. */
  public synchronized void restart(int id) {
    if (processes[id - 1] == null) {
      launch(id);
      awaitBrokers(size(), START_TIMEOUT);
    }
  }

  /** Stops every node cleanly (each gets 30 s, then SIGKILL). Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Files.deleteIfExists(dir.resolve(EmbeddedKafka.ADDRESS_FILE));
    } catch (IOException ignored) {
      // harmless: EmbeddedKafka.runningAt also checks the directory locks
    }
    // closing every node's input at once lets them shut down in parallel
    for (Process p : processes) {
      if (p != null) {
        closeInput(p);
      }
    }
    for (int i = 0; i < processes.length; i++) {
      if (processes[i] != null) {
        stopProcess(processes[i]);
        processes[i] = null;
      }
    }
  }

  @Override
  public String toString() {
    return "KafkaCluster[" + bootstrapServers() + ", " + dir + "]";
  }

  private synchronized void launch(int id) {
    BrokerConfig c = configs.get(id - 1);
    Path nodeDir = c.logDir().getParent();
    try {
      Files.createDirectories(nodeDir);
      Files.deleteIfExists(nodeDir.resolve(ClusterNode.READY_FILE));
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot start Kafka node %d in %s: %s", id, nodeDir, e.getMessage());
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String opts = System.getenv(JVM_OPTIONS_ENV);
    if (opts != null && !opts.isBlank()) {
      cmd.addAll(List.of(opts.trim().split("\\s+")));
    } else {
      cmd.addAll(List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Djava.awt.headless=true"));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ClusterNode.class.getName(), nodeDir.toString(),
        String.valueOf(id), String.valueOf(c.port()), String.valueOf(c.controllerPort()), voters,
        String.valueOf(size()), clusterId));
    try {
      Process p = new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir.resolve("node.log").toFile()))
          .start();
      processes[id - 1] = p;
      p.onExit().thenAccept(done -> {
        boolean expected;
        synchronized (this) {
          expected = closed || processes[id - 1] != done;
        }
        if (!expected) {
          exitListener.accept(id, done.exitValue());
        }
      });
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot start Kafka node %d: %s", id, e.getMessage());
    }
  }

  private void awaitBrokers(int expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Properties p = KafkaTopics.adminProps(bootstrapServers());
    p.put("request.timeout.ms", 2000);
    p.put("default.api.timeout.ms", 3000);
    try (Admin admin = Admin.create(p)) {
      while (true) {
        for (int i = 0; i < processes.length; i++) {
          Process proc = processes[i];
          if (proc != null && !proc.isAlive()) {
            throw MillraceException.external(null, "Cannot start Kafka node %d: it exited with %d (see %s)%s", i + 1,
                proc.exitValue(), configs.get(i).logDir().getParent().resolve("node.log"), logTail(i + 1));
          }
        }
        boolean ready = true;
        for (int i = 0; i < processes.length; i++) {
          if (processes[i] != null && !Files.exists(configs.get(i).logDir().getParent().resolve(ClusterNode.READY_FILE))) {
            ready = false;
          }
        }
        if (ready) {
          try {
            var nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            if (nodes.size() >= expected) {
              return;
            }
          } catch (Exception e) {
            // not all brokers registered yet
          }
        }
        if (System.nanoTime() > deadline) {
          throw MillraceException.external(null, "Cannot start the Kafka cluster in %s: %d brokers not ready after %d s "
              + "(see node-*/node.log)", dir, expected, timeout.toSeconds());
        }
        sleep(200);
      }
    }
  }

  /** Node ids the cluster reports as live brokers now. */
  public List<Integer> liveBrokers() {
    Properties p = KafkaTopics.adminProps(bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().map(Node::id).sorted().toList();
    } catch (Exception e) {
      throw MillraceException.external(e, "Cannot describe the Kafka cluster at %s: %s", bootstrapServers(),
          KafkaTopics.rootMessage(e));
    }
  }

  private String logTail(int id) {
    Path log = configs.get(id - 1).logDir().getParent().resolve("node.log");
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return lines.isEmpty() ? "" : ": " + String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  private void advertise() {
    try {
      Files.writeString(dir.resolve(EmbeddedKafka.ADDRESS_FILE), bootstrapServers() + "\n");
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot write %s: %s", dir.resolve(EmbeddedKafka.ADDRESS_FILE), e.getMessage());
    }
  }

  private static void closeInput(Process p) {
    try {
      OutputStream in = p.getOutputStream();
      in.close();
    } catch (IOException ignored) {
      // already closed: the node is stopping
    }
  }

  private static void stopProcess(Process p) {
    closeInput(p);
    if (!waitFor(p, STOP_TIMEOUT)) {
      p.destroyForcibly();
      waitFor(p, STOP_TIMEOUT);
    }
  }

  private static boolean waitFor(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The cluster id stored in {@code dir}, or a new one; refuses a directory formatted for another node count. */
  private static String clusterId(Path dir, int nodes) {
    Path file = dir.resolve("cluster.id");
    try {
      Files.createDirectories(dir);
      if (Files.exists(file)) {
        String[] parts = Files.readString(file).trim().split("\\s+");
        int formatted = parts.length > 1 ? Integer.parseInt(parts[1]) : nodes;
        if (formatted != nodes) {
          throw MillraceException.user("Cannot start %d Kafka brokers in %s: it holds a cluster of %d (start it with "
              + "--brokers %d, or use another --dir)", nodes, dir, formatted, formatted);
        }
        return parts[0];
      }
      if (Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
        throw MillraceException.user("Cannot start %d Kafka brokers in %s: it holds a single embedded broker (use "
            + "another --dir)", nodes, dir);
      }
      String id = Uuid.randomUuid().toString();
      Files.writeString(file, id + " " + nodes + "\n");
      return id;
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot start a Kafka cluster in %s: %s", dir, e.getMessage());
    }
  }

  private static int freeDistinct(Set<Integer> taken) {
    int p = BrokerConfig.freePort();
    while (taken.contains(p)) {
      p = BrokerConfig.freePort();
    }
    return p;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MillraceException.external(e, "Cannot wait for the Kafka cluster: interrupted");
    }
  }
}
