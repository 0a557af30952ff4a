package io.millrace.cli;

import io.millrace.cli.internal.Console;
import io.millrace.api.MillraceException;
import io.millrace.stream.kafka.EmbeddedKafka;
import io.millrace.stream.kafka.KafkaCluster;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kafka", description = "Run a Kafka broker from Millrace's own jars.",
    subcommands = {KafkaCommand.Start.class, CommandLine.HelpCommand.class})
final class KafkaCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 2;
  }

  @Command(name = "start", mixinStandardHelpOptions = true, description = {
      "Start a standalone Kafka broker (KRaft, broker and controller in one node, 127.0.0.1 only) that "
          + "several processes can share; runs until Ctrl-C.",
      "Prints its bootstrap address; pass it as --bootstrap-servers or bootstrap_servers. Data (topics, "
          + "records, consumer offsets) stays in --dir across restarts.",
      "With --brokers N (2 to 9) it starts a local cluster of N KRaft nodes instead, each broker and controller, "
          + "each in its own child process (so 'kill -9 PID' of one is a realistic broker failure), on client ports "
          + "--port, --port+1, ...; topics get min(3, N) replicas and min.insync.replicas 2 from 3 brokers on.",
      "  millrace kafka start --port 9092",
      "  millrace kafka start --dir examples/recsys/.millrace/kafka   # the project's embedded broker data, "
          + "found by 'millrace produce'",
      "  millrace kafka start --brokers 3            # 127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094"})
  static final class Start implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N", defaultValue = "9092",
        description = "Client port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dir", paramLabel = "D",
        description = "Storage directory, formatted on first use (default: .millrace/kafka, or "
            + ".millrace/kafka-cluster with --brokers above 1).")
    Path dir;

    @Option(names = "--brokers", paramLabel = "N", defaultValue = "1",
        description = "Number of brokers: 1 runs in this process, 2 to 9 a local cluster of child processes "
            + "(default: ${DEFAULT-VALUE}).")
    int brokers;

    @Override
    public Integer call() {
      if (brokers < 1 || brokers > 9) {
        throw MillraceException.user("Cannot start %d Kafka brokers: --brokers is 1 to 9", brokers);
      }
      if (brokers > 1) {
        return cluster(dir == null ? Path.of(".millrace/kafka-cluster") : dir);
      }
      if (dir == null) {
        dir = Path.of(".millrace/kafka");
      }
      EmbeddedKafka kafka = EmbeddedKafka.start(dir, port);
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        kafka.close();
        stopped.countDown();
      }, "millrace-kafka-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      Console.out(kafka.bootstrapServers());
      Console.err(String.format(Locale.ROOT, "Kafka broker ready at %s in %.1f s (data in %s); Ctrl-C stops it",
          kafka.bootstrapServers(), kafka.startupTime().toMillis() / 1000.0, kafka.dataDir()));
      try {
        stopped.await();
      } catch (InterruptedException e) {
        // stopped from within the process (tests, embedding): shut down here rather than at exit
        Runtime.getRuntime().removeShutdownHook(hook);
        kafka.close();
        Console.err("Kafka broker stopped");
      }
      return 0;
    }

    private Integer cluster(Path where) {
      KafkaCluster cluster = KafkaCluster.start(where, brokers, port);
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        cluster.close();
        stopped.countDown();
      }, "millrace-kafka-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      cluster.onUnexpectedExit((id, code) -> Console.err(String.format(Locale.ROOT, "Kafka broker %d exited (code %d); "
          + "the others go on: its partitions get new leaders once the controller misses its heartbeats (about 9 s)",
          id, code)));
      Console.out(cluster.bootstrapServers());
      StringBuilder nodes = new StringBuilder();
      for (int id = 1; id <= cluster.size(); id++) {
        nodes.append(String.format(Locale.ROOT, "%n  broker %d: 127.0.0.1:%d, pid %d", id, cluster.port(id), cluster.pid(id)));
      }
      Console.err(String.format(Locale.ROOT, "Kafka cluster of %d brokers ready at %s in %.1f s (data in %s; "
              + "replication factor %d, min.insync.replicas %d by default); Ctrl-C stops it%s",
          cluster.size(), cluster.bootstrapServers(), cluster.startupTime().toMillis() / 1000.0, cluster.dir(),
          Math.min(3, brokers), brokers >= 3 ? 2 : 1, nodes));
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Runtime.getRuntime().removeShutdownHook(hook);
        cluster.close();
        Console.err("Kafka cluster stopped");
      }
      return 0;
    }
  }
}
