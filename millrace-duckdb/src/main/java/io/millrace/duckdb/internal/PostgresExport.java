package io.millrace.duckdb.internal;

import io.millrace.api.Column;
import io.millrace.api.ErrorKind;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.Secrets;
import io.millrace.api.TableSchema;
import io.millrace.api.project.ExportSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Copies a query result into a PostgreSQL table in one transaction: DuckDB writes a CSV spool file
 * (COPY is its fastest path, and the spool keeps memory flat), PostgreSQL reads it with
 * {@code COPY ... FROM STDIN (FORMAT csv)}. DuckDB writes NULL as an empty field and an empty string
 * as {@code ""}, which is exactly how PostgreSQL's CSV format tells them apart.
 * REPLACE drops and recreates the table; APPEND creates it when missing.
 */
final class PostgresExport {
  private final SqlExecutor sql;
  private final Describer describer;

  PostgresExport(SqlExecutor sql, Describer describer) {
    this.sql = sql;
    this.describer = describer;
  }

  long export(ExportSpec export, String query, String tag) {
    TableSchema schema = describer.schema(query);
    String what = "export table '" + export.table() + "' to " + String.valueOf(Secrets.mask(export.target()))
        + " table '" + export.targetTable() + "'";
    Path spool = spoolFile();
    try {
      sql.execute("COPY (SELECT " + csvColumns(schema) + " FROM " + Sql.subquery(query) + ") TO "
          + Sql.literal(spool) + " (FORMAT csv, HEADER false)", what);
      return load(export, schema, spool, what, tag);
    } finally {
      try {
        Files.deleteIfExists(spool);
      } catch (IOException e) {
        // Leaving a temp file behind is harmless; the export itself succeeded or already threw.
      }
    }
  }

  private static long load(ExportSpec export, TableSchema schema, Path spool, String what, String tag) {
    String table = qualified(export.targetTable());
    String columns = schema.columns().stream().map(c -> Sql.ident(c.name()))
        .collect(Collectors.joining(", "));
    try (Connection db = DriverManager.getConnection(export.target())) {
      db.setAutoCommit(false);
      try (Statement s = db.createStatement(); Reader in = Files.newBufferedReader(spool,
          StandardCharsets.UTF_8)) {
        if (export.mode() == ExportSpec.Mode.REPLACE) {
          s.execute("DROP TABLE IF EXISTS " + table);
        }
        s.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + ddl(schema) + ")");
        if (tag != null && export.mode() == ExportSpec.Mode.APPEND) {
          // the interval's earlier rows go in the same transaction as its new ones
          String column = Sql.ident(ExportSpec.INTERVAL_COLUMN);
          s.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + column + " text");
          try (var del = db.prepareStatement("DELETE FROM " + table + " WHERE " + column + " = ?")) {
            del.setString(1, tag);
            del.executeUpdate();
          }
        }
        long rows = new CopyManager(db.unwrap(BaseConnection.class))
            .copyIn("COPY " + table + " (" + columns + ") FROM STDIN (FORMAT csv)", in);
        db.commit();
        return rows;
      } catch (SQLException | IOException | RuntimeException e) {
        db.rollback();
        throw e;
      }
    } catch (SQLException | IOException e) {
      throw new MillraceException(ErrorKind.EXTERNAL, "Cannot " + what + ": " + Errors.message(e), e);
    }
  }

  /**
   * The columns as PostgreSQL's CSV input reads them: a BLOB becomes bytea's hex form
   * ({@code \x00ff...}); DuckDB's own text form of a BLOB escapes only some bytes and would not
   * round-trip.
   */
  private static String csvColumns(TableSchema schema) {
    return schema.columns().stream().map(c -> c.type() == LogicalType.BLOB
            ? "'\\x' || hex(" + Sql.ident(c.name()) + ") AS " + Sql.ident(c.name()) : Sql.ident(c.name()))
        .collect(Collectors.joining(", "));
  }

  /**
   * A spool file DuckDB may write: in its temporary folder when the engine's file access is
   * restricted to the project (that folder is inside it), else in the system's.
   */
  private Path spoolFile() {
    try {
      Object external = sql.query("SELECT current_setting('enable_external_access')", "read settings").scalar();
      if (Boolean.FALSE.equals(external) || "false".equals(String.valueOf(external))) {
        Path dir = Path.of(String.valueOf(sql.query("SELECT current_setting('temp_directory')",
            "read settings").scalar()));
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "millrace-pg-export-", ".csv");
      }
      return Files.createTempFile("millrace-pg-export-", ".csv");
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot create a spool file for a PostgreSQL export: %s",
          Errors.message(e));
    }
  }

  /** {@code schema.table} quoted part by part. */
  static String qualified(String name) {
    return Arrays.stream(name.split("\\.")).map(Sql::ident).collect(Collectors.joining("."));
  }

  private static String ddl(TableSchema schema) {
    return schema.columns().stream().map(c -> Sql.ident(c.name()) + " " + pgType(c))
        .collect(Collectors.joining(", "));
  }

  static String pgType(Column c) {
    switch (c.type()) {
      case INTEGER: return "integer";
      case BIGINT: return "bigint";
      case DOUBLE: return "double precision";
      case DECIMAL: return "numeric(" + c.precision() + "," + c.scale() + ")";
      case BOOLEAN: return "boolean";
      case DATE: return "date";
      case TIMESTAMP: return "timestamp";
      case TIMESTAMPTZ: return "timestamptz";
      case TIME: return "time";
      case BLOB: return "bytea";
      default: return "text";
    }
  }
}
