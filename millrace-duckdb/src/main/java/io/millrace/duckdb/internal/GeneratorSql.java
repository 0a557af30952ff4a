package io.millrace.duckdb.internal;

import java.util.List;

/**
 * The SQL behind {@link io.millrace.duckdb.DataGenerator}. Randomness is {@code hash(key, seed, tag)}:
 * deterministic per (row, seed, purpose), independent across purposes, and parallel-safe. Defect
 * choices hash the row's content key, so an exact duplicate carries the same defects as its original.
 */
public final class GeneratorSql {
  /** Thirty days in seconds: the span of behaviour and transaction timestamps. */
  private static final long SPAN = 30L * 86_400;
  private static final String START = "TIMESTAMP '2025-01-01 00:00:00'";

  private final long seed;
  private final HashRandom rnd;
  private final boolean defects;

  public GeneratorSql(long seed, boolean defects) {
    this.seed = seed;
    this.rnd = new HashRandom(seed);
    this.defects = defects;
  }





  private String defect(String condition) {
    return defects ? condition : "false";
  }

  public String userBehavior(int users) {
    String key = "user_id, j";
    return "WITH u AS (SELECT u AS user_id, 3 + " + rnd.bucket("u", "k", 8) + " AS k FROM range(1, "
        + (users + 1L) + ") t(u)), "
        + "e AS (SELECT user_id, j, " + SPAN + " // k AS slot FROM u, range(10) r(j) WHERE j < k), "
        + "v AS (SELECT user_id, " + START + " + to_seconds(j * slot + " + rnd.bucket(key, "offset", "slot")
        + ") AS ts, CAST(floor(1000 * pow(" + rnd.uniform(key, "views") + ", 3)) AS INTEGER) AS pv, "
        + "CAST(floor(7200 * pow(" + rnd.uniform(key, "duration") + ", 2)) AS INTEGER) AS sd, "
        + rnd.bucket(key, "miss_views", 100) + " AS m1, " + rnd.bucket(key, "miss_duration", 100) + " AS m2, "
        + rnd.bucket(key, "defect", 1000) + " AS dr FROM e), "
        + "rows AS (SELECT user_id, CASE WHEN m1 < 3 THEN NULL WHEN " + defect("dr BETWEEN 5 AND 7")
        + " THEN 5000 ELSE pv END AS page_views, CASE WHEN m2 < 3 THEN NULL WHEN "
        + defect("dr BETWEEN 8 AND 10") + " THEN -30 ELSE sd END AS session_duration, ts AS \"timestamp\", "
        + "dr FROM v) "
        + "SELECT user_id, page_views, session_duration, \"timestamp\" FROM ("
        + "SELECT * FROM rows UNION ALL SELECT * FROM rows WHERE " + defect("dr < 5") + ") "
        + "ORDER BY user_id, \"timestamp\"";
  }

  public String productCatalog(int products) {
    String price = "CASE WHEN " + rnd.bucket("p", "premium", 100) + " < 3 THEN 1000 + 9000 * "
        + rnd.uniform("p", "premium_price") + " ELSE least(1000, greatest(1, exp(3.4 + " + rnd.normal("p", "price")
        + "))) END";
    return "WITH v AS (SELECT p AS product_id, "
        + "['electronics', 'clothing', 'books', 'home', 'sports'][1 + " + rnd.bucket("p", "category", 5)
        + "] AS category, " + price + " AS price, round(5 * sqrt(" + rnd.uniform("p", "rating") + "), 1) "
        + "AS rating, " + rnd.bucket("p", "defect", 100) + " AS dr FROM range(1, " + (products + 1L) + ") t(p)), "
        + "rows AS (SELECT product_id, category, CAST(CASE WHEN " + defect("dr < 2")
        + " THEN -price ELSE price END AS DECIMAL(10, 2)) AS price, CAST(CASE WHEN "
        + defect("dr BETWEEN 2 AND 3") + " THEN NULL ELSE rating END AS DECIMAL(2, 1)) AS rating, dr FROM v) "
        + "SELECT product_id, category, price, rating FROM (SELECT * FROM rows UNION ALL "
        + "SELECT * FROM rows WHERE " + defect("dr = 4") + ") ORDER BY product_id";
  }

  public String transactionHistory(int transactions, int users) {
    return "WITH v AS (SELECT i, " + START + " + to_seconds(" + rnd.bucket("i", "ts", SPAN) + ") AS ts, "
        + "1 + " + rnd.bucket("i", "user", users) + " AS user_id, exp(3.0 + 0.9 * " + rnd.normal("i", "amount")
        + ") AS amount, " + rnd.bucket("i", "defect", 1000) + " AS dr FROM range(" + transactions + ") t(i)), "
        + "rows AS (SELECT row_number() OVER (ORDER BY ts, i) AS transaction_id, user_id, "
        + "CAST(CASE WHEN " + defect("dr < 3") + " THEN -amount WHEN " + defect("dr BETWEEN 3 AND 4")
        + " THEN 0 ELSE greatest(0.01, amount) END AS DECIMAL(12, 2)) AS amount, ts AS \"timestamp\", dr "
        + "FROM v) "
        + "SELECT transaction_id, user_id, amount, \"timestamp\" FROM (SELECT * FROM rows UNION ALL "
        + "SELECT * FROM rows WHERE " + defect("dr BETWEEN 5 AND 7") + ") ORDER BY transaction_id";
  }

  /** Raw lines appended to a defective transaction file: a non-numeric amount, too few fields. */
  public static List<String> malformedTransactions(int transactions) {
    return List.of((transactions + 1L) + ",17,abc,2025-01-15 10:00:00", (transactions + 2L) + ",18");
  }

  /**
   * One text column named like the header, one line per row. Row i copies row i-1 for exact
   * duplicates; malformed lines are chosen by position, value defects by content. No ORDER BY:
   * DuckDB preserves the insertion order of {@code range()} in COPY (preserve_insertion_order is on
   * by default), and sorting a million lines would double the time.
   */
  public String salesLines(long rows) {
    return "WITH base AS (SELECT i, CASE WHEN " + defect("i > 0 AND " + rnd.bucket("i", "duplicate", 500) + " = 0")
        + " THEN i - 1 ELSE i END AS r FROM range(" + rows + ") t(i)), "
        + "v AS (SELECT i, DATE '2024-01-01' + CAST(" + rnd.bucket("r", "date", 731) + " AS INTEGER) AS d, "
        + "1 + " + rnd.bucket("r", "product", 1000) + " AS p, 1 + " + rnd.bucket("r", "quantity", 10) + " AS q, "
        + "1 + " + rnd.bucket("r", "customer", 10000) + " AS cu, "
        + (defects ? rnd.bucket("r", "defect", 1000) : "-1") + " AS dr, "
        + (defects ? rnd.bucket("i", "malformed", 1000) : "-1") + " AS mi FROM base), "
        + "w AS (SELECT *, CAST(1 + " + rnd.bucket("p", "price", 49_900) + " / 100.0 AS DECIMAL(8, 2)) AS price "
        + "FROM v) "
        + "SELECT CAST(d AS VARCHAR) || ',' || p || ',' || CASE WHEN mi = 0 THEN 'abc' WHEN dr = 3 THEN '0' "
        + "ELSE CAST(q AS VARCHAR) END || CASE WHEN mi = 1 THEN '' ELSE ',' || CASE WHEN dr = 0 THEN '' "
        + "WHEN dr = 2 THEN CAST(-price AS VARCHAR) ELSE CAST(price AS VARCHAR) END || ',' || "
        + "CASE WHEN dr = 1 THEN '' ELSE CAST(cu AS VARCHAR) END END "
        + "AS \"date,product_id,quantity,price,customer_id\" FROM w";
  }
}
