package io.millrace.cli;

import io.millrace.cli.internal.Console;
import io.millrace.stream.kafka.EmbeddedKafka;
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
      "  millrace kafka start --port 9092",
      "  millrace kafka start --dir examples/recsys/.millrace/kafka   # the project's embedded broker data, "
          + "found by 'millrace produce'"})
  static final class Start implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N", defaultValue = "9092",
        description = "Client port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dir", paramLabel = "D", defaultValue = ".millrace/kafka",
        description = "Storage directory, formatted on first use (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() {
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
  }
}
