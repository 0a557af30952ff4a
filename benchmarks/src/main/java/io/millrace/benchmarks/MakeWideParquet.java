package io.millrace.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Writes the validation benchmark's input: N rows x 10 columns (ids, integers, doubles, strings,
 * a date) as Parquet, deterministic.
 *
 * <p>usage: MakeWideParquet ROWS OUT.parquet
 */
public final class MakeWideParquet {
  private MakeWideParquet() {}

  public static void main(String[] args) throws Exception {
    long rows = Long.parseLong(args[0]);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement s = c.createStatement()) {
      s.execute("COPY (SELECT "
          + "i AS id, "
          + "CAST(hash(i, 1) % 100000 AS INTEGER) AS user_id, "
          + "CAST(hash(i, 2) % 1000 AS INTEGER) AS page_views, "
          + "CAST(hash(i, 3) % 7200 AS INTEGER) AS session_duration, "
          + "round((hash(i, 4) % 100000) / 100.0, 2)::DOUBLE AS price, "
          + "((hash(i, 5) % 50) / 10.0)::DOUBLE AS rating, "
          + "['electronics','clothing','books','home','sports'][1 + (hash(i, 6) % 5)::INTEGER] AS category, "
          + "'user' || (hash(i, 7) % 100000)::VARCHAR || '@example.com' AS email, "
          + "DATE '2024-01-01' + CAST(hash(i, 8) % 700 AS INTEGER) AS day, "
          + "CASE WHEN hash(i, 9) % 100 = 0 THEN NULL ELSE 'US-' || (hash(i, 9) % 50)::VARCHAR END AS region "
          + "FROM range(" + rows + ") t(i)) TO '" + args[1] + "' (FORMAT parquet)");
    }
  }
}
