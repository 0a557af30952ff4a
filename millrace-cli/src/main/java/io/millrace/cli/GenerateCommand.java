package io.millrace.cli;

import io.millrace.api.MillraceException;
import io.millrace.duckdb.DataGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", description = "Generate deterministic, realistic sample data.",
    subcommands = {GenerateCommand.Recsys.class, GenerateCommand.Sales.class, GenerateCommand.Fraud.class})
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
    @Option(names = "--allow-large", description = "Allow more than 20000000 transactions.") boolean allowLarge;

    @Override
    public Integer call() {
      checkSize("transactions", Math.max(transactions, users * 10L), allowLarge, out);
      long t = System.nanoTime();
      var files = DataGenerator.recsys(out, users, products, transactions, seed, defects);
      files.forEach(f -> System.out.println(f));
      System.err.printf("generated in %.2f s%n", (System.nanoTime() - t) / 1e9);
      return 0;
    }
  }

  /** Rows (or transactions) above which generation needs --allow-large: about 0.6 GB of CSV. */
  static final long MAX_ROWS = 20_000_000L;
  /** Bytes per generated sales line, rounded up, for the disk-space check. */
  private static final long BYTES_PER_ROW = 32;

  /** Refuses sizes above the cap unless allowed, and any size the target's disk cannot hold. */
  static void checkSize(String what, long rows, boolean allowLarge, Path out) {
    if (rows > MAX_ROWS && !allowLarge) {
      throw MillraceException.user("Cannot generate %d %s: more than the limit of %d (about %.1f GB of "
          + "CSV); pass --allow-large to generate it anyway", rows, what, MAX_ROWS, MAX_ROWS * BYTES_PER_ROW / 1e9);
    }
    try {
      Path dir = out.toAbsolutePath();
      while (dir != null && !Files.exists(dir)) {
        dir = dir.getParent();
      }
      long free = dir == null ? Long.MAX_VALUE : Files.getFileStore(dir).getUsableSpace();
      if (rows * BYTES_PER_ROW > free) {
        throw MillraceException.user("Cannot generate %d %s into %s: about %.1f GB needed, %.1f GB free",
            rows, what, out, rows * BYTES_PER_ROW / 1e9, free / 1e9);
      }
    } catch (IOException e) {
      // no space figure: generation itself reports a full disk
    }
  }

  @Command(name = "sales", description = "A sales CSV: date, product_id, quantity, price, customer_id. "
      + "At most 20000000 rows (about 0.6 GB) unless --allow-large.")
  static final class Sales implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE.csv") Path out;
    @Option(names = "--rows", defaultValue = "1000000", description = "default: ${DEFAULT-VALUE}") long rows;
    @Option(names = "--allow-large", description = "Allow more than 20000000 rows (disk space is still checked).") boolean allowLarge;
    @Option(names = "--seed", defaultValue = "42", description = "default: ${DEFAULT-VALUE}") long seed;
    @Option(names = "--defects", description = "Inject realistic defects (nulls, duplicates, negative prices, zero quantities, malformed lines).") boolean defects;

    @Override
    public Integer call() {
      checkSize("rows", rows, allowLarge, out);
      long t = System.nanoTime();
      long n = DataGenerator.sales(out, rows, seed, defects);
      System.out.printf("%s: %d rows%n", out, n);
      System.err.printf("generated in %.2f s%n", (System.nanoTime() - t) / 1e9);
      return 0;
    }
  }

  @Command(name = "fraud", description = "cards.csv and card_transactions.csv (labelled fraud: velocity bursts, "
      + "amounts far above the card's typical amount, far-away merchants) for the fraud example.")
  static final class Fraud implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
    @Option(names = "--cards", defaultValue = "20000", description = "default: ${DEFAULT-VALUE}") int cards;
    @Option(names = "--transactions", defaultValue = "500000", description = "Legitimate transactions (fraud comes on top, about 0.5%); default: ${DEFAULT-VALUE}") int transactions;
    @Option(names = "--days", defaultValue = "60", description = "default: ${DEFAULT-VALUE}") int days;
    @Option(names = "--seed", defaultValue = "11", description = "default: ${DEFAULT-VALUE}") long seed;
    @Option(names = "--allow-large", description = "Allow more than 20000000 transactions.") boolean allowLarge;

    @Override
    public Integer call() {
      checkSize("transactions", transactions, allowLarge, out);
      long t = System.nanoTime();
      var files = DataGenerator.fraud(out, cards, transactions, days, seed);
      files.forEach(f -> System.out.println(f));
      System.err.printf("generated in %.2f s%n", (System.nanoTime() - t) / 1e9);
      return 0;
    }
  }
}
