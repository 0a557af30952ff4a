package io.millrace.duckdb;

import io.millrace.api.MillraceException;
import io.millrace.api.project.GenerateSpec;
import io.millrace.duckdb.internal.Errors;
import io.millrace.duckdb.internal.FraudSql;
import io.millrace.duckdb.internal.GeneratorSql;
import io.millrace.duckdb.internal.Sql;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sample data for the examples and benchmarks, generated with DuckDB SQL ({@code range()} plus
 * seeded hashes, written with {@code COPY}), so a million rows take a few seconds. Output is
 * deterministic: the same arguments give the same bytes.
 *
 * <p>With {@code defects}, realistic defects are injected at small rates: null cells, exact duplicate
 * rows, negative prices or amounts, zero quantities, out-of-range values, and malformed lines
 * (a non-numeric value, too few fields). Every file is written beside its target and moved into
 * place when complete, so an interrupted generation leaves no partial file under the real name.
 * Stateless and thread-safe.
 */
public final class DataGenerator {
  private DataGenerator() {}

  /**
   * Generates what {@code spec} names: {@code recsys} (options users, products, transactions) into
   * the folder {@code spec.out()}, {@code sales} (option rows) into the file {@code spec.out()}, both
   * taking {@code seed} and {@code defects}, or {@code fraud} (options cards, transactions, days,
   * seed) into the folder {@code spec.out()}.
   *
   * @throws MillraceException USER for an unknown dataset or a non-numeric option
   */
  public static void generate(GenerateSpec spec) {
    Map<String, String> o = spec.options();
    long seed = number(o, "seed", 42);
    boolean defects = Boolean.parseBoolean(o.getOrDefault("defects", "false").trim());
    switch (spec.dataset().toLowerCase(Locale.ROOT)) {
      case "recsys":
        recsys(spec.out(), (int) number(o, "users", 1000), (int) number(o, "products", 200),
            (int) number(o, "transactions", 20000), seed, defects);
        break;
      case "sales":
        sales(spec.out(), number(o, "rows", 100_000), seed, defects);
        break;
      case "fraud":
        fraud(spec.out(), (int) number(o, "cards", 20_000), (int) number(o, "transactions", 500_000),
            (int) number(o, "days", 60), seed);
        break;
      default:
        throw MillraceException.user("Cannot generate dataset '%s': expected recsys, sales or fraud",
            spec.dataset());
    }
  }

  /**
   * Writes {@code user_behavior.csv}, {@code product_catalog.csv} and {@code transaction_history.csv}
   * into {@code outDir} (created when absent): 3 to 10 behaviour rows per user over 30 days of 2025,
   * unique per (user_id, timestamp), with about 3% of page_views and session_duration missing.
   *
   * @return the three files
   */
  public static List<Path> recsys(Path outDir, int users, int products, int transactions, long seed,
                                  boolean defects) {
    positive("users", users);
    positive("products", products);
    positive("transactions", transactions);
    Path behavior = outDir.resolve("user_behavior.csv");
    Path catalog = outDir.resolve("product_catalog.csv");
    Path history = outDir.resolve("transaction_history.csv");
    createFolder(outDir);
    GeneratorSql g = new GeneratorSql(seed, defects);
    String what = "recsys data in " + outDir;
    write(behavior, what, (s, tmp) -> s.execute(copy(g.userBehavior(users), tmp)));
    write(catalog, what, (s, tmp) -> s.execute(copy(g.productCatalog(products), tmp)));
    write(history, what, (s, tmp) -> {
      s.execute(copy(g.transactionHistory(transactions, users), tmp));
      if (defects) {
        appendLines(tmp, GeneratorSql.malformedTransactions(transactions));
      }
    });
    return List.of(behavior, catalog, history);
  }

  /**
   * Writes {@code cards.csv} (card_id, home_city, home_lat, home_lon) and {@code card_transactions.csv}
   * (transaction_id, card_id, ts, amount, merchant_id, merchant_lat, merchant_lon, channel, is_fraud)
   * into {@code outDir}: about {@code transactions} legitimate transactions over {@code days} days from
   * 2025-01-01, plus labelled fraud (velocity bursts on 1.5% of the cards, amounts far above the card's
   * typical amount, merchants far from home; about 0.5% of the rows). See {@link FraudSql}.
   *
   * @return the two files
   */
  public static List<Path> fraud(Path outDir, int cards, int transactions, int days, long seed) {
    positive("cards", cards);
    positive("transactions", transactions);
    positive("days", days);
    if (days < 2) {
      throw MillraceException.user("Cannot generate data: days must be at least 2, got %d", days);
    }
    Path cardFile = outDir.resolve("cards.csv");
    Path txFile = outDir.resolve("card_transactions.csv");
    createFolder(outDir);
    FraudSql g = new FraudSql(seed);
    String what = "fraud data in " + outDir;
    write(cardFile, what, (s, tmp) -> s.execute(copy(g.cards(cards), tmp)));
    write(txFile, what, (s, tmp) -> s.execute(copy(g.transactions(cards, transactions, days), tmp)));
    return List.of(cardFile, txFile);
  }

  /**
   * Writes a sales CSV ({@code date, product_id, quantity, price, customer_id}) of {@code rows} data
   * lines: dates over 2024–2025, 1000 products with one price each (1.00–500.00), 10000 customers,
   * quantity 1–10.
   *
   * @return data lines written (header excluded)
   */
  public static long sales(Path file, long rows, long seed, boolean defects) {
    positive("rows", rows);
    createFolder(file.toAbsolutePath().getParent());
    // Lines are built as text so malformed ones can be interleaved; a tab delimiter and no quote
    // character make COPY write each line as is.
    write(file, "sales data in " + file, (s, tmp) -> s.execute("COPY ("
        + new GeneratorSql(seed, defects).salesLines(rows) + ") TO " + Sql.literal(tmp)
        + " (FORMAT csv, HEADER true, DELIMITER '\t', QUOTE '')"));
    return rows;
  }

  /**
   * Writes {@code target} through {@code .<name>.partial} beside it, moved into place only once
   * complete: a generation killed half-way never leaves a partial file under the real name that a
   * later run would take for the source (the next generation overwrites the leftover).
   */
  static void write(Path target, String what, TempWriter writer) {
    Path tmp = partial(target);
    try (Connection c = connect(); Statement s = c.createStatement()) {
      writer.write(s, tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (SQLException | IOException e) {
      deleteQuietly(tmp);
      throw MillraceException.external(e, "Cannot generate %s: %s", what, Errors.message(e));
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  /** Where {@code target} is written before it is complete. */
  static Path partial(Path target) {
    return target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".partial");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // the leftover is overwritten by the next generation
    }
  }

  /** Writes a file's content to a temporary path with a statement on a fresh connection. */
  @FunctionalInterface
  interface TempWriter {
    void write(Statement s, Path tmp) throws SQLException, IOException;
  }

  private static String copy(String query, Path file) {
    return "COPY (" + query + ") TO " + Sql.literal(file) + " (FORMAT csv, HEADER true)";
  }

  private static Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = c.createStatement()) {
      s.execute("SET autoinstall_known_extensions = false");
      s.execute("SET autoload_known_extensions = false");
    }
    return c;
  }

  private static void appendLines(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  private static void createFolder(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot create folder %s: %s", dir, Errors.message(e));
    }
  }

  private static long number(Map<String, String> options, String name, long fallback) {
    String v = options.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw MillraceException.user("Cannot generate data: option %s='%s' is not a whole number", name, v);
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw MillraceException.user("Cannot generate data: %s must be positive, got %d", name, value);
    }
  }
}
