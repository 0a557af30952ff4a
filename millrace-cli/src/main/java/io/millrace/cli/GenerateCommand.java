package io.millrace.cli;

import io.millrace.duckdb.DataGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", description = "Generate deterministic, realistic sample data.",
    subcommands = {GenerateCommand.Recsys.class, GenerateCommand.Sales.class})
final class GenerateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    new picocli.CommandLine(this).usage(System.out);
    return 2;
  }

  @Command(name = "recsys", description = "user_behavior.csv, product_catalog.csv and transaction_history.csv for the recsys example.")
  static final class Recsys implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
    @Option(names = "--users", defaultValue = "1000", description = "default: ${DEFAULT-VALUE}") int users;
    @Option(names = "--products", defaultValue = "200", description = "default: ${DEFAULT-VALUE}") int products;
    @Option(names = "--transactions", defaultValue = "20000", description = "default: ${DEFAULT-VALUE}") int transactions;
    @Option(names = "--seed", defaultValue = "7", description = "default: ${DEFAULT-VALUE}") long seed;
    @Option(names = "--defects", description = "Inject realistic defects (nulls, duplicates, out-of-range values, malformed lines).") boolean defects;

    @Override
    public Integer call() {
      long t = System.nanoTime();
      var files = DataGenerator.recsys(out, users, products, transactions, seed, defects);
      files.forEach(f -> System.out.println(f));
      System.err.printf("generated in %.2f s%n", (System.nanoTime() - t) / 1e9);
      return 0;
    }
  }

  @Command(name = "sales", description = "A sales CSV: date, product_id, quantity, price, customer_id.")
  static final class Sales implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE.csv") Path out;
    @Option(names = "--rows", defaultValue = "1000000", description = "default: ${DEFAULT-VALUE}") long rows;
    @Option(names = "--seed", defaultValue = "42", description = "default: ${DEFAULT-VALUE}") long seed;
    @Option(names = "--defects", description = "Inject realistic defects (nulls, duplicates, negative prices, zero quantities, malformed lines).") boolean defects;

    @Override
    public Integer call() {
      long t = System.nanoTime();
      long n = DataGenerator.sales(out, rows, seed, defects);
      System.out.printf("%s: %d rows%n", out, n);
      System.err.printf("generated in %.2f s%n", (System.nanoTime() - t) / 1e9);
      return 0;
    }
  }
}
